#!/usr/bin/env bash
# Prepares what the HAProxy routing tests need: Debian's `haproxy` package (the proxy the product's routing layer
# ran; acs-cloud-haproxy writes its configuration, checks it with `haproxy -c` and runs it in master-worker mode).
# Idempotent: installs only when `haproxy` is missing. Runs as root; with CI=true a failure to install is an error
# (exit 1); without it the script warns and the HAProxy tests fail with a message saying what is missing.
set -euo pipefail

say() { echo "prepare-haproxy: $*" >&2; }
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

if command -v haproxy >/dev/null 2>&1; then
  say "haproxy present: $(haproxy -v 2>/dev/null | head -1)"
  exit 0
fi
say "installing haproxy"
if DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends haproxy >/dev/null 2>&1 \
    || { apt-get update >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends haproxy >/dev/null; }; then
  # the package starts a system service on some images; the tests run their own instances on loopback ports
  if command -v service >/dev/null 2>&1; then service haproxy stop >/dev/null 2>&1 || true; fi
  say "installed: $(haproxy -v 2>/dev/null | head -1)"
else
  if [ "${CI:-}" = "true" ]; then
    say "could not install haproxy"
    exit 1
  fi
  say "WARNING: could not install haproxy; the HAProxy tests will fail and say so"
fi
