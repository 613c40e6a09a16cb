//! Shared pieces of the VAT summaries: tax periods in business time (Asia/Shanghai, +8 h),
//! the sale and input-tax records they read, surcharges (附加税费), and their errors.
//! The returns themselves are in `logic_vat_small` and `logic_vat_general`; dated rates and
//! thresholds in `logic_vat_policy`.

use crate::tax::logic_rate::{tax_on_net, TaxRate, TaxpayerType};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

const SHANGHAI_OFFSET_MS: i64 = 8 * 3600 * 1000;

/// A tax period (税款所属期).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Period {
    Month { year: i32, month: u32 },
    Quarter { year: i32, quarter: u32 },
}

impl Period {
    /// Refuse months outside 1–12 and quarters outside 1–4.
    pub fn check(self) -> Result<Period, VatError> {
        let ok = match self {
            Period::Month { month, .. } => (1..=12).contains(&month),
            Period::Quarter { quarter, .. } => (1..=4).contains(&quarter),
        };
        let (year, number) = match self {
            Period::Month { year, month } => (year, month),
            Period::Quarter { year, quarter } => (year, quarter),
        };
        if ok && (1900..=9999).contains(&year) {
            Ok(self)
        } else {
            Err(VatError::InvalidPeriod { year, number })
        }
    }

    pub fn is_quarter(self) -> bool {
        matches!(self, Period::Quarter { .. })
    }

    /// The months of the period, in order.
    pub fn months(self) -> Vec<Period> {
        match self {
            Period::Month { .. } => vec![self],
            Period::Quarter { year, quarter } => {
                (0..3).map(|k| Period::Month { year, month: quarter.saturating_sub(1) * 3 + 1 + k }).collect()
            }
        }
    }

    /// First day. An unchecked, impossible period gives `NaiveDate::MIN` rather than a panic
    /// (this code also runs in the browser); the summaries check periods first.
    pub fn first_day(self) -> NaiveDate {
        let (year, month) = match self {
            Period::Month { year, month } => (year, month),
            Period::Quarter { year, quarter } => (year, quarter.saturating_sub(1) * 3 + 1),
        };
        NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// Last day (`NaiveDate::MIN` for an impossible period, see [`Period::first_day`]).
    pub fn last_day(self) -> NaiveDate {
        let last_month = self.months().last().copied().unwrap_or(self);
        last_month
            .first_day()
            .checked_add_months(chrono::Months::new(1))
            .and_then(|next| next.pred_opt())
            .unwrap_or(NaiveDate::MIN)
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        self.first_day() <= date && date <= self.last_day()
    }
}

/// Calendar date in Asia/Shanghai of a UTC instant in epoch milliseconds.
pub fn shanghai_date(at_ms: i64) -> NaiveDate {
    chrono::DateTime::from_timestamp_millis(at_ms.saturating_add(SHANGHAI_OFFSET_MS))
        .map(|t| t.date_naive())
        .unwrap_or(NaiveDate::MIN)
}

/// What was sold, for the return's columns and lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SaleKind {
    /// 货物
    Goods,
    /// 加工、修理修配劳务
    Labour,
    /// 服务、不动产和无形资产
    Service,
}

/// The document a sale was recorded on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SaleDoc {
    /// 增值税专用发票 (数电专票).
    Special,
    /// Any other VAT invoice (数电普票).
    OtherInvoice,
    /// 未开具发票.
    NotInvoiced,
}

/// One sale (or, with negative figures, one red-letter reversal) for the summaries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleRecord {
    /// Invoice date, or the date tax became due for a sale without invoice (UTC epoch ms).
    pub at_ms: i64,
    pub kind: SaleKind,
    pub doc: SaleDoc,
    /// The item's own rate: 13/9/6/0 for general-method items, the levy rate 3/5 for
    /// simplified-method items (always so for small-scale taxpayers), `Exempt` for items
    /// exempt by their own policy (e.g. 自产农产品).
    pub item_rate: TaxRate,
    /// The rate charged on the document: usually `item_rate`; 1% for a small-scale 3% item
    /// under the reduced rate; `Exempt` for a small-scale sale charged no tax (免税 invoice
    /// under the small-business exemption, or not invoiced).
    pub rate: TaxRate,
    pub gross_fen: i64,
    pub amount_fen: i64,
    pub tax_fen: i64,
}

/// Input tax confirmed for deduction (勾选确认) at `selected_at_ms`; it counts in the period
/// of that confirmation, whatever the invoice's own date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputTax {
    pub selected_at_ms: i64,
    pub tax_fen: i64,
}

/// Where the taxpayer is, for the 城市维护建设税 rate (城市维护建设税法, 2021).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CityTier {
    /// 市区: 7%
    Urban,
    /// 县城、镇: 5%
    CountyTown,
    /// 其他: 1%
    Other,
}

impl CityTier {
    pub fn percent(self) -> i64 {
        match self {
            CityTier::Urban => 7,
            CityTier::CountyTown => 5,
            CityTier::Other => 1,
        }
    }
}

/// Surcharges payable (after any reduction), in fen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Surcharges {
    /// 城市维护建设税
    pub city_fen: i64,
    /// 教育费附加 (3%)
    pub education_fen: i64,
    /// 地方教育附加 (2%)
    pub local_education_fen: i64,
}

/// Surcharges on the VAT payable: each is `VAT × rate` rounded, minus `relief_pct` of it
/// (六税两费 减征, rounded separately, as the form shows 应纳 and 减征 apart); 教育费附加 and
/// 地方教育附加 are nil when `education_exempt` (small sales, 财税〔2016〕12号).
pub fn surcharges(vat_fen: i64, city: CityTier, relief_pct: i64, education_exempt: bool) -> Surcharges {
    let base = vat_fen.max(0);
    let due = |pct: i64| {
        let tax = tax_on_net(base, pct);
        tax - tax_on_net(tax, relief_pct)
    };
    Surcharges {
        city_fen: due(city.percent()),
        education_fen: if education_exempt { 0 } else { due(3) },
        local_education_fen: if education_exempt { 0 } else { due(2) },
    }
}

/// Why a summary cannot be made. `record` is the 1-based position in the records given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum VatError {
    InvalidPeriod { year: i32, number: u32 },
    /// The policy table changes rates or thresholds inside the period.
    PolicyChangesWithinPeriod { date: NaiveDate },
    RateNotForTaxpayer { record: usize, rate: TaxRate, taxpayer: TaxpayerType },
    ChargedRateMismatch { record: usize, item_rate: TaxRate, rate: TaxRate },
    /// 1% charged on a 3% item while no reduced levy rate is in force.
    ReducedRateNotInForce { record: usize },
    AmountsDontAdd { record: usize, gross_fen: i64, amount_fen: i64, tax_fen: i64 },
    TaxOnUntaxedSale { record: usize },
    /// A 专票 always charges tax: no 免税 and no 0% on it.
    SpecialInvoiceUntaxed { record: usize },
    NegativeOpeningCredit { fen: i64 },
}

impl VatError {
    pub fn code(&self) -> &'static str {
        use VatError::*;
        match self {
            InvalidPeriod { .. } => "vat_invalid_period",
            PolicyChangesWithinPeriod { .. } => "vat_policy_changes_within_period",
            RateNotForTaxpayer { .. } => "vat_rate_not_for_taxpayer",
            ChargedRateMismatch { .. } => "vat_charged_rate_mismatch",
            ReducedRateNotInForce { .. } => "vat_reduced_rate_not_in_force",
            AmountsDontAdd { .. } => "vat_amounts_dont_add",
            TaxOnUntaxedSale { .. } => "vat_tax_on_untaxed_sale",
            SpecialInvoiceUntaxed { .. } => "vat_special_invoice_untaxed",
            NegativeOpeningCredit { .. } => "vat_negative_opening_credit",
        }
    }
}

/// Checks every record shares: the figures add up, and untaxed sales carry no tax.
pub(crate) fn check_figures(record: usize, s: &SaleRecord) -> Option<VatError> {
    if s.amount_fen + s.tax_fen != s.gross_fen {
        return Some(VatError::AmountsDontAdd { record, gross_fen: s.gross_fen, amount_fen: s.amount_fen, tax_fen: s.tax_fen });
    }
    if !s.rate.charges_tax() && s.tax_fen != 0 {
        return Some(VatError::TaxOnUntaxedSale { record });
    }
    if s.doc == SaleDoc::Special && !s.rate.charges_tax() {
        return Some(VatError::SpecialInvoiceUntaxed { record });
    }
    None
}

/// The records dated inside `period`, with their 1-based positions.
pub(crate) fn in_period(period: Period, sales: &[SaleRecord]) -> Vec<(usize, &SaleRecord)> {
    sales.iter().enumerate().filter(|(_, s)| period.contains(shanghai_date(s.at_ms))).map(|(i, s)| (i + 1, s)).collect()
}
