//! Products and SKUs to and from a spreadsheet (I1): the columns, reading a sheet into rows,
//! and planning what an import changes against the current catalog. Pure, so the preview and
//! the import decide the same way (the import plans again inside its transaction) and tests
//! can work the outcome out by hand.
//!
//! One row per SKU. A row finds its SKU by `SKU编码`, or — without a code — by product name +
//! colour + size; otherwise it adds a SKU to the product of that name, or a new product. An
//! empty optional cell keeps what is there (a new SKU gets the default), so a sheet exported
//! by the app and imported again changes nothing, and importing the same file twice changes
//! nothing the second time. Stock quantities are not imported: stock only moves through the
//! ledger (receipts, stocktakes).

use super::logic::{check_barcode, MAX_STOCK_QTY, MAX_WEIGHT_G};
use crate::bounded::Bounded;
use crate::imports::cells::{non_placeholder, parse_fen, Precision};
use crate::imports::errors::{RowError, RowReason};
use crate::imports::tabular::{HeaderSpec, RawRow, Table};
use crate::money::Money;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::str::FromStr;

/// Rows one import accepts (a catalogue of 5,000 SKUs fits twice).
pub const MAX_IMPORT_ROWS: usize = 10_000;
/// Base64 characters of one uploaded sheet (about 650 KB of .xlsx: 10,000 SKUs).
pub const MAX_SHEET_B64: usize = 900_000;

/// The sheet's columns in the order the export writes them: the Chinese heading, the English
/// one, and other names an import accepts.
pub const COLUMNS: [(&str, &str, &[&str]); 12] = [
    ("商品名称", "Product", &["商品名", "名称", "品名"]),
    ("分类", "Category", &["类目", "商品分类"]),
    ("SKU编码", "SKU code", &["编码", "商品编码", "规格编码", "SKU"]),
    ("颜色", "Colour", &["Color"]),
    ("尺码", "Size", &["规格", "尺寸"]),
    ("售价", "Price", &["销售价", "零售价", "价格", "售价(元)"]),
    ("成本价", "Cost", &["成本", "进价", "成本价(元)"]),
    ("条码", "Barcode", &["条形码", "商品条码"]),
    ("重量(克)", "Weight (g)", &["重量", "重量(g)"]),
    ("预警库存", "Alert below", &["库存预警数量", "预警数量"]),
    ("供应商", "Supplier", &[]),
    ("图片", "Image", &["图片链接", "主图"]),
];

const NAME: usize = 0;
const CATEGORY: usize = 1;
const CODE: usize = 2;
const COLOR: usize = 3;
const SIZE: usize = 4;
const PRICE: usize = 5;
const COST: usize = 6;
const BARCODE: usize = 7;
const WEIGHT: usize = 8;
const LOW: usize = 9;
const SUPPLIER: usize = 10;
const IMAGE: usize = 11;

fn names(col: usize) -> Vec<&'static str> {
    let (zh, en, other) = COLUMNS[col];
    let mut v = vec![zh, en];
    v.extend_from_slice(other);
    v
}

/// The header row must name the product and the price; every other column is optional.
pub fn header_spec() -> HeaderSpec<'static> {
    const REQUIRED: &[&[&str]] = &[&["商品名称", "Product", "商品名", "名称", "品名"], &["售价", "Price", "销售价", "零售价", "价格", "售价(元)"]];
    HeaderSpec { required: REQUIRED, footer_markers: &[] }
}

/// One data row, read and checked cell by cell. `None` in an optional field: the cell was empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetRow {
    pub line: u32,
    pub name: String,
    pub category: Option<String>,
    pub code: Option<String>,
    pub color: String,
    pub size: String,
    pub price: Money,
    pub cost: Option<Money>,
    pub barcode: Option<String>,
    pub weight_g: Option<i64>,
    pub low_stock_qty: Option<i64>,
    pub supplier: Option<String>,
    pub image: Option<String>,
}

/// Every data row of the sheet: the good ones and every problem of the bad ones.
pub fn read_sheet(table: &Table) -> (Vec<SheetRow>, Vec<RowError>) {
    let cols: Vec<Option<usize>> = (0..COLUMNS.len()).map(|c| table.find(&names(c))).collect();
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for raw in &table.rows {
        let mut cx = Cells { table, raw, cols: &cols, errors: Vec::new() };
        let row = cx.row();
        match row {
            Some(r) if cx.errors.is_empty() => rows.push(r),
            _ => errors.append(&mut cx.errors),
        }
    }
    (rows, errors)
}

struct Cells<'a> {
    table: &'a Table,
    raw: &'a RawRow,
    cols: &'a [Option<usize>],
    errors: Vec<RowError>,
}

impl Cells<'_> {
    fn fail(&mut self, col: usize, reason: RowReason) {
        let field = self.cols[col].map(|c| self.table.name(c).to_string()).unwrap_or_else(|| COLUMNS[col].0.to_string());
        self.errors.push(RowError::new(self.raw.line, field, reason));
    }

    fn opt(&self, col: usize) -> Option<String> {
        self.cols[col].and_then(|c| non_placeholder(self.raw.cell(c)))
    }

    /// Text of at most `max` characters.
    fn text(&mut self, col: usize, max: usize) -> Option<String> {
        let v = self.opt(col)?;
        if v.chars().count() > max {
            self.fail(col, RowReason::TooLong { max: max as u32 });
            return None;
        }
        Some(v)
    }

    fn money(&mut self, col: usize) -> Option<Money> {
        let raw = self.opt(col)?;
        match parse_fen(&raw, Precision::Fen) {
            Some(f) if f >= 0 => Some(Money::from_fen(f)),
            Some(_) => {
                self.fail(col, RowReason::OutOfRange { value: raw });
                None
            }
            None => {
                self.fail(col, RowReason::BadAmount { value: raw });
                None
            }
        }
    }

    /// A whole number in `0..=max` (`12` or `12.0` as spreadsheets write it).
    fn whole(&mut self, col: usize, max: i64) -> Option<i64> {
        let raw = self.opt(col)?;
        let n = Decimal::from_str(raw.trim()).ok().filter(|d| d.fract().is_zero()).and_then(|d| i64::try_from(d).ok());
        match n {
            Some(n) if (0..=max).contains(&n) => Some(n),
            Some(_) => {
                self.fail(col, RowReason::OutOfRange { value: raw });
                None
            }
            None => {
                self.fail(col, RowReason::BadQty { value: raw });
                None
            }
        }
    }

    fn row(&mut self) -> Option<SheetRow> {
        let name = self.text(NAME, 60);
        if name.is_none() && self.errors.is_empty() {
            self.fail(NAME, RowReason::Missing);
        }
        let category = self.text(CATEGORY, 20);
        let code = self.text(CODE, 32);
        if let Some(c) = &code {
            if !c.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')) {
                self.fail(CODE, RowReason::BadFormat { value: c.clone() });
            }
        }
        let color = self.text(COLOR, 20).unwrap_or_default();
        let size = self.text(SIZE, 20).unwrap_or_default();
        let price = self.money(PRICE);
        if price.is_none() && self.opt(PRICE).is_none() {
            self.fail(PRICE, RowReason::Missing);
        }
        let cost = self.money(COST);
        let barcode = self.opt(BARCODE).and_then(|b| match check_barcode(&b) {
            Ok(v) => v,
            Err(_) => {
                self.fail(BARCODE, RowReason::BadFormat { value: b });
                None
            }
        });
        let weight_g = self.whole(WEIGHT, MAX_WEIGHT_G);
        let low_stock_qty = self.whole(LOW, MAX_STOCK_QTY);
        let supplier = self.text(SUPPLIER, 60);
        let image = self.text(IMAGE, 400);
        if let Some(i) = &image {
            if !(i.starts_with("https://") || i.starts_with("http://") || i.starts_with('/')) {
                self.fail(IMAGE, RowReason::BadFormat { value: i.clone() });
            }
        }
        Some(SheetRow {
            line: self.raw.line,
            name: name?,
            category,
            code,
            color,
            size,
            price: price?,
            cost,
            barcode,
            weight_g,
            low_stock_qty,
            supplier,
            image,
        })
    }
}

/// A product as the import sees the catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnownProduct {
    pub id: i64,
    pub name: String,
    pub category: String,
    pub supplier_id: Option<i64>,
    pub image: String,
}

/// A SKU as the import sees the catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnownSku {
    pub id: i64,
    pub product_id: i64,
    pub code: String,
    pub color: String,
    pub size: String,
    pub price: Money,
    pub cost: Money,
    pub barcode: Option<String>,
    pub weight_g: i64,
    pub low_stock_qty: i64,
}

/// The catalog an import is planned against.
#[derive(Clone, Debug, Default)]
pub struct Known {
    pub products: Vec<KnownProduct>,
    pub skus: Vec<KnownSku>,
    /// Supplier id and name.
    pub suppliers: Vec<(i64, String)>,
}

/// What importing a row does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowAction {
    /// The first SKU of a product that does not exist yet.
    NewProduct,
    /// Another SKU (of a new product or of one that exists).
    NewSku,
    /// Changes an existing SKU or its product.
    Update,
    /// Matches the catalog already.
    Unchanged,
    /// Has a problem; the import is refused until it is fixed.
    Invalid,
}

/// A SKU's values after the import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkuValues {
    pub color: String,
    pub size: String,
    pub price: Money,
    pub cost: Money,
    pub barcode: Option<String>,
    pub weight_g: i64,
    /// `None` for a new SKU without a value: the category's default applies.
    pub low_stock_qty: Option<i64>,
}

/// A SKU to add; without a code one is made up when it is inserted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSkuPlan {
    pub line: u32,
    pub code: Option<String>,
    pub values: SkuValues,
}

/// A product to add, with its SKUs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProductPlan {
    pub name: String,
    pub category: String,
    pub supplier_id: Option<i64>,
    pub image: String,
    pub skus: Vec<NewSkuPlan>,
}

/// A product's own fields after the import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProductFields {
    pub category: String,
    pub supplier_id: Option<i64>,
    pub image: String,
}

/// One row of the plan as the preview lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedRow {
    pub line: u32,
    pub action: RowAction,
    /// The SKU's code; empty when it will be made up.
    pub code: String,
    pub name: String,
    pub color: String,
    pub size: String,
}

/// Everything an import would change, and every problem that stops it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub rows: Vec<PlannedRow>,
    pub errors: Vec<RowError>,
    pub new_products: Vec<ProductPlan>,
    /// SKUs added to products that exist (product id).
    pub new_skus: Vec<(i64, NewSkuPlan)>,
    /// SKUs that change (SKU id → values), in file order.
    pub sku_updates: Vec<(i64, SkuValues)>,
    /// Products whose category, supplier or image change.
    pub product_updates: Vec<(i64, ProductFields)>,
}

impl Plan {
    pub fn count(&self, action: RowAction) -> usize {
        self.rows.iter().filter(|r| r.action == action).count()
    }

    /// True when importing would change nothing.
    pub fn is_noop(&self) -> bool {
        self.new_products.is_empty() && self.new_skus.is_empty() && self.sku_updates.is_empty() && self.product_updates.is_empty()
    }
}

/// A product sheet (.xlsx, .xls or CSV) as the browser sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProductSheet {
    pub file_name: Bounded<200>,
    pub content_b64: Bounded<MAX_SHEET_B64>,
}

/// What importing a sheet would do; nothing has changed yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductImportPreview {
    pub file_name: String,
    /// Data rows in the file.
    pub total_rows: u32,
    pub new_products: u32,
    pub new_skus: u32,
    pub updated: u32,
    pub unchanged: u32,
    /// Every problem; the import is refused while there is one.
    pub errors: Vec<RowError>,
    /// The rows that change something or have a problem (at most [`PREVIEW_ROWS`]).
    pub rows: Vec<PlannedRow>,
}

/// Rows of a preview listed one by one.
pub const PREVIEW_ROWS: usize = 500;

impl ProductImportPreview {
    pub fn of(file_name: String, plan: &Plan) -> Self {
        let n = |a: RowAction| plan.count(a) as u32;
        ProductImportPreview {
            file_name,
            total_rows: plan.rows.len() as u32,
            new_products: plan.new_products.len() as u32,
            new_skus: n(RowAction::NewProduct) + n(RowAction::NewSku),
            updated: n(RowAction::Update),
            unchanged: n(RowAction::Unchanged),
            errors: plan.errors.clone(),
            rows: plan.rows.iter().filter(|r| r.action != RowAction::Unchanged).take(PREVIEW_ROWS).cloned().collect(),
        }
    }
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductImportReport {
    pub new_products: u32,
    pub new_skus: u32,
    pub updated: u32,
    pub unchanged: u32,
}

/// Where a row lands.
enum Target<'k> {
    Sku(&'k KnownSku, &'k KnownProduct),
    AddTo(&'k KnownProduct),
    NewProduct,
}

/// Plans the import of `rows` (already read) into the catalog `known`. `bad` are the rows the
/// reading refused; they appear in the plan as invalid.
pub fn plan(rows: &[SheetRow], known: &Known, bad: Vec<RowError>) -> Plan {
    let products: HashMap<i64, &KnownProduct> = known.products.iter().map(|p| (p.id, p)).collect();
    let mut by_name: HashMap<&str, Vec<&KnownProduct>> = HashMap::new();
    for p in &known.products {
        by_name.entry(p.name.as_str()).or_default().push(p);
    }
    let by_code: HashMap<&str, &KnownSku> = known.skus.iter().map(|s| (s.code.as_str(), s)).collect();
    let by_variant: HashMap<(i64, &str, &str), &KnownSku> = known.skus.iter().map(|s| ((s.product_id, s.color.as_str(), s.size.as_str()), s)).collect();
    let by_barcode: HashMap<&str, &KnownSku> = known.skus.iter().filter_map(|s| s.barcode.as_deref().map(|b| (b, s))).collect();
    let suppliers: HashMap<&str, i64> = known.suppliers.iter().map(|(id, n)| (n.as_str(), *id)).collect();

    let mut out = Plan { errors: bad, ..Plan::default() };
    let mut seen_codes: HashMap<&str, u32> = HashMap::new();
    let mut seen_variants: HashMap<(&str, &str, &str), u32> = HashMap::new();
    let mut seen_barcodes: HashMap<&str, u32> = HashMap::new();
    // Product-level values given by an earlier row of the same product name: (row, value).
    let mut firsts: HashMap<(&str, usize), (u32, String)> = HashMap::new();
    let mut new_index: HashMap<&str, usize> = HashMap::new();
    let mut product_changes: HashMap<i64, ProductFields> = HashMap::new();
    let mut product_order: Vec<i64> = Vec::new();

    for r in rows {
        let before = out.errors.len();
        let fail = |out: &mut Plan, col: usize, reason: RowReason| out.errors.push(RowError::new(r.line, COLUMNS[col].0, reason));

        if let Some(&first) = seen_variants.get(&(r.name.as_str(), r.color.as_str(), r.size.as_str())) {
            fail(&mut out, NAME, RowReason::Duplicate { value: super::sku_label(&r.name, &r.color, &r.size), first_row: first });
        } else {
            seen_variants.insert((r.name.as_str(), r.color.as_str(), r.size.as_str()), r.line);
        }
        if let Some(code) = r.code.as_deref() {
            match seen_codes.get(code) {
                Some(&first) => fail(&mut out, CODE, RowReason::Duplicate { value: code.to_string(), first_row: first }),
                None => {
                    seen_codes.insert(code, r.line);
                }
            }
        }
        // Rows of one product must agree on the product's own fields.
        for (col, value) in [(CATEGORY, &r.category), (SUPPLIER, &r.supplier), (IMAGE, &r.image)] {
            if let Some(v) = value {
                match firsts.get(&(r.name.as_str(), col)) {
                    Some((first, fv)) if fv != v => fail(&mut out, col, RowReason::Inconsistent { value: v.clone(), first_row: *first }),
                    Some(_) => {}
                    None => {
                        firsts.insert((r.name.as_str(), col), (r.line, v.clone()));
                    }
                }
            }
        }
        let supplier_id = match r.supplier.as_deref() {
            Some(name) => match suppliers.get(name) {
                Some(&id) => Some(Some(id)),
                None => {
                    fail(&mut out, SUPPLIER, RowReason::UnknownSupplier { value: name.to_string() });
                    None
                }
            },
            None => None,
        };

        let target = match r.code.as_deref().and_then(|c| by_code.get(c)) {
            Some(&sku) => {
                let p = products[&sku.product_id];
                if p.name != r.name {
                    fail(&mut out, NAME, RowReason::WrongProduct { value: p.name.clone() });
                } else if (sku.color.as_str(), sku.size.as_str()) != (r.color.as_str(), r.size.as_str()) {
                    if let Some(other) = by_variant.get(&(p.id, r.color.as_str(), r.size.as_str())) {
                        fail(&mut out, COLOR, RowReason::Taken { value: other.code.clone() });
                    }
                }
                Target::Sku(sku, p)
            }
            None => match by_name.get(r.name.as_str()).map(Vec::as_slice) {
                None | Some([]) => Target::NewProduct,
                Some([p]) => match by_variant.get(&(p.id, r.color.as_str(), r.size.as_str())) {
                    Some(&sku) if r.code.is_none() => Target::Sku(sku, p),
                    Some(&sku) => {
                        fail(&mut out, CODE, RowReason::Taken { value: sku.code.clone() });
                        Target::Sku(sku, p)
                    }
                    None => Target::AddTo(p),
                },
                Some(_) => {
                    fail(&mut out, NAME, RowReason::Ambiguous { value: r.name.clone() });
                    Target::NewProduct
                }
            },
        };
        let own_sku = match &target {
            Target::Sku(s, _) => Some(s.id),
            _ => None,
        };
        if let Some(b) = r.barcode.as_deref() {
            if let Some(&first) = seen_barcodes.get(b) {
                fail(&mut out, BARCODE, RowReason::Duplicate { value: b.to_string(), first_row: first });
            } else {
                seen_barcodes.insert(b, r.line);
                if let Some(owner) = by_barcode.get(b) {
                    if Some(owner.id) != own_sku {
                        fail(&mut out, BARCODE, RowReason::Taken { value: owner.code.clone() });
                    }
                }
            }
        }
        if matches!(target, Target::NewProduct) && r.category.is_none() && !new_index.contains_key(r.name.as_str()) {
            fail(&mut out, CATEGORY, RowReason::Missing);
        }

        let row_of = |action: RowAction, code: &str| PlannedRow {
            line: r.line,
            action,
            code: code.to_string(),
            name: r.name.clone(),
            color: r.color.clone(),
            size: r.size.clone(),
        };
        if out.errors.len() > before {
            out.rows.push(row_of(RowAction::Invalid, r.code.as_deref().unwrap_or("")));
            continue;
        }
        let fresh = |r: &SheetRow| SkuValues {
            color: r.color.clone(),
            size: r.size.clone(),
            price: r.price,
            cost: r.cost.unwrap_or(Money::ZERO),
            barcode: r.barcode.clone(),
            weight_g: r.weight_g.unwrap_or(0),
            low_stock_qty: r.low_stock_qty,
        };
        match target {
            Target::Sku(sku, p) => {
                let values = SkuValues {
                    color: r.color.clone(),
                    size: r.size.clone(),
                    price: r.price,
                    cost: r.cost.unwrap_or(sku.cost),
                    barcode: r.barcode.clone().or_else(|| sku.barcode.clone()),
                    weight_g: r.weight_g.unwrap_or(sku.weight_g),
                    low_stock_qty: Some(r.low_stock_qty.unwrap_or(sku.low_stock_qty)),
                };
                let current = SkuValues {
                    color: sku.color.clone(),
                    size: sku.size.clone(),
                    price: sku.price,
                    cost: sku.cost,
                    barcode: sku.barcode.clone(),
                    weight_g: sku.weight_g,
                    low_stock_qty: Some(sku.low_stock_qty),
                };
                let sku_changed = values != current;
                let product_changed = change_product(p, r, supplier_id, &mut product_changes, &mut product_order);
                if sku_changed {
                    out.sku_updates.push((sku.id, values));
                }
                let action = if sku_changed || product_changed { RowAction::Update } else { RowAction::Unchanged };
                out.rows.push(row_of(action, &sku.code));
            }
            Target::AddTo(p) => {
                change_product(p, r, supplier_id, &mut product_changes, &mut product_order);
                out.new_skus.push((p.id, NewSkuPlan { line: r.line, code: r.code.clone(), values: fresh(r) }));
                out.rows.push(row_of(RowAction::NewSku, r.code.as_deref().unwrap_or("")));
            }
            Target::NewProduct => {
                let sku = NewSkuPlan { line: r.line, code: r.code.clone(), values: fresh(r) };
                match new_index.get(r.name.as_str()) {
                    Some(&i) => {
                        out.new_products[i].skus.push(sku);
                        out.rows.push(row_of(RowAction::NewSku, r.code.as_deref().unwrap_or("")));
                    }
                    None => {
                        new_index.insert(r.name.as_str(), out.new_products.len());
                        out.new_products.push(ProductPlan {
                            name: r.name.clone(),
                            category: r.category.clone().unwrap_or_default(),
                            supplier_id: supplier_id.flatten(),
                            image: r.image.clone().unwrap_or_default(),
                            skus: vec![sku],
                        });
                        out.rows.push(row_of(RowAction::NewProduct, r.code.as_deref().unwrap_or("")));
                    }
                }
            }
        }
    }
    out.errors.sort_by_key(|e| e.row);
    out.product_updates = product_order.into_iter().map(|id| (id, product_changes.remove(&id).expect("ordered ids are in the map"))).collect();
    out
}

/// Records the product-level values of `r` for product `p` when they differ from the catalog;
/// true when they do.
fn change_product(
    p: &KnownProduct,
    r: &SheetRow,
    supplier_id: Option<Option<i64>>,
    changes: &mut HashMap<i64, ProductFields>,
    order: &mut Vec<i64>,
) -> bool {
    let fields = ProductFields {
        category: r.category.clone().unwrap_or_else(|| p.category.clone()),
        supplier_id: supplier_id.unwrap_or(p.supplier_id),
        image: r.image.clone().unwrap_or_else(|| p.image.clone()),
    };
    let current = ProductFields { category: p.category.clone(), supplier_id: p.supplier_id, image: p.image.clone() };
    if fields == current {
        return false;
    }
    if !changes.contains_key(&p.id) {
        order.push(p.id);
    }
    changes.insert(p.id, fields);
    true
}

/// The code of a SKU added without one: `P<product>-<colour no.><size no.>` like the product
/// editor's grid, numbering colours and sizes in the order the product has them; `-2`, `-3`…
/// when that code is taken.
pub fn made_up_code(product_id: i64, color_no: usize, size_no: usize, taken: &dyn Fn(&str) -> bool) -> String {
    let base = format!("P{product_id:02}-{color_no:02}{size_no:02}");
    if !taken(&base) {
        return base;
    }
    (2..).map(|n| format!("{base}-{n}")).find(|c| !taken(c)).expect("some suffix is free")
}

/// 1-based position of `value` in `list`, appending it when absent.
pub fn position_in(list: &mut Vec<String>, value: &str) -> usize {
    match list.iter().position(|v| v == value) {
        Some(i) => i + 1,
        None => {
            list.push(value.to_string());
            list.len()
        }
    }
}

#[cfg(test)]
#[path = "catalog_io_tests.rs"]
mod tests;
