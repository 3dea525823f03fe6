Portal.loadSdk().then(function (ZadigConsole) {
  var on = {};
  ["ready", "ack", "navigated", "resized", "token-expired", "task-started", "task-finished",
   "approval-needed", "error"].forEach(function (n) { on[n] = function (d) { Portal.log(n, d); }; });
  return ZadigConsole.embed({
    url: Portal.consoleUrl,
    mountPoint: document.getElementById("mount"),
    fetchToken: Portal.fetchToken,
    route: Portal.param("route", "/"),
    theme: Portal.param("theme", "light"),
    locale: Portal.param("locale", "en"),
    on: on
  });
}).then(function (c) {
  document.getElementById("status").textContent = "connected";
  document.getElementById("status").setAttribute("data-testid", "portal-connected");
  document.getElementById("nav-go").onclick = function () { c.navigate(document.getElementById("nav-route").value); };
  document.getElementById("theme-dark").onclick = function () { c.setTheme("dark"); };
  document.getElementById("theme-light").onclick = function () { c.setTheme("light"); };
  document.getElementById("locale-zh").onclick = function () { c.setLocale("zh-CN"); };
  document.getElementById("locale-en").onclick = function () { c.setLocale("en"); };
}, function (e) {
  document.getElementById("status").textContent = "failed: " + e.message;
});
