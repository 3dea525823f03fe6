//! Keeping secrets out of text the console shows or logs (panic notices, error reports).

/// What replaces a secret.
pub const MASK: &str = "•••";

/// `text` with every occurrence of each secret (the token, say) and every `token=` query value
/// replaced by [`MASK`]. Secrets shorter than four characters are not searched for: they would
/// mask ordinary words.
pub fn scrub(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_string();
    for s in secrets
        .iter()
        .map(|s| s.trim())
        .filter(|s| s.chars().count() >= 4)
    {
        out = out.replace(s, MASK);
    }
    scrub_query_tokens(&out)
}

/// Masks the value of every `token=` in a text (URLs of live logs carry it).
fn scrub_query_tokens(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("token=") {
        let (head, tail) = rest.split_at(i + "token=".len());
        out.push_str(head);
        let end = tail
            .find(|c: char| c == '&' || c == '#' || c == '"' || c == '\'' || c.is_whitespace())
            .unwrap_or(tail.len());
        if end > 0 {
            out.push_str(MASK);
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_secrets_and_query_tokens() {
        assert_eq!(
            scrub("failed with eyJ.abc.def at x", &["eyJ.abc.def"]),
            "failed with ••• at x"
        );
        assert_eq!(
            scrub("GET /openapi/logs?a=1&token=eyJ.x.y&b=2 failed", &[]),
            "GET /openapi/logs?a=1&token=•••&b=2 failed"
        );
        assert_eq!(scrub("token= and token=", &[]), "token= and token=");
        assert_eq!(scrub("abc", &["ab"]), "abc");
        assert_eq!(scrub("中文 token=密钥", &["中文令牌"]), "中文 token=•••");
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn never_panics_and_never_leaks(text in ".{0,80}", secret in "[a-zA-Z0-9.é中]{4,12}") {
            let s = scrub(&format!("{text}{secret}{text}"), &[&secret]);
            prop_assert!(!s.contains(&secret));
        }
    }
}
