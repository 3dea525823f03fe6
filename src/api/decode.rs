//! One decode step for what the server sends: Zadig writes `null` for empty lists, objects
//! and strings, so `null` is read as "absent" and a type with `#[serde(default)]` takes its
//! default for it. Unknown fields are ignored by serde already.

use serde::de::DeserializeOwned;
use serde_json::Value;

/// The value with every `null` object member and array element removed, at any depth.
pub fn without_nulls(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(_, x)| !x.is_null())
                .map(|(k, x)| (k, without_nulls(x)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(
            a.into_iter()
                .filter(|x| !x.is_null())
                .map(without_nulls)
                .collect(),
        ),
        other => other,
    }
}

/// Decodes `v` as `T`, reading `null` as absent.
pub fn lenient<T: DeserializeOwned>(v: Value) -> Result<T, serde_json::Error> {
    serde_json::from_value(without_nulls(v))
}

/// Decodes JSON text as `T`, reading `null` as absent.
pub fn from_text<T: DeserializeOwned>(text: &str) -> Result<T, serde_json::Error> {
    lenient(serde_json::from_str(text)?)
}

/// Decodes `v` as `T`, or `T`'s default when it does not have `T`'s shape. For definitions
/// read into forms, where a part that cannot be read offers nothing rather than failing all.
pub fn or_default<T: DeserializeOwned + Default>(v: &Value) -> T {
    lenient(v.clone()).unwrap_or_default()
}

/// A scalar as text (`3`, `true`, `"x"`; `null` is empty), for values some servers send
/// as strings and others as numbers or booleans.
pub fn scalar_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    use serde::Deserialize;
    Ok(match Value::deserialize(d)? {
        Value::String(s) => s,
        Value::Null => String::new(),
        v @ (Value::Number(_) | Value::Bool(_)) => v.to_string(),
        _ => String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(serde::Deserialize, Default, Debug, PartialEq)]
    #[serde(default)]
    struct S {
        name: String,
        list: Vec<String>,
        inner: Option<Box<S>>,
    }

    #[test]
    fn nulls_read_as_absent_at_any_depth() {
        let s: S = lenient(json!({"name": null, "list": ["a", null, "b"],
            "inner": {"name": "x", "list": null}, "extra": 1}))
        .unwrap();
        assert_eq!(s.name, "");
        assert_eq!(s.list, ["a", "b"]);
        assert_eq!(s.inner.unwrap().name, "x");
    }

    #[test]
    fn a_wrong_shape_is_an_error_or_the_default() {
        assert!(lenient::<S>(json!({"name": 3})).is_err());
        assert_eq!(or_default::<S>(&json!({"name": 3})), S::default());
        assert_eq!(or_default::<S>(&json!("text")), S::default());
    }
}
