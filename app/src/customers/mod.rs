//! Customers (CRM, SPEC C1–C5): profiles with addresses, notes and custom fields; manual tags
//! and automatic tags from rules the boss edits; RFM scores and segments; lifecycle stages with
//! their history; campaigns that make follow-up lists and issue coupons; repurchase figures;
//! 撞单 (ownership clash) flags; import and export; personal-data export and erasure (PIPL).
//!
//! Pure rules live in `logic*.rs` (shared by server, browser and demo seed); `service*.rs` runs
//! them against the database in the caller's scope; order entry calls `service` functions
//! inside the order's transaction (customer upsert, coupon redemption, clash flag, refresh).

pub mod api;
pub mod logic;
pub mod logic_coupons;
pub mod logic_import;
pub mod logic_lifecycle;
pub mod logic_repurchase;
pub mod logic_rfm;
pub mod logic_tags;
pub mod logic_util;
pub mod text;
pub mod text_rules;
pub mod ui;
#[cfg(feature = "ssr")]
mod db;
#[cfg(feature = "ssr")]
pub mod service;

pub use logic::{mask_mobile, CustomerError};
pub use logic_lifecycle::{LifecycleConfig, MonthlyMovement, Stage};
pub use logic_repurchase::{MonthCustomers, RepurchaseRate};
pub use logic_rfm::Segment;
pub use logic_tags::{FieldKind, Rule};
pub use logic_util::YearMonth;

use crate::bounded::Bounded;
use crate::i18n::Lang;
use crate::money::Money;
use crate::orders::{OrderId, OrderStatus};
use crate::page::Seek;
use serde::{Deserialize, Serialize};

/// A customer's id. By-id access takes `Owned<CustomerId>` (see `auth::Owned`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CustomerId(pub i64);

/// List filters, as in the URL of the customer list (never the search text itself).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerFilter {
    /// Mobile, name (prefix), WeChat id or tag name, given directly (API, tests).
    pub q: Bounded<64>,
    /// A saved search's token (the list's URL carries this instead of the text).
    pub search: Option<Bounded<64>>,
    pub agent_id: Option<i64>,
    pub tag_id: Option<i64>,
    pub stage: Option<Stage>,
    pub segment: Option<Segment>,
    /// Last counted order on or after this business day.
    pub last_from: Option<i64>,
    /// Last counted order on or before this business day.
    pub last_to: Option<i64>,
    pub seek: Seek,
}

/// One row of the customer list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerSummary {
    pub id: CustomerId,
    pub name: String,
    /// Masked (`138****8000`) unless the caller is the boss or the owning line.
    pub mobile: String,
    pub agent_id: i64,
    pub agent_name: String,
    pub stage: Stage,
    pub segment: Option<Segment>,
    pub orders: i64,
    pub spend: Money,
    pub last_order_at: Option<i64>,
    pub tags: Vec<String>,
    pub created_at: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    Consultation,
    AfterSales,
    FollowUp,
    Other,
}

text_codes!(NoteKind { Consultation = "consultation", AfterSales = "after_sales", FollowUp = "follow_up", Other = "other" });

impl NoteKind {
    pub fn label(self, lang: Lang) -> &'static str {
        text::note_kind_label(self, lang)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressView {
    pub id: i64,
    pub recipient: String,
    pub mobile: String,
    pub address: String,
    pub is_default: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteView {
    pub id: i64,
    pub kind: NoteKind,
    pub body: String,
    pub user_name: String,
    pub at: i64,
}

/// A tag on a profile; an automatic one says which rule gave it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileTag {
    pub id: i64,
    pub name: String,
    /// The rule in words (zh and en), for automatic tags.
    pub rule: Option<Rule>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerOrder {
    pub id: OrderId,
    pub order_no: String,
    pub status: OrderStatus,
    pub total: Money,
    pub discount: Money,
    pub agent_name: String,
    pub created_at: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CouponState {
    Open,
    Redeemed,
    Expired,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouponView {
    pub id: i64,
    pub code: String,
    pub discount: logic_coupons::Discount,
    pub min_spend: Money,
    pub expires_at: i64,
    pub state: CouponState,
    pub order_id: Option<i64>,
    pub campaign: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageChangeView {
    pub from: Option<Stage>,
    pub to: Stage,
    pub day: i64,
}

/// A custom field with this customer's value (empty when not filled in).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldValueView {
    pub name: String,
    pub kind: FieldKind,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerProfile {
    pub summary: CustomerSummary,
    pub masked: bool,
    pub wechat_id: String,
    /// Business day number.
    pub birthday: Option<i64>,
    pub fields: Vec<FieldValueView>,
    pub first_order_at: Option<i64>,
    pub average_order: Money,
    pub rfm: Option<(u8, u8, u8)>,
    pub stage_history: Vec<StageChangeView>,
    pub addresses: Vec<AddressView>,
    pub notes: Vec<NoteView>,
    pub tags: Vec<ProfileTag>,
    /// Manual tags that may be added.
    pub manual_tags: Vec<(i64, String)>,
    pub orders: Vec<CustomerOrder>,
    pub coupons: Vec<CouponView>,
    pub erased: bool,
    pub can_edit: bool,
    pub can_manage: bool,
}

/// A customer entered by hand (a prospect from a consultation, say).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewCustomer {
    pub agent_id: i64,
    pub name: Bounded<80>,
    pub mobile: Bounded<32>,
    pub wechat_id: Bounded<64>,
    pub address: Bounded<400>,
    /// A first consultation note (optional).
    pub note: Bounded<2000>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FieldInput {
    pub name: Bounded<40>,
    pub value: Bounded<100>,
}

/// Profile changes: name, WeChat id, birthday (`YYYY-MM-DD` or empty) and custom fields.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerEdit {
    pub name: Bounded<80>,
    pub wechat_id: Bounded<64>,
    pub birthday: Bounded<16>,
    pub fields: Vec<FieldInput>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AddressInput {
    pub recipient: Bounded<80>,
    pub mobile: Bounded<32>,
    pub address: Bounded<400>,
    pub is_default: bool,
}

/// A tag as the tag page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagView {
    pub id: i64,
    pub name: String,
    /// `None` for a manual tag.
    pub rule: Option<Rule>,
    pub customers: i64,
}

/// Create or change a tag: a manual tag when `rule` is empty, else the rule as JSON.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TagInput {
    pub id: Option<i64>,
    pub name: Bounded<40>,
    pub rule: Bounded<8000>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldDefView {
    pub id: i64,
    pub name: String,
    pub kind: FieldKind,
}

/// The boss's CRM settings: lifecycle thresholds and custom profile fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrmSettings {
    pub lifecycle: LifecycleConfig,
    pub fields: Vec<FieldDefView>,
    pub categories: Vec<String>,
}

/// What a full re-evaluation did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefreshReport {
    pub customers: i64,
    pub stage_changes: i64,
    pub tags_added: i64,
    pub tags_removed: i64,
    pub batches: i64,
    pub millis: i64,
    /// Of `millis`: reading every customer's figures and scoring RFM, then the batches'
    /// reads and their writes (the rest is evaluating and the pauses between batches).
    #[serde(default)]
    pub prepare_ms: i64,
    #[serde(default)]
    pub read_ms: i64,
    #[serde(default)]
    pub write_ms: i64,
}

/// One segment of the RFM overview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentRow {
    pub segment: Segment,
    pub customers: i64,
    pub spend: Money,
    /// Percent, two decimals.
    pub customer_share: rust_decimal::Decimal,
    pub spend_share: rust_decimal::Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentOverview {
    pub rows: Vec<SegmentRow>,
    pub stages: Vec<(Stage, i64)>,
    pub movements: Vec<MonthlyMovement>,
    /// Customers without a counted order (no RFM score).
    pub unscored: i64,
    /// The agent the figures are limited to, if any.
    pub agent_id: Option<i64>,
    pub agents: Vec<(i64, String)>,
}

/// Repurchase figures for a range of months (C5), for the team or one agent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepurchaseFigures {
    pub rate: RepurchaseRate,
    pub months: Vec<MonthCustomers>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentRepurchase {
    pub agent_id: i64,
    pub agent_name: String,
    pub rate: RepurchaseRate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepurchaseReport {
    pub from: YearMonth,
    pub to: YearMonth,
    /// The caller's scope: the team for the boss, the own line for an agent.
    pub team: RepurchaseFigures,
    pub agents: Vec<AgentRepurchase>,
}

/// The kind of discount a campaign's coupons give.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiscountKind {
    Amount,
    Percent,
}

text_codes!(DiscountKind { Amount = "amount", Percent = "percent" });

/// A campaign: who it picks (tag, stage, days silent) and the coupon it issues (optional).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CampaignInput {
    pub id: Option<i64>,
    pub name: Bounded<60>,
    pub tag_id: Option<i64>,
    pub stage: Option<Stage>,
    pub min_silent_days: i64,
    pub coupon_kind: Option<DiscountKind>,
    /// Yuan off (`20`) or percent off (`15` = 15% off).
    pub coupon_value: Bounded<32>,
    pub coupon_min_spend: Bounded<32>,
    pub coupon_valid_days: i64,
    /// A customer is picked again at most once in this many days.
    pub repeat_days: i64,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignView {
    pub id: i64,
    pub name: String,
    pub tag: Option<(i64, String)>,
    pub stage: Option<Stage>,
    pub min_silent_days: i64,
    pub coupon: Option<(logic_coupons::Discount, Money, i64)>,
    pub repeat_days: i64,
    pub active: bool,
    pub follow_ups: i64,
    pub follow_ups_done: i64,
    pub issued: i64,
    pub redeemed: i64,
    /// Sales (sold statuses) of the orders that redeemed this campaign's coupons.
    pub revenue: Money,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Contact {
    Call,
    Wechat,
}

text_codes!(Contact { Call = "call", Wechat = "wechat" });

impl Contact {
    pub fn label(self, lang: Lang) -> &'static str {
        text::contact_label(self, lang)
    }
}

/// One entry of an agent's follow-up list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpView {
    pub id: i64,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub mobile: String,
    pub agent_name: String,
    pub campaign: String,
    pub stage: Stage,
    pub spend: Money,
    pub last_order_at: Option<i64>,
    pub coupon: Option<CouponView>,
    pub day: i64,
    pub done: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignRunReport {
    pub follow_ups: i64,
    pub coupons: i64,
}

/// What order entry needs about a customer: addresses to pick and coupons to redeem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderCustomer {
    pub id: CustomerId,
    pub agent_id: i64,
    pub name: String,
    pub mobile: String,
    pub addresses: Vec<AddressView>,
    pub coupons: Vec<CouponView>,
}

/// How order entry looks a customer up: by id (from a profile) or by agent and mobile.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrderLookup {
    pub id: Option<CustomerId>,
    pub agent_id: i64,
    pub mobile: Bounded<32>,
}

/// An order entered for a mobile another line already owns (撞单), waiting for the boss.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictView {
    pub id: i64,
    pub order_id: OrderId,
    pub order_no: String,
    pub customer_name: String,
    pub mobile: String,
    pub agent_name: String,
    pub owner_name: String,
    pub owner_customer: CustomerId,
    pub created_at: i64,
}

/// The boss's decision on a 撞单.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictDecision {
    /// The customer stays with the first owner; the order moves to the owner.
    KeepOwner,
    /// The customer (with its history) moves to the agent who entered the order.
    MoveToNew,
}

/// An import file: its name (for the format) and its bytes in base64.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImportInput {
    pub file_name: Bounded<200>,
    pub data: Bounded<1_100_000>,
    /// The agent for rows without an agent column (agents: themselves).
    pub agent_id: Option<i64>,
    /// Apply the rows (all or nothing); otherwise only check them.
    pub commit: bool,
}

/// One bad row of an import: the row number as in the file (header = 1), the column, why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub row: u32,
    pub field: String,
    pub error: crate::error::AppError,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRowView {
    pub row: u32,
    pub name: String,
    pub mobile: String,
    pub agent_name: String,
    pub action: ImportAction,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportAction {
    New,
    Update,
    Unchanged,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub rows: u32,
    pub new: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub errors: Vec<RowError>,
    pub preview: Vec<ImportRowView>,
    pub committed: bool,
}
