// Timed mock interview: phase and overall timers, and drafts that are never lost.
// Every edit goes to localStorage at once; the server gets the draft on a pause in typing, at least
// every 15 s while something is unsaved, when the tab is hidden and when the page goes away. Each save
// carries this tab's id and a sequence that only grows, so the server keeps the newest one whatever
// order saves arrive in; a duplicated tab gets an id of its own. The server owns the deadline; this clock is only a display of it.
(function () {
  "use strict";
  var root = document.getElementById("sd-mock");
  if (!root) { return; }

  var PAUSE_MS = 1500;      // a pause in typing this long sends the draft
  var PERIOD_MS = 15000;    // and never longer than this between saves while unsaved
  var sid = root.dataset.session;
  var saveUrl = root.dataset.saveUrl;
  var skew = Number(root.dataset.serverNow) - Date.now(); // server clock minus ours
  var started = Number(root.dataset.started);
  var deadline = Number(root.dataset.deadline);
  var areas = Array.prototype.slice.call(document.querySelectorAll(".sd-mock-text"));
  var sections = Array.prototype.slice.call(document.querySelectorAll(".sd-mock-phase"));
  var statusEl = document.getElementById("sd-mock-status");
  var errorEl = document.getElementById("sd-mock-error");
  var totalEl = document.getElementById("sd-mock-total");
  var form = document.getElementById("sd-mock-form");
  var token = form.querySelector('input[name="csrfmiddlewaretoken"]').value;

  function randomId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }
  function storageGet(store, key) { try { return store.getItem(key); } catch (e) { return null; } }
  function storageSet(store, key, value) { try { store.setItem(key, value); } catch (e) { /* full or blocked: the server copy still counts */ } }

  // One id per tab: sessionStorage survives a reload of this tab and is not shared with other tabs,
  // except that "duplicate tab" copies it. So a tab that found an id asks the other tabs whether it is
  // taken; if a live tab answers "mine", this one is a duplicate and takes a fresh id, keeping the text
  // it opened with. Until the question is settled it neither saves nor writes its local copy, so two
  // tabs never overwrite each other's draft.
  var CLAIM_MS = 400;
  var tabKey = "sd-mock-tab:" + sid;
  var tab = storageGet(sessionStorage, tabKey);
  var claimed = !tab;
  if (!tab) { tab = randomId(); storageSet(sessionStorage, tabKey, tab); }
  var localKey = "sd-mock-draft:" + sid + ":" + tab;
  var channel = null;
  try { channel = new BroadcastChannel("sd-mock:" + sid); } catch (e) { channel = null; }
  var question = randomId();

  var seconds = areas.map(function () { return 0; });
  var seq = 0;          // the sequence of the text now in the page
  var ackedSeq = 0;     // the highest sequence the server acknowledged for this tab
  var inFlight = false;
  var closed = false;   // submitted or past the deadline: no more saves
  var pauseTimer = null;

  function texts() { return areas.map(function (a) { return a.value; }); }
  function nextSeq() {
    // Time-based so a tab whose storage was cleared still numbers above its earlier saves.
    seq = Math.max(seq + 1, Date.now());
    return seq;
  }
  function dirty() { return seq > ackedSeq; }
  function keepLocal() {
    if (!claimed) { return; }
    storageSet(localStorage, localKey, JSON.stringify({ seq: seq, texts: texts(), seconds: seconds, acked: !dirty() }));
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function clock(ms) {
    var s = Math.max(0, Math.ceil(ms / 1000));
    return pad(Math.floor(s / 60)) + ":" + pad(s % 60);
  }
  function hms(ms) {
    var d = new Date(ms);
    return pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds());
  }
  function showStatus(text, state) {
    statusEl.textContent = text;
    statusEl.dataset.state = state;
  }
  function showError(text) {
    errorEl.textContent = text;
    errorEl.hidden = !text;
  }
  function payload(sent) {
    var body = new URLSearchParams();
    body.set("csrfmiddlewaretoken", token);
    body.set("tab", tab);
    body.set("seq", String(sent));
    body.set("texts", JSON.stringify(texts()));
    body.set("seconds", JSON.stringify(seconds));
    return body;
  }

  // ---- restoring: this tab's unacknowledged local draft beats the server's copy of this tab
  var drafts = [];
  var data = document.getElementById("sd-mock-drafts");
  if (data) { try { drafts = JSON.parse(data.textContent) || []; } catch (e) { drafts = []; } }
  var own = drafts.filter(function (d) { return d.tab === tab; })[0];
  var local = null;
  try { local = JSON.parse(storageGet(localStorage, localKey) || "null"); } catch (e) { local = null; }
  if (own) {
    own.texts.forEach(function (t, i) { if (areas[i]) { areas[i].value = t; } });
    seq = ackedSeq = own.seq;
  }
  if (local && local.texts && local.seq > (own ? own.seq : 0)) {
    local.texts.forEach(function (t, i) { if (areas[i]) { areas[i].value = t; } });
    seq = local.seq;
  }
  if (local && local.seconds) { local.seconds.forEach(function (s, i) { if (i < seconds.length) { seconds[i] = Number(s) || 0; } }); }
  showStatus(dirty() ? "Unsaved changes" : "All changes saved", dirty() ? "unsaved" : "saved");

  // ---- the other tabs' texts: both are kept, this notice offers the other one
  function showOthers(others) {
    var box = document.getElementById("sd-mock-tabs");
    var list = document.getElementById("sd-mock-others");
    list.textContent = "";
    others.forEach(function (other) {
      var details = document.createElement("details");
      details.className = "sd-mock-other";
      var summary = document.createElement("summary");
      summary.textContent = "The other tab's text (saved at " + hms(other.saved_at) + ")";
      details.appendChild(summary);
      other.texts.forEach(function (t, i) {
        var pre = document.createElement("pre");
        pre.className = "sd-mock-frozen";
        pre.dataset.phase = String(i);
        pre.textContent = t;
        details.appendChild(pre);
      });
      var use = document.createElement("button");
      use.type = "button";
      use.className = "sd-button sd-button-small";
      use.textContent = "Use the other tab's text instead of mine";
      use.addEventListener("click", function () {
        other.texts.forEach(function (t, i) { if (areas[i]) { areas[i].value = t; } });
        changed();
        save();
      });
      details.appendChild(use);
      list.appendChild(details);
    });
    box.hidden = others.length === 0;
  }

  // ---- saving
  function save() {
    if (closed || inFlight || !dirty() || !claimed) { return; }
    if (navigator.onLine === false) { showStatus("Unsaved changes (offline: kept in this browser)", "unsaved"); return; }
    inFlight = true;
    var sent = seq;
    showStatus("Saving…", "saving");
    fetch(saveUrl, {
      method: "POST",
      body: payload(sent),
      headers: { "X-CSRFToken": token },
      credentials: "same-origin",
      keepalive: true
    }).then(function (response) {
      return response.json().then(function (result) { return { status: response.status, result: result }; });
    }).then(function (answer) {
      inFlight = false;
      var result = answer.result;
      if (answer.status === 409 || result.closed) { finish(result.error); return; }
      if (!result.ok) { showError(result.error || "The draft could not be saved."); showStatus("Unsaved changes", "unsaved"); return; }
      showError("");
      ackedSeq = Math.max(ackedSeq, Math.min(result.seq, seq)); // the server holds this tab's text up to result.seq
      keepLocal();
      showOthers(result.others || []);
      if (dirty()) { showStatus("Unsaved changes", "unsaved"); schedule(); }
      else { showStatus("Saved at " + hms(result.saved_at), "saved"); }
    }).catch(function () {
      inFlight = false;
      showStatus("Unsaved changes (not reachable: kept in this browser, retrying)", "unsaved");
    });
  }
  function beacon() {
    // The page is going away: sendBeacon outlives it; the CSRF token travels in the body.
    if (closed || !dirty() || !navigator.sendBeacon) { return; }
    navigator.sendBeacon(saveUrl, payload(seq));
  }
  function schedule() {
    if (pauseTimer) { clearTimeout(pauseTimer); }
    pauseTimer = setTimeout(save, PAUSE_MS);
  }
  function changed() {
    nextSeq();
    keepLocal();
    showStatus("Unsaved changes", "unsaved");
    schedule();
  }
  function finish(message) {
    closed = true;
    showError(message || "Time is up.");
    showStatus("Submitted", "closed");
    areas.forEach(function (a) { a.readOnly = true; });
    setTimeout(function () { window.location.assign(root.dataset.pageUrl); }, 2500);
  }

  areas.forEach(function (area, i) {
    area.addEventListener("input", changed);
    area.addEventListener("focus", function () { current = i; });
  });
  var current = -1; // the phase being written in, for the minutes spent per phase
  setInterval(function () { if (dirty()) { save(); } }, PERIOD_MS);
  window.addEventListener("online", save);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { save(); }
  });
  window.addEventListener("pagehide", beacon);
  form.addEventListener("submit", function () {
    document.getElementById("sd-mock-tab").value = tab;
    document.getElementById("sd-mock-seq").value = String(nextSeq());
    keepLocal();
    closed = true; // the form carries the text; no beacon after it
  });

  // ---- clocks: the deadline is the server's, shifted by the clock difference seen at page load
  var finalSent = false;
  function tick() {
    var now = Date.now() + skew;
    var left = deadline - now;
    totalEl.textContent = clock(left);
    totalEl.classList.toggle("sd-mock-late", left < 5 * 60000);
    var elapsed = now - started;
    sections.forEach(function (section, i) {
      var from = Number(section.dataset.start) * 60000;
      var to = from + Number(section.dataset.minutes) * 60000;
      var isCurrent = (elapsed >= from && elapsed < to) || (i === sections.length - 1 && elapsed >= to);
      section.classList.toggle("sd-mock-current", isCurrent);
      section.querySelector(".sd-mock-phase-clock").textContent =
        elapsed >= to ? "done" : elapsed >= from ? clock(to - elapsed) + " left" : clock(to - from);
    });
    if (!closed && document.activeElement === areas[current] && document.visibilityState === "visible") {
      seconds[current] += 1;
    }
    if (!closed && left <= 3000 && !finalSent) { finalSent = true; save(); }
    if (!closed && left <= -1000) {
      closed = true;
      window.location.assign(root.dataset.pageUrl); // the server submits the last saved draft
    }
  }
  tick();
  setInterval(tick, 1000);

  // ---- this tab's id: settle whether another live tab holds it (see the top)
  function settle(duplicate) {
    if (claimed) { return; }
    if (duplicate) {
      tab = randomId();
      storageSet(sessionStorage, tabKey, tab);
      localKey = "sd-mock-draft:" + sid + ":" + tab;
      ackedSeq = 0; // nothing of this new tab is on the server yet: its text (if any) is unsaved
    }
    claimed = true;
    keepLocal();
    if (dirty()) { save(); }
  }
  if (channel) {
    channel.onmessage = function (event) {
      var message = event.data || {};
      if (message.type === "who" && message.tab === tab && claimed) {
        channel.postMessage({ type: "mine", tab: message.tab, question: message.question });
      } else if (message.type === "mine" && message.question === question) {
        settle(true);
      }
    };
  }
  if (claimed) {
    if (dirty()) { save(); }
  } else if (channel) {
    channel.postMessage({ type: "who", tab: tab, question: question });
    setTimeout(function () { settle(false); }, CLAIM_MS);
  } else {
    settle(false); // no BroadcastChannel: nothing to ask; keep the old behaviour
  }
}());
