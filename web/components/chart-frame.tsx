import type { ReactElement } from 'react';
import { ResponsiveContainer } from 'recharts';

/** Charts measure their box, which only the browser has: the server renders the frame. */
export function ChartFrame({
  hydrated,
  label,
  small,
  children,
}: {
  hydrated: boolean;
  label: string;
  small?: boolean;
  children: ReactElement;
}) {
  return (
    <div className={small ? 'chart chart-small' : 'chart'} role="figure" aria-label={label}>
      {hydrated ? (
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      ) : null}
    </div>
  );
}
