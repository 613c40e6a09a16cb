//! VAT summary of a 一般纳税人, laid out as the main table of the 《增值税及附加税费申报表
//! （一般纳税人适用）》 ("一般项目" column, 本月数): lines 1–24, 34 and the surcharge lines
//! 39–41. Lines this app has no data for (纳税检查, 免抵退, 预缴, 税额抵减) are zero.
//!
//! Formulas of the form: 17 = 12 + 13 − 14 − 15 + 16; 18 = 17 if 17 < 11, else 11;
//! 19 = 11 − 18; 20 = 17 − 18 (期末留抵, carried to the next period's 13); 24 = 19 + 21 − 23;
//! 34 = 24 (no prepayments). Output tax (11) and simplified-method tax (21) are the sums of
//! the tax on the sale records (the invoices' own figures); input tax (12) is the tax
//! confirmed for deduction (勾选) in the period.
//!
//! A quarter is three monthly returns chained through line 20 → 13; its total adds up the
//! flows, keeps the first month's 13 and the last month's 20, and so 17 = 18 + 20.

use crate::tax::logic_rate::{TaxRate, TaxpayerType};
use crate::tax::logic_vat::{check_figures, in_period, shanghai_date, surcharges, CityTier, InputTax, Period, SaleKind, SaleRecord, VatError};
use crate::tax::logic_vat_policy::TaxPolicy;
use serde::{Deserialize, Serialize};

/// Line numbers this summary fills, in the form's order.
pub const GENERAL_LINES: [u8; 28] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 34, 39, 40, 41];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneralLine {
    pub no: u8,
    pub fen: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneralReturn {
    pub period: Period,
    /// The lines of [`GENERAL_LINES`], in that order.
    pub lines: Vec<GeneralLine>,
}

impl GeneralReturn {
    /// Line `no`; 0 for a line the summary does not fill.
    pub fn line(&self, no: u8) -> i64 {
        self.lines.iter().find(|l| l.no == no).map_or(0, |l| l.fen)
    }

    /// 期末留抵税额 (line 20), the next period's line 13.
    pub fn closing_credit_fen(&self) -> i64 {
        self.line(20)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneralParams {
    pub period: Period,
    /// 上期留抵税额 (the previous period's line 20).
    pub opening_credit_fen: i64,
    /// 进项税额转出.
    pub transfer_out_fen: i64,
    pub city: CityTier,
    /// 六税两费 relief applies (小型微利企业 or 个体工商户 that is a general taxpayer).
    pub surcharge_relief: bool,
}

/// Three months chained, and their total.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneralQuarter {
    pub months: Vec<GeneralReturn>,
    pub total: GeneralReturn,
}

fn check_record(record: usize, s: &SaleRecord) -> Option<VatError> {
    if let Some(e) = check_figures(record, s) {
        return Some(e);
    }
    if s.item_rate == TaxRate::R1 {
        return Some(VatError::RateNotForTaxpayer { record, rate: s.item_rate, taxpayer: TaxpayerType::General });
    }
    if s.rate != s.item_rate {
        return Some(VatError::ChargedRateMismatch { record, item_rate: s.item_rate, rate: s.rate });
    }
    None
}

/// The return for one period (a month, or a quarter for a quarterly filer).
pub fn general_return(p: &GeneralParams, sales: &[SaleRecord], inputs: &[InputTax], policy: &TaxPolicy) -> Result<GeneralReturn, Vec<VatError>> {
    let pol = policy.for_period(p.period).map_err(|e| vec![e])?;
    if p.opening_credit_fen < 0 {
        return Err(vec![VatError::NegativeOpeningCredit { fen: p.opening_credit_fen }]);
    }
    let records = in_period(p.period, sales);
    let errors: Vec<VatError> = records.iter().filter_map(|(i, s)| check_record(*i, s)).collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut l = [0i64; 42];
    for (_, s) in &records {
        let (total, goods, labour) = match s.item_rate {
            TaxRate::R13 | TaxRate::R9 | TaxRate::R6 => (1, 2, 3),
            TaxRate::R5 | TaxRate::R3 => (5, 0, 0),
            _ => (8, 9, 10),
        };
        l[total] += s.amount_fen;
        match s.kind {
            SaleKind::Goods if goods > 0 => l[goods] += s.amount_fen,
            SaleKind::Labour if labour > 0 => l[labour] += s.amount_fen,
            _ => {}
        }
        l[if total == 5 { 21 } else { 11 }] += s.tax_fen;
    }
    l[12] = inputs.iter().filter(|t| p.period.contains(shanghai_date(t.selected_at_ms))).map(|t| t.tax_fen).sum();
    l[13] = p.opening_credit_fen;
    l[14] = p.transfer_out_fen;
    l[17] = l[12] + l[13] - l[14] - l[15] + l[16];
    l[18] = if l[17] < l[11] { l[17] } else { l[11] };
    l[19] = l[11] - l[18];
    l[20] = l[17] - l[18];
    l[24] = l[19] + l[21] - l[23];
    l[34] = l[24];
    let sales_fen = l[1] + l[5] + l[8];
    let edu_exempt = pol.education_threshold(p.period).is_some_and(|t| sales_fen <= t);
    let relief = if p.surcharge_relief { pol.surcharge_relief_pct } else { 0 };
    let sur = surcharges(l[24], p.city, relief, edu_exempt);
    (l[39], l[40], l[41]) = (sur.city_fen, sur.education_fen, sur.local_education_fen);
    let lines = GENERAL_LINES.iter().map(|&no| GeneralLine { no, fen: l[usize::from(no)] }).collect();
    Ok(GeneralReturn { period: p.period, lines })
}

/// A quarter as three monthly returns, each month's closing credit opening the next.
/// `transfer_out_fen` is per month.
pub fn general_quarter(
    p: &GeneralParams,
    transfer_out_fen: [i64; 3],
    sales: &[SaleRecord],
    inputs: &[InputTax],
    policy: &TaxPolicy,
) -> Result<GeneralQuarter, Vec<VatError>> {
    let period = p.period.check().map_err(|e| vec![e])?;
    let mut opening = p.opening_credit_fen;
    let mut months = Vec::new();
    for (month, out) in period.months().into_iter().zip(transfer_out_fen) {
        let mp = GeneralParams { period: month, opening_credit_fen: opening, transfer_out_fen: out, ..*p };
        let r = general_return(&mp, sales, inputs, policy)?;
        opening = r.closing_credit_fen();
        months.push(r);
    }
    let total = quarter_total(period, &months);
    Ok(GeneralQuarter { months, total })
}

fn quarter_total(period: Period, months: &[GeneralReturn]) -> GeneralReturn {
    let sum = |no: u8| months.iter().map(|m| m.line(no)).sum::<i64>();
    let first = months.first().map_or(0, |m| m.line(13));
    let last = months.last().map_or(0, |m| m.line(20));
    let lines = GENERAL_LINES
        .iter()
        .map(|&no| {
            let fen = match no {
                13 => first,
                20 => last,
                17 => sum(12) + first - sum(14) - sum(15) + sum(16),
                _ => sum(no),
            };
            GeneralLine { no, fen }
        })
        .collect();
    GeneralReturn { period, lines }
}

#[cfg(test)]
#[path = "logic_vat_general_tests.rs"]
mod tests;
