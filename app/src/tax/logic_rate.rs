//! VAT rates and levy rates as printed on a 数电票, the taxpayer types, and the one formula
//! that takes the tax out of a price that includes it.

use crate::tax::logic_fen::{fen_to_yuan, round_fen, yuan_to_fen};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A rate column value of an invoice line. Percentages are VAT rates (税率) for the general
/// method and levy rates (征收率) for the simplified method; `Exempt` is 免税, whose tax
/// column prints `***` and whose amount equals the price.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum TaxRate {
    R13,
    R9,
    R6,
    R5,
    R3,
    R1,
    Zero,
    Exempt,
}

impl TaxRate {
    /// Every rate, in the order invoices and summaries list them.
    pub const ALL: [TaxRate; 8] = [
        TaxRate::R13,
        TaxRate::R9,
        TaxRate::R6,
        TaxRate::R5,
        TaxRate::R3,
        TaxRate::R1,
        TaxRate::Zero,
        TaxRate::Exempt,
    ];

    /// Whole percent; 0 for both 0% and 免税.
    pub fn percent(self) -> i64 {
        match self {
            TaxRate::R13 => 13,
            TaxRate::R9 => 9,
            TaxRate::R6 => 6,
            TaxRate::R5 => 5,
            TaxRate::R3 => 3,
            TaxRate::R1 => 1,
            TaxRate::Zero | TaxRate::Exempt => 0,
        }
    }

    /// The rate for a whole percent, if invoices use it (0 means 0%, not 免税).
    pub fn from_percent(p: i64) -> Option<TaxRate> {
        TaxRate::ALL.into_iter().find(|r| *r != TaxRate::Exempt && r.percent() == p)
    }

    /// `true` when a line at this rate carries tax.
    pub fn charges_tax(self) -> bool {
        self.percent() > 0
    }

    /// The tax column as printed: `***` for 免税, the figure otherwise.
    pub fn tax_display(self, tax_fen: i64) -> String {
        if self == TaxRate::Exempt {
            "***".to_string()
        } else {
            crate::tax::logic_fen::format_fen(tax_fen)
        }
    }
}

/// 增值税纳税人类型.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TaxpayerType {
    /// 小规模纳税人: simplified method at a levy rate.
    SmallScale,
    /// 一般纳税人: output tax minus input tax, simplified method for listed items.
    General,
}


/// Tax contained in a price that includes it: `gross × r / (1 + r)`, rounded half-up to
/// the fen. Zero for 0% and 免税. Works for negative (red-letter) amounts symmetrically.
pub fn tax_in_gross(gross_fen: i64, rate: TaxRate) -> i64 {
    let p = rate.percent();
    if p == 0 {
        return 0;
    }
    let tax = fen_to_yuan(gross_fen) * Decimal::from(p) / Decimal::from(100 + p);
    yuan_to_fen(round_fen(tax)).expect("tax is smaller than the gross, which fits in i64")
}

/// Tax on an amount that excludes it: `amount × r`, rounded half-up to the fen.
pub fn tax_on_net(amount_fen: i64, percent: i64) -> i64 {
    let tax = fen_to_yuan(amount_fen) * Decimal::from(percent) / Decimal::ONE_HUNDRED;
    yuan_to_fen(tax).expect("tax on an i64 amount at a percent rate fits in i64")
}

/// Amount excluding tax for a price that includes tax at `percent`:
/// `gross / (1 + r)`, rounded half-up to the fen.
pub fn net_of_gross(gross_fen: i64, percent: i64) -> i64 {
    let net = fen_to_yuan(gross_fen) * Decimal::ONE_HUNDRED / Decimal::from(100 + percent);
    yuan_to_fen(net).expect("net is smaller than the gross, which fits in i64")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn tax_in_gross_by_hand() {
        // 113.00 at 13%: 113 × 13 / 113 = 13.00 exactly.
        assert_eq!(tax_in_gross(11300, TaxRate::R13), 1300);
        // 33.33 at 13%: 433.29 / 113 = 3.83442… → 3.83
        assert_eq!(tax_in_gross(3333, TaxRate::R13), 383);
        // 99.99 at 13%: 1299.87 / 113 = 11.50327… → 11.50
        assert_eq!(tax_in_gross(9999, TaxRate::R13), 1150);
        // 0.01 at 13%: 0.13 / 113 = 0.00115… → 0.00
        assert_eq!(tax_in_gross(1, TaxRate::R13), 0);
        // 10.90 at 9%: 0.90 exactly; 1.01 at 1%: 0.01 exactly.
        assert_eq!(tax_in_gross(1090, TaxRate::R9), 90);
        assert_eq!(tax_in_gross(101, TaxRate::R1), 1);
        // Red-letter: −33.33 → −3.83 (half-up away from zero, symmetric).
        assert_eq!(tax_in_gross(-3333, TaxRate::R13), -383);
        assert_eq!(tax_in_gross(5000, TaxRate::Exempt), 0);
        assert_eq!(tax_in_gross(5000, TaxRate::Zero), 0);
    }

    #[test]
    fn net_and_tax_on_net_by_hand() {
        // 300,000.01 / 1.01 = 297,029.71287… (1.01 × 297,029.70 = 299,999.997) → 297,029.71
        assert_eq!(net_of_gross(30_000_001, 1), 29_702_971);
        // 297,029.71 × 3% = 8,910.8913 → 8,910.89
        assert_eq!(tax_on_net(29_702_971, 3), 891_089);
        // 0.50 × 1% = 0.005 → 0.01 (midpoint goes up)
        assert_eq!(tax_on_net(50, 1), 1);
    }

    #[test]
    fn labels() {
        assert_eq!(TaxRate::R13.label(Lang::Zh), "13%");
        assert_eq!(TaxRate::Zero.label(Lang::Zh), "0%");
        assert_eq!(TaxRate::Exempt.label(Lang::Zh), "免税");
        assert_eq!(TaxRate::Exempt.tax_display(0), "***");
        assert_eq!(TaxRate::R6.tax_display(123456), "1,234.56");
        assert_eq!(TaxRate::from_percent(9), Some(TaxRate::R9));
        assert_eq!(TaxRate::from_percent(0), Some(TaxRate::Zero));
        assert_eq!(TaxRate::from_percent(17), None);
    }
}
