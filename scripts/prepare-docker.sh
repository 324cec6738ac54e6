#!/usr/bin/env bash
# Prepares what the Docker Engine tests need: dockerd, the docker CLI, a static busybox (the tests build their
# image from it with `docker import`, as no registry is reachable; its kill and umount applets signal and clean up
# the engines), iproute2's `ip` (each test engine gets its own bridge, so the machine's docker0 is never touched)
# and tar. The swarm tests (DockerSwarm) use the same programs: `ip netns` and veth pairs from iproute2, busybox's
# unshare and nsenter applets, and the kernel's network namespaces and VXLAN (for overlay networks); without IPVS in
# the kernel Swarm's routing mesh does not answer, which the tests account for. These are exactly the programs of
# dev.acs.testing.docker.Tools.PROGRAMS (ExternalProgramsTest checks). Idempotent: installs only what is missing.
# Runs as root; apt-get update is run at most once. With CI=true a failure to install is an error (exit 1); without
# it the script warns and the Docker tests themselves fail with a message saying what is missing.
set -euo pipefail

say() { echo "prepare-docker: $*" >&2; }
# dockerd and ip live in sbin, which a non-login PATH may lack
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

missing_packages() {
  local packages=()
  if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
    packages+=(docker.io)
  fi
  if ! busybox_is_static; then
    packages+=(busybox-static)
  fi
  if ! command -v ip >/dev/null 2>&1; then
    packages+=(iproute2)
  fi
  if ! command -v tar >/dev/null 2>&1; then
    packages+=(tar)
  fi
  echo "${packages[@]:-}"
}

# The image the tests import needs a busybox that runs without shared libraries.
busybox_is_static() {
  local bb
  bb="$(command -v busybox 2>/dev/null || true)"
  [ -n "$bb" ] || return 1
  if command -v ldd >/dev/null 2>&1 && ldd "$bb" >/dev/null 2>&1; then
    return 1
  fi
  return 0
}

fail_or_warn() {
  if [ "${CI:-}" = "true" ]; then
    say "ERROR: $*"
    exit 1
  fi
  say "WARNING: $* (the Docker Engine tests will fail until this is fixed)"
  exit 0
}

needed="$(missing_packages)"
if [ -z "${needed// /}" ]; then
  say "dockerd, docker, a static busybox, ip and tar are present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  fail_or_warn "missing packages: $needed; run this script as root (it uses apt-get install -y $needed)"
fi
if ! command -v apt-get >/dev/null 2>&1; then
  fail_or_warn "missing packages: $needed, and apt-get is not available to install them"
fi

export DEBIAN_FRONTEND=noninteractive
say "installing: $needed"
# shellcheck disable=SC2086 # the package list is meant to split into words
if ! apt-get install -y --no-install-recommends $needed >/dev/null 2>&1; then
  say "apt-get install failed; updating the package lists once and retrying"
  apt-get update -q >/dev/null || fail_or_warn "apt-get update failed"
  # shellcheck disable=SC2086
  apt-get install -y --no-install-recommends $needed || fail_or_warn "apt-get install -y $needed failed"
fi

still="$(missing_packages)"
if [ -n "${still// /}" ]; then
  fail_or_warn "after installing, still missing: $still"
fi
say "dockerd, docker, a static busybox, ip and tar are present"
