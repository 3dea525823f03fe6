/*! Zadig Workflow Console embedding SDK, protocol v1. Plain JavaScript, no dependency.
 *
 *   const c = await ZadigConsole.embed({
 *     url: "https://console.example.com/",      // where the console is deployed
 *     mountPoint: document.getElementById("ci"), // the iframe goes in here
 *     fetchToken: () => fetch("/my-token").then(r => r.text()), // at start and on every 401
 *     route: "/projects/demo/workflows/build",   // optional first page
 *     scope: { project: "demo", workflow: "build" }, // optional: where the person may go
 *     theme: "dark", locale: "zh-CN",            // optional
 *     ui: { height: "content" | "fill", topBar: false },
 *     on: { navigated(d) {}, resized(d) {}, "task-started"(d) {}, "task-finished"(d) {} },
 *   });
 *   c.navigate("/projects/demo/workflows/build/tasks/12"); c.setTheme("light");
 *   c.setLocale("en"); c.destroy();
 *
 * Or the element: <zadig-console src="https://console.example.com/" project="demo"
 *   workflow="build" task="12" theme="dark" locale="en"></zadig-console>, with its
 *   `fetchToken` property set; console messages arrive as `zadig-console:<name>` DOM events.
 */
(function (global) {
  "use strict";
  var V = 1;
  var P = "zadig-console:";

  function embed(opts) {
    opts = opts || {};
    if (!opts.url) return Promise.reject(new Error("ZadigConsole.embed: url is required"));
    if (!opts.mountPoint) return Promise.reject(new Error("ZadigConsole.embed: mountPoint is required"));
    if (typeof opts.fetchToken !== "function") {
      return Promise.reject(new Error("ZadigConsole.embed: fetchToken must be a function returning a promise of a token"));
    }
    var src = new URL(opts.url, location.href);
    var origin = src.origin;
    var on = opts.on || {};
    var ui = opts.ui || {};
    var fill = ui.height === "fill";
    var frame = document.createElement("iframe");
    frame.src = src.href;
    frame.title = opts.title || "Zadig Workflow Console";
    frame.setAttribute("allow", "clipboard-write");
    frame.style.border = "0";
    frame.style.width = "100%";
    frame.style.display = "block";
    frame.style.height = fill ? "100%" : (opts.initialHeight || 480) + "px";
    var port = null;
    var done = false;
    var settled = false;
    var current = { route: opts.route, theme: opts.theme, locale: opts.locale };
    var resolve, reject;
    var ready = new Promise(function (res, rej) { resolve = res; reject = rej; });

    function fire(name, detail) {
      var f = on[name];
      if (typeof f === "function") {
        try { f(detail); } catch (e) { setTimeout(function () { throw e; }); }
      }
    }
    function send(msg) {
      msg.v = V;
      if (port) port.postMessage(msg);
    }
    function token() {
      return Promise.resolve().then(function () { return opts.fetchToken(); }).then(function (t) {
        if (typeof t !== "string" || !t) throw new Error("fetchToken gave no token");
        return t;
      });
    }
    function fail(err) {
      fire("error", { code: "embed-failed", message: String(err && err.message || err) });
      if (!settled) { settled = true; reject(err); }
    }
    function onPort(e) {
      var d = e.data || {};
      if (typeof d.type !== "string" || d.type.indexOf(P) !== 0) return;
      var name = d.type.slice(P.length);
      if (name === "ack") {
        if (!settled) { settled = true; resolve(handle); }
      } else if (name === "token-expired") {
        token().then(function (t) { send({ type: P + "token", token: t }); }, fail);
      } else if (name === "resized" && !fill && typeof d.height === "number" && d.height > 0) {
        frame.style.height = Math.ceil(d.height) + "px";
      } else if (name === "navigated" && typeof d.route === "string") {
        current.route = d.route;
      }
      var detail = {};
      for (var k in d) if (k !== "type" && k !== "v") detail[k] = d[k];
      fire(name, detail);
    }
    // The console says `ready` once it listens (again after each reload of the frame): each time
    // a new session starts on a new channel, from where the person was.
    function onWindow(e) {
      if (e.source !== frame.contentWindow || e.origin !== origin) return;
      var d = e.data || {};
      if (d.type !== P + "ready" || done) return;
      fire("ready", {});
      token().then(function (t) {
        if (done) return;
        if (port) port.close();
        var ch = new MessageChannel();
        port = ch.port1;
        port.onmessage = onPort;
        var init = {
          type: P + "init", v: V, token: t, route: current.route, theme: current.theme,
          locale: current.locale, scope: opts.scope, ui: ui
        };
        frame.contentWindow.postMessage(init, origin, [ch.port2]);
      }, fail);
    }
    window.addEventListener("message", onWindow);
    var timer = setTimeout(function () {
      if (!settled) fail(new Error("the console at " + origin + " did not answer; is this page's origin in its embed_origins?"));
    }, opts.timeoutMs || 30000);
    ready.then(function () { clearTimeout(timer); }, function () { clearTimeout(timer); });

    var handle = {
      iframe: frame,
      navigate: function (route) { current.route = route; send({ type: P + "navigate", route: route }); },
      setTheme: function (t) { current.theme = t; send({ type: P + "theme", theme: t }); },
      setLocale: function (l) { current.locale = l; send({ type: P + "locale", locale: l }); },
      setToken: function (t) { send({ type: P + "token", token: t }); },
      destroy: function () {
        done = true;
        clearTimeout(timer);
        window.removeEventListener("message", onWindow);
        if (port) { port.onmessage = null; port.close(); port = null; }
        if (frame.parentNode) frame.parentNode.removeChild(frame);
        if (!settled) { settled = true; reject(new Error("destroyed")); }
      }
    };
    opts.mountPoint.appendChild(frame);
    // At hand before the session starts (an element must be able to stop a frame that never
    // answers); commands given before the session are sent with `init`.
    ready.handle = handle;
    return ready;
  }

  var api = { embed: embed, version: V };
  global.ZadigConsole = api;

  if (!global.customElements || global.customElements.get("zadig-console")) return;

  var EVENTS = ["ready", "ack", "navigated", "resized", "token-expired", "task-started",
    "task-finished", "approval-needed", "error"];

  function routeOf(el) {
    var p = el.getAttribute("project"), w = el.getAttribute("workflow"), t = el.getAttribute("task");
    if (!p) return undefined;
    var r = "/projects/" + encodeURIComponent(p);
    if (w) r += "/workflows/" + encodeURIComponent(w);
    if (w && t) r += "/tasks/" + encodeURIComponent(t);
    return r;
  }

  class ZadigConsoleElement extends HTMLElement {
    static get observedAttributes() { return ["src", "project", "workflow", "task", "theme", "locale"]; }
    constructor() {
      super();
      this._handle = null;
      this._fetchToken = null;
      this._waiting = [];
    }
    // Set at any time: a console that asked for a token before it was set gets one then.
    get fetchToken() { return this._fetchToken; }
    set fetchToken(f) {
      this._fetchToken = f;
      var w = this._waiting; this._waiting = [];
      w.forEach(function (go) { go(); });
    }
    connectedCallback() { this._start(); }
    disconnectedCallback() { this._stop(); }
    attributeChangedCallback(name, old, now) {
      if (!this.isConnected || old === now) return;
      var h = this._handle;
      if (name === "theme" && h) h.setTheme(now);
      else if (name === "locale" && h) h.setLocale(now);
      else if (name === "task" && h) h.navigate(routeOf(this));
      // Another console, project or workflow is another scope: a new session.
      else { this._stop(); this._start(); }
    }
    _token() {
      var self = this;
      return new Promise(function (res) {
        if (self._fetchToken) res(); else self._waiting.push(res);
      }).then(function () { return self._fetchToken(); });
    }
    _start() {
      var self = this, src = this.getAttribute("src");
      if (!src || this._handle) return;
      if (!this.style.display) this.style.display = "block";
      var on = {};
      EVENTS.forEach(function (n) {
        on[n] = function (detail) {
          self.dispatchEvent(new CustomEvent(P + n, { detail: detail, bubbles: true, composed: true }));
        };
      });
      var p = this.getAttribute("project"), w = this.getAttribute("workflow");
      var pending = embed({
        url: src, mountPoint: this, fetchToken: function () { return self._token(); },
        route: routeOf(this), scope: p ? { project: p, workflow: w || undefined } : undefined,
        theme: this.getAttribute("theme") || undefined, locale: this.getAttribute("locale") || undefined,
        ui: { height: this.getAttribute("height") === "fill" ? "fill" : "content" }, on: on
      });
      pending.catch(function () {});
      this._handle = pending.handle;
    }
    _stop() {
      if (this._handle) this._handle.destroy();
      this._handle = null;
    }
  }
  global.customElements.define("zadig-console", ZadigConsoleElement);
})(typeof window !== "undefined" ? window : this);
