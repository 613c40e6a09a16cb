//! VAT summary of a 小规模纳税人 for a month or a quarter, laid out as the main table of the
//! 《增值税及附加税费申报表（小规模纳税人适用）》 (2021 form, 国家税务总局公告2021年第20号):
//! lines 1–25, each with the two columns 货物及劳务 and 服务、不动产和无形资产.
//!
//! How the figures are made (our reading; see the report for sources):
//! * Threshold test: the period's sales as recorded — 金额 excluding tax for sales charged
//!   tax, 价税合计 for sales charged none — over both columns, including items exempt on
//!   their own. At or below the threshold (100,000 a month / 300,000 a quarter from 2023) the
//!   small-business exemption applies; above it, it does not apply at all: there is no
//!   partial exemption of the first 300,000.
//! * Under the exemption, sales charged no tax are 免税销售额 (line 10, or line 11 for an
//!   individual business, 个体工商户); sales charged tax — every 专票, and any 普票 showing tax —
//!   stay taxable (the buyer was charged the tax).
//! * Above the threshold, sales charged no tax become taxable: their 价税合计 is taken as
//!   including tax at the levy rate in force (1% for 3% items in 2023–2027) and divided out,
//!   per column, item levy and document, rounded half-up to the fen.
//! * Line 15 = line 1 × 3% + line 4 × 5%; line 16 (减征额) = the 1%-taxed part of line 1 × 2%,
//!   as the 2023 guidance says to fill the reduced rate; line 17 (免税额) = exempt sales ×
//!   the levy rate in force for them; line 20 = 15 − 16; no prepayments, so 22 = 20.
//! * Lines 23–25 (附加税费) are one figure each, given in the first column, on line 20's total.

use crate::tax::logic_rate::{net_of_gross, tax_on_net, TaxRate, TaxpayerType};
use crate::tax::logic_vat::{check_figures, in_period, surcharges, CityTier, Period, SaleDoc, SaleKind, SaleRecord, VatError};
use crate::tax::logic_vat_policy::{PolicyInForce, TaxPolicy};
use serde::{Deserialize, Serialize};

/// One line of the small-scale table, both columns, 本期数.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmallLine {
    pub no: u8,
    /// 货物及劳务
    pub goods_fen: i64,
    /// 服务、不动产和无形资产
    pub services_fen: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmallScaleReturn {
    pub period: Period,
    /// The figure tested against the threshold.
    pub sales_fen: i64,
    pub threshold_fen: Option<i64>,
    /// The small-business exemption applies.
    pub exempt: bool,
    /// Lines 1–25 in order.
    pub lines: Vec<SmallLine>,
}

impl SmallScaleReturn {
    /// Line `no` (1–25); zeros for a number the table does not have.
    pub fn line(&self, no: u8) -> SmallLine {
        self.lines.iter().find(|l| l.no == no).copied().unwrap_or(SmallLine { no, goods_fen: 0, services_fen: 0 })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmallScaleParams {
    pub period: Period,
    /// 个体工商户: exempt sales go to line 11 (未达起征点) instead of line 10 (小微企业).
    pub individual_business: bool,
    pub city: CityTier,
}

/// Figures of one column as they accumulate.
#[derive(Default)]
struct Column {
    l: [i64; 26],
    /// Part of line 1 taxed at the reduced rate.
    reduced: i64,
    /// Untaxed 价税合计 to convert when over the threshold: (levy item 3/5, doc) → gross.
    untaxed: Vec<(i64, SaleDoc, i64)>,
    /// Exempt sales for line 17: (levy percent in force, line 18/19 or none, 金额 total).
    exempt: Vec<(i64, Option<usize>, i64)>,
}

impl Column {
    fn add_exempt(&mut self, levy: i64, sub_line: Option<usize>, amount: i64) {
        match self.exempt.iter_mut().find(|(l, s, _)| *l == levy && *s == sub_line) {
            Some(group) => group.2 += amount,
            None => self.exempt.push((levy, sub_line, amount)),
        }
    }
}

/// Make the summary. Records outside the period are ignored; every bad record in it is reported.
pub fn small_scale_return(p: &SmallScaleParams, sales: &[SaleRecord], policy: &TaxPolicy) -> Result<SmallScaleReturn, Vec<VatError>> {
    let pol = policy.for_period(p.period).map_err(|e| vec![e])?;
    let records = in_period(p.period, sales);
    let errors: Vec<VatError> = records.iter().filter_map(|(i, s)| check_record(*i, s, &pol)).collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let sales_fen: i64 = records.iter().map(|(_, s)| s.amount_fen).sum();
    let threshold_fen = pol.exemption_threshold(p.period);
    let exempt = threshold_fen.is_some_and(|t| sales_fen <= t);
    let (mut goods, mut services) = (Column::default(), Column::default());
    for (_, s) in &records {
        let col = if s.kind == SaleKind::Service { &mut services } else { &mut goods };
        place(col, s, exempt, p.individual_business, &pol);
    }
    for col in [&mut goods, &mut services] {
        finish(col, &pol);
    }
    let vat = goods.l[20] + services.l[20];
    let edu_exempt = pol.education_threshold(p.period).is_some_and(|t| sales_fen <= t);
    let sur = surcharges(vat, p.city, pol.surcharge_relief_pct, edu_exempt);
    (goods.l[23], goods.l[24], goods.l[25]) = (sur.city_fen, sur.education_fen, sur.local_education_fen);
    let lines = (1..=25u8).map(|no| SmallLine { no, goods_fen: goods.l[no as usize], services_fen: services.l[no as usize] }).collect();
    Ok(SmallScaleReturn { period: p.period, sales_fen, threshold_fen, exempt, lines })
}

fn check_record(record: usize, s: &SaleRecord, pol: &PolicyInForce) -> Option<VatError> {
    if let Some(e) = check_figures(record, s) {
        return Some(e);
    }
    let ok_rates: &[TaxRate] = match s.item_rate {
        TaxRate::R3 => &[TaxRate::R3, TaxRate::R1, TaxRate::Exempt],
        TaxRate::R5 => &[TaxRate::R5, TaxRate::Exempt],
        TaxRate::Exempt => &[TaxRate::Exempt],
        rate => return Some(VatError::RateNotForTaxpayer { record, rate, taxpayer: TaxpayerType::SmallScale }),
    };
    if !ok_rates.contains(&s.rate) {
        return Some(VatError::ChargedRateMismatch { record, item_rate: s.item_rate, rate: s.rate });
    }
    if s.rate == TaxRate::R1 && pol.reduced_levy != Some(TaxRate::R1) {
        return Some(VatError::ReducedRateNotInForce { record });
    }
    None
}

/// Put one sale on its lines (before conversion of untaxed sales).
fn place(col: &mut Column, s: &SaleRecord, exempt: bool, individual: bool, pol: &PolicyInForce) {
    let levy_item = s.item_rate.percent();
    if s.item_rate == TaxRate::Exempt {
        col.l[12] += s.amount_fen;
        // Items exempt on their own count in 17 but in neither 18 nor 19.
        col.add_exempt(pol.levy3_percent(), None, s.amount_fen);
    } else if s.rate.charges_tax() {
        add_taxable(col, levy_item, s.doc, s.amount_fen, s.rate.percent() < levy_item);
    } else if exempt {
        let (line, sub) = if individual { (11, 19) } else { (10, 18) };
        col.l[line] += s.amount_fen;
        let levy = if levy_item == 3 { pol.levy3_percent() } else { levy_item };
        col.add_exempt(levy, Some(sub), s.amount_fen);
    } else {
        match col.untaxed.iter_mut().find(|(l, d, _)| *l == levy_item && *d == s.doc) {
            Some(group) => group.2 += s.gross_fen,
            None => col.untaxed.push((levy_item, s.doc, s.gross_fen)),
        }
    }
}

/// Add a taxable 金额 to line 1 (3% items) or 4 (5% items) and the invoice sub-lines.
fn add_taxable(col: &mut Column, levy_item: i64, doc: SaleDoc, amount: i64, reduced: bool) {
    let (total, special, other) = if levy_item == 5 { (4, 5, 6) } else { (1, 2, 3) };
    col.l[total] += amount;
    match doc {
        SaleDoc::Special => col.l[special] += amount,
        SaleDoc::OtherInvoice => col.l[other] += amount,
        SaleDoc::NotInvoiced => {}
    }
    if reduced {
        col.reduced += amount;
    }
}

/// Convert untaxed sales when over the threshold, then compute lines 9 and 15–22.
fn finish(col: &mut Column, pol: &PolicyInForce) {
    for (levy_item, doc, gross) in std::mem::take(&mut col.untaxed) {
        let levy = if levy_item == 3 { pol.levy3_percent() } else { levy_item };
        add_taxable(col, levy_item, doc, net_of_gross(gross, levy), levy < levy_item);
    }
    let l = &mut col.l;
    l[9] = l[10] + l[11] + l[12];
    l[15] = tax_on_net(l[1], 3) + tax_on_net(l[4], 5);
    l[16] = tax_on_net(col.reduced, 3 - pol.levy3_percent());
    for (levy, sub_line, amount) in &col.exempt {
        let tax = tax_on_net(*amount, *levy);
        l[17] += tax;
        if let Some(sub) = sub_line {
            l[*sub] += tax;
        }
    }
    l[20] = l[15] - l[16];
    l[22] = l[20] - l[21];
}

#[cfg(test)]
#[path = "logic_vat_small_tests.rs"]
pub(crate) mod tests;
