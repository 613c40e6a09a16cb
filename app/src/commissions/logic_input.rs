//! The rule editor's input, parsed and checked: thresholds in yuan, rates in percent (`8`,
//! `8.5`, `8.5%`), the effective date as `2026-12-01`. Blank rows are left out; a blank
//! override level is 0% (trailing blank levels are dropped). Used by the server on save and
//! preview, and by the editor in the browser to mark problems before sending.

use super::logic::{CommissionError, Month};
use super::logic_rules::{CategoryRate, ProductRate, RateField, RuleSet, Tier};
use super::RuleSetInput;
use crate::error::{AppError, CommonError};
use crate::money::Money;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::str::FromStr;

/// Most tiers a rule set may have.
pub const MAX_TIERS: usize = 10;
/// Most category and product rates (each) in a rule set.
pub const MAX_SPECIAL: usize = 50;
/// Override levels the form may carry (more than 3 is refused with the regulation's reason).
const MAX_OVERRIDE_INPUTS: usize = 10;

/// `2026-12-01` → a date.
pub fn parse_date(field: &str, s: &str) -> Result<NaiveDate, CommissionError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| CommissionError::BadDate { field: field.into() })
}

/// A rate typed in percent (`8.5`, `8.5%`) as a fraction (0.085).
pub fn parse_percent(s: &str) -> Option<Decimal> {
    let t = s.trim().trim_end_matches(['%', '％']).trim();
    if t.is_empty() || t.len() > 10 {
        return None;
    }
    Decimal::from_str(t).ok().map(|d| d / Decimal::ONE_HUNDRED)
}

fn rate(field: RateField, s: &str, problems: &mut Vec<CommissionError>) -> Decimal {
    parse_percent(s).unwrap_or_else(|| {
        problems.push(CommissionError::BadRate { field });
        Decimal::ZERO
    })
}

/// Parse the editor's input into a rule set with id `id`, checking it whole. Returns the rule
/// set, or the one problem, or every problem (`InvalidCandidate`) when there are several.
pub fn parse_rule_set(input: &RuleSetInput, id: i64) -> Result<RuleSet, AppError> {
    let mut problems = Vec::new();
    let effective_from = parse_date("effective_from", &input.effective_from).unwrap_or_else(|e| {
        problems.push(e);
        NaiveDate::MIN
    });
    let rows: Vec<_> = input.tiers.iter().filter(|t| !(t.from.trim().is_empty() && t.rate.trim().is_empty())).collect();
    if rows.len() > MAX_TIERS {
        return Err(CommissionError::TooManyTiers { max: MAX_TIERS as u32 }.into());
    }
    let mut tiers = Vec::new();
    for (i, t) in rows.iter().enumerate() {
        let from_fen = match Money::parse(if t.from.trim().is_empty() && i == 0 { "0" } else { &t.from }) {
            Ok(m) if m.0 <= Decimal::from(Money::MAX_INPUT_YUAN) => m.to_fen(),
            _ => {
                problems.push(CommissionError::BadThreshold { index: i });
                0
            }
        };
        tiers.push(Tier { from_fen, rate: rate(RateField::Tier(i), &t.rate, &mut problems) });
    }
    if input.overrides.len() > MAX_OVERRIDE_INPUTS {
        return Err(CommissionError::TooManyLevels { levels: input.overrides.len() }.into());
    }
    let mut overrides: Vec<Decimal> = input
        .overrides
        .iter()
        .enumerate()
        .map(|(i, s)| if s.trim().is_empty() { Decimal::ZERO } else { rate(RateField::Override(i + 1), s, &mut problems) })
        .collect();
    while overrides.last().is_some_and(|r| r.is_zero()) {
        overrides.pop();
    }
    let category_rates = categories(input, &mut problems)?;
    let product_rates = products(input, &mut problems)?;
    let rule = RuleSet { id, effective_from, mode: input.mode, tiers, overrides, category_rates, product_rates, accrue_on: input.accrue_on };
    // Rules are checked once every field reads: a rate that is not a number would otherwise
    // also show up as a falling tier.
    if problems.is_empty() {
        problems = rule.problems();
    }
    match problems.len() {
        0 => Ok(rule),
        1 => Err(problems.remove(0).into()),
        _ => Err(CommissionError::InvalidCandidate { problems }.into()),
    }
}

fn categories(input: &RuleSetInput, problems: &mut Vec<CommissionError>) -> Result<Vec<CategoryRate>, AppError> {
    let rows: Vec<_> = input.category_rates.iter().filter(|c| !(c.category.trim().is_empty() && c.rate.trim().is_empty())).collect();
    if rows.len() > MAX_SPECIAL {
        return Err(CommissionError::TooManySpecialRates { max: MAX_SPECIAL as u32 }.into());
    }
    let mut out = Vec::new();
    for c in rows {
        let category = c.category.trim().to_string();
        if category.is_empty() {
            return Err(CommonError::Required { field: "category_rates".into() }.into());
        }
        let r = rate(RateField::Category(category.clone()), &c.rate, problems);
        out.push(CategoryRate { category, rate: r });
    }
    Ok(out)
}

fn products(input: &RuleSetInput, problems: &mut Vec<CommissionError>) -> Result<Vec<ProductRate>, AppError> {
    let rows: Vec<_> = input.product_rates.iter().filter(|p| !(p.product_id.trim().is_empty() && p.rate.trim().is_empty())).collect();
    if rows.len() > MAX_SPECIAL {
        return Err(CommissionError::TooManySpecialRates { max: MAX_SPECIAL as u32 }.into());
    }
    let mut out = Vec::new();
    for p in rows {
        let product_id: i64 = match p.product_id.trim().parse() {
            Ok(id) if id > 0 => id,
            _ => return Err(CommonError::BadChoice { field: "product_rates".into() }.into()),
        };
        let r = rate(RateField::Product(product_id), &p.rate, problems);
        out.push(ProductRate { product_id, rate: r });
    }
    Ok(out)
}

/// The editor's rows for a saved rule set (to edit it, or to start a new one from it).
pub fn input_of(v: &super::RuleSetView, as_new: bool, effective_from: NaiveDate) -> RuleSetInput {
    let pct = |r: &Decimal| (r * Decimal::ONE_HUNDRED).normalize().to_string();
    let yuan = |m: &Money| {
        let s = format!("{:.2}", m.0);
        s.trim_end_matches(".00").to_string()
    };
    RuleSetInput {
        id: if as_new { None } else { Some(v.id) },
        effective_from: effective_from.format("%Y-%m-%d").to_string().into(),
        mode: v.mode,
        accrue_on: v.accrue_on,
        tiers: v.tiers.iter().map(|(from, r)| super::TierInput { from: yuan(from).into(), rate: pct(r).into() }).collect(),
        overrides: v.overrides.iter().map(|r| pct(r).into()).collect(),
        category_rates: v.category_rates.iter().map(|(c, r)| super::CategoryRateInput { category: c.as_str().into(), rate: pct(r).into() }).collect(),
        product_rates: v.product_rates.iter().map(|(id, _, r)| super::ProductRateInput { product_id: id.to_string().into(), rate: pct(r).into() }).collect(),
        note: v.note.as_str().into(),
    }
}

/// The month a preview applies a candidate to: the month before `today`'s.
pub fn preview_month(today: NaiveDate) -> Month {
    Month::of_date(today).prev()
}
