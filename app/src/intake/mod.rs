//! Orders intake (O1, P6): every way an order arrives besides typing it in.
//!
//! - paste a chat message → recipient fields (智能识别, [`address`]), previewed through the server;
//! - marketplace exports and mapped sheets ([`exports`] on the shared [`crate::imports`] readers):
//!   chunked upload, preview, all-or-nothing commit, idempotent by channel + external number;
//! - the signed REST API (`server/src/rest`) calls this area's services;
//! - agents' public share pages `/s/<code>` with QR posters;
//! - the order form's SKU picker (name, code, barcode, pinyin initials) and customer lookup.

pub mod address;
pub mod api;
pub mod exports;
pub mod logic;
pub mod pinyin;
pub mod rest;
pub mod text;
pub mod ui;
#[cfg(feature = "ssr")]
mod db;
#[cfg(feature = "ssr")]
pub mod poster;
#[cfg(feature = "ssr")]
pub mod qr;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod service_api;
#[cfg(feature = "ssr")]
pub mod service_import;
#[cfg(feature = "ssr")]
pub mod service_share;

pub use logic::IntakeError;

use crate::bounded::Bounded;
use crate::money::Money;
use crate::orders::Channel;
use serde::{Deserialize, Serialize};

/// How sure the paste parser is of a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sureness {
    Low,
    Medium,
    High,
}

/// A pasted message read into recipient fields: each present field with its confidence,
/// and the fields the user should check (`unsure`, in field order).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParsedContact {
    pub name: Option<String>,
    pub mobile: Option<String>,
    pub phone: Option<String>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub district: Option<String>,
    pub street: Option<String>,
    pub postcode: Option<String>,
    /// County-level 6-digit division code (the prefecture's when no county was found).
    pub code: Option<String>,
    /// (field, confidence) of every present field.
    pub confidence: Vec<(String, Sureness)>,
    pub unsure: Vec<String>,
}

impl ParsedContact {
    /// The address as one line for the order: province, city (not repeated for 北京/上海/天津/
    /// 重庆), district and street.
    pub fn address_line(&self) -> String {
        let mut out = String::new();
        let parts = [&self.province, &self.city, &self.district, &self.street];
        for p in parts.into_iter().flatten() {
            if !out.ends_with(p.as_str()) {
                out.push_str(p);
            }
        }
        out
    }

    pub fn is_unsure(&self, field: &str) -> bool {
        self.unsure.iter().any(|f| f == field)
    }
}

/// The SKU picker's question: text typed or scanned, for which agent (recent items first).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SkuQuery {
    pub q: Bounded<64>,
    pub agent_id: Option<i64>,
}

/// One SKU the picker offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkuHit {
    pub sku_id: i64,
    pub code: String,
    pub barcode: String,
    pub label: String,
    pub price: Money,
    pub qty: i64,
    /// Ordered by this agent lately: times in the last 90 days (0 when not).
    pub recent: i64,
    /// The query is this SKU's code or barcode exactly (a scan): add it at once.
    pub exact: bool,
}

/// A customer the order form can take the recipient from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerHit {
    pub id: i64,
    pub agent_id: i64,
    pub name: String,
    pub mobile: String,
    pub address: String,
}

/// The customer lookup of the order form: a mobile (or its start) or a name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerQuery {
    pub q: Bounded<32>,
    pub agent_id: Option<i64>,
}

/// Which layout an uploaded order file is read in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportLayout {
    /// Recognised from the header row (Taobao, Pinduoduo, 微信小店).
    #[default]
    Auto,
    Taobao,
    Pinduoduo,
    WechatShop,
    /// A sheet read through a saved column mapping.
    Mapping,
}

text_codes!(ImportLayout { Auto = "auto", Taobao = "taobao", Pinduoduo = "pinduoduo", WechatShop = "wechat_shop", Mapping = "mapping" });

/// What to do with an uploaded file: the layout (and mapping), and the agent the orders go to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImportChoice {
    pub token: Bounded<64>,
    /// A Taobao 宝贝报表 uploaded with a 订单报表: its lines (with 商家编码) replace the
    /// report's; empty when none.
    pub items_token: Bounded<64>,
    pub layout: ImportLayout,
    pub mapping_id: Option<i64>,
    pub agent_id: i64,
}

/// One order of the preview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewOrder {
    pub external_no: String,
    pub recipient_name: String,
    pub mobile: String,
    pub address: String,
    /// `蛋黄酥 · 原味 / 6枚 ×2`, one per line.
    pub items: Vec<String>,
    pub total: Money,
    /// What the file says the buyer paid, when it says so.
    pub paid: Option<Money>,
    pub state: PreviewState,
}

/// What the import would do with an order of the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PreviewState {
    /// A new order, 待付款 (the marketplace has not been paid yet).
    NewUnpaid,
    /// A new order the marketplace has been paid for: 待发货.
    NewPaid,
    /// Imported before (same channel and external number): nothing new.
    Known,
    /// Closed, refunded, shipped or finished on the marketplace: not imported.
    Skipped,
    /// A line's SKU code matches no SKU.
    UnknownSku,
}

/// A SKU code (or a line without one) of the file that matches no SKU.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnknownSku {
    /// The file's 商家编码 / SKU code; empty when the line has none.
    pub code: String,
    pub title: String,
    /// 1-based rows of the file with it.
    pub rows: Vec<u32>,
}

/// A bad cell, with its row and column as the file names them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    pub row: u32,
    pub field: String,
    pub code: String,
    pub message: String,
}

/// The preview of an uploaded order file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub file_name: String,
    pub channel: Channel,
    pub rows: u32,
    /// At most [`logic::PREVIEW_ORDERS`] orders, new ones first.
    pub orders: Vec<PreviewOrder>,
    pub new_orders: u32,
    pub known: u32,
    pub skipped: u32,
    pub total: Money,
    pub unknown_skus: Vec<UnknownSku>,
    pub problems: Vec<RowProblem>,
    /// No bad row and no unknown SKU: the import may run.
    pub can_commit: bool,
}

/// What an import did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub channel: Channel,
    pub created: u32,
    pub known: u32,
    pub skipped: u32,
    pub total: Money,
}

/// A saved column mapping of a generic sheet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappingView {
    pub id: i64,
    pub name: String,
    pub channel: Channel,
    pub mapping: exports::ColumnMapping,
}

/// A column mapping the user saves: the file's header names per field.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MappingInput {
    pub name: Bounded<40>,
    pub channel: Option<Channel>,
    pub order_no: Bounded<40>,
    pub recipient_name: Bounded<40>,
    pub mobile: Bounded<40>,
    pub address: Bounded<40>,
    pub province: Bounded<40>,
    pub city: Bounded<40>,
    pub district: Bounded<40>,
    pub title: Bounded<40>,
    pub sku_code: Bounded<40>,
    pub qty: Bounded<40>,
    pub unit_price: Bounded<40>,
    pub paid: Bounded<40>,
    pub note: Bounded<40>,
}

/// A new upload: the file's name and size (its bytes follow in chunks).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUpload {
    pub file_name: Bounded<200>,
    pub size: i64,
}

/// An agent's share page as the agent (or the boss) manages it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareAdmin {
    pub agent_id: i64,
    pub agent_name: String,
    pub code: String,
    /// `/s/<code>`; the page adds the origin.
    pub path: String,
    pub active: bool,
    pub products: Vec<ShareProduct>,
    /// The caller may upload product pictures.
    pub can_edit_images: bool,
}

/// A product as a share page shows it: name, picture, its SKUs with prices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareProduct {
    pub product_id: i64,
    pub name: String,
    pub has_image: bool,
    /// Lowest SKU price.
    pub from_price: Money,
    pub skus: Vec<ShareSku>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareSku {
    pub sku_id: i64,
    /// Colour / size, empty for a single-SKU product.
    pub variant: String,
    pub price: Money,
    pub in_stock: bool,
}

/// The public share page: the agent's display name and the products. Nothing else.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareView {
    pub code: String,
    pub agent_name: String,
    pub products: Vec<ShareProduct>,
}

/// An order placed on a share page by a customer without an account.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ShareOrder {
    pub code: Bounded<32>,
    pub name: Bounded<40>,
    pub mobile: Bounded<32>,
    pub address: Bounded<200>,
    pub note: Bounded<200>,
    pub lines: Vec<crate::orders::NewOrderLine>,
    /// The honeypot: hidden from people, filled in by form-filling bots.
    pub website: Bounded<200>,
}

/// What the customer sees after ordering: the order number and the amount to pay.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareReceipt {
    pub order_no: String,
    pub total: Money,
}

/// A product picture upload (boss or warehouse): base64 of a PNG, JPEG or WebP file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageUpload {
    pub product_id: i64,
    pub data_base64: Bounded<700_000>,
}
