// An account's posting schedule as a social-media manager edits it: each weekday with its
// times as chips, "Add a time" for some days at once, the queue's zone and Paused; Save
// sends it all. The chips are hidden inputs too, so that without JavaScript the form still
// saves: ✕ then removes the slot and saves, Add adds the time to the days ticked and saves.
import { useState, type KeyboardEvent, type MouseEvent } from 'react';
import { Form } from 'react-router';
import { WEEKDAYS, type WeeklySlot } from '../../../domain/queue-slots';
import type { SlotsForm } from '../../routes/queue.server';
import type { FieldErrors } from '../../utils/forms';
import { DAY_NAMES, slotErrorKey, slotText, type SlotFields } from '../../utils/queue-slots';
import { useHydrated } from '../../utils/use-hydrated';
import { BestTimeHint, type BestTimesHint } from '../best-time-hint';
import { ErrorList, FormErrors } from '../field';
import { TimeZoneSelect } from '../time-zone-select';

const WORKING_DAYS = WEEKDAYS.slice(0, 5);

export interface SavedQueue {
  timeZone: string;
  paused: boolean;
  slots: WeeklySlot[];
}

export function SlotsEditor({
  accountId,
  accountName,
  saved,
  timeZones,
  refused,
  errors = {},
  saving,
  bestTimes,
}: {
  accountId: string;
  accountName: string;
  /** the queue as stored */
  saved: SavedQueue;
  timeZones: readonly string[];
  /** the form as last sent, when the server refused it */
  refused: SlotsForm | undefined;
  errors?: FieldErrors | undefined;
  saving: boolean;
  /** the account's best times in the queue's zone, to choose slots by */
  bestTimes: BestTimesHint | null;
}) {
  const hydrated = useHydrated();
  const [slots, setSlots] = useState<SlotFields[]>(refused?.slots ?? saved.slots);
  const [newTime, setNewTime] = useState(refused?.newTime ?? '');
  const [newDays, setNewDays] = useState<string[]>(refused?.newDays ?? [...WORKING_DAYS]);
  const [timeZone, setTimeZone] = useState(refused?.timeZone ?? saved.timeZone);
  const [paused, setPaused] = useState(refused?.paused ?? saved.paused);
  const [addProblem, setAddProblem] = useState<string | null>(null);
  const changed =
    timeZone !== saved.timeZone ||
    paused !== saved.paused ||
    slots.map(slotText).sort().join() !== saved.slots.map(slotText).sort().join() ||
    newTime !== '';

  function add(event: MouseEvent | KeyboardEvent) {
    event.preventDefault();
    if (!newTime) return setAddProblem('Choose a time first.');
    if (newDays.length === 0) return setAddProblem('Tick the days this time is for.');
    const taken = new Set(slots.map(slotText));
    const fresh = newDays.map((day) => ({ day, time: newTime })).filter((slot) => !taken.has(slotText(slot)));
    setAddProblem(fresh.length === 0 ? `${newTime} is already a slot on ${newDays.length === 1 ? 'that day' : 'those days'}.` : null);
    setSlots([...slots, ...fresh]);
    if (fresh.length > 0) setNewTime('');
  }

  function remove(event: MouseEvent, slot: SlotFields) {
    event.preventDefault();
    setSlots(slots.filter((each) => slotText(each) !== slotText(slot)));
  }

  const toggleDay = (day: string, on: boolean) =>
    setNewDays(on ? WEEKDAYS.filter((each) => each === day || newDays.includes(each)) : newDays.filter((each) => each !== day));
  const knownDays = new Set<string>(WEEKDAYS);
  // days the schema will name: not a weekday (a hand-made form), shown after Sunday
  const days = [...WEEKDAYS, ...new Set(slots.map((slot) => slot.day).filter((day) => !knownDays.has(day)))];

  return (
    <Form method="post" className="stack slots-editor" noValidate aria-labelledby="slots-heading">
      <input type="hidden" name="account" value={accountId} />
      <input type="hidden" name="intent" value="save" />
      {/* the default button, which Enter in a field presses: Save, not the first chip's ✕ */}
      <button type="submit" className="visually-hidden" tabIndex={-1} aria-hidden="true">
        Save
      </button>
      {slots.map((slot) => (
        <input key={slotText(slot)} type="hidden" name="slot" value={slotText(slot)} />
      ))}
      <FormErrors errors={[...(errors.form ?? []), ...(errors.slots ?? [])]} />

      <div className="slot-week" role="group" aria-label={`Posting times of ${accountName}`}>
        {days.map((day) => {
          const times = slots.filter((slot) => slot.day === day).sort((a, b) => a.time.localeCompare(b.time));
          const dayErrors = times.flatMap((slot) => errors[slotErrorKey(slot)] ?? []);
          return (
            <div key={day} className="slot-day" role="group" aria-label={DAY_NAMES[day] ?? day}>
              <span className="slot-day-name" aria-hidden="true">
                {DAY_NAMES[day]?.slice(0, 3) ?? day}
              </span>
              {times.length === 0 ? (
                <span className="hint slot-day-empty">No times</span>
              ) : (
                <ul className="slot-chips">
                  {times.map((slot) => (
                    <li key={slotText(slot)} className={errors[slotErrorKey(slot)] ? 'slot-chip invalid' : 'slot-chip'}>
                      <span>{slot.time}</span>
                      <button
                        type="submit"
                        name="removeSlot"
                        value={slotText(slot)}
                        className="slot-chip-remove"
                        aria-label={`Remove ${DAY_NAMES[day] ?? day} ${slot.time}`}
                        onClick={(event) => remove(event, slot)}
                      >
                        <span aria-hidden="true">×</span>
                      </button>
                    </li>
                  ))}
                </ul>
              )}
              <ErrorList errors={dayErrors.length > 0 ? dayErrors : undefined} />
            </div>
          );
        })}
      </div>

      <fieldset className="slot-add">
        <legend>Add a time</legend>
        {bestTimes ? <BestTimeHint accountName={accountName} hint={bestTimes} /> : null}
        <div className="slot-add-row">
          <div className="slot-add-days" role="group" aria-label="Days">
            {WEEKDAYS.map((day) => (
              <label key={day} className="day-toggle">
                <input
                  type="checkbox"
                  name="newDays"
                  value={day}
                  aria-label={DAY_NAMES[day]}
                  checked={newDays.includes(day)}
                  onChange={(event) => toggleDay(day, event.target.checked)}
                />
                <span aria-hidden="true">{DAY_NAMES[day]!.slice(0, 3)}</span>
              </label>
            ))}
          </div>
          {/* quick choices tick the boxes: without JavaScript they could not, so they are not offered */}
          {hydrated ? (
            <div className="slot-add-quick">
              <button type="button" className="button button-secondary button-small" onClick={() => setNewDays([...WORKING_DAYS])}>
                Weekdays
              </button>
              <button type="button" className="button button-secondary button-small" onClick={() => setNewDays([...WEEKDAYS])}>
                Every day
              </button>
            </div>
          ) : null}
        </div>
        <div className="slot-add-row">
          <label className="slot-add-time">
            <span>Time</span>
            <input
              type="time"
              name="newTime"
              value={newTime}
              onChange={(event) => setNewTime(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') add(event);
              }}
              aria-invalid={errors.newTime ? true : undefined}
            />
          </label>
          <button type="submit" className="button button-secondary" onClick={add}>
            Add
          </button>
        </div>
        <ErrorList errors={[...(addProblem ? [addProblem] : []), ...(errors.newTime ?? []), ...(errors.newDays ?? [])]} />
      </fieldset>

      <div className="slot-settings">
        <div className="field">
          <label htmlFor="queue-time-zone">Time zone</label>
          <TimeZoneSelect
            id="queue-time-zone"
            name="timeZone"
            timeZones={timeZones}
            current={timeZone}
            value={timeZone}
            onChange={(event) => setTimeZone(event.target.value)}
            aria-invalid={errors.timeZone ? true : undefined}
          />
          <ErrorList errors={errors.timeZone} />
        </div>
        <label className="switch">
          <input type="checkbox" role="switch" name="paused" checked={paused} onChange={(event) => setPaused(event.target.checked)} />
          <span>Paused: take no new posts (those queued keep their times)</span>
        </label>
      </div>

      <div className="form-actions">
        <button type="submit" className="button" disabled={saving}>
          {saving ? 'Saving…' : 'Save schedule'}
        </button>
        {hydrated && changed && !saving ? <span className="hint">Unsaved changes</span> : null}
      </div>
    </Form>
  );
}
