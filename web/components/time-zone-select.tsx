// A time-zone choice: the IANA zones, read with spaces, the current one always among them
// (a zone this runtime does not list, or UTC, which some do not).
import type { SelectHTMLAttributes } from 'react';

export function TimeZoneSelect({
  timeZones,
  current,
  ...select
}: SelectHTMLAttributes<HTMLSelectElement> & {
  /** the zones to choose from */
  timeZones: readonly string[];
  /** the zone chosen now */
  current: string;
}) {
  return (
    <select {...select}>
      {(timeZones.includes(current) ? timeZones : [current, ...timeZones]).map((zone) => (
        <option key={zone} value={zone}>
          {zone.replaceAll('_', ' ')}
        </option>
      ))}
    </select>
  );
}
