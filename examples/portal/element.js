Portal.loadSdk().then(function () {
  var el = document.createElement("zadig-console");
  el.setAttribute("src", Portal.consoleUrl);
  el.setAttribute("project", Portal.param("project", "demo"));
  el.setAttribute("workflow", Portal.param("workflow", "build-deploy"));
  el.setAttribute("theme", Portal.param("theme", "light"));
  el.setAttribute("locale", Portal.param("locale", "en"));
  el.fetchToken = Portal.fetchToken;
  ["ready", "ack", "navigated", "resized", "token-expired", "task-started", "task-finished",
   "approval-needed", "error"].forEach(function (n) {
    el.addEventListener("zadig-console:" + n, function (e) { Portal.log(n, e.detail); });
  });
  document.getElementById("mount").appendChild(el);
  document.getElementById("show-task").onclick = function () {
    el.setAttribute("task", document.getElementById("task").value);
  };
});
