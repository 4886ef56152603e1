// Reading planrrr's OpenAPI document as a client that knows nothing else: operations by
// id, URLs built from the spec's paths, request and response bodies validated with a
// JSON Schema 2020-12 validator against the schemas the spec declares.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ApiClient, type ApiResponse } from './harness';

type Json = Record<string, any>;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
/** the document's $id inside the validator, so schemas are referenced by JSON pointer */
const SPEC_ID = 'openapi.json';

export interface SpecOperation {
  method: string;
  path: string;
  operation: Json;
}

/** Every operation under the document's paths. */
export function operations(document: Json): SpecOperation[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => (item as Json)[method]).map((method) => ({ method, path, operation: (item as Json)[method] as Json })),
  );
}

function pointer(...segments: string[]): string {
  return segments.map((segment) => segment.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

export class SpecViolation extends Error {
  override name = 'SpecViolation';
}

/** A client for one server, driven only by that server's published document. */
export class SpecClient {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });

  constructor(
    readonly spec: Json,
    private http: ApiClient,
  ) {
    addFormats(this.ajv);
    this.ajv.addSchema(spec, SPEC_ID);
  }

  static async fetch(baseUrl: string, specPath: string): Promise<SpecClient> {
    const response = await fetch(`${baseUrl}${specPath}`);
    if (!response.ok) throw new Error(`GET ${specPath} answered ${response.status}`);
    return new SpecClient((await response.json()) as Json, new ApiClient(baseUrl));
  }

  /** Further calls authenticate with this bearer token instead of the session. */
  useToken(token: string): void {
    this.http = this.http.withToken(token);
  }

  operation(operationId: string): SpecOperation {
    const found = operations(this.spec).find(({ operation }) => operation.operationId === operationId);
    if (!found) throw new SpecViolation(`The spec has no operation ${operationId}`);
    return found;
  }

  /** Calls an operation: checks the request against the spec, then the response. */
  async call<T = any>(
    operationId: string,
    request: { params?: Record<string, string>; headers?: Record<string, string>; body?: unknown } = {},
  ): Promise<ApiResponse<T>> {
    const { method, path, operation } = this.operation(operationId);
    const parameters = (operation.parameters ?? []) as Json[];
    const declared = parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name as string);
    const declaredHeaders = parameters
      .filter((parameter) => parameter.in === 'header')
      .map((parameter) => String(parameter.name).toLowerCase());
    for (const name of Object.keys(request.headers ?? {})) {
      if (!declaredHeaders.includes(name.toLowerCase())) throw new SpecViolation(`${operationId} declares no header ${name}`);
    }
    const url = path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
      const value = request.params?.[name];
      if (!declared.includes(name) || value === undefined) throw new SpecViolation(`${operationId}: no value for path parameter ${name}`);
      return encodeURIComponent(value);
    });
    if (request.body !== undefined) {
      if (!operation.requestBody?.content?.['application/json']) throw new SpecViolation(`${operationId} takes no JSON body`);
      this.check(request.body, ['paths', path, method, 'requestBody', 'content', 'application/json', 'schema'], `${operationId} request`);
    }
    const response = await this.http.request<T>(method.toUpperCase(), url, request.body, request.headers);
    const status = String(response.status);
    const entry = operation.responses?.[status] ? status : operation.responses?.default ? 'default' : undefined;
    if (!entry)
      throw new SpecViolation(`${operationId} answered ${status}, which the spec does not declare: ${JSON.stringify(response.body)}`);
    const content = operation.responses[entry].content as Json | undefined;
    const contentType = response.headers.get('content-type')?.split(';')[0]?.trim() ?? '';
    if (content) {
      if (!content[contentType])
        throw new SpecViolation(`${operationId} ${status}: content type ${contentType} is not one of ${Object.keys(content).join(', ')}`);
      this.check(response.body, ['paths', path, method, 'responses', entry, 'content', contentType, 'schema'], `${operationId} ${status}`);
    } else if (response.body !== undefined) {
      throw new SpecViolation(`${operationId} ${status} is declared without a body but answered ${JSON.stringify(response.body)}`);
    }
    return response;
  }

  /** Checks a webhook request body against the spec's `webhooks` entry for the event. */
  checkWebhook(event: string, body: unknown): void {
    if (!this.spec.webhooks?.[event]?.post) throw new SpecViolation(`The spec declares no webhook ${event}`);
    this.check(body, ['webhooks', event, 'post', 'requestBody', 'content', 'application/json', 'schema'], `webhook ${event}`);
  }

  private check(value: unknown, at: string[], what: string): void {
    const validate = this.ajv.compile({ $ref: `${SPEC_ID}#/${pointer(...at)}` });
    if (!validate(value)) {
      throw new SpecViolation(`${what} does not match the spec: ${this.ajv.errorsText(validate.errors)}; value ${JSON.stringify(value)}`);
    }
  }
}
