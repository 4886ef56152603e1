// The web app's Express handler: the client build's files, then React Router's server
// rendering with the services and the request's actor as load context (web/load-context.ts).
// NOTE: it serves the built app (`npm run build:web`) and imports nothing from Vite, a
// development dependency the production image does not hold. `npm run dev` swaps in
// Vite's dev server (runtime/vite-web-app.ts) through serveWebAppWith.
import type { Server } from 'node:http';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createRequestHandler } from '@react-router/express';
import express, { type RequestHandler } from 'express';
import type { ServerBuild } from 'react-router';
import type { Services } from '../api/services';
import type { Config } from '../lib/config';
import { loadContextFactory } from './load-context';

const BUILD_DIR = path.resolve(__dirname, '../build/web');
const SERVER_BUILD_FILE = path.join(BUILD_DIR, 'server/index.js');
const CLIENT_DIR = path.join(BUILD_DIR, 'client');

export interface WebApp {
  handler: RequestHandler;
  /** with Vite: a request for one of the hundreds of modules a page loads, not worth a log line each */
  isModuleRequest?: (url: string) => boolean;
  /** stops Vite's file watcher and hot-reload connections; nothing to stop for the built app */
  close(): Promise<void>;
}

export interface WebAppDeps {
  services: Services;
  config: Config;
  /** the server the app listens on: Vite takes its hot-reload connections there, on the app's own origin */
  httpServer: Server;
}

export type WebAppFactory = (deps: WebAppDeps) => Promise<WebApp>;

async function builtWebApp(deps: WebAppDeps): Promise<WebApp> {
  if (!existsSync(SERVER_BUILD_FILE)) {
    throw new Error(`The web app is not built (${SERVER_BUILD_FILE} is missing): run \`npm run build:web\` first.`);
  }
  // The build is CommonJS (react-router.config.ts), so plain require() loads it under tsx
  // and under Jest alike.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const build = require(SERVER_BUILD_FILE) as ServerBuild;

  const router = express.Router();
  // File names under /assets carry a content hash: they never change.
  router.use('/assets', express.static(path.join(CLIENT_DIR, 'assets'), { immutable: true, maxAge: '1y', index: false }));
  router.use(express.static(CLIENT_DIR, { maxAge: '1h', index: false }));
  router.use(createRequestHandler({ build, mode: deps.config.NODE_ENV, getLoadContext: loadContextFactory(deps) }));
  return { handler: router, close: async () => undefined };
}

let webAppFactory: WebAppFactory = builtWebApp;

/** For `npm run dev` (runtime/dev-server.ts), before the server starts: the app from another source than the build. */
export function serveWebAppWith(factory: WebAppFactory): void {
  webAppFactory = factory;
}

export function createWebApp(deps: WebAppDeps): Promise<WebApp> {
  return webAppFactory(deps);
}
