// A team's labels as posts wear them: the label's colour as a dot beside its name. The name
// carries the meaning and keeps the page's text colour, so any colour stays readable.

export interface LabelLook {
  name: string;
  colour: string;
}

export function LabelChip({ label }: { label: LabelLook }) {
  return (
    <span className="label-chip">
      <span className="label-dot" style={{ backgroundColor: label.colour }} aria-hidden="true" />
      {label.name}
    </span>
  );
}

/** A post's labels, or nothing when it has none. */
export function LabelChips({ labels }: { labels: readonly (LabelLook & { id: string })[] }) {
  if (labels.length === 0) return null;
  return (
    <ul className="label-chips" aria-label="Labels">
      {labels.map((label) => (
        <li key={label.id}>
          <LabelChip label={label} />
        </li>
      ))}
    </ul>
  );
}
