// The web app served from its sources by Vite, for `npm run dev`: React Router's custom-server
// setup. Vite runs in middleware mode on the server's own HTTP server (its hot-reload socket
// shares the app's origin), and the server build is loaded through Vite on each request, so
// an edit under web/ reaches the browser without a build or a restart.
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { createRequestHandler } from '@react-router/express';
import express from 'express';
import type { ServerBuild } from 'react-router';
import type { WebApp, WebAppDeps } from '../web/handler';
import { loadContextFactory } from '../web/load-context';
import { PROJECT_ROOT } from './paths';

/** Vite's own paths (`/@vite/client`, `/@fs/…`, `/node_modules/.vite/…`) and source files (`/web/root.tsx?t=…`) */
const MODULE_URL = /^\/(@|node_modules\/)|\.(tsx?|jsx?|css)(\?|$)/;

export async function createViteWebApp(deps: WebAppDeps): Promise<WebApp> {
  // NOTE: Vite is ESM-only; a dynamic import loads it from this CommonJS package.
  const { createServer } = await import('vite');
  const vite = await createServer({
    root: PROJECT_ROOT,
    server: {
      middlewareMode: true,
      hmr: { server: deps.httpServer },
      // NOTE: Vite serves files only from allowed folders, and a git worktree may link its node_modules from another checkout.
      fs: { allow: [PROJECT_ROOT, realpathSync(path.join(PROJECT_ROOT, 'node_modules'))] },
    },
  });
  const router = express.Router();
  router.use(vite.middlewares);
  router.use(
    createRequestHandler({
      build: () => vite.ssrLoadModule('virtual:react-router/server-build') as Promise<ServerBuild>,
      mode: deps.config.NODE_ENV,
      getLoadContext: loadContextFactory(deps),
    }),
  );
  return { handler: router, isModuleRequest: (url) => MODULE_URL.test(url), close: () => vite.close() };
}
