//! Reading single cell values the way Chinese exports write them: amounts (`¥1,234.50`,
//! `28.16元`, `0.00000`), local date-times in many spellings, quantities and mobile numbers.
//!
//! Amounts become integer fen, rounded by the app's one rule ([`Money::round_fen`], half-up,
//! away from zero). Times are read as Asia/Shanghai wall-clock time and returned as UTC epoch ms.

use crate::money::Money;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rust_decimal::Decimal;
use std::str::FromStr;

/// The largest amount a cell may hold (¥10,000,000,000): far beyond any real bill line,
/// small enough that sums of a whole file stay exact in i64 fen.
const MAX_CELL_YUAN: i64 = 10_000_000_000;

/// Integer fen of a yuan amount, rounded half-up by [`Money::round_fen`]; `None` beyond
/// [`MAX_CELL_YUAN`].
pub fn yuan_to_fen(yuan: Decimal) -> Option<i64> {
    (yuan.abs() <= Decimal::from(MAX_CELL_YUAN)).then(|| Money(yuan).to_fen())
}

/// How to treat more than two decimals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    /// Amounts of money moved: `12.345` is a mistake, not something to round.
    Fen,
    /// Fees are computed by the provider with more digits (`0.00600`): round half-up.
    RoundHalfUp,
}

/// A signed amount in fen. Accepts `¥`/`￥`, `元`, `RMB`/`CNY`, thousands separators, `+`/`-`.
/// Returns `None` for anything else, including an empty cell.
pub fn parse_fen(text: &str, precision: Precision) -> Option<i64> {
    let cleaned: String = text
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | '¥' | '￥' | '元') && !c.is_whitespace())
        .collect();
    let cleaned = cleaned.trim_start_matches("RMB").trim_start_matches("CNY");
    let cleaned = cleaned.strip_prefix('+').unwrap_or(cleaned);
    if cleaned.is_empty() || !cleaned.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let d = Decimal::from_str(cleaned).ok()?;
    if precision == Precision::Fen && d.normalize().scale() > 2 {
        return None;
    }
    yuan_to_fen(d)
}

/// Cells that mean "nothing here" in these exports.
pub fn is_placeholder(text: &str) -> bool {
    matches!(text.trim(), "" | "/" | "-" | "--" | "无" | "null" | "NULL")
}

/// `None` for a placeholder, the trimmed text otherwise.
pub fn non_placeholder(text: &str) -> Option<String> {
    if is_placeholder(text) {
        None
    } else {
        Some(text.trim().to_string())
    }
}

/// A positive whole quantity: `2`, `2.0`, `2件`.
pub fn parse_qty(text: &str) -> Option<i64> {
    let t = text.trim().trim_end_matches(['件', '个']);
    let d = Decimal::from_str(t).ok()?;
    if d <= Decimal::ZERO || d.fract() != Decimal::ZERO {
        return None;
    }
    i64::try_from(d.trunc()).ok()
}

/// Shanghai wall-clock time to UTC epoch milliseconds.
pub fn shanghai_to_utc_ms(local: NaiveDateTime) -> i64 {
    local.and_utc().timestamp_millis() - crate::time::OFFSET_MS
}

/// A local (Asia/Shanghai) date-time in any of the spellings these exports use, as UTC ms:
/// `2024-01-31 13:45:00`, `2024/1/31 13:45`, `2024-01-31T13:45:00.000`, `2024年1月31日 13:45:00`,
/// `20240131134500`, `2024-01-31` (midnight). `None` when it is none of them.
pub fn parse_local_time_ms(text: &str) -> Option<i64> {
    parse_local_naive(text).map(shanghai_to_utc_ms)
}

/// Same as [`parse_local_time_ms`] but with an explicit chrono format (`%Y%m%d %H:%M:%S`);
/// a date-only format gives midnight.
pub fn parse_local_time_with(text: &str, format: &str) -> Option<i64> {
    let t = text.trim();
    NaiveDateTime::parse_from_str(t, format)
        .ok()
        .or_else(|| NaiveDate::parse_from_str(t, format).ok().map(|d| d.and_time(NaiveTime::MIN)))
        .map(shanghai_to_utc_ms)
}

fn parse_local_naive(text: &str) -> Option<NaiveDateTime> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if t.bytes().all(|b| b.is_ascii_digit()) {
        return compact_digits(t);
    }
    // Banks write `20240301 09:30:15`: a compact date, then a time.
    let b = t.as_bytes();
    if b.len() > 9 && b[..8].iter().all(u8::is_ascii_digit) && matches!(b[8], b' ' | b'T') {
        return parse_local_naive(&format!("{}-{}-{}{}", &t[..4], &t[4..6], &t[6..8], &t[8..]));
    }
    let mut groups: Vec<&str> = Vec::with_capacity(7);
    let mut rest = t;
    while !rest.is_empty() {
        let start = rest.find(|c: char| c.is_ascii_digit()).unwrap_or(rest.len());
        if !separator_ok(&rest[..start], groups.len()) {
            return None;
        }
        rest = &rest[start..];
        let end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        if end > 0 {
            groups.push(&rest[..end]);
        }
        rest = &rest[end..];
    }
    from_groups(&groups)
}

/// Only the separators that real exports put between date/time parts are accepted, so that a
/// cell like `3 pieces 2024` never reads as a date.
fn separator_ok(sep: &str, index: usize) -> bool {
    let sep = sep.trim();
    match index {
        0 => sep.is_empty(),
        1 | 2 => matches!(sep, "-" | "/" | "." | "年" | "月"),
        3 => matches!(sep, "" | "T" | "日"),
        4 | 5 => sep == ":",
        6 => sep == ".",
        _ => matches!(sep, "日" | "秒" | "Z" | ""),
    }
}

fn from_groups(g: &[&str]) -> Option<NaiveDateTime> {
    if g.len() < 3 || g.len() == 4 || g.len() > 7 || g[0].len() != 4 {
        return None;
    }
    let num = |i: usize| g.get(i).map(|s| s.parse::<u32>().ok()).unwrap_or(Some(0));
    let date = NaiveDate::from_ymd_opt(num(0)? as i32, num(1)?, num(2)?)?;
    let millis = match g.get(6) {
        Some(frac) => frac.chars().chain("000".chars()).take(3).collect::<String>().parse::<u32>().ok()?,
        None => 0,
    };
    let time = NaiveTime::from_hms_milli_opt(num(3)?, num(4)?, num(5)?, millis)?;
    Some(date.and_time(time))
}

fn compact_digits(t: &str) -> Option<NaiveDateTime> {
    let n = |a: usize, b: usize| t.get(a..b).and_then(|s| s.parse::<u32>().ok());
    let date = NaiveDate::from_ymd_opt(n(0, 4)? as i32, n(4, 6)?, n(6, 8)?)?;
    let time = match t.len() {
        8 => NaiveTime::MIN,
        12 => NaiveTime::from_hms_opt(n(8, 10)?, n(10, 12)?, 0)?,
        14 => NaiveTime::from_hms_opt(n(8, 10)?, n(10, 12)?, n(12, 14)?)?,
        _ => return None,
    };
    Some(date.and_time(time))
}

/// Why a mobile number was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MobileProblem {
    /// Digits replaced by `*`.
    Masked,
    /// Not 11 digits starting with 1[3-9] (an optional extension aside).
    Invalid,
}

/// A mainland mobile number, digits only, plus an extension when the export gives a privacy
/// number such as `13800138000-1234` or `13800138000转1234`. `+86`/`0086`, spaces, dashes and
/// brackets are dropped.
pub fn parse_mobile(text: &str) -> Result<(String, Option<String>), MobileProblem> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if t.contains(['*', '＊']) {
        return Err(MobileProblem::Masked);
    }
    let t = t.strip_prefix("+86").or_else(|| t.strip_prefix("0086")).unwrap_or(&t);
    let t = t.strip_prefix("86-").unwrap_or(t);
    let all_digits = t.bytes().all(|b| b.is_ascii_digit());
    let t = if all_digits && t.len() == 13 { t.strip_prefix("86").unwrap_or(t) } else { t };
    let mut digits = String::with_capacity(11);
    let mut rest = "";
    for (i, c) in t.char_indices() {
        if digits.len() == 11 {
            rest = &t[i..];
            break;
        }
        match c {
            '0'..='9' => digits.push(c),
            '-' | '(' | ')' | '（' | '）' => {}
            _ => return Err(MobileProblem::Invalid),
        }
    }
    let b = digits.as_bytes();
    if b.len() != 11 || b[0] != b'1' || !(b'3'..=b'9').contains(&b[1]) {
        return Err(MobileProblem::Invalid);
    }
    Ok((digits, extension(rest)?))
}

fn extension(rest: &str) -> Result<Option<String>, MobileProblem> {
    let ext = rest.trim_start_matches(['-', '转', '#', ',', '，', '_']);
    let ext = ext.strip_prefix("ext").unwrap_or(ext);
    if rest.is_empty() {
        Ok(None)
    } else if ext.len() < rest.len() && (1..=6).contains(&ext.len()) && ext.bytes().all(|b| b.is_ascii_digit()) {
        Ok(Some(ext.to_string()))
    } else {
        Err(MobileProblem::Invalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_export_spellings() {
        assert_eq!(parse_fen("¥28.16", Precision::Fen), Some(2816));
        assert_eq!(parse_fen("￥1,234.50", Precision::Fen), Some(123_450));
        assert_eq!(parse_fen("28.50元", Precision::Fen), Some(2850));
        assert_eq!(parse_fen("-12.00", Precision::Fen), Some(-1200));
        assert_eq!(parse_fen("+3", Precision::Fen), Some(300));
        assert_eq!(parse_fen("12.500", Precision::Fen), Some(1250));
        assert_eq!(parse_fen("12.345", Precision::Fen), None);
        assert_eq!(parse_fen("abc", Precision::Fen), None);
        assert_eq!(parse_fen("", Precision::Fen), None);
        assert_eq!(parse_fen("¥", Precision::Fen), None);
    }

    #[test]
    fn fees_round_half_up() {
        assert_eq!(parse_fen("0.00600", Precision::RoundHalfUp), Some(1));
        assert_eq!(parse_fen("0.00500", Precision::RoundHalfUp), Some(1));
        assert_eq!(parse_fen("0.00499", Precision::RoundHalfUp), Some(0));
        assert_eq!(parse_fen("-0.00500", Precision::RoundHalfUp), Some(-1));
        assert_eq!(yuan_to_fen(Decimal::new(1005, 3)), Some(101));
        assert_eq!(parse_fen("99999999999999", Precision::Fen), None);
    }

    #[test]
    fn times_in_export_spellings() {
        // 2024-01-31 13:45:00 in Shanghai is 05:45:00 UTC: 1706679900000 ms.
        let want = Some(1_706_679_900_000);
        assert_eq!(parse_local_time_ms("2024-01-31 13:45:00"), want);
        assert_eq!(parse_local_time_ms("2024/1/31 13:45"), want);
        assert_eq!(parse_local_time_ms("2024-01-31T13:45:00.000"), want);
        assert_eq!(parse_local_time_ms("2024年1月31日 13:45:00"), want);
        assert_eq!(parse_local_time_ms("20240131134500"), want);
        assert_eq!(parse_local_time_ms("20240131 13:45"), want);
        assert_eq!(parse_local_time_ms(" 2024-01-31 13:45:00\t"), want);
        // Midnight Shanghai = 16:00 UTC the day before.
        assert_eq!(parse_local_time_ms("2024-01-31"), Some(1_706_630_400_000));
        assert_eq!(parse_local_time_ms("2024-01-31 13:45:00.250"), Some(1_706_679_900_250));
    }

    #[test]
    fn non_times_are_refused() {
        for bad in ["31/01/2024", "2024-13-01", "2024-02-30 10:00", "3 pieces", "Jan 31 2024", "2024-01", "abc"] {
            assert_eq!(parse_local_time_ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn explicit_time_format() {
        assert_eq!(parse_local_time_with("31.01.2024 13:45", "%d.%m.%Y %H:%M"), Some(1_706_679_900_000));
        assert_eq!(parse_local_time_with("20240131", "%Y%m%d"), Some(1_706_630_400_000));
        assert_eq!(parse_local_time_with("2024-01-31", "%Y%m%d"), None);
    }

    #[test]
    fn quantities() {
        assert_eq!(parse_qty("2"), Some(2));
        assert_eq!(parse_qty("2.0"), Some(2));
        assert_eq!(parse_qty("3件"), Some(3));
        assert_eq!(parse_qty("0"), None);
        assert_eq!(parse_qty("1.5"), None);
        assert_eq!(parse_qty("-1"), None);
    }

    #[test]
    fn mobiles() {
        assert_eq!(parse_mobile("13800138000"), Ok(("13800138000".into(), None)));
        assert_eq!(parse_mobile("+86 138-0013-8000"), Ok(("13800138000".into(), None)));
        assert_eq!(parse_mobile("008613800138000"), Ok(("13800138000".into(), None)));
        assert_eq!(parse_mobile("13800138000-1234"), Ok(("13800138000".into(), Some("1234".into()))));
        assert_eq!(parse_mobile("13800138000转1234"), Ok(("13800138000".into(), Some("1234".into()))));
        assert_eq!(parse_mobile("138****8000"), Err(MobileProblem::Masked));
        assert_eq!(parse_mobile("0571-88886666"), Err(MobileProblem::Invalid));
        assert_eq!(parse_mobile("12800138000"), Err(MobileProblem::Invalid));
        assert_eq!(parse_mobile("1380013800"), Err(MobileProblem::Invalid));
        assert_eq!(parse_mobile("13800138000abc"), Err(MobileProblem::Invalid));
    }
}
