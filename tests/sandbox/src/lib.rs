//! A local server that behaves like Zadig's workflow OpenAPI (see `docs/zadig-contract.md`):
//! the gateway's auth, aslan's response shapes, a task engine, live logs, demo data, and
//! knobs under `/__sandbox/` for tests and benchmarks.

// Handlers return axum's `Response` as their error: it is what they answer with.
#![allow(clippy::result_large_err)]

pub mod auth;
pub mod demo;
pub mod engine;
pub mod envs;
pub mod errors;
mod jobs;
pub mod model;
pub mod plan;
pub mod portal;
pub mod routes;
pub mod sse;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::model::{Fault, SseFault, World};

/// Shared server state.
#[derive(Clone)]
pub struct AppState {
    pub world: Arc<Mutex<World>>,
}

impl AppState {
    /// The world, locked. A handler that panicked (answered as a 500 by the panic layer) does not
    /// leave every later request failing on a poisoned lock.
    pub fn world(&self) -> std::sync::MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// How to start a sandbox.
#[derive(Clone, Debug)]
pub struct Options {
    pub addr: SocketAddr,
    /// A built console to serve on the same origin, with SPA fallback.
    pub static_dir: Option<PathBuf>,
    /// The path the console is served under (`/` or e.g. `/console/`).
    pub static_prefix: String,
    /// The CSP `frame-ancestors` value for the console's pages.
    pub frame_ancestors: String,
    pub speed: f64,
    pub demo: bool,
    /// The served console's `config.json` says it is the sandbox and lists the demo users, so
    /// its first screen offers one-click sign-in (needs `static_dir` and the demo).
    pub demo_sign_in: bool,
    /// Settings merged into the served console's `config.json` (tests use it).
    pub config: Option<Value>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            addr: ([127, 0, 0, 1], 0).into(),
            static_dir: None,
            static_prefix: "/".into(),
            frame_ancestors: "'self'".into(),
            speed: 1.0,
            demo: true,
            demo_sign_in: false,
            config: None,
        }
    }
}

/// The demo tokens, by role.
pub fn demo_tokens() -> Value {
    json!({
        "admin": auth::make_token("u-admin", "admin", "admin@example.com"),
        "approver": auth::make_token("u-alice", "alice", "alice@example.com"),
        "user": auth::make_token("u-bob", "bob", "bob@example.com"),
    })
}

/// The demo users as the console's first screen offers them: name, role and token.
pub fn demo_users() -> Value {
    let tokens = demo_tokens();
    json!([
        {"name": "admin", "role": "admin", "token": tokens["admin"]},
        {"name": "alice", "role": "approver", "token": tokens["approver"]},
        {"name": "bob", "role": "user", "token": tokens["user"]},
    ])
}

/// A running sandbox.
pub struct Running {
    pub addr: SocketAddr,
    pub state: AppState,
    pub handle: tokio::task::JoinHandle<()>,
}

impl Running {
    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// Binds, loads the demo (unless disabled), starts the engine and serves until dropped.
pub async fn start(opts: Options) -> std::io::Result<Running> {
    let mut world = World::default();
    world.knobs.speed = opts.speed;
    if opts.demo {
        demo::load(&mut world);
        world.scan_live();
    } else {
        world.users = demo::users();
    }
    let state = AppState {
        world: Arc::new(Mutex::new(world)),
    };
    let engine_state = state.clone();
    tokio::spawn(async move {
        let mut iv = tokio::time::interval(Duration::from_millis(50));
        iv.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        let mut last = tokio::time::Instant::now();
        loop {
            iv.tick().await;
            let now = tokio::time::Instant::now();
            let dt = (now - last).as_secs_f64() * 1000.0;
            last = now;
            engine::tick(&mut engine_state.world(), dt);
        }
    });
    let listener = tokio::net::TcpListener::bind(opts.addr).await?;
    let addr = listener.local_addr()?;
    let app = router(state.clone(), &opts);
    let handle = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok(Running {
        addr,
        state,
        handle,
    })
}

/// The full router: Zadig's paths behind the gateway check, knobs, and the console.
pub fn router(state: AppState, opts: &Options) -> Router {
    use routes::*;
    let zadig = Router::new()
        .route("/openapi/workflows", get(list_workflows))
        .route("/openapi/workflows/view", get(list_views).post(create_view))
        .route(
            "/openapi/workflows/view/{name}",
            put(update_view).delete(delete_view),
        )
        .route(
            "/openapi/workflows/custom",
            post(create_workflow).delete(delete_workflow),
        )
        .route("/openapi/workflows/custom/{name}", put(update_workflow))
        .route(
            "/openapi/workflows/custom/{name}/detail",
            get(workflow_detail),
        )
        .route("/openapi/workflows/custom/{name}/tasks", get(list_tasks))
        .route(
            "/openapi/workflows/custom/task",
            get(task_detail).post(execute).delete(cancel),
        )
        .route("/openapi/workflows/custom/task/approve", post(approve))
        .route(
            "/openapi/workflows/custom/{name}/task/{id}",
            post(retry).put(remark),
        )
        .route(
            "/openapi/workflows/custom/{name}/task/{id}/manual-exec",
            get(manual_exec_get).post(manual_exec_post),
        )
        .route("/openapi/projects/project", get(list_projects))
        .route("/openapi/projects/project/detail", get(project_detail))
        .route("/openapi/environments", get(list_envs))
        .route(
            "/openapi/environments/production/{name}",
            get(routes::env_detail_production),
        )
        .route("/openapi/environments/{name}", get(routes::env_detail))
        .route("/openapi/system/registry", get(list_registries))
        .route("/openapi/ticket/approval", post(create_ticket))
        .route(
            "/openapi/logs/sse/v4/workflow/{wf}/{task}/{job}/{lines}",
            get(sse::live),
        )
        .route(
            "/openapi/logs/log/v4/workflow/{wf}/{task}/{job}",
            get(full_log),
        )
        .route("/api/aslan/workflow/v4", post(create_workflow))
        .route("/api/aslan/workflow/v4/{name}", put(update_workflow))
        .route("/api/aslan/workflow/v4/name/{name}", get(workflow_yaml))
        .route(
            "/api/aslan/workflow/v4/workflowtask/handle/error",
            post(handle_error),
        )
        .route(
            "/api/aslan/workflow/v4/workflowtask/clone/workflow/{name}/task/{id}",
            get(clone_task),
        )
        .route(
            "/api/aslan/logs/log/v4/workflow/{wf}/tasks/{task}/jobs/{job}",
            get(full_log_internal),
        )
        .route("/openapi/{*rest}", axum::routing::any(not_found))
        .route("/api/{*rest}", axum::routing::any(not_found))
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn(gateway))
        .layer(middleware::from_fn_with_state(state.clone(), faults))
        // A bug in the sandbox answers like Zadig's own panics (a plain 500), never a dead server.
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            panic_answer,
        ))
        .with_state(state.clone());
    let knobs = Router::new()
        .route("/__sandbox/config", get(get_config).post(set_config))
        .route("/__sandbox/faults", post(add_fault).delete(clear_faults))
        .route("/__sandbox/sse-fault", post(set_sse_fault))
        .route("/__sandbox/scale", post(scale))
        .route("/__sandbox/tokens", get(|| async { Json(demo_tokens()) }))
        .route("/__sandbox/reset", post(reset))
        .with_state(state);
    let mut app = zadig.merge(knobs);
    if let Some(dir) = &opts.static_dir {
        let mut extra = opts.config.clone().filter(Value::is_object);
        if opts.demo && opts.demo_sign_in {
            extra.get_or_insert_with(|| json!({}))["sandbox"] = json!({ "users": demo_users() });
        }
        let site = console(dir.clone(), opts.frame_ancestors.clone(), extra);
        let prefix = opts.static_prefix.trim_end_matches('/');
        app = if prefix.is_empty() {
            app.fallback_service(site)
        } else {
            app.nest_service(prefix, site).fallback(routes::not_found)
        };
    } else {
        app = app.fallback(routes::not_found);
    }
    app
}

/// Serves the built console: files as they are (their precompressed `.br`/`.gz` twins when the
/// browser takes them, as a production server would), every other path gets `index.html` (SPA),
/// with a CSP that allows `'wasm-unsafe-eval'` and inline scripts only by hash (the release
/// build has none; `trunk serve`'s loader is one).
fn console(dir: PathBuf, frame_ancestors: String, extra: Option<Value>) -> Router {
    let index = std::fs::read_to_string(dir.join("index.html")).unwrap_or_default();
    let hashes = inline_script_hashes(&index);
    let csp = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors {frame_ancestors}"
    );
    let serve = tower_http::services::ServeDir::new(&dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(tower_http::services::ServeFile::new(dir.join("index.html")));
    let mut site = Router::new();
    if let Some(Value::Object(extra)) = extra {
        // The build's own settings, with the sandbox's added (read once, as served files are).
        let mut cfg: Value = std::fs::read_to_string(dir.join("config.json"))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .filter(Value::is_object)
            .unwrap_or_else(|| json!({}));
        for (k, v) in extra {
            cfg[k] = v;
        }
        site = site.route(
            "/config.json",
            get(move || {
                let cfg = cfg.clone();
                async move { ([(header::CACHE_CONTROL, "no-cache")], Json(cfg)) }
            }),
        );
    }
    site.fallback_service(serve)
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            let csp = csp.clone();
            async move {
                let mut res = next.run(req).await;
                let h = res.headers_mut();
                h.insert(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_str(&csp).expect("ascii csp"),
                );
                h.insert(
                    "x-content-type-options",
                    HeaderValue::from_static("nosniff"),
                );
                h.insert(
                    header::REFERRER_POLICY,
                    HeaderValue::from_static("no-referrer"),
                );
                res
            }
        }))
}

/// `'sha256-…'` sources for each inline `<script>` of a page.
fn inline_script_hashes(html: &str) -> String {
    use base64::Engine;
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<script") {
        let after = &rest[i..];
        let Some(gt) = after.find('>') else { break };
        let tag = &after[..gt];
        let body_start = gt + 1;
        let Some(end) = after[body_start..].find("</script>") else {
            break;
        };
        if !tag.contains("src=") {
            let body = &after[body_start..body_start + end];
            let digest = sha256(body.as_bytes());
            out.push_str(&format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        rest = &after[body_start + end..];
    }
    out
}

/// A small SHA-256 for CSP hashes (no extra dependency for one use).
fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    let bits = (data.len() as u64) * 8;
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bits.to_be_bytes());
    for chunk in msg.chunks(64) {
        let mut w = [0u32; 64];
        for i in 0..16 {
            w[i] = u32::from_be_bytes([
                chunk[4 * i],
                chunk[4 * i + 1],
                chunk[4 * i + 2],
                chunk[4 * i + 3],
            ]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let mut v = h;
        for i in 0..64 {
            let s1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
            let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
            let t1 = v[7]
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
            let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            let t2 = s0.wrapping_add(maj);
            v = [
                t1.wrapping_add(t2),
                v[0],
                v[1],
                v[2],
                v[3].wrapping_add(t1),
                v[4],
                v[5],
                v[6],
            ];
        }
        for i in 0..8 {
            h[i] = h[i].wrapping_add(v[i]);
        }
    }
    let mut out = [0u8; 32];
    for (i, x) in h.iter().enumerate() {
        out[4 * i..4 * i + 4].copy_from_slice(&x.to_be_bytes());
    }
    out
}

/// The gateway: a token from `?token=` or a two-word `Authorization`, else 401 with no body.
async fn gateway(mut req: Request, next: Next) -> Response {
    let token = auth::token_from(
        req.uri().query(),
        req.headers()
            .get(header::AUTHORIZATION)
            .and_then(|h| h.to_str().ok()),
    );
    match token.and_then(|t| auth::identity(&t)) {
        Ok(id) => {
            req.extensions_mut().insert(id);
            next.run(req).await
        }
        Err(_) => errors::empty(401),
    }
}

/// Latency and one-shot faults, in front of everything Zadig serves.
async fn faults(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let (latency, fault) = {
        let mut w = st.world();
        let path = req.uri().path().to_string();
        let method = req.method().as_str().to_string();
        let pos = w.faults.iter().position(|f| {
            fault_matches(&f.path_prefix, &path)
                && f.method
                    .as_deref()
                    .is_none_or(|m| m.eq_ignore_ascii_case(&method))
        });
        let fault = pos.map(|i| {
            let f = w.faults[i].clone();
            w.faults[i].times -= 1;
            if w.faults[i].times == 0 {
                w.faults.remove(i);
            }
            f
        });
        (w.knobs.latency_ms, fault)
    };
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    let Some(f) = fault else {
        return next.run(req).await;
    };
    let status = StatusCode::from_u16(f.status).unwrap_or(StatusCode::BAD_GATEWAY);
    let cut = || {
        // Headers, then a body that fails, so the connection is cut mid-response.
        let s = futures_util::stream::once(async {
            Err::<Bytes, std::io::Error>(std::io::Error::other("reset"))
        });
        Response::builder()
            .status(200)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from_stream(s))
            .expect("static")
    };
    match f.kind.as_str() {
        // The request is carried out, then its answer is lost on the way back: part of the body
        // arrives first (a browser silently sends a request again when a connection closes
        // before any answer, which would hide the loss).
        "lost" => {
            let _ = next.run(req).await;
            // The first piece is flushed before the cut (hyper would drop it with the connection).
            let first = futures_util::stream::iter([Ok::<Bytes, std::io::Error>(
                Bytes::from_static(b"{\"project_name\": "),
            )]);
            let cut = futures_util::stream::once(async {
                tokio::time::sleep(Duration::from_millis(300)).await;
                Err(std::io::Error::other("lost"))
            });
            let s = futures_util::StreamExt::chain(first, cut);
            Response::builder()
                .status(200)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from_stream(s))
                .expect("static")
        }
        // Headers and the start of the body, then nothing for a while (a stalled body).
        "stall" => {
            let wait = f.delay_ms.unwrap_or(60_000).min(MAX_WAIT_MS);
            let first = futures_util::stream::iter([Ok::<Bytes, std::io::Error>(
                Bytes::from_static(b"{\"workflow_key\": "),
            )]);
            let cut = futures_util::stream::once(async move {
                tokio::time::sleep(Duration::from_millis(wait)).await;
                Err(std::io::Error::other("stalled"))
            });
            Response::builder()
                .status(200)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from_stream(futures_util::StreamExt::chain(
                    first, cut,
                )))
                .expect("static")
        }
        // No answer for a while (a minute unless `delay_ms` says otherwise), then a 504.
        "hang" => {
            // Counts the requests whose client went away first (hyper drops this future).
            struct Held(Option<AppState>);
            impl Drop for Held {
                fn drop(&mut self) {
                    if let Some(st) = self.0.take() {
                        st.world().hangs_abandoned += 1;
                    }
                }
            }
            let mut held = Held(Some(st.clone()));
            tokio::time::sleep(Duration::from_millis(
                f.delay_ms.unwrap_or(60_000).min(MAX_WAIT_MS),
            ))
            .await;
            held.0 = None;
            errors::empty(504)
        }
        // Valid JSON, but nothing like the answer.
        "shape" => (
            status,
            [(header::CONTENT_TYPE, "application/json")],
            "\"a string, not the answer\"",
        )
            .into_response(),
        "html" => (
            status,
            [(header::CONTENT_TYPE, "text/html")],
            "<html><body><h1>502 Bad Gateway</h1><script>alert('x')</script></body></html>",
        )
            .into_response(),
        "malformed" => (
            status,
            [(header::CONTENT_TYPE, "application/json")],
            "{\"workflows\": [{\"workflow_key\": ",
        )
            .into_response(),
        "empty" => errors::empty(f.status),
        "zadig" => errors::biz(f.status, "注入的错误", "injected by the sandbox"),
        "plain500" => errors::plain500("injected by the sandbox"),
        _ => cut(),
    }
}

fn panic_answer(err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = err
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default();
    errors::plain500(format!("runtime error: {what}"))
}

/// A fault's path: a prefix, or an exact path when it ends in `$`.
fn fault_matches(pattern: &str, path: &str) -> bool {
    match pattern.strip_suffix('$') {
        Some(exact) => path == exact,
        None => path.starts_with(pattern),
    }
}

fn knobs_json(w: &World) -> Value {
    let k = &w.knobs;
    json!({"speed": k.speed, "latency_ms": k.latency_ms, "log_upload_delay_ms": k.log_upload_delay_ms, "license": k.license,
           "sse_first_line_wait_ms": k.sse_first_line_wait_ms, "clone_shape": k.clone_shape, "faults": w.faults.len(), "sse_fault_times": w.sse_fault.times})
}

async fn get_config(State(st): State<AppState>) -> Json<Value> {
    Json(knobs_json(&st.world()))
}

/// A knob outside its range: a 400 that says which and what is allowed.
fn knob_error(what: impl Into<String>) -> Response {
    errors::bad_request(what)
}

/// A knob's body, or a 400.
fn knob_body(body: &Bytes) -> Result<Value, Response> {
    serde_json::from_slice::<Value>(body)
        .ok()
        .filter(Value::is_object)
        .ok_or_else(|| knob_error("the body must be a JSON object"))
}

fn bounded_u64(b: &Value, key: &str, max: u64) -> Result<Option<u64>, Response> {
    match b.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => match v.as_u64() {
            Some(n) if n <= max => Ok(Some(n)),
            _ => Err(knob_error(format!(
                "{key} must be a whole number from 0 to {max}"
            ))),
        },
    }
}

/// Longest latency, upload delay and first-line wait a knob may set (ms).
pub const MAX_WAIT_MS: u64 = 120_000;

async fn set_config(State(st): State<AppState>, body: Bytes) -> Response {
    let b = match knob_body(&body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let speed = match b.get("speed") {
        None | Some(Value::Null) => None,
        Some(v) => match v.as_f64() {
            Some(s) if s.is_finite() && (0.01..=1000.0).contains(&s) => Some(s),
            _ => return knob_error("speed must be a number from 0.01 to 1000"),
        },
    };
    let (latency, upload, first_line) = match (
        bounded_u64(&b, "latency_ms", MAX_WAIT_MS),
        bounded_u64(&b, "log_upload_delay_ms", MAX_WAIT_MS),
        bounded_u64(&b, "sse_first_line_wait_ms", MAX_WAIT_MS),
    ) {
        (Ok(a), Ok(b), Ok(c)) => (a, b, c),
        (Err(r), _, _) | (_, Err(r), _) | (_, _, Err(r)) => return r,
    };
    let shape = match b.get("clone_shape") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s == "workflow" || s == "args" => Some(s.clone()),
        Some(_) => return knob_error("clone_shape must be \"workflow\" or \"args\""),
    };
    let mut w = st.world();
    if let Some(v) = speed {
        w.knobs.speed = v;
    }
    if let Some(v) = latency {
        w.knobs.latency_ms = v;
    }
    if let Some(v) = upload {
        w.knobs.log_upload_delay_ms = v;
    }
    if let Some(v) = b["license"].as_bool() {
        w.knobs.license = v;
    }
    if let Some(v) = first_line {
        w.knobs.sse_first_line_wait_ms = v;
    }
    if let Some(v) = shape {
        w.knobs.clone_shape = v;
    }
    Json(knobs_json(&w)).into_response()
}

/// Fault kinds the sandbox knows.
const FAULT_KINDS: [&str; 10] = [
    "html",
    "malformed",
    "empty",
    "zadig",
    "plain500",
    "reset",
    "lost",
    "hang",
    "stall",
    "shape",
];

async fn add_fault(State(st): State<AppState>, body: Bytes) -> Response {
    let Ok(f) = serde_json::from_slice::<Fault>(&body) else {
        return knob_error("a fault is {path_prefix, method?, status, kind, times}");
    };
    if !(1..=10_000).contains(&f.times) {
        return knob_error("times must be from 1 to 10000");
    }
    if !(100..=599).contains(&f.status) {
        return knob_error("status must be an HTTP status from 100 to 599");
    }
    if !FAULT_KINDS.contains(&f.kind.as_str()) {
        return knob_error(format!("kind must be one of {}", FAULT_KINDS.join(", ")));
    }
    let mut w = st.world();
    w.faults.push(f);
    Json(knobs_json(&w)).into_response()
}

async fn clear_faults(State(st): State<AppState>) -> Json<Value> {
    let mut w = st.world();
    w.faults.clear();
    w.sse_fault = SseFault::default();
    Json(knobs_json(&w))
}

async fn set_sse_fault(State(st): State<AppState>, body: Bytes) -> Response {
    let Ok(f) = serde_json::from_slice::<SseFault>(&body) else {
        return knob_error("an sse fault is {after_lines, mid_line, times}");
    };
    if f.times > 10_000 || f.after_lines > 10_000_000 {
        return knob_error("times must be at most 10000 and after_lines at most 10000000");
    }
    let mut w = st.world();
    w.sse_fault = f;
    Json(knobs_json(&w)).into_response()
}

/// Most workflows, and tasks per workflow, the scale knob adds.
pub const MAX_SCALE_WORKFLOWS: u64 = 5_000;
pub const MAX_SCALE_TASKS: u64 = 200;

async fn scale(State(st): State<AppState>, body: Bytes) -> Response {
    let b = match knob_body(&body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let (n, tasks) = match (
        bounded_u64(&b, "workflows", MAX_SCALE_WORKFLOWS),
        bounded_u64(&b, "tasks_per_workflow", MAX_SCALE_TASKS),
    ) {
        (Ok(n), Ok(t)) => (n.unwrap_or(0) as usize, t.unwrap_or(0) as usize),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    let project = b["project"].as_str().unwrap_or("demo").to_string();
    let mut w = st.world();
    if w.project(&project).is_none() {
        return knob_error(format!("no project {project}"));
    }
    demo::scale(&mut w, &project, n, tasks);
    w.scan_live();
    Json(json!({"workflows": w.workflows.len()})).into_response()
}

async fn reset(State(st): State<AppState>) -> Json<Value> {
    let mut w = st.world();
    let knobs = w.knobs.clone();
    *w = World::default();
    w.knobs = knobs;
    demo::load(&mut w);
    w.scan_live();
    Json(knobs_json(&w))
}
