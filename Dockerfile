# syntax=docker/dockerfile:1
#
# planrrr's one image. The command picks the role (docker-compose.yml runs all three):
#   API and web server (default)  node build/server.js   (compiled from api/main.ts)
#   worker                        node build/worker.js   (compiled from worker/main.ts)
#   database migrations (one-shot) npm run db:migrate
#
# Build it on its own with `docker build -t planrrr .`; `docker compose up --build` builds
# it for the compose stack. tests/deployment/compose.test.ts checks this file statically.

# Node 24 is the current LTS; planrrr also runs on Node 20.19+ and 22 (package.json engines).
ARG NODE_IMAGE=node:24-bookworm-slim

# ---- build: every dependency, the Prisma client, the compiled server and worker, the web app and the workflow bundle ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# NODE_ENV stays unset here: `npm ci` must install the devDependencies the build needs.
# CHECKPOINT_DISABLE: no Prisma update check (a call to checkpoint.prisma.io).
ENV CHECKPOINT_DISABLE=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

COPY package.json package-lock.json ./
# --ignore-scripts: no dependency's install script runs. That is what npm 11 does on the
# build machines, and nothing relies on one (Prisma's would download engines that the
# engine-free setup never uses). The image's npm (10.x) would run them otherwise.
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts

COPY . .
# The project's own postinstall (skipped above) generates the engine-free Prisma client
# into prisma/generated; the build (runtime/build.ts) writes build/server.js, build/worker.js,
# build/web and build/workflow-bundle.js. Then the devDependencies go: tsx (the migrations and
# the worker's health check), prisma and everything else the processes load at run time are
# production dependencies.
RUN npm run postinstall \
 && npm run build \
 && npm prune --omit=dev --ignore-scripts

# ---- runtime: production node_modules, the built assets and the TypeScript sources tsx runs (migrations, health check) ----
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
# WORKFLOW_BUNDLE_PATH: workers load the prebuilt bundle instead of bundling at start-up.
ENV NODE_ENV=production \
    WORKFLOW_BUNDLE_PATH=/app/build/workflow-bundle.js \
    CHECKPOINT_DISABLE=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false

# The image keeps the repository's layout under /app (code finds build/ and prisma/ by
# relative paths). Everything is owned by root and only readable by the process.
COPY --from=build /app/package.json /app/package-lock.json /app/tsconfig.json /app/prisma.config.ts ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/build ./build
# schema, migrations (for db:migrate) and the generated client
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/activities ./activities
COPY --from=build /app/api ./api
COPY --from=build /app/domain ./domain
COPY --from=build /app/lib ./lib
COPY --from=build /app/mcp ./mcp
COPY --from=build /app/platforms ./platforms
COPY --from=build /app/runtime ./runtime
COPY --from=build /app/sdk ./sdk
COPY --from=build /app/temporal-config ./temporal-config
COPY --from=build /app/web ./web
COPY --from=build /app/worker ./worker
COPY --from=build /app/workflows ./workflows

# The media store's directory when no S3 bucket is configured (docker-compose.yml mounts a
# volume here; a new named volume takes this folder's owner, so `node` can write to it).
RUN mkdir -p /var/lib/planrrr/media && chown node:node /var/lib/planrrr/media

# `node` (uid 1000) comes with the base image.
USER node
EXPOSE 3000

# Liveness of the HTTP server, with node because slim images have no curl. The worker and
# the migration job replace or disable this in docker-compose.yml.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((res) => process.exit(res.ok ? 0 : 1), () => process.exit(1))"]

CMD ["node", "build/server.js"]
