// The README's snippet: post the token when the frame has loaded, to the console's origin.
var frame = document.getElementById("console");
frame.addEventListener("load", async function () {
  var token = await Portal.fetchToken();
  frame.contentWindow.postMessage({ type: "zadig-console:token", token: token }, Portal.consoleOrigin);
});
// Without a session the console still tells the origin that gave it a token what happens.
window.addEventListener("message", function (e) {
  if (e.source !== frame.contentWindow || e.origin !== Portal.consoleOrigin) return;
  var d = e.data || {};
  if (typeof d.type === "string") Portal.log(d.type.replace("zadig-console:", ""), d);
  // A refused token: hand over a new one.
  if (d.type === "zadig-console:token-expired") {
    Portal.fetchToken().then(function (t) {
      frame.contentWindow.postMessage({ type: "zadig-console:token", token: t }, Portal.consoleOrigin);
    });
  }
});
frame.src = Portal.consoleUrl + Portal.param("route", "").replace(/^\//, "");
