//! Orders: entry, list and search, the status flow, shipping (which takes stock).

pub mod api;
pub mod logic;
pub mod ui;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod service;

use crate::i18n::Lang;
use crate::money::Money;
use serde::{Deserialize, Serialize};

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
        match (self, lang) {
            (Self::PendingPayment, Lang::Zh) => "待付款",
            (Self::ToShip, Lang::Zh) => "待发货",
            (Self::Shipped, Lang::Zh) => "已发货",
            (Self::Completed, Lang::Zh) => "已完成",
            (Self::Cancelled, Lang::Zh) => "已取消",
            (Self::PendingPayment, Lang::En) => "Awaiting payment",
            (Self::ToShip, Lang::En) => "To ship",
            (Self::Shipped, Lang::En) => "Shipped",
            (Self::Completed, Lang::En) => "Completed",
            (Self::Cancelled, Lang::En) => "Cancelled",
        }
    }

    /// Statuses that count as a sale (paid and not cancelled).
    pub const SOLD: [OrderStatus; 3] = [Self::ToShip, Self::Shipped, Self::Completed];
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
}

text_codes!(Channel { Manual = "manual", Wechat = "wechat", Moments = "moments", MiniProgram = "mini_program", Taobao = "taobao", Pinduoduo = "pinduoduo" });

impl Channel {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Manual, Lang::Zh) => "手工录入",
            (Self::Wechat, Lang::Zh) => "微信聊天",
            (Self::Moments, Lang::Zh) => "朋友圈",
            (Self::MiniProgram, Lang::Zh) => "小程序",
            (Self::Taobao, Lang::Zh) => "淘宝",
            (Self::Pinduoduo, Lang::Zh) => "拼多多",
            (Self::Manual, Lang::En) => "Manual",
            (Self::Wechat, Lang::En) => "WeChat chat",
            (Self::Moments, Lang::En) => "Moments",
            (Self::MiniProgram, Lang::En) => "Mini-program",
            (Self::Taobao, Lang::En) => "Taobao",
            (Self::Pinduoduo, Lang::En) => "Pinduoduo",
        }
    }
}

/// A status change the user asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Transition {
    MarkPaid,
    Ship,
    Complete,
    Cancel,
}

pub const PAGE_SIZE: i64 = 20;

/// List filters, as in the URL query of the order list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderFilter {
    /// Mobile, order number or recipient name (exact).
    pub q: String,
    pub status: Option<OrderStatus>,
    /// 1-based.
    pub page: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub id: i64,
    pub order_no: String,
    pub agent_name: String,
    pub recipient_name: String,
    pub mobile: String,
    pub channel: Channel,
    pub status: OrderStatus,
    pub total: Money,
    pub created_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderPage {
    pub rows: Vec<OrderSummary>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
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
    pub at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetail {
    pub summary: OrderSummary,
    pub agent_id: i64,
    pub address: String,
    pub lines: Vec<OrderLineView>,
    pub events: Vec<OrderEventView>,
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
    pub customer_name: String,
    pub mobile: String,
    pub address: String,
    pub channel: Channel,
    pub lines: Vec<NewOrderLine>,
}
