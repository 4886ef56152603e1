// The coming slots of one account's queue, by day, each with its post or free. A post queued
// in this account alone can be dragged onto another such post (pointer, or its ⠿ handle and
// the arrow keys): the two swap times, each a reschedule of its workflow. Move up does the
// same with the post before it, without dragging (and without JavaScript).
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  MeasuringStrategy,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
} from '@dnd-kit/core';
import { useState, type KeyboardEventHandler, type PointerEventHandler } from 'react';
import { Form, Link, useNavigation, useSubmit } from 'react-router';
import { collisionDetection, nextTargetCoordinates } from '../../utils/drag-and-drop';
import { formatInZone } from '../../utils/time';
import { shorten } from '../calendar-post';
import type { PostStatus } from '../../../domain/post';
import { StatusBadge } from '../status-badge';

export interface QueueSlot {
  at: string;
  post: { id: string; excerpt: string; status: PostStatus; queuedIn: number } | null;
}

type QueuedPost = NonNullable<QueueSlot['post']>;

const movable = (post: QueueSlot['post']): post is QueuedPost => !!post && post.queuedIn === 1;

/** The slots with the two posts of a swap under way already in each other's place. */
function swapped(slots: QueueSlot[], postId: string, ontoPostId: string): QueueSlot[] {
  const from = slots.find((slot) => slot.post?.id === postId)?.post;
  const onto = slots.find((slot) => slot.post?.id === ontoPostId)?.post;
  if (!from || !onto) return slots;
  return slots.map((slot) => (slot.post === from ? { ...slot, post: onto } : slot.post === onto ? { ...slot, post: from } : slot));
}

export function QueueSlots({
  accountId,
  timeZone,
  slots,
  canWrite,
}: {
  accountId: string;
  timeZone: string;
  slots: QueueSlot[];
  canWrite: boolean;
}) {
  const submit = useSubmit();
  const navigation = useNavigation();
  const [dragged, setDragged] = useState<QueuedPost | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: nextTargetCoordinates }),
  );
  const pending = navigation.formData?.get('intent') === 'swap' ? navigation.formData : undefined;
  const shown = pending ? swapped(slots, String(pending.get('postId')), String(pending.get('ontoPostId'))) : slots;
  const posts = shown.flatMap((slot) => (slot.post ? [slot.post] : []));
  const title = (id: string | number) => shorten(posts.find((post) => post.id === id)?.excerpt ?? 'post');
  const at = (id: string | number) => shown.find((slot) => slot.post?.id === id)?.at;
  const when = (iso: string | undefined) =>
    iso ? formatInZone(iso, timeZone, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }) : '';

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragged(null);
    if (!over || over.id === active.id) return;
    const form = new FormData();
    form.set('intent', 'swap');
    form.set('account', accountId);
    form.set('postId', String(active.id));
    form.set('ontoPostId', String(over.id));
    void submit(form, { method: 'post', preventScrollReset: true });
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) =>
      `Picked up “${title(active.id)}”, at ${when(at(active.id))}. Arrow keys move it onto another post, Space swaps the two, Escape puts it back.`,
    // over its own place (as a drag starts) says nothing, so that the instructions are heard
    onDragOver: ({ active, over }) =>
      !over ? 'Not over another post.' : over.id === active.id ? undefined : `Over “${title(over.id)}”, at ${when(at(over.id))}.`,
    onDragEnd: ({ active, over }) =>
      over && over.id !== active.id ? `Swapped “${title(active.id)}” with “${title(over.id)}”.` : 'Dropped where it was.',
    onDragCancel: () => 'Move cancelled; the post keeps its time.',
  };

  if (shown.length === 0) return <p className="hint">No slots yet: add posting times to the schedule.</p>;
  const days = [...new Set(shown.map((slot) => formatInZone(slot.at, timeZone, { weekday: 'long', day: 'numeric', month: 'long' })))];
  const movableIds = shown.flatMap((slot) => (movable(slot.post) ? [slot.post.id] : []));

  return (
    <DndContext
      id="queue"
      sensors={sensors}
      collisionDetection={collisionDetection}
      measuring={{ droppable: { strategy: MeasuringStrategy.Always } }}
      onDragStart={({ active }) => setDragged(posts.find((post) => post.id === active.id) ?? null)}
      onDragEnd={onDragEnd}
      onDragCancel={() => setDragged(null)}
      accessibility={{
        announcements,
        screenReaderInstructions: {
          draggable:
            'To give this post another queued post’s time, press Space, then the arrow keys to choose the post, and Space again: the two swap times. Escape cancels.',
        },
      }}
    >
      {days.map((day) => (
        <section key={day} className="queue-day" aria-label={day}>
          <h3 className="queue-day-name">{day}</h3>
          <ol className="plain-list queue-day-slots">
            {shown
              .filter((slot) => formatInZone(slot.at, timeZone, { weekday: 'long', day: 'numeric', month: 'long' }) === day)
              .map((slot) => (
                <QueueSlotRow
                  key={slot.at}
                  accountId={accountId}
                  slot={slot}
                  time={formatInZone(slot.at, timeZone, { timeStyle: 'short' })}
                  canWrite={canWrite}
                  before={slot.post ? movableIds[movableIds.indexOf(slot.post.id) - 1] : undefined}
                  moving={!!pending && (slot.post?.id === pending.get('postId') || slot.post?.id === pending.get('ontoPostId'))}
                />
              ))}
          </ol>
        </section>
      ))}
      <DragOverlay>{dragged ? <div className="queue-post dragging">{shorten(dragged.excerpt)}</div> : null}</DragOverlay>
    </DndContext>
  );
}

function QueueSlotRow({
  accountId,
  slot,
  time,
  canWrite,
  before,
  moving,
}: {
  accountId: string;
  slot: QueueSlot;
  time: string;
  canWrite: boolean;
  /** the queued post (of this account alone) before this one: Move up swaps with it */
  before: string | undefined;
  moving: boolean;
}) {
  const post = slot.post;
  const draggable = canWrite && movable(post);
  const id = post?.id ?? slot.at;
  const drag = useDraggable({ id, disabled: !draggable });
  const drop = useDroppable({ id, disabled: !draggable });
  // The pointer drags the whole post; the keyboard picks it up by its handle, so Enter on the link still opens it.
  const onPointerDown = drag.listeners?.onPointerDown as PointerEventHandler | undefined;
  const onKeyDown = drag.listeners?.onKeyDown as KeyboardEventHandler | undefined;
  const classes = [
    'queue-slot',
    post ? 'booked' : 'free',
    drag.isDragging ? 'drag-source' : '',
    drop.isOver && !drag.isDragging ? 'drop-over' : '',
    moving ? 'moving' : '',
  ];
  return (
    <li
      ref={(node) => {
        drag.setNodeRef(node);
        drop.setNodeRef(node);
      }}
      className={classes.filter(Boolean).join(' ')}
      onPointerDown={draggable ? onPointerDown : undefined}
      data-post-id={post?.id}
    >
      <time dateTime={slot.at} className="queue-slot-time">
        {time}
      </time>
      {post ? (
        <div className="queue-post">
          <Link to={`/posts/${post.id}`} className="queue-post-text">
            {post.excerpt}
          </Link>
          <div className="queue-post-meta">
            {post.status === 'SCHEDULED' ? null : <StatusBadge status={post.status} />}
            {post.queuedIn > 1 ? (
              <span className="hint">
                Queued in {post.queuedIn} accounts at one time: it keeps its time here, as moving it would move it in every account.
              </span>
            ) : null}
          </div>
        </div>
      ) : (
        <span className="queue-free">Free slot</span>
      )}
      {draggable ? (
        <div className="queue-slot-actions">
          {before ? (
            <Form method="post" preventScrollReset>
              <input type="hidden" name="account" value={accountId} />
              <input type="hidden" name="postId" value={post!.id} />
              <input type="hidden" name="ontoPostId" value={before} />
              <button type="submit" name="intent" value="swap" className="button button-secondary button-small">
                Move up<span className="visually-hidden"> {post!.excerpt}</span>
              </button>
            </Form>
          ) : null}
          <button
            type="button"
            className="drag-handle"
            {...drag.attributes}
            onKeyDown={onKeyDown}
            aria-label={`Drag “${shorten(post!.excerpt)}” onto another post to swap their times`}
          >
            <span aria-hidden="true">⠿</span>
          </button>
        </div>
      ) : null}
    </li>
  );
}
