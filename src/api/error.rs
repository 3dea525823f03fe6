//! One error type for every way a Zadig call can fail (docs/zadig-contract.md §3, §2.1).

use super::json::Json;

/// What went wrong with a request, with what the person needs to act on it.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// 401: no token, a malformed header, or a revoked/expired token (empty body).
    #[error("unauthorized")]
    Unauthorized,
    /// 403: no permission (empty body), or MFA required (`reason`).
    #[error("forbidden")]
    Forbidden { reason: Option<String> },
    /// 404 (aslan answers `Invalid path: …` as text).
    #[error("not found: {detail}")]
    NotFound { detail: String },
    /// A bind failure: 400 with an empty body.
    #[error("bad request")]
    BadRequest,
    /// A Zadig `HTTPError`: `{type,message,code,description,extra}`.
    #[error("{code} {message}: {description}")]
    Zadig {
        status: u16,
        code: i64,
        message: String,
        description: String,
    },
    /// Any other Go error: plain 500 `{message,code,description}` without `type`.
    #[error("{message}{description}")]
    Internal {
        status: u16,
        message: String,
        description: String,
    },
    /// Some other status with a body Zadig never sends (a proxy page, say).
    #[error("HTTP {status}")]
    Http { status: u16, body: String },
    /// The request never got an answer (offline, DNS, connection reset, CORS).
    #[error("network error: {0}")]
    Network(String),
    /// No answer within the time limit.
    #[error("timed out after {0} s")]
    Timeout(u32),
    /// The view that asked went away and the request was aborted: nobody is left to tell, and
    /// it is never retried.
    #[error("aborted")]
    Aborted,
    /// The token holds characters an HTTP header cannot carry; nothing was sent.
    #[error("token cannot be sent")]
    BadToken,
    /// A 2xx answer whose body is not what the endpoint returns.
    #[error("undecodable response: {0}")]
    Decode(String),
}

impl ApiError {
    /// Maps a non-2xx answer by status and body.
    pub fn from_response(status: u16, body: &str) -> ApiError {
        let trimmed = body.trim();
        let json: Option<Json> = if trimmed.starts_with('{') {
            super::json::parse(trimmed).ok()
        } else {
            None
        };
        if let Some(v) = &json {
            // An integer as written (`400`, not `400.0` or `"400"`).
            let code = match v.member("code") {
                Some(Json::Num(n)) => n.parse::<i64>().ok(),
                _ => None,
            };
            let text = |k: &str| {
                v.get(k)
                    .and_then(Json::as_str)
                    .unwrap_or_default()
                    .to_string()
            };
            let (message, description) = (text("message"), text("description"));
            if v.get("type").and_then(Json::as_str) == Some("error") {
                return ApiError::Zadig {
                    status,
                    code: code.unwrap_or(status as i64),
                    message,
                    description,
                };
            }
            if status == 403 {
                if let Some(r) = v.get("reason").and_then(Json::as_str) {
                    return ApiError::Forbidden {
                        reason: Some(r.to_string()),
                    };
                }
            }
            if code.is_some()
                && (v.member("message").is_some() || v.member("description").is_some())
            {
                return ApiError::Internal {
                    status,
                    message,
                    description,
                };
            }
        }
        match status {
            401 => ApiError::Unauthorized,
            403 => ApiError::Forbidden { reason: None },
            404 => ApiError::NotFound {
                detail: trimmed.chars().take(200).collect(),
            },
            400 if trimmed.is_empty() => ApiError::BadRequest,
            _ => ApiError::Http {
                status,
                body: trimmed.chars().take(500).collect(),
            },
        }
    }

    /// The Zadig error code, where there is one.
    pub fn code(&self) -> Option<i64> {
        match self {
            ApiError::Zadig { code, .. } => Some(*code),
            ApiError::Internal { status, .. } => Some(*status as i64),
            _ => None,
        }
    }

    /// The HTTP status, where there was an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Unauthorized => Some(401),
            ApiError::Forbidden { .. } => Some(403),
            ApiError::NotFound { .. } => Some(404),
            ApiError::BadRequest => Some(400),
            ApiError::Zadig { status, .. }
            | ApiError::Internal { status, .. }
            | ApiError::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// For a write: whether the request may have been carried out although no usable answer came
    /// (a lost connection, a timeout, a gateway that gave up, a 2xx body that cannot be read).
    pub fn outcome_unknown(&self) -> bool {
        match self {
            ApiError::Network(_) | ApiError::Timeout(_) | ApiError::Decode(_) => true,
            ApiError::Http { status, .. } => matches!(status, 502 | 504),
            _ => false,
        }
    }

    /// Whether asking again may help (GETs retry these with backoff).
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::Network(_) | ApiError::Timeout(_) => true,
            ApiError::Http { status, .. } => matches!(status, 502..=504),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_every_zadig_error_shape() {
        assert_eq!(ApiError::from_response(401, ""), ApiError::Unauthorized);
        assert_eq!(
            ApiError::from_response(403, ""),
            ApiError::Forbidden { reason: None }
        );
        assert_eq!(
            ApiError::from_response(403, r#"{"reason":"mfa_verification_required"}"#),
            ApiError::Forbidden {
                reason: Some("mfa_verification_required".into())
            }
        );
        assert_eq!(ApiError::from_response(400, ""), ApiError::BadRequest);
        let biz = ApiError::from_response(
            400,
            r#"{"code":6163,"description":"task: build-images:20 is passed, cannot cancel","extra":{},"message":"Cancel workflow task failed","type":"error"}"#,
        );
        assert_eq!(biz.code(), Some(6163));
        assert!(
            matches!(&biz, ApiError::Zadig { description, .. } if description.contains("cannot cancel"))
        );
        let plain = ApiError::from_response(
            500,
            r#"{"code":500,"description":"mongo: no documents in result","message":"Internal Error: "}"#,
        );
        assert_eq!(
            plain,
            ApiError::Internal {
                status: 500,
                message: "Internal Error: ".into(),
                description: "mongo: no documents in result".into()
            }
        );
        assert_eq!(
            ApiError::from_response(404, "Invalid path: /x"),
            ApiError::NotFound {
                detail: "Invalid path: /x".into()
            }
        );
        let html = ApiError::from_response(502, "<html>bad gateway</html>");
        assert!(matches!(html, ApiError::Http { status: 502, .. }));
        assert!(html.is_transient());
        assert!(!biz.is_transient());
        assert!(matches!(
            ApiError::from_response(500, "{\"trunc"),
            ApiError::Http { status: 500, .. }
        ));
    }
}
