#!/usr/bin/env bash
# MIGD_STATE=jetstream against memory (docs/BENCHMARKS.md, "JetStream state"): unary INVOKE of the
# demo capability (no idempotency key, no quota: the hot path that must read only local copies) and
# PUBLISH to one topic, measured with wrk on
#   memory     one migd, MIGD_STATE=memory
#   jetstream  one migd, MIGD_STATE=jetstream on a local nats-server -js
#   2x js      two migd on the same nats-server, each loaded by its own wrk (sum of both)
# CPU per request is read from /proc/<pid>/stat of the migd processes (and of nats-server) over
# each measurement. Installs wrk and nats-server with apt-get when missing.
# Settings: DURATION (10 s), WARMUP (15 s), CONNECTIONS (32), THREADS (2), JAVA_OPTS, REBUILD=1.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${DURATION:-10}"; warmup="${WARMUP:-15}"; connections="${CONNECTIONS:-32}"; threads="${THREADS:-2}"

for tool in wrk nats-server; do
  if ! command -v "$tool" >/dev/null; then
    echo "installing $tool ..." >&2
    apt-get install -y -qq "$tool" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$tool" >/dev/null; }
  fi
done
jar="$root/migd-app/target/migd.jar"
if [ ! -f "$jar" ] || [ -n "${REBUILD:-}" ]; then
  (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests package -pl migd-app -am)
fi

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
ticks() { # utime + stime of the given pids, in clock ticks
  local total=0 pid
  for pid in "$@"; do total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done
  echo "$total"
}
hz="$(getconf CLK_TCK)"

nats_port="$(free_port)"
nats-server -a 127.0.0.1 -p "$nats_port" -js -sd "$work/js" >"$work/nats.log" 2>&1 &
nats_pid=$!; pids+=("$nats_pid")

# start_migd <name> <extra env...>: starts one migd, sets started_pid and started_port
start_migd() {
  local name="$1"; shift
  local port; port="$(free_port)"
  env "$@" MIGD_ADDR="127.0.0.1:$port" MIGD_INSTANCE_ID="$name" MIGD_LOG_LEVEL=warn MIGD_ACCESS_LOG=off \
    MIGD_ENABLE_NATS_BINDING=false java ${JAVA_OPTS:-} -jar "$jar" >"$work/$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  for _ in $(seq 1 600); do
    curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && { started_pid=$pid; started_port=$port; return; }
    sleep 0.1
  done
  echo "migd $name did not become ready; its log:" >&2; cat "$work/$name.log" >&2; exit 1
}

# measure <label> <op> <script> <path> <pid:port>...: warm-up, then one wrk per instance at once
measure() {
  local label="$1" op="$2" script="$3" path="$4"; shift 4
  local migd_pids=() wrk_pids=() i=0 target
  for target in "$@"; do
    migd_pids+=("${target%%:*}")
    wrk -t"$threads" -c"$connections" -d"${warmup}s" -s "$root/bench/$script" "http://127.0.0.1:${target##*:}$path" >/dev/null &
    wrk_pids+=("$!")
  done
  wait "${wrk_pids[@]}"
  local before nats_before; before="$(ticks "${migd_pids[@]}")"; nats_before="$(ticks "$nats_pid")"
  wrk_pids=()
  for target in "$@"; do
    wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$root/bench/$script" \
      "http://127.0.0.1:${target##*:}$path" | grep '^RESULT' >"$work/result.$i" &
    wrk_pids+=("$!"); i=$((i + 1))
  done
  wait "${wrk_pids[@]}"
  local after nats_after; after="$(ticks "${migd_pids[@]}")"; nats_after="$(ticks "$nats_pid")"
  cat "$work"/result.* | awk -v label="$label" -v op="$op" -v cpu=$((after - before)) -v ncpu=$((nats_after - nats_before)) -v hz="$hz" '
    { for (f = 2; f <= NF; f++) { split($f, kv, "="); v[kv[1]] += kv[2]; if (kv[1] ~ /^p/ && kv[2] > m[kv[1]]) m[kv[1]] = kv[2] } }
    END {
      printf "| %s | %s | %.0f | %.3f | %.3f | %d | %.0f | %.0f |\n", label, op, v["requests_per_s"], m["p50_ms"], m["p99_ms"],
        v["errors"], cpu / hz * 1e6 / v["requests"], ncpu / hz * 1e6 / v["requests"]
    }'
  rm -f "$work"/result.*
}

start_migd mem MIGD_STATE=memory; mem_pid=$started_pid; mem_port=$started_port
start_migd js1 MIGD_STATE=jetstream MIGD_NATS_URL="nats://127.0.0.1:$nats_port"; js_pid=$started_pid; js_port=$started_port

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(java -version 2>&1 | head -1); $(nats-server --version); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "wrk -t$threads -c$connections per instance, ${warmup}s warm-up, ${duration}s measured"
echo
echo "| state | operation | requests/s | p50 (ms) | p99 (ms) | errors | migd CPU µs/req | nats CPU µs/req |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
invoke=/mig/v0.1/invoke/observatory.models.infer
measure memory INVOKE invoke.lua "$invoke" "$mem_pid:$mem_port"
measure jetstream INVOKE invoke.lua "$invoke" "$js_pid:$js_port"
measure memory PUBLISH publish.lua /mig/v0.1/publish/bench.memory "$mem_pid:$mem_port"
measure jetstream PUBLISH publish.lua /mig/v0.1/publish/bench.jetstream "$js_pid:$js_port"
kill "$mem_pid"; wait "$mem_pid" 2>/dev/null || true
start_migd js2 MIGD_STATE=jetstream MIGD_NATS_URL="nats://127.0.0.1:$nats_port"; js2_pid=$started_pid; js2_port=$started_port
measure "2× jetstream" INVOKE invoke.lua "$invoke" "$js_pid:$js_port" "$js2_pid:$js2_port"
measure "2× jetstream" PUBLISH publish.lua /mig/v0.1/publish/bench.shared "$js_pid:$js_port" "$js2_pid:$js2_port"
