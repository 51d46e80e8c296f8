#!/usr/bin/env bash
# The durable floor as a candidate of the peer benchmark (../shared/bench/run-peer.sh), e.g. from bench/:
#   CANDIDATE_CMD=<checkout>/test/bench/durable-floor/candidate.sh CANDIDATE_CREDS=$PWD/logs/floor.creds \
#   CANDIDATE_URL=http://127.0.0.1:4300/oauth2/token CANDIDATE_LABEL=durable-floor TARGETS="peer candidate" \
#   ALGS=ES256 REPS=2 SIGN=0 ./run-peer.sh
# Node flags as `npm start` gives AuthMaster, so the two are measured alike.
set -euo pipefail
[ "${KEY_ALG:-ES256}" = ES256 ] || { echo "the durable floor signs ES256 only (KEY_ALG=$KEY_ALG)" >&2; exit 2; }
DIR=$(cd "$(dirname "$0")" && pwd)
exec node --max-old-space-size=128 --max-semi-space-size=4 --v8-pool-size=1 "$DIR/server.mjs"
