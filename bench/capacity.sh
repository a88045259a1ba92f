#!/usr/bin/env bash
# Capacity: the seed's churn (180 s lifetime, ping every 40 s, batches 30 s apart) at several sizes, against
# the embedded server and the Node reference server, one run at a time on this machine. One table row per
# run in results/side-by-side-<time>/comparison.md (and .json): held, drops, failed connects, connect and
# ack p50/p99, server RSS per connection, server and injector CPU per 1000 lifetimes, injector RSS per
# connection. Each run takes its stagger x batches plus two lifetimes (about 11 minutes at 19000).
#
#   bench/capacity.sh                              # 8000 and 19000 connections, both servers
#   bench/capacity.sh -Dsizes=19000 -Dservers=embedded
set -euo pipefail
cd "$(dirname "$0")/.."
exec compare/run.sh -Dsizes=8000,19000 -Dusers=2000 "$@"
