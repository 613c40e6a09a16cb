//! Price-including-tax invoice lines → amount excluding tax (金额) + tax (税额) per line, as a
//! 数电票 prints them.
//!
//! Rules:
//! * every line: 金额 + 税额 = its price including tax (价税合计), to the fen;
//! * every rate group: Σ 税额 = tax on the group's total price, `G × r / (1 + r)` rounded
//!   half-up to the fen. Each line first gets its own rounded tax; the difference to the
//!   group's tax goes on the group's last line. Only if that would push the last line
//!   outside the platform's per-line tolerance (|金额 × 税率 − 税额| ≤ 0.06) does the rest
//!   spill, fen by fen, onto the lines before it (many tiny lines can need this);
//! * 0% lines carry no tax; 免税 lines carry no tax, print `***` and 金额 = 价税合计;
//! * 单价 (excluding tax) = 金额 ÷ 数量, rounded half-up to at most 8 decimals, and 数量
//!   may have up to 8 decimals (the limits 数电票 issuing interfaces document);
//! * the item column is `*简称*商品名`, e.g. `*焙烤食品*蛋糕`, where 简称 is the short name
//!   of the 税收分类编码.
//!
//! Negative lines (red-letter) are split symmetrically; lines of one split share one sign.

use crate::tax::logic_fen::{fen_to_yuan, yuan_to_fen};
use crate::tax::logic_rate::{tax_in_gross, TaxRate};
use rust_decimal::prelude::*;
use serde::{Deserialize, Serialize};

/// Largest |价税合计| of one line, in fen (one trillion yuan).
pub const MAX_LINE_FEN: i64 = 100_000_000_000_000;
/// Per-line tolerance between 税额 and 金额 × 税率, in fen.
pub const LINE_TAX_TOLERANCE_FEN: i64 = 6;
/// Decimals allowed in 数量 and 单价.
pub const QTY_PRICE_DECIMALS: u32 = 8;

/// How the price of a line is given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PriceInput {
    /// The line's total including tax, in fen.
    Gross { fen: i64 },
    /// Unit price including tax in yuan (up to 8 decimals); needs a quantity.
    UnitPriceInclTax { price: Decimal },
}

/// One line as the user enters it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineInput {
    /// 商品名, e.g. 蛋糕.
    pub name: String,
    /// Short name of the tax classification, e.g. 焙烤食品.
    pub tax_short_name: String,
    /// 规格型号 (may be empty).
    pub spec: String,
    /// 单位 (may be empty).
    pub unit: String,
    /// 数量; optional when the price is a total.
    pub qty: Option<Decimal>,
    pub price: PriceInput,
    pub rate: TaxRate,
}

/// One line as printed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SplitLine {
    /// `*简称*商品名`.
    pub item_name: String,
    pub spec: String,
    pub unit: String,
    pub qty: Option<Decimal>,
    /// 单价 excluding tax, at most 8 decimals, trailing zeros trimmed.
    pub unit_price_excl: Option<Decimal>,
    pub rate: TaxRate,
    /// 价税合计 of the line.
    pub gross_fen: i64,
    /// 金额 (excluding tax).
    pub amount_fen: i64,
    /// 税额.
    pub tax_fen: i64,
}

/// Totals of one rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateTotal {
    pub rate: TaxRate,
    pub gross_fen: i64,
    pub amount_fen: i64,
    pub tax_fen: i64,
}

/// The split lines with totals per rate (in [`TaxRate::ALL`] order) and overall.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Split {
    pub lines: Vec<SplitLine>,
    pub by_rate: Vec<RateTotal>,
    pub gross_fen: i64,
    pub amount_fen: i64,
    pub tax_fen: i64,
}

/// Why a line cannot be split. `line` is 1-based.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SplitError {
    NoLines,
    NameMissing { line: usize },
    TaxShortNameMissing { line: usize },
    QtyRequired { line: usize },
    QtyZero { line: usize },
    QtyTooPrecise { line: usize },
    UnitPriceNotPositive { line: usize },
    UnitPriceTooPrecise { line: usize },
    AmountZero { line: usize },
    AmountTooLarge { line: usize },
    /// Quantity and amount differ in sign, or the line's sign differs from the first line's.
    SignMismatch { line: usize },
    /// The group's rounding difference does not fit within the per-line tolerance.
    CannotBalance { rate: TaxRate },
}

impl SplitError {
    pub fn code(&self) -> &'static str {
        use SplitError::*;
        match self {
            NoLines => "split_no_lines",
            NameMissing { .. } => "split_name_missing",
            TaxShortNameMissing { .. } => "split_tax_short_name_missing",
            QtyRequired { .. } => "split_qty_required",
            QtyZero { .. } => "split_qty_zero",
            QtyTooPrecise { .. } => "split_qty_too_precise",
            UnitPriceNotPositive { .. } => "split_unit_price_not_positive",
            UnitPriceTooPrecise { .. } => "split_unit_price_too_precise",
            AmountZero { .. } => "split_amount_zero",
            AmountTooLarge { .. } => "split_amount_too_large",
            SignMismatch { .. } => "split_sign_mismatch",
            CannotBalance { .. } => "split_cannot_balance",
        }
    }
}


/// `*简称*商品名`. Stars and spaces around the short name are dropped; a name that already
/// carries the same prefix is kept as is.
pub fn item_name(tax_short_name: &str, name: &str) -> String {
    let short = tax_short_name.trim().trim_matches('*').trim();
    let name = name.trim();
    let prefix = format!("*{short}*");
    if name.starts_with(&prefix) {
        name.to_string()
    } else {
        format!("{prefix}{name}")
    }
}

/// Round half-up (away from zero) to the 8 decimals a 数电票 unit price may carry.
pub fn round_unit_price(price: Decimal) -> Decimal {
    price.round_dp_with_strategy(QTY_PRICE_DECIMALS, RoundingStrategy::MidpointAwayFromZero).normalize()
}

/// A unit price for display: at least 2 decimals, at most 8 (`29.50`, `29.49666667`).
pub fn format_unit_price(price: Decimal) -> String {
    let p = round_unit_price(price);
    if p.scale() < 2 {
        format!("{:.2}", p)
    } else {
        p.to_string()
    }
}

fn too_precise(d: Decimal) -> bool {
    d.normalize().scale() > QTY_PRICE_DECIMALS
}

/// Check one line and work out its 价税合计 in fen.
fn line_gross(line: usize, l: &LineInput) -> Result<i64, SplitError> {
    if let Some(q) = l.qty {
        if q.is_zero() {
            return Err(SplitError::QtyZero { line });
        }
        if too_precise(q) {
            return Err(SplitError::QtyTooPrecise { line });
        }
    }
    let gross = match &l.price {
        PriceInput::Gross { fen } => *fen,
        PriceInput::UnitPriceInclTax { price } => {
            if *price <= Decimal::ZERO {
                return Err(SplitError::UnitPriceNotPositive { line });
            }
            if too_precise(*price) {
                return Err(SplitError::UnitPriceTooPrecise { line });
            }
            let qty = l.qty.ok_or(SplitError::QtyRequired { line })?;
            let total = qty.checked_mul(*price).ok_or(SplitError::AmountTooLarge { line })?;
            yuan_to_fen(total).ok_or(SplitError::AmountTooLarge { line })?
        }
    };
    if gross == 0 {
        return Err(SplitError::AmountZero { line });
    }
    if gross.abs() > MAX_LINE_FEN {
        return Err(SplitError::AmountTooLarge { line });
    }
    if l.qty.is_some_and(|q| q.is_sign_negative() != (gross < 0)) {
        return Err(SplitError::SignMismatch { line });
    }
    Ok(gross)
}

/// Check every line; all problems are reported, not just the first.
fn check_lines(lines: &[LineInput]) -> Result<Vec<i64>, Vec<SplitError>> {
    if lines.is_empty() {
        return Err(vec![SplitError::NoLines]);
    }
    let mut errors = Vec::new();
    let mut grosses = Vec::with_capacity(lines.len());
    let mut sign: Option<bool> = None;
    for (i, l) in lines.iter().enumerate() {
        let line = i + 1;
        if l.name.trim().is_empty() {
            errors.push(SplitError::NameMissing { line });
        }
        if l.tax_short_name.trim().trim_matches('*').trim().is_empty() {
            errors.push(SplitError::TaxShortNameMissing { line });
        }
        match line_gross(line, l) {
            Ok(g) if *sign.get_or_insert(g < 0) != (g < 0) => errors.push(SplitError::SignMismatch { line }),
            Ok(g) => grosses.push(g),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(grosses)
    } else {
        Err(errors)
    }
}

/// Split price-including-tax lines into 金额 and 税额 (see the module rules).
pub fn split_lines(lines: &[LineInput]) -> Result<Split, Vec<SplitError>> {
    let grosses = check_lines(lines)?;
    let items: Vec<(i64, TaxRate)> = grosses.iter().zip(lines).map(|(g, l)| (*g, l.rate)).collect();
    let taxes = group_taxes(&items).map_err(|e| vec![e])?;
    let out: Vec<SplitLine> = lines
        .iter()
        .zip(items.iter().zip(&taxes))
        .map(|(l, ((gross, rate), tax))| SplitLine {
            item_name: item_name(&l.tax_short_name, &l.name),
            spec: l.spec.trim().to_string(),
            unit: l.unit.trim().to_string(),
            qty: l.qty.map(|q| q.normalize()),
            unit_price_excl: l.qty.map(|q| round_unit_price(fen_to_yuan(gross - tax) / q)),
            rate: *rate,
            gross_fen: *gross,
            amount_fen: gross - tax,
            tax_fen: *tax,
        })
        .collect();
    Ok(totals(out))
}

/// Assemble a [`Split`] from finished lines: totals per rate and overall.
pub fn totals(lines: Vec<SplitLine>) -> Split {
    let by_rate: Vec<RateTotal> = TaxRate::ALL
        .into_iter()
        .filter_map(|rate| {
            let of_rate = lines.iter().filter(|l| l.rate == rate);
            let mut t = RateTotal { rate, gross_fen: 0, amount_fen: 0, tax_fen: 0 };
            let mut any = false;
            for l in of_rate {
                any = true;
                t.gross_fen += l.gross_fen;
                t.amount_fen += l.amount_fen;
                t.tax_fen += l.tax_fen;
            }
            any.then_some(t)
        })
        .collect();
    Split {
        gross_fen: by_rate.iter().map(|t| t.gross_fen).sum(),
        amount_fen: by_rate.iter().map(|t| t.amount_fen).sum(),
        tax_fen: by_rate.iter().map(|t| t.tax_fen).sum(),
        by_rate,
        lines,
    }
}

/// Tax per line for (价税合计, rate) pairs of one sign, following the group rule. Each
/// |价税合计| must be at most [`MAX_LINE_FEN`] (as [`split_lines`] checks).
pub fn group_taxes(items: &[(i64, TaxRate)]) -> Result<Vec<i64>, SplitError> {
    let mut taxes: Vec<i64> = items.iter().map(|(g, r)| tax_in_gross(*g, *r)).collect();
    for rate in TaxRate::ALL.into_iter().filter(|r| r.charges_tax()) {
        let idx: Vec<usize> = (0..items.len()).filter(|i| items[*i].1 == rate).collect();
        if idx.is_empty() {
            continue;
        }
        let group_gross: i64 = idx.iter().map(|i| items[*i].0).sum();
        let diff = tax_in_gross(group_gross, rate) - idx.iter().map(|i| taxes[*i]).sum::<i64>();
        place_difference(items, &mut taxes, &idx, diff, rate)?;
    }
    Ok(taxes)
}

/// Put `diff` fen on the last line of the group, spilling backwards only past the tolerance.
fn place_difference(
    items: &[(i64, TaxRate)],
    taxes: &mut [i64],
    idx: &[usize],
    mut diff: i64,
    rate: TaxRate,
) -> Result<(), SplitError> {
    for &i in idx.iter().rev() {
        if diff == 0 {
            break;
        }
        let (lo, hi) = feasible_tax_range(items[i].0, rate);
        let moved = (taxes[i] + diff).clamp(lo, hi) - taxes[i];
        taxes[i] += moved;
        diff -= moved;
    }
    if diff == 0 {
        Ok(())
    } else {
        Err(SplitError::CannotBalance { rate })
    }
}

/// Taxes `t` (fen) a line of price `g` may carry: |(g − t)·r − t| ≤ tolerance, i.e.
/// |g·p − t·(100 + p)| ≤ 100·tolerance, and `t` between 0 and `g`.
fn feasible_tax_range(g: i64, rate: TaxRate) -> (i64, i64) {
    let p = rate.percent();
    let (d, tol) = (100 + p, 100 * LINE_TAX_TOLERANCE_FEN);
    let lo = -(-(g * p - tol)).div_euclid(d);
    let hi = (g * p + tol).div_euclid(d);
    if g >= 0 {
        (lo.max(0), hi.min(g))
    } else {
        (lo.max(g), hi.min(0))
    }
}

#[cfg(test)]
#[path = "logic_split_tests.rs"]
mod tests;
