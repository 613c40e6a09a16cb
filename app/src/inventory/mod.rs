//! Products, SKUs and stock: the ledger of movements and the on-hand quantity it keeps.

pub mod api;
pub mod logic;
pub mod text;
pub mod ui;
#[cfg(feature = "ssr")]
mod db;
#[cfg(feature = "ssr")]
pub mod service;

pub use logic::{check_new_product, sku_label, CheckedProduct, InventoryError, Shortage};

use crate::bounded::Bounded;
use crate::i18n::Lang;
use crate::money::Money;
use crate::page::Seek;
use serde::{Deserialize, Serialize};

/// One SKU with its stock in the main warehouse.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkuStock {
    pub sku_id: i64,
    pub code: String,
    pub product_name: String,
    pub category: String,
    pub size: String,
    pub color: String,
    pub price: Money,
    pub qty: i64,
    pub low_stock_qty: i64,
}

impl SkuStock {
    /// `纯棉T恤 · 白 / M`
    pub fn label(&self) -> String {
        sku_label(&self.product_name, &self.color, &self.size)
    }

    pub fn is_low(&self) -> bool {
        self.qty < self.low_stock_qty
    }
}

/// Stock list filters: text (name or code) and only-low, paged by SKU id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StockFilter {
    pub q: Bounded<128>,
    pub low_only: bool,
    pub seek: Seek,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MovementKind {
    Inbound,
    Shipment,
    Transfer,
    Adjustment,
    Return,
}

text_codes!(MovementKind { Inbound = "inbound", Shipment = "shipment", Transfer = "transfer", Adjustment = "adjustment", Return = "return" });

impl MovementKind {
    pub fn label(self, lang: Lang) -> &'static str {
        text::movement_label(self, lang)
    }
}

/// One row of the stock ledger (staff view: with its order and who made it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Movement {
    pub id: i64,
    pub sku_label: String,
    pub delta: i64,
    pub kind: MovementKind,
    pub order_id: Option<i64>,
    pub note: String,
    pub user_name: String,
    pub at: i64,
}

/// Goods received into the main warehouse.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbound {
    pub sku_id: i64,
    pub qty: i64,
    pub note: Bounded<400>,
}

/// A new product and its variants: one SKU per colour × size.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewProduct {
    pub name: Bounded<120>,
    pub category: Bounded<40>,
    /// Sale price in yuan as typed, e.g. `89` or `49.90`.
    pub price: Bounded<32>,
    pub cost: Bounded<32>,
    /// Comma-separated, e.g. `白, 黑`; empty for no colours.
    pub colors: Bounded<800>,
    /// Comma-separated, e.g. `S, M, L`; empty for no sizes.
    pub sizes: Bounded<800>,
    pub low_stock_qty: i64,
}
