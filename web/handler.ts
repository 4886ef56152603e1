// The web app's Express handler: the client build's files, then React Router's server
// rendering with the services and the request's actor as load context (web/load-context.ts).
// NOTE: it serves the built app (`npm run build:web`) and imports nothing from Vite, so
// the server runs under plain tsx in development and production alike.
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

export async function createWebHandler(deps: { services: Services; config: Config }): Promise<RequestHandler> {
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
  return router;
}
