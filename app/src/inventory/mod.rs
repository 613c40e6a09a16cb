//! Products, SKUs and stock across warehouses: the immutable ledger of movements and the
//! on-hand, reserved and average-cost figures it keeps; purchases, transfers, stocktakes,
//! low-stock alerts, demand forecasts and purchase suggestions.

pub mod api;
pub mod catalog_io;
#[cfg(feature = "ssr")]
mod export;
#[cfg(feature = "ssr")]
pub mod forecast;
pub mod logic;
pub mod text;
pub mod ui;
#[cfg(feature = "ssr")]
mod db;
#[cfg(feature = "ssr")]
pub mod service;

pub use catalog_io::{ProductImportPreview, ProductImportReport, ProductSheet, RowAction};
pub use logic::{check_new_product, sku_label, CheckedProduct, InventoryError, Shortage};

use crate::bounded::Bounded;
use crate::i18n::Lang;
use crate::money::Money;
use crate::page::Seek;
use serde::{Deserialize, Serialize};

/// One SKU with its stock in one warehouse (or all warehouses summed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkuStock {
    pub sku_id: i64,
    pub product_id: i64,
    pub code: String,
    pub barcode: String,
    pub product_name: String,
    pub category: String,
    pub size: String,
    pub color: String,
    pub price: Money,
    pub qty: i64,
    pub reserved: i64,
    pub low_stock_qty: i64,
    /// Average unit cost (staff only; zero for agents).
    pub avg_cost: Money,
}

impl SkuStock {
    /// `纯棉T恤 · 白 / M`
    pub fn label(&self) -> String {
        sku_label(&self.product_name, &self.color, &self.size)
    }

    /// On hand minus what open orders reserved.
    pub fn available(&self) -> i64 {
        self.qty - self.reserved
    }

    pub fn is_low(&self) -> bool {
        logic::is_low(self.available(), self.low_stock_qty)
    }
}

/// Stock board filters: text (name, code or barcode), warehouse, category, only-low.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StockFilter {
    pub q: Bounded<128>,
    pub warehouse_id: Option<i64>,
    pub category: Option<Bounded<40>>,
    pub low_only: bool,
    pub seek: Seek,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

/// One row of the stock ledger (staff view: with its document and who made it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Movement {
    pub id: i64,
    pub sku_code: String,
    pub sku_label: String,
    pub warehouse: String,
    pub delta: i64,
    pub kind: MovementKind,
    /// The document: (type, id), e.g. ("order", 42), ("purchase_order", 3).
    pub ref_type: Option<String>,
    pub ref_id: Option<i64>,
    pub unit_cost: Money,
    pub note: String,
    pub user_name: String,
    pub at: i64,
}

/// Ledger filters: SKU (code), kind, warehouse, business-day range.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LedgerFilter {
    pub sku: Bounded<64>,
    pub kind: Option<MovementKind>,
    pub warehouse_id: Option<i64>,
    /// First business day (inclusive) and last (inclusive).
    pub from_day: Option<i64>,
    pub to_day: Option<i64>,
    pub seek: Seek,
}

/// Goods received into a warehouse outside a purchase order (opening stock, a gift, …).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbound {
    pub sku_id: i64,
    pub qty: i64,
    pub note: Bounded<400>,
    /// Defaults to the 总仓.
    #[serde(default)]
    pub warehouse_id: Option<i64>,
    /// Unit cost in yuan as typed; empty keeps the current average.
    #[serde(default)]
    pub unit_cost: Bounded<32>,
}

/// A new product and its variants: one SKU per colour × size.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
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
    /// Barcode of a single-SKU product (variants get theirs in the grid).
    pub barcode: Bounded<32>,
    pub weight_g: i64,
    /// An image URL (optional).
    pub image: Bounded<400>,
    pub supplier_id: Option<i64>,
}

/// One SKU as the product editor's colour × size grid shows and changes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkuEdit {
    pub sku_id: i64,
    pub price: Bounded<32>,
    pub cost: Bounded<32>,
    pub barcode: Bounded<32>,
    pub low_stock_qty: i64,
    pub weight_g: i64,
}

/// A warehouse: the 总仓 has no parent; a 分仓 serves the provinces in `regions`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warehouse {
    pub id: i64,
    pub name: String,
    pub parent_id: Option<i64>,
    pub regions: Vec<String>,
    pub active: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewWarehouse {
    pub name: Bounded<40>,
    /// Comma-separated provinces this 分仓 serves.
    pub regions: Bounded<400>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supplier {
    pub id: i64,
    pub name: String,
    pub contact: String,
    pub lead_time_days: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewSupplier {
    pub name: Bounded<60>,
    pub contact: Bounded<120>,
    pub lead_time_days: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PurchaseStatus {
    Open,
    Partial,
    Received,
    Cancelled,
}

text_codes!(PurchaseStatus { Open = "open", Partial = "partial", Received = "received", Cancelled = "cancelled" });

/// A line of a new purchase order or of a receipt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocLine {
    pub sku_id: i64,
    pub qty: i64,
    /// Unit cost in yuan as typed (purchase orders only).
    #[serde(default)]
    pub unit_cost: Bounded<32>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewPurchaseOrder {
    pub supplier_id: i64,
    pub warehouse_id: Option<i64>,
    /// Expected delivery, business day number.
    pub expected_day: Option<i64>,
    pub note: Bounded<400>,
    pub lines: Vec<DocLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseLineView {
    pub id: i64,
    pub sku_id: i64,
    pub sku_code: String,
    pub sku_label: String,
    pub qty: i64,
    pub received_qty: i64,
    pub unit_cost: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseOrderView {
    pub id: i64,
    pub supplier: String,
    pub warehouse: String,
    pub status: PurchaseStatus,
    pub expected_day: Option<i64>,
    pub note: String,
    pub total: Money,
    pub created_at: i64,
    pub lines: Vec<PurchaseLineView>,
}

/// A purchase order that has received goods, as the tax area links input invoices to it: the
/// supplier and the value received so far (received quantities × unit cost).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceivedPurchase {
    pub id: i64,
    pub supplier: String,
    pub received: Money,
    pub created_at: i64,
}

/// A transfer (调拨) between warehouses: out at once, in transit, in on receipt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferView {
    pub id: i64,
    pub from: String,
    pub to: String,
    pub in_transit: bool,
    pub note: String,
    pub created_at: i64,
    pub received_at: Option<i64>,
    pub lines: Vec<(String, i64)>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewTransfer {
    pub from_warehouse_id: i64,
    pub to_warehouse_id: i64,
    pub note: Bounded<400>,
    pub lines: Vec<DocLine>,
}

/// A stocktake (盘点) sheet: counted quantities; posting adjusts to them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StocktakeView {
    pub id: i64,
    pub warehouse: String,
    pub posted: bool,
    pub note: String,
    pub created_at: i64,
    /// (SKU, label, counted, booked when posted).
    pub lines: Vec<(i64, String, i64, Option<i64>)>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewStocktake {
    pub warehouse_id: i64,
    pub note: Bounded<400>,
    /// (SKU, counted quantity).
    pub lines: Vec<DocLine>,
}

/// A low-stock alert: available fell below the threshold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertView {
    pub id: i64,
    pub sku_code: String,
    pub sku_label: String,
    pub warehouse: String,
    pub threshold: i64,
    pub available: i64,
    pub created_at: i64,
    pub resolved_at: Option<i64>,
}

/// A SKU's 30-day forecast, its backtest, and the purchase it suggests.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub sku_id: i64,
    pub sku_code: String,
    pub sku_label: String,
    pub supplier_id: Option<i64>,
    pub supplier: String,
    pub lead_time_days: i64,
    pub available: i64,
    pub on_order: i64,
    /// Forecast demand over the next 30 days, and over lead time + review period.
    pub forecast_30: i64,
    pub cover_demand: i64,
    pub safety_stock: i64,
    /// Backtest errors (sMAPE, percent) of the forecast and of the seasonal-naive baseline
    /// (same weekday last week) on the last four weeks.
    pub smape: Option<f64>,
    pub naive_smape: Option<f64>,
    /// How the forecast was made, in the caller's language.
    pub method: String,
    /// Festivals in the next 30 days and the uplift applied, e.g. "中秋节 ×2.9".
    pub festivals: Vec<String>,
    pub suggested_qty: i64,
    pub unit_cost: Money,
    /// The daily forecast (for the sparkline), rounded to units.
    pub daily: Vec<i64>,
}

/// The suggestions of one supplier: one click makes them a purchase order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SupplierSuggestions {
    pub supplier_id: Option<i64>,
    pub supplier: String,
    pub lines: Vec<Suggestion>,
    pub total_qty: i64,
    pub total_cost: Money,
}

/// The purchase suggestions page: when forecasts were computed and the groups.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Suggestions {
    pub computed_at: Option<i64>,
    pub groups: Vec<SupplierSuggestions>,
    /// SKUs forecast, and how many beat the seasonal-naive baseline in the backtest.
    pub forecast_skus: i64,
    pub beat_naive: i64,
}

/// A SKU that has not sold for a while, and the value tied up in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlowMover {
    pub sku_id: i64,
    pub sku_code: String,
    pub sku_label: String,
    pub qty: i64,
    pub value: Money,
    /// Business day of the last sale, if any.
    pub last_sale_day: Option<i64>,
}

/// A product as its editor shows it: the colour × size grid of its SKUs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductDetail {
    pub id: i64,
    pub name: String,
    pub category: String,
    pub supplier_id: Option<i64>,
    pub image: String,
    pub colors: Vec<String>,
    pub sizes: Vec<String>,
    pub skus: Vec<SkuGridRow>,
}

impl ProductDetail {
    /// The SKU at a colour × size cell of the grid, if the product has it.
    pub fn cell(&self, color: &str, size: &str) -> Option<&SkuGridRow> {
        self.skus.iter().find(|s| s.color == color && s.size == size)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkuGridRow {
    pub sku_id: i64,
    pub code: String,
    pub color: String,
    pub size: String,
    pub price: Money,
    pub cost: Money,
    pub barcode: String,
    pub low_stock_qty: i64,
    pub weight_g: i64,
}

/// A product's own fields as its editor changes them (the name stays: orders print it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProductMeta {
    pub product_id: i64,
    pub category: Bounded<40>,
    pub supplier_id: Option<i64>,
    pub image: Bounded<400>,
}

/// A category with the alert level its new SKUs start with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryView {
    pub name: String,
    pub low_stock_qty: i64,
    pub products: i64,
}

/// A 分仓's served provinces and whether it is in use.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WarehouseEdit {
    pub id: i64,
    pub regions: Bounded<400>,
    pub active: bool,
}

/// Units and stock value (on hand × average cost) in one warehouse.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarehouseValue {
    pub id: i64,
    pub name: String,
    pub units: i64,
    pub value: Money,
}

/// Goods arriving against a purchase order: per SKU the quantity received now.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PoReceipt {
    pub po_id: i64,
    pub lines: Vec<DocLine>,
}
