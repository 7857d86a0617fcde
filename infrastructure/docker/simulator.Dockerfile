# syntax=docker/dockerfile:1
# The image of one simulator (payment provider, carrier or mail catcher), chosen by build argument; build
# from the repository root:
#   docker build -f infrastructure/docker/simulator.Dockerfile --build-arg SIMULATOR=payment \
#     -t kafka-order-tracking/simulator-payment .
# Each simulator's stage sets its address (ports as in infrastructure/stack.env; listening on every
# interface, since other containers call it) and its probe. The RUN lines call steps.sh.
ARG NODE_IMAGE=node:24-bookworm-slim
ARG SIMULATOR=payment

FROM ${NODE_IMAGE} AS manifests
WORKDIR /app
COPY . .
RUN bash infrastructure/docker/steps.sh manifests

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY --from=manifests /app ./
RUN --mount=type=cache,target=/root/.npm bash infrastructure/docker/steps.sh install
COPY . .
RUN bash infrastructure/docker/steps.sh build infrastructure/simulators

FROM ${NODE_IMAGE} AS production-deps
WORKDIR /app
COPY --from=manifests /app ./
RUN --mount=type=cache,target=/root/.npm bash infrastructure/docker/steps.sh production-deps infrastructure/simulators

# What the three share: production dependencies, the three bundles and the probe, owned by root.
FROM ${NODE_IMAGE} AS simulator
# MALLOC_ARENA_MAX: two malloc arenas keep RSS down (scripts/lib/start-apps.sh has the measurements).
ENV NODE_ENV=production MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=production-deps /app ./
COPY --from=build /app/infrastructure/simulators/dist ./infrastructure/simulators/dist
COPY infrastructure/docker/healthcheck.js ./infrastructure/docker/healthcheck.js
WORKDIR /app/infrastructure/simulators
# Node is PID 1 (exec form): `docker stop` reaches the simulator's own SIGTERM handler.
STOPSIGNAL SIGTERM

FROM simulator AS simulator-payment
ENV PAYMENT_HOST=0.0.0.0 PAYMENT_PORT=8091
EXPOSE 8091
USER node
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "/app/infrastructure/docker/healthcheck.js", "/health", "PAYMENT_PORT"]
CMD ["node", "--enable-source-maps", "--max-semi-space-size=8", "--max-old-space-size=128", "dist/payment/main.js"]

FROM simulator AS simulator-carrier
ENV CARRIER_HOST=0.0.0.0 CARRIER_PORT=8092
EXPOSE 8092
USER node
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "/app/infrastructure/docker/healthcheck.js", "/health", "CARRIER_PORT"]
CMD ["node", "--enable-source-maps", "--max-semi-space-size=8", "--max-old-space-size=128", "dist/carrier/main.js"]

# Received mail is kept in MAIL_DIR (.local/mail under /app by default): the one folder the user may write,
# made here so that a volume mounted on it starts out owned by `node` (uid 1000) too.
FROM simulator AS simulator-mail
ENV MAIL_HOST=0.0.0.0 MAIL_SMTP_PORT=1025 MAIL_HTTP_PORT=8025
WORKDIR /app
RUN mkdir -p .local/mail && chown 1000:1000 .local/mail
WORKDIR /app/infrastructure/simulators
EXPOSE 1025 8025
USER node
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "/app/infrastructure/docker/healthcheck.js", "/health", "MAIL_HTTP_PORT"]
CMD ["node", "--enable-source-maps", "--max-semi-space-size=8", "--max-old-space-size=128", "dist/mail/main.js"]

FROM simulator-${SIMULATOR}
