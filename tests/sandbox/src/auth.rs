//! Zadig's gateway check (docs/zadig-contract.md §2): where the token comes from and whose it is.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use serde_json::{json, Value};

/// The caller as the token's payload names them.
#[derive(Clone, Debug, PartialEq)]
pub struct Identity {
    pub uid: String,
    pub name: String,
    pub account: String,
}

/// Why the gateway refused a request (both are 401 with an empty body).
#[derive(Debug, PartialEq)]
pub enum Denied {
    Missing,
    Malformed,
    /// Its `exp` has passed.
    Expired,
}

/// Extracts the token: `?token=` wins over the header, and the header must be exactly two
/// space-separated words (the first is not checked).
pub fn token_from(query: Option<&str>, authorization: Option<&str>) -> Result<String, Denied> {
    if let Some(q) = query {
        for pair in q.split('&') {
            if let Some(v) = pair.strip_prefix("token=") {
                if !v.is_empty() {
                    return Ok(percent_decode(v));
                }
            }
        }
    }
    match authorization {
        None => Err(Denied::Missing),
        Some(h) => {
            let parts: Vec<&str> = h.split(' ').collect();
            if parts.len() != 2 || parts[1].is_empty() {
                return Err(Denied::Malformed);
            }
            Ok(parts[1].to_string())
        }
    }
}

/// Reads `uid`, `name` and `preferred_username` from a three-segment JWT without checking the
/// signature, as aslan does after the gateway.
pub fn identity(token: &str) -> Result<Identity, Denied> {
    let segs: Vec<&str> = token.split('.').collect();
    if segs.len() != 3 || segs.iter().any(|s| s.is_empty()) {
        return Err(Denied::Malformed);
    }
    let raw = URL_SAFE_NO_PAD
        .decode(segs[1].trim_end_matches('='))
        .or_else(|_| STANDARD.decode(segs[1]))
        .map_err(|_| Denied::Malformed)?;
    let v: Value = serde_json::from_slice(&raw).map_err(|_| Denied::Malformed)?;
    let uid = v["uid"].as_str().unwrap_or_default().to_string();
    if uid.is_empty() {
        return Err(Denied::Malformed);
    }
    if v["exp"].as_i64().is_some_and(|exp| exp < now_secs()) {
        return Err(Denied::Expired);
    }
    Ok(Identity {
        uid,
        name: v["name"].as_str().unwrap_or_default().to_string(),
        account: v["preferred_username"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
    })
}

fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Builds an unsigned-looking HS256 JWT with Zadig's API-token claims.
pub fn make_token(uid: &str, name: &str, email: &str) -> String {
    make_token_until(uid, name, email, 4_102_444_800)
}

/// [`make_token`] that Zadig stops accepting `ttl_secs` from now (a portal's short-lived token).
pub fn make_expiring_token(uid: &str, name: &str, email: &str, ttl_secs: i64) -> String {
    make_token_until(uid, name, email, now_secs() + ttl_secs)
}

fn make_token_until(uid: &str, name: &str, email: &str, exp: i64) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = json!({
        "name": name, "email": email, "uid": uid, "preferred_username": name,
        "mfa_verified": false, "federated_claims": {"connector_id": "", "user_id": ""},
        "aud": "zadig", "jti": format!("sandbox-{uid}"), "exp": exp,
    });
    let payload = URL_SAFE_NO_PAD.encode(payload.to_string());
    format!("{header}.{payload}.c2FuZGJveC1zaWduYXR1cmU")
}

/// Decodes `%XX` escapes and `+` of a query value.
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => {
                let h = std::str::from_utf8(&b[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match h {
                    Some(v) => {
                        out.push(v);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_token_wins_and_header_needs_two_words() {
        assert_eq!(
            token_from(Some("a=1&token=q"), Some("Bearer h")),
            Ok("q".into())
        );
        assert_eq!(token_from(None, Some("Bearer h")), Ok("h".into()));
        assert_eq!(token_from(None, Some("h")), Err(Denied::Malformed));
        assert_eq!(token_from(None, Some("Bearer a b")), Err(Denied::Malformed));
        assert_eq!(token_from(None, None), Err(Denied::Missing));
    }

    #[test]
    fn identity_round_trips() {
        let t = make_token("u1", "alice", "a@x");
        let id = identity(&t).unwrap();
        assert_eq!(id.uid, "u1");
        assert_eq!(id.name, "alice");
        assert!(identity("a.b").is_err());
        assert!(identity("a.!!!.c").is_err());
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%20b+c%2F"), "a b c/");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
