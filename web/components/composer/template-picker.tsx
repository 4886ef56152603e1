import { Form, Link } from 'react-router';
import type { TemplateUse } from '../../routes/compose-template.server';
import { FormErrors, TextField } from '../field';

/** The form field of a template variable's value. */
export const variableField = (name: string) => `var.${name}`;

/**
 * "Use a template": choose one of the team's templates, then fill its variables in a small
 * form; the composer below is then filled with it, and stays editable. GET forms, so that
 * they work without JavaScript and outside the composer's own form.
 */
export function TemplatePicker({ templates, use }: { templates: Array<{ id: string; name: string }>; use: TemplateUse | null }) {
  if (templates.length === 0) return null;
  if (use) {
    return (
      <section className="card template-use" aria-labelledby="template-use-heading">
        <h2 id="template-use-heading">Use “{use.name}”</h2>
        <Form method="get" action="/compose" className="stack">
          <input type="hidden" name="template" value={use.id} />
          <input type="hidden" name="fill" value="1" />
          <FormErrors errors={use.errors.form} />
          {use.variables.map((variable) => (
            <TextField
              key={variable.name}
              label={variable.name}
              name={variableField(variable.name)}
              defaultValue={use.values[variable.name] ?? variable.default ?? ''}
              hint={variable.default === undefined ? 'Required' : `Default: ${variable.default}`}
              errors={use.errors[variableField(variable.name)]}
            />
          ))}
          <div className="label-form-actions">
            <button type="submit" className="button">
              Fill the composer
            </button>
            <Link to="/compose" className="button button-secondary">
              Start from scratch
            </Link>
          </div>
        </Form>
      </section>
    );
  }
  return (
    <details className="template-picker">
      <summary>Use a template</summary>
      <Form method="get" action="/compose" className="label-form">
        <div className="field">
          <label htmlFor="template-choice">Template</label>
          <select id="template-choice" name="template">
            {templates.map((template) => (
              <option key={template.id} value={template.id}>
                {template.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-secondary">
          Use this template
        </button>
      </Form>
    </details>
  );
}
