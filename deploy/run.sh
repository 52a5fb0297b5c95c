#!/usr/bin/env bash
# Start the whole platform on embedded defaults under honcho (see deploy/Procfile).
set -euo pipefail
cd "$(dirname "$0")/.."

export VAR_DIR="${VAR_DIR:-$PWD/var}"
# NATS: its own nats-server on the shipped TLS configuration (deploy/nats), on a port of its own, so
# that `make run` exercises the secure path (TLS, one user per service instance) every day, while the
# machine's plaintext NATS on 4222 stays for the test suite. Set NATS_URL to use another server.
NATS_PORT="${NATS_PORT:-4223}"
if [ -z "${NATS_URL:-}" ]; then
  export NATS_URL="tls://127.0.0.1:$NATS_PORT"
  run_own_nats=1
else
  run_own_nats=0
fi
export NATS_PORT
export GATEWAY_BIND="${GATEWAY_BIND:-127.0.0.1:8080}"
# Live alert streams (SSE) have their own asyncio server; the gateway redirects there (307).
# Behind a reverse proxy, route the stream path to it instead (deploy/nginx.conf.example).
export GATEWAY_STREAMS_BIND="${GATEWAY_STREAMS_BIND:-127.0.0.1:8090}"
export GATEWAY_STREAMS_URL="${GATEWAY_STREAMS_URL:-http://$GATEWAY_STREAMS_BIND}"
# Prometheus /metrics: own listeners on METRICS_HOST (loopback), never on the API or stream port.
export METRICS_HOST="${METRICS_HOST:-127.0.0.1}"
export GATEWAY_METRICS_PORT="${GATEWAY_METRICS_PORT:-9100}"
# Gorontalo Satu, the residents' web app: reaches the platform only through the gateway.
export WEB_BIND="${WEB_BIND:-127.0.0.1:8081}"
export GATEWAY_URL="${GATEWAY_URL:-http://$GATEWAY_BIND}"
export GATEWAY_STREAMS_METRICS_PORT="${GATEWAY_STREAMS_METRICS_PORT:-9106}"
export PYTHONUNBUFFERED=1
mkdir -p "$VAR_DIR/run"

# Creates the identity database and its signing keys on first run, then the demo staff accounts
# (their passwords go to $VAR_DIR/demo-credentials.json only: this output ends up in logs).
# In the background: it and the NATS configuration below are independent, and each is mostly a
# Python start-up (~1.6 s and ~0.7 s on the 2-core development machine; issue 20's start-up).
seed_output="$VAR_DIR/run/seed-demo.out"
gorontalo-identity seed-demo >"$seed_output" 2>&1 &
seeding=$!

# services: every service, the permits pre-check worker and the stream server, forked by one
# gorontalo-services that imports their common stack once (the Procfile's line; servicekit.launcher).
processes="services gateway web"
# The operators' status page (/operator) reads Prometheus; Debian's `prometheus` package runs one here.
export PROMETHEUS_LISTEN="${PROMETHEUS_LISTEN:-127.0.0.1:9090}"
export PROMETHEUS_URL="${PROMETHEUS_URL:-http://$PROMETHEUS_LISTEN}"
if command -v prometheus >/dev/null 2>&1; then
  mkdir -p "$VAR_DIR/prometheus"
  processes="$processes prometheus"
else
  echo "prometheus is not installed (apt-get install prometheus): /operator shows the health checks only"
fi
if [ "$run_own_nats" = 1 ] && ! (exec 3<>"/dev/tcp/127.0.0.1/$NATS_PORT") 2>/dev/null; then
  # Its certificate from the dev CA in $VAR_DIR/pki (created on first run), its users from the registry.
  NATS_CONFIG="$(python -m servicekit.nats_config --var-dir "$VAR_DIR" --port "$NATS_PORT")"
  export NATS_CONFIG
  processes="nats $processes"
  echo "Starting nats-server with TLS and JetStream on port $NATS_PORT ($NATS_CONFIG, store in $VAR_DIR/nats)"
else
  echo "Using the NATS server at $NATS_URL"
fi

# (seed-demo, started above, has finished: its output, then the addresses)
if ! wait "$seeding"; then
  cat "$seed_output" >&2
  echo "gorontalo-identity seed-demo failed" >&2
  exit 1
fi
cat "$seed_output"

cat <<TXT

  Gorontalo Satu: http://$WEB_BIND

  Gorontalo Smart Province platform
  API docs:      http://$GATEWAY_BIND/docs
  OpenAPI:       http://$GATEWAY_BIND/openapi.json
  Directory:     http://$GATEWAY_BIND/v1/services
  Readiness:     http://$GATEWAY_BIND/readyz
  Alert stream:  http://$GATEWAY_BIND/v1/disaster/alerts/stream?region=75.03  (SSE, served at $GATEWAY_STREAMS_URL)
  Metrics:       http://$METRICS_HOST:$GATEWAY_METRICS_PORT/metrics (gateway), :$GATEWAY_STREAMS_METRICS_PORT (streams), :9101-9105, 9107-9109 (services)
  Prometheus:    $PROMETHEUS_URL (when installed; the officers' console shows it at http://$WEB_BIND/operator)
  Console:       http://$WEB_BIND/petugas (staff: password, then an authenticator app enrolled at first log-in)
  Demo staff:    usernames and passwords in $VAR_DIR/demo-credentials.json (never printed)
  SMS, e-mail:   nothing leaves this machine; every message (sign-up codes too) is a JSON line in
                 $VAR_DIR/dev-outbox/messages.jsonl: tail -f it as the residents' phones
  Ctrl-C stops everything.

TXT
exec honcho -f deploy/Procfile -d . start $processes
