// A route is written once: its Express path, its handler and its OpenAPI operation sit in
// one object, and api/openapi/document.ts assembles the operations of every group.
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { Request, RequestHandler, Response, Router } from 'express';
import type { ProblemStatus } from '../openapi/operation';

export interface Endpoint<Deps> extends Omit<RouteConfig, 'method' | 'path'> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** in Express syntax (`/posts/:id`), relative to the group's mount path */
  path: string;
  /** problem+json answers beside `responses`: status → what it means here ('' for the shared description only) */
  problems?: Partial<Record<ProblemStatus, string>>;
  /** Express middleware for this route only, run before the handler */
  before?: RequestHandler[];
  handler(req: Request, res: Response, deps: Deps): void | Promise<void>;
}

export interface RouteGroup<Deps> {
  /** where the group's router is mounted (`''` for the app itself) */
  mountPath: string;
  endpoints: ReadonlyArray<Endpoint<Deps>>;
}

export function defineRoutes<Deps>(mountPath: string, endpoints: ReadonlyArray<Endpoint<Deps>>): RouteGroup<Deps> {
  return { mountPath, endpoints };
}

/** Registers the group's handlers on a router, in the order they are defined (Express matches in that order). */
export function addRoutes<Deps>(router: Router, group: RouteGroup<Deps>, deps: Deps): Router {
  for (const endpoint of group.endpoints) {
    router[endpoint.method](endpoint.path, ...(endpoint.before ?? []), (req: Request, res: Response) => endpoint.handler(req, res, deps));
  }
  return router;
}

/** The path as the OpenAPI document writes it: mount path included, `:id` as `{id}`. */
export function openApiPath(group: RouteGroup<unknown>, endpoint: Endpoint<unknown>): string {
  return `${group.mountPath}${endpoint.path}`.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
