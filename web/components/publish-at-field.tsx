// When to publish: a local date and time read in the user's time zone (named beside the
// label and sent with it, so the server turns it into an instant in that zone, DST-safe).
import { describeTimeZone } from '../utils/time';
import { ErrorList } from './field';

export function PublishAtField({
  timeZone,
  defaultValue,
  errors,
  required = false,
}: {
  timeZone: string;
  defaultValue?: string | undefined;
  errors?: string[] | undefined;
  required?: boolean;
}) {
  return (
    <div className="field">
      <label htmlFor="publishAt">
        Publish at <span className="time-zone">({describeTimeZone(timeZone)})</span>
      </label>
      <input
        id="publishAt"
        name="publishAt"
        type="datetime-local"
        required={required}
        defaultValue={defaultValue}
        aria-invalid={errors ? true : undefined}
        aria-describedby={errors ? 'publishAt-errors' : undefined}
      />
      <input type="hidden" name="timeZone" value={timeZone} />
      <ErrorList id="publishAt-errors" errors={errors} />
    </div>
  );
}
