//! Time: UTC epoch milliseconds in storage, business days in Asia/Shanghai.
//!
//! The business zone is a fixed +8 h offset (China has no daylight saving), so a
//! day bucket is `(ms + OFFSET_MS) / DAY_MS` — integer arithmetic that SQLite and
//! PostgreSQL both do in SQL ([`day_bucket_sql`]).

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeZone, Utc};

pub const DAY_MS: i64 = 86_400_000;
/// Asia/Shanghai, UTC+8.
pub const OFFSET_MS: i64 = 8 * 3_600_000;

pub fn business_tz() -> FixedOffset {
    FixedOffset::east_opt((OFFSET_MS / 1000) as i32).expect("valid offset")
}

/// Milliseconds since the epoch, now.
pub fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

/// Business day number (days since 1970-01-01 in the business zone) of an instant.
pub fn day_of(ms: i64) -> i64 {
    (ms + OFFSET_MS).div_euclid(DAY_MS)
}

/// Hour of day (0–23) in the business zone.
pub fn hour_of(ms: i64) -> i64 {
    (ms + OFFSET_MS).rem_euclid(DAY_MS) / 3_600_000
}

/// The first instant (UTC ms) of a business day.
pub fn day_start_ms(day: i64) -> i64 {
    day * DAY_MS - OFFSET_MS
}

pub fn date_of_day(day: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch") + chrono::Days::new(day as u64)
}

pub fn day_of_date(date: NaiveDate) -> i64 {
    (date - NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch")).num_days()
}

/// First business day of the month containing `day`.
pub fn month_start_day(day: i64) -> i64 {
    let d = date_of_day(day);
    day_of_date(d.with_day(1).expect("day 1 exists"))
}

/// SQL expression for the business day of a millisecond column; same text on both databases.
pub fn day_bucket_sql(col: &str) -> String {
    format!("(({col} + {OFFSET_MS}) / {DAY_MS})")
}

/// `2026-11-29 10:05` in the business zone.
pub fn format_ms(ms: i64) -> String {
    match DateTime::<Utc>::from_timestamp_millis(ms) {
        Some(t) => business_tz().from_utc_datetime(&t.naive_utc()).format("%Y-%m-%d %H:%M").to_string(),
        None => String::new(),
    }
}

/// `11-29` for chart axes.
pub fn format_day_short(day: i64) -> String {
    date_of_day(day).format("%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn business_day_starts_at_midnight_shanghai() {
        // 2026-11-28 16:00 UTC is 2026-11-29 00:00 in Shanghai.
        let t = Utc.with_ymd_and_hms(2026, 11, 28, 16, 0, 0).unwrap().timestamp_millis();
        let day = day_of(t);
        assert_eq!(date_of_day(day), NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
        assert_eq!(day_of(t - 1), day - 1);
        assert_eq!(day_start_ms(day), t);
        assert_eq!(hour_of(t + 10 * 3_600_000), 10);
        assert_eq!(format_ms(t), "2026-11-29 00:00");
    }

    #[test]
    fn month_start() {
        let day = day_of_date(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
        assert_eq!(date_of_day(month_start_day(day)), NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
    }
}
