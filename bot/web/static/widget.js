// Concierge chat widget. Embed with one tag: <script src="https://SHOP/widget.js" defer></script>
// Everything the server or the customer says is shown with textContent: never parsed as HTML.
(function () {
  "use strict";
  var script = document.currentScript;
  var origin = script && script.src ? new URL(script.src).origin : window.location.origin;
  var socketUrl = origin.replace(/^http/, "ws") + "/chat";
  // The tab's session only (not localStorage): a shared tablet does not carry one customer's chat to the next.
  var storageKey = "concierge.conversation", resumeKey = "concierge.resume", store = window.sessionStorage;
  // pending: the customer's lines not yet shown back by the gateway (it shows each line it keeps). They are sent
  // again after a reconnect unless the history shows them: a gateway that went away mid-send loses none.
  var socket = null, retryDelay = 1000, pending = [];

  var style = document.createElement("style");
  style.textContent = [
    "#concierge-launcher{position:fixed;right:1.2rem;bottom:1.2rem;z-index:2147483000;border:0;border-radius:2rem;",
    "padding:.8rem 1.2rem;background:#2b2118;color:#e9c77b;font:600 1rem sans-serif;cursor:pointer}",
    "#concierge-panel{position:fixed;right:1.2rem;bottom:4.8rem;z-index:2147483000;width:22rem;max-width:calc(100vw - 2.4rem);",
    "height:30rem;max-height:calc(100vh - 6rem);display:none;flex-direction:column;background:#fff;border:1px solid #d8c9a8;",
    "border-radius:.6rem;box-shadow:0 .5rem 2rem rgba(0,0,0,.2);font:.95rem/1.4 sans-serif;color:#222}",
    "#concierge-panel.open{display:flex}",
    "#concierge-log{flex:1;overflow-y:auto;padding:.8rem}",
    "#concierge-bar{display:flex;justify-content:flex-end;padding:.3rem .5rem;border-bottom:1px solid #eee}",
    "#concierge-end{border:0;background:none;color:#6b5532;font-size:.8rem;cursor:pointer;text-decoration:underline}",
    ".concierge-line{margin:.3rem 0;padding:.5rem .7rem;border-radius:.6rem;max-width:85%;white-space:pre-wrap;word-wrap:break-word}",
    ".concierge-customer{background:#2b2118;color:#fff;margin-left:auto}",
    ".concierge-assistant,.concierge-staff{background:#f3ecdf}",
    ".concierge-staff{border-left:3px solid #b8975a}.concierge-name{font-size:.75rem;font-weight:600;color:#6b5532}",
    ".concierge-notice{color:#8a3b12;font-size:.85rem;text-align:center}",
    ".concierge-replies button{margin:.2rem;padding:.3rem .6rem;border:1px solid #b8975a;border-radius:1rem;background:#fff;cursor:pointer}",
    "#concierge-typing{display:none;padding:0 .8rem .4rem;color:#777;font-size:.85rem}",
    "#concierge-form{display:flex;border-top:1px solid #eee}",
    "#concierge-input{flex:1;border:0;padding:.8rem;font:inherit}",
    "#concierge-send{border:0;background:#e9c77b;padding:0 1rem;font-weight:600;cursor:pointer}"
  ].join("");
  document.head.appendChild(style);

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  var launcher = element("button", { id: "concierge-launcher", type: "button", "aria-controls": "concierge-panel" }, "Chat with us");
  var panel = element("section", { id: "concierge-panel", role: "dialog", "aria-label": "Chat with Golden Harbour" });
  var bar = element("div", { id: "concierge-bar" });
  var end = element("button", { id: "concierge-end", type: "button" }, "End chat");
  bar.appendChild(end);
  var log = element("div", { id: "concierge-log", "aria-live": "polite" });
  var typing = element("div", { id: "concierge-typing" }, "The assistant is typing…");
  var form = element("form", { id: "concierge-form" });
  var input = element("input", { id: "concierge-input", type: "text", maxlength: "2000", autocomplete: "off",
                                  placeholder: "Type your message…", "aria-label": "Your message" });
  var send = element("button", { id: "concierge-send", type: "submit" }, "Send");
  form.appendChild(input); form.appendChild(send);
  panel.appendChild(bar); panel.appendChild(log); panel.appendChild(typing); panel.appendChild(form);
  document.body.appendChild(panel); document.body.appendChild(launcher);

  launcher.addEventListener("click", function () {
    panel.classList.toggle("open");
    if (panel.classList.contains("open")) { input.focus(); }
  });

  var shown = {};
  function showLine(line) {
    if (shown[line.id]) { return; }
    shown[line.id] = true;
    if (line.author === "customer") {  // kept: this and any line sent before it are settled (kept, or refused)
      var kept = pending.indexOf(line.text);
      if (kept >= 0) { pending.splice(0, kept + 1); }
    }
    var old = log.querySelector(".concierge-replies");
    if (old) { old.remove(); }
    var bubble = element("div", { "class": "concierge-line concierge-" + line.author, "data-id": String(line.id) });
    if (line.author === "staff" && line.name) { bubble.appendChild(element("div", { "class": "concierge-name" }, line.name)); }
    bubble.appendChild(document.createTextNode(line.text));
    log.appendChild(bubble);
    if (line.buttons && line.buttons.length) {
      var replies = element("div", { "class": "concierge-replies" });
      line.buttons.forEach(function (button) {
        var choice = element("button", { type: "button" }, button.title);
        choice.addEventListener("click", function () { say(button.payload || button.title); });
        replies.appendChild(choice);
      });
      log.appendChild(replies);
    }
    log.scrollTop = log.scrollHeight;
  }

  function notice(text) {
    log.appendChild(element("div", { "class": "concierge-notice", role: "status" }, text));
    log.scrollTop = log.scrollHeight;
  }

  function forget() {
    store.removeItem(storageKey); store.removeItem(resumeKey);
    shown = {}; pending = []; log.textContent = "";
  }

  end.addEventListener("click", function () {
    if (socket && socket.readyState === WebSocket.OPEN) { socket.send(JSON.stringify({ type: "end" })); }
    else { forget(); }
  });

  function folded(text) {  // as the gateway keeps a line: control characters out, white space folded
    return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, " ").replace(/\s+/g, " ").trim();
  }

  function say(text) {
    text = folded(text);
    if (!text) { return; }
    pending.push(text);
    if (socket && socket.readyState === WebSocket.OPEN) { socket.send(JSON.stringify({ type: "message", text: text })); }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    say(text);
    input.value = "";
  });

  function connect() {
    socket = new WebSocket(socketUrl);
    socket.addEventListener("open", function () {
      retryDelay = 1000;
      socket.send(JSON.stringify({ type: "hello", conversation_id: store.getItem(storageKey),
                                   resume: store.getItem(resumeKey) }));
    });
    socket.addEventListener("message", function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (error) { return; }
      if (frame.type === "welcome") {
        var had = store.getItem(storageKey);
        if (had && had !== frame.conversation_id) { forget(); }  // the old chat could not be resumed: start clean
        store.setItem(storageKey, frame.conversation_id);
        if (frame.resume) { store.setItem(resumeKey, frame.resume); }
        frame.history.forEach(showLine);
        pending.forEach(function (text) { socket.send(JSON.stringify({ type: "message", text: text })); });
      } else if (frame.type === "line") {
        showLine(frame);
      } else if (frame.type === "staff") {
        typing.textContent = frame.on ? frame.name + " is with you." : "The assistant is typing…";
        typing.style.display = frame.on ? "block" : "none";
        panel.setAttribute("data-with", frame.on ? "staff" : "assistant");
      } else if (frame.type === "typing") {
        typing.style.display = frame.on ? "block" : "none";
      } else if (frame.type === "ended") {
        forget();
        notice("Chat ended. Thank you for visiting Golden Harbour.");
        socket.send(JSON.stringify({ type: "hello", conversation_id: null }));  // ready for whoever comes next
      } else if (frame.type === "error") {
        notice(frame.text);
      }
    });
    socket.addEventListener("close", function () {
      typing.style.display = "none";
      setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    });
  }
  connect();
})();
