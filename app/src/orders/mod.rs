//! Orders: entry, list and search, the status flow, shipping (which takes stock).

pub mod api;
pub mod logic;
pub mod text;
pub mod ui;
#[cfg(feature = "ssr")]
mod db;
#[cfg(feature = "ssr")]
mod export;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod service_offline;

pub use logic::OrderError;

use crate::bounded::Bounded;
use crate::i18n::Lang;
use crate::money::Money;
use crate::page::Seek;
use serde::{Deserialize, Serialize};

/// An order's id. By-id access to an order takes `Owned<OrderId>` (see `auth::Owned`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OrderId(pub i64);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    PendingPayment,
    ToShip,
    Shipped,
    Completed,
    Cancelled,
}

text_codes!(OrderStatus { PendingPayment = "pending_payment", ToShip = "to_ship", Shipped = "shipped", Completed = "completed", Cancelled = "cancelled" });

impl OrderStatus {
    pub fn label(self, lang: Lang) -> &'static str {
        text::status_label(self, lang)
    }
}

/// Where an order came from (O1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Manual,
    Wechat,
    Moments,
    MiniProgram,
    Taobao,
    Pinduoduo,
    /// 微信小店 exports (intake area).
    WechatShop,
    /// A sheet imported through a column mapping (intake area).
    Import,
}

text_codes!(Channel { Manual = "manual", Wechat = "wechat", Moments = "moments", MiniProgram = "mini_program", Taobao = "taobao", Pinduoduo = "pinduoduo", WechatShop = "wechat_shop", Import = "import" });

impl Channel {
    pub fn label(self, lang: Lang) -> &'static str {
        text::channel_label(self, lang)
    }
}

/// A status change the user asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Transition {
    MarkPaid,
    Ship,
    Complete,
    Cancel,
}

/// List filters, as in the URL query of the order list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrderFilter {
    /// Mobile, order number or recipient name (exact), given directly (API, tests).
    pub q: Bounded<128>,
    /// A saved search's token (the list page's URL carries this instead of the text).
    pub search: Option<Bounded<64>>,
    pub status: Option<OrderStatus>,
    /// Only orders whose payment an agent confirmed and finance has not checked yet.
    pub payment_check: bool,
    /// A dashboard's drill-down: the orders behind a figure.
    pub drill: Drill,
    pub seek: Seek,
}

/// The orders counted in a dashboard figure: sold orders created on business days
/// `from`..=`to` (YYYY-MM-DD), of an agent, channel, category (a line of it), weekday
/// (Monday = 0) and hour in Asia/Shanghai time. Empty = no condition.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Drill {
    pub sold: bool,
    pub from: Bounded<10>,
    pub to: Bounded<10>,
    pub agent: Option<i64>,
    pub channel: Option<Channel>,
    pub category: Bounded<64>,
    pub weekday: Option<i64>,
    pub hour: Option<i64>,
}

impl Drill {
    pub fn is_empty(&self) -> bool {
        *self == Drill::default()
    }

    /// As URL parameters (the order list's).
    pub fn params(&self) -> Vec<String> {
        let mut p = Vec::new();
        if self.sold {
            p.push("sold=1".to_string());
        }
        for (k, v) in [("from", self.from.as_str()), ("to", self.to.as_str()), ("category", self.category.as_str())] {
            if !v.is_empty() {
                p.push(format!("{k}={}", crate::ui::widgets::url_encode(v)));
            }
        }
        for (k, v) in [("agent", self.agent), ("wd", self.weekday), ("hour", self.hour)] {
            if let Some(v) = v {
                p.push(format!("{k}={v}"));
            }
        }
        if let Some(c) = self.channel {
            p.push(format!("channel={}", c.code()));
        }
        p
    }

    /// From the order list's URL parameters.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Drill {
        let text = |k: &str| get(k).filter(|v| v.chars().count() <= 64).unwrap_or_default();
        let int = |k: &str| get(k).and_then(|v| v.parse::<i64>().ok());
        Drill {
            sold: get("sold").as_deref() == Some("1"),
            from: text("from").chars().take(10).collect::<String>().as_str().into(),
            to: text("to").chars().take(10).collect::<String>().as_str().into(),
            agent: int("agent"),
            channel: get("channel").and_then(|c| Channel::parse(&c)),
            category: text("category").as_str().into(),
            weekday: int("wd").filter(|w| (0..7).contains(w)),
            hour: int("hour").filter(|h| (0..24).contains(h)),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub id: OrderId,
    pub order_no: String,
    pub agent_name: String,
    pub recipient_name: String,
    pub mobile: String,
    pub channel: Channel,
    pub status: OrderStatus,
    pub total: Money,
    pub created_at: i64,
    /// Paid as confirmed by an agent, not yet checked by finance.
    pub payment_check: bool,
}

/// An open order to the same recipient as an order being entered (是否合并订单?).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateOrder {
    pub id: OrderId,
    pub order_no: String,
    pub recipient_name: String,
    pub address: String,
    pub status: OrderStatus,
    pub total: Money,
    pub created_at: i64,
    /// Why it looks like the same recipient (same mobile / same address), zh and en.
    pub reason_zh: String,
    pub reason_en: String,
    /// Whether the new order (待付款, same agent) can be merged into it.
    pub can_merge: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLineView {
    pub sku_id: i64,
    pub sku_code: String,
    pub product_name: String,
    pub size: String,
    pub color: String,
    pub qty: i64,
    pub unit_price: Money,
    pub line_total: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderEventView {
    pub from_status: Option<OrderStatus>,
    pub to_status: OrderStatus,
    pub user_name: String,
    pub note: String,
    pub at: i64,
}

/// What an `order_log` row records (changes other than the status).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogKind {
    Courier,
    Tracking,
    MergedInto,
    MergedFrom,
    Address,
    Note,
    AfterSale,
}

text_codes!(LogKind { Courier = "courier", Tracking = "tracking", MergedInto = "merged_into", MergedFrom = "merged_from", Address = "address", Note = "note", AfterSale = "after_sale" });

impl LogKind {
    pub fn label(self, lang: Lang) -> &'static str {
        text::log_kind_label(self, lang)
    }
}

/// A change of an order other than its status, with the old value where one was replaced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLogView {
    pub kind: LogKind,
    pub detail: String,
    pub old_value: String,
    pub user_name: String,
    pub at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetail {
    pub summary: OrderSummary,
    pub agent_id: i64,
    pub address: String,
    /// Taken off the lines by a coupon; `summary.total` is what the customer pays.
    pub discount: Money,
    /// Waiting for the boss's decision: the mobile belongs to another line's customer (撞单).
    pub ownership_clash: bool,
    pub lines: Vec<OrderLineView>,
    pub events: Vec<OrderEventView>,
    /// The status changes this caller may apply now (role, team settings and status).
    pub actions: Vec<Transition>,
    /// This caller may mark an agent-confirmed payment as checked.
    pub can_check_payment: bool,
    /// The warehouse it ships from (id, name), and whether this caller may change it now.
    pub warehouse: (i64, String),
    pub can_change_warehouse: bool,
    /// The courier, why it was chosen, the tracking number and the couriers it may change to.
    pub courier: crate::fulfil::OrderCourier,
    /// Changes other than the status (courier, tracking, merge, address, notes), oldest first.
    pub log: Vec<OrderLogView>,
    /// After-sales requests with the steps this caller may take.
    pub after_sales: Vec<crate::fulfil::AfterSaleView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOrderLine {
    pub sku_id: i64,
    pub qty: i64,
}

/// What the order form sends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOrder {
    pub agent_id: i64,
    pub customer_name: Bounded<80>,
    pub mobile: Bounded<32>,
    pub address: Bounded<400>,
    pub channel: Channel,
    pub lines: Vec<NewOrderLine>,
    /// A coupon of this customer to redeem (customers area), or empty.
    #[serde(default)]
    pub coupon_code: Bounded<16>,
}

// ---- offline order entry (P4) ----

/// What the offline order form keeps on the phone (IndexedDB) for this caller: the agents
/// it may order for, the channels and the SKUs on sale with the price the server charges.
/// No customers and nothing else personal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfflineCatalog {
    pub agents: Vec<OfflineAgent>,
    pub channels: Vec<OfflineChannel>,
    pub skus: Vec<OfflineSku>,
    /// When the server made it (UTC ms).
    pub synced_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfflineAgent {
    pub id: i64,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfflineChannel {
    pub code: String,
    pub zh: String,
    pub en: String,
}

/// A SKU on sale: its unit price (fen) as an order is charged now, and what is available
/// (on hand less reserved, all warehouses).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfflineSku {
    pub id: i64,
    pub code: String,
    pub product_name: String,
    pub color: String,
    pub size: String,
    pub price_fen: i64,
    pub available: i64,
}

/// The unit price (fen) the phone showed for a SKU when the order was entered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeenPrice {
    pub sku_id: i64,
    pub unit_price_fen: i64,
}

/// An order from a phone's outbox. `key` is made by the phone when the order is entered
/// (a UUID): the same key again from the same user never makes a second order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfflineOrder {
    pub key: Bounded<64>,
    pub order: NewOrder,
    pub seen: Vec<SeenPrice>,
    /// When the agent entered it on the phone (UTC ms, the phone's clock).
    pub entered_at: i64,
}

/// What became of an offline order (an answer, not an error: the outbox shows it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OfflineOutcome {
    Created { id: OrderId, no: String },
    /// This key was sent before: the order it made.
    Known { id: OrderId, no: String },
    /// Refused, nothing made: the error's code and its texts in zh-CN and en.
    Conflict { code: String, zh: String, en: String },
}
