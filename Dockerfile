# syntax=docker/dockerfile:1
# The placement decision service. Three stages: production dependencies, the build, and a
# small runtime that holds only dist/ (with the shipped matrices), those dependencies and
# package.json (its "type": "module" makes Node read dist/ as ES modules).

# Production dependencies only. better-sqlite3 13 loads a prebuilt Node-API binary for
# linux x64/arm64 (glibc) from its own package, so no compiler is needed here.
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# Compiles the TypeScript, copies the matrices next to it and bundles the decision explorer
# page into dist/explorer (npm run build).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
COPY scripts ./scripts
COPY web ./web
RUN npm run build

FROM node:24-bookworm-slim AS runtime
# tini as PID 1 passes SIGTERM on to Node (which drains and exits) and reaps zombies.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="placement-decision-service" \
      org.opencontainers.image.description="Recommends container, microVM, VM or hybrid placement for a workload from a versioned decision matrix" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.base.name="docker.io/library/node:24-bookworm-slim"
# DATABASE_URL is left to the deployment (the default is sqlite:data/placement.db, i.e. the
# data volume), so DATABASE_URL_FILE can be used without clashing with a value set here.
ENV NODE_ENV=production
WORKDIR /app
# Files stay owned by root and are only readable by the service's user; the root
# filesystem can be mounted read-only. The service writes only to the data volume
# (SQLite, when no Postgres URL is given) and /tmp.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
# Numeric, so Kubernetes' runAsNonRoot can verify it: the image's 'node' user.
USER 1000:1000
EXPOSE 3000
STOPSIGNAL SIGTERM
# No curl in the image: Node's own fetch asks for readiness.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/ready', { signal: AbortSignal.timeout(2500) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
# V8 sizes its young generation from the machine's memory (64 MB semi-spaces on a 24 GB
# host, 130 MB of RSS). 8 MB semi-spaces hold a turn's garbage and free the answers' dead
# 12 KB buffers sooner: against 16 MB, 23-40 MB less peak RSS at a million records in paired
# runs and no loss of throughput (docs/performance.md). The old generation's ceiling is what
# Node derives from docker-compose.yml's 512 MB limit anyway (half of it); written out so that
# the service behaves the same without that limit. On a host with more memory V8 would allow 4 GB
# and let the heap grow to four times what survives between full collections (RSS with batches
# 430-490 MB against 280-340 MB). Raise both together. The benchmarks use the same flags (bench-service.ts).
CMD ["node", "--max-semi-space-size=8", "--max-old-space-size=256", "dist/src/main.js"]
