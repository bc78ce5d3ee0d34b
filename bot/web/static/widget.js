// Concierge chat widget. Embed with one tag: <script src="https://SHOP/widget.js" defer></script>
// Everything the server or the customer says is shown with textContent: never parsed as HTML.
(function () {
  "use strict";
  var script = document.currentScript;
  var origin = script && script.src ? new URL(script.src).origin : window.location.origin;
  var socketUrl = origin.replace(/^http/, "ws") + "/chat";
  // The tab's session only (not localStorage): a shared tablet does not carry one customer's chat to the next.
  var storageKey = "concierge.conversation", resumeKey = "concierge.resume", store = window.sessionStorage;
  var openKey = "concierge.open";  // the panel stays open across a reload of the page
  // pending: the customer's lines not yet shown back by the gateway (it shows each line it keeps). They are sent
  // again after a reconnect unless the history shows them: a gateway that went away mid-send loses none.
  var socket = null, retryDelay = 1000, pending = [];

  var style = document.createElement("style");
  style.textContent = [
    "#concierge-launcher{position:fixed;right:1.2rem;bottom:1.2rem;z-index:2147483000;border:0;border-radius:2rem;",
    "padding:.8rem 1.2rem;background:#2b2118;color:#e9c77b;font:600 1rem sans-serif;cursor:pointer}",
    "#concierge-launcher:focus-visible,#concierge-panel button:focus-visible,#concierge-input:focus-visible{outline:3px solid #b8975a;outline-offset:2px}",
    "#concierge-panel{position:fixed;right:1.2rem;bottom:4.8rem;z-index:2147483000;width:23rem;max-width:calc(100vw - 2.4rem);",
    "height:32rem;max-height:calc(100vh - 6.5rem);display:none;flex-direction:column;background:#fff;border:1px solid #d8c9a8;",
    "border-radius:.6rem;box-shadow:0 .5rem 2rem rgba(0,0,0,.2);font:.95rem/1.4 sans-serif;color:#222;overflow:hidden}",
    "#concierge-panel.open{display:flex}",
    "#concierge-bar{display:flex;align-items:center;gap:.4rem;padding:.5rem .6rem .5rem .9rem;background:#2b2118;color:#fff}",
    "#concierge-heading{flex:1;min-width:0}",
    "#concierge-title{margin:0;font:600 1rem sans-serif;color:#e9c77b;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}",
    "#concierge-status{font-size:.8rem;color:#e8dcc4}",
    "#concierge-end{border:1px solid #6b5532;border-radius:1rem;background:none;color:#fff;font-size:.8rem;padding:.25rem .6rem;cursor:pointer}",
    "#concierge-close{border:0;background:none;color:#fff;font-size:1.4rem;line-height:1;padding:.1rem .4rem;cursor:pointer}",
    "#concierge-log{flex:1;overflow-y:auto;padding:.8rem}",
    ".concierge-line{margin:.3rem 0;padding:.5rem .7rem;border-radius:.6rem;max-width:85%;white-space:pre-wrap;word-wrap:break-word}",
    ".concierge-customer{background:#2b2118;color:#fff;margin-left:auto}",
    ".concierge-assistant,.concierge-staff{background:#f3ecdf}",
    ".concierge-staff{border-left:3px solid #b8975a}.concierge-name{font-size:.75rem;font-weight:600;color:#6b5532}",
    ".concierge-time{display:block;font-size:.7rem;opacity:.7;margin-top:.2rem;text-align:right}",
    ".concierge-notice{color:#8a3b12;font-size:.85rem;text-align:center}",
    ".concierge-replies button{margin:.2rem;padding:.35rem .7rem;border:1px solid #b8975a;border-radius:1rem;background:#fff;color:#2b2118;font:inherit;cursor:pointer}",
    "#concierge-typing{display:none;padding:0 .8rem .4rem;color:#666;font-size:.85rem}",
    "#concierge-form{display:flex;border-top:1px solid #eee}",
    "#concierge-input{flex:1;min-width:0;border:0;padding:.8rem;font:inherit}",
    "#concierge-send{border:0;background:#e9c77b;color:#2b2118;padding:0 1rem;font-weight:600;cursor:pointer}",
    // A phone: the chat takes the whole screen while it is open; the title bar's close button gives the page back.
    "@media (max-width:600px){#concierge-panel{inset:0;right:0;bottom:0;width:100%;max-width:none;height:100%;",
    "max-height:none;border:0;border-radius:0;box-shadow:none}#concierge-launcher[aria-expanded=true]{display:none}",
    "#concierge-input{font-size:16px}}"
  ].join("");
  document.head.appendChild(style);

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // The widget's own words in both languages; they follow the conversation's language (each line carries it),
  // and before the first line the language the browser prefers.
  var WORDS = {
    en: { chat: "Chat with us", closeChat: "Close chat", assistant: "Virtual assistant", end: "End chat",
          closeLabel: "Close the chat window", closeTitle: "Close (Esc)", log: "Conversation",
          typing: "The assistant is typing…", placeholder: "Type your message…", input: "Your message",
          send: "Send", replies: "Quick replies", withYou: " is with you.", ended: "Chat ended. Thank you for visiting ",
          shop: "our shop" },
    zh: { chat: "與我們對話", closeChat: "關閉對話", assistant: "虛擬助理", end: "結束對話",
          closeLabel: "關閉對話視窗", closeTitle: "關閉（Esc）", log: "對話內容",
          typing: "助理正在輸入…", placeholder: "請輸入訊息…", input: "你的訊息",
          send: "傳送", replies: "快速回覆", withYou: "正在為你服務。", ended: "對話已結束。多謝光臨",
          shop: "本店" }
  };
  var preferred = (navigator.language || document.documentElement.lang || "").toLowerCase();
  var language = preferred.indexOf("zh") === 0 || preferred.indexOf("yue") === 0 ? "zh" : "en";
  var shopNames = { en: "", zh: "" }, staffName = "";
  function words() { return WORDS[language]; }
  function shopName() { return shopNames[language] || shopNames.en || words().shop; }
  var zone = null;
  var launcher = element("button", { id: "concierge-launcher", type: "button", "aria-controls": "concierge-panel",
                                     "aria-expanded": "false" }, "Chat with us");
  var panel = element("section", { id: "concierge-panel", role: "dialog", "aria-labelledby": "concierge-title" });
  var bar = element("div", { id: "concierge-bar" });
  var heading = element("div", { id: "concierge-heading" });
  var title = element("h2", { id: "concierge-title" }, "Chat with us");
  var status = element("div", { id: "concierge-status" }, "Virtual assistant");
  heading.appendChild(title); heading.appendChild(status);
  var end = element("button", { id: "concierge-end", type: "button" }, "End chat");
  var close = element("button", { id: "concierge-close", type: "button", "aria-label": "Close the chat window",
                                  title: "Close (Esc)" }, "\u00d7");
  bar.appendChild(heading); bar.appendChild(end); bar.appendChild(close);
  var log = element("div", { id: "concierge-log", role: "log", "aria-live": "polite", "aria-label": "Conversation",
                             tabindex: "0" });
  var typing = element("div", { id: "concierge-typing", role: "status" }, "The assistant is typing…");
  var form = element("form", { id: "concierge-form" });
  var input = element("input", { id: "concierge-input", type: "text", maxlength: "2000", autocomplete: "off",
                                  placeholder: "Type your message…", "aria-label": "Your message" });
  var send = element("button", { id: "concierge-send", type: "submit" }, "Send");
  form.appendChild(input); form.appendChild(send);
  panel.appendChild(bar); panel.appendChild(log); panel.appendChild(typing); panel.appendChild(form);
  document.body.appendChild(launcher); document.body.appendChild(panel);

  function relabel(now) {  // the widget's words in the conversation's language
    language = now === "zh" ? "zh" : "en";
    var w = words();
    panel.setAttribute("lang", language === "zh" ? "zh-HK" : "en");
    launcher.setAttribute("lang", language === "zh" ? "zh-HK" : "en");
    launcher.textContent = isOpen() ? w.closeChat : w.chat;
    title.textContent = shopName() === w.shop ? w.chat : shopName();
    status.textContent = staffName || w.assistant;
    end.textContent = w.end;
    close.setAttribute("aria-label", w.closeLabel); close.setAttribute("title", w.closeTitle);
    log.setAttribute("aria-label", w.log);
    typing.textContent = staffName ? staffName + (language === "zh" ? " " : "") + w.withYou : w.typing;
    input.setAttribute("placeholder", w.placeholder); input.setAttribute("aria-label", w.input);
    send.textContent = w.send;
    var replies = log.querySelector(".concierge-replies");
    if (replies) { replies.setAttribute("aria-label", w.replies); }
  }

  function isOpen() { return panel.classList.contains("open"); }

  function latest() { log.scrollTop = log.scrollHeight; }

  function openPanel() {
    panel.classList.add("open");
    launcher.setAttribute("aria-expanded", "true");
    launcher.textContent = words().closeChat;
    store.setItem(openKey, "yes");
    latest();  // the latest line and any question still waiting for an answer, never the oldest
    input.focus();
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type: "open", language: language }));
    }
  }

  function closePanel() {
    panel.classList.remove("open");
    launcher.setAttribute("aria-expanded", "false");
    launcher.textContent = words().chat;
    store.removeItem(openKey);
    launcher.focus();
  }

  launcher.addEventListener("click", function () { if (isOpen()) { closePanel(); } else { openPanel(); } });
  window.addEventListener("resize", latest);  // a phone turned, or a keyboard opened: keep the latest line in view
  close.addEventListener("click", closePanel);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { event.preventDefault(); closePanel(); }
  });

  function clock(at) {  // a line's time in the shop's time zone, as 14:05
    if (!at) { return ""; }
    try {
      return new Date(at).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: zone || undefined });
    } catch (error) { return ""; }
  }

  var shown = {};
  function showLine(line) {
    if (shown[line.id]) { return; }
    shown[line.id] = true;
    if (line.language && line.language !== language) { relabel(line.language); }
    if (line.author === "customer") {  // kept: this and any line sent before it are settled (kept, or refused)
      var kept = pending.indexOf(line.text);
      if (kept >= 0) { pending.splice(0, kept + 1); }
    }
    var old = log.querySelector(".concierge-replies");
    if (old) { old.remove(); }
    var bubble = element("div", { "class": "concierge-line concierge-" + line.author, "data-id": String(line.id) });
    if (line.author === "staff" && line.name) { bubble.appendChild(element("div", { "class": "concierge-name" }, line.name)); }
    bubble.appendChild(element("span", { "class": "concierge-text" }, line.text));
    var time = clock(line.at);
    if (time) { bubble.appendChild(element("time", { "class": "concierge-time", datetime: line.at }, time)); }
    log.appendChild(bubble);
    if (line.buttons && line.buttons.length) {
      var replies = element("div", { "class": "concierge-replies", role: "group", "aria-label": words().replies });
      line.buttons.forEach(function (button) {
        var choice = element("button", { type: "button" }, button.title);
        choice.addEventListener("click", function () { say(button.payload || button.title); input.focus(); });
        replies.appendChild(choice);
      });
      log.appendChild(replies);
    }
    latest();
  }

  function notice(text) {
    log.appendChild(element("div", { "class": "concierge-notice", role: "status" }, text));
    latest();
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
        shopNames = { en: frame.shop || "", zh: frame.shop_zh || frame.shop || "" };
        zone = frame.zone || null;
        relabel(frame.history.length ? frame.language : language);
        frame.history.forEach(showLine);
        pending.forEach(function (text) { socket.send(JSON.stringify({ type: "message", text: text })); });
        if (isOpen()) { socket.send(JSON.stringify({ type: "open", language: language })); }  // greeted if new
      } else if (frame.type === "line") {
        showLine(frame);
      } else if (frame.type === "staff") {
        staffName = frame.on ? frame.name : "";
        relabel(language);
        typing.style.display = frame.on ? "block" : "none";
        panel.setAttribute("data-with", frame.on ? "staff" : "assistant");
      } else if (frame.type === "typing") {
        typing.style.display = frame.on ? "block" : "none";
      } else if (frame.type === "ended") {
        forget();
        notice(words().ended + shopName() + (language === "zh" ? "。" : "."));
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
  relabel(language);  // in the browser's language until the conversation has one
  connect();
  if (store.getItem(openKey)) { openPanel(); }  // it was open before the reload
})();
