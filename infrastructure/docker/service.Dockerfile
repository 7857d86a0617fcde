# syntax=docker/dockerfile:1
# The image of one service, chosen by build argument; build from the repository root:
#   docker build -f infrastructure/docker/service.Dockerfile --build-arg SERVICE=order-service \
#     --build-arg SERVICE_PORT=8081 -t kafka-order-tracking/order-service .
# SERVICE_PORT is the service's port in infrastructure/stack.env (<NAME>_SERVICE_PORT). `--target migrations`
# builds the one-shot job that applies every service's migrations (docker-compose.yml runs it first).
# The RUN lines call steps.sh; dockerfile.int.test.ts runs these stages without Docker.
ARG NODE_IMAGE=node:24-bookworm-slim

# Only the manifests, so the `npm ci` layers below are rebuilt when a dependency changes, not on every edit.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /app
COPY . .
RUN bash infrastructure/docker/steps.sh manifests

# Every package with its dev dependencies, the sources and the generated Prisma clients.
FROM ${NODE_IMAGE} AS workspace
WORKDIR /app
COPY --from=manifests /app ./
RUN --mount=type=cache,target=/root/.npm bash infrastructure/docker/steps.sh install
COPY . .
RUN bash infrastructure/docker/steps.sh generate

FROM workspace AS build
ARG SERVICE
RUN bash infrastructure/docker/steps.sh build services/${SERVICE}

# The service's production dependencies, in the lockfile's layout: dist/ requires a package nested under a
# workspace (shared-models/*/node_modules) by its relative path, so the tree must look as it does in the clone.
FROM ${NODE_IMAGE} AS production-deps
ARG SERVICE
WORKDIR /app
COPY --from=manifests /app ./
RUN --mount=type=cache,target=/root/.npm bash infrastructure/docker/steps.sh production-deps services/${SERVICE}

# Applies every service's migrations to the database `kot`, each as its own role, like the native path.
FROM workspace AS migrations
USER node
CMD ["bash", "scripts/lib/migrate.sh", "kot"]

FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
ARG SERVICE_PORT
RUN test -n "${SERVICE}" && test -n "${SERVICE_PORT}" || { echo "--build-arg SERVICE and SERVICE_PORT are required" >&2; exit 2; }
# Every interface: in a container, probes and other services arrive on the container's own address.
# MALLOC_ARENA_MAX: two malloc arenas keep RSS down (scripts/lib/start-apps.sh has the measurements).
ENV NODE_ENV=production LISTEN_HOST=0.0.0.0 MALLOC_ARENA_MAX=2
ENV SERVICE_PORT=${SERVICE_PORT}
WORKDIR /app
COPY --from=production-deps /app ./
COPY --from=build /app/services/${SERVICE}/dist ./services/${SERVICE}/dist
# `npx prisma migrate deploy` in the service folder works from this image too (the Kubernetes Job runs it):
# the schema, its migrations, prisma.config.ts and the migration adapter it imports from @kot/postgres.
COPY --from=build /app/services/${SERVICE}/prisma ./services/${SERVICE}/prisma
COPY --from=build /app/services/${SERVICE}/prisma.config.ts ./services/${SERVICE}/prisma.config.ts
COPY --from=build /app/shared-models/postgres/src ./shared-models/postgres/src
COPY infrastructure/docker/healthcheck.js ./infrastructure/docker/healthcheck.js
# Root owns the files; the process runs as the image's unprivileged `node` user and writes nothing here.
USER node
WORKDIR /app/services/${SERVICE}
EXPOSE ${SERVICE_PORT}
# Node itself is PID 1 (exec form, no shell or npm in between), so `docker stop` reaches the service's
# SIGTERM handler, which drains: HTTP first, then the consumer and the outbox, then Postgres. The command
# is the package's npm `start` script (docker-compose.apps.unit.test.ts holds them equal).
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "/app/infrastructure/docker/healthcheck.js", "/health/ready", "SERVICE_PORT"]
CMD ["node", "--enable-source-maps", "--max-semi-space-size=8", "--max-old-space-size=128", "dist/main.js"]
