// Where a client preview link's page lives: the API writes links to it
// (api/previews/service.ts), the web app serves it without the app's session
// (web/utils/client-pages.ts, web/routes/preview.tsx).
export const PREVIEW_PAGE_PATH = '/preview';
