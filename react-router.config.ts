import type { Config } from '@react-router/dev/config';

export default {
  appDirectory: 'web',
  buildDirectory: 'build/web',
  ssr: true,
  // NOTE: the project is a CommonJS package, so Node would read an ESM `index.js` as
  // CommonJS; web/handler.ts imports this CommonJS server build instead.
  serverModuleFormat: 'cjs',
} satisfies Config;
