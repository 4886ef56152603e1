// A connected account as users recognise it: its picture (or initials) with its platform's
// icon, its name and handle, and the demo channel always marked as one.
import type { CSSProperties } from 'react';
import { platformName, type Platform } from '../../domain/post';
import { platformDefinition } from '../../platforms';

export { platformName };

/** Decorative: the platform's name is always written beside it. */
export function PlatformIcon({ platform }: { platform: Platform }) {
  const definition = platformDefinition(platform);
  return (
    <span
      className={`platform-icon platform-${platform.toLowerCase()}`}
      style={{ '--platform-colour': definition.colour } as CSSProperties}
      aria-hidden="true"
    >
      {definition.monogram}
    </span>
  );
}

/** The first letters of the name's first two words, for an account without a picture. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  return words
    .slice(0, 2)
    .map((word) => Array.from(word)[0]!.toUpperCase())
    .join('');
}

const AVATAR_PIXELS = 28;

/**
 * The account's picture, served by planrrr (api/connections: stored at connect), or its
 * initials; its platform's icon as a badge. Decorative: the name and handle stand beside it.
 */
export function AccountAvatar({ platform, displayName, avatarUrl }: { platform: Platform; displayName: string; avatarUrl: string | null }) {
  return (
    <span className="account-avatar">
      {avatarUrl ? (
        <img
          src={avatarUrl}
          alt=""
          width={AVATAR_PIXELS}
          height={AVATAR_PIXELS}
          loading="lazy"
          decoding="async"
          className="account-avatar-image"
        />
      ) : (
        <span className="account-avatar-initials" aria-hidden="true">
          {initials(displayName)}
        </span>
      )}
      <PlatformIcon platform={platform} />
    </span>
  );
}

export const DEMO_EXPLANATION = 'The demo channel publishes to a feed inside planrrr, not to a real social network.';

export function DemoBadge() {
  return (
    <span className="badge badge-demo" title={DEMO_EXPLANATION}>
      Demo
    </span>
  );
}

/** With `avatarUrl` (a URL, or null for none) the account's avatar comes first. */
export function AccountName({
  platform,
  handle,
  displayName,
  avatarUrl,
}: {
  platform: Platform;
  handle: string;
  displayName: string;
  avatarUrl?: string | null;
}) {
  const name = (
    <span className="account">
      {platform === 'DEMO' ? <DemoBadge /> : <span className="platform">{platformName(platform)}</span>}{' '}
      <span className="account-name">{displayName}</span>
      {/* a Discord webhook's name is both its name and its handle: once is enough */}
      {platform === 'DEMO' || handle === displayName ? null : <span className="account-handle"> {handle}</span>}
    </span>
  );
  if (avatarUrl === undefined) return name;
  return (
    <span className="account-with-avatar">
      <AccountAvatar platform={platform} displayName={displayName} avatarUrl={avatarUrl} />
      {name}
    </span>
  );
}
