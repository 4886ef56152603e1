// The form of a series (recurring post), new or edited: its name, the composer's accounts,
// text with per-account counters and own texts, platform options, thread parts, first comment
// and labels; when it repeats, at what time in which zone, from when, until when. Beside it, while it is filled in, the timing in plain words
// and the next posts' times, from the same domain code the API checks it with. Without
// JavaScript it is a plain form (every rule's fields shown) and the server says what is wrong.
import { useState, type ReactNode } from 'react';
import { Form, Link, useNavigation } from 'react-router';
import { comingOccurrences, localDateOf, seriesTimingProblems, WEEKDAYS } from '../../domain/series-rule';
import type { ComposerAccount } from '../routes/compose.server';
import type { FieldErrors } from '../utils/forms';
import { describeTiming, FREQUENCY_UNITS, formatOccurrence, timingOfForm, weekdayName, type SeriesFormFields } from '../utils/series-form';
import { useHydrated } from '../utils/use-hydrated';
import { useTimeZone } from '../utils/use-time-zone';
import { AccountOptions } from './composer/account-options';
import { AccountOverrides } from './composer/account-overrides';
import { AccountPicker } from './composer/account-picker';
import { LabelPicker, type LabelChoice } from './composer/label-picker';
import { MainTextField } from './composer/main-text-field';
import { ThreadParts } from './composer/thread-parts';
import { useComposer } from './composer/use-composer';
import { ErrorList, FormErrors, TextField } from './field';
import { TimeZoneSelect } from './time-zone-select';

const SHOWN_OCCURRENCES = 5;

export function SeriesForm({
  action,
  connections,
  labels,
  timeZones,
  initial,
  errors,
  submitLabel,
  submittingLabel,
  edited,
}: {
  action: string;
  connections: ComposerAccount[];
  labels: LabelChoice[];
  timeZones: string[];
  initial: SeriesFormFields;
  /** the server's refusal, by field (`end.date`, `rule.days`) */
  errors: FieldErrors | undefined;
  submitLabel: string;
  submittingLabel: string;
  /** an edited series: the posts it has created count against an "after N" end; its skipped times stay skipped */
  edited?: { created: number; skipped: string[] };
}) {
  const hydrated = useHydrated();
  const navigation = useNavigation();
  const submitting = navigation.formAction === action;
  // media are attached through the API (docs/api.md); the form keeps them as they are
  const composer = useComposer(connections, { ...initial, publishAt: '', media: [] });
  const [fields, setFields] = useState(initial);
  const set = <K extends keyof SeriesFormFields>(name: K, value: SeriesFormFields[K]) => setFields((now) => ({ ...now, [name]: value }));
  const userZone = useTimeZone().timeZone;
  const timeZone = fields.timeZone || userZone;
  const every = Number(fields.every) || 1;
  const units = (unit: string) => (every === 1 ? unit : `${unit}s`);
  // without JavaScript every rule's fields are offered; the chosen frequency decides on the server
  const showsWeekly = !hydrated || fields.frequency === 'weekly';
  const showsMonthly = !hydrated || fields.frequency === 'monthly';

  return (
    <Form method="post" action={action} className="series-form" noValidate>
      <div className="series-fields stack">
        <FormErrors
          errors={[
            ...(errors?.form ?? []),
            ...(errors?.overrides ?? []),
            ...(errors?.media ?? []),
            // a long form: its top says that something further down was refused
            ...(Object.keys(errors ?? {}).some((field) => !['form', 'overrides', 'media'].includes(field))
              ? ['The series was not saved: fix what is marked below.']
              : []),
          ]}
        />
        <TextField
          label="Name"
          name="name"
          value={fields.name}
          onChange={(event) => set('name', event.target.value)}
          hint="How the series is listed (only you and your team see it)."
          errors={errors?.name}
          autoComplete="off"
        />
        <AccountPicker connections={connections} composer={composer} errors={errors?.connectionIds} />
        <MainTextField composer={composer} errors={errors?.content} />
        <p className="hint">
          Write <code>{'{{n}}'}</code> for the post’s number in the series (1, 2, 3…) and <code>{'{{date}}'}</code> for its date (e.g.{' '}
          <code>{localDateOf(new Date(), timeZone)}</code>).
        </p>
        <AccountOverrides connections={connections} composer={composer} errors={errors} />
        <AccountOptions connections={connections} composer={composer} errors={errors} />
        <ThreadParts composer={composer} errors={{ thread: errors?.thread, firstComment: errors?.firstComment }} />

        <fieldset className="field" aria-describedby="rule-errors">
          <legend>Repeats</legend>
          <div className="series-row">
            <label htmlFor="every">Every</label>
            <input
              id="every"
              name="every"
              type="number"
              inputMode="numeric"
              min={1}
              max={366}
              className="series-number"
              value={fields.every}
              onChange={(event) => set('every', event.target.value)}
              aria-invalid={errors?.['rule.every'] ? true : undefined}
              aria-describedby="rule.every-errors"
            />
            <select
              name="frequency"
              aria-label="Frequency"
              value={fields.frequency}
              onChange={(event) => set('frequency', event.target.value)}
            >
              {(['daily', 'weekly', 'monthly'] as const).map((frequency) => (
                <option key={frequency} value={frequency}>
                  {units(FREQUENCY_UNITS[frequency])}
                </option>
              ))}
            </select>
          </div>
          <ErrorList id="rule.every-errors" errors={errors?.['rule.every']} />
          {showsWeekly ? (
            <fieldset className="series-days" aria-describedby="rule.days-errors">
              <legend>{hydrated ? 'On' : 'On (weekly)'}</legend>
              <ul>
                {WEEKDAYS.map((day) => (
                  <li key={day}>
                    <label className="day-choice">
                      <input
                        type="checkbox"
                        name="days"
                        value={day}
                        checked={fields.days.includes(day)}
                        onChange={(event) =>
                          set('days', event.target.checked ? [...fields.days, day] : fields.days.filter((chosen) => chosen !== day))
                        }
                      />
                      <span aria-hidden="true">{weekdayName(day).slice(0, 3)}</span>
                      <span className="visually-hidden">{weekdayName(day)}</span>
                    </label>
                  </li>
                ))}
              </ul>
              <ErrorList id="rule.days-errors" errors={errors?.['rule.days']} />
            </fieldset>
          ) : null}
          {showsMonthly ? (
            <div className="series-row">
              <label htmlFor="dayOfMonth">{hydrated ? 'On day' : 'On day (monthly)'}</label>
              <input
                id="dayOfMonth"
                name="dayOfMonth"
                type="number"
                inputMode="numeric"
                min={1}
                max={31}
                className="series-number"
                value={fields.dayOfMonth}
                onChange={(event) => set('dayOfMonth', event.target.value)}
                aria-invalid={errors?.['rule.dayOfMonth'] ? true : undefined}
                aria-describedby="rule.dayOfMonth-hint rule.dayOfMonth-errors"
              />
              <span id="rule.dayOfMonth-hint" className="hint">
                of the month (a month without it has no post)
              </span>
            </div>
          ) : null}
          <ErrorList id="rule.dayOfMonth-errors" errors={errors?.['rule.dayOfMonth']} />
          <ErrorList id="rule-errors" errors={errors?.rule} />
        </fieldset>

        <div className="series-when">
          <div className="field">
            <label htmlFor="time">Time</label>
            <div className="time-with-zone">
              <input
                id="time"
                name="time"
                type="time"
                value={fields.time}
                onChange={(event) => set('time', event.target.value)}
                aria-invalid={errors?.time ? true : undefined}
                aria-describedby="time-errors timeZone-errors"
              />
              <TimeZoneSelect
                name="timeZone"
                aria-label="Time zone"
                timeZones={timeZones}
                current={timeZone}
                value={timeZone}
                onChange={(event) => set('timeZone', event.target.value)}
              />
            </div>
            <ErrorList id="time-errors" errors={errors?.time} />
            <ErrorList id="timeZone-errors" errors={errors?.timeZone} />
          </div>
          <TextField
            label="Starts on"
            name="startDate"
            type="date"
            value={fields.startDate}
            onChange={(event) => set('startDate', event.target.value)}
            errors={errors?.startDate}
          />
        </div>

        <fieldset className="field series-end" aria-describedby="end-errors">
          <legend>Ends</legend>
          <EndChoice value="never" fields={fields} set={set} label="Never" />
          <EndChoice value="after" fields={fields} set={set} label="After" errors={errors?.['end.count']} errorsId="end.count-errors">
            <input
              name="endCount"
              type="number"
              inputMode="numeric"
              min={1}
              className="series-number"
              aria-label="Number of posts"
              value={fields.endCount}
              onChange={(event) => set('endCount', event.target.value)}
              onFocus={() => set('endType', 'after')}
              aria-invalid={errors?.['end.count'] ? true : undefined}
              aria-describedby="end.count-errors"
            />{' '}
            posts
          </EndChoice>
          <EndChoice value="on" fields={fields} set={set} label="On" errors={errors?.['end.date']} errorsId="end.date-errors">
            <input
              name="endDate"
              type="date"
              aria-label="End date"
              value={fields.endDate}
              onChange={(event) => set('endDate', event.target.value)}
              onFocus={() => set('endType', 'on')}
              aria-invalid={errors?.['end.date'] ? true : undefined}
              aria-describedby="end.date-errors"
            />
          </EndChoice>
          <ErrorList id="end-errors" errors={errors?.end} />
        </fieldset>

        <LabelPicker labels={labels} initial={initial.labelIds} errors={errors?.labelIds} />
      </div>

      <SeriesSummary fields={{ ...fields, timeZone }} edited={edited} />

      <div className="series-actions">
        <div className="composer-actions">
          <button type="submit" className="button" disabled={submitting || composer.blocked}>
            {submitting ? submittingLabel : submitLabel}
          </button>
          <Link to="/series" className="button button-secondary">
            Cancel
          </Link>
        </div>
        {composer.blocked && !submitting ? <p className="hint">Fix what the accounts’ rules refuse above to save the series.</p> : null}
      </div>
    </Form>
  );
}

/** One way to end: its radio, and the field it needs beside it (choosing that field chooses the way). */
function EndChoice({
  value,
  fields,
  set,
  label,
  errors,
  errorsId,
  children,
}: {
  value: string;
  fields: SeriesFormFields;
  set: (name: 'endType', value: string) => void;
  label: string;
  errors?: string[] | undefined;
  errorsId?: string;
  children?: ReactNode;
}) {
  return (
    <div className="series-end-choice">
      <div className="series-row">
        <label className="checkbox">
          <input type="radio" name="endType" value={value} checked={fields.endType === value} onChange={() => set('endType', value)} />
          {label}
        </label>
        {children}
      </div>
      <ErrorList id={errorsId} errors={errors} />
    </div>
  );
}

/**
 * The timing in a sentence and the next posts' times on the series' clock, as the Schedule
 * would fire them; or what keeps it from firing, in the words the server would refuse it with.
 */
function SeriesSummary({ fields, edited }: { fields: SeriesFormFields; edited: { created: number; skipped: string[] } | undefined }) {
  const timing = timingOfForm(fields);
  const now = new Date();
  const problems = timing ? seriesTimingProblems(timing, localDateOf(now, timing.timeZone)) : [];
  const skipped = new Set(edited?.skipped ?? []);
  const remaining = timing?.end.type === 'after' ? Math.max(0, timing.end.count - (edited?.created ?? 0)) : undefined;
  const coming =
    timing && problems.length === 0
      ? comingOccurrences(timing, now, SHOWN_OCCURRENCES + skipped.size, remaining)
          .map((instant) => instant.toISOString())
          .filter((iso) => !skipped.has(iso))
          .slice(0, SHOWN_OCCURRENCES)
      : [];
  return (
    <aside className="card series-summary" aria-labelledby="summary-heading">
      <h2 id="summary-heading">Summary</h2>
      <div role="status" aria-live="polite">
        {!timing ? (
          <p className="hint">
            Choose when it repeats{fields.frequency === 'weekly' ? ' (at least one day of the week)' : ''}, a time and a start date.
          </p>
        ) : (
          <>
            <p className="series-sentence">{describeTiming(timing)}</p>
            {problems.length > 0 ? (
              <ul className="field-errors">
                {problems.map((problem) => (
                  <li key={problem.path}>{problem.message}</li>
                ))}
              </ul>
            ) : null}
          </>
        )}
      </div>
      {timing && problems.length === 0 ? (
        <>
          <h3 id="coming-heading">{edited ? 'Next posts, as changed' : 'First posts'}</h3>
          {coming.length === 0 ? (
            <p className="hint">Nothing to come: it has created all its posts.</p>
          ) : (
            <ol className="plain-list series-coming" aria-labelledby="coming-heading">
              {coming.map((iso) => (
                <li key={iso}>{formatOccurrence(iso, timing.timeZone)}</li>
              ))}
            </ol>
          )}
          {remaining !== undefined && remaining > coming.length ? <p className="hint">and {remaining - coming.length} more</p> : null}
        </>
      ) : null}
    </aside>
  );
}
