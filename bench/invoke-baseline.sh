#!/usr/bin/env bash
# Load benchmark of unary INVOKE of the demo capability over HTTP (docs/BENCHMARKS.md).
# Starts its own migd on 127.0.0.1, warms it up, measures with wrk, prints a report, stops migd.
# Usage: bench/invoke-baseline.sh [duration_seconds=20] [connections=32] [threads=2]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${1:-20}"; connections="${2:-32}"; threads="${3:-2}"
port="${BENCH_PORT:-18080}"
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }

jar="$root/migd-app/target/migd.jar"
[ -f "$jar" ] || (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests package)

MIGD_ADDR="127.0.0.1:$port" MIGD_LOG_LEVEL=warn java ${MIGD_JAVA_OPTS:-} -jar "$jar" 2>/tmp/migd-bench.log &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done

url="http://127.0.0.1:$port/mig/v0.1/invoke/observatory.models.infer"
wrk -t"$threads" -c"$connections" -d10s -s "$root/bench/invoke.lua" "$url" >/dev/null   # warm-up (JIT)
result="$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$root/bench/invoke.lua" "$url" | grep '^RESULT')"

echo "machine:     $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr)"
echo "java:        $(java -version 2>&1 | head -1)"
echo "command:     wrk -t$threads -c$connections -d${duration}s --latency -s bench/invoke.lua $url"
echo "$result"
