//! The main module's JSON: a small reader and the decoding of the answers the landing screens
//! need (projects, workflows, views, the latest task) and of config.json, error bodies and
//! tokens. The other screens decode through serde in their chunks ([`super::decode`]); serde's
//! derived decoders and serde_json cost the main module about 45 KB gzip, this about 4.
//!
//! It reads answers the way [`super::decode`] does: `null` is absent (members and list
//! elements alike), a missing member takes its default, unknown members are ignored, integers
//! also come as numeric strings, and a member of the wrong kind (a number for a name, an
//! object for a list) is an error naming where it is, rather than a silently empty screen.

use std::fmt;

/// A JSON value. Numbers keep their text: the console reads integers only.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

/// Why a text is not JSON or not the shape asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsonError {
    /// Not JSON: the 1-based line and column (in characters) where reading stopped.
    Syntax { line: usize, column: usize },
    /// JSON, but `at` (a path such as `workflows[3].workflow_name`) is not what was expected.
    Shape { at: String, expected: &'static str },
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonError::Syntax { line, column } => {
                write!(f, "not JSON at line {line} column {column}")
            }
            JsonError::Shape { at, expected } if at.is_empty() => write!(f, "expected {expected}"),
            JsonError::Shape { at, expected } => write!(f, "{at}: expected {expected}"),
        }
    }
}

/// Nesting deeper than this is refused (as serde_json does), so hostile input cannot exhaust
/// the stack.
const MAX_DEPTH: usize = 128;

/// Reads a whole JSON text (surrounding whitespace allowed).
pub fn parse(text: &str) -> Result<Json, JsonError> {
    let mut r = Reader {
        s: text.as_bytes(),
        text,
        i: 0,
    };
    let v = r.value(0)?;
    r.ws();
    if r.i != r.s.len() {
        return Err(r.error());
    }
    Ok(v)
}

struct Reader<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
}

impl Reader<'_> {
    fn error(&self) -> JsonError {
        // `i` may sit inside a character: count what lies before it.
        let mut end = self.i.min(self.s.len());
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let before = &self.text[..end];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        JsonError::Syntax { line, column }
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.i) {
            self.i += 1;
        }
    }

    fn eat(&mut self, word: &str) -> Result<(), JsonError> {
        if self.s[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(())
        } else {
            Err(self.error())
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error());
        }
        self.ws();
        match self.s.get(self.i) {
            Some(b'n') => self.eat("null").map(|_| Json::Null),
            Some(b't') => self.eat("true").map(|_| Json::Bool(true)),
            Some(b'f') => self.eat("false").map(|_| Json::Bool(false)),
            Some(b'"') => self.string().map(Json::Str),
            Some(b'[') => {
                self.i += 1;
                let mut out = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b']') {
                    self.i += 1;
                    return Ok(Json::Arr(out));
                }
                loop {
                    out.push(self.value(depth + 1)?);
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(Json::Arr(out));
                        }
                        _ => return Err(self.error()),
                    }
                }
            }
            Some(b'{') => {
                self.i += 1;
                let mut out = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b'}') {
                    self.i += 1;
                    return Ok(Json::Obj(out));
                }
                loop {
                    self.ws();
                    if self.s.get(self.i) != Some(&b'"') {
                        return Err(self.error());
                    }
                    let key = self.string()?;
                    self.ws();
                    self.eat(":")?;
                    let v = self.value(depth + 1)?;
                    out.push((key, v));
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(Json::Obj(out));
                        }
                        _ => return Err(self.error()),
                    }
                }
            }
            Some(b'-' | b'0'..=b'9') => self.number().map(Json::Num),
            _ => Err(self.error()),
        }
    }

    /// A number as JSON spells it: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    fn number(&mut self) -> Result<String, JsonError> {
        let start = self.i;
        let digits = |r: &mut Self| {
            let from = r.i;
            while let Some(b'0'..=b'9') = r.s.get(r.i) {
                r.i += 1;
            }
            r.i > from
        };
        if self.s.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        match self.s.get(self.i) {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                digits(self);
            }
            _ => return Err(self.error()),
        }
        if self.s.get(self.i) == Some(&b'.') {
            self.i += 1;
            if !digits(self) {
                return Err(self.error());
            }
        }
        if let Some(b'e' | b'E') = self.s.get(self.i) {
            self.i += 1;
            if let Some(b'+' | b'-') = self.s.get(self.i) {
                self.i += 1;
            }
            if !digits(self) {
                return Err(self.error());
            }
        }
        Ok(self.text[start..self.i].to_string())
    }

    /// A string after its opening quote has been seen; escapes decoded. The text between
    /// escapes is copied whole: the input is UTF-8 and the reader stops only at ASCII bytes.
    fn string(&mut self) -> Result<String, JsonError> {
        self.i += 1;
        let mut out = String::new();
        let mut run = self.i;
        loop {
            match self.s.get(self.i) {
                None => return Err(self.error()),
                Some(b'"') => {
                    out.push_str(&self.text[run..self.i]);
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(&self.text[run..self.i]);
                    self.i += 1;
                    let c = match self.s.get(self.i) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.i += 1;
                            let hi = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&hi)
                                && self.s[self.i..].starts_with(b"\\u")
                            {
                                let back = self.i;
                                self.i += 2;
                                let lo = self.hex4()?;
                                if (0xDC00..0xE000).contains(&lo) {
                                    char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                                } else {
                                    // Not a pair: this one is lone, the next is read again.
                                    self.i = back;
                                    None
                                }
                            } else {
                                char::from_u32(hi)
                            };
                            // A lone surrogate reads as U+FFFD (the browser's JSON.parse keeps
                            // it; Rust text cannot hold it).
                            out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
                            run = self.i;
                            continue;
                        }
                        _ => return Err(self.error()),
                    };
                    out.push(c);
                    self.i += 1;
                    run = self.i;
                }
                Some(0..=0x1f) => return Err(self.error()),
                Some(_) => self.i += 1,
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut n = 0u32;
        for _ in 0..4 {
            let d = match self.s.get(self.i) {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return Err(self.error()),
            };
            n = n * 16 + d as u32;
            self.i += 1;
        }
        Ok(n)
    }
}

/// An exponent's digits, saturated far beyond any that changes an `i64`.
fn exponent(s: &str) -> Option<i64> {
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = digits
        .bytes()
        .fold(0i64, |n, b| (n * 10 + (b - b'0') as i64).min(1 << 20));
    Some(if neg { -n } else { n })
}

/// The integer a JSON number's text stands for, truncated toward zero and saturated at the
/// bounds of `i64` (as `f64 as i64` does): `"1.5e3"` is 1500, `"2.9"` is 2, `"1e-5"` is 0.
pub fn integer(num: &str) -> Option<i64> {
    let (neg, rest) = match num.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, num.strip_prefix('+').unwrap_or(num)),
    };
    let (mantissa, exp) = match rest.find(['e', 'E']) {
        Some(k) => (&rest[..k], exponent(&rest[k + 1..])?),
        None => (rest, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.is_empty() && frac.is_empty()
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    // The digits and where the decimal point sits among them.
    let digits = int.bytes().chain(frac.bytes()).map(|b| (b - b'0') as i128);
    let point = int.len() as i64 + exp;
    let mut v: i128 = 0;
    for (k, d) in digits.enumerate() {
        if k as i64 >= point {
            break;
        }
        v = (v * 10 + d).min(i64::MAX as i128 + 1);
    }
    let total = (int.len() + frac.len()) as i64;
    let mut zeros = point - total;
    while zeros > 0 && v != 0 && v <= i64::MAX as i128 {
        v *= 10;
        zeros -= 1;
    }
    let v = if neg { -v } else { v };
    Some(v.clamp(i64::MIN as i128, i64::MAX as i128) as i64)
}

impl Json {
    /// A member of an object (the last of that name, as serde_json keeps); `null` is absent.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(_) => self.member(key).filter(|v| **v != Json::Null),
            _ => None,
        }
    }

    /// A member of an object as written, `null` included.
    pub fn member(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(m) => m.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    /// An integer: a number, or a string holding one.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Json::Num(n) => integer(n),
            Json::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
}

/// Where in an answer decoding is, for the error that names it.
#[derive(Clone, Copy)]
pub struct At<'a> {
    v: &'a Json,
    path: &'a dyn Fn() -> String,
}

/// Something decoded from JSON the way the client reads answers.
pub trait FromJson: Sized {
    fn from_json(at: At<'_>) -> Result<Self, JsonError>;
}

/// Decodes a whole JSON text as `T`.
pub fn decode<T: FromJson>(text: &str) -> Result<T, JsonError> {
    let v = parse(text)?;
    T::from_json(At {
        v: &v,
        path: &String::new,
    })
}

impl<'a> At<'a> {
    pub fn value(&self) -> &'a Json {
        self.v
    }

    fn shape<T>(&self, expected: &'static str) -> Result<T, JsonError> {
        Err(JsonError::Shape {
            at: (self.path)(),
            expected,
        })
    }

    /// This value must be an object (or `null`, read as an empty one).
    pub fn object(&self) -> Result<(), JsonError> {
        match self.v {
            Json::Obj(_) | Json::Null => Ok(()),
            _ => self.shape("an object"),
        }
    }

    /// Decodes member `key` (absent or `null`: `T`'s default).
    pub fn field<T: FromJson + Default>(&self, key: &str) -> Result<T, JsonError> {
        self.field_of(&[key])
    }

    /// Decodes the first of `keys` present (other names servers use for the same member).
    pub fn field_of<T: FromJson + Default>(&self, keys: &[&str]) -> Result<T, JsonError> {
        for key in keys {
            if let Some(v) = self.v.get(key) {
                let path = || {
                    let p = (self.path)();
                    if p.is_empty() {
                        key.to_string()
                    } else {
                        format!("{p}.{key}")
                    }
                };
                return T::from_json(At { v, path: &path });
            }
        }
        Ok(T::default())
    }

    /// An integer member: a number or numeric string; anything else reads as 0.
    pub fn int(&self, key: &str) -> i64 {
        self.v.get(key).and_then(Json::as_int).unwrap_or(0)
    }

    /// A list's elements, `null` ones left out (`null` or absent: none).
    pub fn list<T: FromJson>(&self) -> Result<Vec<T>, JsonError> {
        match self.v {
            Json::Null => Ok(Vec::new()),
            Json::Arr(items) => items
                .iter()
                .enumerate()
                .filter(|(_, v)| **v != Json::Null)
                .map(|(k, v)| {
                    let path = || format!("{}[{k}]", (self.path)());
                    T::from_json(At { v, path: &path })
                })
                .collect(),
            _ => self.shape("a list"),
        }
    }
}

impl FromJson for String {
    fn from_json(at: At<'_>) -> Result<Self, JsonError> {
        match at.v {
            Json::Str(s) => Ok(s.clone()),
            Json::Null => Ok(String::new()),
            _ => at.shape("text"),
        }
    }
}

impl FromJson for bool {
    fn from_json(at: At<'_>) -> Result<Self, JsonError> {
        match at.v {
            Json::Bool(b) => Ok(*b),
            Json::Null => Ok(false),
            _ => at.shape("true or false"),
        }
    }
}

impl FromJson for u32 {
    fn from_json(at: At<'_>) -> Result<Self, JsonError> {
        match at.v {
            Json::Num(n) => match integer(n).map(u32::try_from) {
                Some(Ok(n)) => Ok(n),
                _ => at.shape("a whole number"),
            },
            Json::Null => Ok(0),
            _ => at.shape("a whole number"),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(at: At<'_>) -> Result<Self, JsonError> {
        at.list()
    }
}

/// A JSON string literal for `s` (quotes and escapes added).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A JSON list of strings.
pub fn string_list<S: AsRef<str>>(items: &[S]) -> String {
    let parts: Vec<String> = items.iter().map(|s| quote(s.as_ref())).collect();
    format!("[{}]", parts.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq)]
    struct S {
        name: String,
        n: i64,
        list: Vec<String>,
        inner: Vec<S>,
    }

    impl FromJson for S {
        fn from_json(at: At<'_>) -> Result<Self, JsonError> {
            at.object()?;
            Ok(S {
                name: at.field_of(&["name", "alias"])?,
                n: at.int("n"),
                list: at.field("list")?,
                inner: at.field("inner")?,
            })
        }
    }

    #[test]
    fn reads_what_json_spells() {
        assert_eq!(parse(" null ").unwrap(), Json::Null);
        assert_eq!(
            parse(r#"{"a":[1,-2.5e3,true,false,"x"],"b":{}}"#).unwrap(),
            Json::Obj(vec![
                (
                    "a".into(),
                    Json::Arr(vec![
                        Json::Num("1".into()),
                        Json::Num("-2.5e3".into()),
                        Json::Bool(true),
                        Json::Bool(false),
                        Json::Str("x".into()),
                    ])
                ),
                ("b".into(), Json::Obj(vec![])),
            ])
        );
    }

    #[test]
    fn decodes_escapes_and_keeps_other_text_whole() {
        let v = parse(r#""a\"\\\/\b\f\n\r\t\u00e9\u4e2d\ud83d\ude00 é 中 😀""#).unwrap();
        assert_eq!(v.as_str(), Some("a\"\\/\u{8}\u{c}\n\r\té中😀 é 中 😀"));
        // Lone surrogates cannot be Rust text: each reads as U+FFFD.
        assert_eq!(
            parse(r#""\ud83d x \ude00 \ud83d\u0041""#).unwrap().as_str(),
            Some("\u{FFFD} x \u{FFFD} \u{FFFD}A")
        );
    }

    #[test]
    fn refuses_what_is_not_json_and_says_where() {
        for bad in [
            "",
            "nul",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "{a:1}",
            "01",
            "1.",
            "-",
            "1e",
            "\"\\x\"",
            "\"a",
            "\"tab\there\"",
            "[1] x",
            "{\"a\":1,}",
            "\"\\u12\"",
            "'a'",
            "NaN",
        ] {
            assert!(
                matches!(parse(bad), Err(JsonError::Syntax { .. })),
                "{bad:?} read as JSON"
            );
        }
        assert_eq!(
            parse("{\n  \"中\": x}"),
            Err(JsonError::Syntax { line: 2, column: 8 })
        );
        assert_eq!(
            JsonError::Syntax { line: 2, column: 8 }.to_string(),
            "not JSON at line 2 column 8"
        );
    }

    #[test]
    fn deep_nesting_is_refused_not_a_crash() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        assert!(parse(&deep).is_err());
        let ok = "[".repeat(100) + &"]".repeat(100);
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn integers_truncate_and_saturate_like_a_float_cast() {
        for (text, n) in [
            ("0", 0),
            ("-0", 0),
            ("42", 42),
            ("-42", -42),
            ("2.9", 2),
            ("-2.9", -2),
            ("1.5e3", 1500),
            ("15E-1", 1),
            ("1e-5", 0),
            ("123456789012", 123_456_789_012),
            ("9223372036854775807", i64::MAX),
            ("9223372036854775808", i64::MAX),
            ("-9223372036854775808", i64::MIN),
            ("1e400", i64::MAX),
            ("-1e400", i64::MIN),
            ("0e999999", 0),
            ("0.000001e6", 1),
            ("1e99999999999999999999", i64::MAX),
            ("1e-99999999999999999999", 0),
        ] {
            assert_eq!(integer(text), Some(n), "{text}");
            assert_eq!(
                integer(text),
                Some(text.parse::<f64>().unwrap() as i64),
                "{text} as a float cast"
            );
        }
        assert_eq!(integer("x"), None);
        assert_eq!(integer(""), None);
    }

    #[test]
    fn null_is_absent_and_numbers_may_be_strings() {
        let s: S = decode(
            r#"{"name":null,"n":"17","list":["a",null,"b"],"inner":[{"alias":"x","n":3.0,"list":null},null],"extra":{"deep":[1]}}"#,
        )
        .unwrap();
        assert_eq!(
            s,
            S {
                name: String::new(),
                n: 17,
                list: vec!["a".into(), "b".into()],
                inner: vec![S {
                    name: "x".into(),
                    n: 3,
                    ..S::default()
                }],
            }
        );
        let s: S = decode(r#"{"n":true}"#).unwrap();
        assert_eq!(s.n, 0, "a member that is no integer reads as 0");
        // The last of a repeated member counts, as in serde_json.
        let s: S = decode(r#"{"name":"a","name":"b"}"#).unwrap();
        assert_eq!(s.name, "b");
    }

    #[test]
    fn a_member_of_the_wrong_kind_is_an_error_that_says_where() {
        assert_eq!(
            decode::<S>(r#"{"inner":[{},{"list":["a",3]}]}"#),
            Err(JsonError::Shape {
                at: "inner[1].list[1]".into(),
                expected: "text"
            })
        );
        assert_eq!(
            decode::<S>(r#"{"list":{}}"#).unwrap_err().to_string(),
            "list: expected a list"
        );
        assert_eq!(
            decode::<S>("[]").unwrap_err().to_string(),
            "expected an object"
        );
    }

    /// serde_json's reading of a text, in this reader's terms.
    #[cfg(not(target_arch = "wasm32"))]
    fn from_serde(v: &serde_json::Value) -> Json {
        use serde_json::Value as V;
        match v {
            V::Null => Json::Null,
            V::Bool(b) => Json::Bool(*b),
            V::Number(n) => Json::Num(n.to_string()),
            V::String(s) => Json::Str(s.clone()),
            V::Array(a) => Json::Arr(a.iter().map(from_serde).collect()),
            V::Object(m) => Json::Obj(m.iter().map(|(k, v)| (k.clone(), from_serde(v))).collect()),
        }
    }

    /// Numbers compared by what they stand for (to 12 digits: serde_json's default float reading
    /// may be a unit in the last place off), objects as serde_json keeps them (sorted, the
    /// last of a repeated key).
    #[cfg(not(target_arch = "wasm32"))]
    fn canonical(v: &Json) -> Json {
        match v {
            Json::Num(n) => Json::Num(format!("{:.12e}", n.parse::<f64>().unwrap())),
            Json::Arr(a) => Json::Arr(a.iter().map(canonical).collect()),
            Json::Obj(m) => {
                let mut out: Vec<(String, Json)> = Vec::new();
                for (k, v) in m {
                    out.retain(|(k2, _)| k2 != k);
                    out.push((k.clone(), canonical(v)));
                }
                out.sort_by(|a, b| a.0.cmp(&b.0));
                Json::Obj(out)
            }
            other => other.clone(),
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod against_serde_json {
        use super::*;
        use proptest::prelude::*;

        fn json_text() -> impl Strategy<Value = String> {
            let leaf = prop_oneof![
                Just("null".to_string()),
                any::<bool>().prop_map(|b| b.to_string()),
                any::<i64>().prop_map(|n| n.to_string()),
                (-1e6f64..1e6).prop_map(|f| format!("{f:e}")),
                any::<String>().prop_map(|s| serde_json::to_string(&s).unwrap()),
                "[ \\\\\\\\\"a-z/bfnrtu0-9]{0,12}".prop_map(|s| format!("\"{s}\"")),
            ];
            leaf.prop_recursive(4, 40, 6, |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..6)
                        .prop_map(|v| format!("[{}]", v.join(" , "))),
                    prop::collection::vec(("[a-c]{1,2}", inner), 0..6).prop_map(|v| {
                        let m: Vec<String> =
                            v.into_iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
                        format!("{{ {} }}", m.join(","))
                    }),
                ]
            })
        }

        proptest! {
            /// Whatever serde_json reads, this reads the same; what it refuses, this refuses
            /// (lone surrogates aside, which this reads as U+FFFD).
            #[test]
            fn reads_as_serde_json_does(text in json_text()) {
                let ours = parse(&text);
                match serde_json::from_str::<serde_json::Value>(&text) {
                    Ok(v) => prop_assert_eq!(canonical(&ours.unwrap()), canonical(&from_serde(&v))),
                    Err(e) if e.to_string().contains("surrogate") => {}
                    Err(_) => prop_assert!(ours.is_err(), "read {:?}", text),
                }
            }

            /// Any text at all: no panic, and the same verdict as serde_json.
            #[test]
            fn odd_text_gets_the_same_verdict(text in "[\\[\\]{}\",:0-9.eE+\\-a-z \\\\\u{e9}\u{4e2d}]{0,24}") {
                let ours = parse(&text);
                match serde_json::from_str::<serde_json::Value>(&text) {
                    Ok(_) => prop_assert!(ours.is_ok(), "refused {:?}", text),
                    Err(e) if e.to_string().contains("surrogate") => {}
                    Err(_) => prop_assert!(ours.is_err(), "read {:?}", text),
                }
            }
        }
    }

    #[test]
    fn quotes_what_it_writes_so_it_reads_back() {
        let items = [
            "plain",
            "quote \" back \\ slash",
            "line\nbreak\u{1}",
            "中文 😀",
            "",
        ];
        let text = string_list(&items);
        assert_eq!(decode::<Vec<String>>(&text).unwrap(), items);
        assert_eq!(quote("\u{1f}"), "\"\\u001f\"");
    }
}
