//! What the console may learn from a Zadig token without sending it anywhere.

/// Whether a string looks like a JWT (three non-empty dot-separated base64url parts).
pub fn looks_like_token(t: &str) -> bool {
    let parts: Vec<&str> = t.trim().split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'=')
        })
}

/// Decodes base64url (padding optional).
pub fn b64url(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.trim_end_matches('=').bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return None,
        } as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// The person a token names: `(name, uid)` from its payload (the signature is not checked,
/// as aslan does not check it either).
pub fn identity(token: &str) -> Option<(String, String)> {
    if !looks_like_token(token) {
        return None;
    }
    let payload = token.trim().split('.').nth(1)?;
    let v = crate::api::json::parse(&String::from_utf8(b64url(payload)?).ok()?).ok()?;
    let name = v
        .get("name")
        .and_then(|n| n.as_str())
        .or_else(|| v.get("preferred_username").and_then(|n| n.as_str()))?;
    let uid = v.get("uid").and_then(|n| n.as_str()).unwrap_or_default();
    Some((name.to_string(), uid.to_string()))
}

/// Why a pasted token cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenProblem {
    /// Nothing but spaces and invisible characters.
    Empty,
    /// It holds `…` or `...`: copied from a display that shortened it.
    Truncated,
    /// A character an HTTP header cannot carry (outside printable ASCII).
    BadChar(char),
}

/// Invisible characters that copying from chats, documents and terminals adds.
fn invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}')
}

/// A pasted token made sendable: spaces, line breaks and invisible characters removed (a token
/// never holds them) and a leading `Bearer ` dropped; what is left must be printable ASCII.
pub fn normalise(input: &str) -> Result<String, TokenProblem> {
    let trimmed = input.trim_matches(invisible);
    let without_scheme = match trimmed.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("bearer ") => &trimmed[7..],
        _ => trimmed,
    };
    let t: String = without_scheme.chars().filter(|c| !invisible(*c)).collect();
    if t.is_empty() {
        return Err(TokenProblem::Empty);
    }
    if t.contains('…') || t.contains("...") {
        return Err(TokenProblem::Truncated);
    }
    if let Some(c) = t.chars().find(|c| !c.is_ascii_graphic()) {
        return Err(TokenProblem::BadChar(c));
    }
    Ok(t)
}

/// A character as a message shows it: invisible ones by their code point.
pub fn shown_char(c: char) -> String {
    if c.is_control() || c.is_whitespace() || invisible(c) {
        format!("U+{:04X}", c as u32)
    } else {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_tokens_are_normalised_or_refused() {
        let t = "eyJhbGciOiJIUzI1NiJ9.eyJuYW1lIjoiYWxpY2UifQ.sig";
        assert_eq!(normalise(t).as_deref(), Ok(t));
        assert_eq!(normalise(&format!("  {t}\n")).as_deref(), Ok(t));
        assert_eq!(normalise(&format!("\u{200B}{t}\u{FEFF}")).as_deref(), Ok(t));
        assert_eq!(normalise(&format!("Bearer {t}")).as_deref(), Ok(t));
        assert_eq!(
            normalise("eyJhbGci\nOiJIUzI1NiJ9.x.y").as_deref(),
            Ok("eyJhbGciOiJIUzI1NiJ9.x.y")
        );
        assert_eq!(normalise(" \u{200B} "), Err(TokenProblem::Empty));
        assert_eq!(normalise("eyJhbGci…sig"), Err(TokenProblem::Truncated));
        assert_eq!(normalise("eyJhbGci...sig"), Err(TokenProblem::Truncated));
        assert_eq!(normalise("eyJ令牌.x.y"), Err(TokenProblem::BadChar('令')));
        assert!(crate::net::header_safe(t));
    }

    #[test]
    fn reads_the_payload() {
        // {"name":"alice","uid":"u-alice"}
        let t = "eyJhbGciOiJIUzI1NiJ9.eyJuYW1lIjoiYWxpY2UiLCJ1aWQiOiJ1LWFsaWNlIn0.sig";
        assert!(looks_like_token(t));
        assert_eq!(identity(t), Some(("alice".into(), "u-alice".into())));
        assert!(!looks_like_token("not a token"));
        assert!(!looks_like_token("a..c"));
        assert_eq!(identity("a.b.c"), None);
        assert_eq!(b64url("aGk"), Some(b"hi".to_vec()));
    }
}
