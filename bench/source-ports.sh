#!/usr/bin/env bash
# One address's source ports run out toward one server, and the run takes a second loopback address by itself:
# in a network namespace of its own (root: unshare), whose ephemeral range is cut to 100 ports, 150 connections
# to the embedded server (docs/scale.md). Needs a built project (mvn install -DskipTests once): Maven runs offline
# in there.
#
#   sudo bench/source-ports.sh            # then: -Dsource.addresses=127.0.0.1 to see the check stop it instead
set -euo pipefail
cd "$(dirname "$0")/.."
exec unshare -n bash -c '
  ip link set lo up
  sysctl -qw net.ipv4.ip_local_port_range="40000 40099"
  echo "this namespace: ephemeral ports $(cat /proc/sys/net/ipv4/ip_local_port_range | tr "\t" -)"
  mvn -o -q -B gatling:test -Dgatling.simulationClass=simulations.SmokeSimulation -Dusers=75 -Dbatches=2 \
    -Dstagger=1s -Dlifetime=60s -Dping=1s -Dduration=10s "$@"
' bash "$@"
