/* Live tally: follow /ws/budgets/<slug>/tally/, fall back to polling the HTTP
 * snapshot, apply only newer versions, reconnect with backoff and jitter. */
(function () {
  "use strict";
  var root = document.getElementById("tally");
  if (!root) { return; }
  var status = document.getElementById("live-status");
  var tallyUrl = root.getAttribute("data-tally-url");
  var socketPath = root.getAttribute("data-socket-path");
  var version = parseInt(root.getAttribute("data-version"), 10) || 0;
  var attempt = 0;
  var failures = 0;
  var pollTimer = null;
  var numberFormat = new Intl.NumberFormat(document.documentElement.lang === "th" ? "th-TH" : "en-GB");

  function setState(state) {
    if (!status) { return; }
    status.setAttribute("data-state", state);
    var text = status.getAttribute("data-text-" + state);
    if (text) { status.textContent = text; }
  }

  function apply(snapshot) {
    if (!snapshot || snapshot.type !== "tally" || snapshot.v < version) { return; }
    version = snapshot.v;
    root.setAttribute("data-version", String(version));
    var turnout = root.querySelector("[data-turnout]");
    if (turnout && typeof snapshot.turnout === "number") {
      turnout.textContent = numberFormat.format(snapshot.turnout);
    }
    if (!snapshot.projects) { return; }
    var top = 0;
    snapshot.projects.forEach(function (p) { if (p.votes > top) { top = p.votes; } });
    snapshot.projects.forEach(function (p) {
      var row = root.querySelector('tr[data-project-id="' + CSS.escape(p.id) + '"]');
      if (!row) { return; }
      var cell = row.querySelector("[data-votes]");
      if (cell) { cell.textContent = numberFormat.format(p.votes); }
      var bar = row.querySelector("[data-bar]");
      if (bar) { bar.setAttribute("width", (top ? Math.round(100 * p.votes / top) : 0) + "%"); }
    });
  }

  function fetchSnapshot() {
    return fetch(tallyUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(apply)
      .catch(function () { /* keep what we have */ });
  }

  function startPolling() {
    if (pollTimer) { return; }
    setState("polling");
    pollTimer = window.setInterval(fetchSnapshot, 5000);
  }

  function stopPolling() {
    if (pollTimer) { window.clearInterval(pollTimer); pollTimer = null; }
  }

  function connect() {
    if (!("WebSocket" in window)) { startPolling(); return; }
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket;
    try { socket = new WebSocket(scheme + window.location.host + socketPath); }
    catch (e) { startPolling(); return; }
    setState("connecting");
    socket.onopen = function () {
      attempt = 0; failures = 0; stopPolling(); setState("live");
      fetchSnapshot();  /* resync after a reconnect */
    };
    socket.onmessage = function (event) {
      try { apply(JSON.parse(event.data)); } catch (e) { /* ignore a bad frame */ }
    };
    socket.onclose = function () {
      failures += 1;
      setState("offline");
      if (failures >= 3) { startPolling(); }
      attempt += 1;
      var ceiling = Math.min(30000, 1000 * Math.pow(2, attempt - 1));
      var delay = ceiling / 2 + Math.random() * ceiling / 2;
      window.setTimeout(connect, delay);
    };
  }

  connect();
})();
