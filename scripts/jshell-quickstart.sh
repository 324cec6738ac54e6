#!/usr/bin/env bash
# Runs examples/jshell/quickstart.jsh with jshell against the self-contained jar the build made (./mvnw package).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/examples/target/acs.jar"
if [ ! -f "$jar" ]; then echo "jshell-quickstart: $jar not built; run ./mvnw package first" >&2; exit 1; fi
cp="$jar"
out="$(jshell --class-path "$cp" -R-Dorg.slf4j.simpleLogger.defaultLogLevel=warn "$root/examples/jshell/quickstart.jsh" 2>&1)"
echo "$out"
# JShell goes on after a failed snippet, so look for its error reports as well as the final line
if grep -qE '^(Error:|\|  Exception|\|  Error)' <<<"$out" || ! grep -q '^QUICKSTART OK$' <<<"$out"; then
  echo "jshell-quickstart: the script did not finish (see above)" >&2
  exit 1
fi
