#!/usr/bin/env bash
# What one count of the server port's sockets costs the timeline sampler, by /proc/net/tcp and by netlink
# sock_diag, with N loopback connections open (both ends on this host), and of a process's open files, by listing
# /proc/<pid>/fd and by its size: CPU per read (docs/performance.md).
#
#   bench/port-count.sh              # 9000 connections (18,000 sockets), 50 reads each
#   bench/port-count.sh 4000 100     # connections, reads
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl lab test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
exec java -cp "lab/target/classes:lab/target/test-classes:$(cat lab/target/bench.classpath)" \
  lab.bench.PortCountBench "$@"
