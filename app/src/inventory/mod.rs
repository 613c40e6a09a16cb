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

text_codes!(MovementKind { Inbound = "inbound", Shipment = "shipment", Transfer = "transfer", Adjustment = "adjustment", Return = "return" });

impl MovementKind {
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

/// A new product and its variants: one SKU per colour × size.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewProduct {
    pub name: String,
    pub category: String,
    /// Sale price in yuan as typed, e.g. `89` or `49.90`.
    pub price: String,
    pub cost: String,
    /// Comma-separated, e.g. `白, 黑`; empty for no colours.
    pub colors: String,
    /// Comma-separated, e.g. `S, M, L`; empty for no sizes.
    pub sizes: String,
    pub low_stock_qty: i64,
}

/// A product after its checks: prices in fen and the variant lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedProduct {
    pub name: String,
    pub category: String,
    pub price_fen: i64,
    pub cost_fen: i64,
    pub colors: Vec<String>,
    pub sizes: Vec<String>,
    pub low_stock_qty: i64,
}

pub const MAX_VARIANTS: usize = 100;

fn split_list(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in s.split([',', '，', '、', '/', ';', '；']) {
        let p = part.trim();
        if !p.is_empty() && !out.iter().any(|x| x == p) {
            out.push(p.to_string());
        }
    }
    out
}

fn money_field(field: &str, zh: &str, en: &str, input: &str) -> crate::error::AppResult<i64> {
    crate::money::Money::parse(input).map(|m| m.to_fen()).map_err(|_| {
        crate::error::AppError::validation(field, format!("{zh}格式不正确，例如 89 或 49.90"), format!("{en} must be an amount such as 89 or 49.90"))
    })
}

/// Check a new product (pure, so the form can run it too).
pub fn check_new_product(p: &NewProduct) -> crate::error::AppResult<CheckedProduct> {
    use crate::error::AppError;
    let name = p.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 60 {
        return Err(AppError::validation("name", "请填写商品名称（最多 60 字）", "Enter the product name (at most 60 characters)"));
    }
    let category = p.category.trim().to_string();
    if category.is_empty() || category.chars().count() > 20 {
        return Err(AppError::validation("category", "请填写类目（最多 20 字）", "Enter the category (at most 20 characters)"));
    }
    let price_fen = money_field("price", "售价", "Price", &p.price)?;
    let cost_fen = if p.cost.trim().is_empty() { 0 } else { money_field("cost", "成本价", "Cost", &p.cost)? };
    let (colors, sizes) = (split_list(&p.colors), split_list(&p.sizes));
    if colors.len().max(1) * sizes.len().max(1) > MAX_VARIANTS {
        return Err(AppError::validation("sizes", format!("规格组合最多 {MAX_VARIANTS} 个"), format!("At most {MAX_VARIANTS} variants")));
    }
    if !(0..=1_000_000).contains(&p.low_stock_qty) {
        return Err(AppError::validation("low_stock_qty", "预警数量需在 0–1000000 之间", "Alert level must be 0–1,000,000"));
    }
    Ok(CheckedProduct { name, category, price_fen, cost_fen, colors, sizes, low_stock_qty: p.low_stock_qty })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_checks() {
        let p = NewProduct {
            name: " 纯棉T恤 ".into(),
            category: "服装".into(),
            price: "79.9".into(),
            cost: "".into(),
            colors: "白，黑、白".into(),
            sizes: "S, M".into(),
            low_stock_qty: 10,
        };
        let c = check_new_product(&p).unwrap();
        assert_eq!((c.name.as_str(), c.price_fen, c.cost_fen), ("纯棉T恤", 7990, 0));
        assert_eq!(c.colors, vec!["白", "黑"]);
        assert_eq!(c.sizes, vec!["S", "M"]);
        assert!(check_new_product(&NewProduct { price: "abc".into(), ..p.clone() }).is_err());
        assert!(check_new_product(&NewProduct { price: "1.234".into(), ..p.clone() }).is_err());
        assert!(check_new_product(&NewProduct { name: "".into(), ..p }).is_err());
        assert_eq!(sku_label("口红", "#01", ""), "口红 · #01");
    }
}
