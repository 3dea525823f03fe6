// Zadig Workflow Console, first script of the page. Keeps the embedding page's messages from the
// moment the frame starts, before the console's WebAssembly listens, so a token posted early is
// never lost; the console takes them over (and checks where each came from) once it knows which
// origins may talk. And dresses the shell painted before the WebAssembly arrives (index.html) in
// the person's theme and language, without its top bar inside a frame.
(function () {
  "use strict";
  var store = function (k) {
    try { return window.localStorage.getItem(k); } catch (e) { return null; }
  };
  var theme = store("zc.theme");
  document.documentElement.setAttribute("data-theme", theme === "light" || theme === "dark" ? theme : "system");
  var lang = store("zc.locale") || navigator.language || "";
  if (lang.toLowerCase().indexOf("zh") === 0) document.documentElement.setAttribute("lang", "zh-CN");
  var framed = false;
  try { framed = window.parent !== window; } catch (e) { framed = true; }
  if (framed) document.documentElement.setAttribute("data-boot-framed", "");
  // The main module this route starts with (the release build's index.html names them; the
  // project picker has a smaller one of its own), fetched from here so the download starts while
  // the rest of the page is read; boot.js instantiates it.
  var main = document.querySelector('meta[name="zc-main"]');
  if (main) {
    var base = new URL(document.baseURI).pathname;
    var here = location.pathname;
    var picker = main.getAttribute("data-picker") && (here === base || here + "/" === base);
    var url = new URL(main.getAttribute(picker ? "data-picker" : "content"), document.baseURI).href;
    window.__zcMain = url;
    var link = document.createElement("link");
    link.rel = "preload";
    link.as = "fetch";
    link.type = "application/wasm";
    link.crossOrigin = "anonymous";
    link.href = url;
    document.head.appendChild(link);
  }
  if (window.__zadigConsoleInbox) return;
  var inbox = { queue: [], take: null };
  window.__zadigConsoleInbox = inbox;
  window.addEventListener("message", function (e) {
    if (inbox.take) inbox.take(e);
    else if (inbox.queue.length < 64) inbox.queue.push(e);
  });
})();
