// The SDK's types must be those of the OpenAPI document the server serves. The generator
// runs as its own process: openapi-typescript loads ES modules that jest's CommonJS sandbox cannot.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

jest.setTimeout(60_000);

test("sdk/openapi.generated.ts is what `npm run sdk:generate` writes from today's OpenAPI document", async () => {
  const generator = path.join(__dirname, '..', 'runtime', 'generate-sdk.ts');
  await expect(promisify(execFile)(process.execPath, ['--import', 'tsx', generator, '--check'])).resolves.toBeDefined();
});
