#!/usr/bin/env bash
# Start the whole platform on embedded defaults under honcho (see deploy/Procfile).
set -euo pipefail
cd "$(dirname "$0")/.."

export VAR_DIR="${VAR_DIR:-$PWD/var}"
export NATS_URL="${NATS_URL:-nats://127.0.0.1:4222}"
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
mkdir -p "$VAR_DIR"

processes="identity permits tax complaints disaster inbox gateway streams web"
# The operators' status page (/operator) reads Prometheus; Debian's `prometheus` package runs one here.
export PROMETHEUS_LISTEN="${PROMETHEUS_LISTEN:-127.0.0.1:9090}"
export PROMETHEUS_URL="${PROMETHEUS_URL:-http://$PROMETHEUS_LISTEN}"
if command -v prometheus >/dev/null 2>&1; then
  mkdir -p "$VAR_DIR/prometheus"
  processes="$processes prometheus"
else
  echo "prometheus is not installed (apt-get install prometheus): /operator shows the health checks only"
fi
if python -c "import sys; from gorontalo_gateway.upstreams import nats_reachable; sys.exit(0 if nats_reachable('$NATS_URL') else 1)"; then
  echo "Using the NATS server that answers at $NATS_URL"
else
  NATS_PORT="$(python -c "import urllib.parse; print(urllib.parse.urlparse('$NATS_URL').port or 4222)")"
  export NATS_PORT
  mkdir -p "$VAR_DIR/nats"
  processes="nats $processes"
  echo "Starting nats-server with JetStream on port $NATS_PORT (store in $VAR_DIR/nats)"
fi

# Creates the identity database and its signing keys on first run, then the demo staff accounts
# (their passwords go to $VAR_DIR/demo-credentials.json only: this output ends up in logs).
gorontalo-identity seed-demo

cat <<TXT

  Gorontalo Satu: http://$WEB_BIND

  Gorontalo Smart Province platform
  API docs:      http://$GATEWAY_BIND/docs
  OpenAPI:       http://$GATEWAY_BIND/openapi.json
  Directory:     http://$GATEWAY_BIND/v1/services
  Readiness:     http://$GATEWAY_BIND/readyz
  Alert stream:  http://$GATEWAY_BIND/v1/disaster/alerts/stream?region=75.03  (SSE, served at $GATEWAY_STREAMS_URL)
  Metrics:       http://$METRICS_HOST:$GATEWAY_METRICS_PORT/metrics (gateway), :$GATEWAY_STREAMS_METRICS_PORT (streams), :9101-9105, 9107 (services)
  Prometheus:    $PROMETHEUS_URL (when installed; the officers' console shows it at http://$WEB_BIND/operator)
  Console:       http://$WEB_BIND/petugas (staff: password, then an authenticator app enrolled at first log-in)
  Demo staff:    usernames and passwords in $VAR_DIR/demo-credentials.json (never printed)
  SMS, e-mail:   nothing leaves this machine; every message (sign-up codes too) is a JSON line in
                 $VAR_DIR/dev-outbox/messages.jsonl: tail -f it as the residents' phones
  Ctrl-C stops everything.

TXT
exec honcho -f deploy/Procfile -d . start $processes
