//! Commissions (SPEC F4, P7): the boss's rule sets (tiers in both modes, up to three override
//! levels, category and product rates), exact per-order commission lines with clawback on
//! refunds and cancellations, month-end settlement into monthly statements that agents see on
//! their phones, the boss approves and finance pays, a preview of rule changes, and an .xlsx
//! export. The maths is in `logic*.rs` (pure, also compiled for the browser).

pub mod api;
pub mod logic;
pub mod logic_accrual;
pub mod logic_base;
pub mod logic_flow;
pub mod logic_input;
pub mod logic_month;
pub mod logic_rules;
pub mod logic_settle;
pub mod text;
pub mod ui;
#[cfg(feature = "ssr")]
mod db;
#[cfg(feature = "ssr")]
mod export;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(test)]
mod logic_tests;

pub use logic::{CommissionError, Month};
pub use logic_accrual::LineKind;
pub use logic_flow::MonthStatus;
pub use logic_rules::{AccrueOn, TierMode};

use crate::bounded::Bounded;
use crate::i18n::Lang;
use crate::money::Money;
use crate::page::Seek;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A monthly statement's id. By-id access takes `Owned<StatementId>` (see `auth::Owned`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StatementId(pub i64);

/// 草稿 → 已确认 → 已发放.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatementStatus {
    Draft,
    Confirmed,
    Paid,
}

text_codes!(StatementStatus { Draft = "draft", Confirmed = "confirmed", Paid = "paid" });

impl StatementStatus {
    pub fn label(self, lang: Lang) -> &'static str {
        text::status_label(self, lang)
    }
}

/// How finance paid a statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayMethod {
    Bank,
    Wechat,
    Alipay,
    Cash,
}

text_codes!(PayMethod { Bank = "bank", Wechat = "wechat", Alipay = "alipay", Cash = "cash" });

impl PayMethod {
    pub fn label(self, lang: Lang) -> &'static str {
        text::method_label(self, lang)
    }
}

/// The tier a month's volume reached (1-based `no`, for people).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierReached {
    pub no: usize,
    pub rate: Decimal,
}

/// A statement in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementSummary {
    pub id: StatementId,
    pub month: Month,
    pub agent_id: i64,
    pub agent_name: String,
    pub status: StatementStatus,
    /// Own sales volume of the month (the tier volume).
    pub volume: Money,
    /// Own sales commission with the tier adjustment.
    pub own: Money,
    /// Overrides on the downline's sales, all levels.
    pub overrides: Money,
    /// Clawbacks of orders accrued in earlier months.
    pub previous: Money,
    pub total: Money,
    pub tier: Option<TierReached>,
    pub paid_on: Option<NaiveDate>,
}

/// Statement list filters. Agents see only their own statements.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StatementFilter {
    pub month: Option<Month>,
    pub seek: Seek,
}

/// A month for the boss and finance: state of the run and the team summary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthOverview {
    pub month: Month,
    /// `None`: not run yet.
    pub status: Option<MonthStatus>,
    pub run_at: Option<i64>,
    pub run_by: Option<String>,
    pub closed_at: Option<i64>,
    pub statements: i64,
    pub lines: i64,
    pub total: Money,
    pub own: Money,
    pub overrides: Money,
    pub previous: Money,
    pub paid: Money,
    pub paid_count: i64,
    /// Sales volume of the team's own sales accrued in the month.
    pub volume: Money,
    /// The month is over (it may be approved once run).
    pub over: bool,
    /// A rule set was saved after the last run: run again before approving.
    pub rules_changed: bool,
    /// The month the boss may run next (the first open month).
    pub next_to_run: Option<Month>,
    /// A page of the month's statements, largest total first.
    pub page: crate::page::Page<StatementSummary>,
}

/// One group of a statement (own sales, tier adjustment, a level, earlier months).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    Own,
    TierAdjustment,
    Level1,
    Level2,
    Level3,
    PreviousMonths,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRow {
    pub kind: GroupKind,
    pub base: Money,
    pub amount: Money,
    pub lines: usize,
}

/// What one downline agent's sales earned this agent (never the downline's own commission).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContributionView {
    pub level: u8,
    pub seller_name: String,
    pub base: Money,
    pub amount: Money,
    pub orders: usize,
}

/// The tier settlement of a statement, per rule set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettlementView {
    pub volume: Money,
    pub target: Money,
    pub provisional: Money,
    pub adjustment: Money,
    pub parts: Vec<SettlementPartView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettlementPartView {
    pub effective_from: NaiveDate,
    pub mode: TierMode,
    pub tier: TierReached,
    /// Where the tier reached starts.
    pub tier_from: Money,
    pub tiered_base: Money,
}

/// One commission line as a statement shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineView {
    pub at: i64,
    pub kind: LineKind,
    pub level: u8,
    /// `category:美妆`, `product:12`, `tier`, `override`, `settlement`, with a readable label.
    pub source_label: String,
    pub order_no: Option<String>,
    /// The downline seller, on override lines.
    pub seller_name: Option<String>,
    pub base: Money,
    pub rate: Decimal,
    pub amount: Money,
    /// The month the order accrued in, when earlier than the statement's.
    pub accrued_month: Option<Month>,
}

/// How a statement was paid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutView {
    pub method: PayMethod,
    pub reference: String,
    pub paid_on: NaiveDate,
    pub by: String,
}

/// A statement with its groups, tier, downline contribution and lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementDetail {
    pub summary: StatementSummary,
    pub groups: Vec<GroupRow>,
    pub settlement: Option<SettlementView>,
    pub contributions: Vec<ContributionView>,
    /// The first [`LINES_SHOWN`] lines in time order; the export has them all.
    pub lines: Vec<LineView>,
    pub line_count: usize,
    pub confirmed_at: Option<i64>,
    pub payout: Option<PayoutView>,
    /// The caller may record the payout now.
    pub can_pay: bool,
    /// Today's business date (the payout form's default).
    pub today: NaiveDate,
}

/// Lines a statement page shows (the .xlsx export has every line).
pub const LINES_SHOWN: usize = 300;

/// Finance records a payout.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutInput {
    pub statement_id: StatementId,
    pub method: PayMethod,
    pub reference: Bounded<64>,
    /// `2026-12-05`.
    pub paid_on: Bounded<10>,
}

/// What a month-end run did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthEndOutcome {
    pub month: Month,
    /// False when the run reproduced the stored statements exactly (nothing was written).
    pub changed: bool,
    /// The month had not been run before.
    pub first_run: bool,
    pub statements: i64,
    pub lines: i64,
    pub total: Money,
    /// The total before this run (when it had been run).
    pub previous_total: Option<Money>,
    /// Statements whose total changed (or that were added or removed).
    pub statements_changed: i64,
    pub millis: i64,
}

/// A tier row of the editor: from (yuan) and rate (percent), as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TierInput {
    pub from: Bounded<20>,
    pub rate: Bounded<12>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CategoryRateInput {
    pub category: Bounded<40>,
    pub rate: Bounded<12>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProductRateInput {
    pub product_id: Bounded<20>,
    pub rate: Bounded<12>,
}

/// The rule editor's form, as typed (rates in percent, thresholds in yuan).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RuleSetInput {
    /// The rule set edited (it must govern no closed month); `None` for a new one.
    pub id: Option<i64>,
    /// `2026-12-01`.
    pub effective_from: Bounded<10>,
    pub mode: TierMode,
    pub accrue_on: AccrueOn,
    pub tiers: Vec<TierInput>,
    /// Level 1, 2, 3 override rates in percent; blank is 0.
    pub overrides: Vec<Bounded<12>>,
    pub category_rates: Vec<CategoryRateInput>,
    pub product_rates: Vec<ProductRateInput>,
    pub note: Bounded<200>,
}

/// A saved rule set as the rule page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleSetView {
    pub id: i64,
    pub effective_from: NaiveDate,
    pub mode: TierMode,
    pub accrue_on: AccrueOn,
    pub tiers: Vec<(Money, Decimal)>,
    pub overrides: Vec<Decimal>,
    pub category_rates: Vec<(String, Decimal)>,
    /// (product id, name, rate).
    pub product_rates: Vec<(i64, String, Decimal)>,
    pub note: String,
    pub created_by: String,
    pub updated_at: i64,
    /// Governs today's orders.
    pub in_force: bool,
    /// Governs no closed month: it may still be edited.
    pub editable: bool,
}

/// What the rule editor offers: categories and products for special rates, and the earliest
/// date a change may take effect.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleChoices {
    pub categories: Vec<String>,
    pub products: Vec<(i64, String)>,
    pub earliest: Option<NaiveDate>,
    /// The month a preview applies the candidate to (last month).
    pub preview_month: Month,
}

/// One agent in a preview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentChange {
    pub agent_id: i64,
    pub name: String,
    pub current: Money,
    pub candidate: Money,
}

/// Last month's statements under a candidate rule set, next to what they are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewView {
    pub month: Month,
    pub current_total: Money,
    pub candidate_total: Money,
    pub agents: Vec<AgentChange>,
}
