//! Fulfilment: couriers and routing rules (O5), batch shipping with waybills, picking lists
//! and tracking-number entry (O6).

pub mod api;
pub mod logic;
pub mod logic_aftersale;
pub mod logic_barcode;
pub mod logic_courier;
pub mod logic_dedupe;
pub mod logic_import;
mod logic_numerals;
pub mod logic_picking;
pub mod text;
pub mod ui;
#[cfg(feature = "ssr")]
mod db;
#[cfg(feature = "ssr")]
mod export;
#[cfg(feature = "ssr")]
pub mod service;

pub use logic::FulfilError;
pub use logic_aftersale::{AfterSaleAction, AfterSaleKind, AfterSaleState};
pub use logic_courier::{Area, Conditions, Courier, Range, RouteSource, Routed, RoutingConfig, RoutingRule, SenderAddress};
pub use logic_picking::{PickList, PickRow};

use crate::bounded::Bounded;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::money::Money;
use crate::orders::OrderId;
use crate::page::Seek;
use serde::{Deserialize, Serialize};

/// Waybill label sizes (thermal printer stock).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LabelSize {
    #[default]
    #[serde(rename = "100x180")]
    L100x180,
    #[serde(rename = "76x130")]
    L76x130,
}

text_codes!(LabelSize { L100x180 = "100x180", L76x130 = "76x130" });

impl LabelSize {
    pub fn label(self, lang: Lang) -> &'static str {
        text::size_label(self, lang)
    }
}

/// Which 待发货 orders a batch action works on: the ticked ones, or all that match the
/// filter (at most [`logic::MAX_BATCH`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Selection {
    pub ids: Vec<i64>,
    pub all: bool,
    /// With `all`: only orders of this courier.
    pub courier: Option<Bounded<16>>,
}

/// Filter of the batch-shipping list (always 待发货).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ToShipFilter {
    pub courier: Option<Bounded<16>>,
    pub seek: Seek,
}

/// A 待发货 order in the batch-shipping list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToShipRow {
    pub id: OrderId,
    pub order_no: String,
    pub recipient_name: String,
    pub mobile: String,
    pub address: String,
    pub total: Money,
    pub created_at: i64,
    pub courier_code: String,
    pub courier_name: String,
    /// Another open order goes to the same recipient (mobile or address): 是否合并.
    pub duplicate_of: Option<String>,
}

/// One waybill label, ready to print.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waybill {
    pub order_no: String,
    pub courier_code: String,
    pub courier_name: String,
    pub account: String,
    pub sender: SenderAddress,
    pub recipient_name: String,
    pub mobile: String,
    pub address: String,
    /// "面膜×2，精华×1".
    pub items: String,
    pub weight_g: i64,
    /// Code128 of the order number as an SVG element (made on the server).
    pub barcode_svg: String,
}

/// What happened to one row of a tracking import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportOutcome {
    Shipped,
    /// Shipped before with this very number: nothing changed (a repeated import).
    Unchanged,
    Failed(AppError),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRow {
    /// 1-based line (of the pasted text, or the file's row).
    pub line: u32,
    pub order_no: String,
    pub tracking_no: String,
    pub outcome: ImportOutcome,
}

/// An order's courier as the order page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderCourier {
    pub code: String,
    pub name: String,
    pub reason_zh: String,
    pub reason_en: String,
    pub tracking_no: Option<String>,
    /// Couriers a user may switch to (code, name): active ones, while the order is open.
    pub choices: Vec<(String, String)>,
}

/// An after-sales request as the order page sends it. `refund` in yuan (e.g. "59.90").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewAfterSale {
    pub order_id: i64,
    pub kind: AfterSaleKind,
    pub reason: Bounded<200>,
    pub refund: Bounded<16>,
    /// (sku id, qty) coming back, for a return or an exchange.
    pub lines: Vec<ReturnLine>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnLine {
    pub sku_id: i64,
    pub qty: i64,
}

/// An after-sales request with what the caller may do next.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AfterSaleView {
    pub id: i64,
    pub order_id: i64,
    pub kind: AfterSaleKind,
    pub state: AfterSaleState,
    pub reason: String,
    pub refund: Money,
    pub lines: Vec<ReturnLine>,
    pub requested_by: String,
    pub requested_at: i64,
    pub actions: Vec<AfterSaleAction>,
}

/// A refund as finance and commissions read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refund {
    pub id: i64,
    pub order_id: i64,
    pub after_sale_id: Option<i64>,
    pub amount_fen: i64,
    pub at: i64,
    pub by_user: Option<i64>,
}
