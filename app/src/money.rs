//! Money in CNY: `Money(Decimal)` in Rust, integer fen in the database.
//!
//! The one place where amounts are rounded to the fen is [`Money::round_fen`]:
//! half-up (四舍五入), away from zero for negative amounts. Everything that turns
//! a computed amount into a stored one goes through it.

use rust_decimal::prelude::*;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount of money in yuan, exact to the fen once rounded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Money(pub Decimal);

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);
    /// The largest amount any input may carry: ¥100,000,000. Order totals (≤ 50 lines ×
    /// 9,999 units) stay far inside i64 fen, so sums and products cannot overflow.
    pub const MAX_INPUT_YUAN: i64 = 100_000_000;

    /// Build from integer fen, as stored in the database.
    pub fn from_fen(fen: i64) -> Self {
        Money(Decimal::new(fen, 2))
    }

    /// Round half-up (away from zero) to the fen. The single rounding rule of the app.
    pub fn round_fen(self) -> Self {
        Money(self.0.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
    }

    /// Integer fen, rounding half-up first. Amounts beyond i64 fen (never reached from
    /// bounded input) saturate instead of panicking.
    pub fn to_fen(self) -> i64 {
        let r = self.round_fen().0.saturating_mul(Decimal::ONE_HUNDRED);
        r.to_i64().unwrap_or(if r.is_sign_negative() { i64::MIN } else { i64::MAX })
    }

    /// `self × qty`, exact (saturating at Decimal's range, far beyond any bounded input).
    pub fn times(self, qty: i64) -> Self {
        Money(self.0.saturating_mul(Decimal::from(qty)))
    }

    /// `self × rate` (e.g. a commission rate), rounded to the fen.
    pub fn apply_rate(self, rate: Decimal) -> Self {
        Money(self.0 * rate).round_fen()
    }

    /// Parse user input such as `12`, `12.5`, `¥1,234.50`. Rejects more than two decimals
    /// and negative amounts, so a typo never silently rounds.
    pub fn parse(input: &str) -> Result<Self, MoneyParseError> {
        let cleaned: String = input
            .trim()
            .trim_start_matches(['¥', '￥'])
            .chars()
            .filter(|c| *c != ',' && *c != '，' && !c.is_whitespace())
            .collect();
        if cleaned.is_empty() {
            return Err(MoneyParseError::Empty);
        }
        let d = Decimal::from_str(&cleaned).map_err(|_| MoneyParseError::Invalid)?;
        if d.is_sign_negative() {
            return Err(MoneyParseError::Negative);
        }
        if d.scale() > 2 && d.normalize().scale() > 2 {
            return Err(MoneyParseError::TooPrecise);
        }
        Ok(Money(d))
    }
}

impl Money {
    /// Parse a form field: a non-negative amount with at most two decimals, at most
    /// [`Money::MAX_INPUT_YUAN`]; refusals name the field.
    pub fn parse_field(field: &str, input: &str) -> Result<Money, crate::error::CommonError> {
        use crate::error::CommonError;
        let m = Money::parse(input).map_err(|e| match e {
            MoneyParseError::Empty => CommonError::Required { field: field.into() },
            _ => CommonError::BadAmount { field: field.into() },
        })?;
        if m.0 > Decimal::from(Self::MAX_INPUT_YUAN) {
            return Err(CommonError::AmountTooLarge { field: field.into(), max_yuan: Self::MAX_INPUT_YUAN });
        }
        Ok(m)
    }
}

/// Why a money string was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoneyParseError {
    Empty,
    Invalid,
    Negative,
    TooPrecise,
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, o: Money) -> Money {
        Money(self.0 + o.0)
    }
}

impl std::ops::Sub for Money {
    type Output = Money;
    fn sub(self, o: Money) -> Money {
        Money(self.0 - o.0)
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

/// `¥1,234.50`: yuan sign, thousands separators, always two decimals.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fen = self.to_fen();
        let sign = if fen < 0 { "-" } else { "" };
        let abs = fen.unsigned_abs();
        let (yuan, cents) = (abs / 100, abs % 100);
        let digits = yuan.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        write!(f, "{sign}¥{grouped}.{cents:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn rounds_half_up_to_the_fen() {
        assert_eq!(Money(d("0.005")).to_fen(), 1);
        assert_eq!(Money(d("0.004999")).to_fen(), 0);
        assert_eq!(Money(d("2.675")).to_fen(), 268); // a float would give 2.67
        assert_eq!(Money(d("-0.005")).to_fen(), -1);
        assert_eq!(Money(d("1.115")).round_fen(), Money(d("1.12")));
    }

    #[test]
    fn formats_as_yuan_with_separators() {
        assert_eq!(Money::from_fen(123450).to_string(), "¥1,234.50");
        assert_eq!(Money::from_fen(5).to_string(), "¥0.05");
        assert_eq!(Money::from_fen(100_000_000).to_string(), "¥1,000,000.00");
        assert_eq!(Money::from_fen(-99).to_string(), "-¥0.99");
    }

    #[test]
    fn fen_roundtrip_and_arithmetic() {
        let p = Money::from_fen(1999);
        assert_eq!(p.times(3).to_fen(), 5997);
        // 10% of ¥19.99 = 1.999 → ¥2.00; 5% = 0.9995 → ¥1.00
        assert_eq!(p.apply_rate(d("0.10")).to_fen(), 200);
        assert_eq!(p.apply_rate(d("0.05")).to_fen(), 100);
        let sum: Money = [Money::from_fen(1), Money::from_fen(2)].into_iter().sum();
        assert_eq!(sum.to_fen(), 3);
    }

    #[test]
    fn parses_user_input_strictly() {
        assert_eq!(Money::parse("¥1,234.5").unwrap().to_fen(), 123450);
        assert_eq!(Money::parse(" 12 ").unwrap().to_fen(), 1200);
        assert_eq!(Money::parse("1.230").unwrap().to_fen(), 123);
        assert_eq!(Money::parse(""), Err(MoneyParseError::Empty));
        assert_eq!(Money::parse("abc"), Err(MoneyParseError::Invalid));
        assert_eq!(Money::parse("-1"), Err(MoneyParseError::Negative));
        assert_eq!(Money::parse("1.005"), Err(MoneyParseError::TooPrecise));
        assert_eq!(Money::parse("1e30"), Err(MoneyParseError::Invalid));
    }

    #[test]
    fn huge_amounts_never_panic() {
        use crate::error::CommonError;
        assert_eq!(
            Money::parse_field("price", "99999999999999999999"),
            Err(CommonError::AmountTooLarge { field: "price".into(), max_yuan: 100_000_000 })
        );
        assert_eq!(Money::parse_field("price", "100000000").unwrap().to_fen(), 10_000_000_000);
        assert_eq!(Money(Decimal::MAX).to_fen(), i64::MAX);
        assert_eq!(Money(Decimal::MAX).times(9999).0, Decimal::MAX);
    }
}
