// A post's label as the team named and coloured it. The colour is a swatch beside the
// name, so any colour a team picks leaves the name readable.
import type { CSSProperties } from 'react';

export interface LabelSummary {
  id: string;
  name: string;
  /** #rrggbb (api/labels) */
  colour: string;
}

export function LabelChip({ label }: { label: LabelSummary }) {
  return (
    <span className="label-chip" style={{ '--label-colour': label.colour } as CSSProperties}>
      <span className="label-swatch" aria-hidden="true" />
      {label.name}
    </span>
  );
}

export function LabelChips({ labels }: { labels: readonly LabelSummary[] }) {
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
