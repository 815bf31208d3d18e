# syntax=docker/dockerfile:1
# The talkbridge gateway. Build: docker build -t talkbridge-gateway . (from the repository root)
# The build stage runs the same steps as .ci/run: the pinned pnpm, a frozen install, the build.

FROM node:20.20-bookworm-slim AS build
WORKDIR /src
RUN npm i -g -E pnpm@12.4.2
COPY . .
RUN pnpm install --frozen-lockfile
RUN pnpm build
# The gateway with its production dependencies only (workspace packages as their built dist/).
RUN pnpm --filter @talkbridge/gateway deploy --prod /out

FROM node:20.20-bookworm-slim
ENV NODE_ENV=production \
    PORT=8080 \
    HOST=0.0.0.0
WORKDIR /app
# Owned by root and not writable by the user the gateway runs as.
COPY --from=build /out /app
USER node
EXPOSE 8080
# Liveness only: readiness (/readyz) is the orchestrator's business, and turns 503 while draining.
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
# Exec form: node is PID 1 and receives SIGTERM itself (no shell in between); the gateway drains and exits.
CMD ["node", "dist/cli.js"]
