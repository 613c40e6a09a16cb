//! Automatic customer tags (SPEC C2): rules the boss edits, stored as JSON, validated, evaluated
//! against per-customer facts, and described in plain zh/en ("近 90 天消费 ≥ ¥2,000 且 订单数 ≥ 3").
//!
//! A [`Rule`] is a boolean tree: `and` / `or` groups (nested), `not`, and leaf [`Condition`]s.
//! Serialized with serde as externally tagged JSON, for example
//! `{"and":[{"cond":{"spend":{"days":90,"cmp":{"gte":200000}}}},{"cond":{"order_count":{"cmp":{"gte":3}}}}]}`.
//! Money is integer fen; percentages and number fields are decimal strings (`"50"`, `"12.5"`);
//! dates are `"2024-11-11"` (business dates, Asia/Shanghai).
//!
//! Meaning of each condition (all on counted orders: not cancelled, not fully refunded;
//! "the last N days" = `today − N + 1 ..= today`):
//! - `spend`: sum of [`Purchase::spend_fen`] in the last N days compared with the bound.
//! - `order_count`: counted orders all time (`days` absent) or in the last N days.
//! - `days_since_last_order`: `today − last order day`; false for a customer who never ordered.
//! - `category_share`: the category's share of spend in the last N days, in percent; false when
//!   the customer spent nothing in that window (the share is undefined, not 0%).
//! - `bought`: a purchase of the product (by id) or category (by name) on a business date from
//!   `from` to `to`, both inclusive.
//! - `consulted_no_order`: at least one consultation note and no counted order ever.
//! - `field`: a custom profile field the boss defines. Text tests ignore surrounding spaces and
//!   letter case; a missing value or a value of the other kind makes the test false.
//! - `not` inverts, so `not (肤质 = 油性)` is true when 肤质 is unknown.

mod eval;
mod facts;
mod seed;
mod validate;

#[cfg(test)]
mod tests;

pub use eval::evaluate;
pub use facts::{lookback_day, CustomerFacts, FieldValue, Purchase};
pub use seed::{active, dormant, high_value, potential, prefers_category, seed_tags, SeedTag};
pub use validate::{validate, MAX_CONDITIONS, MAX_DAYS, MAX_DEPTH, MAX_FEN, MAX_TEXT_CHARS};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A tag rule: a boolean tree over conditions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Rule {
    /// True when every child is true.
    And(Vec<Rule>),
    /// True when at least one child is true.
    Or(Vec<Rule>),
    Not(Box<Rule>),
    Cond(Condition),
}

/// A comparison with inclusive bounds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cmp<T> {
    Gte(T),
    Lte(T),
    Eq(T),
    /// `min ..= max`.
    Between(T, T),
}

impl<T: PartialOrd> Cmp<T> {
    pub fn test(&self, v: &T) -> bool {
        match self {
            Cmp::Gte(x) => v >= x,
            Cmp::Lte(x) => v <= x,
            Cmp::Eq(x) => v == x,
            Cmp::Between(lo, hi) => v >= lo && v <= hi,
        }
    }
}

/// What a `bought` condition looks for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Target {
    /// Matched by id; the name is kept for descriptions.
    Product { id: i64, name: String },
    Category(String),
}

/// A test on a custom profile field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldTest {
    TextEquals(String),
    TextContains(String),
    Number(Cmp<Decimal>),
}

/// One leaf of a rule; see the module docs for the meaning of each.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    Spend { days: u32, cmp: Cmp<i64> },
    OrderCount {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        days: Option<u32>,
        cmp: Cmp<u32>,
    },
    DaysSinceLastOrder { cmp: Cmp<u32> },
    CategoryShare { category: String, days: u32, cmp: Cmp<Decimal> },
    Bought { target: Target, from: NaiveDate, to: NaiveDate },
    ConsultedNoOrder,
    Field { name: String, test: FieldTest },
}

/// The kind of a custom profile field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    Number,
}

/// A custom profile field defined by the boss, e.g. 宝宝月龄 (number), 肤质 (text).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldDef {
    pub name: String,
    pub kind: FieldKind,
}

/// What a rule may refer to: the boss's custom fields and the shop's product categories.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleSchema {
    pub fields: Vec<FieldDef>,
    pub categories: Vec<String>,
}

/// Why a rule was refused. `at` locates the offending node: child positions from the root,
/// 1-based and dotted ("2.1" = first child of the root's second child); empty for the root.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TagError {
    EmptyGroup { at: String },
    TooDeep { at: String, max: u32 },
    TooManyConditions { count: u32, max: u32 },
    UnknownField { at: String, name: String },
    FieldKindMismatch { at: String, name: String, kind: FieldKind },
    UnknownCategory { at: String, name: String },
    /// A window of 0 days or longer than [`MAX_DAYS`].
    BadWindow { at: String, days: u32 },
    /// A money amount below 0 or above [`MAX_FEN`].
    BadAmount { at: String, fen: i64 },
    /// A percentage outside 0–100.
    BadPercent { at: String, value: Decimal },
    /// A `between` whose lower bound exceeds its upper bound (values as shown to the user).
    RangeReversed { at: String, min: String, max: String },
    DateRangeReversed { at: String, from: NaiveDate, to: NaiveDate },
    EmptyText { at: String },
    TextTooLong { at: String, max: u32 },
    BadProductId { at: String, id: i64 },
}

impl TagError {
    pub fn code(&self) -> &'static str {
        match self {
            TagError::EmptyGroup { .. } => "tag_empty_group",
            TagError::TooDeep { .. } => "tag_too_deep",
            TagError::TooManyConditions { .. } => "tag_too_many_conditions",
            TagError::UnknownField { .. } => "tag_unknown_field",
            TagError::FieldKindMismatch { .. } => "tag_field_kind_mismatch",
            TagError::UnknownCategory { .. } => "tag_unknown_category",
            TagError::BadWindow { .. } => "tag_bad_window",
            TagError::BadAmount { .. } => "tag_bad_amount",
            TagError::BadPercent { .. } => "tag_bad_percent",
            TagError::RangeReversed { .. } => "tag_range_reversed",
            TagError::DateRangeReversed { .. } => "tag_date_range_reversed",
            TagError::EmptyText { .. } => "tag_empty_text",
            TagError::TextTooLong { .. } => "tag_text_too_long",
            TagError::BadProductId { .. } => "tag_bad_product_id",
        }
    }

}
