//! Dashboards (D1–D3): the home overview, the boss view (KPIs with 环比 and 同比, trend,
//! category share, top and slow products, the weekday × hour heat map, new vs returning
//! customers), the sales view (agent ranking and monthly targets), the stock view, the TV
//! wall and the daily digest. Every figure comes from the reporting aggregates (`agg_*`),
//! scoped like every other query.

pub mod api;
pub mod logic;
pub mod text;
pub mod ui;
#[cfg(feature = "ssr")]
mod db;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod service;

pub use logic::DashboardError;

use crate::bounded::Bounded;
use crate::i18n::Lang;
use crate::money::Money;
use crate::orders::Channel;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayPoint {
    /// Business day number (see `time::day_of`).
    pub day: i64,
    pub sales: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub sales_month: Money,
    pub orders_month: i64,
    pub customers: i64,
    pub to_ship: i64,
    /// The last 30 business days, oldest first, one point per day (zero when no sales).
    pub daily: Vec<DayPoint>,
    /// True when the figures cover only the caller's own line.
    pub scoped: bool,
}

/// Business days `from` ≤ day < `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DayRange {
    pub from: i64,
    pub to: i64,
}

impl DayRange {
    pub fn days(self) -> i64 {
        self.to - self.from
    }
}

/// The date-range picker's presets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Preset {
    Today,
    Yesterday,
    Last7,
    Last30,
    Last90,
    ThisMonth,
    LastMonth,
    ThisQuarter,
    ThisYear,
}

text_codes!(Preset {
    Today = "today",
    Yesterday = "yesterday",
    Last7 = "last7",
    Last30 = "last30",
    Last90 = "last90",
    ThisMonth = "this_month",
    LastMonth = "last_month",
    ThisQuarter = "this_quarter",
    ThisYear = "this_year"
});

impl Preset {
    pub fn label(self, lang: Lang) -> &'static str {
        text::preset_label(self, lang)
    }
}

/// The dashboards' filters, as in the page URL: a preset or two dates (YYYY-MM-DD, both
/// included; default 近30天), an agent, a channel and a category.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DashFilter {
    pub preset: Option<Preset>,
    pub from: Bounded<10>,
    pub to: Bounded<10>,
    pub agent: Option<i64>,
    pub channel: Option<Channel>,
    pub category: Bounded<64>,
}

/// The boss view's charts, each exportable as a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DashChart {
    Trend,
    Categories,
    Heat,
    Customers,
    Top,
}

text_codes!(DashChart { Trend = "trend", Categories = "categories", Heat = "heat", Customers = "customers", Top = "top" });

/// The headline figures of a period. Gross profit is the finance area's P&L line (net
/// revenue − cost of goods, recognised when orders ship) for the whole team only; a buyer is a
/// customer with a sold order in the period, a repeat buyer one with two or more (the
/// customers area's repurchase figures); new customers had their first sold order (with the
/// agents shown) in the period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kpis {
    pub sales: Money,
    pub orders: i64,
    pub avg_order: Money,
    /// `None` where the P&L has no such figure (an agent, channel or category) or the caller
    /// may not see finance.
    pub gross_profit: Option<Money>,
    pub new_customers: i64,
    pub buyers: i64,
    pub repeat_buyers: i64,
    /// Repeat buyers / buyers in percent, two decimals (as the customers area's report).
    pub repurchase_rate: Option<Decimal>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub day: i64,
    pub sales: Money,
    pub orders: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryShare {
    pub category: String,
    pub sales: Money,
    pub qty: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductFigure {
    pub sku_id: i64,
    pub code: String,
    /// `product · colour / size` (the product alone for a SKU without variants).
    pub name: String,
    pub qty: i64,
    pub sales: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlowItem {
    pub sku_code: String,
    pub name: String,
    pub on_hand: i64,
    /// Stock value tied up (on hand × average cost).
    pub value: Money,
    /// Business day of the last sale, if any.
    pub last_sold: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCustomers {
    /// First business day of the month.
    pub month: i64,
    pub new: i64,
    pub returning: i64,
}

/// A part of a view whose filters or source do not apply, said in the view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Note {
    /// Customer figures, top and slow products do not split by channel.
    ChannelNotApplied,
    /// Orders, the heat map and customer figures do not split by category.
    CategoryNotApplied,
    /// Slow movers and stock come from the inventory area, which this caller may not see.
    NoStockAccess,
    /// Gross profit is the finance P&L's, which exists for the whole team only.
    ProfitTeamOnly,
}

/// What the filter bar offers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterOptions {
    pub agents: Vec<(i64, String)>,
    pub categories: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BossView {
    pub range: DayRange,
    pub previous: DayRange,
    pub last_year: DayRange,
    pub now: Kpis,
    pub before: Kpis,
    pub year_ago: Kpis,
    /// One point per day of the range.
    pub trend: Vec<TrendPoint>,
    pub categories: Vec<CategoryShare>,
    pub top: Vec<ProductFigure>,
    pub slow: Vec<SlowItem>,
    /// Orders per weekday (Monday first) × hour (Asia/Shanghai).
    pub heat: Vec<Vec<i64>>,
    pub customers: Vec<MonthCustomers>,
    pub notes: Vec<Note>,
    pub scoped: bool,
    pub options: FilterOptions,
    /// The filter as resolved (dates), for links.
    pub filter: DashFilter,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentRank {
    pub agent_id: i64,
    pub name: String,
    pub level: u32,
    pub sales: Money,
    pub orders: i64,
    pub new_customers: i64,
    /// 1-based place by sales in the list it is shown in.
    pub rank: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetProgress {
    /// First business day of the month.
    pub month: i64,
    pub target: Option<Money>,
    pub sales: Money,
    /// Sales / target in percent, one decimal.
    pub percent: Option<Decimal>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesView {
    pub range: DayRange,
    /// The ranking of everyone the caller may see (the whole team for the boss; the caller
    /// and its downline for an agent), by sales.
    pub ranking: Vec<AgentRank>,
    /// The caller's own figures (agents only).
    pub me: Option<AgentRank>,
    /// The caller's progress toward this month's target (agents), or every agent's (boss).
    pub progress: Vec<(i64, String, TargetProgress)>,
    pub scoped: bool,
    pub can_set_targets: bool,
    pub filter: DashFilter,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewTarget {
    pub agent_id: i64,
    /// YYYY-MM.
    pub month: Bounded<7>,
    pub target: Bounded<20>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LowStockRow {
    pub sku_code: String,
    pub name: String,
    pub warehouse: String,
    pub available: i64,
    pub threshold: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarehouseFigure {
    pub warehouse: String,
    pub qty: i64,
    pub value: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverRow {
    pub sku_id: i64,
    pub sku_code: String,
    pub name: String,
    pub on_hand: i64,
    /// Units expected in 30 days: the forecast's where present, else the last 30 days' sales.
    pub demand_30: i64,
    pub from_forecast: bool,
    pub days: Option<Decimal>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockView {
    pub low: Vec<LowStockRow>,
    pub slow: Vec<SlowItem>,
    pub warehouses: Vec<WarehouseFigure>,
    /// SKUs with stock, fewest days of cover first.
    pub cover: Vec<CoverRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WallView {
    pub today: Kpis,
    pub month: Kpis,
    /// Today's orders per hour.
    pub hours: Vec<i64>,
    pub trend: Vec<TrendPoint>,
    pub top_agents: Vec<AgentRank>,
    pub open_alerts: Option<i64>,
    pub at: i64,
}

/// The daily digest's settings (a team setting).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestSettings {
    /// HH:MM in Asia/Shanghai; empty = no digest.
    pub time: Bounded<5>,
}
