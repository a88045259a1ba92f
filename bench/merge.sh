#!/usr/bin/env bash
# The folders of N shards started by hand (-Dshard=i/N, copied back from their hosts) as one run: one verdict,
# one summary.json and server.html under results/, each shard's folder inside (docs/scale.md). The exit status is
# the verdict's, as a run's: 0 PASS, 2 FAIL.
#
#   bench/merge.sh results/host1-run results/host2-run results/host3-run
set -euo pipefail
if [ $# -eq 0 ]; then
  echo "usage: bench/merge.sh <shard folder> <shard folder> ...   (each the results/<run> folder of a -Dshard=i/N run)" >&2
  exit 64
fi
dirs=()
for d in "$@"; do dirs+=("$(cd "$d" 2>/dev/null && pwd || echo "$d")"); done
cd "$(dirname "$0")/.."
mvn -q -B -pl simulations -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/merge.classpath
exec java -Dresults.dir=results -cp "simulations/target/test-classes:$(cat simulations/target/merge.classpath)" \
  simulations.injectors.ShardMerge "${dirs[@]}"
