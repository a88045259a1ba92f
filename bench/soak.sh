#!/usr/bin/env bash
# Soak: the seed's churn (2000 x 4 batches, 3-minute lifetimes, a ping every 40 s) against the embedded server
# for an hour, judged on leaks as well as drops: the growth per hour of the server's RSS, live heap, open files
# and threads, and of the injector's RSS, over the run's steady part (summary.json "leaks", docs/soak.md).
#
#   bench/soak.sh                                 # one hour
#   bench/soak.sh -Dduration=3h                   # any knob of mvn gatling:test (the last -Dduration wins)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B install -DskipTests -Dgatling.skip=true
exec mvn -B -pl simulations gatling:test -Dduration=1h "$@"
