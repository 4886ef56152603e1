// Serves the OpenAPI document at /api/v1/openapi.json and a browsable rendering of it at
// /api/docs. The page is generated here, with no scripts and no CDN, so it works offline
// and under the app's Content-Security-Policy.
import type { OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { addRoutes, defineRoutes } from '../http/define-routes';
import { JSON_TYPE, security } from './operation';
import { DOCS_PATH, OPENAPI_PATH } from './paths';

type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function pre(value: unknown): string {
  return `<pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre>`;
}

interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  security?: Array<Record<string, unknown>>;
  parameters?: Array<{ name: string; in: string; required?: boolean; description?: string; schema?: unknown }>;
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

function renderOperation(method: string, path: string, operation: Operation): string {
  const id = operation.operationId ?? `${method}-${path}`;
  const parts: string[] = [
    `<section class="op" id="${escapeHtml(id)}">`,
    `<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>`,
  ];
  if (operation.summary) parts.push(`<p>${escapeHtml(operation.summary)}</p>`);
  if (operation.description) parts.push(`<p>${escapeHtml(operation.description)}</p>`);
  const security = operation.security ?? [];
  parts.push(
    `<p><b>Auth:</b> ${
      security.length === 0
        ? 'none'
        : security
            .map((s) => Object.keys(s).join(' + '))
            .map(escapeHtml)
            .join(' or ')
    }</p>`,
  );
  if (operation.parameters?.length) {
    parts.push('<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>required</th><th>schema</th></tr>');
    for (const p of operation.parameters) {
      parts.push(
        `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${escapeHtml(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td><code>${escapeHtml(JSON.stringify(p.schema))}</code></td></tr>`,
      );
    }
    parts.push('</table>');
  }
  for (const [type, media] of Object.entries(operation.requestBody?.content ?? {})) {
    parts.push(`<h4>Request body <small>${escapeHtml(type)}</small></h4>${pre(media.schema)}`);
  }
  parts.push('<h4>Responses</h4>');
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    parts.push(`<div class="response"><b>${escapeHtml(status)}</b> ${escapeHtml(response.description ?? '')}`);
    for (const [type, media] of Object.entries(response.content ?? {})) {
      parts.push(`<div><small>${escapeHtml(type)}</small> <code>${escapeHtml(JSON.stringify(media.schema))}</code></div>`);
    }
    parts.push('</div>');
  }
  parts.push('</section>');
  return parts.join('\n');
}

export function renderDocsPage(document: OpenApiDocument): string {
  const operations: string[] = [];
  const index: string[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (!operation) continue;
      const id = operation.operationId ?? `${method}-${path}`;
      index.push(
        `<li><a href="#${escapeHtml(id)}"><b>${method.toUpperCase()}</b> ${escapeHtml(path)}</a> ${escapeHtml(operation.summary ?? '')}</li>`,
      );
      operations.push(renderOperation(method, path, operation));
    }
  }
  const schemas = Object.entries(document.components?.schemas ?? {})
    .map(([name, schema]) => `<section class="schema" id="schema-${escapeHtml(name)}"><h3>${escapeHtml(name)}</h3>${pre(schema)}</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)} — API reference</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 70rem; margin: 0 auto; padding: 1rem 2rem; color: #1a1a1a; }
code, pre { font-family: ui-monospace, monospace; font-size: 0.85rem; }
pre { background: #f5f5f5; padding: 0.75rem; overflow-x: auto; }
.op { border-top: 1px solid #ddd; padding: 0.5rem 0; }
.method { display: inline-block; min-width: 4.5rem; padding: 0.1rem 0.4rem; border-radius: 4px; color: #fff; background: #555; text-align: center; }
.get { background: #2b7bb9; } .post { background: #2e8b57; } .patch { background: #b8860b; } .delete { background: #b22222; }
table { border-collapse: collapse; } td, th { border: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: left; }
.response { margin: 0.25rem 0; }
</style>
</head>
<body>
<h1>${escapeHtml(document.info.title)} <small>v${escapeHtml(document.info.version)}</small></h1>
<p>${escapeHtml(document.info.description ?? '')}</p>
<p>Machine-readable: <a href="${OPENAPI_PATH}"><code>${OPENAPI_PATH}</code></a> (OpenAPI ${escapeHtml(document.openapi)}).</p>
<h2>Operations</h2>
<ul>${index.join('\n')}</ul>
${operations.join('\n')}
<h2>Schemas</h2>
${schemas}
</body>
</html>
`;
}

/**
 * The document comes in as a dependency (api/app.ts passes it): the document lists these
 * routes too, so importing it here would make the two modules import each other.
 */
interface DocsDeps {
  document(): OpenApiDocument;
  /** the rendered page, built on its first request */
  html?: string;
}

/** Mounted on the app itself (not the /api/v1 router): the paths lie on both sides of /api/v1. */
export const docsEndpoints = defineRoutes<DocsDeps>('', [
  {
    method: 'get',
    path: OPENAPI_PATH,
    operationId: 'getOpenApiDocument',
    tags: ['docs'],
    summary: 'This OpenAPI 3.1 document',
    security: security.open,
    responses: { 200: { description: 'The document', content: { [JSON_TYPE]: { schema: { type: 'object' } } } } },
    handler(_req, res, { document }) {
      res.json(document());
    },
  },
  {
    method: 'get',
    path: DOCS_PATH,
    operationId: 'getApiDocs',
    tags: ['docs'],
    summary: 'Browsable API documentation (HTML rendering of this document)',
    security: security.open,
    responses: { 200: { description: 'An HTML page', content: { 'text/html': { schema: { type: 'string' } } } } },
    handler(_req, res, deps) {
      deps.html ??= renderDocsPage(deps.document());
      res.type('html').send(deps.html);
    },
  },
]);

export function openApiRoutes(document: () => OpenApiDocument): Router {
  return addRoutes(Router(), docsEndpoints, { document });
}
