#!/bin/sh
# Programs the tests drive that pip does not bring, from Debian's packages: installed when missing and
# allowed (root with apt-get); otherwise each says which tests cannot run (and those fail in CI).
# One line per program: <command> <debian packages...> -- <what needs it>
set -u
ensure() {
  command_name=$1; shift
  packages=""
  while [ "$1" != "--" ]; do packages="$packages $1"; shift; done
  shift
  purpose=$*
  command -v "$command_name" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    # shellcheck disable=SC2086
    if DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $packages >/dev/null 2>&1 || \
       { apt-get update -q >/dev/null 2>&1 && \
         DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $packages >/dev/null 2>&1; }; then
      echo "installed $command_name (Debian:$packages)"
      return 0
    fi
  fi
  echo "$command_name is not installed: $purpose cannot run" >&2
}

ensure promtool prometheus -- the alert rule tests
ensure amtool prometheus-alertmanager -- the Alertmanager configuration check
ensure chromium chromium -- the browser tests
ensure tesseract tesseract-ocr tesseract-ocr-ind -- "the permit pre-check OCR"
ensure wrk wrk -- "make bench's load generator (without it a Python client shares the cores)"
exit 0
