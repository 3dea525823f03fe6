//! Every parser and validator in `domain/` takes any text without panicking: a panic is a dead
//! page, and these read what people paste and what servers send.

use proptest::prelude::*;

use super::*;
use crate::net::url;

/// Text with what trips byte-offset code: multi-byte and wide characters, full-width
/// punctuation, escapes, carriage returns, control and invisible characters, URL pieces.
fn odd_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "\\PC{0,6}",
        Just("：".to_string()),
        Just("https：//".to_string()),
        Just("http://".to_string()),
        Just("\u{1b}[31m".to_string()),
        Just("\u{1b}[1m".to_string()),
        Just("\u{1b}[38;2;1;2;3m".to_string()),
        Just("\u{1b}]8;;".to_string()),
        Just("\r".to_string()),
        Just("\n".to_string()),
        Just("\u{200B}".to_string()),
        Just("%E4%B8".to_string()),
        Just("%".to_string()),
        Just("#L".to_string()),
        Just("-L".to_string()),
        Just("中文".to_string()),
        Just("👩‍👩‍👧".to_string()),
        Just("…".to_string()),
        Just("{\"a\":".to_string()),
        Just("- a: [".to_string()),
        Just("\t".to_string()),
        Just("\u{0}".to_string()),
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn embedding_code_takes_any_text(s in odd_text(), t in odd_text()) {
        if let Ok(o) = embed::normalise_origin(&s) {
            // Normalising is idempotent: a normalised origin matches itself.
            prop_assert_eq!(embed::normalise_origin(&o), Ok(o.clone()));
        }
        let origins = embed::Origins::from_config(&[s.clone(), t.clone()]);
        let _ = origins.allows(&t);
        let _ = embed::route_of(&s);
        let _ = crate::routes::Route::parse(&s).and_then(|r| r.title());
        let scope = embed::Scope { project: t.clone(), workflow: Some(s.as_str().into()) };
        let _ = scope.contains(&s);
        let _ = scope.root();
        let v = serde_json::json!({"type": format!("zadig-console:{s}"), "token": t, "route": s,
            "scope": {"project": t, "workflow": s}, "ui": {"height": s}});
        let _ = embed::parse(&v);
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&s) {
            let _ = embed::parse(&v);
        }
    }

    #[test]
    fn url_code_takes_any_text(s in odd_text(), t in odd_text()) {
        let _ = url::check_api_base(&s);
        let _ = url::safe_return(&s);
        let _ = url::dec(&s);
        prop_assert_eq!(url::dec(&url::enc(&s)), s.clone());
        let _ = url::parse_query(&s);
        let _ = url::base_path(&s);
        let _ = url::href(&s, &t);
        let _ = url::api_url(&s, &t);
        let _ = url::with_param(&s, "token", &t);
    }

    #[test]
    fn token_code_takes_any_text(s in odd_text()) {
        let _ = token::looks_like_token(&s);
        let _ = token::b64url(&s);
        let _ = token::identity(&s);
        if let Ok(t) = token::normalise(&s) {
            prop_assert!(crate::net::header_safe(&t));
        }
        let _ = secret::scrub(&s, &[&s]);
    }

    #[test]
    fn log_code_takes_any_text(s in odd_text(), needle in odd_text(), cols in 0usize..200, a in 0usize..64, b in 0usize..64) {
        let (line, _) = log::ansi::parse_line(&s, Default::default());
        let segs = log::render::segments(&line);
        prop_assert_eq!(segs.iter().map(|g| g.text.as_str()).collect::<String>(), line.text.clone());
        let _ = log::render::find_links(&s);
        let _ = log::render::display_width(&s);
        let _ = log::render::wrapped_rows(&s, cols);
        let _ = log::render::parse_hash(&s);
        let _ = log::ansi::plain(&s);
        let mut asm = log::zadig::Assembler::new();
        for piece in s.split('\n') {
            let _ = asm.push(piece);
        }
        let _ = log::zadig::split_complete(&s);
        let mut store = log::store::LogStore::new();
        store.extend(log::zadig::split_complete(&s));
        for i in 0..store.len() {
            let _ = store.styled(i);
        }
        let found = log::search::plain(s.lines().map(std::borrow::Cow::Borrowed), &needle, false);
        prop_assert!(found.hits.len() <= found.total);
        // Offsets that belong to another version of the line (stale hits) never split a character.
        let pieces = log::search::split_marks(&line.text, 0, &[(a.min(b), a.max(b))]);
        prop_assert_eq!(pieces.iter().map(|(t, _)| t.as_str()).collect::<String>(), line.text.clone());
        let _ = log::search::utf16_to_byte(&s, a);
    }

    #[test]
    fn form_code_takes_any_text(s in odd_text(), t in odd_text()) {
        let _ = editor::detect(&s);
        let _ = editor::parse(&s);
        let _ = editor::check(&s, &editor::Target::Create { project: t.clone() });
        let _ = editor::check(&s, &editor::Target::Update { project: t.clone(), key: t.as_str().into() });
        let _ = editor::offset_of(&s, s.len() % 7, t.len() % 9);
        let _ = views::check_name(&s, std::slice::from_ref(&t));
        let _ = workflows::Sort::parse(&s);
        let _ = tasks::parse_category(&s);
        let _ = status::Status::parse(&s);
        let _ = ticket::local_to_unix(&s, 480);
        let _ = run::split_list(&s);
        let _ = run::parse_numbers(&s);
        let _ = run::is_form_key(&s);
        let _ = text::clamp(&s, t.len(), 3);
    }

    #[test]
    fn the_run_form_takes_any_values(pairs in proptest::collection::vec((odd_text(), odd_text()), 0..8), v in odd_text()) {
        let fixture: String = include_str!("../../tests/fixtures/seed/responses/workflow_detail.json")
            .lines()
            .filter(|l| !l.starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let detail: crate::api::types::WorkflowDetail = serde_json::from_str(&fixture).expect("fixture");
        prop_assert!(!detail.stages.is_empty());
        let schema = run::RunSchema::new(run::SchemaInput { detail: &detail, registries: None, envs: None });
        let mut values = run::Values::new();
        for f in schema.fields() {
            values.insert(f.key.clone(), v.clone());
        }
        let _ = schema.build(&values, false);
        let (from_link, _) = schema.from_query(&pairs);
        let _ = schema.build(&from_link, true);
        let _ = schema.to_query(&from_link);
    }
}
