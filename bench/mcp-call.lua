-- wrk script: MCP tools/call of the demo capability (legacy era, one session from MCP_SESSION)
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["X-Tenant-ID"] = "acme"
wrk.headers["MCP-Protocol-Version"] = "2025-11-25"
wrk.headers["Mcp-Session-Id"] = os.getenv("MCP_SESSION")

local counter = 0

function request()
  counter = counter + 1
  return wrk.format(nil, nil, nil, string.format(
      '{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"models.infer","arguments":{"input":"hello"}}}',
      counter))
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT requests_per_s=%.0f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f requests=%d errors=%d\n",
      summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(90) / 1000,
      latency:percentile(99) / 1000, summary.requests, errors))
end
