#!/usr/bin/env bash
# `npm run chaos [scenario...] [--size ci|small|full]` (docs/chaos.md): starts the shared Kafka and
# Redis with `npm run infra -- up` (nothing happens for servers already up, or named by
# KAFKA_BROKERS / REDIS_URL), then runs e2e/chaos/chaos-cli.ts on the TypeScript sources under
# Node 24. The servers are left running, as `npm run infra` leaves them.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
bash tools/infra/infra.sh up kafka redis >&2
exec bash tools/node24/run.sh node_modules/tsx/dist/cli.mjs --conditions=@vigil/source e2e/chaos/chaos-cli.ts "$@"
