#!/usr/bin/env bash
# Prepares what the redeploy and trigger tests need: Debian's `docker-registry` package (the distribution registry,
# v2 API). The tests start their own registry on a loopback port with a configuration of their own (storage in a
# temporary directory) and push images to it from their private Docker engines; the package's system service is
# stopped. Idempotent: installs only when `docker-registry` is missing. Runs as root; with CI=true a failure to install
# is an error (exit 1); without it the script warns and the registry tests fail with a message saying what is missing.
set -euo pipefail

say() { echo "prepare-registry: $*" >&2; }
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

if command -v docker-registry >/dev/null 2>&1; then
  say "docker-registry present: $(docker-registry --version 2>/dev/null | head -1)"
  exit 0
fi
say "installing docker-registry"
if DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends docker-registry >/dev/null 2>&1 \
    || { apt-get update >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends docker-registry >/dev/null; }; then
  # the package starts a system service on port 5000 on some images; the tests run their own on free loopback ports
  if command -v service >/dev/null 2>&1; then service docker-registry stop >/dev/null 2>&1 || true; fi
  say "installed: $(docker-registry --version 2>/dev/null | head -1)"
else
  if [ "${CI:-}" = "true" ]; then
    say "could not install docker-registry"
    exit 1
  fi
  say "WARNING: could not install docker-registry; the registry tests will fail and say so"
fi
