#!/usr/bin/env bash
# Builds the SDK the way its users do, from the artifacts `./mvnw install` put in the local repository:
#  1. the README's "Add it to your build" snippet, as the whole dependency section of a fresh project, compiles and
#     runs the README's Java quickstart (both extracted from README.md, so the README cannot rot);
#  2. consumers/jenkins builds under the Jenkins plugin enforcer rules (requireUpperBoundDeps,
#     dependencyConvergence, banDuplicateClasses) with every library module and test kit (acs-store-etcd with the
#     version pins docs/embedding.md lists; its test starts a private etcd), and again with the
#     libraries Jenkins provides through API plugins excluded (-Pjenkins-api-plugins); both run their tests.
# Prints one line per check and exits non-zero when any fails.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
say() { echo "check-consumers: $*" >&2; }
mvn() { "$root/mvnw" -B -q "$@"; }

work="$root/target/consumers"
rm -rf "$work"
mkdir -p "$work/readme/src/main/java/dev/acs/examples"

# --- 1. the README's snippets ---------------------------------------------------------------------------------
snippet="$(awk '/^```xml$/{on=1; next} /^```$/{if (on) exit} on' README.md)"
[ -n "$snippet" ] || { say "README.md has no \`\`\`xml snippet"; exit 1; }
awk '/^```java$/{on=1; next} /^```$/{if (on) exit} on' README.md \
  > "$work/readme/src/main/java/dev/acs/examples/Quickstart.java"
grep -q 'class Quickstart' "$work/readme/src/main/java/dev/acs/examples/Quickstart.java" \
  || { say "README.md's first \`\`\`java block is not the quickstart"; exit 1; }
cat > "$work/readme/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.acs.consumers</groupId>
  <artifactId>readme-consumer</artifactId>
  <version>1</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
$snippet
</project>
POM
mvn -f "$work/readme/pom.xml" compile dependency:build-classpath -Dmdep.outputFile="$work/readme/cp.txt"
out="$(java -cp "$work/readme/target/classes:$(cat "$work/readme/cp.txt")" dev.acs.examples.Quickstart 2>&1)"
echo "$out" | grep -qx 'READY' || { say "the README quickstart did not print READY:"; echo "$out" >&2; exit 1; }
say "ok: the README's dependency snippet compiles and runs the README's quickstart"

# --- 2. the Jenkins plugin rules ------------------------------------------------------------------------------
mvn -f consumers/jenkins/pom.xml verify
say "ok: every module and test kit under requireUpperBoundDeps, dependencyConvergence and banDuplicateClasses"
mvn -f consumers/jenkins/pom.xml -Pjenkins-api-plugins verify
say "ok: the same with Jenkins' API-plugin libraries excluded and provided"
