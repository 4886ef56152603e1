// The response's Content-Security-Policy nonce (api/http/content-security-policy.ts) for the
// inline scripts the document renders. Only the server render knows it (web/entry.server.tsx).
// In the browser it is empty, as browsers hide a script's nonce from the page once it is
// read: given to <Scripts> and <ScrollRestoration> explicitly, it matches the hydrated HTML,
// where React Router's own fallback (the server's nonce, none in the browser) would not.
import { createContext, useContext } from 'react';

export const CspNonceContext = createContext('');

export function useCspNonce(): string {
  return useContext(CspNonceContext);
}
