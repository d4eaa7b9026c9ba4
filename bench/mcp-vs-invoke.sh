#!/usr/bin/env bash
# MCP tools/call of the demo capability vs MIG INVOKE over HTTP, same JVM, same run (docs/BENCHMARKS.md).
# Starts its own migd on 127.0.0.1, opens one MCP session, warms both paths up, then alternates
# rounds of wrk on each path and prints both RESULT lines of every round and the ratio. Stops migd.
# Usage: bench/mcp-vs-invoke.sh [round_seconds=10] [rounds=2] [connections=32] [threads=2]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-10}"; rounds="${2:-2}"; connections="${3:-32}"; threads="${4:-2}"
port="${BENCH_PORT:-18081}"
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }

jar="$root/migd-app/target/migd.jar"
[ -f "$jar" ] || (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests package)

MIGD_ADDR="127.0.0.1:$port" MIGD_LOG_LEVEL=warn java ${MIGD_JAVA_OPTS:-} -jar "$jar" 2>/tmp/migd-bench-mcp.log &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done

base="http://127.0.0.1:$port"
MCP_SESSION="$(curl -fsS -D - -o /dev/null -H 'Content-Type: application/json' -H 'X-Tenant-ID: acme' \
  -d '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}' \
  "$base/mcp/observatory" | tr -d '\r' | awk -F': ' 'tolower($1)=="mcp-session-id"{print $2}')"
[ -n "$MCP_SESSION" ] || { echo "no MCP session" >&2; exit 1; }
export MCP_SESSION
# the measured call must succeed (a tool error is an HTTP 200 too)
curl -fsS -H 'Content-Type: application/json' -H 'X-Tenant-ID: acme' -H "Mcp-Session-Id: $MCP_SESSION" \
  -d '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"models.infer","arguments":{"input":"hello"}}}' \
  "$base/mcp/observatory" | grep -q '"structuredContent":{"result":"hello"' || { echo "tools/call does not succeed" >&2; exit 1; }

invoke_url="$base/mig/v0.1/invoke/observatory.models.infer"
mcp_url="$base/mcp/observatory"
run() { wrk -t"$threads" -c"$connections" -d"$1s" --latency -s "$2" "$3" | grep '^RESULT'; }
run 8 "$root/bench/invoke.lua" "$invoke_url" >/dev/null   # warm-up (JIT) of both paths
run 8 "$root/bench/mcp-call.lua" "$mcp_url" >/dev/null

echo "machine:     $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr) (wrk on the same cores)"
echo "java:        $(java -version 2>&1 | head -1)"
echo "command:     wrk -t$threads -c$connections -d${seconds}s --latency, $rounds alternating rounds per path"
total_invoke=0; total_mcp=0
for round in $(seq 1 "$rounds"); do
  a="$(run "$seconds" "$root/bench/invoke.lua" "$invoke_url")"
  b="$(run "$seconds" "$root/bench/mcp-call.lua" "$mcp_url")"
  echo "round $round invoke:    $a"
  echo "round $round tools/call: $b"
  total_invoke=$((total_invoke + $(sed 's/.*requests_per_s=\([0-9]*\).*/\1/' <<<"$a")))
  total_mcp=$((total_mcp + $(sed 's/.*requests_per_s=\([0-9]*\).*/\1/' <<<"$b")))
done
awk -v m="$total_mcp" -v i="$total_invoke" 'BEGIN { printf "ratio tools/call / invoke: %.2f\n", m / i }'
