import type { PlatformViolation } from '../../../domain/platform-rules';
import { platformName } from '../account';

/** What a platform's rules refuse in a text, each message prefixed with the platform. */
export function ViolationList({ violations }: { violations: PlatformViolation[] }) {
  if (violations.length === 0) return null;
  return (
    <ul className="field-errors">
      {violations.map((violation) => (
        <li key={`${violation.connectionId}-${violation.rule}-${violation.message}`}>
          {platformName(violation.platform)}: {violation.message}
        </li>
      ))}
    </ul>
  );
}
