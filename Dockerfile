# syntax=docker/dockerfile:1
# AuthMaster's production image: `docker build -t authmaster .` then
# `docker run -p 3000:3000 -v authmaster-data:/data -e ISSUER=https://auth.example.com authmaster`.
# test/packaging/production-build.test.ts runs this file's build and start commands outside Docker.

# --- build: every dependency (tsc, and a compiler for better-sqlite3 if no prebuilt binary fits) ---
FROM node:22-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json openapi.yaml ./
COPY src ./src
COPY adapters ./adapters
COPY projections ./projections
COPY tools ./tools
RUN npm run build
# Production dependencies only (better-sqlite3 keeps the native module built above).
RUN npm prune --omit=dev --no-audit --no-fund

# --- runtime: compiled JavaScript, production dependencies, no compiler, no TypeScript sources ---
FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY LICENSE README.md ./
# The event log, the read models and (without KEY_ENCRYPTION_KEY) the generated key-encryption key
# live in /data: mount a volume there. The image runs as the unprivileged `node` user.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
# Slim images have no curl: Node's fetch asks /healthz (the store answers) on the configured port.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--max-old-space-size=128", "--max-semi-space-size=4", "--v8-pool-size=1", "dist/src/composition/server.main.js"]
