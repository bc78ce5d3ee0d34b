// Concierge staff console: live queues, the live chat, replies. Text is always set with textContent.
(function () {
  "use strict";
  var body = document.body;
  var csrfMeta = document.querySelector('meta[name="csrf"]');
  if (!csrfMeta) { return; }                      // the sign-in page has nothing live
  var csrf = csrfMeta.getAttribute("content");
  var page = body.getAttribute("data-page");
  var conversation = body.getAttribute("data-conversation");
  var holding = body.getAttribute("data-holding") === "yes";
  var zone = body.getAttribute("data-zone") || undefined;
  var socket = null, retryDelay = 1000, known = null;

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function acceptForm(id) {
    var form = element("form", { method: "post", action: "/staff/handoffs/" + id + "/accept" });
    form.appendChild(element("input", { type: "hidden", name: "csrf", value: csrf }));
    form.appendChild(element("button", { "class": "accept" }, "Accept"));
    return form;
  }

  function alertNew(count) {
    var banner = document.getElementById("alert") || element("p", { id: "alert", role: "alert", "class": "alert" });
    banner.textContent = count === 1 ? "A customer is waiting for a person." : count + " customers are waiting for a person.";
    var main = document.querySelector("main");
    if (!banner.parentNode) { main.insertBefore(banner, main.firstChild); }
    document.title = "(" + count + ") Queue · Concierge";
  }

  function drawQueue(frame) {
    var rows = document.getElementById("queue-rows");
    if (!rows) { return; }
    var ids = frame.waiting.map(function (e) { return e.handoff_id; });
    var arrived = known !== null && ids.some(function (id) { return known.indexOf(id) < 0; });
    known = ids;
    rows.textContent = "";
    if (!frame.waiting.length) {
      var empty = element("tr", { "class": "empty" });
      empty.appendChild(element("td", { colspan: "5" }, "Nobody is waiting."));
      rows.appendChild(empty);
      document.title = "Queue · Concierge";
    }
    frame.waiting.forEach(function (entry) {
      var row = element("tr", { "data-handoff": String(entry.handoff_id) });
      var waited = element("td", { "data-label": "Waiting" }, entry.waited_minutes + " min");
      waited.appendChild(element("br"));
      waited.appendChild(element("span", { "class": "language", "data-language": entry.language,
                                           lang: entry.language === "zh" ? "zh-HK" : "en" },
                                 entry.language === "zh" ? "Chinese 中文" : "English"));
      row.appendChild(waited);
      row.appendChild(element("td", { "data-label": "For" }, entry.role_title + (entry.referred ? " (referred up)" : "")));
      row.appendChild(element("td", { "data-label": "Case" }, entry.case_reference || "none yet"));
      var summary = element("td", {}, entry.summary);
      summary.appendChild(element("br"));
      summary.appendChild(element("small", {}, entry.reason));
      if (entry.callback_by) {
        summary.appendChild(element("br"));
        summary.appendChild(element("small", {}, "callback promised by " + entry.callback_by));
      }
      row.appendChild(summary);
      var act = element("td");
      act.appendChild(element("a", { href: "/staff/chats/" + entry.conversation }, "Transcript"));
      act.appendChild(acceptForm(entry.handoff_id));
      row.appendChild(act);
      rows.appendChild(row);
    });
    if (arrived || (known !== null && frame.waiting.length && document.getElementById("alert"))) { alertNew(frame.waiting.length); }
    var mine = document.getElementById("mine");
    if (mine) {
      mine.textContent = "";
      if (!frame.mine.length) { mine.appendChild(element("li", {}, "None.")); }
      frame.mine.forEach(function (chat) {
        var item = element("li");
        item.appendChild(element("a", { href: "/staff/chats/" + chat.conversation }, chat.case_reference || "chat without a case"));
        mine.appendChild(item);
      });
    }
  }

  var shown = {};
  function showLine(line) {
    var list = document.getElementById("transcript");
    if (!list || shown[line.id]) { return; }
    shown[line.id] = true;
    if (list.querySelector('[data-id="' + line.id + '"]')) { return; }
    var item = element("li", { "class": "line " + line.author, "data-id": String(line.id) });
    var time = clock(line.at);
    if (time) {
      item.appendChild(element("time", { datetime: line.at }, time));
      item.appendChild(document.createTextNode(" "));
    }
    item.appendChild(element("span", { "class": "author" }, line.name || line.author));
    item.appendChild(document.createTextNode(" "));
    item.appendChild(element("span", { "class": "text" }, line.text));
    if (holding && line.author === "customer") { item.appendChild(flagForm(line.id)); }
    var later = Array.prototype.find.call(list.querySelectorAll("[data-id]"), function (other) {
      return Number(other.getAttribute("data-id")) > line.id;
    });  // a live line may arrive before the history sent on watching: each takes its place by id
    list.insertBefore(item, later || null);
    list.scrollTop = list.scrollHeight;
  }

  function clock(at) {  // a line's time of day in the shop's time zone, as the server writes it: 14:05
    if (!at) { return ""; }
    try {
      return new Date(at).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: zone });
    } catch (e) { return ""; }
  }

  function flagForm(id) {  // the small "misunderstood" action the server puts on customer lines of a held chat
    var form = element("form", { method: "post", "class": "flag",
                                 action: "/staff/chats/" + encodeURIComponent(conversation) + "/lines/" + id + "/flag" });
    form.appendChild(element("input", { type: "hidden", name: "csrf", value: csrf }));
    form.appendChild(element("button", { title: "The assistant misunderstood this line: send it to the NLU inbox",
                                         "aria-label": "Assistant misunderstood: send this line to the NLU inbox" },
                             "Misunderstood?"));
    return form;
  }

  function endWatch(text) {
    body.setAttribute("data-watch", "ended");
    var list = document.getElementById("transcript");
    if (list && !document.getElementById("watch-ended")) {
      list.appendChild(element("li", { "class": "line notice", id: "watch-ended", role: "status" }, text));
    }
  }

  function connect() {
    socket = new WebSocket(window.location.origin.replace(/^http/, "ws") + "/staff/live");
    socket.addEventListener("open", function () {
      retryDelay = 1000;
      body.setAttribute("data-live", "yes");
      if (conversation) { socket.send(JSON.stringify({ type: "watch", conversation_id: conversation })); }
    });
    socket.addEventListener("message", function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      if (frame.type === "queue") { drawQueue(frame); }
      else if (frame.type === "line") { showLine(frame); }
      else if (frame.type === "watch_ended") { endWatch(frame.text); }
      else if (frame.type === "error") { window.alert(frame.text); }
    });
    socket.addEventListener("close", function () {
      body.setAttribute("data-live", "no");
      setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    });
  }

  setInterval(function () {
    if (socket && socket.readyState === WebSocket.OPEN) { socket.send(JSON.stringify({ type: "heartbeat" })); }
  }, 30000);

  var replyForm = document.getElementById("reply-form");
  if (replyForm && holding) {
    replyForm.addEventListener("submit", function (event) {
      var text = document.getElementById("reply-text");
      if (!socket || socket.readyState !== WebSocket.OPEN) { return; }   // falls back to a normal POST
      event.preventDefault();
      if (!text.value.trim()) { return; }
      socket.send(JSON.stringify({ type: "say", text: text.value, csrf: csrf }));
      text.value = "";
      text.focus();
    });
  }
  document.querySelectorAll("#transcript [data-id]").forEach(function (item) { shown[item.getAttribute("data-id")] = true; });
  var transcript = document.getElementById("transcript");
  if (transcript) {
    transcript.scrollTop = transcript.scrollHeight;  // the latest line, not the first
    window.addEventListener("resize", function () { transcript.scrollTop = transcript.scrollHeight; });
  }
  connect();
})();
