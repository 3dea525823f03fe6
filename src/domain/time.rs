//! Time display: Unix seconds as dates, durations and "ago".

use crate::i18n::Locale;

/// `2026-11-27 14:21` in UTC (the browser adds its offset via `offset_minutes`).
pub fn datetime(ts: i64, offset_minutes: i32) -> String {
    if ts <= 0 {
        return "—".into();
    }
    let t = ts.saturating_add(offset_minutes as i64 * 60);
    // Years 1..=9999: what a timestamp from Zadig can mean (and chrono's range, tested below).
    if !(-62_135_596_800..=253_402_300_799).contains(&t) {
        return "—".into();
    }
    let (y, m, d) = civil_from_days(t.div_euclid(86_400));
    let s = t.rem_euclid(86_400);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", s / 3600, s % 3600 / 60)
}

/// The proleptic Gregorian date of a day count from 1970-01-01 (integer arithmetic only, so the
/// main module carries no date-formatting library).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
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

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// The integer calendar agrees with chrono's over the whole range shown.
        #[test]
        fn datetime_matches_chrono(ts in 1i64..253_402_300_799, offset in -840i32..=840) {
            let t = ts + offset as i64 * 60;
            let want = match chrono::DateTime::<chrono::Utc>::from_timestamp(t, 0) {
                Some(d) if t <= 253_402_300_799 => d.format("%Y-%m-%d %H:%M").to_string(),
                _ => "—".to_string(),
            };
            proptest::prop_assert_eq!(datetime(ts, offset), want);
        }
    }

    #[test]
    fn formats() {
        assert_eq!(datetime(1686217885, 0), "2023-06-08 09:51");
        assert_eq!(datetime(1686217885, 480), "2023-06-08 17:51");
        assert_eq!(datetime(0, 0), "—");
        assert_eq!(datetime(951_782_400, 0), "2000-02-29 00:00", "a leap day");
        assert_eq!(datetime(253_402_300_799, 0), "9999-12-31 23:59");
        assert_eq!(datetime(253_402_300_800, 0), "—", "past year 9999");
        assert_eq!(datetime(i64::MAX, 840), "—");
        assert_eq!(
            datetime(30, -60),
            "1969-12-31 23:00",
            "an offset before the epoch"
        );
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
