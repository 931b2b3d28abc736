# syntax=docker/dockerfile:1
# Incident Timeline. The bot runs its TypeScript with tsx (a production dependency), so nothing is
# compiled: the build stage checks the types, the runtime stage ships those sources with production
# dependencies only, as a non-root user, with node itself as the process that receives SIGTERM.
ARG NODE_IMAGE=node:20-bookworm-slim

# Type-check the sources with every dependency installed.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY handlers ./handlers
COPY models ./models
COPY jobs ./jobs
RUN npm run typecheck

# Production dependencies only (tsx included).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
# Owned by root and only readable by the bot: it cannot rewrite its own code.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
# From the build stage, so the image only exists if the types check.
COPY --from=build /app/src ./src
COPY --from=build /app/handlers ./handlers
COPY --from=build /app/models ./models
COPY --from=build /app/jobs ./jobs
USER node
EXPOSE 3000
# Every role serves /healthz on PORT (the worker on its own small server); the image has no curl.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
# Exec form: node is the process Docker signals; SIGTERM drains the work in hand and exits 0.
ENTRYPOINT ["node", "--import", "tsx", "src/server.ts"]
# --role web serves Slack, --role worker sends the reminders, --role all does both.
CMD ["--role", "all"]
