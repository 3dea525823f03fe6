//! Time display: Unix seconds as dates, durations and "ago".

use chrono::{DateTime, Utc};

use crate::i18n::Locale;

/// `2026-11-27 14:21` in UTC (the browser adds its offset via `offset_minutes`).
pub fn datetime(ts: i64, offset_minutes: i32) -> String {
    if ts <= 0 {
        return "—".into();
    }
    match DateTime::<Utc>::from_timestamp(ts + offset_minutes as i64 * 60, 0) {
        Some(d) => d.format("%Y-%m-%d %H:%M").to_string(),
        None => "—".into(),
    }
}

/// A duration as `1h 02m`, `3m 05s` or `42s`.
pub fn duration(secs: i64) -> String {
    let s = secs.max(0);
    if s >= 3600 {
        format!("{}h {:02}m", s / 3600, s % 3600 / 60)
    } else if s >= 60 {
        format!("{}m {:02}s", s / 60, s % 60)
    } else {
        format!("{s}s")
    }
}

/// How long ago `ts` was, relative to `now`.
pub fn ago(now: i64, ts: i64, l: Locale) -> String {
    if ts <= 0 {
        return "—".into();
    }
    let d = (now - ts).max(0);
    let (n, en, zh) = if d < 60 {
        return match l {
            Locale::En => "just now".into(),
            Locale::ZhCn => "刚刚".into(),
        };
    } else if d < 3600 {
        (d / 60, "min", "分钟")
    } else if d < 86400 {
        (d / 3600, "h", "小时")
    } else {
        (d / 86400, "d", "天")
    };
    match l {
        Locale::En => format!("{n} {en} ago"),
        Locale::ZhCn => format!("{n} {zh}前"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(datetime(1686217885, 0), "2023-06-08 09:51");
        assert_eq!(datetime(1686217885, 480), "2023-06-08 17:51");
        assert_eq!(datetime(0, 0), "—");
        assert_eq!(duration(42), "42s");
        assert_eq!(duration(185), "3m 05s");
        assert_eq!(duration(3720), "1h 02m");
        assert_eq!(ago(1000, 990, Locale::En), "just now");
        assert_eq!(ago(10_000, 10_000 - 7200, Locale::En), "2 h ago");
        assert_eq!(
            ago(10_000_000, 10_000_000 - 3 * 86400, Locale::ZhCn),
            "3 天前"
        );
    }
}
