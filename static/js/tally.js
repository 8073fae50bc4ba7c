/* Live tally: follow /ws/budgets/<slug>/tally/, fall back to polling the HTTP
 * snapshot, apply only newer versions, reconnect with backoff and jitter.
 * Elements marked data-when="full|turnout|none" show for those visibilities, so
 * a page opened while counts were hidden shows them once they may be seen. */
(function () {
  "use strict";
  var root = document.getElementById("tally");
  if (!root || root.getAttribute("data-live") !== "1") { return; }
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
    if (pollTimer && state !== "live" && state !== "polling") { state = "polling"; }
    status.setAttribute("data-state", state);
    var text = status.getAttribute("data-text-" + state);
    if (text) { status.textContent = text; }
  }

  function showFor(visibility) {
    root.querySelectorAll("[data-when]").forEach(function (el) {
      el.hidden = el.getAttribute("data-when").split(" ").indexOf(visibility) < 0;
    });
  }

  function apply(snapshot) {
    if (!snapshot || snapshot.type !== "tally" || snapshot.v < version) { return; }
    version = snapshot.v;
    root.setAttribute("data-version", String(version));
    var visibility = snapshot.visibility || (snapshot.projects ? "full" : snapshot.turnout !== undefined ? "turnout" : "none");
    showFor(visibility);
    var turnout = root.querySelector("[data-turnout]");
    if (turnout) {
      turnout.textContent = typeof snapshot.turnout === "number" ? numberFormat.format(snapshot.turnout) : "";
    }
    var votes = {};
    var top = 0;
    (snapshot.projects || []).forEach(function (p) { votes[p.id] = p.votes; if (p.votes > top) { top = p.votes; } });
    root.querySelectorAll("tr[data-project-id]").forEach(function (row) {
      var id = row.getAttribute("data-project-id");
      var known = Object.prototype.hasOwnProperty.call(votes, id);
      var cell = row.querySelector("[data-votes]");
      if (cell) { cell.textContent = known ? numberFormat.format(votes[id]) : ""; }
      var bar = row.querySelector("[data-bar]");
      if (bar) { bar.setAttribute("width", (known && top ? Math.round(100 * votes[id] / top) : 0) + "%"); }
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
    pollTimer = window.setInterval(fetchSnapshot, 5000);
    setState("polling");
    fetchSnapshot();
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
      if (failures >= 3) { startPolling(); } else { setState("offline"); }
      attempt += 1;
      var ceiling = Math.min(30000, 1000 * Math.pow(2, attempt - 1));
      var delay = ceiling / 2 + Math.random() * ceiling / 2;
      window.setTimeout(connect, delay);
    };
  }

  connect();
})();
