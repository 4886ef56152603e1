import { reactRouter } from '@react-router/dev/vite';
// NOTE: Vite is ESM-only and this package is CommonJS; a type-only import needs the
// resolution mode spelled out (https://www.typescriptlang.org/docs/handbook/modules/reference.html#resolution-mode).
import type { UserConfig } from 'vite' with { 'resolution-mode': 'import' };

export default {
  plugins: [reactRouter()],
} satisfies UserConfig;
