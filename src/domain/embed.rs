//! The embedding protocol (version 1): which origins may talk to the console, what their
//! messages mean, what the console says back, and the scope an embedded console stays inside.
//! No browser here: the glue in `crate::embed` moves these values through `postMessage`.

use crate::api::types::{TaskId, WorkflowKey};
use crate::routes::Route;
use serde_json::{json, Value};

/// The protocol version this console speaks.
pub const VERSION: u64 = 1;
/// Every message's `type` starts with this.
pub const PREFIX: &str = "zadig-console:";

/// Why an `embed_origins` entry is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OriginProblem {
    /// `*`: any page could frame the console and take over its session.
    Wildcard,
    /// `null`: sandboxed frames and `file:` pages all share it.
    Null,
    /// Not `http(s)://host[:port]`.
    NotAnOrigin,
    /// It has a path, query or fragment (an origin never does).
    HasPath,
}

/// An origin as browsers serialise `MessageEvent.origin`: lower-case scheme and host, no default
/// port, no trailing slash. Refuses what is not an exact http(s) origin.
pub fn normalise_origin(raw: &str) -> Result<String, OriginProblem> {
    let s = raw.trim();
    if s == "*" {
        return Err(OriginProblem::Wildcard);
    }
    if s.eq_ignore_ascii_case("null") {
        return Err(OriginProblem::Null);
    }
    let lower = s.to_ascii_lowercase();
    let (scheme, rest) = if let Some(r) = lower.strip_prefix("https://") {
        ("https", r)
    } else if let Some(r) = lower.strip_prefix("http://") {
        ("http", r)
    } else {
        return Err(OriginProblem::NotAnOrigin);
    };
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    if rest.contains(['/', '?', '#']) {
        return Err(OriginProblem::HasPath);
    }
    if rest.is_empty() || rest.contains(['@', ' ', '\\', '*']) || rest.chars().any(char::is_control)
    {
        return Err(OriginProblem::NotAnOrigin);
    }
    // host, or host:port, or [v6]:port
    let (host, port) = match rest.rfind(':') {
        Some(i) if !rest[i..].contains(']') => (&rest[..i], Some(&rest[i + 1..])),
        _ => (rest, None),
    };
    let host_ok = match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        Some(v6) => {
            !v6.is_empty()
                && v6
                    .chars()
                    .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        }
        // Browsers give hosts in ASCII (punycode); anything else never matches an origin.
        None => {
            !host.is_empty()
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        }
    };
    if !host_ok {
        return Err(OriginProblem::NotAnOrigin);
    }
    let port = match port {
        None => None,
        Some(p) => match p.parse::<u16>() {
            Ok(n) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => Some(n),
            _ => return Err(OriginProblem::NotAnOrigin),
        },
    };
    let default = if scheme == "https" { 443 } else { 80 };
    Ok(match port {
        Some(p) if p != default => format!("{scheme}://{host}:{p}"),
        _ => format!("{scheme}://{host}"),
    })
}

/// The allowed origins of a configuration, and the entries refused (shown as a configuration
/// error, never silently dropped).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origins {
    pub allowed: Vec<String>,
    pub refused: Vec<(String, OriginProblem)>,
}

impl Origins {
    pub fn from_config(list: &[String]) -> Origins {
        let mut o = Origins::default();
        for raw in list {
            match normalise_origin(raw) {
                Ok(n) if !o.allowed.contains(&n) => o.allowed.push(n),
                Ok(_) => {}
                Err(p) => o.refused.push((raw.clone(), p)),
            }
        }
        o
    }

    /// Whether a message's origin (as the browser gives it) is one of the allowed ones.
    pub fn allows(&self, origin: &str) -> bool {
        normalise_origin(origin).is_ok_and(|o| self.allowed.contains(&o))
    }
}

/// Where an embedded console may go: one project, or one workflow of it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    pub project: String,
    pub workflow: Option<WorkflowKey>,
}

impl Scope {
    /// From the `scope` of an init message (`{project, workflow?}`); `None` when absent or empty.
    pub fn from_value(v: &Value) -> Option<Scope> {
        let project = v.get("project")?.as_str()?.trim();
        if project.is_empty() || project.contains('/') {
            return None;
        }
        let workflow = v
            .get("workflow")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|w| !w.is_empty() && !w.contains('/'))
            .map(WorkflowKey::from);
        Some(Scope {
            project: project.to_string(),
            workflow,
        })
    }

    /// The route the scope starts at.
    pub fn root(&self) -> Route {
        match &self.workflow {
            Some(w) => Route::workflow(&self.project, w),
            None => Route::workflows(&self.project),
        }
    }

    /// Whether a console route (path, with or without query and fragment) is inside the scope:
    /// the project's screens, or the workflow's page and everything under it (run, edit, tasks).
    pub fn contains(&self, route: &str) -> bool {
        let Some(r) = Route::parse(route) else {
            return false;
        };
        r.project_key() == Some(self.project.as_str())
            && self
                .workflow
                .as_ref()
                .is_none_or(|w| r.workflow_key() == Some(w))
    }
}

/// How the embedded console is laid out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ui {
    /// Show the console's own top bar (off by default when embedded).
    pub top_bar: bool,
    /// The frame grows with the content (`resized` messages); off: it fills its frame.
    pub fit_content: bool,
}

impl Default for Ui {
    fn default() -> Self {
        Ui {
            top_bar: false,
            fit_content: true,
        }
    }
}

impl Ui {
    pub fn from_value(v: &Value) -> Ui {
        let d = Ui::default();
        Ui {
            top_bar: v
                .get("topBar")
                .and_then(Value::as_bool)
                .unwrap_or(d.top_bar),
            fit_content: match v.get("height").and_then(Value::as_str) {
                Some("fill") => false,
                Some("content") => true,
                _ => d.fit_content,
            },
        }
    }
}

/// What the parent page says.
#[derive(Clone, Debug, PartialEq)]
pub enum Inbound {
    /// Starts a session: everything optional but the token.
    Init {
        token: Option<String>,
        theme: Option<String>,
        locale: Option<String>,
        route: Option<String>,
        scope: Option<Scope>,
        ui: Ui,
    },
    /// A (new) token; also the pre-protocol message `{type: "zadig-console:token", token}`.
    Token(String),
    Navigate(String),
    Theme(String),
    Locale(String),
}

/// Why a message was not taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not an object with a `zadig-console:` type: someone else's message, ignored silently.
    NotOurs,
    /// A version this console does not speak.
    Version(u64),
    /// Ours, but not one this console takes, or missing what it needs.
    Unknown(String),
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Reads a message's data (already turned into JSON).
pub fn parse(v: &Value) -> Result<Inbound, Refusal> {
    let Some(kind) = v
        .get("type")
        .and_then(Value::as_str)
        .and_then(|t| t.strip_prefix(PREFIX))
    else {
        return Err(Refusal::NotOurs);
    };
    // No version: the pre-protocol token message, or a version-1 sender that left it out.
    match v.get("v").and_then(Value::as_u64) {
        None | Some(VERSION) => {}
        Some(other) => return Err(Refusal::Version(other)),
    }
    let unknown = || Refusal::Unknown(kind.to_string());
    match kind {
        "init" => Ok(Inbound::Init {
            token: text(v, "token"),
            theme: text(v, "theme"),
            locale: text(v, "locale"),
            route: text(v, "route"),
            scope: v.get("scope").and_then(Scope::from_value),
            ui: v.get("ui").map(Ui::from_value).unwrap_or_default(),
        }),
        "token" => text(v, "token").map(Inbound::Token).ok_or_else(unknown),
        "navigate" => text(v, "route").map(Inbound::Navigate).ok_or_else(unknown),
        "theme" => text(v, "theme").map(Inbound::Theme).ok_or_else(unknown),
        "locale" => text(v, "locale").map(Inbound::Locale).ok_or_else(unknown),
        _ => Err(unknown()),
    }
}

/// A console route from what a parent sent: a path inside the console, never a URL elsewhere.
pub fn route_of(raw: &str) -> Option<String> {
    let r = raw.trim();
    if !r.starts_with('/')
        || r.starts_with("//")
        || r.contains('\\')
        || r.chars().any(char::is_control)
    {
        return None;
    }
    Some(r.to_string())
}

/// What the console tells its parent.
#[derive(Clone, Debug, PartialEq)]
pub enum Outbound {
    Ready,
    Ack {
        route: String,
    },
    TokenExpired,
    Navigated {
        route: String,
        title: String,
    },
    Resized {
        height: u32,
    },
    TaskStarted {
        project: String,
        workflow: WorkflowKey,
        task: TaskId,
    },
    TaskFinished {
        project: String,
        workflow: WorkflowKey,
        task: TaskId,
        status: String,
    },
    ApprovalNeeded {
        project: String,
        workflow: WorkflowKey,
        task: TaskId,
    },
    /// Something the parent asked for was refused (a route outside the scope, a bad message).
    Error {
        code: &'static str,
        message: String,
    },
}

impl Outbound {
    pub fn name(&self) -> &'static str {
        match self {
            Outbound::Ready => "ready",
            Outbound::Ack { .. } => "ack",
            Outbound::TokenExpired => "token-expired",
            Outbound::Navigated { .. } => "navigated",
            Outbound::Resized { .. } => "resized",
            Outbound::TaskStarted { .. } => "task-started",
            Outbound::TaskFinished { .. } => "task-finished",
            Outbound::ApprovalNeeded { .. } => "approval-needed",
            Outbound::Error { .. } => "error",
        }
    }

    pub fn to_value(&self) -> Value {
        let mut v = match self {
            Outbound::Ready | Outbound::TokenExpired => json!({}),
            Outbound::Ack { route } => json!({ "route": route }),
            Outbound::Navigated { route, title } => json!({ "route": route, "title": title }),
            Outbound::Resized { height } => json!({ "height": height }),
            Outbound::TaskStarted {
                project,
                workflow,
                task,
            }
            | Outbound::ApprovalNeeded {
                project,
                workflow,
                task,
            } => json!({ "project": project, "workflow": workflow, "task": task }),
            Outbound::TaskFinished {
                project,
                workflow,
                task,
                status,
            } => {
                json!({ "project": project, "workflow": workflow, "task": task, "status": status })
            }
            Outbound::Error { code, message } => json!({ "code": code, "message": message }),
        };
        v["type"] = json!(format!("{PREFIX}{}", self.name()));
        v["v"] = json!(VERSION);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_matched_exactly_after_normalising() {
        for (raw, want) in [
            ("https://Portal.Example.com/", "https://portal.example.com"),
            (
                "HTTPS://portal.example.com:443",
                "https://portal.example.com",
            ),
            ("http://portal.example.com:80/", "http://portal.example.com"),
            ("http://127.0.0.1:8090", "http://127.0.0.1:8090"),
            (" https://p.example.com:8443 ", "https://p.example.com:8443"),
            ("http://[::1]:3000", "http://[::1]:3000"),
        ] {
            assert_eq!(normalise_origin(raw).as_deref(), Ok(want), "{raw}");
        }
        assert_eq!(normalise_origin("*"), Err(OriginProblem::Wildcard));
        assert_eq!(normalise_origin("null"), Err(OriginProblem::Null));
        assert_eq!(normalise_origin("NULL"), Err(OriginProblem::Null));
        assert_eq!(
            normalise_origin("https://p.example.com/portal"),
            Err(OriginProblem::HasPath)
        );
        for bad in [
            "portal.example.com",
            "ftp://p.example.com",
            "https://",
            "https://:443",
            "https://p.example.com:99999",
            "https://p.example.com:-1",
            "https://user@p.example.com",
            "https://*.example.com",
            "javascript://x",
            "https://p.example.com：443",
        ] {
            assert!(normalise_origin(bad).is_err(), "{bad}");
        }
        let o = Origins::from_config(&[
            "https://portal.example.com/".into(),
            "*".into(),
            "https://PORTAL.example.com".into(),
        ]);
        assert_eq!(o.allowed, vec!["https://portal.example.com"]);
        assert_eq!(o.refused, vec![("*".to_string(), OriginProblem::Wildcard)]);
        assert!(o.allows("https://portal.example.com"));
        assert!(!o.allows("https://portal.example.com.evil.test"));
        assert!(!o.allows("http://portal.example.com"));
        assert!(!o.allows("null"));
        assert!(!o.allows("https://portal.example.com:8443"));
    }

    #[test]
    fn messages_are_read_by_type_and_version() {
        let init = parse(&json!({"type": "zadig-console:init", "v": 1, "token": " t ",
            "theme": "dark", "route": "/projects/demo", "scope": {"project": "demo", "workflow": "build"},
            "ui": {"height": "fill"}}))
        .unwrap();
        assert_eq!(
            init,
            Inbound::Init {
                token: Some("t".into()),
                theme: Some("dark".into()),
                locale: None,
                route: Some("/projects/demo".into()),
                scope: Some(Scope {
                    project: "demo".into(),
                    workflow: Some("build".into())
                }),
                ui: Ui {
                    top_bar: false,
                    fit_content: false
                },
            }
        );
        // The pre-protocol token message has no version.
        assert_eq!(
            parse(&json!({"type": "zadig-console:token", "token": "abc"})),
            Ok(Inbound::Token("abc".into()))
        );
        assert_eq!(
            parse(&json!({"type": "zadig-console:token", "v": 2, "token": "abc"})),
            Err(Refusal::Version(2))
        );
        assert_eq!(
            parse(&json!({"type": "zadig-console:token", "token": ""})),
            Err(Refusal::Unknown("token".into()))
        );
        assert_eq!(parse(&json!("hello")), Err(Refusal::NotOurs));
        assert_eq!(
            parse(&json!({"type": "other:token"})),
            Err(Refusal::NotOurs)
        );
        assert_eq!(
            parse(&json!({"type": "zadig-console:navigate", "v": 1, "route": "/projects/x"})),
            Ok(Inbound::Navigate("/projects/x".into()))
        );
    }

    #[test]
    fn scopes_hold_a_project_or_one_workflow() {
        let p = Scope {
            project: "demo".into(),
            workflow: None,
        };
        assert!(p.contains("/projects/demo"));
        assert!(p.contains("/projects/demo/approvals"));
        assert!(p.contains("/projects/demo/workflows/x/tasks/3?job=a#L2"));
        assert!(!p.contains("/projects/demo2"));
        assert!(!p.contains("/"));
        assert!(!p.contains("/settings"));
        let w = Scope {
            project: "demo".into(),
            workflow: Some("build deploy".into()),
        };
        assert_eq!(w.root().path(), "/projects/demo/workflows/build%20deploy");
        assert!(w.contains("/projects/demo/workflows/build%20deploy"));
        assert!(w.contains("/projects/demo/workflows/build%20deploy/tasks/7"));
        assert!(w.contains("/projects/demo/workflows/build%20deploy/run?from=2"));
        assert!(!w.contains("/projects/demo/workflows/other"));
        assert!(!w.contains("/projects/demo"));
        assert!(!w.contains("/projects/demo/approvals"));
        assert_eq!(Scope::from_value(&json!({"project": ""})), None);
        assert_eq!(Scope::from_value(&json!({"project": "a/b"})), None);
    }

    #[test]
    fn routes_from_a_parent_stay_inside_the_console() {
        assert_eq!(
            route_of("/projects/demo").as_deref(),
            Some("/projects/demo")
        );
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil",
            "projects",
            "/a\nb",
        ] {
            assert_eq!(route_of(bad), None, "{bad}");
        }
    }

    #[test]
    fn outbound_messages_carry_type_and_version() {
        let v = Outbound::TaskFinished {
            project: "demo".into(),
            workflow: "w".into(),
            task: TaskId::new(3),
            status: "passed".into(),
        }
        .to_value();
        assert_eq!(v["type"], "zadig-console:task-finished");
        assert_eq!(v["v"], 1);
        assert_eq!(v["task"], 3);
        assert_eq!(Outbound::Ready.to_value()["type"], "zadig-console:ready");
    }
}
