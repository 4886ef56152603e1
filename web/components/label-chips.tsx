/** A post's labels as coloured chips. */
export function LabelChips({ labels }: { labels: ReadonlyArray<{ id: string; name: string; colour: string }> }) {
  if (labels.length === 0) return null;
  return (
    <ul className="label-chips" aria-label="Labels">
      {labels.map((label) => (
        <li key={label.id} className="label-chip">
          <span className="label-swatch" style={{ backgroundColor: label.colour }} aria-hidden="true" />
          {label.name}
        </li>
      ))}
    </ul>
  );
}
