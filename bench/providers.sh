#!/usr/bin/env bash
# Provider benchmark (docs/BENCHMARKS.md): the same small JSON answer, fetched with wrk
#   (a) directly from the upstream, (b) through migd (HTTP provider), (c) through nginx proxy_pass
# (keep-alive to the upstream). The upstream is nginx returning a fixed JSON body. Loopback only,
# bounded duration. Needs root for apt-get when nginx or wrk are missing.
#
#   bench/providers.sh                      # 30 s warm-up, 10 s per run, 64 connections, 2 wrk threads
#   DURATION=20 CONNECTIONS=128 bench/providers.sh
#   MIGD_LOG_LEVEL=info JAR=/tmp/other/migd.jar bench/providers.sh   # the default log level; another build
set -euo pipefail

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-30}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
UPSTREAM_PORT=${UPSTREAM_PORT:-18181}
PROXY_PORT=${PROXY_PORT:-18182}
MIGD_PORT=${MIGD_PORT:-18183}
MIGD_LOG_LEVEL=${MIGD_LOG_LEVEL:-warn}
JAVA_OPTS=${JAVA_OPTS:-}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
NGINX_PID=""
MIGD_PID=""
cleanup() {
  [ -n "$MIGD_PID" ] && kill "$MIGD_PID" 2>/dev/null && wait "$MIGD_PID" 2>/dev/null || true
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null || true
  sleep 0.5
  rm -rf "$WORK"
}
trap cleanup EXIT

if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null; then
  apt-get update -qq && apt-get install -y -qq nginx wrk >/dev/null
fi
NGINX=$(command -v nginx)

JAR=${JAR:-$ROOT/migd-app/target/migd.jar}
if [ ! -f "$JAR" ] || [ -n "${REBUILD:-}" ]; then
  (cd "$ROOT" && mvn -B -q -DskipTests package -pl migd-app -am)
fi

ANSWER='{"payload":{"result":"hello","model":"bench"}}'
BODY='{"header":{"tenant_id":"acme"},"payload":{"input":"hello"}}'

cat > "$WORK/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK;
  proxy_temp_path $WORK;
  upstream provider {
    server 127.0.0.1:$UPSTREAM_PORT;
    keepalive 256;
  }
  # the provider: a fixed JSON answer to any POST
  server {
    listen 127.0.0.1:$UPSTREAM_PORT;
    keepalive_requests 1000000;
    location / {
      default_type application/json;
      return 200 '$ANSWER';
    }
  }
  # the reference gateway: plain reverse proxy with keep-alive to the provider
  server {
    listen 127.0.0.1:$PROXY_PORT;
    keepalive_requests 1000000;
    location / {
      proxy_pass http://provider;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
CONF

cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '$BODY'
wrk.headers["Content-Type"] = "application/json"
LUA

"$NGINX" -c "$WORK/nginx.conf" -p "$WORK" &
NGINX_PID=$!

# migd as shipped, with the benchmark capability declared in its configuration file
cat > "$WORK/migd.json" <<JSON
{"capabilities": [{
  "descriptor": {"id": "bench.echo", "version": "1.0.0", "modes": ["unary"],
                 "input_schema_uri": "schema://bench/echo/in", "output_schema_uri": "schema://bench/echo/out",
                 "description": "benchmark capability"},
  "provider": {"type": "http", "url": "http://127.0.0.1:$UPSTREAM_PORT/invoke", "max_concurrency": 1024}
}]}
JSON
MIGD_CONFIG_FILE="$WORK/migd.json" MIGD_ADDR="127.0.0.1:$MIGD_PORT" MIGD_LOG_LEVEL="$MIGD_LOG_LEVEL" \
  MIGD_DEMO_CAPABILITIES=false java $JAVA_OPTS -jar "$JAR" > "$WORK/migd.log" 2>&1 &
MIGD_PID=$!
for _ in $(seq 1 100); do
  curl -sf -o /dev/null "http://127.0.0.1:$MIGD_PORT/healthz" && curl -sf -o /dev/null -X POST "http://127.0.0.1:$PROXY_PORT/" && break
  sleep 0.2
done

check() { # the three paths must give the same payload before anything is measured
  curl -sf -X POST -H 'Content-Type: application/json' -d "$BODY" "$1"
}
echo "direct : $(check "http://127.0.0.1:$UPSTREAM_PORT/invoke")"
echo "nginx  : $(check "http://127.0.0.1:$PROXY_PORT/invoke")"
echo "migd   : $(check "http://127.0.0.1:$MIGD_PORT/mig/v0.1/invoke/bench.echo")"

ticks() { # CPU time (clock ticks) used so far by the given processes
  local sum=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] && sum=$((sum + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo "$sum"
}
nginx_pids() { echo "$NGINX_PID $(pgrep -P "$NGINX_PID" | tr '\n' ' ')"; }

run() { # name url seconds -> "name rps p50_ms p99_ms non2xx nginx_cpu_us_per_req migd_cpu_us_per_req"
  local n0 m0 n1 m1
  n0=$(ticks $(nginx_pids)); m0=$(ticks "$MIGD_PID")
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$3s" --latency -s "$WORK/post.lua" "$2" > "$WORK/$1.txt"
  n1=$(ticks $(nginx_pids)); m1=$(ticks "$MIGD_PID")
  awk -v name="$1" -v ncpu=$((n1 - n0)) -v mcpu=$((m1 - m0)) -v hz="$(getconf CLK_TCK)" '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /Requests\/sec/ { rps = $2 }
    /requests in/ { total = $1 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { printf "%s %.0f %.3f %.3f %s %.1f %.1f\n", name, rps, p50, p99, (bad == "" ? 0 : bad),
          ncpu * 1e6 / hz / total, mcpu * 1e6 / hz / total }' "$WORK/$1.txt"
}

echo "load average before (other processes on this machine): $(cut -d' ' -f1-3 /proc/loadavg)"
echo "warming up ($WARMUP s each)..."
run warm-nginx "http://127.0.0.1:$PROXY_PORT/invoke" "$WARMUP" > /dev/null
run warm-migd "http://127.0.0.1:$MIGD_PORT/mig/v0.1/invoke/bench.echo" "$WARMUP" > /dev/null

echo "measuring ($DURATION s each, $CONNECTIONS connections, $THREADS wrk threads, $(nproc) cores)..."
{
  run direct "http://127.0.0.1:$UPSTREAM_PORT/invoke" "$DURATION"
  run nginx "http://127.0.0.1:$PROXY_PORT/invoke" "$DURATION"
  run migd "http://127.0.0.1:$MIGD_PORT/mig/v0.1/invoke/bench.echo" "$DURATION"
} > "$WORK/results"

awk '
  { rps[$1] = $2; p50[$1] = $3; p99[$1] = $4; bad[$1] = $5; ncpu[$1] = $6; mcpu[$1] = $7 }
  END {
    printf "| path | requests/s | p50 (ms) | p99 (ms) | non-2xx | nginx CPU µs/req | migd CPU µs/req |\n"
    printf "|---|---:|---:|---:|---:|---:|---:|\n"
    split("direct nginx migd", order, " ")
    for (i = 1; i <= 3; i++) { n = order[i]
      printf "| %s | %d | %.3f | %.3f | %s | %.1f | %.1f |\n", n, rps[n], p50[n], p99[n], bad[n], ncpu[n], mcpu[n] }
    printf "\nmigd / nginx: requests/s %.2fx, p50 %.2fx, p99 %.2fx\n", rps["migd"] / rps["nginx"], p50["migd"] / p50["nginx"], p99["migd"] / p99["nginx"]
    printf "gateway CPU per request (nginx proxy = its CPU minus the upstream share of the direct run): nginx %.1f µs, migd %.1f µs\n", ncpu["nginx"] - ncpu["direct"], mcpu["migd"]
  }' "$WORK/results"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
