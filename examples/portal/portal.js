// Shared by the example portal's pages: where the console is, a token from the portal's backend,
// and a log of what the console says (shown on the page).
(function () {
  "use strict";
  var q = new URLSearchParams(location.search);
  // The console's URL (where it is deployed), e.g. ?console=http://127.0.0.1:8080/
  var consoleUrl = q.get("console") || "http://127.0.0.1:8080/";
  if (!/\/$/.test(consoleUrl)) consoleUrl += "/";
  window.Portal = {
    consoleUrl: consoleUrl,
    consoleOrigin: new URL(consoleUrl).origin,
    param: function (k, d) { return q.get(k) || d; },
    // The portal's backend hands out a short-lived Zadig token for the signed-in person
    // (?ttl= seconds; the example's backend is the sandbox's /token).
    fetchToken: function () {
      var ttl = q.get("ttl") || "3600";
      return fetch("/token?ttl=" + encodeURIComponent(ttl), { cache: "no-store" }).then(function (r) {
        if (!r.ok) throw new Error("token " + r.status);
        return r.text();
      });
    },
    log: function (name, detail) {
      var li = document.createElement("li");
      li.setAttribute("data-testid", "portal-event");
      li.setAttribute("data-name", name);
      li.textContent = name + " " + JSON.stringify(detail || {});
      var list = document.getElementById("events");
      if (list) list.appendChild(li);
    },
    // Loads the SDK from the console's own deployment, as a portal would.
    loadSdk: function () {
      return new Promise(function (res, rej) {
        var s = document.createElement("script");
        s.src = consoleUrl + "zadig-console-embed.js";
        s.onload = function () { res(window.ZadigConsole); };
        s.onerror = function () { rej(new Error("cannot load " + s.src)); };
        document.head.appendChild(s);
      });
    }
  };
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("a[data-keep-query]").forEach(function (a) { a.search = location.search; });
  });
})();
