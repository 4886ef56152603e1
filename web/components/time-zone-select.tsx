// The IANA zone a time is read in, chosen from the runtime's list (the composer's per-post
// zone, a series' zone). A zone missing from the list (an older runtime's name) stays offered.

export function TimeZoneSelect({
  timeZone,
  timeZones,
  onChange,
  id,
  describedBy,
}: {
  timeZone: string;
  timeZones: string[];
  onChange: (timeZone: string) => void;
  /** with an id, a visible label names it; without, it is labelled "Time zone" */
  id?: string;
  describedBy?: string | undefined;
}) {
  return (
    <select
      id={id}
      name="timeZone"
      aria-label={id ? undefined : 'Time zone'}
      aria-describedby={describedBy}
      value={timeZone}
      onChange={(event) => onChange(event.target.value)}
    >
      {(timeZones.includes(timeZone) ? timeZones : [timeZone, ...timeZones]).map((zone) => (
        <option key={zone} value={zone}>
          {zone.replaceAll('_', ' ')}
        </option>
      ))}
    </select>
  );
}
