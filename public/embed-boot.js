// Zadig Workflow Console: keeps the embedding page's messages from the moment the frame starts,
// before the console's WebAssembly listens, so a token posted early is never lost. The console
// takes them over (and checks where each came from) once it knows which origins may talk.
(function () {
  "use strict";
  if (window.__zadigConsoleInbox) return;
  var inbox = { queue: [], take: null };
  window.__zadigConsoleInbox = inbox;
  window.addEventListener("message", function (e) {
    if (inbox.take) inbox.take(e);
    else if (inbox.queue.length < 64) inbox.queue.push(e);
  });
})();
