import { ErrorList } from '../field';

export interface LabelChoice {
  id: string;
  name: string;
  colour: string;
}

/** The team's labels to put on the post; managed on the Labels page. */
export function LabelPicker({ labels, initial, errors }: { labels: LabelChoice[]; initial: string[]; errors: string[] | undefined }) {
  if (labels.length === 0) return null;
  const chosen = new Set(initial);
  return (
    <fieldset className="field" aria-describedby={errors ? 'labelIds-errors' : undefined}>
      <legend>Labels</legend>
      <ul className="label-picker">
        {labels.map((label) => (
          <li key={label.id}>
            <label className="label-choice">
              <input type="checkbox" name="labelIds" value={label.id} defaultChecked={chosen.has(label.id)} />
              <span className="label-swatch" style={{ backgroundColor: label.colour }} aria-hidden="true" />
              {label.name}
            </label>
          </li>
        ))}
      </ul>
      <ErrorList id="labelIds-errors" errors={errors} />
    </fieldset>
  );
}
