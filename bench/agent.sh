#!/usr/bin/env bash
# The timeline agent, on the server's host: answers the injector's timeline with this host's view of the server's
# port and process (docs/targets.md). Stop it with Ctrl-C.
#
#   bench/agent.sh -Dagent.port=9010 -Dagent.pid=1234     # then: mvn gatling:test ... -Dtarget.agent=http://this-host:7010
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl lab package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/agent.classpath
exec java "$@" -cp "lab/target/classes:$(cat lab/target/agent.classpath)" lab.agent.TimelineAgent
