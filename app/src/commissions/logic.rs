//! Pure commission rules (SPEC F4): the boss's rule sets, per-order commission lines, month-end
//! tier settlement, monthly statements and a preview of a candidate rule set. No IO: the
//! server, the rule editor in the browser and the demo seed use the same functions.
//!
//! The maths lives in the `logic_*` files next to this one:
//! - `logic_rules`: rule sets, their checks (3 override levels at most: 《禁止传销条例》) and the
//!   tier formula in both modes (全额累进, 超额累进);
//! - `logic_base`: an order's commission base (after discounts and coupons, without freight) and
//!   how it changes over time (accrual, refunds, cancellation); the agent tree;
//! - `logic_accrual`: commission lines per order (accrual and clawback);
//! - `logic_month`: month-end settlement, statements, the month-end run and its digest, preview;
//! - `logic_input`: the rule editor's text input, parsed and checked;
//! - `logic_flow`: which months may be run, approved and paid.
//!
//! Amounts inside the maths are integer fen (exact, and fast over a month of orders); every
//! product of an amount and a rate is rounded by `Money::round_fen` (half-up), through the two
//! helpers below. Rates are exact `Decimal`s, stored as basis points (0.05 = 500).
//! Months are business months in Asia/Shanghai (`crate::time`).

use super::logic_rules::RateField;
use crate::error::AreaError;
use crate::money::Money;
use crate::time;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Sales agent id (a user id).
pub type AgentId = i64;

/// `base_fen × rate`, rounded half-up to the fen.
pub fn fen_times_rate(base_fen: i64, rate: Decimal) -> i64 {
    Money::from_fen(base_fen).apply_rate(rate).to_fen()
}

/// `amount_fen × num / den`, rounded half-up to the fen: the proportional share used by
/// refunds and discount allocation. `den` must be positive.
pub fn fen_share(amount_fen: i64, num: i64, den: i64) -> i64 {
    debug_assert!(den > 0, "share of a zero or negative whole");
    Money(Money::from_fen(amount_fen).0 * Decimal::from(num) / Decimal::from(den)).to_fen()
}

/// An exact amount in (fractional) fen, rounded half-up to whole fen.
pub fn round_fen(fen: Decimal) -> i64 {
    Money(fen / Decimal::ONE_HUNDRED).to_fen()
}

/// A rate as basis points of the whole (0.05 → 500), as stored. Rates are checked to have at
/// most 4 decimals, so this is exact.
pub fn rate_bp(rate: Decimal) -> i64 {
    use rust_decimal::prelude::ToPrimitive;
    (rate * Decimal::from(10_000)).round().to_i64().unwrap_or(0)
}

/// A stored rate (basis points) as a decimal fraction.
pub fn rate_from_bp(bp: i64) -> Decimal {
    Decimal::new(bp, 4).normalize()
}

/// `0.085` → `8.5%`.
pub fn percent(rate: Decimal) -> String {
    format!("{}%", (rate * Decimal::ONE_HUNDRED).normalize())
}

/// `1234567` fen → `12345.67` (for messages; pages show `Money`).
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", fen.unsigned_abs() / 100, fen.unsigned_abs() % 100)
}

/// Business date (Asia/Shanghai) of an instant.
pub fn business_date(ms: i64) -> NaiveDate {
    time::date_of_day(time::day_of(ms))
}

/// First instant (UTC ms) of a business date.
pub fn date_start_ms(date: NaiveDate) -> i64 {
    time::day_start_ms(time::day_of_date(date))
}

/// A calendar month in the business time zone: the period of a statement. Written and read
/// as `2026-03`; stored as the number 202603. Field order makes `Ord` chronological.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl Month {
    /// The month, or `None` when `month` is not 1–12.
    pub fn new(year: i32, month: u32) -> Option<Month> {
        NaiveDate::from_ymd_opt(year, month, 1).map(|_| Month { year, month })
    }

    /// The business month containing an instant.
    pub fn of_ms(ms: i64) -> Month {
        Month::of_date(business_date(ms))
    }

    pub fn of_date(date: NaiveDate) -> Month {
        Month { year: date.year(), month: date.month() }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("valid month")
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().expect("a day before")
    }

    pub fn next(self) -> Month {
        if self.month == 12 { Month { year: self.year + 1, month: 1 } } else { Month { year: self.year, month: self.month + 1 } }
    }

    pub fn prev(self) -> Month {
        if self.month == 1 { Month { year: self.year - 1, month: 12 } } else { Month { year: self.year, month: self.month - 1 } }
    }

    /// First instant (UTC ms) of the month in the business zone.
    pub fn start_ms(self) -> i64 {
        date_start_ms(self.first_day())
    }

    /// Last instant (UTC ms) of the month in the business zone.
    pub fn last_ms(self) -> i64 {
        self.next().start_ms() - 1
    }

    /// The stored form: 202603.
    pub fn key(self) -> i64 {
        i64::from(self.year) * 100 + i64::from(self.month)
    }

    pub fn from_key(key: i64) -> Option<Month> {
        Month::new(i32::try_from(key / 100).ok()?, u32::try_from(key % 100).ok()?)
    }

    /// `2026-03` (also `2026-3`, and `202603`).
    pub fn parse(s: &str) -> Option<Month> {
        let s = s.trim();
        match s.split_once('-') {
            Some((y, m)) if y.len() == 4 && (1..=2).contains(&m.len()) => Month::new(y.parse().ok()?, m.parse().ok()?),
            None if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) => Month::from_key(s.parse().ok()?),
            _ => None,
        }
    }
}

/// `2026-03`.
impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Month::parse(&s).ok_or_else(|| serde::de::Error::custom("a month such as 2026-03"))
    }
}

/// A refusal of the commissions area: a rule set that cannot be saved, data a month cannot be
/// computed from, or a step of the month's workflow out of turn.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum CommissionError {
    // The rule set editor.
    NoTiers,
    TooManyTiers { max: u32 },
    FirstTierNotZero { from_fen: i64 },
    TierNotAscending { index: usize, from_fen: i64, previous_from_fen: i64 },
    TierRateDecreasing { index: usize, rate: Decimal, previous_rate: Decimal },
    /// A rate field that is not a number.
    BadRate { field: RateField },
    RateOutOfRange { field: RateField, rate: Decimal },
    RateTooPrecise { field: RateField, rate: Decimal },
    TooManyLevels { levels: usize },
    TotalRateTooHigh { total: Decimal },
    TooManySpecialRates { max: u32 },
    DuplicateCategoryRate { category: String },
    DuplicateProductRate { product_id: i64 },
    UnknownProduct { product_id: i64 },
    BadDate { field: String },
    /// A tier's threshold (in yuan) that is not an amount; `index` is 0-based.
    BadThreshold { index: usize },
    DuplicateEffectiveDate { effective_from: NaiveDate },
    EffectiveDateInClosedMonth { effective_from: NaiveDate, first_open_month: Month },
    /// The rule set governs a closed month: it can no longer change.
    RuleSetLocked { effective_from: NaiveDate },
    // An order's figures.
    NegativeAmount { order_id: i64, field: String },
    LineDiscountTooLarge { order_id: i64, line: usize },
    InvalidRefund { order_id: i64, refund_id: i64 },
    RefundExceedsBase { order_id: i64, refund_id: i64, refunded_fen: i64, base_fen: i64 },
    // The agent tree.
    DuplicateAgent { agent_id: i64 },
    UnknownParent { agent_id: i64, parent_id: i64 },
    AgentCycle { agent_id: i64 },
    // A month's computation.
    UnknownAgent { order_id: i64, agent_id: i64 },
    MissingPriorLines { order_id: i64, accrued_month: Month },
    PriorLinesMismatch { order_id: i64, paid_on_fen: i64, now_fen: i64 },
    UnknownRuleSet { rule_set_id: i64 },
    InvalidRuleSet { rule_set_id: i64, problem: Box<CommissionError> },
    DuplicateOrder { order_id: i64 },
    /// Every problem of a candidate rule set, for the editor to mark.
    InvalidCandidate { problems: Vec<CommissionError> },
    // The month's workflow.
    MonthInFuture { month: Month },
    /// No rule set is in force in the month: it has no commissions to run.
    NoRulesInForce { month: Month },
    MonthClosed { month: Month },
    PreviousMonthOpen { month: Month },
    MonthNotRun { month: Month },
    MonthNotOver { month: Month },
    /// Orders, refunds or rules changed since the month was run: run it again, then approve.
    StaleRun { month: Month },
    NotConfirmed,
    AlreadyPaid,
    PayDateOutOfRange { earliest: NaiveDate, latest: NaiveDate },
}

impl AreaError for CommissionError {
    fn code(&self) -> &'static str {
        use CommissionError::*;
        match self {
            NoTiers => "no_tiers",
            TooManyTiers { .. } => "too_many_tiers",
            FirstTierNotZero { .. } => "first_tier_not_zero",
            TierNotAscending { .. } => "tier_not_ascending",
            TierRateDecreasing { .. } => "tier_rate_decreasing",
            BadRate { .. } => "bad_rate",
            RateOutOfRange { .. } => "rate_out_of_range",
            RateTooPrecise { .. } => "rate_too_precise",
            TooManyLevels { .. } => "too_many_levels",
            TotalRateTooHigh { .. } => "total_rate_too_high",
            TooManySpecialRates { .. } => "too_many_special_rates",
            DuplicateCategoryRate { .. } => "duplicate_category_rate",
            DuplicateProductRate { .. } => "duplicate_product_rate",
            UnknownProduct { .. } => "unknown_product",
            BadDate { .. } => "bad_date",
            BadThreshold { .. } => "bad_threshold",
            DuplicateEffectiveDate { .. } => "duplicate_effective_date",
            EffectiveDateInClosedMonth { .. } => "effective_date_in_closed_month",
            RuleSetLocked { .. } => "rule_set_locked",
            NegativeAmount { .. } => "negative_amount",
            LineDiscountTooLarge { .. } => "line_discount_too_large",
            InvalidRefund { .. } => "invalid_refund",
            RefundExceedsBase { .. } => "refund_exceeds_base",
            DuplicateAgent { .. } => "duplicate_agent",
            UnknownParent { .. } => "unknown_parent",
            AgentCycle { .. } => "agent_cycle",
            UnknownAgent { .. } => "unknown_agent",
            MissingPriorLines { .. } => "missing_prior_lines",
            PriorLinesMismatch { .. } => "prior_lines_mismatch",
            UnknownRuleSet { .. } => "unknown_rule_set",
            InvalidRuleSet { .. } => "invalid_rule_set",
            DuplicateOrder { .. } => "duplicate_order",
            InvalidCandidate { .. } => "invalid_candidate",
            MonthInFuture { .. } => "month_in_future",
            NoRulesInForce { .. } => "no_rules_in_force",
            MonthClosed { .. } => "month_closed",
            PreviousMonthOpen { .. } => "previous_month_open",
            MonthNotRun { .. } => "month_not_run",
            MonthNotOver { .. } => "month_not_over",
            StaleRun { .. } => "stale_run",
            NotConfirmed => "not_confirmed",
            AlreadyPaid => "already_paid",
            PayDateOutOfRange { .. } => "pay_date_out_of_range",
        }
    }

    /// The editor field (or list of fields) a problem points at.
    fn field(&self) -> Option<&str> {
        use CommissionError::*;
        match self {
            NoTiers | TooManyTiers { .. } | BadThreshold { .. } | FirstTierNotZero { .. } | TierNotAscending { .. } | TierRateDecreasing { .. } => Some("tiers"),
            BadRate { field } | RateOutOfRange { field, .. } | RateTooPrecise { field, .. } => Some(field.list()),
            TooManyLevels { .. } | TotalRateTooHigh { .. } => Some("overrides"),
            TooManySpecialRates { .. } | DuplicateProductRate { .. } | UnknownProduct { .. } => Some("product_rates"),
            DuplicateCategoryRate { .. } => Some("category_rates"),
            BadDate { field } => Some(field),
            DuplicateEffectiveDate { .. } | EffectiveDateInClosedMonth { .. } => Some("effective_from"),
            _ => None,
        }
    }

    /// Bad input is 422; the rest clashes with the state of the data or the month (409).
    fn is_conflict(&self) -> bool {
        use CommissionError::*;
        !matches!(
            self,
            NoTiers
                | TooManyTiers { .. }
                | FirstTierNotZero { .. }
                | TierNotAscending { .. }
                | TierRateDecreasing { .. }
                | BadRate { .. }
                | RateOutOfRange { .. }
                | RateTooPrecise { .. }
                | TooManyLevels { .. }
                | TotalRateTooHigh { .. }
                | TooManySpecialRates { .. }
                | DuplicateCategoryRate { .. }
                | DuplicateProductRate { .. }
                | UnknownProduct { .. }
                | BadDate { .. }
                | BadThreshold { .. }
                | DuplicateEffectiveDate { .. }
                | EffectiveDateInClosedMonth { .. }
                | InvalidCandidate { .. }
                | MonthInFuture { .. }
                | PayDateOutOfRange { .. }
        )
    }
}

impl CommissionError {
    pub fn code(&self) -> &'static str {
        AreaError::code(self)
    }

    pub fn field(&self) -> Option<&str> {
        AreaError::field(self)
    }

    #[cfg(test)]
    pub fn examples() -> Vec<CommissionError> {
        use CommissionError::*;
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let date = NaiveDate::from_ymd_opt(2026, 3, 16).unwrap();
        let month = Month { year: 2026, month: 3 };
        vec![
            NoTiers,
            TooManyTiers { max: 10 },
            FirstTierNotZero { from_fen: 100 },
            TierNotAscending { index: 1, from_fen: 50_000, previous_from_fen: 100_000 },
            TierRateDecreasing { index: 1, rate: d("0.04"), previous_rate: d("0.05") },
            BadRate { field: RateField::Override(2) },
            RateOutOfRange { field: RateField::Tier(1), rate: d("0.8") },
            RateTooPrecise { field: RateField::Category("美妆".into()), rate: d("0.12345") },
            TooManyLevels { levels: 4 },
            TotalRateTooHigh { total: d("1.05") },
            TooManySpecialRates { max: 50 },
            DuplicateCategoryRate { category: "美妆".into() },
            DuplicateProductRate { product_id: 9 },
            UnknownProduct { product_id: 9 },
            BadDate { field: "effective_from".into() },
            BadThreshold { index: 1 },
            DuplicateEffectiveDate { effective_from: date },
            EffectiveDateInClosedMonth { effective_from: date, first_open_month: month.next() },
            RuleSetLocked { effective_from: date },
            NegativeAmount { order_id: 4, field: "coupon_fen".into() },
            LineDiscountTooLarge { order_id: 4, line: 2 },
            InvalidRefund { order_id: 4, refund_id: 9 },
            RefundExceedsBase { order_id: 5, refund_id: 22, refunded_fen: 10_001, base_fen: 10_000 },
            DuplicateAgent { agent_id: 3 },
            UnknownParent { agent_id: 3, parent_id: 7 },
            AgentCycle { agent_id: 1 },
            UnknownAgent { order_id: 41, agent_id: 4 },
            MissingPriorLines { order_id: 1, accrued_month: month },
            PriorLinesMismatch { order_id: 1, paid_on_fen: 1_200_000, now_fen: 1_300_000 },
            UnknownRuleSet { rule_set_id: 3 },
            InvalidRuleSet { rule_set_id: 3, problem: Box::new(TooManyLevels { levels: 4 }) },
            DuplicateOrder { order_id: 31 },
            InvalidCandidate { problems: vec![NoTiers, TooManyLevels { levels: 4 }] },
            MonthInFuture { month },
            NoRulesInForce { month },
            MonthClosed { month },
            PreviousMonthOpen { month },
            MonthNotRun { month },
            MonthNotOver { month },
            StaleRun { month },
            NotConfirmed,
            AlreadyPaid,
            PayDateOutOfRange { earliest: date, latest: date },
        ]
    }
}
