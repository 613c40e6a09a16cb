//! Inventory use cases (ssr only), and the stock operations other areas call inside their
//! own transactions: reserving an order's goods, releasing them, shipping them.
//!
//! Every change of stock goes through `db::take` / `db::put` (ledger row + on-hand + average
//! cost in one transaction) and is followed by [`after_change`], which opens or resolves the
//! SKU's low-stock alert and queues its message.

mod catalog;
mod docs;
mod planning;
mod sheets;

pub use catalog::*;
pub use docs::*;
pub use planning::*;
pub use sheets::*;

use super::db::{self, MovementRef};
use super::logic::{check_inbound, Shortage};
use super::{AlertView, Inbound, InventoryError, LedgerFilter, Movement, MovementKind, SkuStock, SlowMover, StockFilter, WarehouseValue};
use crate::auth::{Caller, Perm};
use crate::error::{AppError, AppResult};
use crate::money::Money;
use crate::page::{Cursor, Page, Seek};
use crate::state::{Db, Tx};
use crate::time::now_ms;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// Rows an .xlsx export writes at most.
pub const EXPORT_ROWS: i64 = 50_000;

/// Open or resolve the low-stock alert of a SKU in a warehouse after its stock changed, and
/// queue the alert's message to the team's notifiers (sent once the transaction commits).
async fn after_change(tx: &mut Tx, sku: i64, wh: i64, now: i64) -> AppResult<()> {
    if let Some((alert, title, body)) = db::refresh_alert(tx, sku, wh, now).await? {
        crate::notify::service::enqueue(tx, "stock_alert", alert, &title, &body).await?;
    }
    Ok(())
}

/// What an agent may see of stock: what is available, not costs or what other lines hold.
fn for_caller(caller: &Caller, mut s: SkuStock) -> SkuStock {
    if !caller.role().can(Perm::ViewLedger) {
        s.qty = s.available();
        s.reserved = 0;
        s.avg_cost = Money::ZERO;
    }
    s
}

/// The stock board: SKUs with on-hand, reserved and available quantities in one warehouse
/// (or all), searched by name, code or barcode, filtered, paged.
pub async fn list_stock(db: &Db, caller: &Caller, filter: &StockFilter) -> AppResult<Page<SkuStock>> {
    caller.require(Perm::ViewStock)?;
    let (rows, count) = db::board(db, filter).await?;
    let rows = rows.into_iter().map(|s| for_caller(caller, s)).collect();
    Ok(Page::assemble(rows, filter.seek, count, |s: &SkuStock| Cursor { key: s.sku_id, id: s.sku_id }))
}

/// Every SKU of a board filter (for the .xlsx export).
pub async fn all_stock(db: &Db, caller: &Caller, filter: &StockFilter) -> AppResult<Vec<SkuStock>> {
    caller.require(Perm::ViewStock)?;
    Ok(db::board_all(db, filter, EXPORT_ROWS).await?.into_iter().map(|s| for_caller(caller, s)).collect())
}

/// Items the order form offers (up to 500), with availability over all warehouses.
pub async fn sku_choices(db: &Db, caller: &Caller) -> AppResult<Vec<SkuStock>> {
    caller.require(Perm::CreateOrder)?;
    Ok(db::sku_choices(db, 500).await?.into_iter().map(|s| for_caller(caller, s)).collect())
}

/// A page of the ledger. Staff only: rows name orders of every line and the staff who
/// moved the goods, which agents must not see.
pub async fn list_ledger(db: &Db, caller: &Caller, filter: &LedgerFilter) -> AppResult<Page<Movement>> {
    caller.require(Perm::ViewLedger)?;
    let (rows, count) = db::ledger(db, filter).await?;
    Ok(Page::assemble(rows, filter.seek, count, |m: &Movement| Cursor { key: m.at, id: m.id }))
}

/// The ledger rows of a filter (for the .xlsx export).
pub async fn all_ledger(db: &Db, caller: &Caller, filter: &LedgerFilter) -> AppResult<Vec<Movement>> {
    caller.require(Perm::ViewLedger)?;
    Ok(db::ledger_all(db, filter, EXPORT_ROWS).await?)
}

/// Receive goods outside a purchase order (opening stock, a gift) into a warehouse (the 总仓
/// by default), at a unit cost (empty: the current average). Returns the new on-hand quantity.
pub async fn receive(db: &Db, caller: &Caller, input: &Inbound) -> AppResult<i64> {
    caller.require(Perm::ReceiveStock)?;
    let note = check_inbound(input.qty, &input.note)?;
    let cost = if input.unit_cost.trim().is_empty() { None } else { Some(Money::parse_field("unit_cost", &input.unit_cost)?) };
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let wh = warehouse_or_main(&mut tx, input.warehouse_id).await?;
    if db::sku_state(&mut tx, input.sku_id, wh).await?.is_none() {
        return Err(InventoryError::UnknownSku.into());
    }
    let m = MovementRef { kind: MovementKind::Inbound, ref_type: None, ref_id: None, note: &note, user_id: caller.actor(), at: now };
    let qty = db::put(&mut tx, db.backend, input.sku_id, wh, input.qty, cost, &m).await?;
    after_change(&mut tx, input.sku_id, wh, now).await?;
    tx.commit().await?;
    Ok(qty)
}

/// The given active warehouse, or the 总仓.
async fn warehouse_or_main(conn: &mut AnyConnection, id: Option<i64>) -> AppResult<i64> {
    match id {
        Some(w) if db::warehouse_active(conn, w).await? => Ok(w),
        Some(_) => Err(InventoryError::UnknownWarehouse.into()),
        None => Ok(db::main_warehouse(conn).await?),
    }
}

// ---- what orders call, inside their transaction ----

/// Current unit prices of the active SKUs (order pricing: the order form, the offline
/// catalog), inside the caller's transaction or on a connection.
pub(crate) async fn prices(conn: &mut AnyConnection, sku_ids: &[i64]) -> AppResult<HashMap<i64, Money>> {
    Ok(db::prices(conn, sku_ids).await?)
}

/// Every SKU on sale with its available quantity (the offline order form's catalog; its
/// prices come from [`prices`], as an order's do).
pub(crate) async fn sellable(conn: &mut AnyConnection) -> AppResult<Vec<super::db::SellableSku>> {
    Ok(db::sellable(conn).await?)
}

/// Labels of SKUs (product name, colour, size), active or not: messages naming a SKU.
pub(crate) async fn sku_labels(conn: &mut AnyConnection, sku_ids: &[i64]) -> AppResult<HashMap<i64, String>> {
    Ok(db::sku_labels(conn, sku_ids).await?.into_iter().map(|(id, (_, label))| (id, label)).collect())
}

/// The product categories of SKUs.
pub(crate) async fn categories_of(tx: &mut Tx, sku_ids: &[i64]) -> AppResult<HashMap<i64, String>> {
    Ok(db::categories_of(tx, sku_ids).await?)
}

/// Weights in grams of SKUs, inside the caller's transaction (courier routing).
pub(crate) async fn weights(tx: &mut Tx, sku_ids: &[i64]) -> AppResult<HashMap<i64, i64>> {
    Ok(db::weights(tx, sku_ids).await?)
}

/// The warehouse an order to `address` ships from: a 分仓 serving its province, else the 总仓.
pub(crate) async fn warehouse_for(tx: &mut Tx, address: &str) -> AppResult<i64> {
    let rules = db::warehouse_rules(tx).await?;
    let province = crate::region::strip_prefix(address).map(|(p, _)| p.short);
    match super::logic::choose_warehouse(&rules, province) {
        Some(w) => Ok(w),
        None => Ok(db::main_warehouse(tx).await?),
    }
}

/// The warehouses orders to these addresses ship from, in order (imports: the rules are
/// read once for the whole batch).
pub(crate) async fn warehouses_for(tx: &mut Tx, addresses: &[&str]) -> AppResult<Vec<i64>> {
    let rules = db::warehouse_rules(tx).await?;
    let mut main = None;
    let mut out = Vec::with_capacity(addresses.len());
    for address in addresses {
        let province = crate::region::strip_prefix(address).map(|(p, _)| p.short);
        let wh = match super::logic::choose_warehouse(&rules, province) {
            Some(w) => w,
            None => match main {
                Some(m) => m,
                None => {
                    let m = db::main_warehouse(tx).await?;
                    main = Some(m);
                    m
                }
            },
        };
        out.push(wh);
    }
    Ok(out)
}

/// Hold the summed quantities of many orders at once: (warehouse, sku, qty), each key once.
/// The first key not available stops it (the caller rolls back) and is reported with the
/// whole quantity asked for it.
pub(crate) async fn reserve_many(tx: &mut Tx, wanted: &[(i64, i64, i64)], now: i64) -> AppResult<Result<(), Shortage>> {
    for &(wh, sku, qty) in wanted {
        if !db::reserve(tx, sku, wh, qty).await? {
            return Ok(Err(shortage(tx, sku, wh, qty).await?));
        }
        after_change(tx, sku, wh, now).await?;
    }
    Ok(Ok(()))
}

async fn shortage(tx: &mut Tx, sku: i64, wh: i64, need: i64) -> AppResult<Shortage> {
    let (sku, have) = db::sku_state(tx, sku, wh).await?.unwrap_or_default();
    Ok(Shortage { sku, have, need })
}

/// Hold an order's lines (sku, qty) in warehouse `wh`. The first line that is not available
/// stops it (the caller rolls back) and is reported. One conditional UPDATE per line, so
/// concurrent orders for the last units cannot both get them.
pub(crate) async fn reserve_for_order(tx: &mut Tx, wh: i64, lines: &[(i64, i64)], now: i64) -> AppResult<Result<(), Shortage>> {
    for &(sku, qty) in lines {
        if !db::reserve(tx, sku, wh, qty).await? {
            return Ok(Err(shortage(tx, sku, wh, qty).await?));
        }
        after_change(tx, sku, wh, now).await?;
    }
    Ok(Ok(()))
}

/// Give back what an order held (cancelled before shipping).
pub(crate) async fn release_for_order(tx: &mut Tx, wh: i64, lines: &[(i64, i64)], now: i64) -> AppResult<()> {
    for &(sku, qty) in lines {
        db::release(tx, sku, wh, qty).await?;
        after_change(tx, sku, wh, now).await?;
    }
    Ok(())
}

/// Move what an order holds from one warehouse to another (changed before shipping).
pub(crate) async fn move_order(tx: &mut Tx, from: i64, to: i64, lines: &[(i64, i64)], now: i64) -> AppResult<Result<(), Shortage>> {
    if !db::warehouse_active(tx, to).await? {
        return Err(InventoryError::UnknownWarehouse.into());
    }
    release_for_order(tx, from, lines, now).await?;
    reserve_for_order(tx, to, lines, now).await
}

/// What an order's goods cost when they left stock (its shipment movements at their unit
/// cost): finance's cost of goods of the day it shipped.
pub(crate) async fn cost_of_goods(conn: &mut AnyConnection, order_id: i64) -> AppResult<i64> {
    Ok(db::order_cost(conn, order_id).await?)
}

/// Cost of goods per shipped order as a sub-query with the columns (order_id, cost_fen): what
/// finance's kept daily cost of goods is checked against.
pub(crate) use super::db::ORDER_COSTS_SQL;

/// Ship an order's lines out of what it reserved in `wh`, at the average cost (recorded
/// on each movement). The first line short of stock stops it and is reported.
pub(crate) async fn take_for_order(
    tx: &mut Tx,
    caller: &Caller,
    order_id: i64,
    wh: i64,
    lines: &[(i64, i64)],
    at: i64,
) -> AppResult<Result<(), Shortage>> {
    let m = MovementRef { kind: MovementKind::Shipment, ref_type: Some("order"), ref_id: Some(order_id), note: "", user_id: caller.actor(), at };
    for &(sku, qty) in lines {
        if db::take(tx, sku, wh, qty, true, &m).await?.is_none() {
            return Ok(Err(shortage(tx, sku, wh, qty).await?));
        }
        after_change(tx, sku, wh, at).await?;
    }
    Ok(Ok(()))
}

/// Goods of a shipped order coming back (after-sales), into `wh`, each line at the unit cost
/// it left with (so the average cost does not move). `lines`: (sku, qty).
pub(crate) async fn return_for_order(
    tx: &mut Tx,
    backend: crate::state::Backend,
    caller: &Caller,
    order_id: i64,
    wh: i64,
    lines: &[(i64, i64)],
    at: i64,
) -> AppResult<()> {
    let m = MovementRef { kind: MovementKind::Return, ref_type: Some("order"), ref_id: Some(order_id), note: "", user_id: caller.actor(), at };
    for &(sku, qty) in lines {
        let cost = db::shipped_cost(tx, order_id, sku).await?;
        db::put(tx, backend, sku, wh, qty, cost.map(Money::from_fen), &m).await?;
        after_change(tx, sku, wh, at).await?;
    }
    Ok(())
}

// ---- alerts ----

/// Low-stock alerts, newest first: open ones, or all.
pub async fn list_alerts(db: &Db, caller: &Caller, open_only: bool, seek: Seek) -> AppResult<Page<AlertView>> {
    caller.require(Perm::ViewLedger)?;
    let (rows, count) = db::alerts(db, open_only, seek).await?;
    Ok(Page::assemble(rows, seek, count, |a: &AlertView| Cursor { key: a.created_at, id: a.id }))
}

/// The number of open alerts (the nav badge). Zero for roles that do not see alerts.
pub async fn open_alert_count(db: &Db, caller: &Caller) -> AppResult<i64> {
    caller.require(Perm::ViewStock)?;
    if !caller.role().can(Perm::ViewLedger) {
        return Ok(0);
    }
    Ok(db::open_alert_count(db).await?)
}

/// SKUs in stock without a sale in `days` days, most value tied up first.
pub async fn slow_movers(db: &Db, caller: &Caller, days: i64, warehouse: Option<i64>) -> AppResult<Vec<SlowMover>> {
    caller.require(Perm::ViewLedger)?;
    if !(1..=3650).contains(&days) {
        return Err(crate::error::CommonError::OutOfRange { field: "days".into(), min: 1, max: 3650 }.into());
    }
    let since = crate::time::day_of(now_ms()) - days + 1;
    Ok(db::slow_movers(db, since, warehouse, 200).await?)
}

/// Units and stock value (on hand × average cost) per warehouse.
pub async fn stock_values(db: &Db, caller: &Caller) -> AppResult<Vec<WarehouseValue>> {
    caller.require(Perm::ViewLedger)?;
    Ok(db::value_by_warehouse(db).await?.into_iter().map(|(id, name, units, v)| WarehouseValue { id, name, units, value: Money::from_fen(v) }).collect())
}

/// The stock board of a filter as an .xlsx file.
pub async fn export_stock(db: &Db, caller: &Caller, filter: &StockFilter) -> AppResult<Vec<u8>> {
    let rows = all_stock(db, caller, filter).await?;
    let staff = caller.role().can(Perm::ViewLedger);
    super::export::stock(&rows, staff, caller.lang()).map_err(|e| AppError::internal(format!("xlsx: {e}")))
}

/// The ledger rows of a filter as an .xlsx file.
pub async fn export_ledger(db: &Db, caller: &Caller, filter: &LedgerFilter) -> AppResult<Vec<u8>> {
    let rows = all_ledger(db, caller, filter).await?;
    super::export::ledger(&rows, caller.lang()).map_err(|e| AppError::internal(format!("xlsx: {e}")))
}

/// Open (or resolve) the low-stock alert of every SKU in every warehouse from its current
/// stock: after a bulk load or an import that bypassed the per-change check. Returns the
/// alerts opened.
pub async fn recheck_alerts(db: &Db, caller: &Caller) -> AppResult<usize> {
    caller.require(Perm::ManageSettings)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let mut opened = 0;
    for (sku, wh) in db::all_stock_keys(&mut tx).await? {
        if let Some((alert, title, body)) = db::refresh_alert(&mut tx, sku, wh, now).await? {
            crate::notify::service::enqueue(&mut tx, "stock_alert", alert, &title, &body).await?;
            opened += 1;
        }
    }
    tx.commit().await?;
    Ok(opened)
}

// ---- checks ----

/// (sku, warehouse) pairs whose on-hand quantity is not the sum of their ledger (`server check`).
pub async fn ledger_mismatches(db: &Db, caller: &Caller) -> AppResult<Vec<(i64, i64)>> {
    caller.require(Perm::ViewLedger)?;
    Ok(db::ledger_mismatches(db).await?)
}

/// Purchase orders that received goods (the newest 200), or only `id`: what an input invoice
/// (tax area) can be linked to.
pub(crate) async fn received_purchases(conn: &mut AnyConnection, id: Option<i64>) -> AppResult<Vec<super::ReceivedPurchase>> {
    let rows = db::received_purchases(conn, id).await?;
    Ok(rows.into_iter().map(|(id, supplier, fen, created_at)| super::ReceivedPurchase { id, supplier, received: Money::from_fen(fen), created_at }).collect())
}

/// Every product as (id, name, category), for the commission rule editor's special rates.
pub(crate) async fn products_brief(conn: &mut AnyConnection) -> AppResult<Vec<(i64, String, String)>> {
    Ok(db::products_brief(conn).await?)
}

/// (sku, warehouse) pairs whose reserved quantity is not what open orders hold (`server check`).
pub async fn reservation_mismatches(db: &Db, caller: &Caller) -> AppResult<Vec<(i64, i64)>> {
    caller.require(Perm::ViewLedger)?;
    Ok(db::reservation_mismatches(db).await?)
}

fn not_found_if_none<T>(v: Option<T>) -> AppResult<T> {
    v.ok_or(AppError::NotFound)
}
