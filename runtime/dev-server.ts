// The server process of `npm run dev`: api/main.ts with the web app served by Vite from its
// sources (runtime/vite-web-app.ts) instead of the build. Vite is a development dependency:
// the production image runs api/main.ts, which never loads this file.
import { serveWebAppWith } from '../web/handler';
import { createViteWebApp } from './vite-web-app';

serveWebAppWith(createViteWebApp);
// NOTE: required after the swap, not imported (imports run first): api/main.ts starts the server as it loads.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('../api/main');
