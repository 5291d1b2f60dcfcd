# syntax=docker/dockerfile:1
#
# One image for every vigil process; the command picks which (docs/deploy.md):
#
#   node apps/ingest/dist/main.js      ingest      (PORT 8086)
#   node apps/evaluator/dist/main.js   evaluator   (PORT 8087)
#   node apps/notifier/dist/main.js    notifier    (PORT 8088)
#   vigil serve --data /data ...       standalone  (port 9100; the default command)
#   vigil check|replay|dlq ...         the other CLI commands
#
#   docker build -t vigil:0.1.0 .
#
# Everything runs compiled JavaScript (`tsc -b tsconfig.build.json`), the CLI included: the
# development launcher tools/bin/vigil.cjs runs the CLI from its TypeScript sources through tsx,
# a development dependency the image does not carry.

ARG NODE_IMAGE=node:24
ARG NODE_RUNTIME_IMAGE=node:24-slim

# --- manifests: the files npm needs to install, and nothing else ------------------------------
# Copying only these into the install stages keeps their layers cached while sources change:
# COPY --from compares file contents, so an edit under src/ does not reinstall node_modules.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir -p /manifests \
 && cp package.json package-lock.json /manifests/ \
 && for manifest in apps/*/package.json libs/*/package.json; do \
      mkdir -p "/manifests/$(dirname "$manifest")" && cp "$manifest" "/manifests/$manifest"; \
    done

# --- builder: all dependencies, then the TypeScript build -------------------------------------
FROM ${NODE_IMAGE} AS builder
WORKDIR /app
COPY --from=manifests /manifests/ ./
# Exactly the lock file (it carries the optional binaries of linux x64 and arm64, gnu and musl).
# Only manifests are here, so npm's prepare step finds no tsconfig and leaves the build to below.
RUN npm ci --no-audit --no-fund --loglevel=error
COPY tsconfig.base.json tsconfig.build-base.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
RUN node node_modules/typescript/bin/tsc -b tsconfig.build.json
# What the runtime needs of each workspace package: its package.json (the exports that
# node_modules/@vigil/* links resolve through) and its compiled dist. Sources, declaration
# files and build info stay behind; source maps stay for readable stack traces.
RUN mkdir -p /runtime \
 && for pkg in apps/* libs/*; do \
      mkdir -p "/runtime/$pkg" \
      && cp "$pkg/package.json" "/runtime/$pkg/" \
      && cp -r "$pkg/dist" "/runtime/$pkg/dist"; \
    done \
 && find /runtime -name '*.d.ts' -delete -o -name '*.d.ts.map' -delete -o -name '.tsbuildinfo' -delete

# --- production dependencies only --------------------------------------------------------------
FROM ${NODE_IMAGE} AS production-deps
WORKDIR /app
COPY --from=manifests /manifests/ ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

# --- runtime -------------------------------------------------------------------------------------
FROM ${NODE_RUNTIME_IMAGE} AS runtime
# tini as PID 1: forwards SIGTERM to node (which drains and commits before exiting) and reaps
# the processes the .exec() alert handler starts once they are orphaned.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
# A fixed numeric user, so that Kubernetes' runAsNonRoot can check it (helm/vigil runs as 10001).
RUN groupadd --system --gid 10001 vigil \
 && useradd --system --uid 10001 --gid vigil --home-dir /app --shell /usr/sbin/nologin vigil \
 && mkdir -p /data \
 && chown vigil:vigil /data \
 && printf '#!/bin/sh\nexec node /app/apps/cli/dist/main.js "$@"\n' > /usr/local/bin/vigil \
 && chmod 0755 /usr/local/bin/vigil
WORKDIR /app
ENV NODE_ENV=production
# The installed tree whole (node_modules, and any node_modules npm had to nest in a workspace
# package), then each workspace package's compiled dist next to its package.json.
COPY --from=production-deps /app/ ./
COPY --from=builder /runtime/ ./
USER 10001:10001
# The standalone server's data folder (point and event logs, checkpoints, tasks, ledger).
VOLUME ["/data"]
EXPOSE 8086 8087 8088 9100
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["vigil", "serve", "--data", "/data", "--host", "0.0.0.0", "--port", "9100"]
