//! End-to-end harness: the release console served by an in-process sandbox, driven in Debian's
//! headless Chromium through chromedriver. On failure a test prints the browser's console log
//! and saves a screenshot under `tests/e2e/artifacts/`.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

pub use zadig_sandbox;

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repo root")
}

/// The release build under test; built here if missing.
pub fn dist_dir() -> PathBuf {
    let dist = repo_root().join("dist");
    if !dist.join("index.html").exists() {
        let status = Command::new("bash")
            .arg("scripts/build")
            .current_dir(repo_root())
            .status()
            .expect("bash runs scripts/build");
        assert!(status.success(), "scripts/build failed");
    }
    dist
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

type Err = Box<dyn std::error::Error + Send + Sync>;
/// What a test step returns.
pub type Res<T = ()> = Result<T, Err>;

/// The link to the demo's "Build and deploy" workflow on the workflow list.
pub const BUILD_DEPLOY_LINK: &str =
    "[data-testid=workflow-row][data-workflow=build-deploy] a.wf-name";

/// A sandbox, a chromedriver and a browser session.
pub struct Harness {
    pub sandbox: zadig_sandbox::Running,
    pub browser: Client,
    driver: Child,
    profile: PathBuf,
    name: String,
}

/// An example portal that frames the console.
pub struct Portal {
    /// `http://127.0.0.1:<port>`.
    pub origin: String,
    /// The console's URL (what the portal's pages take as `?console=`).
    pub console: String,
}

impl Portal {
    /// A page of the portal, told where the console is, with more query pairs.
    pub fn page(&self, page: &str, query: &[(&str, &str)]) -> String {
        let mut u = url::Url::parse(&format!("{}/{page}", self.origin)).expect("portal url");
        u.query_pairs_mut().append_pair("console", &self.console);
        for (k, v) in query {
            u.query_pairs_mut().append_pair(k, v);
        }
        u.to_string()
    }
}

/// Sandbox speed for tests: jobs run this many times faster than in the demo.
pub const TEST_SPEED: f64 = 8.0;

#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }
    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({"type": "browser"}).to_string()),
        )
    }
}

/// A Chrome DevTools Protocol command, through chromedriver.
#[derive(Debug)]
struct Cdp(&'static str, Value);

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }
    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({"cmd": self.0, "params": self.1}).to_string()),
        )
    }
}

/// Whether a browser console line says the console crashed: the panic hook's message, or the
/// WebAssembly trap `panic = "abort"` ends in.
pub fn is_crash(line: &str) -> bool {
    line.contains("panicked at") || line.contains("unreachable") || line.contains("RuntimeError")
}

/// A copy of the release build as deployed under `prefix` (e.g. `/console/`) on Zadig's host:
/// `index.html` points at the prefix (what `scripts/build --public-url` writes) and config.json
/// sends API calls to the origin's root, as the README's deployment section says.
pub fn subpath_dist(prefix: &str) -> PathBuf {
    copy_dist("subpath", |name, entry, target| {
        match name {
            "index.html" => {
                let html = std::fs::read_to_string(entry.path()).expect("index");
                // `<base href="/">`, the stylesheet and preloads, and the loader's import paths.
                let html = html
                    .replace("href=\"/", &format!("href=\"{prefix}"))
                    .replace("'/", &format!("'{prefix}"));
                std::fs::write(target, html).expect("write index");
            }
            "config.json" => std::fs::write(
                target,
                r#"{"api_base": "/", "auth_mode": "token", "embed_origins": []}"#,
            )
            .expect("config"),
            _ => {
                std::fs::copy(entry.path(), target).expect("copy");
            }
        }
    })
}

/// A copy of the release build with its own `config.json` (a shorter request timeout, say).
pub fn configured_dist(config: &str) -> PathBuf {
    copy_dist("config", |name, entry, target| {
        if name == "config.json" {
            std::fs::write(target, config).expect("config");
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    })
}

/// Copies the release build into a fresh temporary folder, each file through `put`.
fn copy_dist(tag: &str, put: impl Fn(&str, &std::fs::DirEntry, PathBuf)) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zc-{tag}-{}-{}", std::process::id(), free_port()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for entry in std::fs::read_dir(dist_dir()).expect("dist") {
        let entry = entry.expect("entry");
        let name = entry.file_name().to_string_lossy().to_string();
        put(&name, &entry, dir.join(&name));
    }
    dir
}

/// The console looks for approvals only while the inbox is open: the approvals of every
/// project are otherwise looked for in the background, and those reads would share the faults
/// a test injects for its own screen (the desk tests run the console as shipped).
pub fn quiet_inbox() -> Value {
    json!({"inbox": "off"})
}

impl Harness {
    /// Starts everything for the test called `name`, the console at the site root.
    pub async fn start(name: &str) -> Harness {
        Harness::start_with(name, dist_dir(), "/").await
    }

    /// Starts everything with the console from `dir` served under `prefix`.
    pub async fn start_with(name: &str, dir: PathBuf, prefix: &str) -> Harness {
        Harness::start_opts(
            name,
            zadig_sandbox::Options {
                static_dir: Some(dir),
                static_prefix: prefix.to_string(),
                speed: TEST_SPEED,
                config: Some(quiet_inbox()),
                ..Default::default()
            },
        )
        .await
    }

    /// The console in `embed` mode, framed by the example portal (`examples/portal/` and the
    /// `pages` given, name and text) served on an origin of its own that `embed_origins` lists
    /// (with `more_origins`), and the same pages on a second origin that it does not list. Both
    /// may frame the console (`frame-ancestors`).
    pub async fn start_embedded(
        name: &str,
        more_origins: &[&str],
        pages: &[(&str, &str)],
    ) -> (Harness, Portal, Portal) {
        let (p1, p2) = (free_port(), free_port());
        let (o1, o2) = (
            format!("http://127.0.0.1:{p1}"),
            format!("http://127.0.0.1:{p2}"),
        );
        let mut origins = vec![serde_json::Value::from(o1.clone())];
        origins.extend(more_origins.iter().map(|o| serde_json::Value::from(*o)));
        let config = json!({"api_base": "", "auth_mode": "embed", "embed_origins": origins,
            "request_timeout_ms": 5000});
        let dist = configured_dist(&config.to_string());
        let h = Harness::start_opts(
            name,
            zadig_sandbox::Options {
                static_dir: Some(dist),
                speed: TEST_SPEED,
                config: Some(quiet_inbox()),
                frame_ancestors: format!("'self' {o1} {o2}"),
                ..Default::default()
            },
        )
        .await;
        let dir = std::env::temp_dir().join(format!("zc-portal-{}-{p1}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("portal dir");
        for entry in
            std::fs::read_dir(repo_root().join("examples/portal")).expect("examples/portal")
        {
            let entry = entry.expect("entry");
            std::fs::copy(entry.path(), dir.join(entry.file_name())).expect("copy portal");
        }
        for (file, text) in pages {
            std::fs::write(dir.join(file), text).expect("page");
        }
        let mut portals = Vec::new();
        for (port, origin) in [(p1, o1), (p2, o2)] {
            zadig_sandbox::portal::start(
                dir.clone(),
                ([127, 0, 0, 1], port).into(),
                h.sandbox.state.clone(),
            )
            .await
            .expect("portal starts");
            portals.push(Portal {
                origin,
                console: format!("{}/", h.sandbox.url()),
            });
        }
        let second = portals.pop().expect("two");
        let first = portals.pop().expect("two");
        (h, first, second)
    }

    /// Starts everything on a sandbox started with `opts`.
    pub async fn start_opts(name: &str, opts: zadig_sandbox::Options) -> Harness {
        let sandbox = zadig_sandbox::start(opts).await.expect("sandbox starts");
        let port = free_port();
        let driver_bin =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let driver = Command::new(&driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start {driver_bin}: {e} (run scripts/setup.sh --browser)")
            });
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // Chromium now and then exits while starting when two start at once on a busy machine:
        // a new session, with a fresh profile, is asked for again (the test itself is not retried).
        let mut attempt = 0;
        let (browser, profile) = loop {
            attempt += 1;
            let profile = std::env::temp_dir().join(format!(
                "zc-e2e-{}-{}-{attempt}",
                std::process::id(),
                free_port()
            ));
            match Self::session(port, &profile).await {
                Ok(b) => break (b, profile),
                Err(e) if attempt < 3 => {
                    eprintln!("browser session not created ({e}); starting it again");
                    let _ = std::fs::remove_dir_all(&profile);
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
                Err(e) => panic!("browser session: {e}"),
            }
        };
        Harness {
            sandbox,
            browser,
            driver,
            profile,
            name: name.to_string(),
        }
    }

    /// A browser session through the chromedriver on `port`, Chromium keeping its profile in
    /// `profile`.
    async fn session(
        port: u16,
        profile: &Path,
    ) -> Result<Client, fantoccini::error::NewSessionError> {
        let caps = json!({
            "goog:chromeOptions": {
                "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--no-first-run", "--window-size=1280,900", "--enable-precise-memory-info", "--js-flags=--expose-gc", format!("--user-data-dir={}", profile.display())],
            },
            "goog:loggingPrefs": {"browser": "ALL"},
        });
        let caps = caps.as_object().cloned().expect("object");
        ClientBuilder::rustls()
            .expect("rustls client")
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
    }

    /// The sandbox's demo token for `admin`, `approver` or `user`.
    pub fn token(&self, role: &str) -> String {
        zadig_sandbox::demo_tokens()[role]
            .as_str()
            .expect("role")
            .to_string()
    }

    /// Opens the demo's "Build and deploy" workflow screen (a chunk) from the workflow list on
    /// show, and waits for its title.
    pub async fn open_build_and_deploy(&self) -> Res {
        self.wait(BUILD_DEPLOY_LINK).await?.click().await?;
        self.wait_text("[data-testid=workflow-title]", "Build and deploy")
            .await?;
        Ok(())
    }

    /// Sets how fast the sandbox's tasks run (1.0: as the demo data says; 0.0: held still).
    pub fn set_speed(&self, speed: f64) {
        self.sandbox.state.world.lock().unwrap().knobs.speed = speed;
    }

    /// Makes the next `times` requests under `path_prefix` fail with `kind` (see the sandbox's
    /// `/__sandbox/faults`).
    pub fn fault(&self, path_prefix: &str, kind: &str, status: u16, times: u32) {
        self.fault_on(None, path_prefix, kind, status, times)
    }

    /// [`Harness::fault`] for one HTTP method only (`None`: any).
    pub fn fault_on(
        &self,
        method: Option<&str>,
        path_prefix: &str,
        kind: &str,
        status: u16,
        times: u32,
    ) {
        self.sandbox
            .state
            .world
            .lock()
            .unwrap()
            .faults
            .push(zadig_sandbox::model::Fault {
                path_prefix: path_prefix.into(),
                method: method.map(String::from),
                status,
                kind: kind.into(),
                times,
                delay_ms: None,
            });
    }

    /// Starts a task through the sandbox's API (as the signed-in admin) and returns its id.
    pub async fn execute(&self, body: Value) -> Res<i64> {
        let r = self
            .api_post("/openapi/workflows/custom/task", body)
            .await?;
        r["task_id"]
            .as_i64()
            .ok_or_else(|| format!("no task id in {r}").into())
    }

    /// Clears every injected fault.
    pub fn clear_faults(&self) {
        let mut w = self.sandbox.state.world();
        w.faults.clear();
        w.sse_fault = Default::default();
    }

    /// How many hits the injected faults have left (to tell whether the page still asks).
    pub fn faults_left(&self) -> u32 {
        self.sandbox
            .state
            .world()
            .faults
            .iter()
            .map(|f| f.times)
            .sum()
    }

    /// Sets an input's value from script, as a paste would, and fires `input`.
    pub async fn paste(&self, css: &str, value: &str) -> Res {
        let script = r#"
            const [css, value] = arguments;
            const el = document.querySelector(css);
            el.value = value;
            el.dispatchEvent(new Event('input', {bubbles: true}));
        "#;
        self.browser
            .execute(script, vec![json!(css), json!(value)])
            .await?;
        Ok(())
    }

    /// Runs a script in the page and returns what it returns.
    pub async fn eval(&self, script: &str) -> Res<Value> {
        Ok(self.browser.execute(script, vec![]).await?)
    }

    /// Waits up to `secs` seconds until the element's text contains `needle`.
    pub async fn wait_text_for(&self, css: &str, needle: &str, secs: u64) -> Res<String> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let t = match self.browser.find(Locator::Css(css)).await {
                Ok(el) => el.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if t.contains(needle) {
                return Ok(t);
            }
            if Instant::now() > deadline {
                return Err(
                    format!("{css} has text {t:?} after {secs} s, expected {needle:?}").into(),
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits up to 15 s until `script` (a function body) returns something truthy; returns it.
    pub async fn wait_until(&self, script: &str) -> Res<Value> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let v = self.eval(script).await?;
            let truthy = !matches!(&v, Value::Null | Value::Bool(false))
                && v.as_str() != Some("")
                && v.as_f64() != Some(0.0);
            if truthy {
                return Ok(v);
            }
            if Instant::now() > deadline {
                return Err(format!("still nothing from `{script}`: {v}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until nothing matches `css`.
    pub async fn wait_gone(&self, css: &str) -> Res {
        let deadline = Instant::now() + Duration::from_secs(15);
        while !self.browser.find_all(Locator::Css(css)).await?.is_empty() {
            if Instant::now() > deadline {
                return Err(format!("{css} is still there").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(())
    }

    /// POSTs JSON to the sandbox from inside the page (as the signed-in admin) and returns the
    /// answer: tests need no HTTP client of their own.
    pub async fn api_post(&self, path: &str, body: Value) -> Res<Value> {
        let script = r#"
            const [path, body, token, done] = arguments;
            fetch(path, {method: 'POST', headers: {'Authorization': 'Bearer ' + token}, body: JSON.stringify(body)})
                .then(r => r.json()).then(done, e => done({error: String(e)}));
        "#;
        Ok(self
            .browser
            .execute_async(script, vec![json!(path), body, json!(self.token("admin"))])
            .await?)
    }

    /// A GET of the sandbox's API from the page (as the admin).
    pub async fn api_get(&self, path: &str) -> Res<Value> {
        let script = r#"
            const [path, token, done] = arguments;
            fetch(path, {headers: {'Authorization': 'Bearer ' + token}})
                .then(r => r.json()).then(done, e => done({error: String(e)}));
        "#;
        Ok(self
            .browser
            .execute_async(script, vec![json!(path), json!(self.token("admin"))])
            .await?)
    }

    /// The serious and critical accessibility violations axe-core finds in the page as it is
    /// (`AXE_JS` names axe-core's script; `scripts/setup.sh --browser` installs it), as lines
    /// naming the rule and the first elements.
    pub async fn axe(&self) -> Res<Vec<String>> {
        let path =
            std::env::var("AXE_JS").map_err(|_| "AXE_JS is not set: source scripts/env.sh")?;
        let script = std::fs::read_to_string(&path)
            .map_err(|e| format!("axe-core not at {path} ({e}): run scripts/setup.sh --browser"))?;
        self.browser.execute(&script, vec![]).await?;
        let v = self
            .browser
            .execute_async(
                "const done = arguments[0];
                 axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations
                   .filter(v => v.impact === 'serious' || v.impact === 'critical')
                   .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))),
                   e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await?;
        Ok(serde_json::from_value(v)?)
    }

    /// The console's URL for an in-app route.
    pub fn url(&self, route: &str) -> String {
        format!("{}{}", self.sandbox.url(), route)
    }

    pub async fn goto(&self, route: &str) -> Res {
        self.browser.goto(&self.url(route)).await?;
        Ok(())
    }

    /// Waits up to 15 s for an element.
    pub async fn wait(&self, css: &str) -> Res<Element> {
        Ok(self
            .browser
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(css))
            .await?)
    }

    /// Waits until `css` matches exactly `n` elements.
    pub async fn wait_count(&self, css: &str, n: usize) -> Res<Vec<Element>> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let found = self.browser.find_all(Locator::Css(css)).await?;
            if found.len() == n {
                return Ok(found);
            }
            if Instant::now() > deadline {
                return Err(format!("expected {n} × {css}, found {}", found.len()).into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the element's text contains `needle`.
    pub async fn wait_text(&self, css: &str, needle: &str) -> Res<String> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Ok(el) = self.browser.find(Locator::Css(css)).await {
                let t = el.text().await.unwrap_or_default();
                if t.contains(needle) {
                    return Ok(t);
                }
                if Instant::now() > deadline {
                    return Err(
                        format!("{css} has text {t:?}, expected it to contain {needle:?}").into(),
                    );
                }
            } else if Instant::now() > deadline {
                return Err(format!("{css} never appeared").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Signs in through the Settings page, as a person would.
    pub async fn sign_in(&self, role: &str) -> Res {
        self.sign_in_at("/settings", role).await
    }

    /// Signs in through the Settings page found at `route`.
    pub async fn sign_in_at(&self, route: &str, role: &str) -> Res {
        self.goto(route).await?;
        let input = self.wait("[data-testid=settings-token]").await?;
        input.send_keys(&self.token(role)).await?;
        self.wait("[data-testid=settings-save]")
            .await?
            .click()
            .await?;
        self.wait_text("[data-testid=settings-token-state]", "Signed in as")
            .await?;
        Ok(())
    }

    /// Saves a screenshot under `tests/e2e/artifacts/` when `E2E_SCREENSHOTS` is set (for looking
    /// at screens while building them; tests never depend on it).
    pub async fn snap(&self, name: &str) {
        if std::env::var_os("E2E_SCREENSHOTS").is_none() {
            return;
        }
        let dir = repo_root().join("tests/e2e/artifacts");
        let _ = std::fs::create_dir_all(&dir);
        if let Ok(png) = self.browser.screenshot().await {
            let _ = std::fs::write(dir.join(format!("{name}.png")), png);
        }
    }

    /// Sends a Chrome DevTools Protocol command (through chromedriver) and returns its answer.
    pub async fn cdp(&self, cmd: &'static str, params: Value) -> Res<Value> {
        Ok(self.browser.issue_cmd(Cdp(cmd, params)).await?)
    }

    /// Empties the browser's HTTP cache: the next page load is a first visit's, with this tab's
    /// session (the token) kept.
    pub async fn clear_http_cache(&self) -> Res {
        self.browser
            .issue_cmd(Cdp("Network.clearBrowserCache", json!({})))
            .await?;
        Ok(())
    }

    /// Makes the browser fail every request whose URL matches one of `patterns` (`*` wildcards)
    /// as a cut network would; an empty list lifts the block.
    pub async fn block_urls(&self, patterns: &[&str]) -> Res {
        self.browser
            .issue_cmd(Cdp("Network.enable", json!({})))
            .await?;
        self.browser
            .issue_cmd(Cdp("Network.setBlockedURLs", json!({ "urls": patterns })))
            .await?;
        Ok(())
    }

    /// Slows the browser's network to `bytes_per_s` down and up (0: as fast as it goes).
    pub async fn throttle(&self, bytes_per_s: u64) -> Res {
        self.browser
            .issue_cmd(Cdp("Network.enable", json!({})))
            .await?;
        let (latency, rate) = if bytes_per_s == 0 {
            (0, -1i64)
        } else {
            (20, bytes_per_s as i64)
        };
        self.browser
            .issue_cmd(Cdp(
                "Network.emulateNetworkConditions",
                json!({ "offline": false, "latency": latency, "downloadThroughput": rate, "uploadThroughput": rate }),
            ))
            .await?;
        Ok(())
    }

    /// The browser's console messages so far.
    pub async fn console_log(&self) -> Vec<String> {
        match self.browser.issue_cmd(BrowserLog).await {
            Ok(Value::Array(entries)) => entries
                .iter()
                .map(|e| {
                    format!(
                        "[{}] {}",
                        e["level"].as_str().unwrap_or("?"),
                        e["message"].as_str().unwrap_or("")
                    )
                })
                .collect(),
            _ => vec![],
        }
    }

    /// Runs a test body; on failure prints the console log, saves a screenshot and panics. A
    /// panic in the page (the console's notice, or the trap that follows it) fails the test too,
    /// whatever the body found.
    pub async fn check(self, result: Res) {
        let log = self.console_log().await;
        let crashed = log.iter().find(|l| is_crash(l)).cloned();
        let result = match (result, crashed) {
            (Ok(()), Some(line)) => Err(format!("the page panicked: {line}").into()),
            (r, _) => r,
        };
        if let Err(e) = &result {
            let dir = repo_root().join("tests/e2e/artifacts");
            let _ = std::fs::create_dir_all(&dir);
            let shot = dir.join(format!("{}.png", self.name));
            if let Ok(png) = self.browser.screenshot().await {
                let _ = std::fs::write(&shot, png);
            }
            let url = self
                .browser
                .current_url()
                .await
                .map(|u| u.to_string())
                .unwrap_or_default();
            eprintln!("---- {} failed at {url}: {e}", self.name);
            eprintln!("---- browser console:");
            for line in log.iter().chain(self.console_log().await.iter()) {
                eprintln!("{line}");
            }
            eprintln!("---- screenshot: {}", shot.display());
        }
        self.finish().await;
        if let Err(e) = result {
            panic!("{e}");
        }
    }

    async fn finish(mut self) {
        let _ = self.browser.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
        self.sandbox.handle.abort();
    }
}
