//! Fen/yuan helpers of the tax modules, on top of [`Money`]: amounts are `i64` fen in the
//! tax figures; arithmetic that needs fractions goes through `Decimal` yuan and comes back
//! through [`round_fen`], which is `Money::round_fen` (half-up, away from zero for negative
//! amounts) — the app's one rounding rule.

use crate::money::Money;
use rust_decimal::prelude::*;

/// Round yuan half-up (away from zero) to the fen: [`Money::round_fen`].
pub fn round_fen(yuan: Decimal) -> Decimal {
    Money(yuan).round_fen().0
}

/// Yuan for an integer number of fen, exact: [`Money::from_fen`].
pub fn fen_to_yuan(fen: i64) -> Decimal {
    Money::from_fen(fen).0
}

/// Integer fen for an amount in yuan, rounding half-up first. `None` past the i64 range
/// (where [`Money::to_fen`] would saturate: the split reports such a line as too large).
pub fn yuan_to_fen(yuan: Decimal) -> Option<i64> {
    round_fen(yuan).checked_mul(Decimal::ONE_HUNDRED)?.to_i64()
}

/// `1,234.50`, `-0.99`: [`Money`]'s format without the currency sign (invoice columns
/// print bare figures; the ¥ goes in front of the total only).
pub fn format_fen(fen: i64) -> String {
    Money::from_fen(fen).to_string().replacen('¥', "", 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn rounds_half_up_away_from_zero() {
        assert_eq!(round_fen(Decimal::from_str("2.675").unwrap()), Decimal::from_str("2.68").unwrap());
        assert_eq!(round_fen(Decimal::from_str("-0.005").unwrap()), Decimal::from_str("-0.01").unwrap());
        assert_eq!(round_fen(Decimal::from_str("0.00499").unwrap()), Decimal::ZERO);
        assert_eq!(yuan_to_fen(Decimal::from_str("1.115").unwrap()), Some(112));
    }

    #[test]
    fn formats_fen() {
        assert_eq!(format_fen(123450), "1,234.50");
        assert_eq!(format_fen(5), "0.05");
        assert_eq!(format_fen(-99), "-0.99");
        assert_eq!(format_fen(10_000_000_000), "100,000,000.00");
        assert_eq!(fen_to_yuan(-1), Decimal::from_str("-0.01").unwrap());
    }
}
