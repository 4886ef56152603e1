import { readFileSync } from 'node:fs';
import { CONFIGURATION_DOC_PATH, REGENERATE_COMMAND, withGeneratedConfigTables } from '../runtime/config-docs';

test('docs/configuration.md lists every variable lib/config.ts reads, with its default and description', () => {
  const written = readFileSync(CONFIGURATION_DOC_PATH, 'utf8');
  const rendered = withGeneratedConfigTables(written);
  if (written !== rendered) {
    throw new Error(`docs/configuration.md differs from lib/config.ts: run \`${REGENERATE_COMMAND}\` and commit the result.`);
  }
});
