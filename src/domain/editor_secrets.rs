//! Credential values in a workflow definition (`is_credential: true`) never reach the editor's
//! text or its draft: they are replaced by a placeholder when the definition is loaded, and put
//! back from the stored definition when it is saved.

use std::collections::BTreeMap;

// YAML's own tree keeps the order of keys (the definition reads as Zadig wrote it); JSON text
// parses into it too, JSON being YAML.
use serde_yaml_ng::{Mapping, Value};

use super::editor::{detect, Format};

fn parse(text: &str) -> Result<Value, ()> {
    if text.trim().is_empty() {
        return Err(());
    }
    serde_yaml_ng::from_str(text).map_err(|_| ())
}

/// What a kept credential value reads as in the editor.
pub const KEPT: &str = "<credential kept>";

/// The credential values taken out of a definition, by where they sit (the names of the
/// enclosing stage, job and service, and the variable's own key or name).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Secrets(BTreeMap<String, Vec<Value>>);

impl Secrets {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn is_credential(o: &Mapping) -> bool {
    o.get("is_credential").and_then(Value::as_bool) == Some(true)
}

/// The fields of a credential entry that carry its value.
const VALUE_FIELDS: [&str; 2] = ["value", "default"];

fn own_name(o: &Mapping) -> String {
    ["name", "key", "service_name", "service_module"]
        .iter()
        .filter_map(|k| o.get(*k).and_then(Value::as_str))
        .collect::<Vec<_>>()
        .join("/")
}

/// Visits every credential entry with its place, in document order.
fn walk(v: &mut Value, place: &str, f: &mut dyn FnMut(&str, &mut Mapping)) {
    match v {
        Value::Mapping(o) => {
            let here = format!("{place}>{}", own_name(o));
            if is_credential(o) {
                f(&here, o);
            }
            for (k, child) in o.iter_mut() {
                let k = k.as_str().unwrap_or("?");
                walk(child, &format!("{here}.{k}"), f);
            }
        }
        Value::Sequence(a) => a.iter_mut().for_each(|c| walk(c, place, f)),
        Value::Tagged(t) => walk(&mut t.value, place, f),
        _ => {}
    }
}

/// Replaces every credential value by [`KEPT`] and returns what was taken out.
pub fn take(v: &mut Value) -> Secrets {
    let mut s = Secrets::default();
    walk(v, "", &mut |place, o| {
        for field in VALUE_FIELDS {
            if let Some(val) = o.get_mut(field) {
                let kept = std::mem::replace(val, Value::String(KEPT.into()));
                s.0.entry(format!("{place}#{field}"))
                    .or_default()
                    .push(kept);
            }
        }
    });
    s
}

/// Puts kept values back wherever the text still says [`KEPT`]; a credential typed anew stays as
/// typed. Names the places whose kept value is unknown (a new entry, say).
pub fn restore(v: &mut Value, s: &Secrets) -> Result<(), Vec<String>> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut missing = Vec::new();
    walk(v, "", &mut |place, o| {
        let name = own_name(o);
        for field in VALUE_FIELDS {
            let key = format!("{place}#{field}");
            let n = seen.entry(key.clone()).or_default();
            let i = *n;
            *n += 1;
            if let Some(val) = o.get_mut(field) {
                if val.as_str() == Some(KEPT) {
                    match s.0.get(&key).and_then(|l| l.get(i)) {
                        Some(orig) => *val = orig.clone(),
                        None => missing.push(name.clone()),
                    }
                }
            }
        }
    });
    if missing.is_empty() {
        Ok(())
    } else {
        Err(missing)
    }
}

/// Whether any credential in the definition holds a value other than [`KEPT`] (typed in the
/// editor: such text must not be kept in a draft as it is).
pub fn has_typed(v: &Value) -> bool {
    let mut v = v.clone();
    let mut typed = false;
    walk(&mut v, "", &mut |_, o| {
        typed |= VALUE_FIELDS.iter().any(|f| {
            o.get(*f)
                .is_some_and(|x| x.as_str() != Some(KEPT) && x.as_str() != Some(""))
        });
    });
    typed
}

/// Writes a definition in the format the text was in.
pub fn write(v: &Value, format: Format) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(v).unwrap_or_default(),
        Format::Yaml => serde_yaml_ng::to_string(v).unwrap_or_default(),
    }
}

/// The text to show for a stored definition: credentials replaced by [`KEPT`] (the text as it
/// is when it holds none, or does not parse), and what was taken out.
pub fn mask_text(text: &str) -> (String, Secrets) {
    let Ok(mut v) = parse(text) else {
        return (text.to_string(), Secrets::default());
    };
    let s = take(&mut v);
    if s.is_empty() {
        (text.to_string(), s)
    } else {
        (write(&v, detect(text)), s)
    }
}

/// What may be kept in the browser for the text being edited: the text itself when no
/// credential holds a typed value; with credentials masked when the text parses; nothing
/// (keep the last draft) when it does not parse and may hold one.
pub fn draft_text(text: &str) -> Option<String> {
    match parse(text) {
        Ok(v) if !has_typed(&v) => Some(text.to_string()),
        Ok(mut v) => {
            take(&mut v);
            Some(write(&v, detect(text)))
        }
        Err(_) if text.contains("is_credential") => None,
        Err(_) => Some(text.to_string()),
    }
}

/// The text to send: kept credentials put back from `stored` (what was taken when the
/// definition was loaded); the text as typed when it has no [`KEPT`] value.
pub fn unmask_text(text: &str, stored: &Secrets) -> Result<String, Vec<String>> {
    if !text.contains(KEPT) {
        return Ok(text.to_string());
    }
    let Ok(mut v) = parse(text) else {
        return Ok(text.to_string());
    };
    restore(&mut v, stored)?;
    Ok(write(&v, detect(text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORED: &str = "name: wf\nparams:\n  - name: deploy_token\n    value: s3cr3t\n    is_credential: true\n  - name: branch\n    value: main\n    is_credential: false\nstages:\n  - name: Build\n    jobs:\n      - name: build\n        spec:\n          envs:\n            - key: NPM_TOKEN\n              value: npm_secret\n              is_credential: true\n";

    #[test]
    fn loaded_text_never_shows_a_credential_and_saving_puts_it_back() {
        let (shown, secrets) = mask_text(STORED);
        assert!(
            !shown.contains("s3cr3t") && !shown.contains("npm_secret"),
            "{shown}"
        );
        assert_eq!(shown.matches(KEPT).count(), 2);
        assert!(shown.contains("value: main"));
        // The person edits something else; the secrets go back where they were.
        let edited = shown.replace("value: main", "value: release");
        let sent = unmask_text(&edited, &secrets).unwrap();
        let v = parse(&sent).unwrap();
        assert_eq!(v["params"][0]["value"], "s3cr3t");
        assert_eq!(v["params"][1]["value"], "release");
        assert_eq!(
            v["stages"][0]["jobs"][0]["spec"]["envs"][0]["value"],
            "npm_secret"
        );
        // Keys keep their order: the text reads as it was stored.
        assert!(shown.starts_with("name: wf\nparams:"), "{shown}");
        // Reordering params does not mix the values up.
        let mut w = parse(&shown).unwrap();
        if let Value::Sequence(p) = &mut w["params"] {
            p.reverse();
        }
        let sent = unmask_text(&write(&w, Format::Yaml), &secrets).unwrap();
        assert_eq!(parse(&sent).unwrap()["params"][1]["value"], "s3cr3t");
        // JSON stays JSON.
        let (json, s) =
            mask_text(r#"{"name":"wf","params":[{"name":"t","value":"x","is_credential":true}]}"#);
        assert!(
            json.trim_start().starts_with('{') && !json.contains("\"x\""),
            "{json}"
        );
        assert!(unmask_text(&json, &s).unwrap().contains("\"x\""));
    }

    #[test]
    fn typed_credentials_are_sent_but_never_drafted() {
        let (shown, secrets) = mask_text(STORED);
        let typed = shown.replacen(KEPT, "new-token", 1);
        assert!(unmask_text(&typed, &secrets).unwrap().contains("new-token"));
        let draft = draft_text(&typed).unwrap();
        assert!(
            !draft.contains("new-token") && !draft.contains("s3cr3t"),
            "{draft}"
        );
        // Half-typed text that may hold a secret is not drafted at all.
        assert_eq!(
            draft_text("params:\n  - is_credential: true\n    value: [x"),
            None
        );
        assert_eq!(draft_text("name: [x").as_deref(), Some("name: [x"));
        assert_eq!(draft_text(&shown).as_deref(), Some(shown.as_str()));
    }

    #[test]
    fn a_kept_value_with_no_stored_one_is_named() {
        let text =
            "params:\n  - name: fresh\n    value: \"<credential kept>\"\n    is_credential: true\n";
        assert_eq!(
            unmask_text(text, &Secrets::default()),
            Err(vec!["fresh".to_string()])
        );
        assert_eq!(mask_text("a: [").0, "a: [");
        assert_eq!(mask_text("name: x\n").0, "name: x\n");
    }
}

/// A draft of the editor: the text, and a fingerprint of the stored definition it started from
/// (an older draft must not silently replace a newer definition).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EditDraft {
    pub v: u32,
    pub base: Option<String>,
    pub text: String,
}

impl EditDraft {
    /// Reads what the browser kept: this shape, or an earlier version's bare text. The text comes
    /// back with credentials masked (earlier versions kept them).
    pub fn decode(stored: &str) -> EditDraft {
        let d = serde_json::from_str::<EditDraft>(stored)
            .ok()
            .filter(|d| d.v == 1)
            .unwrap_or_else(|| EditDraft {
                v: 1,
                base: None,
                text: stored.to_string(),
            });
        EditDraft {
            text: mask_text(&d.text).0,
            ..d
        }
    }

    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// A short fingerprint of a text (FNV-1a, 64 bits), to tell whether a definition changed.
pub fn fingerprint(text: &str) -> String {
    let h = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{h:016x}")
}

#[cfg(test)]
mod draft_tests {
    use super::*;

    #[test]
    fn drafts_carry_their_base_and_old_ones_lose_their_secrets() {
        let d = EditDraft {
            v: 1,
            base: Some(fingerprint("a")),
            text: "name: x\n".into(),
        };
        assert_eq!(EditDraft::decode(&d.encode()), d);
        let legacy = EditDraft::decode(
            "name: x\nparams:\n  - name: t\n    value: leaked\n    is_credential: true\n",
        );
        assert_eq!(legacy.base, None);
        assert!(!legacy.text.contains("leaked") && legacy.text.contains(KEPT));
        assert_ne!(fingerprint("a"), fingerprint("b"));
        assert_eq!(fingerprint(""), "cbf29ce484222325");
    }
}
