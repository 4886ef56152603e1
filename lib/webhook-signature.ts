// How planrrr signs webhook requests (documented for receivers in the README):
// `Planrrr-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
// The timestamp inside the signed text lets receivers refuse replays of old requests.
import { createHmac } from 'node:crypto';
import { randomToken } from './crypto';

export const SIGNATURE_HEADER = 'Planrrr-Signature';
export const EVENT_HEADER = 'Planrrr-Event';
export const DELIVERY_HEADER = 'Planrrr-Delivery';

/** Recognisable in logs and secret scanners. */
const SECRET_PREFIX = 'whsec_';

export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomToken(32)}`;
}

export function webhookSignature(secret: string, body: string, timestampSeconds: number): string {
  const hmac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${hmac}`;
}
