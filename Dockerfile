# syntax=docker/dockerfile:1
# Production image for the Turnero API (which also serves the built front ends from dist/apps/*).

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------------------------------------
# Build stage: install everything, compile, then drop dev dependencies.
# ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app

# Toolchain for native add-ons (argon2 falls back to node-gyp when no prebuild matches).
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*

# The image ships npm 10; package.json's "allowScripts" (only approved install scripts run) is
# honoured by npm 11, the version the lockfile was produced with.
RUN npm install -g npm@11.19.1

# Manifests first so the dependency layer is cached until they change. The workspace's
# packages' package.json files are needed for npm to link node_modules/@turnero/* -> ../../libs/*.
COPY package.json package-lock.json ./
COPY libs/scheduling/package.json libs/scheduling/package.json
COPY libs/api-client/package.json libs/api-client/package.json
COPY libs/ui/package.json libs/ui/package.json
RUN --mount=type=cache,target=/root/.npm npm ci

COPY . .
RUN npm run build \
 && npm prune --omit=dev

# ---------------------------------------------------------------------------------------------
# Runtime stage: production dependencies and compiled output only, run as a non-root user.
# ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0

COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
# Same relative path as in the build stage, so the workspace symlink
# node_modules/@turnero/scheduling -> ../../libs/scheduling keeps resolving.
COPY --from=build /app/libs/scheduling/package.json ./libs/scheduling/package.json
COPY --from=build /app/libs/scheduling/dist ./libs/scheduling/dist
# All of dist/: the API plus any front ends built into dist/apps/web and dist/apps/kiosk-display.
COPY --from=build /app/dist ./dist

# Files stay root-owned (read-only for the app); the process runs as the image's "node" user.
USER node
EXPOSE 3000

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

CMD ["node", "dist/apps/api/main.js"]
