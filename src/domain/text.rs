//! Text the person sees or types: long untrusted text (job errors, descriptions, server messages)
//! kept to a readable size, and confirmations typed before dangerous actions.

/// When `text` is longer than `max_chars` characters or `max_lines` lines, the part to show
/// first (cut at a character boundary, never inside one) and how many characters are hidden.
pub fn clamp(text: &str, max_chars: usize, max_lines: usize) -> Option<(&str, usize)> {
    let mut end = text.len();
    let mut lines = 1;
    for (n, (i, c)) in text.char_indices().enumerate() {
        if n == max_chars {
            end = i;
            break;
        }
        if c == '\n' {
            lines += 1;
            if lines > max_lines {
                end = i;
                break;
            }
        }
    }
    (end < text.len()).then(|| (&text[..end], text[end..].chars().count()))
}

/// Lower case for matching what was typed against names. In the browser the browser's own
/// `toLowerCase` does it, so the wasm carries no Unicode case tables (7 KB gzip); ASCII, the
/// usual case, never leaves the wasm.
pub fn lower(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    #[cfg(target_arch = "wasm32")]
    {
        String::from(js_sys::JsString::from(s).to_lower_case())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        s.to_lowercase()
    }
}

/// Whether what was typed to confirm a dangerous action is the expected word: surrounding spaces
/// are forgiven (a paste often brings them), nothing else; an empty word is never confirmed.
pub fn typed_matches(typed: &str, expected: &str) -> bool {
    !expected.is_empty() && typed.trim() == expected
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_case_for_matching_covers_more_than_ascii() {
        assert_eq!(lower("Deploy-PROD"), "deploy-prod");
        assert_eq!(lower("ÄÖÜ Σ 发布"), "äöü σ 发布");
    }

    #[test]
    fn confirmations_must_be_typed_exactly() {
        assert!(typed_matches("build-deploy", "build-deploy"));
        assert!(typed_matches("  build-deploy\n", "build-deploy"));
        assert!(!typed_matches("Build-Deploy", "build-deploy"));
        assert!(!typed_matches("build-deplo", "build-deploy"));
        assert!(!typed_matches("build-deploy2", "build-deploy"));
        assert!(!typed_matches("", ""));
    }

    #[test]
    fn clamps_by_characters_and_lines() {
        assert_eq!(clamp("short", 10, 3), None);
        assert_eq!(clamp("abcdef", 4, 3), Some(("abcd", 2)));
        assert_eq!(clamp("中文字符", 2, 3), Some(("中文", 2)));
        assert_eq!(clamp("a\nb\nc\nd", 100, 2), Some(("a\nb", 4)));
        assert_eq!(clamp("", 0, 0), None);
        let long = "é".repeat(3000);
        let (head, rest) = clamp(&long, 600, 12).unwrap();
        assert_eq!((head.chars().count(), rest), (600, 2400));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod props {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_text_clamps_at_a_boundary(s in "\\PC{0,200}", n in 0usize..50, l in 0usize..5) {
            if let Some((head, rest)) = super::clamp(&s, n, l) {
                prop_assert!(s.starts_with(head));
                prop_assert_eq!(head.chars().count() + rest, s.chars().count());
            }
        }
    }
}
