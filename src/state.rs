//! App-wide state: configuration, auth, language and theme, provided as one context.

use leptos::prelude::*;

use crate::api::client::AuthGate;
use crate::api::{AuthMode, Client};
use crate::browser;
use crate::domain::token;
use crate::i18n::{Locale, T};
use crate::net::url::{base_path, href};

/// Where this tab keeps its token (sessionStorage).
pub const K_TOKEN: &str = "zc.token";
const K_API: &str = "zc.api_base";
const K_MODE: &str = "zc.auth_mode";
const K_LOCALE: &str = "zc.locale";
const K_THEME: &str = "zc.theme";
/// What this browser watches (`domain::watch::Watches` as JSON).
const K_WATCHES: &str = "zc.watches";
/// Browser notifications are wanted for a tab in the background (`on`).
const K_NOTIFY: &str = "zc.notify";
/// The last project opened, for the picker.
pub const K_LAST_PROJECT: &str = "zc.last_project";

/// Light, dark, or whatever the system prefers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub fn parse(s: &str) -> Theme {
        match s {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        }
    }
    pub fn as_str(&self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// `public/config.json`: deployment settings that need no rebuild.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuntimeConfig {
    /// Another API root; empty means the document base.
    pub api_base: String,
    /// `token`, `proxy` or `embed`.
    pub auth_mode: String,
    /// Origins allowed to hand over a token in embed mode.
    pub embed_origins: Vec<String>,
    /// How long a request may take, headers and body (ms); 0 means the default, 30 s.
    pub request_timeout_ms: u32,
    /// When screens' code is fetched ahead of use: `idle` (default), `hover` or `off`.
    pub prefetch: String,
    /// The built-in sandbox's demo users (its `sandbox` key; a real deployment has none).
    pub demo_users: Vec<crate::domain::welcome::DemoUser>,
    /// `off`: approvals are looked for only while the inbox is open (no count in the top bar);
    /// anything else: in the background too.
    pub inbox: String,
}

impl crate::api::json::FromJson for RuntimeConfig {
    fn from_json(at: crate::api::json::At<'_>) -> Result<Self, crate::api::json::JsonError> {
        at.object()?;
        Ok(RuntimeConfig {
            api_base: at.field("api_base")?,
            auth_mode: at.field("auth_mode")?,
            embed_origins: at.field("embed_origins")?,
            request_timeout_ms: at.field("request_timeout_ms")?,
            prefetch: at.field("prefetch")?,
            demo_users: at
                .field::<crate::domain::welcome::DemoUsers>("sandbox")
                .unwrap_or_default()
                .0,
            inbox: at.field("inbox")?,
        })
    }
}

/// The result of a write whose dialog or page was closed before the answer came, so it is not
/// lost: shown in the corner of whatever page the person is on now.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// A run started; links to its task.
    TaskStarted {
        project: String,
        workflow: crate::api::types::WorkflowKey,
        task: crate::api::types::TaskId,
    },
    /// A write succeeded (the text says which).
    Done(T),
    /// Something watched happened (the sentence says what), with a link to the task.
    Watched {
        text: String,
        project: String,
        workflow: crate::api::types::WorkflowKey,
        task: crate::api::types::TaskId,
    },
    /// A write failed or its answer was lost (`what` names it).
    Failed {
        what: T,
        error: crate::api::ApiError,
    },
}

/// Everything pages need from the app: copy it freely.
#[derive(Clone, Copy)]
pub struct Ctx {
    /// The document base (absolute URL), fixed for the page's life.
    pub doc_base: StoredValue<String>,
    /// The API root set by config.json or the person; empty = document base.
    pub api_base: RwSignal<String>,
    pub mode: RwSignal<AuthMode>,
    pub token: RwSignal<Option<String>>,
    pub locale: RwSignal<Locale>,
    pub theme: RwSignal<Theme>,
    /// config.json has been read (or failed).
    pub ready: RwSignal<bool>,
    /// config.json could not be read.
    pub config_failed: RwSignal<bool>,
    pub embed_origins: StoredValue<Vec<String>>,
    /// Per-request time limit (ms).
    pub timeout_ms: StoredValue<u32>,
    /// Counts every change of credentials (token, mode, server).
    pub generation: RwSignal<u64>,
    /// The generation Zadig answered 401 to: pages stop polling and show the sign-in banner.
    pub refused: RwSignal<Option<u64>>,
    /// Results of writes nobody was left to see, newest last, each with an id.
    pub notices: RwSignal<Vec<(u64, Notice)>>,
    /// Bumped when a write's answer lands in a notice (its form was closed): lists that show what
    /// it changed read it, so a run started from a closed dialog appears in the history.
    pub changes: RwSignal<u64>,
    /// Embedded (`embed` mode inside a frame): where the console may go (a project or one
    /// workflow; `None`: anywhere).
    pub scope: RwSignal<Option<crate::domain::embed::Scope>>,
    /// The console's own top bar is shown (off when embedded, unless the portal asks for it).
    pub top_bar: RwSignal<bool>,
    /// A route the embedding page asked for, taken by the router.
    pub goto: RwSignal<Option<String>>,
    /// `embed_origins` entries refused (a configuration error shown on the page).
    pub origin_problems: RwSignal<Vec<(String, crate::domain::embed::OriginProblem)>>,
    /// The embedding bridge (a chunk fetched only where it is wanted).
    pub bridge: RwSignal<BridgeState>,
    /// The app's owner: what the bridge sets up lives as long as the app. Weak: the context is
    /// stored under that owner, and a strong reference would keep it (and everything it owns,
    /// listeners included) alive after the app is unmounted.
    app_owner: StoredValue<Option<leptos::reactive::owner::WeakOwner>>,
    /// When screens' code is fetched ahead of use (from config.json).
    pub prefetch: StoredValue<crate::routes::Prefetch>,
    /// One-click sign-in on the built-in sandbox (empty against a real Zadig).
    pub demo_users: StoredValue<Vec<crate::domain::welcome::DemoUser>>,
    /// Approvals are looked for in the background (config.json `inbox`).
    pub inbox_background: StoredValue<bool>,
    /// What this browser watches.
    pub watches: RwSignal<crate::domain::watch::Watches>,
    /// The person turned on browser notifications for a tab in the background.
    pub notify_pref: RwSignal<bool>,
    /// What the watcher saw last (`crate::watcher`).
    pub watch_memory: StoredValue<crate::domain::watch::Memory>,
}

/// Where the embedding bridge is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BridgeState {
    /// Not wanted (a plain page), or not fetched yet.
    Off,
    /// Started.
    On,
    /// Its chunk could not be fetched: said on the page, with a way to try again.
    Failed,
}

impl Ctx {
    /// Reads stored preferences, applies theme and language, and starts loading config.json.
    pub fn init() -> Ctx {
        let locale = browser::local_get(K_LOCALE)
            .map(|s| Locale::parse(&s))
            .unwrap_or_else(|| Locale::parse(&browser::navigator_language()));
        let ctx = Ctx {
            doc_base: StoredValue::new(browser::document_base()),
            api_base: RwSignal::new(browser::local_get(K_API).unwrap_or_default()),
            mode: RwSignal::new(AuthMode::parse(
                &browser::local_get(K_MODE).unwrap_or_default(),
            )),
            token: RwSignal::new(
                browser::session_get(K_TOKEN).and_then(|t| token::normalise(&t).ok()),
            ),
            locale: RwSignal::new(locale),
            theme: RwSignal::new(Theme::parse(
                &browser::local_get(K_THEME).unwrap_or_default(),
            )),
            ready: RwSignal::new(false),
            config_failed: RwSignal::new(false),
            embed_origins: StoredValue::new(Vec::new()),
            timeout_ms: StoredValue::new(30_000),
            generation: RwSignal::new(0),
            refused: RwSignal::new(None),
            notices: RwSignal::new(Vec::new()),
            changes: RwSignal::new(0),
            scope: RwSignal::new(None),
            top_bar: RwSignal::new(true),
            goto: RwSignal::new(None),
            origin_problems: RwSignal::new(Vec::new()),
            bridge: RwSignal::new(BridgeState::Off),
            app_owner: StoredValue::new(Owner::current().map(|o| o.downgrade())),
            prefetch: StoredValue::new(crate::routes::Prefetch::default()),
            demo_users: StoredValue::new(Vec::new()),
            inbox_background: StoredValue::new(true),
            watches: RwSignal::new(
                browser::local_get(K_WATCHES)
                    .and_then(|t| crate::api::json::decode(&t).ok())
                    .unwrap_or_default(),
            ),
            notify_pref: RwSignal::new(browser::local_get(K_NOTIFY).as_deref() == Some("on")),
            watch_memory: StoredValue::new(Default::default()),
        };
        Effect::new(move |_| browser::set_root_attr("data-theme", ctx.theme.get().as_str()));
        Effect::new(move |_| browser::set_root_attr("lang", ctx.locale.get().tag()));
        ctx.load_config();
        ctx
    }

    fn load_config(self) {
        let url = crate::net::url::api_url(&self.doc_base.get_value(), "config.json");
        leptos::task::spawn_local(async move {
            let cfg = async {
                let r = gloo_net::http::Request::get(&url).send().await.ok()?;
                if !r.ok() {
                    return None;
                }
                crate::api::json::decode::<RuntimeConfig>(&r.text().await.ok()?).ok()
            }
            .await;
            match cfg {
                Some(c) => {
                    // The person's own choices in Settings win over the deployment's defaults.
                    if browser::local_get(K_API).is_none() && !c.api_base.is_empty() {
                        self.api_base.set(c.api_base.clone());
                    }
                    if browser::local_get(K_MODE).is_none() && !c.auth_mode.is_empty() {
                        self.mode.set(AuthMode::parse(&c.auth_mode));
                    }
                    self.embed_origins.set_value(c.embed_origins);
                    self.demo_users.set_value(c.demo_users);
                    self.inbox_background.set_value(c.inbox.trim() != "off");
                    if c.request_timeout_ms > 0 {
                        self.timeout_ms
                            .set_value(c.request_timeout_ms.clamp(1000, 600_000));
                    }
                    self.prefetch
                        .set_value(crate::routes::Prefetch::parse(&c.prefetch));
                    self.generation.update(|g| *g += 1);
                }
                None => self.config_failed.set(true),
            }
            if self.prefetch.get_value() == crate::routes::Prefetch::Idle {
                crate::chunks::prefetch_when_idle();
            }
            // Messages from an embedding page were kept until the allowed origins were known;
            // the screen waits for the bridge, so a framed console never shows its top bar. (A
            // plain page does not run the bridge's start at all: not in its first load.)
            if crate::embed::wanted(self) {
                self.start_bridge().await;
            }
            self.ready.set(true);
        });
    }

    /// Fetches and starts the embedding bridge where it is wanted (again after a failure).
    pub async fn start_bridge(self) {
        if !crate::embed::wanted(self) {
            return;
        }
        // Both functions of the chunk: each keeps its own "loaded" state.
        let fetched = match crate::embed::preload_bridge().await {
            Ok(()) => crate::embed::preload_bridge_view().await,
            Err(e) => Err(e),
        };
        let state = match fetched {
            Ok(()) => {
                // In the chunk now: runs at once, under the app's owner.
                let start = || futures::FutureExt::now_or_never(crate::embed::start_bridge(self));
                let started = match self.app_owner.get_value().and_then(|w| w.upgrade()) {
                    Some(o) => o.with(start),
                    None => start(),
                };
                match started {
                    Some(Ok(())) => BridgeState::On,
                    _ => BridgeState::Failed,
                }
            }
            Err(_) => BridgeState::Failed,
        };
        self.bridge.try_set(state);
    }

    /// A client for the current settings (tracked: resources refetch when settings change).
    pub fn client(&self) -> Client {
        let configured = self.api_base.get();
        let root = if configured.trim().is_empty() {
            self.doc_base.get_value()
        } else {
            configured
        };
        Client {
            root,
            mode: self.mode.get(),
            token: self.token.get(),
            timeout_ms: self.timeout_ms.get_value(),
            gate: Some(AuthGate {
                generation: self.generation.get(),
                refused: self.refused,
            }),
        }
    }

    /// Shows a write's result in the corner of the page (from async work: never panics).
    pub fn notify(&self, n: Notice) {
        self.changes.try_update(|c| *c += 1);
        self.notices.try_update(|v| {
            let id = v.last().map(|(i, _)| i + 1).unwrap_or(0);
            v.push((id, n));
            // A long day does not pile them up.
            if v.len() > 5 {
                v.remove(0);
            }
        });
    }

    /// Whether Zadig refused the current credentials (tracked).
    pub fn signed_out(&self) -> bool {
        self.refused.get().is_some() && self.refused.get() == Some(self.generation.get())
    }

    /// [`Ctx::signed_out`] without tracking, for timers; false once the app is gone.
    pub fn signed_out_untracked(&self) -> bool {
        self.refused.try_get_untracked().flatten().is_some()
            && self.refused.try_get_untracked().flatten() == self.generation.try_get_untracked()
    }

    /// A client for the current settings, without tracking (for event handlers and tasks).
    pub fn client_untracked(&self) -> Client {
        leptos::prelude::untrack(|| self.client())
    }

    /// A text in the current language (tracked).
    pub fn t(&self, k: T) -> &'static str {
        k.get(self.locale.get())
    }

    /// A text that follows the language, for a view: `{ctx.tr(T::Save)}`. One closure type for
    /// every text, so the wasm holds one copy of its rendering code rather than one per text.
    pub fn tr(self, k: T) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || self.t(k)
    }

    /// The router's base path.
    pub fn base(&self) -> String {
        base_path(&self.doc_base.get_value())
    }

    /// An in-app link under the deployment's base path.
    pub fn href(&self, route: &crate::routes::Route) -> String {
        href(&self.doc_base.get_value(), &route.path())
    }

    /// Keeps the token for this tab only, normalised (a token that cannot be sent is dropped:
    /// Settings says why before it gets here).
    pub fn set_token(&self, t: Option<String>) {
        let t = t.and_then(|s| token::normalise(&s).ok());
        browser::session_set(K_TOKEN, t.as_deref());
        self.token.set(t);
        self.generation.update(|g| *g += 1);
    }

    /// Saves the API base and auth mode chosen in Settings.
    pub fn set_server(&self, api_base: String, mode: AuthMode) {
        let api = api_base.trim().to_string();
        browser::local_set(K_API, if api.is_empty() { None } else { Some(&api) });
        browser::local_set(K_MODE, Some(mode.as_str()));
        self.api_base.set(api);
        self.mode.set(mode);
        self.generation.update(|g| *g += 1);
    }

    /// Starts or stops watching; whether it is watched now.
    pub fn toggle_watch(&self, w: crate::domain::watch::Watch) -> bool {
        let mut on = false;
        self.watches.update(|ws| on = ws.toggle(w));
        self.save_watches();
        on
    }

    /// Watches a task (one the person just started).
    pub fn watch(&self, w: crate::domain::watch::Watch) {
        self.watches.try_update(|ws| ws.add(w));
        self.save_watches();
    }

    /// Stops watching one task (it finished and was told).
    pub fn unwatch_task(
        &self,
        project: &str,
        workflow: &crate::api::types::WorkflowKey,
        task: crate::api::types::TaskId,
    ) {
        let w = crate::domain::watch::Watch {
            project: project.to_string(),
            workflow: workflow.clone(),
            task: Some(task),
        };
        self.watches.try_update(|ws| ws.remove(&w));
        self.save_watches();
    }

    fn save_watches(&self) {
        if let Some(json) = self.watches.try_with_untracked(|w| w.to_json()) {
            browser::local_set(K_WATCHES, Some(&json));
        }
    }

    /// Turns browser notifications for a background tab on or off.
    pub fn set_notify_pref(&self, on: bool) {
        browser::local_set(K_NOTIFY, on.then_some("on"));
        self.notify_pref.set(on);
    }

    pub fn set_locale(&self, l: Locale) {
        browser::local_set(K_LOCALE, Some(l.tag()));
        self.locale.set(l);
    }

    pub fn set_theme(&self, t: Theme) {
        browser::local_set(K_THEME, Some(t.as_str()));
        self.theme.set(t);
    }
}

/// The app context.
pub fn use_ctx() -> Ctx {
    expect_context::<Ctx>()
}
