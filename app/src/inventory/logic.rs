//! Pure inventory rules: product input checks, the colour × size expansion into SKUs and
//! their codes, SKU labels. Used by the server, the product form and the demo seed.

use super::{DocLine, NewProduct, SkuEdit};
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
    /// A stock change would take a SKU below what is available.
    StockShort { sku: String, have: i64, need: i64 },
    UnknownWarehouse,
    SameWarehouse,
    UnknownRegion { name: String },
    NameTaken,
    NoLines,
    TooManyLines { max: u32 },
    /// The document is no longer in a state that allows this (received, posted, cancelled).
    BadState,
    /// Receiving more than is still open on a purchase line.
    ReceiveTooMuch { sku: String, open: i64 },
    UnknownSupplier,
    /// Not a barcode: 4–32 letters or digits; 8 or 13 digits must carry a valid EAN check digit.
    BadBarcode,
    BarcodeTaken { sku: String },
    /// A product sheet with bad rows is not imported (the preview lists them).
    BadRows { count: u32 },
    /// The uploaded product sheet did not arrive whole (not base64, or empty).
    BadUpload,
}

/// A stock change that would take a SKU below what is available: which, how many
/// available, how many needed. The area asking (an order) turns it into its own error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shortage {
    pub sku: String,
    pub have: i64,
    pub need: i64,
}

impl From<Shortage> for InventoryError {
    fn from(s: Shortage) -> Self {
        InventoryError::StockShort { sku: s.sku, have: s.have, need: s.need }
    }
}

/// Lines per stock document (purchase, transfer, stocktake).
pub const MAX_DOC_LINES: usize = 200;

/// The moving weighted-average unit cost after `in_qty` units at `in_cost` join `old_qty`
/// units at `old_avg`: (old_qty × old_avg + in_qty × in_cost) / (old_qty + in_qty), rounded
/// half-up to the fen. With nothing on hand before, the new cost is the receipt's.
pub fn moving_average(old_qty: i64, old_avg: Money, in_qty: i64, in_cost: Money) -> Money {
    let old_qty = old_qty.max(0);
    let total = old_qty + in_qty;
    if total <= 0 {
        return in_cost.round_fen();
    }
    let value = old_avg.times(old_qty) + in_cost.times(in_qty);
    Money(value.0 / rust_decimal::Decimal::from(total)).round_fen()
}

/// A warehouse as the order routing sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WarehouseRule {
    pub id: i64,
    pub parent_id: Option<i64>,
    /// Province short names this warehouse serves (分仓 only).
    pub regions: Vec<String>,
    pub active: bool,
}

/// Which warehouse ships an order to `province`: an active 分仓 serving that province, else
/// the 总仓 (the active warehouse without a parent, lowest id).
pub fn choose_warehouse(warehouses: &[WarehouseRule], province: Option<&str>) -> Option<i64> {
    let code = province.and_then(crate::region::normalize).map(|p| p.code);
    let branch = warehouses.iter().find(|w| {
        w.active && w.parent_id.is_some() && code.is_some() && w.regions.iter().any(|r| crate::region::normalize(r).map(|p| p.code) == code)
    });
    branch.or_else(|| warehouses.iter().filter(|w| w.active && w.parent_id.is_none()).min_by_key(|w| w.id)).map(|w| w.id)
}

/// A warehouse's region list as typed ("广东、广西，海南"): each must name a province; returns
/// the normalised short names.
pub fn parse_regions(input: &str) -> Result<Vec<String>, InventoryError> {
    let mut out: Vec<String> = Vec::new();
    for part in split_list(input) {
        let p = crate::region::normalize(&part).ok_or(InventoryError::UnknownRegion { name: part.clone() })?;
        if !out.iter().any(|x| x == p.short) {
            out.push(p.short.to_string());
        }
    }
    Ok(out)
}

/// The adjustments a stocktake posts: counted − booked per SKU, zero differences left out.
pub fn stocktake_adjustments(lines: &[(i64, i64, i64)]) -> Vec<(i64, i64)> {
    lines.iter().filter(|(_, booked, counted)| booked != counted).map(|&(sku, booked, counted)| (sku, counted - booked)).collect()
}

/// A document's lines checked: at least one, at most [`MAX_DOC_LINES`], quantities in range
/// (a stocktake may count zero), unit costs parsed when `with_cost`. Lines of the same SKU
/// are added up (counted in two places, ordered twice). Keeps the first line's order.
pub fn check_lines(lines: &[DocLine], zero_ok: bool, with_cost: bool) -> Result<Vec<(i64, i64, Money)>, AppError> {
    if lines.is_empty() {
        return Err(InventoryError::NoLines.into());
    }
    if lines.len() > MAX_DOC_LINES {
        return Err(InventoryError::TooManyLines { max: MAX_DOC_LINES as u32 }.into());
    }
    let min = if zero_ok { 0 } else { 1 };
    let mut out: Vec<(i64, i64, Money)> = Vec::with_capacity(lines.len());
    for l in lines {
        if l.sku_id <= 0 {
            return Err(InventoryError::UnknownSku.into());
        }
        if !(min..=MAX_STOCK_QTY).contains(&l.qty) {
            return Err(CommonError::OutOfRange { field: "qty".into(), min, max: MAX_STOCK_QTY }.into());
        }
        let cost = if with_cost { Money::parse_field("unit_cost", &l.unit_cost)? } else { Money::ZERO };
        match out.iter_mut().find(|o| o.0 == l.sku_id) {
            Some(o) => o.1 = (o.1 + l.qty).min(MAX_STOCK_QTY),
            None => out.push((l.sku_id, l.qty, cost)),
        }
    }
    Ok(out)
}

/// A barcode as typed: trimmed; empty means none. 4–32 ASCII letters, digits or '-'; a code of
/// 8 or 13 digits is an EAN and must carry its check digit (a mistyped digit is caught).
pub fn check_barcode(input: &str) -> Result<Option<String>, InventoryError> {
    let b = input.trim();
    if b.is_empty() {
        return Ok(None);
    }
    if !(4..=32).contains(&b.len()) || !b.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-') {
        return Err(InventoryError::BadBarcode);
    }
    if (b.len() == 8 || b.len() == 13) && b.bytes().all(|c| c.is_ascii_digit()) {
        let digits: Vec<u32> = b.bytes().map(|c| u32::from(c - b'0')).collect();
        let (body, check) = digits.split_at(digits.len() - 1);
        // Weights 3, 1, 3, … from the digit next to the check digit leftwards.
        let sum: u32 = body.iter().rev().enumerate().map(|(i, d)| if i % 2 == 0 { d * 3 } else { *d }).sum();
        if (10 - sum % 10) % 10 != check[0] {
            return Err(InventoryError::BadBarcode);
        }
    }
    Ok(Some(b.to_string()))
}

/// An EAN-13 from its first 12 digits: appends the check digit.
pub fn ean13(body: &str) -> String {
    let sum: u32 = body.bytes().rev().enumerate().map(|(i, c)| u32::from(c - b'0') * if i % 2 == 0 { 3 } else { 1 }).sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

/// A SKU's figures from the grid editor, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedSku {
    pub price: Money,
    pub cost: Money,
    pub barcode: Option<String>,
    pub low_stock_qty: i64,
    pub weight_g: i64,
}

pub fn check_sku_edit(e: &SkuEdit) -> Result<CheckedSku, AppError> {
    let price = Money::parse_field("price", &e.price)?;
    let cost = if e.cost.trim().is_empty() { Money::ZERO } else { Money::parse_field("cost", &e.cost)? };
    let barcode = check_barcode(&e.barcode)?;
    if !(0..=MAX_STOCK_QTY).contains(&e.low_stock_qty) {
        return Err(CommonError::OutOfRange { field: "low_stock_qty".into(), min: 0, max: MAX_STOCK_QTY }.into());
    }
    if !(0..=MAX_WEIGHT_G).contains(&e.weight_g) {
        return Err(CommonError::OutOfRange { field: "weight_g".into(), min: 0, max: MAX_WEIGHT_G }.into());
    }
    Ok(CheckedSku { price, cost, barcode, low_stock_qty: e.low_stock_qty, weight_g: e.weight_g })
}

/// Heaviest SKU (grams): 100 kg.
pub const MAX_WEIGHT_G: i64 = 100_000;

/// The message a low-stock alert sends to the team's group (Chinese: it goes to a WeChat
/// Work / DingTalk group of the shop): a title and a Markdown body.
pub fn alert_message(sku: &str, warehouse: &str, available: i64, threshold: i64) -> (String, String) {
    let title = format!("库存预警：{sku}");
    let body = format!("**库存预警**\n> 商品：{sku}\n> 仓库：{warehouse}\n> 可用库存：**{available}**（预警线 {threshold}）\n\n请及时补货。");
    (title, body)
}

/// Whether available stock is below the alert level (an alert is due).
pub fn is_low(available: i64, threshold: i64) -> bool {
    available < threshold
}

impl AreaError for InventoryError {
    fn code(&self) -> &'static str {
        match self {
            InventoryError::TooManyVariants { .. } => "too_many_variants",
            InventoryError::UnknownSku => "unknown_sku",
            InventoryError::StockShort { .. } => "stock_short",
            InventoryError::UnknownWarehouse => "unknown_warehouse",
            InventoryError::SameWarehouse => "same_warehouse",
            InventoryError::UnknownRegion { .. } => "unknown_region",
            InventoryError::NameTaken => "name_taken",
            InventoryError::NoLines => "no_lines",
            InventoryError::TooManyLines { .. } => "too_many_lines",
            InventoryError::BadState => "bad_state",
            InventoryError::ReceiveTooMuch { .. } => "receive_too_much",
            InventoryError::UnknownSupplier => "unknown_supplier",
            InventoryError::BadBarcode => "bad_barcode",
            InventoryError::BarcodeTaken { .. } => "barcode_taken",
            InventoryError::BadRows { .. } => "bad_rows",
            InventoryError::BadUpload => "bad_upload",
        }
    }

    fn field(&self) -> Option<&str> {
        match self {
            InventoryError::TooManyVariants { .. } => Some("sizes"),
            InventoryError::UnknownSku => Some("sku_id"),
            InventoryError::UnknownWarehouse | InventoryError::SameWarehouse => Some("warehouse_id"),
            InventoryError::UnknownRegion { .. } => Some("regions"),
            InventoryError::NameTaken => Some("name"),
            InventoryError::NoLines | InventoryError::TooManyLines { .. } | InventoryError::ReceiveTooMuch { .. } => Some("lines"),
            InventoryError::UnknownSupplier => Some("supplier_id"),
            InventoryError::BadBarcode | InventoryError::BarcodeTaken { .. } => Some("barcode"),
            InventoryError::BadRows { .. } | InventoryError::BadUpload => Some("file"),
            InventoryError::StockShort { .. } | InventoryError::BadState => None,
        }
    }

    fn is_conflict(&self) -> bool {
        matches!(self, InventoryError::StockShort { .. } | InventoryError::BadState)
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
        use InventoryError::*;
        vec![
            TooManyVariants { max: 100 },
            UnknownSku,
            StockShort { sku: "蛋黄酥".into(), have: 1, need: 3 },
            UnknownWarehouse,
            SameWarehouse,
            UnknownRegion { name: "火星".into() },
            NameTaken,
            NoLines,
            TooManyLines { max: 200 },
            BadState,
            ReceiveTooMuch { sku: "面膜".into(), open: 4 },
            UnknownSupplier,
            BadBarcode,
            BarcodeTaken { sku: "P01-0101".into() },
            BadRows { count: 3 },
            BadUpload,
        ]
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

    #[test]
    fn moving_average_cost() {
        // 10 at ¥5.00, then 30 at ¥6.00: (50 + 180) / 40 = ¥5.75.
        assert_eq!(moving_average(10, Money::from_fen(500), 30, Money::from_fen(600)), Money::from_fen(575));
        // 3 at ¥1.00 + 1 at ¥1.01 = 4.01 / 4 = 1.0025 → ¥1.00; 1 at ¥1.00 + 2 at ¥1.01 = 3.02 / 3 = 1.00666… → ¥1.01.
        assert_eq!(moving_average(3, Money::from_fen(100), 1, Money::from_fen(101)), Money::from_fen(100));
        assert_eq!(moving_average(1, Money::from_fen(100), 2, Money::from_fen(101)), Money::from_fen(101));
        // Half a fen rounds up: 1 at ¥1.00 + 1 at ¥1.01 = 1.005 → ¥1.01.
        assert_eq!(moving_average(1, Money::from_fen(100), 1, Money::from_fen(101)), Money::from_fen(101));
        assert_eq!(moving_average(0, Money::from_fen(999), 5, Money::from_fen(250)), Money::from_fen(250));
    }

    #[test]
    fn orders_ship_from_the_branch_serving_their_province() {
        let w = |id, parent, regions: &[&str]| WarehouseRule { id, parent_id: parent, regions: regions.iter().map(|r| r.to_string()).collect(), active: true };
        let all = [w(1, None, &[]), w(2, Some(1), &["广东", "广西"]), w(3, Some(1), &["四川"])];
        assert_eq!(choose_warehouse(&all, Some("广东省")), Some(2));
        assert_eq!(choose_warehouse(&all, Some("广西壮族自治区")), Some(2));
        assert_eq!(choose_warehouse(&all, Some("四川")), Some(3));
        assert_eq!(choose_warehouse(&all, Some("浙江")), Some(1));
        assert_eq!(choose_warehouse(&all, None), Some(1));
        let closed = [w(1, None, &[]), WarehouseRule { active: false, ..w(2, Some(1), &["广东"]) }];
        assert_eq!(choose_warehouse(&closed, Some("广东")), Some(1));
        assert_eq!(parse_regions("广东、广西壮族自治区，广东"), Ok(vec!["广东".to_string(), "广西".to_string()]));
        assert_eq!(parse_regions("火星"), Err(InventoryError::UnknownRegion { name: "火星".into() }));
    }

    #[test]
    fn alert_messages() {
        let (title, body) = alert_message("蛋黄酥", "总仓", 3, 10);
        assert_eq!(title, "库存预警：蛋黄酥");
        assert!(body.contains("可用库存：**3**（预警线 10）"), "{body}");
    }

    #[test]
    fn document_lines_are_checked_and_merged() {
        let l = |sku, qty, cost: &str| DocLine { sku_id: sku, qty, unit_cost: cost.into() };
        assert_eq!(
            check_lines(&[l(3, 2, "1.50"), l(4, 1, "2"), l(3, 5, "9")], false, true),
            Ok(vec![(3, 7, Money::from_fen(150)), (4, 1, Money::from_fen(200))])
        );
        assert_eq!(check_lines(&[], false, false), Err(InventoryError::NoLines.into()));
        assert_eq!(
            check_lines(&[l(3, 0, "")], false, false),
            Err(CommonError::OutOfRange { field: "qty".into(), min: 1, max: MAX_STOCK_QTY }.into())
        );
        assert_eq!(check_lines(&[l(3, 0, "")], true, false), Ok(vec![(3, 0, Money::ZERO)]));
        assert_eq!(check_lines(&[l(3, 1, "abc")], false, true), Err(CommonError::BadAmount { field: "unit_cost".into() }.into()));
        let many: Vec<DocLine> = (1..=201).map(|i| l(i, 1, "")).collect();
        assert_eq!(check_lines(&many, false, false), Err(InventoryError::TooManyLines { max: 200 }.into()));
    }

    #[test]
    fn barcodes() {
        assert_eq!(check_barcode(" 6901234567892 "), Ok(Some("6901234567892".into())));
        // The same EAN-13 with the last digit mistyped.
        assert_eq!(check_barcode("6901234567893"), Err(InventoryError::BadBarcode));
        // EAN-8 96385074: 9·3+6+3·3+8+3·5+0+3·7 = 27+6+9+8+15+0+21 = 86 → check 4.
        assert_eq!(check_barcode("96385074"), Ok(Some("96385074".into())));
        assert_eq!(check_barcode("96385075"), Err(InventoryError::BadBarcode));
        assert_eq!(check_barcode("SKU-12"), Ok(Some("SKU-12".into())));
        assert_eq!(check_barcode(""), Ok(None));
        assert_eq!(check_barcode("条码"), Err(InventoryError::BadBarcode));
        assert_eq!(check_barcode("abc"), Err(InventoryError::BadBarcode));
        assert_eq!(ean13("690123456789"), "6901234567892");
    }

    #[test]
    fn stocktake_posts_the_differences() {
        assert_eq!(stocktake_adjustments(&[(1, 10, 8), (2, 5, 5), (3, 0, 4)]), vec![(1, -2), (3, 4)]);
        assert!(is_low(4, 5) && !is_low(5, 5));
    }

    fn product() -> NewProduct {
        NewProduct {
            name: " 纯棉T恤 ".into(),
            category: "服装".into(),
            price: "79.9".into(),
            cost: "".into(),
            colors: "白，黑、白".into(),
            sizes: "S, M".into(),
            low_stock_qty: 10,
            ..Default::default()
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
