//! Inventory use cases (ssr only), and the stock operations other areas call inside their
//! own transactions (pricing an order, shipping it).

use super::db::{self, MovementRef};
use super::logic::{check_inbound, Shortage};
use super::{check_new_product, Inbound, InventoryError, Movement, MovementKind, NewProduct, SkuStock, StockFilter};
use crate::auth::{Caller, Perm};
use crate::error::AppResult;
use crate::money::Money;
use crate::page::{Cursor, Page};
use crate::state::{Db, Tx};
use crate::time::now_ms;
use std::collections::HashMap;

/// The stock board: SKUs with on-hand quantity, searched and paged.
pub async fn list_stock(db: &Db, caller: &Caller, filter: &StockFilter) -> AppResult<Page<SkuStock>> {
    caller.require(Perm::ViewStock)?;
    crate::orders::logic::bounded_text("q", &filter.q, 64, false)?;
    let (rows, count) = db::list_skus(db, filter).await?;
    Ok(Page::assemble(rows, filter.seek, count, |s| Cursor { key: s.sku_id, id: s.sku_id }))
}

/// Items the order form offers (up to 500).
pub async fn sku_choices(db: &Db, caller: &Caller) -> AppResult<Vec<SkuStock>> {
    caller.require(Perm::CreateOrder)?;
    Ok(db::sku_choices(db, 500).await?)
}

/// The ledger's latest rows. Staff only: rows name orders of every line and the staff who
/// moved the goods, which agents must not see.
pub async fn list_movements(db: &Db, caller: &Caller, sku_id: Option<i64>) -> AppResult<Vec<Movement>> {
    caller.require(Perm::ViewLedger)?;
    Ok(db::movements(db, sku_id, 50).await?)
}

/// Receive goods into the main warehouse; returns the new on-hand quantity.
pub async fn receive(db: &Db, caller: &Caller, input: &Inbound) -> AppResult<i64> {
    caller.require(Perm::ReceiveStock)?;
    let note = check_inbound(input.qty, &input.note)?;
    let mut tx = db.begin_write().await?;
    let wh = db::main_warehouse(&mut tx).await?;
    if db::sku_state(&mut tx, input.sku_id, wh).await?.is_none() {
        return Err(InventoryError::UnknownSku.into());
    }
    let m = MovementRef { kind: MovementKind::Inbound, ref_type: None, ref_id: None, note: &note, user_id: caller.actor(), at: now_ms() };
    let qty = db::put(&mut tx, input.sku_id, wh, input.qty, &m).await?;
    tx.commit().await?;
    Ok(qty)
}

/// Add a product with one SKU per colour × size (boss and warehouse); returns the SKU ids.
pub async fn create_product(db: &Db, caller: &Caller, input: &NewProduct) -> AppResult<Vec<i64>> {
    caller.require(Perm::ManageProducts)?;
    let p = check_new_product(input)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let id = db::insert_product(&mut tx, &p, now).await?;
    let mut skus = Vec::new();
    for v in p.variants(id) {
        skus.push(db::insert_sku(&mut tx, id, &v, &p).await?);
    }
    crate::audit::record(&mut tx, caller.actor(), "product", Some(id), "create", &p.name, now).await?;
    tx.commit().await?;
    Ok(skus)
}

/// Current unit prices of SKUs, inside the caller's transaction (order pricing).
pub(crate) async fn prices(tx: &mut Tx, sku_ids: &[i64]) -> AppResult<HashMap<i64, Money>> {
    Ok(db::prices(tx, sku_ids).await?)
}

/// Take an order's lines out of the main warehouse, inside the order's transaction. The
/// first line that would go below zero stops it (the caller rolls back) and is reported.
pub(crate) async fn take_for_order(tx: &mut Tx, caller: &Caller, order_id: i64, lines: &[(i64, i64)], at: i64) -> AppResult<Result<(), Shortage>> {
    let wh = db::main_warehouse(tx).await?;
    let m = MovementRef { kind: MovementKind::Shipment, ref_type: Some("order"), ref_id: Some(order_id), note: "", user_id: caller.actor(), at };
    for &(sku_id, qty) in lines {
        if !db::take(tx, sku_id, wh, qty, &m).await? {
            let (sku, have) = db::sku_state(tx, sku_id, wh).await?.unwrap_or_default();
            return Ok(Err(Shortage { sku, have, need: qty }));
        }
    }
    Ok(Ok(()))
}

/// (sku, warehouse) pairs whose on-hand quantity is not the sum of their ledger (`server check`).
pub async fn ledger_mismatches(db: &Db, caller: &Caller) -> AppResult<Vec<(i64, i64)>> {
    caller.require(Perm::ViewLedger)?;
    Ok(db::ledger_mismatches(db).await?)
}

/// Every product as (id, name, category), for the commission rule editor's special rates.
pub(crate) async fn products_brief(conn: &mut sqlx::AnyConnection) -> AppResult<Vec<(i64, String, String)>> {
    Ok(db::products_brief(conn).await?)
}

/// A product as other areas list it (the tax area's product settings).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProductRef {
    pub id: i64,
    pub name: String,
    pub category: String,
}

/// A page of products whose name contains `text`, by product id. The caller has checked
/// its own permission (product names are not secret inside the team).
pub(crate) async fn product_page(db: &Db, text: &str, seek: crate::page::Seek) -> AppResult<Page<ProductRef>> {
    let (rows, count) = db::product_page(db, text, seek).await?;
    let rows = rows.into_iter().map(|(id, name, category)| ProductRef { id, name, category }).collect();
    Ok(Page::assemble(rows, seek, count, |p: &ProductRef| Cursor { key: p.id, id: p.id }))
}

/// A product's name (inside the caller's transaction or on a pooled connection); `None` if
/// there is no such product.
pub(crate) async fn product_name(conn: &mut sqlx::AnyConnection, id: i64) -> AppResult<Option<String>> {
    Ok(db::product_name(conn, id).await?)
}
