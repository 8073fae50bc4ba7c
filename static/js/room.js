/* Hearing room: follow /ws/rooms/<code>/, fall back to polling the HTTP
 * snapshot, apply only newer versions, reconnect with backoff and jitter, and
 * resync over HTTP after every reconnect (nothing is lost when a phone drops
 * off the network). Forms marked data-room-action are sent with fetch; without
 * JavaScript they are ordinary forms that come back to the page. */
(function () {
  "use strict";
  var root = document.getElementById("room");
  if (!root) { return; }
  var mode = root.getAttribute("data-mode") || "room";
  var status = document.getElementById("live-status");
  var snapshotUrl = root.getAttribute("data-snapshot-url");
  var socketPath = root.getAttribute("data-socket-path");
  var version = parseInt(root.getAttribute("data-version"), 10) || 0;
  var lang = document.documentElement.lang === "en" ? "en" : "th";
  var myUpvotes = {};
  (root.getAttribute("data-my-upvotes") || "").split(",").forEach(function (id) { if (id) { myUpvotes[id] = true; } });
  var attempt = 0, failures = 0, pollTimer = null;

  function setState(state) {
    if (!status) { return; }
    if (pollTimer && state !== "live") { state = "polling"; }
    status.setAttribute("data-state", state);
    var text = status.getAttribute("data-text-" + state);
    if (text) { status.textContent = text; }
  }

  function pick(texts) { return (lang === "en" && texts.en) ? texts.en : texts.th; }

  /* People's own text (questions, names, reasons) and poll texts without an
   * English version: in Thai script on a page in another language, the element
   * gets lang="th" so a screen reader reads it with a Thai voice (WCAG 2.1 SC
   * 3.1.2), as the |text_lang filter does on the server. */
  var thaiScript = /[\u0E01-\u0E5B]/;
  var pageIsThai = (document.documentElement.lang || "").indexOf("th") === 0;
  function setText(el, text) {
    el.textContent = text;
    if (!pageIsThai && thaiScript.test(text)) { el.setAttribute("lang", "th"); }
    else { el.removeAttribute("lang"); }
  }

  function showWhen(container, state) {
    container.querySelectorAll("[data-when]").forEach(function (el) {
      el.hidden = el.getAttribute("data-when").split(" ").indexOf(state) < 0;
    });
  }

  function setAction(form, id) {
    form.setAttribute("action", form.getAttribute("action").replace(/\/0\/(upvote|moderate|status|vote)\/$/, "/" + id + "/$1/"));
  }

  function cloneTemplate(templateId) {
    var template = document.getElementById(templateId);
    return template ? template.content.firstElementChild.cloneNode(true) : null;
  }

  /* ---- questions (room) ---- */
  function fillQuestion(li, q) {
    li.id = "q-" + q.id;
    li.setAttribute("data-id", q.id);
    li.classList.toggle("answered", q.answered);
    li.classList.toggle("pinned", q.pinned);
    li.classList.toggle("hidden-question", q.hidden);
    setText(li.querySelector(".q-body"), q.body);
    var name = li.querySelector(".q-name");
    setText(name, q.name || name.getAttribute("data-anonymous"));
    li.querySelector(".q-answered").hidden = !q.answered;
    li.querySelector(".q-pinned").hidden = !q.pinned;
    li.querySelector(".q-hidden").hidden = !q.hidden;
    setText(li.querySelector(".q-reason"), q.reason || "");
    li.querySelector(".q-upvotes").textContent = q.upvotes;
    var upvote = li.querySelector("button.upvote");
    if (upvote) {
      upvote.disabled = !!myUpvotes[q.id];
      upvote.setAttribute("aria-pressed", myUpvotes[q.id] ? "true" : "false");
    }
    var show = function (value, visible) {
      var button = li.querySelector('button[value="' + value + '"]');
      if (button) { button.hidden = !visible; }
    };
    show("answer", !q.answered); show("unanswer", q.answered);
    show("pin", !q.pinned && !q.hidden); show("unpin", q.pinned); show("show", q.hidden);
    var hideForm = li.querySelector(".hide-form");
    if (hideForm) { hideForm.hidden = q.hidden; }
    var reason = li.querySelector('input[name="reason"]');
    if (reason) {
      reason.id = "reason-" + q.id;
      var label = li.querySelector('label[for^="reason-"]');
      if (label) { label.setAttribute("for", reason.id); }
    }
  }

  function renderQuestions(questions) {
    var list = document.getElementById("question-list");
    if (!list) { return; }
    var focused = document.activeElement;
    var existing = {};
    Array.prototype.forEach.call(list.children, function (li) { existing[li.getAttribute("data-id")] = li; });
    var wanted = {};
    questions.forEach(function (q, index) {
      wanted[q.id] = true;
      var li = existing[q.id];
      if (!li) {
        li = cloneTemplate("question-template");
        if (!li) { return; }
        li.querySelectorAll("form").forEach(function (form) { setAction(form, q.id); bindForm(form); });
      }
      fillQuestion(li, q);
      if (list.children[index] !== li) { list.insertBefore(li, list.children[index] || null); }
    });
    Object.keys(existing).forEach(function (id) { if (!wanted[id]) { existing[id].remove(); } });
    if (focused && focused !== document.activeElement && document.body.contains(focused)) { focused.focus(); }
    var none = document.querySelector(".no-questions");
    if (none) { none.hidden = questions.length > 0; }
  }

  /* ---- polls ---- */
  function fillPoll(section, poll) {
    section.id = "poll-" + poll.id;
    section.setAttribute("data-id", poll.id);
    section.setAttribute("data-status", poll.status);
    section.setAttribute("aria-labelledby", "poll-" + poll.id + "-q");
    var heading = section.querySelector(".poll-question");
    heading.id = "poll-" + poll.id + "-q";
    setText(heading, pick(poll.question));
    section.querySelector(".poll-total").textContent = poll.total;
    var results = section.querySelector(".poll-results");
    var items = results.querySelectorAll(".poll-option");
    if (items.length !== poll.options.length) {
      var model = items[0];
      results.textContent = "";
      poll.options.forEach(function () { results.appendChild(model.cloneNode(true)); });
      items = results.querySelectorAll(".poll-option");
    }
    poll.options.forEach(function (option, i) {
      var percent = poll.total ? Math.round(100 * option.votes / poll.total) : 0;
      setText(items[i].querySelector(".poll-option-label"), pick(option));
      items[i].querySelector(".poll-votes").textContent = option.votes;
      items[i].querySelector(".poll-percent").textContent = percent;
      items[i].querySelector(".bar-fill").setAttribute("width", percent + "%");
    });
    var fieldset = section.querySelector(".poll-vote fieldset");
    if (fieldset) {
      var choices = fieldset.querySelectorAll(".poll-choice");
      if (choices.length !== poll.options.length) {
        var choiceModel = choices[0];
        choices.forEach(function (c) { c.remove(); });
        poll.options.forEach(function (option, i) {
          var choice = choiceModel.cloneNode(true);
          choice.querySelector("input").value = String(i);
          choice.querySelector("input").checked = false;
          fieldset.appendChild(choice);
        });
        choices = fieldset.querySelectorAll(".poll-choice");
      }
      poll.options.forEach(function (option, i) { setText(choices[i].querySelector(".poll-choice-label"), pick(option)); });
    }
    showWhen(section, poll.status);
  }

  function newPollSection(poll) {
    var section = cloneTemplate("poll-template");
    if (!section) { return null; }
    section.querySelectorAll("form").forEach(function (form) { setAction(form, poll.id); bindForm(form); });
    return section;
  }

  function renderPolls(polls) {
    var list = document.getElementById("poll-list");
    if (!list) { return; }
    var existing = {};
    Array.prototype.forEach.call(list.children, function (s) { existing[s.getAttribute("data-id")] = s; });
    var wanted = {};
    polls.forEach(function (poll, index) {
      wanted[poll.id] = true;
      var section = existing[poll.id] || newPollSection(poll);
      if (!section) { return; }
      fillPoll(section, poll);
      if (list.children[index] !== section) { list.insertBefore(section, list.children[index] || null); }
    });
    Object.keys(existing).forEach(function (id) { if (!wanted[id]) { existing[id].remove(); } });
    var none = document.querySelector(".no-polls");
    if (none) { none.hidden = polls.length > 0; }
  }

  /* ---- projector ---- */
  function renderProjector(snapshot) {
    var pinned = null, shown = null;
    snapshot.questions.forEach(function (q) { if (q.id === snapshot.pinned) { pinned = q; } });
    var box = document.getElementById("pinned-question");
    if (box) {
      box.hidden = !pinned;
      if (pinned) {
        setText(box.querySelector(".q-body"), pinned.body);
        setText(box.querySelector(".q-name"), pinned.name || "");
      }
    }
    snapshot.polls.forEach(function (p) { if (p.status === "open") { shown = p; } });
    if (!shown) { snapshot.polls.forEach(function (p) { if (p.status === "closed") { shown = p; } }); }
    var holder = document.getElementById("projector-poll");
    if (holder) {
      var current = holder.firstElementChild;
      if (!shown) { holder.textContent = ""; }
      else {
        if (!current || current.getAttribute("data-id") !== String(shown.id)) {
          holder.textContent = "";
          current = newPollSection(shown);
          if (current) { holder.appendChild(current); }
        }
        if (current) { fillPoll(current, shown); }
      }
    }
    var list = document.getElementById("question-list");
    if (list) {
      list.textContent = "";
      snapshot.questions.filter(function (q) { return !q.answered; }).slice(0, 5).forEach(function (q) {
        var li = document.createElement("li");
        var body = document.createElement("span"); body.className = "q-body"; setText(body, q.body);
        var votes = document.createElement("span"); votes.className = "q-upvotes-badge"; votes.textContent = "▲ " + q.upvotes;
        li.appendChild(body); li.appendChild(document.createTextNode(" ")); li.appendChild(votes);
        list.appendChild(li);
      });
    }
  }

  function apply(snapshot) {
    if (!snapshot || snapshot.type !== "room" || snapshot.v < version) { return; }
    version = snapshot.v;
    root.setAttribute("data-version", String(version));
    if (mode === "projector") { renderProjector(snapshot); return; }
    var closedNote = document.querySelector(".room-closed-note");
    if (closedNote) { closedNote.hidden = snapshot.open; }
    renderQuestions(snapshot.questions);
    renderPolls(snapshot.polls);
  }

  function fetchSnapshot() {
    return fetch(snapshotUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(apply)
      .catch(function () { /* keep what we have */ });
  }

  /* ---- forms ---- */
  var messageBox = null;
  function say(text) {
    if (!messageBox) {
      messageBox = document.createElement("p");
      messageBox.className = "notice room-message";
      messageBox.setAttribute("role", "alert");
      root.insertBefore(messageBox, root.firstChild.nextSibling);
    }
    messageBox.textContent = text;
    messageBox.hidden = !text;
  }

  function bindForm(form) {
    if (form.getAttribute("data-bound")) { return; }
    form.setAttribute("data-bound", "1");
    form.addEventListener("submit", function (event) {
      if (!window.fetch || !window.FormData) { return; }
      event.preventDefault();
      var data = new FormData(form);
      if (event.submitter && event.submitter.name) { data.append(event.submitter.name, event.submitter.value); }
      var upvoteOf = form.classList.contains("upvote-form") ? form.closest("[data-id]") : null;
      fetch(form.getAttribute("action"), { method: "POST", body: data, credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.json().catch(function () { return { error: "http", message: "" }; }); })
        .then(function (answer) {
          if (answer.error) { say(answer.message || ""); return; }
          say("");
          if (upvoteOf) { myUpvotes[upvoteOf.getAttribute("data-id")] = true; }
          if (form.hasAttribute("data-reset")) { form.reset(); }
          fetchSnapshot();
        })
        .catch(function () { form.submit(); });
    });
  }
  document.querySelectorAll("form[data-room-action]").forEach(bindForm);

  /* ---- connection ---- */
  function startPolling() {
    if (pollTimer) { return; }
    pollTimer = window.setInterval(fetchSnapshot, 5000);
    setState("polling");
    fetchSnapshot();
  }
  function stopPolling() { if (pollTimer) { window.clearInterval(pollTimer); pollTimer = null; } }

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
      window.setTimeout(connect, ceiling / 2 + Math.random() * ceiling / 2);
    };
  }
  window.addEventListener("online", fetchSnapshot);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { fetchSnapshot(); } });
  connect();
})();
