// Where the REST API and its description are served; a module of its own so route tables
// and the document can both import it without importing each other.
export const API_BASE = '/api/v1';
export const OPENAPI_PATH = `${API_BASE}/openapi.json`;
export const DOCS_PATH = '/api/docs';
