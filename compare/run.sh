#!/usr/bin/env bash
# The same churn against the embedded server and the Node.js reference server, one after the other on this
# machine, each watched by its pid; writes results/side-by-side-<time>/comparison.md and comparison.json.
#
#   compare/run.sh                                   # the seed's profile at 8000 connections (about 2 x 11 min)
#   compare/run.sh -Dsizes=2000,8000 -Dlifetime=60s  # any knob of `mvn gatling:test`, plus sizes and servers
#   compare/run.sh -Dservers=node                    # one server only
set -euo pipefail
cd "$(dirname "$0")/.."

bash compare/node/install.sh
mvn -q -B install -DskipTests -Dgatling.skip=true
# A JVM of its own with the simulations' classpath: it forks one Gatling JVM per run, as mvn gatling:test does.
# Each argument is quoted, so that a value with spaces (-Dserver.jvmArgs='-Xmx1g -XX:+UseSerialGC') stays one.
args=""
for arg in "$@"; do
  args+=" \"${arg//\"/\\\"}\""
done
mvn -q -B -pl simulations exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
  -Dexec.args="-Dresults.dir=$PWD/results -Dcompare.node.dir=$PWD/compare/node -Dlab.serverBuild=$PWD/server/target$args -cp %classpath simulations.bench.SideBySide"
