// Liveness and readiness for process managers and load balancers.
import type { Client } from '@temporalio/client';
import { Router } from 'express';
import type { Db } from '../../lib/db';
import { addRoutes, defineRoutes } from '../http/define-routes';
import { json, security } from '../openapi/operation';

const CHECK_TIMEOUT_MS = 2_000;

async function check(probe: () => Promise<unknown>): Promise<'ok' | string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return 'ok';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}

interface HealthDeps {
  db: Db;
  temporal: Client;
}

export const healthEndpoints = defineRoutes<HealthDeps>('', [
  {
    method: 'get',
    path: '/healthz',
    operationId: 'healthz',
    tags: ['health'],
    summary: 'Liveness: the process answers',
    security: security.open,
    responses: { 200: json('Health', 'The process is alive') },
    handler(_req, res) {
      res.json({ status: 'ok' });
    },
  },
  {
    method: 'get',
    path: '/readyz',
    operationId: 'readyz',
    tags: ['health'],
    summary: 'Readiness: the database and Temporal are reachable',
    security: security.open,
    responses: {
      200: json('Readiness', 'Ready'),
      503: json('Readiness', 'Not ready; `checks` says which dependency failed'),
    },
    async handler(_req, res, deps) {
      const [database, temporal] = await Promise.all([
        check(() => deps.db.$queryRaw`SELECT 1`),
        check(() => deps.temporal.connection.workflowService.getSystemInfo({})),
      ]);
      const ready = database === 'ok' && temporal === 'ok';
      res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks: { database, temporal } });
    },
  },
]);

export function healthRoutes(deps: HealthDeps): Router {
  return addRoutes(Router(), healthEndpoints, deps);
}
