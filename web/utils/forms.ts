// Form errors as the pages render them: messages by field name, `form` for the form as a whole.
export type FieldErrors = Partial<Record<string, string[]>>;

/** What an action answers when a form must be corrected: the errors and the values to refill. */
export interface FormFailure<Fields> {
  errors: FieldErrors;
  fields: Fields;
}
