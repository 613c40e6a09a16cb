//! Commission rule sets as the boss edits them, their checks, and the tier formula.
//!
//! A rule set has an effective-from business date. **Each order is governed by the rule set in
//! force on the business date (Asia/Shanghai) on which the order was placed** — not the one in
//! force on the first day of the month, and not the one in force when it shipped. So a change
//! effective 16 March applies to orders placed from 16 March 00:00 (Shanghai) on, which is what
//! agents expect when the boss announces "from today"; orders placed earlier keep the rules they
//! were sold under even if they ship later. The placing date (not the accrual event) is used
//! because `accrue_on` itself belongs to the rule set. Orders placed before the first rule set
//! earn no commission.
//!
//! Limits and why:
//! - a rate is a fraction (0.05 = 5%) in `0..=0.5` with at most 4 decimals (a basis point, the
//!   precision rates are stored in). The cap catches "10" typed for 10%, and 50% is far above
//!   what a 微商 team pays as commission (own 5–20%, overrides 5–10%); a larger cut is a resale
//!   margin, which belongs in agent prices (拿货价), not in commissions;
//! - the most one order can pay (highest own rate + all override levels) is at most 100% of its
//!   base: a rule set can never pay out more than the sale;
//! - tiers start at 0 fen, thresholds strictly ascend and rates never decrease (a falling rate
//!   would make selling more pay less, and the provisional rate relies on the first tier being
//!   the lowest);
//! - at most [`MAX_LEVELS`] override levels (multi-level pay deeper than that is the mark of
//!   传销 under 《禁止传销条例》).
//!
//! The tier formula (阶梯提成) on tiers `0: 5%, 10,000: 8%`: at ¥10,000.00 全额累进 pays 8% on
//! everything (¥800) while 超额累进 pays 5% on the first ¥10,000 (¥500) and 8% only above.
//! 全额累进 has a cliff (¥9,999.99 earns ¥500.00, one fen more earns ¥800.00); that is the
//! mode's nature, and the reason to offer 超额累进. A negative volume (possible only as a net of
//! clawbacks) is paid at the first tier's rate.

use super::logic::{CommissionError, Month};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Most override levels a rule set may pay (一级、二级、三级).
pub const MAX_LEVELS: usize = 3;
/// Highest single rate, 50%.
pub const MAX_RATE: Decimal = Decimal::from_parts(5, 0, 0, false, 1);
/// Most decimals in a rate: 4, i.e. one basis point (0.01%).
pub const MAX_RATE_SCALE: u32 = 4;

/// How tier rates apply to the month's own sales (阶梯提成).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TierMode {
    /// 全额累进: the whole month's volume at the rate of the tier reached.
    WholeAmount,
    /// 超额累进: each slice of volume at its own tier's rate, like progressive income tax.
    #[default]
    Marginal,
}

text_codes!(TierMode { WholeAmount = "whole_amount", Marginal = "marginal" });

/// Which status makes an order's commission accrue.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccrueOn {
    /// 已发货 (or later: a completed order has been shipped).
    #[default]
    Shipped,
    /// 已完成 only; fewer clawbacks, since most returns happen before completion.
    Completed,
}

text_codes!(AccrueOn { Shipped = "shipped", Completed = "completed" });

/// One tier: from this monthly volume (inclusive) up, this rate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    pub from_fen: i64,
    pub rate: Decimal,
}

/// A rate that replaces the tier rate for one category's order lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryRate {
    pub category: String,
    pub rate: Decimal,
}

/// A rate that replaces the tier (and any category) rate for one product's order lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductRate {
    pub product_id: i64,
    pub rate: Decimal,
}

/// A commission rule set, in force from `effective_from` until the next one's date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleSet {
    pub id: i64,
    /// Business date (Asia/Shanghai) from which orders placed are governed by this set.
    pub effective_from: NaiveDate,
    pub mode: TierMode,
    /// Ascending tiers; the first starts at 0.
    pub tiers: Vec<Tier>,
    /// Override rates on the downline's own sales: `overrides[0]` is level 1 (direct children).
    pub overrides: Vec<Decimal>,
    pub category_rates: Vec<CategoryRate>,
    pub product_rates: Vec<ProductRate>,
    pub accrue_on: AccrueOn,
}

/// Where a commission line's rate comes from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineSource {
    /// Own sales at the tier rate (provisional first-tier rate until month end).
    Tier,
    /// Own sales of a category with its own rate.
    Category(String),
    /// Own sales of a product with its own rate.
    Product(i64),
    /// A level 1–3 override on a downline's sales.
    Override,
    /// The month-end tier settlement.
    Settlement,
}

impl LineSource {
    /// The stored code and key (category name or product id, else empty).
    pub fn code_and_key(&self) -> (&'static str, String) {
        match self {
            LineSource::Tier => ("tier", String::new()),
            LineSource::Category(c) => ("category", c.clone()),
            LineSource::Product(p) => ("product", p.to_string()),
            LineSource::Override => ("override", String::new()),
            LineSource::Settlement => ("settlement", String::new()),
        }
    }

    /// From the stored code and key.
    pub fn from_code(code: &str, key: &str) -> Option<LineSource> {
        match code {
            "tier" => Some(LineSource::Tier),
            "category" => Some(LineSource::Category(key.to_string())),
            "product" => key.parse().ok().map(LineSource::Product),
            "override" => Some(LineSource::Override),
            "settlement" => Some(LineSource::Settlement),
            _ => None,
        }
    }
}

/// The rate field a problem is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RateField {
    /// 0-based tier index.
    Tier(usize),
    /// 1-based override level.
    Override(usize),
    Category(String),
    Product(i64),
}

impl RateField {
    /// The editor's list the field is in.
    pub fn list(&self) -> &'static str {
        match self {
            RateField::Tier(_) => "tiers",
            RateField::Override(_) => "overrides",
            RateField::Category(_) => "category_rates",
            RateField::Product(_) => "product_rates",
        }
    }
}

impl RuleSet {
    /// The first problem found, if any (see [`RuleSet::problems`] for all of them).
    pub fn validate(&self) -> Result<(), CommissionError> {
        match self.problems().into_iter().next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Every problem, in field order, so an editor can mark them all at once.
    pub fn problems(&self) -> Vec<CommissionError> {
        let mut out = self.tier_problems();
        out.extend(self.rate_problems());
        if self.overrides.len() > MAX_LEVELS {
            out.push(CommissionError::TooManyLevels { levels: self.overrides.len() });
        }
        let total = self.max_own_rate() + self.overrides.iter().copied().sum::<Decimal>();
        if total > Decimal::ONE {
            out.push(CommissionError::TotalRateTooHigh { total });
        }
        out.extend(self.duplicate_problems());
        out
    }

    fn tier_problems(&self) -> Vec<CommissionError> {
        let mut out = Vec::new();
        let Some(first) = self.tiers.first() else {
            return vec![CommissionError::NoTiers];
        };
        if first.from_fen != 0 {
            out.push(CommissionError::FirstTierNotZero { from_fen: first.from_fen });
        }
        for (index, pair) in self.tiers.windows(2).enumerate() {
            let (prev, cur) = (&pair[0], &pair[1]);
            if cur.from_fen <= prev.from_fen {
                out.push(CommissionError::TierNotAscending { index: index + 1, from_fen: cur.from_fen, previous_from_fen: prev.from_fen });
            }
            if cur.rate < prev.rate {
                out.push(CommissionError::TierRateDecreasing { index: index + 1, rate: cur.rate, previous_rate: prev.rate });
            }
        }
        out
    }

    fn rate_problems(&self) -> Vec<CommissionError> {
        let tiers = self.tiers.iter().enumerate().map(|(i, t)| (RateField::Tier(i), t.rate));
        let levels = self.overrides.iter().enumerate().map(|(i, r)| (RateField::Override(i + 1), *r));
        let cats = self.category_rates.iter().map(|c| (RateField::Category(c.category.clone()), c.rate));
        let prods = self.product_rates.iter().map(|p| (RateField::Product(p.product_id), p.rate));
        tiers.chain(levels).chain(cats).chain(prods).filter_map(|(field, rate)| check_rate(field, rate)).collect()
    }

    fn duplicate_problems(&self) -> Vec<CommissionError> {
        let mut out = Vec::new();
        for (i, c) in self.category_rates.iter().enumerate() {
            if self.category_rates[..i].iter().any(|x| x.category == c.category) {
                out.push(CommissionError::DuplicateCategoryRate { category: c.category.clone() });
            }
        }
        for (i, p) in self.product_rates.iter().enumerate() {
            if self.product_rates[..i].iter().any(|x| x.product_id == p.product_id) {
                out.push(CommissionError::DuplicateProductRate { product_id: p.product_id });
            }
        }
        out
    }

    /// The highest rate an agent can earn on own sales under this set.
    fn max_own_rate(&self) -> Decimal {
        let tiers = self.tiers.iter().map(|t| t.rate);
        let cats = self.category_rates.iter().map(|c| c.rate);
        let prods = self.product_rates.iter().map(|p| p.rate);
        tiers.chain(cats).chain(prods).max().unwrap_or(Decimal::ZERO)
    }

    /// The rate paid on an own order line at accrual, and where it comes from: the product's
    /// rate beats the category's, which beats the (provisional) tier rate.
    pub fn own_rate(&self, product_id: i64, category: Option<&str>) -> (LineSource, Decimal) {
        if let Some(p) = self.product_rates.iter().find(|p| p.product_id == product_id) {
            return (LineSource::Product(product_id), p.rate);
        }
        let cat = category.and_then(|name| self.category_rates.iter().find(|c| c.category == name));
        match cat {
            Some(c) => (LineSource::Category(c.category.clone()), c.rate),
            None => (LineSource::Tier, self.provisional_rate()),
        }
    }

    /// Rate of per-order tier lines before month end: the first (lowest) tier's rate.
    pub fn provisional_rate(&self) -> Decimal {
        self.tiers.first().map(|t| t.rate).unwrap_or(Decimal::ZERO)
    }
}

fn check_rate(field: RateField, rate: Decimal) -> Option<CommissionError> {
    if rate.is_sign_negative() && !rate.is_zero() || rate > MAX_RATE {
        Some(CommissionError::RateOutOfRange { field, rate })
    } else if rate.normalize().scale() > MAX_RATE_SCALE {
        Some(CommissionError::RateTooPrecise { field, rate })
    } else {
        None
    }
}

/// The rule set in force on a business date: the one with the latest `effective_from` on or
/// before it.
pub fn rule_in_force(rule_sets: &[RuleSet], date: NaiveDate) -> Option<&RuleSet> {
    rule_sets.iter().filter(|r| r.effective_from <= date).max_by_key(|r| r.effective_from)
}

/// Check a whole schedule: every set valid and no two sets starting on the same date (which
/// one governs would be ambiguous). Returns the first problem.
pub fn validate_schedule(rule_sets: &[RuleSet]) -> Result<(), CommissionError> {
    for (i, r) in rule_sets.iter().enumerate() {
        let invalid = |problem| CommissionError::InvalidRuleSet { rule_set_id: r.id, problem: Box::new(problem) };
        r.validate().map_err(invalid)?;
        if rule_sets[..i].iter().any(|x| x.effective_from == r.effective_from) {
            return Err(invalid(CommissionError::DuplicateEffectiveDate { effective_from: r.effective_from }));
        }
    }
    Ok(())
}

/// A new or edited rule set may not take effect inside a month whose statements are closed:
/// closed months are never recomputed.
pub fn check_effective_date(effective_from: NaiveDate, first_open_month: Month) -> Result<(), CommissionError> {
    if effective_from < first_open_month.first_day() {
        Err(CommissionError::EffectiveDateInClosedMonth { effective_from, first_open_month })
    } else {
        Ok(())
    }
}

/// Index of the tier reached by a volume: the last tier whose threshold is at or below it.
/// Volumes below the first threshold (only negative ones, for valid tiers) reach tier 0.
pub fn tier_index(tiers: &[Tier], volume_fen: i64) -> usize {
    tiers.iter().rposition(|t| t.from_fen <= volume_fen).unwrap_or(0)
}

/// Exact commission in (fractional) fen for `volume_fen` under the tier formula.
/// `tiers` must be valid (see `RuleSet::validate`); empty tiers pay nothing.
pub fn tier_commission(mode: TierMode, tiers: &[Tier], volume_fen: i64) -> Decimal {
    let Some(first) = tiers.first() else {
        return Decimal::ZERO;
    };
    let volume = Decimal::from(volume_fen);
    if volume_fen <= 0 {
        return volume * first.rate;
    }
    match mode {
        TierMode::WholeAmount => volume * tiers[tier_index(tiers, volume_fen)].rate,
        TierMode::Marginal => marginal(tiers, volume_fen),
    }
}

fn marginal(tiers: &[Tier], volume_fen: i64) -> Decimal {
    let mut total = Decimal::ZERO;
    for (i, tier) in tiers.iter().enumerate() {
        if volume_fen <= tier.from_fen {
            break;
        }
        let upper = tiers.get(i + 1).map_or(volume_fen, |next| next.from_fen.min(volume_fen));
        total += Decimal::from(upper - tier.from_fen) * tier.rate;
    }
    total
}
