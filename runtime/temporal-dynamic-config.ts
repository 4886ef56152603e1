// Reads temporal-config/dynamic-config.yaml, the one source of the Temporal server's
// dynamic configuration for the dev server and the compose cluster.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { PROJECT_ROOT } from './paths';

export const DYNAMIC_CONFIG_FILE = path.join(PROJECT_ROOT, 'temporal-config', 'dynamic-config.yaml');

const DynamicConfigSchema = z.record(
  z.string(),
  z.array(z.object({ value: z.unknown(), constraints: z.record(z.string(), z.unknown()).optional() })).min(1),
);

/** `--dynamic-config-value KEY=JSON` flags for the dev server, one per unconstrained value. */
export function dynamicConfigCliFlags(file = DYNAMIC_CONFIG_FILE): string[] {
  const parsed = DynamicConfigSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not Temporal dynamic config: ${parsed.error.message}`);
  return Object.entries(parsed.data).flatMap(([key, values]) => {
    const global = values.find((entry) => !entry.constraints || Object.keys(entry.constraints).length === 0);
    return global ? ['--dynamic-config-value', `${key}=${JSON.stringify(global.value)}`] : [];
  });
}
