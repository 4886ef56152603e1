// Labelled form fields with their errors beside them, tied together for screen readers.
import { useId, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from 'react';

export function ErrorList({ id, errors }: { id?: string; errors?: string[] | undefined }) {
  if (!errors?.length) return null;
  return (
    <ul id={id} className="field-errors">
      {errors.map((error) => (
        <li key={error}>{error}</li>
      ))}
    </ul>
  );
}

/** Errors about the form as a whole (wrong password, the scheduler unreachable). */
export function FormErrors({ errors }: { errors?: string[] | undefined }) {
  if (!errors?.length) return null;
  return (
    <div role="alert" className="form-errors">
      <ErrorList errors={errors} />
    </div>
  );
}

interface FieldProps {
  label: ReactNode;
  errors?: string[] | undefined;
  hint?: ReactNode;
}

function useFieldIds(hint: ReactNode, errors: string[] | undefined) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorsId = errors?.length ? `${id}-errors` : undefined;
  return {
    id,
    hintId,
    errorsId,
    control: {
      id,
      'aria-invalid': errorsId ? true : undefined,
      'aria-describedby': [hintId, errorsId].filter(Boolean).join(' ') || undefined,
    },
  };
}

/** The label, hint and errors around one control, which receives the ids that tie them together. */
function Field({
  label,
  errors,
  hint,
  children,
}: FieldProps & { children: (control: ReturnType<typeof useFieldIds>['control']) => ReactNode }) {
  const ids = useFieldIds(hint, errors);
  return (
    <div className="field">
      <label htmlFor={ids.id}>{label}</label>
      {children(ids.control)}
      {hint ? (
        <p id={ids.hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <ErrorList id={ids.errorsId} errors={errors} />
    </div>
  );
}

export function TextField({ label, errors, hint, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Field label={label} errors={errors} hint={hint}>
      {(control) => <input {...input} {...control} />}
    </Field>
  );
}

export function TextareaField({ label, errors, hint, ...textarea }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <Field label={label} errors={errors} hint={hint}>
      {(control) => <textarea {...textarea} {...control} />}
    </Field>
  );
}
