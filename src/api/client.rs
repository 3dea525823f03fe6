//! The one place that speaks HTTP: base URL, auth, timeouts, cancellation, retries, errors.

use gloo_net::http::{Method, RequestBuilder};
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

use super::error::ApiError;
use crate::net::backoff::Policy;
use crate::net::header_safe;
use crate::net::timer::sleep;
use crate::net::url::{api_url, with_param};

/// How the console authenticates (design: Talking to Zadig).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum AuthMode {
    /// A pasted API token, sent as `Authorization: Bearer`.
    #[default]
    Token,
    /// A proxy in front of Zadig adds the header; the browser holds no token.
    Proxy,
    /// The embedding page hands the token over by `postMessage`.
    Embed,
}

impl AuthMode {
    pub fn parse(s: &str) -> AuthMode {
        match s {
            "proxy" => AuthMode::Proxy,
            "embed" => AuthMode::Embed,
            _ => AuthMode::Token,
        }
    }
    pub fn as_str(&self) -> &'static str {
        match self {
            AuthMode::Token => "token",
            AuthMode::Proxy => "proxy",
            AuthMode::Embed => "embed",
        }
    }
}

/// A snapshot of what a request needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Client {
    /// API root: an absolute URL or a path, e.g. `http://host/` or `/zadig/`.
    pub root: String,
    pub mode: AuthMode,
    pub token: Option<String>,
    /// Per-attempt time limit, headers and body together.
    pub timeout_ms: u32,
    /// Told when Zadig refuses these credentials (401), so every page stops asking.
    pub gate: Option<AuthGate>,
}

/// Where a 401 is reported: the credentials' generation and the app's "refused" slot.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AuthGate {
    /// Which credentials this client carries (the app counts every change).
    pub generation: u64,
    /// Set to the generation Zadig refused.
    pub refused: leptos::prelude::RwSignal<Option<u64>>,
}

/// GETs are retried this many times on transient failures.
pub const MAX_RETRIES: u32 = 3;

impl Client {
    /// The full URL of an API path.
    pub fn url(&self, path: &str) -> String {
        api_url(&self.root, path)
    }

    /// A URL for the browser's `EventSource`, which cannot send headers: the token goes in the
    /// query in token and embed modes only.
    pub fn stream_url(&self, path: &str) -> String {
        let url = self.url(path);
        match (&self.mode, &self.token) {
            (AuthMode::Proxy, _) | (_, None) => url,
            (_, Some(t)) => with_param(&url, "token", t),
        }
    }

    async fn attempt(
        &self,
        method: Method,
        path: &str,
        body: Option<(&str, &str)>,
    ) -> Result<(u16, String), ApiError> {
        // `Headers.set` throws on such a value: refuse before building anything.
        if self.mode != AuthMode::Proxy && self.token.as_deref().is_some_and(|t| !header_safe(t)) {
            return Err(ApiError::BadToken);
        }
        let controller = web_sys::AbortController::new().ok();
        let signal = controller.as_ref().map(|c| c.signal());
        // A read is aborted when the view that asked goes away (and then neither reported nor
        // retried). A write never is: its answer must not be lost with the dialog that sent it
        // (an Action runs its future under the component's owner).
        let gone = std::rc::Rc::new(std::cell::Cell::new(false));
        if method == Method::GET {
            let on_drop = SendWrapper::new((controller.clone(), gone.clone()));
            leptos::prelude::on_cleanup(move || {
                let (c, gone) = on_drop.take();
                gone.set(true);
                if let Some(c) = c {
                    c.abort();
                }
            });
        }
        let timed_out = std::rc::Rc::new(std::cell::Cell::new(false));
        let timer = {
            let flag = timed_out.clone();
            let c = controller.clone();
            let cb = Closure::once(move || {
                flag.set(true);
                if let Some(c) = c {
                    c.abort();
                }
            });
            let id = web_sys::window().and_then(|w| {
                w.set_timeout_with_callback_and_timeout_and_arguments_0(
                    cb.as_ref().unchecked_ref(),
                    self.timeout_ms as i32,
                )
                .ok()
            });
            (id, cb)
        };
        let mut rb = RequestBuilder::new(&self.url(path))
            .method(method)
            .header("Accept", "application/json, text/plain, */*");
        if self.mode != AuthMode::Proxy {
            if let Some(t) = &self.token {
                rb = rb.header("Authorization", &format!("Bearer {t}"));
            }
        }
        if let Some(s) = &signal {
            rb = rb.abort_signal(Some(s));
        }
        let req = match body {
            Some((ctype, text)) => rb.header("Content-Type", ctype).body(text.to_string()),
            None => rb.build(),
        }
        .map_err(|e| ApiError::Network(e.to_string()))?;
        // The time limit covers the body too: a stalled body must not block polling.
        let result = match req.send().await {
            Ok(resp) => {
                let status = resp.status();
                resp.text().await.map(|text| (status, text))
            }
            Err(e) => Err(e),
        };
        if let (Some(id), Some(w)) = (timer.0, web_sys::window()) {
            w.clear_timeout_with_handle(id);
        }
        drop(timer.1);
        match result {
            Ok(answer) => Ok(answer),
            Err(_) if gone.get() => Err(ApiError::Aborted),
            Err(_) if timed_out.get() => Err(ApiError::Timeout(self.timeout_ms.div_ceil(1000))),
            Err(e) => Err(ApiError::Network(e.to_string())),
        }
    }

    /// Sends a request and returns the body of a 2xx answer. GETs retry transient failures.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<(&str, &str)>,
    ) -> Result<String, ApiError> {
        let retries = if method == Method::GET {
            MAX_RETRIES
        } else {
            0
        };
        let mut attempt = 0;
        loop {
            let r = match self.attempt(method.clone(), path, body).await {
                Ok((s, text)) if (200..300).contains(&s) => return Ok(text),
                Ok((s, text)) => ApiError::from_response(s, &text),
                Err(e) => e,
            };
            if r == ApiError::Unauthorized {
                if let Some(g) = self.gate {
                    use leptos::prelude::Set;
                    g.refused.set(Some(g.generation));
                }
            }
            if attempt >= retries || !r.is_transient() {
                return Err(r);
            }
            sleep(Policy::RETRY.delay_ms(attempt + 1, js_sys::Math::random()) as u32).await;
            attempt += 1;
        }
    }

    /// GET and decode JSON.
    pub async fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        let text = self.send(Method::GET, path, None).await?;
        decode(&text)
    }

    /// GET and decode JSON without serde (the main module's answers: [`super::json`]).
    pub async fn get_decoded<T: super::json::FromJson>(&self, path: &str) -> Result<T, ApiError> {
        let text = self.send(Method::GET, path, None).await?;
        read(&text)
    }

    /// GET as text.
    pub async fn get_text(&self, path: &str) -> Result<String, ApiError> {
        self.send(Method::GET, path, None).await
    }

    /// A method with a JSON body; the answer is decoded.
    pub async fn send_json<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: &impl serde::Serialize,
    ) -> Result<T, ApiError> {
        let text = serde_json::to_string(body).map_err(|e| ApiError::Decode(e.to_string()))?;
        let out = self
            .send(method, path, Some(("application/json", &text)))
            .await?;
        decode(&out)
    }

    /// A method with a JSON body whose answer is `{"message":"success"}`.
    pub async fn send_json_void(
        &self,
        method: Method,
        path: &str,
        body: &impl serde::Serialize,
    ) -> Result<(), ApiError> {
        let text = serde_json::to_string(body).map_err(|e| ApiError::Decode(e.to_string()))?;
        self.send_void(method, path, Some(("application/json", &text)))
            .await
    }

    /// A call whose answer is `{"message":"success"}`.
    pub async fn send_void(
        &self,
        method: Method,
        path: &str,
        body: Option<(&str, &str)>,
    ) -> Result<(), ApiError> {
        let text = self.send(method, path, body).await?;
        check_void(&text)
    }
}

/// A 2xx answer to a call without data must look like one (`{"message":"success"}`, an empty
/// body or `null`): anything else means the answer was not Zadig's, so what happened is unknown.
pub fn check_void(text: &str) -> Result<(), ApiError> {
    let t = text.trim();
    if t.is_empty() || t == "null" {
        return Ok(());
    }
    match super::json::parse(t) {
        Ok(super::json::Json::Obj(_)) => Ok(()),
        Ok(_) => Err(ApiError::Decode("not an object".into())),
        Err(e) => Err(ApiError::Decode(e.to_string())),
    }
}

/// Decodes a 2xx JSON body without serde ([`super::json`], `null` read as absent).
pub fn read<T: super::json::FromJson>(text: &str) -> Result<T, ApiError> {
    super::json::decode(text).map_err(|e| ApiError::Decode(e.to_string()))
}

/// Decodes a 2xx JSON body (`null` read as absent: [`super::decode`]).
pub fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    super::decode::from_text(text).map_err(|e| ApiError::Decode(format!("{e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(mode: AuthMode) -> Client {
        Client {
            root: "http://h/c/".into(),
            mode,
            token: Some("a.b.c".into()),
            timeout_ms: 30_000,
            gate: None,
        }
    }

    #[test]
    fn token_goes_into_stream_urls_only_when_needed() {
        assert_eq!(
            client(AuthMode::Token).stream_url("/openapi/logs/x"),
            "http://h/c/openapi/logs/x?token=a.b.c"
        );
        assert_eq!(
            client(AuthMode::Proxy).stream_url("/openapi/logs/x"),
            "http://h/c/openapi/logs/x"
        );
        assert_eq!(
            client(AuthMode::Token).url("openapi/workflows"),
            "http://h/c/openapi/workflows"
        );
    }

    #[test]
    fn answers_without_data_must_look_like_zadigs() {
        assert_eq!(check_void(r#"{"message":"success"}"#), Ok(()));
        assert_eq!(check_void(""), Ok(()));
        assert_eq!(check_void("null"), Ok(()));
        assert!(matches!(check_void("{\"trunc"), Err(ApiError::Decode(_))));
        assert!(matches!(
            check_void("\"a string\""),
            Err(ApiError::Decode(_))
        ));
        assert!(matches!(check_void("<html>"), Err(ApiError::Decode(_))));
    }
}
