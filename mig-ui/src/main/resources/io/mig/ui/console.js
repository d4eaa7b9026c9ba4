// migd console: talks to the gateway's own HTTP API with the tenant and token chosen above.
(function () {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const identity = {
    tenant: localStorage.getItem("migd.tenant") || "acme",
    token: sessionStorage.getItem("migd.token") || "",
  };

  function headers(json) {
    const h = { "X-Tenant-ID": identity.tenant };
    if (identity.token) h["Authorization"] = "Bearer " + identity.token;
    if (json) h["Content-Type"] = "application/json";
    return h;
  }

  /** Calls the API; resolves to {ok, status, body} and never throws for HTTP errors. */
  async function call(method, path, body) {
    try {
      const response = await fetch(path, {
        method, headers: headers(body !== undefined),
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed;
      try { parsed = text ? JSON.parse(text) : {}; } catch (e) { parsed = { raw: text }; }
      return { ok: response.ok, status: response.status, body: parsed };
    } catch (e) {
      return { ok: false, status: 0, body: { error: { code: "NETWORK", message: String(e) } } };
    }
  }

  function describeError(result) {
    const error = result.body && result.body.error;
    return error ? `${result.status} ${error.code}: ${error.message}` : `HTTP ${result.status}`;
  }

  function text(id, value) { $(id).textContent = value; }

  function breakdown(map) {
    return Object.entries(map || {}).map(([k, v]) => `${k} ${v}`).join(" · ");
  }

  async function refreshConnections() {
    const result = await call("GET", "/admin/v0.1/connections");
    const rows = $("connections").querySelector("tbody");
    rows.replaceChildren();
    if (!result.ok) {
      text("connections-total", "–");
      text("connections-breakdown", describeError(result));
      rows.append(emptyRow(describeError(result)));
      return;
    }
    const summary = result.body.summary || {};
    text("connections-total", summary.total ?? 0);
    text("connections-breakdown", [breakdown(summary.by_kind), summary.nats_binding_active ? "NATS binding active" : ""]
      .filter(Boolean).join(" · "));
    const connections = result.body.connections || [];
    if (connections.length === 0) rows.append(emptyRow("no open connections"));
    for (const c of connections) {
      const tr = document.createElement("tr");
      const meta = Object.entries(c.meta || {}).map(([k, v]) => `${k}=${v}`).join(" ");
      for (const value of [c.id, c.protocol, c.kind, c.tenant_id, c.actor, c.remote_addr, c.started_at, meta]) {
        const td = document.createElement("td");
        td.textContent = value ?? "";
        tr.append(td);
      }
      rows.append(tr);
    }
  }

  function emptyRow(message) {
    const tr = document.createElement("tr");
    const td = document.createElement("td");
    td.colSpan = 8; td.className = "empty"; td.textContent = message;
    tr.append(td);
    return tr;
  }

  async function refreshUsage() {
    const result = await call("GET", "/cloud/v0.1/usage?tenant_id=" + encodeURIComponent(identity.tenant));
    if (!result.ok) { text("usage-total", "–"); text("usage-breakdown", describeError(result)); return; }
    text("usage-total", result.body.total_invocations ?? 0);
    text("usage-breakdown", breakdown(result.body.capability_invocations));
  }

  async function refreshCapabilities() {
    const result = await call("GET", "/admin/v0.1/capabilities");
    if (!result.ok) { text("capabilities-count", "–"); text("capabilities-list", describeError(result)); return; }
    const capabilities = result.body.capabilities || [];
    text("capabilities-count", capabilities.length);
    text("capabilities-list", capabilities.map((c) => (c.descriptor || c).id).join(" · "));
  }

  async function refreshConformance() {
    const result = await call("GET", "/admin/v0.1/health/conformance");
    const badges = $("conformance-profiles");
    const checks = $("conformance-checks");
    badges.replaceChildren();
    checks.replaceChildren();
    if (!result.ok) { badges.textContent = describeError(result); return; }
    for (const profile of ["core", "streaming", "evented", "full"]) {
      const badge = document.createElement("span");
      badge.className = "badge " + (result.body[profile] ? "ok" : "bad");
      badge.textContent = profile;
      badge.dataset.profile = profile;
      badges.append(badge);
    }
    for (const check of result.body.checks || []) {
      const li = document.createElement("li");
      li.className = check.ok ? "ok" : "bad";
      li.textContent = `${check.name}${check.detail ? " — " + check.detail : ""}`;
      checks.append(li);
    }
  }

  function refreshAll() {
    return Promise.all([refreshConnections(), refreshUsage(), refreshCapabilities(), refreshConformance()]);
  }

  function show(result, label) {
    $("status").className = result.ok ? "muted" : "error";
    text("status", result.ok ? `${label}: ${result.status}` : `${label} failed: ${describeError(result)}`);
    text("output", JSON.stringify(result.body, null, 2));
  }

  async function hello() {
    const result = await call("POST", "/mig/v0.1/hello",
      { header: { tenant_id: identity.tenant }, supported_versions: ["0.1"], requested_bindings: ["http"] });
    show(result, "HELLO");
    if (result.ok) text("server", `server ${result.body.server_id} · MIG ${result.body.selected_version}`);
  }

  async function discover() {
    const result = await call("POST", "/mig/v0.1/discover", { header: { tenant_id: identity.tenant } });
    show(result, "DISCOVER");
    if (!result.ok) return;
    const select = $("capability");
    const previous = select.value;
    select.replaceChildren();
    for (const capability of result.body.capabilities || []) {
      const option = document.createElement("option");
      option.value = option.textContent = capability.id;
      select.append(option);
    }
    if (previous) select.value = previous;
  }

  async function invoke(event) {
    event.preventDefault();
    let payload;
    try {
      payload = JSON.parse($("payload").value || "{}");
    } catch (e) {
      $("status").className = "error";
      text("status", "payload is not valid JSON: " + e.message);
      return;
    }
    const capability = $("capability").value;
    if (!capability) { $("status").className = "error"; text("status", "DISCOVER first, then pick a capability"); return; }
    const result = await call("POST", "/mig/v0.1/invoke/" + encodeURIComponent(capability),
      { header: { tenant_id: identity.tenant }, payload });
    show(result, "INVOKE " + capability);
    refreshUsage();
  }

  $("tenant").value = identity.tenant;
  $("token").value = identity.token;
  $("identity").addEventListener("submit", (event) => {
    event.preventDefault();
    identity.tenant = $("tenant").value.trim();
    identity.token = $("token").value.trim();
    localStorage.setItem("migd.tenant", identity.tenant);
    sessionStorage.setItem("migd.token", identity.token);
    refreshAll().then(discover);
  });
  $("hello").addEventListener("click", hello);
  $("discover").addEventListener("click", discover);
  $("invoke").addEventListener("submit", invoke);

  refreshAll().then(() => discover()).then(() => document.body.dataset.ready = "true");
  setInterval(refreshAll, 5000);
})();
