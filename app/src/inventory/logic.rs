//! Pure inventory rules: product input checks, the colour × size expansion into SKUs and
//! their codes, SKU labels. Used by the server, the product form and the demo seed.

use super::NewProduct;
use crate::error::{AppError, AreaError, CommonError};
use crate::money::Money;
use crate::orders::logic::bounded_text;
use serde::{Deserialize, Serialize};

/// A refusal of the inventory area.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum InventoryError {
    TooManyVariants { max: u32 },
    UnknownSku,
}

/// A stock change that would take a SKU below zero: which, how many on hand, how many needed.
/// The area asking (shipping an order, a transfer) turns it into its own error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shortage {
    pub sku: String,
    pub have: i64,
    pub need: i64,
}

impl AreaError for InventoryError {
    fn code(&self) -> &'static str {
        match self {
            InventoryError::TooManyVariants { .. } => "too_many_variants",
            InventoryError::UnknownSku => "unknown_sku",
        }
    }

    fn field(&self) -> Option<&str> {
        match self {
            InventoryError::TooManyVariants { .. } => Some("sizes"),
            InventoryError::UnknownSku => Some("sku_id"),
        }
    }
}

impl InventoryError {
    pub fn code(&self) -> &'static str {
        AreaError::code(self)
    }

    pub fn field(&self) -> Option<&str> {
        AreaError::field(self)
    }

    #[cfg(test)]
    pub fn examples() -> Vec<InventoryError> {
        vec![InventoryError::TooManyVariants { max: 100 }, InventoryError::UnknownSku]
    }
}

pub const MAX_VARIANTS: usize = 100;
pub const MAX_STOCK_QTY: i64 = 1_000_000;

/// `纯棉T恤 · 白 / M`
pub fn sku_label(product: &str, color: &str, size: &str) -> String {
    let variant: Vec<&str> = [color, size].into_iter().filter(|s| !s.is_empty()).collect();
    if variant.is_empty() {
        product.to_string()
    } else {
        format!("{product} · {}", variant.join(" / "))
    }
}

/// A product after its checks: prices in fen and the variant lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedProduct {
    pub name: String,
    pub category: String,
    pub price: Money,
    pub cost: Money,
    pub colors: Vec<String>,
    pub sizes: Vec<String>,
    pub low_stock_qty: i64,
}

/// One SKU of a product: its code, colour and size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    pub code: String,
    pub color: String,
    pub size: String,
}

impl CheckedProduct {
    /// Every colour × size combination (one SKU when there are neither), coded
    /// `P<product>-<colour no.><size no.>`, e.g. `P07-0203` for the 2nd colour in the 3rd size.
    pub fn variants(&self, product_id: i64) -> Vec<Variant> {
        let colors = if self.colors.is_empty() { vec![String::new()] } else { self.colors.clone() };
        let sizes = if self.sizes.is_empty() { vec![String::new()] } else { self.sizes.clone() };
        let mut out = Vec::with_capacity(colors.len() * sizes.len());
        for (ci, color) in colors.iter().enumerate() {
            for (si, size) in sizes.iter().enumerate() {
                let code = format!("P{product_id:02}-{:02}{:02}", ci + 1, si + 1);
                out.push(Variant { code, color: color.clone(), size: size.clone() });
            }
        }
        out
    }
}

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

/// Check a new product (pure, so the form can run it too).
pub fn check_new_product(p: &NewProduct) -> Result<CheckedProduct, AppError> {
    let name = bounded_text("name", &p.name, 60, true)?;
    let category = bounded_text("category", &p.category, 20, true)?;
    let price = Money::parse_field("price", &p.price)?;
    let cost = if p.cost.trim().is_empty() { Money::ZERO } else { Money::parse_field("cost", &p.cost)? };
    bounded_text("colors", &p.colors, 400, false)?;
    bounded_text("sizes", &p.sizes, 400, false)?;
    let (colors, sizes) = (split_list(&p.colors), split_list(&p.sizes));
    if colors.iter().chain(&sizes).any(|v| v.chars().count() > 20) {
        return Err(CommonError::TooLong { field: "sizes".into(), max: 20 }.into());
    }
    if colors.len().max(1) * sizes.len().max(1) > MAX_VARIANTS {
        return Err(InventoryError::TooManyVariants { max: MAX_VARIANTS as u32 }.into());
    }
    if !(0..=MAX_STOCK_QTY).contains(&p.low_stock_qty) {
        return Err(CommonError::OutOfRange { field: "low_stock_qty".into(), min: 0, max: MAX_STOCK_QTY }.into());
    }
    Ok(CheckedProduct { name, category, price, cost, colors, sizes, low_stock_qty: p.low_stock_qty })
}

/// A received quantity and its note, checked.
pub fn check_inbound(qty: i64, note: &str) -> Result<String, AppError> {
    if !(1..=MAX_STOCK_QTY).contains(&qty) {
        return Err(CommonError::OutOfRange { field: "qty".into(), min: 1, max: MAX_STOCK_QTY }.into());
    }
    Ok(bounded_text("note", note, 200, false)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product() -> NewProduct {
        NewProduct {
            name: " 纯棉T恤 ".into(),
            category: "服装".into(),
            price: "79.9".into(),
            cost: "".into(),
            colors: "白，黑、白".into(),
            sizes: "S, M".into(),
            low_stock_qty: 10,
        }
    }

    #[test]
    fn product_checks() {
        let c = check_new_product(&product()).unwrap();
        assert_eq!((c.name.as_str(), c.price.to_fen(), c.cost.to_fen()), ("纯棉T恤", 7990, 0));
        assert_eq!(c.colors, vec!["白", "黑"]);
        assert_eq!(c.sizes, vec!["S", "M"]);
        let bad_price = Err(CommonError::BadAmount { field: "price".into() }.into());
        assert_eq!(check_new_product(&NewProduct { price: "abc".into(), ..product() }), bad_price);
        assert_eq!(check_new_product(&NewProduct { price: "1.234".into(), ..product() }), bad_price);
        assert_eq!(
            check_new_product(&NewProduct { price: "100000001".into(), ..product() }),
            Err(CommonError::AmountTooLarge { field: "price".into(), max_yuan: 100_000_000 }.into())
        );
        assert_eq!(check_new_product(&NewProduct { name: "".into(), ..product() }), Err(CommonError::Required { field: "name".into() }.into()));
        let sizes: Vec<String> = (0..11).map(|i| i.to_string()).collect();
        let colors: Vec<String> = (0..10).map(|i| format!("c{i}")).collect();
        let too_many = NewProduct { sizes: sizes.join(",").into(), colors: colors.join(",").into(), ..product() };
        assert_eq!(check_new_product(&too_many), Err(InventoryError::TooManyVariants { max: 100 }.into()));
        assert_eq!(sku_label("口红", "#01", ""), "口红 · #01");
    }

    #[test]
    fn variants_are_colour_by_size() {
        let c = check_new_product(&product()).unwrap();
        let codes: Vec<(String, String, String)> = c.variants(7).into_iter().map(|v| (v.code, v.color, v.size)).collect();
        assert_eq!(
            codes,
            vec![
                ("P07-0101".into(), "白".into(), "S".into()),
                ("P07-0102".into(), "白".into(), "M".into()),
                ("P07-0201".into(), "黑".into(), "S".into()),
                ("P07-0202".into(), "黑".into(), "M".into()),
            ]
        );
        let plain = CheckedProduct { colors: vec![], sizes: vec![], ..c };
        assert_eq!(plain.variants(123).iter().map(|v| v.code.as_str()).collect::<Vec<_>>(), vec!["P123-0101"]);
    }
}
