// When to publish: a local date and time read in a time zone (sent with it, so the server
// turns it into an instant in that zone, DST-safe). With `timeZones` the zone is chosen
// beside the time (the composer's per-post zone); without, it is the user's, named in the label.
import { describeTimeZone } from '../utils/time';
import { ErrorList } from './field';
import { TimeZoneSelect } from './time-zone-select';

export function PublishAtField({
  id = 'publishAt',
  label = 'Publish at',
  timeZone,
  timeZones,
  onTimeZoneChange,
  defaultValue,
  errors,
  hint,
  required = false,
}: {
  id?: string;
  label?: string;
  timeZone: string;
  /** the zones to choose from; without them the zone is fixed */
  timeZones?: string[];
  onTimeZoneChange?: (timeZone: string) => void;
  defaultValue?: string | undefined;
  errors?: string[] | undefined;
  hint?: string;
  required?: boolean;
}) {
  const describedBy = [hint ? `${id}-hint` : null, errors ? `${id}-errors` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label} {timeZones ? null : <span className="time-zone">({describeTimeZone(timeZone)})</span>}
      </label>
      <div className={timeZones ? 'time-with-zone' : undefined}>
        <input
          id={id}
          name="publishAt"
          type="datetime-local"
          required={required}
          defaultValue={defaultValue}
          aria-invalid={errors ? true : undefined}
          aria-describedby={describedBy}
        />
        {timeZones ? (
          <TimeZoneSelect
            name="timeZone"
            aria-label="Time zone"
            timeZones={timeZones}
            current={timeZone}
            value={timeZone}
            onChange={(event) => onTimeZoneChange?.(event.target.value)}
          />
        ) : (
          <input type="hidden" name="timeZone" value={timeZone} />
        )}
      </div>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <ErrorList id={`${id}-errors`} errors={errors} />
    </div>
  );
}
