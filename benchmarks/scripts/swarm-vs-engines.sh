#!/usr/bin/env bash
# Time to deploy N replicas (default 100) of one service on a 3-node Docker Swarm (Swarm places the tasks) versus on
# the same 3 engines as classic nodes (our scheduler places the containers, the Docker runtime creates them), and the
# time Swarm takes to reschedule a lost node's tasks as `acs` observes it. Each dockerd runs in its own network
# namespace on a private bridge (as the test kit's DockerSwarm does); everything is removed on exit.
# Needs root, dockerd, docker, ip, a static busybox and tar (scripts/prepare-docker.sh), and the CLI jar
# (./acs --help builds it). Usage: benchmarks/scripts/swarm-vs-engines.sh [REPLICAS]
set -euo pipefail
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
replicas="${1:-100}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
acs() { java -jar "$root/examples/target/acs.jar" "$@"; }
work="$(mktemp -d /tmp/acsbench.XXXXXX)"
net=acsbench
bb="$(command -v busybox)"
now() { date +%s.%N; }
D() { local i=$1; shift; docker -H "unix://$work/d$i/docker.sock" "$@"; }

# every process started under $work (dockerd, containerd, shims) and every child of one, from one pass over /proc
procs_under_work() {
  local p table
  table="$(for p in /proc/[0-9]*; do
    printf '%s %s %s\n' "${p#/proc/}" "$(awk '{print $4}' "$p/stat" 2>/dev/null)" \
      "$(tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -c "$work/")"
  done)"
  local roots
  roots="$(echo "$table" | awk '$3 > 0 {print $1}')"
  echo "$roots"
  echo "$table" | awk -v roots=" $(echo $roots) " 'index(roots, " " $2 " ") > 0 {print $1}'
}

cleanup() {
  set +e
  for i in 1 2 3; do
    if [ -S "$work/d$i/docker.sock" ]; then
      D "$i" swarm leave --force >/dev/null 2>&1
      D "$i" rm -f $(D "$i" ps -aq) >/dev/null 2>&1
    fi
  done
  for p in $(procs_under_work); do kill -9 "$p" 2>/dev/null; done
  sleep 2
  grep " $work" /proc/self/mountinfo | awk '{print $5}' | sort -r | xargs -r -n1 "$bb" umount -l 2>/dev/null
  for i in 1 2 3; do ip netns delete "$net-$i" 2>/dev/null; done
  ip link delete "$net" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

start_engine() {
  local i=$1
  mkdir -p "$work/d$i"
  "$bb" unshare --uts "$bb" sh -c "\"$bb\" hostname node-$i && exec \"$bb\" nsenter --net=/run/netns/$net-$i dockerd \
    --host unix://$work/d$i/docker.sock --data-root $work/d$i/root --exec-root $work/d$i/exec \
    --pidfile $work/d$i/pid --containerd-namespace acsbench$i --containerd-plugins-namespace acsbenchp$i" \
    >"$work/d$i/log" 2>&1 &
  for _ in $(seq 1 300); do D "$i" version >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "engine $i did not start" >&2; tail "$work/d$i/log" >&2; exit 1
}

ip link add "$net" type bridge && ip addr add 10.216.0.1/24 dev "$net" && ip link set "$net" up
for i in 1 2 3; do
  ip netns add "$net-$i"
  ip link add "${net}v$i" type veth peer name eth0 netns "$net-$i"
  ip link set "${net}v$i" master "$net" up
  ip -n "$net-$i" addr add "10.216.0.1$i/24" dev eth0
  ip -n "$net-$i" link set eth0 up && ip -n "$net-$i" link set lo up
  start_engine "$i"
done

# the test image: imported on one engine, loaded on the others (same id everywhere)
mkdir -p "$work/rootfs/bin" "$work/rootfs/tmp" "$work/rootfs/etc"
cp "$bb" "$work/rootfs/bin/busybox"
for a in sh sleep; do ln -s busybox "$work/rootfs/bin/$a"; done
tar -C "$work/rootfs" -c . | D 1 import --change 'CMD ["sh"]' - acs-bench/busybox:1 >/dev/null
for i in 2 3; do D 1 save acs-bench/busybox:1 | D "$i" load -q >/dev/null; done
image="$(D 1 image inspect --format '{{.Id}}' acs-bench/busybox:1)"

cat >"$work/bench.yml" <<YAML
version: "3.8"
services:
  load:
    image: $image
    command: ["sleep", "100000"]
    deploy:
      replicas: $replicas
YAML

echo "classic: $replicas containers on 3 engines through the control plane (our scheduler, the Docker runtime)"
t0=$(now)
acs deploy --engine "unix://$work/d1/docker.sock" --engine "unix://$work/d2/docker.sock" \
  --engine "unix://$work/d3/docker.sock" --timeout 5m --json "$work/bench.yml" >"$work/classic.json"
t1=$(now)
classic=$(echo "$t1 - $t0" | bc)
echo "  $(grep -o '"state":"[A-Z]*"' "$work/classic.json" | head -1), $(grep -o '"service"' "$work/classic.json" | wc -l) containers, ${classic} s"
for i in 1 2 3; do D "$i" rm -f $(D "$i" ps -aq) >/dev/null 2>&1 || true; done

D 1 swarm init --advertise-addr 10.216.0.11 --listen-addr 10.216.0.11:2377 --dispatcher-heartbeat 2s >/dev/null
token="$(D 1 swarm join-token -q worker)"
for i in 2 3; do
  D "$i" swarm join --token "$token" --advertise-addr "10.216.0.1$i" --listen-addr "10.216.0.1$i:2377" 10.216.0.11:2377 >/dev/null
done
echo "swarm: $replicas tasks on the same 3 engines in one swarm (Swarm's scheduler)"
t0=$(now)
acs deploy --swarm "unix://$work/d1/docker.sock" --no-routing-mesh --timeout 5m --json "$work/bench.yml" >"$work/swarm.json"
t1=$(now)
swarm=$(echo "$t1 - $t0" | bc)
echo "  $(grep -o '"state":"[A-Z]*"' "$work/swarm.json" | head -1), $(grep -o '"service"' "$work/swarm.json" | wc -l) tasks, ${swarm} s"

echo "reschedule: SIGKILL node-3's dockerd; time until all $replicas tasks run on node-1 and node-2"
t0=$(now)
kill -9 "$(cat "$work/d3/pid")"
down=""
while true; do
  line="$(D 1 node ls --format '{{.Hostname}} {{.Status}}' | grep node-3 || true)"
  [ -z "$down" ] && echo "$line" | grep -q Down && down=$(echo "$(now) - $t0" | bc)
  running="$(D 1 service ps bench_load --filter desired-state=running --format '{{.Node}} {{.CurrentState}}' \
    | grep -v node-3 | grep -c Running || true)"
  [ "$running" -ge "$replicas" ] && break
  sleep 0.25
done
moved=$(echo "$(now) - $t0" | bc)
echo "  node-3 shown Down after ${down:-?} s; all $replicas tasks running elsewhere after ${moved} s"
