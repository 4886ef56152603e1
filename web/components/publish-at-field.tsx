// When to publish: a local date and time read in the user's time zone (named beside the
// label and sent with it, so the server turns it into an instant in that zone, DST-safe).
import { describeTimeZone } from '../utils/time';
import { ErrorList } from './field';

export function PublishAtField({
  id = 'publishAt',
  label = 'Publish at',
  timeZone,
  defaultValue,
  errors,
  required = false,
}: {
  id?: string;
  label?: string;
  timeZone: string;
  defaultValue?: string | undefined;
  errors?: string[] | undefined;
  required?: boolean;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>
        {label} <span className="time-zone">({describeTimeZone(timeZone)})</span>
      </label>
      <input
        id={id}
        name="publishAt"
        type="datetime-local"
        required={required}
        defaultValue={defaultValue}
        aria-invalid={errors ? true : undefined}
        aria-describedby={errors ? `${id}-errors` : undefined}
      />
      <input type="hidden" name="timeZone" value={timeZone} />
      <ErrorList id={`${id}-errors`} errors={errors} />
    </div>
  );
}
