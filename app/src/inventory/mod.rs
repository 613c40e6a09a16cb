//! Products, SKUs and stock: the ledger of movements and the on-hand quantity it keeps.

pub mod api;
pub mod ui;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod service;

use crate::i18n::Lang;
use crate::money::Money;
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

pub fn sku_label(product: &str, color: &str, size: &str) -> String {
    let variant: Vec<&str> = [color, size].into_iter().filter(|s| !s.is_empty()).collect();
    if variant.is_empty() {
        product.to_string()
    } else {
        format!("{product} · {}", variant.join(" / "))
    }
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

impl MovementKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Inbound => "inbound",
            Self::Shipment => "shipment",
            Self::Transfer => "transfer",
            Self::Adjustment => "adjustment",
            Self::Return => "return",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::Inbound, Self::Shipment, Self::Transfer, Self::Adjustment, Self::Return]
            .into_iter()
            .find(|k| k.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Inbound, Lang::Zh) => "入库",
            (Self::Shipment, Lang::Zh) => "发货出库",
            (Self::Transfer, Lang::Zh) => "调拨",
            (Self::Adjustment, Lang::Zh) => "盘点调整",
            (Self::Return, Lang::Zh) => "退货入库",
            (Self::Inbound, Lang::En) => "Received",
            (Self::Shipment, Lang::En) => "Shipped",
            (Self::Transfer, Lang::En) => "Transfer",
            (Self::Adjustment, Lang::En) => "Adjustment",
            (Self::Return, Lang::En) => "Return",
        }
    }
}

/// One row of the stock ledger.
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
    pub note: String,
}
