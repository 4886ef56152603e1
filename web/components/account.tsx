// A connected account as users recognise it, with the demo channel always marked as one.
import type { Platform } from '../../domain/post';

const PLATFORM_NAMES: Record<Platform, string> = {
  DEMO: 'Demo channel',
  MASTODON: 'Mastodon',
  BLUESKY: 'Bluesky',
  X: 'X',
  FACEBOOK: 'Facebook',
  INSTAGRAM: 'Instagram',
  YOUTUBE: 'YouTube',
  LINKEDIN: 'LinkedIn',
};

export function platformName(platform: Platform): string {
  return PLATFORM_NAMES[platform];
}

export const DEMO_EXPLANATION = 'The demo channel publishes to a feed inside planrrr, not to a real social network.';

export function DemoBadge() {
  return (
    <span className="badge badge-demo" title={DEMO_EXPLANATION}>
      Demo
    </span>
  );
}

export function AccountName({ platform, handle, displayName }: { platform: Platform; handle: string; displayName: string }) {
  return (
    <span className="account">
      {platform === 'DEMO' ? <DemoBadge /> : <span className="platform">{PLATFORM_NAMES[platform]}</span>}{' '}
      <span className="account-name">{displayName}</span>
      {platform === 'DEMO' ? null : <span className="account-handle"> {handle}</span>}
    </span>
  );
}
