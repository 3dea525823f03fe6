//! App-wide state: configuration, auth, language and theme, provided as one context.

use leptos::prelude::*;
use serde::Deserialize;

use crate::api::{AuthMode, Client};
use crate::browser;
use crate::domain::url::{base_path, href};
use crate::i18n::{Locale, T};

const K_TOKEN: &str = "zc.token";
const K_API: &str = "zc.api_base";
const K_MODE: &str = "zc.auth_mode";
const K_LOCALE: &str = "zc.locale";
const K_THEME: &str = "zc.theme";
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
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct RuntimeConfig {
    /// Another API root; empty means the document base.
    pub api_base: String,
    /// `token`, `proxy` or `embed`.
    pub auth_mode: String,
    /// Origins allowed to hand over a token in embed mode.
    pub embed_origins: Vec<String>,
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
            token: RwSignal::new(browser::session_get(K_TOKEN).filter(|t| !t.is_empty())),
            locale: RwSignal::new(locale),
            theme: RwSignal::new(Theme::parse(
                &browser::local_get(K_THEME).unwrap_or_default(),
            )),
            ready: RwSignal::new(false),
            config_failed: RwSignal::new(false),
            embed_origins: StoredValue::new(Vec::new()),
        };
        Effect::new(move |_| browser::set_root_attr("data-theme", ctx.theme.get().as_str()));
        Effect::new(move |_| browser::set_root_attr("lang", ctx.locale.get().tag()));
        ctx.load_config();
        ctx.listen_for_embed_token();
        ctx
    }

    fn load_config(self) {
        let url = crate::domain::url::api_url(&self.doc_base.get_value(), "config.json");
        leptos::task::spawn_local(async move {
            let cfg = async {
                let r = gloo_net::http::Request::get(&url).send().await.ok()?;
                if !r.ok() {
                    return None;
                }
                r.json::<RuntimeConfig>().await.ok()
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
                }
                None => self.config_failed.set(true),
            }
            self.ready.set(true);
        });
    }

    fn listen_for_embed_token(self) {
        browser::on_message(move |origin, data| {
            if self.mode.get_untracked() != AuthMode::Embed
                || !self
                    .embed_origins
                    .with_value(|o| o.iter().any(|x| x == &origin))
            {
                return;
            }
            let kind = js_sys::Reflect::get(&data, &"type".into())
                .ok()
                .and_then(|v| v.as_string());
            let token = js_sys::Reflect::get(&data, &"token".into())
                .ok()
                .and_then(|v| v.as_string());
            if kind.as_deref() == Some("zadig-console:token") {
                if let Some(t) = token.filter(|t| !t.is_empty()) {
                    self.set_token(Some(t));
                }
            }
        });
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
            timeout_ms: 30_000,
        }
    }

    /// A client for the current settings, without tracking (for event handlers and tasks).
    pub fn client_untracked(&self) -> Client {
        leptos::prelude::untrack(|| self.client())
    }

    /// A text in the current language (tracked).
    pub fn t(&self, k: T) -> &'static str {
        k.get(self.locale.get())
    }

    /// The router's base path.
    pub fn base(&self) -> String {
        base_path(&self.doc_base.get_value())
    }

    /// An in-app link under the deployment's base path.
    pub fn href(&self, route: &str) -> String {
        href(&self.doc_base.get_value(), route)
    }

    /// Keeps the token for this tab only.
    pub fn set_token(&self, t: Option<String>) {
        let t = t.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        browser::session_set(K_TOKEN, t.as_deref());
        self.token.set(t);
    }

    /// Saves the API base and auth mode chosen in Settings.
    pub fn set_server(&self, api_base: String, mode: AuthMode) {
        let api = api_base.trim().to_string();
        browser::local_set(K_API, if api.is_empty() { None } else { Some(&api) });
        browser::local_set(K_MODE, Some(mode.as_str()));
        self.api_base.set(api);
        self.mode.set(mode);
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
