#!/usr/bin/env bash
# Prepares what the etcd store tests need: Debian's `etcd-server` package (the etcd program; the tests start their own
# 3-member clusters on loopback ports with private data directories) and `etcd-client` (etcdctl, for looking at a
# test cluster by hand). Idempotent: installs only when `etcd` is missing. Runs as root; with CI=true a failure to
# install is an error (exit 1); without it the script warns and the etcd tests fail with a message saying what is
# missing.
set -euo pipefail

say() { echo "prepare-etcd: $*" >&2; }
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

if command -v etcd >/dev/null 2>&1; then
  say "etcd present: $(etcd --version 2>/dev/null | head -1)"
  exit 0
fi
say "installing etcd-server"
if DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends etcd-server etcd-client >/dev/null 2>&1 \
    || { apt-get update >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends etcd-server etcd-client >/dev/null; }; then
  # the package starts a system service on some images; the tests run their own members on loopback ports
  if command -v service >/dev/null 2>&1; then service etcd stop >/dev/null 2>&1 || true; fi
  say "installed: $(etcd --version 2>/dev/null | head -1)"
else
  if [ "${CI:-}" = "true" ]; then
    say "could not install etcd-server"
    exit 1
  fi
  say "WARNING: could not install etcd-server; the etcd tests will fail and say so"
fi
