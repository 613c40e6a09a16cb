//! Small helpers of the customer rules: percentages, short money text, business-day windows
//! and calendar months. Money goes through `crate::money::Money` (its one rounding rule) and
//! days through `crate::time` (Asia/Shanghai business days).

use crate::money::Money;
use chrono::Datelike;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::fmt;

pub use crate::time::{date_of_day, day_of_date};

/// Round an amount expressed in fen (possibly fractional) to whole fen with the app's one
/// rounding rule (`Money::round_fen`, half-up).
pub fn fen_half_up(fen: Decimal) -> i64 {
    Money(fen / Decimal::ONE_HUNDRED).to_fen()
}

/// `part / total` in percent, rounded half-up to two decimals; zero when `total` is zero.
/// Shares rounded this way need not add up to exactly 100.
pub fn percent_2dp(part: i64, total: i64) -> Decimal {
    if total == 0 {
        return Decimal::ZERO;
    }
    let pct = Decimal::from(part) * Decimal::ONE_HUNDRED / Decimal::from(total);
    pct.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// `¥2,000` for whole yuan, `¥4,999.99` otherwise: `Money`'s text without a `.00` tail, the
/// short form used in rule descriptions and coupon terms.
pub fn fmt_yuan(fen: i64) -> String {
    let s = Money::from_fen(fen).to_string();
    match s.strip_suffix(".00") {
        Some(short) => short.to_string(),
        None => s,
    }
}

/// A decimal without trailing zeros: `50`, `12.5`.
pub fn fmt_decimal(d: Decimal) -> String {
    d.normalize().to_string()
}

/// Business day of an instant (UTC epoch milliseconds).
pub fn day_of_ms(ms: i64) -> i64 {
    crate::time::day_of(ms)
}

/// `2026-11-29 10:05` in the business zone.
pub fn fmt_ms(ms: i64) -> String {
    crate::time::format_ms(ms)
}

/// Whether `day` lies in the last `n` days as of `today` (`today − n + 1 ..= today`).
pub fn in_last_days(day: i64, today: i64, n: u32) -> bool {
    day <= today && day > today - i64::from(n)
}

/// Days from `day` to `today`, never negative (an order dated after `today` counts as today).
pub fn days_since(day: i64, today: i64) -> i64 {
    (today - day).max(0)
}

/// A calendar month in the business zone, shown as `2024-11`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct YearMonth {
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl YearMonth {
    pub fn new(year: i32, month: u32) -> Self {
        YearMonth { year, month }
    }

    /// The month containing a business day.
    pub fn of_day(day: i64) -> Self {
        let d = date_of_day(day);
        YearMonth { year: d.year(), month: d.month() }
    }

    /// The month after this one.
    pub fn next(self) -> Self {
        if self.month >= 12 {
            YearMonth { year: self.year + 1, month: 1 }
        } else {
            YearMonth { year: self.year, month: self.month + 1 }
        }
    }

    /// The month before this one.
    pub fn prev(self) -> Self {
        if self.month <= 1 {
            YearMonth { year: self.year - 1, month: 12 }
        } else {
            YearMonth { year: self.year, month: self.month - 1 }
        }
    }

    /// First business day of the month.
    pub fn first_day(self) -> i64 {
        chrono::NaiveDate::from_ymd_opt(self.year, self.month.clamp(1, 12), 1).map(day_of_date).unwrap_or(0)
    }

    /// Months from `self` to `other` inclusive; zero when `other` is earlier.
    pub fn months_until(self, other: YearMonth) -> i64 {
        let a = i64::from(self.year) * 12 + i64::from(self.month);
        let b = i64::from(other.year) * 12 + i64::from(other.month);
        (b - a + 1).max(0)
    }

    /// `2024-11` back to a month.
    pub fn parse(s: &str) -> Option<YearMonth> {
        let (y, m) = s.trim().split_once('-')?;
        let (year, month) = (y.parse().ok()?, m.parse().ok()?);
        ((1970..=9999).contains(&year) && (1..=12).contains(&month)).then_some(YearMonth { year, month })
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn rounds_fen_half_up() {
        assert_eq!(fen_half_up(d("499.5")), 500);
        assert_eq!(fen_half_up(d("499.49")), 499);
        assert_eq!(fen_half_up(d("12.5")), 13);
        assert_eq!(fen_half_up(d("-0.5")), -1);
    }

    #[test]
    fn percentages_round_half_up_to_two_decimals() {
        assert_eq!(percent_2dp(1, 12), d("8.33"));
        assert_eq!(percent_2dp(2, 3), d("66.67"));
        assert_eq!(percent_2dp(1, 8), d("12.5"));
        assert_eq!(percent_2dp(1, 0), d("0"));
    }

    #[test]
    fn formats_yuan_short() {
        assert_eq!(fmt_yuan(200_000), "¥2,000");
        assert_eq!(fmt_yuan(499_999), "¥4,999.99");
        assert_eq!(fmt_yuan(5), "¥0.05");
        assert_eq!(fmt_yuan(123_456_700), "¥1,234,567");
        assert_eq!(fmt_yuan(-250), "-¥2.50");
    }

    #[test]
    fn business_days_and_months() {
        // 2024-11-11 is day 20038 (54 years of days from 1970 plus leap days, checked with `date -d`).
        let double11 = NaiveDate::from_ymd_opt(2024, 11, 11).unwrap();
        assert_eq!(day_of_date(double11), 20_038);
        assert_eq!(date_of_day(20_038), double11);
        assert_eq!(date_of_day(0), NaiveDate::from_ymd_opt(1970, 1, 1).unwrap());
        assert_eq!(YearMonth::of_day(20_038), YearMonth::new(2024, 11));
        assert_eq!(YearMonth::new(2024, 12).next(), YearMonth::new(2025, 1));
        assert_eq!(YearMonth::new(2025, 1).prev(), YearMonth::new(2024, 12));
        assert_eq!(YearMonth::new(2024, 11).months_until(YearMonth::new(2025, 2)), 4);
        assert_eq!(YearMonth::new(2024, 11).to_string(), "2024-11");
        assert_eq!(YearMonth::parse("2024-11"), Some(YearMonth::new(2024, 11)));
        assert_eq!(YearMonth::parse("2024-13"), None);
        assert_eq!(YearMonth::new(2024, 11).first_day(), 20_028);
        // 2024-11-10 16:00 UTC is 2024-11-11 00:00 in Shanghai.
        assert_eq!(day_of_ms(1_731_254_400_000), 20_038);
        assert_eq!(day_of_ms(1_731_254_400_000 - 1), 20_037);
        assert_eq!(fmt_ms(1_731_254_400_000), "2024-11-11 00:00");
    }

    #[test]
    fn windows_include_today_and_n_minus_one_days_before() {
        assert!(in_last_days(100, 100, 1));
        assert!(!in_last_days(99, 100, 1));
        assert!(in_last_days(11, 100, 90));
        assert!(!in_last_days(10, 100, 90));
        assert!(!in_last_days(101, 100, 90));
    }
}
