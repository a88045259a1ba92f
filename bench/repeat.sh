#!/usr/bin/env bash
# False drops: the same clean run N times back to back (default 5 runs of the seed's churn at 8000 connections
# against the embedded server, about 10 minutes each). One line per run from its summary.json, then the total.
# A clean run has nothing to drop: any drop, failed connect, late or wrong answer here is a false one, a bug of
# the lab (or of this machine) to find, not a rate to report. Exit status 0 only when every run passed.
#
#   bench/repeat.sh                              # 5 x the seed's profile
#   bench/repeat.sh -Druns=3 -Dusers=500         # any knob of mvn gatling:test, plus -Druns (1 to 100)
set -euo pipefail
cd "$(dirname "$0")/.."

runs=5
args=()
for arg in "$@"; do
  case "$arg" in
    -Druns=*) runs="${arg#-Druns=}" ;;
    *) args+=("$arg") ;;
  esac
done
if ! [[ "$runs" =~ ^[0-9]+$ ]] || ((runs < 1 || runs > 100)); then
  echo "-Druns=$runs is invalid: expected an integer from 1 to 100" >&2
  exit 1
fi
command -v node > /dev/null || { echo "bench/repeat.sh reads summary.json with Node.js: install Node 20 (apt-get install nodejs)" >&2; exit 1; }

mvn -q -B install -DskipTests -Dgatling.skip=true
out="results/repeat-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$out"
echo "bench/repeat.sh: $runs runs, logs and the table in $out/"

failed=0
for ((i = 1; i <= runs; i++)); do
  log="$out/run-$i.log"
  # the verdict is the exit status (2 on FAIL): the loop goes on, the line says what happened
  mvn -B -pl simulations gatling:test "${args[@]}" > "$log" 2>&1 || true
  summary=$(sed -n 's/^  Summary *//p' "$log" | tail -1)
  # printed relative to where mvn ran (here, the project root)
  if [[ -z "$summary" || ! -f "$summary" ]]; then
    line="run $i/$runs  NO REPORT (see $log)"
    failed=$((failed + 1))
  else
    line=$(node -e '
      const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      const n = (v) => (v === undefined || v === null ? "?" : v);
      const l = s.latency || {};
      console.log([`run ${process.argv[2]}`, s.verdict, `held ${n(s.peakHeld.byClients)}/${s.plannedConnections}`,
        `lifetimes ${n(s.clients.completed)}/${n(s.clients.started)}`, `drops ${n(s.drops.total)}`,
        `failed ${n(s.failedConnects.total)}`, `late ${n(s.lateAnswers.total)}`, `wrong ${n(s.wrongAnswers.total)}`,
        `connect p99 ${n(l.connect && l.connect.p99Ms)} ms`, `ack p99 ${n(l.ack && l.ack.p99Ms)} ms`].join("  "));
    ' "$summary" "$i/$runs")
    grep -q "  PASS  " <<< "$line" || failed=$((failed + 1))
    line="$line  $summary"
  fi
  echo "$line" | tee -a "$out/repeat.txt"
done

total=$(node -e '
  const fs = require("fs");
  let drops = 0, failedConnects = 0, late = 0, wrong = 0, lifetimes = 0;
  for (const line of fs.readFileSync(process.argv[1], "utf8").split("\n")) {
    const num = (name) => Number((line.match(new RegExp(name + " (\\d+)")) || [0, 0])[1]);
    drops += num("drops"); failedConnects += num("failed"); late += num("late"); wrong += num("wrong");
    lifetimes += Number((line.match(/lifetimes (\d+)\//) || [0, 0])[1]);
  }
  console.log(`total  ${lifetimes} lifetimes  drops ${drops}  failed ${failedConnects}  late ${late}  wrong ${wrong}`);
' "$out/repeat.txt")
echo "$total  ($((runs - failed)) of $runs runs passed)" | tee -a "$out/repeat.txt"
((failed == 0))
