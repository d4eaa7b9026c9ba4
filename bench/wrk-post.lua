-- wrk script of bench/run: POST of the body in WRK_BODY (an INVOKE or DISCOVER envelope) as tenant
-- acme; prints one RESULT line that bench/run parses
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Tenant-ID"] = "acme"
wrk.body = os.getenv("WRK_BODY")

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT requests_per_s=%.0f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f requests=%d errors=%d"
      .. " connect_errors=%d read_errors=%d write_errors=%d status_errors=%d timeouts=%d\n",
      summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(90) / 1000,
      latency:percentile(99) / 1000, summary.requests, errors, summary.errors.connect, summary.errors.read,
      summary.errors.write, summary.errors.status, summary.errors.timeout))
end
