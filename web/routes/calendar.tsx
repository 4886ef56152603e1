import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  MeasuringStrategy,
  PointerSensor,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { Form, Link, useFetcher, useSubmit } from 'react-router';
import { PostChip, shorten, statusClass, type PlacedPost } from '../components/calendar-post';
import { AccountSelect, LabelSelect } from '../components/filter-selects';
import { isLive, StatusBadge } from '../components/status-badge';
import { requirePermission } from '../utils/auth.server';
import {
  CALENDAR_VIEWS,
  dayAndHourIn,
  dayLabel,
  dayOfMonth,
  gridDays,
  gridTitle,
  hourLabel,
  isSameMonth,
  NEW_POST_HOUR,
  newPostTime,
  shiftAnchor,
  todayIn,
  weekdayShort,
  WORKING_DAY_START,
  type CalendarView,
} from '../utils/calendar';
import { collisionDetection, nextTargetCoordinates } from '../utils/drag-and-drop';
import { describeTimeZone, instantFromLocal } from '../utils/time';
import { useLiveRevalidation } from '../utils/use-live-revalidation';
import { useTimeZone } from '../utils/use-time-zone';
import type { Route } from './+types/calendar';
import { loadCalendar, reschedulePost, type CalendarPost } from './calendar.server';

export const meta: Route.MetaFunction = () => [{ title: 'Calendar · planrrr' }];

export async function loader({ context, request }: Route.LoaderArgs) {
  return loadCalendar(context, requirePermission(context, request, 'posts:read'), new URL(request.url));
}

export async function action({ context, request }: Route.ActionArgs) {
  return reschedulePost(context, requirePermission(context, request, 'posts:write'), await request.formData());
}

/** What a droppable day (month view) or hour slot (week view) carries. */
interface DropTarget {
  day: string;
  hour?: number;
  label: string;
}

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);
const pad = (value: number) => String(value).padStart(2, '0');
const VIEW_NAMES: Record<CalendarView, string> = { month: 'Month', week: 'Week', agenda: 'Agenda' };

export default function Calendar({ loaderData }: Route.ComponentProps) {
  const { view, anchor, accountId, labelId, accounts, labels, posts, undatedDrafts, canReschedule } = loaderData;
  const { timeZone } = useTimeZone();
  const fetcher = useFetcher<typeof action>({ key: 'calendar-reschedule' });
  const submit = useSubmit();
  const [dragged, setDragged] = useState<CalendarPost | null>(null);
  const frame = useRef<HTMLDivElement>(null);
  useLiveRevalidation(posts.some((post) => isLive(post.status)));
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: nextTargetCoordinates }),
  );

  const days = gridDays(view, anchor);
  // While a move is under way the post already shows where it was dropped; a refusal puts it back.
  const moving =
    fetcher.state !== 'idle' && fetcher.formData
      ? { id: String(fetcher.formData.get('postId')), publishAt: String(fetcher.formData.get('publishAt')) }
      : null;
  const placed = posts.map((post) => ({
    ...post,
    publishAt: post.id === moving?.id ? moving.publishAt : post.publishAt,
    moving: post.id === moving?.id,
    ...dayAndHourIn(post.id === moving?.id ? moving.publishAt : post.publishAt, timeZone),
  }));
  const refused = fetcher.state === 'idle' && fetcher.data && !fetcher.data.ok ? fetcher.data : null;
  const refusedPost = refused ? posts.find((post) => post.id === refused.postId) : undefined;

  const today = todayIn(timeZone);
  const link = (changes: Partial<{ view: CalendarView; date: string }>) => {
    const params = new URLSearchParams({ view, date: anchor });
    if (labelId) params.set('label', labelId);
    if (accountId) params.set('account', accountId);
    for (const [key, value] of Object.entries(changes)) {
      if (value) params.set(key, value);
      else params.delete(key);
    }
    return `?${params}`;
  };

  const onDragStart = ({ active }: DragStartEvent) => setDragged(posts.find((post) => post.id === active.id) ?? null);
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragged(null);
    const post = placed.find((candidate) => candidate.id === active.id);
    const target = over?.data.current as DropTarget | undefined;
    if (!post || !target) return;
    const time = target.hour === undefined ? post.time : `${pad(target.hour)}:${post.time.slice(3)}`;
    if (target.day === post.day && time === post.time) return;
    const publishAt = instantFromLocal(`${target.day}T${time}`, timeZone);
    if (publishAt) void fetcher.submit({ postId: post.id, publishAt }, { method: 'post' });
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) =>
      `Picked up the post “${postTitle(posts, active.id)}”. Arrow keys move it, Space drops it, Escape puts it back.`,
    onDragOver: ({ over }) => (over ? `Over ${(over.data.current as DropTarget).label}.` : 'Not over a day.'),
    onDragEnd: ({ active, over }) =>
      over ? `Moved “${postTitle(posts, active.id)}” to ${(over.data.current as DropTarget).label}.` : 'Dropped where it was.',
    onDragCancel: () => 'Move cancelled; the post stays where it was.',
  };

  return (
    <>
      <div className="page-header">
        <h1>Calendar</h1>
        <nav aria-label="Calendar view" className="segmented">
          {CALENDAR_VIEWS.map((name) => (
            <Link key={name} to={link({ view: name })} aria-current={view === name ? 'page' : undefined}>
              {VIEW_NAMES[name]}
            </Link>
          ))}
        </nav>
      </div>

      <div className="calendar-toolbar">
        <div className="calendar-nav">
          <Link to={link({ date: shiftAnchor(view, anchor, -1) })} className="button button-secondary button-small">
            <span aria-hidden="true">←</span> Previous
          </Link>
          <Link to={link({ date: today })} className="button button-secondary button-small">
            Today
          </Link>
          <Link to={link({ date: shiftAnchor(view, anchor, 1) })} className="button button-secondary button-small">
            Next <span aria-hidden="true">→</span>
          </Link>
          <h2 className="calendar-title" aria-live="polite">
            {gridTitle(view, anchor, days)}
          </h2>
          {view === 'week' && canReschedule ? (
            <Link
              to={`/previews?${new URLSearchParams({ week: anchor, ...(accountId ? { account: accountId } : {}) })}`}
              className="button button-small"
            >
              Share preview
            </Link>
          ) : null}
        </div>
        <Form method="get" className="calendar-filter" onChange={(event) => submit(event.currentTarget)}>
          <input type="hidden" name="view" value={view} />
          <input type="hidden" name="date" value={anchor} />
          {labels.length > 0 ? (
            <span className="calendar-filter-field">
              <label htmlFor="calendar-label">Label</label>
              <LabelSelect id="calendar-label" name="label" value={labelId} labels={labels} />
            </span>
          ) : null}
          <span className="calendar-filter-field">
            <label htmlFor="calendar-account">Account</label>
            <AccountSelect id="calendar-account" name="account" value={accountId} accounts={accounts} />
          </span>
          <noscript>
            <button type="submit" className="button button-secondary button-small">
              Filter
            </button>
          </noscript>
        </Form>
      </div>
      <p className="hint">
        Times in {describeTimeZone(timeZone)} (<Link to="/settings">change</Link>).{' '}
        {canReschedule && view !== 'agenda'
          ? 'Click a day (or an hour of the week) to write a post for it. Drag a scheduled post to another day or hour to move it, or pick it up with its ⠿ handle and the keyboard.'
          : null}
      </p>
      {undatedDrafts > 0 ? (
        <p className="hint">
          {undatedDrafts === 1 ? '1 draft without a date is' : `${undatedDrafts} drafts without a date are`} in{' '}
          <Link to="/posts?status=DRAFT">Posts → Drafts</Link>.
        </p>
      ) : null}

      <div role="status" className="calendar-status">
        {moving ? 'Moving the post…' : null}
        {refused ? (
          <div className="form-errors" role="alert">
            <strong>Could not move “{refusedPost ? shorten(refusedPost.content) : 'the post'}”:</strong> {asSentence(refused.error)} It is
            back where it was.
          </div>
        ) : null}
      </div>

      {placed.some((post) => days.includes(post.day)) ? null : (
        <p className="hint">
          No posts {view === 'agenda' ? 'in these four weeks' : `in this ${view}`}
          {labelId ? ' with this label' : ''}
          {accountId ? ' for this account' : ''}.
        </p>
      )}
      <DndContext
        id="calendar"
        sensors={sensors}
        collisionDetection={collisionDetection}
        // Slots are measured before a drag (so the first arrow key already finds its neighbour) and again
        // as it starts: the page's layout may have moved since (a status line, a revalidation, images).
        measuring={{ droppable: { strategy: MeasuringStrategy.Always } }}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={() => setDragged(null)}
        // The page scrolls under a drag only to reach a day out of view: a grid in full view stays put under the pointer.
        autoScroll={{ canScroll: (element) => element !== document.scrollingElement || !inFullView(frame.current) }}
        accessibility={{
          announcements,
          screenReaderInstructions: {
            draggable:
              'To move this post, press Space, then the arrow keys to choose a day or hour, and Space again to drop it. Escape cancels.',
          },
        }}
      >
        <div ref={frame}>
          {view === 'month' ? (
            <MonthGrid days={days} anchor={anchor} today={today} posts={placed} canReschedule={canReschedule} />
          ) : view === 'week' ? (
            <WeekGrid days={days} today={today} posts={placed} canReschedule={canReschedule} />
          ) : (
            <Agenda days={days} today={today} posts={placed} />
          )}
        </div>
        <DragOverlay>
          {dragged ? <div className={`calendar-post ${statusClass(dragged.status)} dragging`}>{shorten(dragged.content)}</div> : null}
        </DragOverlay>
      </DndContext>
      <StatusLegend />
    </>
  );
}

function MonthGrid({
  days,
  anchor,
  today,
  posts,
  canReschedule,
}: {
  days: string[];
  anchor: string;
  today: string;
  posts: PlacedPost[];
  canReschedule: boolean;
}) {
  return (
    // No scrolling box around the month: a keyboard move has nothing to scroll Monday out of view with.
    <div className="calendar-frame">
      <div className="calendar-month">
        {days.slice(0, 7).map((day) => (
          <div key={day} className="calendar-weekday" aria-hidden="true">
            {weekdayShort(day)}
          </div>
        ))}
        {days.map((day) => (
          <DropCell
            key={day}
            target={{ day, label: dayLabel(day) }}
            className={isSameMonth(day, anchor) ? 'calendar-day' : 'calendar-day other-month'}
            current={day === today}
            newPost={canReschedule && day >= today ? { ...newPostOn(day), tabbable: true } : null}
          >
            <span className="day-number" aria-hidden="true">
              <span className="phone-only">{weekdayShort(day)} </span>
              {dayOfMonth(day)}
            </span>
            <PostList posts={posts.filter((post) => post.day === day)} canReschedule={canReschedule} />
          </DropCell>
        ))}
      </div>
    </div>
  );
}

/** A day's 24 hours, scrolled within the grid to the working day when a week opens. */
function WeekGrid({ days, today, posts, canReschedule }: { days: string[]; today: string; posts: PlacedPost[]; canReschedule: boolean }) {
  const scroller = useRef<HTMLDivElement>(null);
  const firstDay = days[0];
  useLayoutEffect(() => {
    const container = scroller.current;
    const workingDay = container?.querySelector<HTMLElement>(`[data-hour="${WORKING_DAY_START}"]`);
    const header = container?.querySelector<HTMLElement>('.calendar-weekday');
    if (container && workingDay) container.scrollTop = workingDay.offsetTop - (header?.offsetHeight ?? 0);
  }, [firstDay]);
  return (
    <div className="calendar-scroll calendar-week-scroll" ref={scroller}>
      <div className="calendar-week">
        <div className="calendar-weekday" aria-hidden="true" />
        {days.map((day) => (
          <div key={day} className="calendar-weekday" aria-current={day === today ? 'date' : undefined}>
            {weekdayShort(day)} {dayOfMonth(day)}
            {canReschedule && day >= today ? <NewPostLink {...newPostOn(day)} className="calendar-weekday-new-post" /> : null}
          </div>
        ))}
        {HOURS.map((hour) => (
          <WeekRow key={hour} hour={hour} days={days} today={today} posts={posts} canReschedule={canReschedule} />
        ))}
      </div>
    </div>
  );
}

function WeekRow({
  hour,
  days,
  today,
  posts,
  canReschedule,
}: {
  hour: number;
  days: string[];
  today: string;
  posts: PlacedPost[];
  canReschedule: boolean;
}) {
  return (
    <>
      <div className="calendar-hour" aria-hidden="true">
        {hourLabel(hour)}
      </div>
      {days.map((day) => {
        const label = `${dayLabel(day)}, ${hourLabel(hour)}`;
        return (
          <DropCell
            key={day}
            target={{ day, hour, label }}
            className="calendar-slot"
            // 168 hours would be as many tab stops: the keyboard composes from the day's heading, the pointer from any hour
            newPost={
              canReschedule && day >= today ? { time: newPostTime(day, hour), label: `New post on ${label}`, tabbable: false } : null
            }
          >
            <PostList posts={posts.filter((post) => post.day === day && post.hour === hour)} canReschedule={canReschedule} />
          </DropCell>
        );
      })}
    </>
  );
}

/** The coming four weeks as a list: the days that have posts, and today. */
function Agenda({ days, today, posts }: { days: string[]; today: string; posts: PlacedPost[] }) {
  const shown = days.filter((day) => day === today || posts.some((post) => post.day === day));
  return (
    <div className="calendar-agenda">
      {shown.map((day) => {
        const onDay = posts.filter((post) => post.day === day);
        return (
          <section key={day} className="agenda-day" aria-labelledby={`agenda-${day}`}>
            <h3 id={`agenda-${day}`} aria-current={day === today ? 'date' : undefined}>
              {dayLabel(day)}
              {day === today ? <span className="hint"> · today</span> : null}
            </h3>
            {onDay.length > 0 ? (
              <ul className="calendar-posts">
                {onDay.map((post) => (
                  <PostChip key={post.id} post={post} draggable={false} variant="agenda" />
                ))}
              </ul>
            ) : (
              <p className="hint">Nothing planned.</p>
            )}
          </section>
        );
      })}
    </div>
  );
}

function DropCell({
  target,
  className,
  current,
  newPost,
  children,
}: {
  target: DropTarget;
  className: string;
  current?: boolean;
  /** the composer's link for this day or hour, where the user may write posts */
  newPost: (NewPost & { tabbable: boolean }) | null;
  children: ReactNode;
}) {
  const { setNodeRef, isOver } = useDroppable({
    id: target.hour === undefined ? target.day : `${target.day}T${target.hour}`,
    data: target,
  });
  return (
    <div
      ref={setNodeRef}
      className={`${className}${isOver ? ' drop-over' : ''}`}
      role="group"
      aria-label={target.label}
      aria-current={current ? 'date' : undefined}
      data-day={target.day}
      data-hour={target.hour}
    >
      {/* under the posts, over the rest of the cell: a click on the day's free space composes for it */}
      {newPost ? (
        <NewPostLink time={newPost.time} label={newPost.label} className="calendar-new-post" tabIndex={newPost.tabbable ? undefined : -1} />
      ) : null}
      {children}
    </div>
  );
}

/** A link to the composer with a day's (or an hour's) time filled in. */
interface NewPost {
  time: string;
  label: string;
}

function newPostOn(day: string): NewPost {
  return { time: newPostTime(day), label: `New post on ${dayLabel(day)}, ${hourLabel(NEW_POST_HOUR)}` };
}

function NewPostLink({ time, label, className, tabIndex }: NewPost & { className: string; tabIndex?: number }) {
  return (
    <Link to={`/compose?publishAt=${time}`} className={className} aria-label={label} tabIndex={tabIndex}>
      <span aria-hidden="true">+</span>
    </Link>
  );
}

function PostList({ posts, canReschedule }: { posts: PlacedPost[]; canReschedule: boolean }) {
  if (posts.length === 0) return null;
  return (
    <ul className="calendar-posts">
      {posts.map((post) => (
        <PostChip key={post.id} post={post} draggable={canReschedule && post.status === 'SCHEDULED'} />
      ))}
    </ul>
  );
}

function StatusLegend() {
  return (
    <p className="calendar-legend">
      <span className="hint">Colours:</span> <StatusBadge status="DRAFT" /> <StatusBadge status="SCHEDULED" />{' '}
      <StatusBadge status="PUBLISHING" /> <StatusBadge status="PUBLISHED" /> <StatusBadge status="PARTIALLY_PUBLISHED" />{' '}
      <StatusBadge status="FAILED" />
    </p>
  );
}

function inFullView(element: HTMLElement | null): boolean {
  const rect = element?.getBoundingClientRect();
  return !!rect && rect.top >= 0 && rect.bottom <= window.innerHeight;
}

function asSentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function postTitle(posts: CalendarPost[], id: string | number): string {
  const post = posts.find((candidate) => candidate.id === id);
  return post ? shorten(post.content) : 'post';
}
