//! Server functions of the inventory area: caller → service → DTO. Exports answer with the
//! .xlsx file itself (a plain form post downloads it, also before the wasm arrives).

use super::{
    AlertView, CategoryView, DocLine, Inbound, LedgerFilter, Movement, NewProduct, NewPurchaseOrder, NewStocktake, NewSupplier, NewTransfer,
    NewWarehouse, PoReceipt, ProductDetail, ProductImportPreview, ProductImportReport, ProductMeta, ProductSheet, PurchaseOrderView, PurchaseStatus, SkuEdit, SkuStock, SlowMover, StockFilter,
    StocktakeView, Suggestions, Supplier, TransferView, Warehouse, WarehouseEdit, WarehouseValue,
};
use crate::bounded::Bounded;
use crate::error::AppError;
use crate::page::{Page, Seek};
use leptos::prelude::*;
use leptos::server_fn::codec::{ByteStream, Streaming};
#[cfg(feature = "ssr")]
use {super::service, crate::ctx};

#[cfg(feature = "ssr")]
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[server(prefix = "/rpc", endpoint = "list_stock")]
pub async fn list_stock(#[server(default)] filter: StockFilter) -> Result<Page<SkuStock>, AppError> {
    ctx::rpc(async |db, caller| service::list_stock(&db, &caller, &filter).await).await
}

/// The stock board of a filter as .xlsx.
#[server(prefix = "/rpc", endpoint = "export_stock", output = Streaming)]
pub async fn export_stock(#[server(default)] filter: StockFilter) -> Result<ByteStream<AppError>, AppError> {
    ctx::rpc(async |db, caller| {
        let bytes = service::export_stock(&db, &caller, &filter).await?;
        ctx::attachment("stock.xlsx", XLSX);
        Ok(ByteStream::from(futures::stream::once(async move { bytes })))
    })
    .await
}

#[server(prefix = "/rpc", endpoint = "sku_choices")]
pub async fn sku_choices() -> Result<Vec<SkuStock>, AppError> {
    ctx::rpc(async |db, caller| service::sku_choices(&db, &caller).await).await
}

#[server(prefix = "/rpc", endpoint = "list_ledger")]
pub async fn list_ledger(#[server(default)] filter: LedgerFilter) -> Result<Page<Movement>, AppError> {
    ctx::rpc(async |db, caller| service::list_ledger(&db, &caller, &filter).await).await
}

/// The ledger rows of a filter as .xlsx.
#[server(prefix = "/rpc", endpoint = "export_ledger", output = Streaming)]
pub async fn export_ledger(#[server(default)] filter: LedgerFilter) -> Result<ByteStream<AppError>, AppError> {
    ctx::rpc(async |db, caller| {
        let bytes = service::export_ledger(&db, &caller, &filter).await?;
        ctx::attachment("ledger.xlsx", XLSX);
        Ok(ByteStream::from(futures::stream::once(async move { bytes })))
    })
    .await
}

/// The whole catalog (products and SKUs) as .xlsx, in the columns the product import reads.
#[server(prefix = "/rpc", endpoint = "export_products", output = Streaming)]
pub async fn export_products() -> Result<ByteStream<AppError>, AppError> {
    ctx::rpc(async |db, caller| {
        let bytes = service::export_products(&db, &caller).await?;
        ctx::attachment("products.xlsx", XLSX);
        Ok(ByteStream::from(futures::stream::once(async move { bytes })))
    })
    .await
}

/// What importing a product sheet would do; changes nothing.
#[server(prefix = "/rpc", endpoint = "preview_products")]
pub async fn preview_products(sheet: ProductSheet) -> Result<ProductImportPreview, AppError> {
    ctx::rpc(async |db, caller| service::preview_products(&db, &caller, &sheet).await).await
}

/// Import a product sheet, all or nothing.
#[server(prefix = "/rpc", endpoint = "import_products")]
pub async fn import_products(sheet: ProductSheet) -> Result<ProductImportReport, AppError> {
    ctx::rpc(async |db, caller| service::import_products(&db, &caller, &sheet).await).await
}

/// Returns the new on-hand quantity.
#[server(prefix = "/rpc", endpoint = "receive_stock")]
pub async fn receive_stock(input: Inbound) -> Result<i64, AppError> {
    ctx::rpc(async |db, caller| service::receive(&db, &caller, &input).await).await
}

/// Returns the new SKUs' ids.
#[server(prefix = "/rpc", endpoint = "create_product")]
pub async fn create_product(input: NewProduct) -> Result<Vec<i64>, AppError> {
    ctx::rpc(async |db, caller| service::create_product(&db, &caller, &input).await).await
}

#[server(prefix = "/rpc", endpoint = "get_product")]
pub async fn get_product(id: i64) -> Result<ProductDetail, AppError> {
    ctx::rpc(async |db, caller| service::get_product(&db, &caller, id).await).await
}

#[server(prefix = "/rpc", endpoint = "save_skus")]
pub async fn save_skus(product_id: i64, edits: Vec<SkuEdit>) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::save_skus(&db, &caller, product_id, &edits).await).await
}

#[server(prefix = "/rpc", endpoint = "save_product")]
pub async fn save_product(input: ProductMeta) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::save_product(&db, &caller, &input).await).await
}

#[server(prefix = "/rpc", endpoint = "list_categories")]
pub async fn list_categories() -> Result<Vec<CategoryView>, AppError> {
    ctx::rpc(async |db, caller| service::list_categories(&db, &caller).await).await
}

/// Returns how many SKUs followed the new default.
#[server(prefix = "/rpc", endpoint = "set_category_default")]
pub async fn set_category_default(name: Bounded<40>, low_stock_qty: i64) -> Result<u64, AppError> {
    ctx::rpc(async |db, caller| service::set_category_default(&db, &caller, &name, low_stock_qty).await).await
}

#[server(prefix = "/rpc", endpoint = "list_suppliers")]
pub async fn list_suppliers() -> Result<Vec<Supplier>, AppError> {
    ctx::rpc(async |db, caller| service::list_suppliers(&db, &caller).await).await
}

#[server(prefix = "/rpc", endpoint = "create_supplier")]
pub async fn create_supplier(input: NewSupplier) -> Result<i64, AppError> {
    ctx::rpc(async |db, caller| service::create_supplier(&db, &caller, &input).await).await
}

#[server(prefix = "/rpc", endpoint = "list_warehouses")]
pub async fn list_warehouses() -> Result<Vec<Warehouse>, AppError> {
    ctx::rpc(async |db, caller| service::list_warehouses(&db, &caller).await).await
}

#[server(prefix = "/rpc", endpoint = "create_warehouse")]
pub async fn create_warehouse(input: NewWarehouse) -> Result<i64, AppError> {
    ctx::rpc(async |db, caller| service::create_warehouse(&db, &caller, &input).await).await
}

#[server(prefix = "/rpc", endpoint = "update_warehouse")]
pub async fn update_warehouse(input: WarehouseEdit) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::update_warehouse(&db, &caller, &input).await).await
}

#[server(prefix = "/rpc", endpoint = "create_purchase")]
pub async fn create_purchase(input: NewPurchaseOrder) -> Result<i64, AppError> {
    ctx::rpc(async |db, caller| service::create_purchase(&db, &caller, &input).await).await
}

#[server(prefix = "/rpc", endpoint = "list_purchases")]
pub async fn list_purchases(#[server(default)] open_only: bool, #[server(default)] seek: Seek) -> Result<Page<PurchaseOrderView>, AppError> {
    ctx::rpc(async |db, caller| service::list_purchases(&db, &caller, open_only, seek).await).await
}

#[server(prefix = "/rpc", endpoint = "get_purchase")]
pub async fn get_purchase(id: i64) -> Result<PurchaseOrderView, AppError> {
    ctx::rpc(async |db, caller| service::get_purchase(&db, &caller, id).await).await
}

/// Returns the purchase order's new status.
#[server(prefix = "/rpc", endpoint = "receive_purchase")]
pub async fn receive_purchase(input: PoReceipt) -> Result<PurchaseStatus, AppError> {
    ctx::rpc(async |db, caller| service::receive_purchase(&db, &caller, &input).await).await
}

#[server(prefix = "/rpc", endpoint = "cancel_purchase")]
pub async fn cancel_purchase(id: i64) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::cancel_purchase(&db, &caller, id).await).await
}

#[server(prefix = "/rpc", endpoint = "create_transfer")]
pub async fn create_transfer(input: NewTransfer) -> Result<i64, AppError> {
    ctx::rpc(async |db, caller| service::create_transfer(&db, &caller, &input).await).await
}

#[server(prefix = "/rpc", endpoint = "receive_transfer")]
pub async fn receive_transfer(id: i64) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::receive_transfer(&db, &caller, id).await).await
}

#[server(prefix = "/rpc", endpoint = "list_transfers")]
pub async fn list_transfers(#[server(default)] in_transit_only: bool, #[server(default)] seek: Seek) -> Result<Page<TransferView>, AppError> {
    ctx::rpc(async |db, caller| service::list_transfers(&db, &caller, in_transit_only, seek).await).await
}

#[server(prefix = "/rpc", endpoint = "create_stocktake")]
pub async fn create_stocktake(input: NewStocktake) -> Result<i64, AppError> {
    ctx::rpc(async |db, caller| service::create_stocktake(&db, &caller, &input).await).await
}

#[server(prefix = "/rpc", endpoint = "count_stocktake")]
pub async fn count_stocktake(id: i64, lines: Vec<DocLine>) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::count_stocktake(&db, &caller, id, &lines).await).await
}

/// Returns the number of adjustments posted.
#[server(prefix = "/rpc", endpoint = "post_stocktake")]
pub async fn post_stocktake(id: i64) -> Result<usize, AppError> {
    ctx::rpc(async |db, caller| service::post_stocktake(&db, &caller, id).await).await
}

#[server(prefix = "/rpc", endpoint = "list_stocktakes")]
pub async fn list_stocktakes(#[server(default)] seek: Seek) -> Result<Page<StocktakeView>, AppError> {
    ctx::rpc(async |db, caller| service::list_stocktakes(&db, &caller, seek).await).await
}

#[server(prefix = "/rpc", endpoint = "list_alerts")]
pub async fn list_alerts(#[server(default)] open_only: bool, #[server(default)] seek: Seek) -> Result<Page<AlertView>, AppError> {
    ctx::rpc(async |db, caller| service::list_alerts(&db, &caller, open_only, seek).await).await
}

/// Open low-stock alerts (the nav badge); 0 for roles that do not see alerts.
#[server(prefix = "/rpc", endpoint = "open_alert_count")]
pub async fn open_alert_count() -> Result<i64, AppError> {
    ctx::rpc(async |db, caller| service::open_alert_count(&db, &caller).await).await
}

#[server(prefix = "/rpc", endpoint = "slow_movers")]
pub async fn slow_movers(days: i64, #[server(default)] warehouse_id: Option<i64>) -> Result<Vec<SlowMover>, AppError> {
    ctx::rpc(async |db, caller| service::slow_movers(&db, &caller, days, warehouse_id).await).await
}

#[server(prefix = "/rpc", endpoint = "stock_values")]
pub async fn stock_values() -> Result<Vec<WarehouseValue>, AppError> {
    ctx::rpc(async |db, caller| service::stock_values(&db, &caller).await).await
}

#[server(prefix = "/rpc", endpoint = "purchase_suggestions")]
pub async fn purchase_suggestions() -> Result<Suggestions, AppError> {
    ctx::rpc(async |db, caller| service::suggestions(&db, &caller).await).await
}

/// Recompute every SKU's forecast now; returns how many.
#[server(prefix = "/rpc", endpoint = "refresh_forecasts")]
pub async fn refresh_forecasts() -> Result<usize, AppError> {
    ctx::rpc(async |db, caller| service::refresh_forecasts(&db, &caller).await).await
}
