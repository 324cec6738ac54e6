#!/usr/bin/env bash
# Runs examples/jshell/quickstart.jsh with jshell against the jars the build made (run ./mvnw package first).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cp=""
for m in acs-core acs-compose acs-scheduler; do
  jar="$(ls "$root/$m/target/$m"-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -1 || true)"
  if [ -z "$jar" ]; then echo "jshell-quickstart: $m jar not built; run ./mvnw package first" >&2; exit 1; fi
  cp="$cp${cp:+:}$jar"
done
out="$(jshell --class-path "$cp" -R-Dorg.slf4j.simpleLogger.defaultLogLevel=warn "$root/examples/jshell/quickstart.jsh" 2>&1)"
echo "$out"
# JShell goes on after a failed snippet, so look for its error reports as well as the final line
if grep -qE '^(Error:|\|  Exception|\|  Error)' <<<"$out" || ! grep -q '^QUICKSTART OK$' <<<"$out"; then
  echo "jshell-quickstart: the script did not finish (see above)" >&2
  exit 1
fi
