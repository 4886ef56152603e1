// `npm install` runs this (postinstall): generates the engine-free Prisma client into
// prisma/generated/.
// NOTE: the CLI reads the engine type through `env("DATABASE_URL")` in the schema; unset,
// it falls back to downloading engines. Generating never connects, so any URL will do.
import { runPrisma } from './prisma-cli';

const PLACEHOLDER_URL = 'postgresql://localhost:5432/planrrr';

runPrisma(['generate'], { DATABASE_URL: process.env.DATABASE_URL ?? PLACEHOLDER_URL })
  .then((output) => console.log(output.trim().split('\n').at(-1)))
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
