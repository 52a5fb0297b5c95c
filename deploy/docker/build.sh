#!/usr/bin/env bash
# Build (and with --push, push) every image of deploy/docker/images.txt from deploy/docker/Dockerfile.
#   deploy/docker/build.sh [--push] [REGISTRY] [TAG]
# e.g. deploy/docker/build.sh --push registry.gorontaloprov.go.id/gorontalo 0.1.0
set -euo pipefail
cd "$(dirname "$0")/../.."
push=false
if [ "${1:-}" = "--push" ]; then push=true; shift; fi
registry="${1:-gorontalo}"
tag="${2:-dev}"
engine="${CONTAINER_ENGINE:-docker}"
grep -v '^#' deploy/docker/images.txt | while read -r image package script apt check; do
  [ -n "$image" ] || continue
  # images.txt lists Debian packages comma-separated ("-" for none); the Dockerfile takes them space-separated.
  if [ "$apt" = "-" ]; then apt=""; fi
  "$engine" build --file deploy/docker/Dockerfile \
    --build-arg PACKAGE="$package" --build-arg CONSOLE_SCRIPT="$script" --build-arg HEALTHCHECK_ARGS="$check" \
    --build-arg APT_PACKAGES="${apt//,/ }" \
    --tag "$registry/$image:$tag" .
  if $push; then "$engine" push "$registry/$image:$tag"; fi
done
