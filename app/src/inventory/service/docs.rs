//! Stock documents: purchase orders and their receipts, transfers (调拨), stocktakes (盘点).

use super::super::db::{self, MovementRef, PoHead};
use super::super::logic::{check_lines, stocktake_adjustments};
use super::super::{
    InventoryError, MovementKind, NewPurchaseOrder, NewStocktake, NewTransfer, PoReceipt, PurchaseOrderView, PurchaseStatus, StocktakeView,
    TransferView,
};
use super::{after_change, not_found_if_none, shortage, warehouse_or_main};
use crate::auth::{Caller, Perm};
use crate::error::{AppError, AppResult};
use crate::orders::logic::bounded_text;
use crate::page::{Cursor, Page, Seek};
use crate::state::Db;
use crate::time::{day_start_ms, now_ms};

// ---- purchase orders ----

/// Create a purchase order (supplier, lines with unit cost, expected day, warehouse).
pub async fn create_purchase(db: &Db, caller: &Caller, input: &NewPurchaseOrder) -> AppResult<i64> {
    caller.require(Perm::Purchase)?;
    let lines = check_lines(&input.lines, false, true)?;
    let note = bounded_text("note", &input.note, 200, false)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    if !db::supplier_exists(&mut tx, input.supplier_id).await? {
        return Err(InventoryError::UnknownSupplier.into());
    }
    let wh = warehouse_or_main(&mut tx, input.warehouse_id).await?;
    let ids: Vec<i64> = lines.iter().map(|l| l.0).collect();
    if db::sku_labels(&mut tx, &ids).await?.len() != ids.len() {
        return Err(InventoryError::UnknownSku.into());
    }
    let head = PoHead { supplier_id: input.supplier_id, warehouse_id: wh, expected_at: input.expected_day.map(day_start_ms), note: &note, user_id: caller.actor(), at: now };
    let po = db::insert_po(&mut tx, &head).await?;
    for (sku, qty, cost) in lines {
        db::insert_po_line(&mut tx, po, sku, qty, cost).await?;
    }
    crate::audit::record(&mut tx, caller.actor(), "purchase_order", Some(po), "create", "", now).await?;
    tx.commit().await?;
    Ok(po)
}

pub async fn list_purchases(db: &Db, caller: &Caller, open_only: bool, seek: Seek) -> AppResult<Page<PurchaseOrderView>> {
    caller.require(Perm::Purchase)?;
    let (rows, count) = db::purchase_orders(db, open_only, seek).await?;
    Ok(Page::assemble(rows, seek, count, |p: &PurchaseOrderView| Cursor { key: p.created_at, id: p.id }))
}

pub async fn get_purchase(db: &Db, caller: &Caller, id: i64) -> AppResult<PurchaseOrderView> {
    caller.require(Perm::Purchase)?;
    not_found_if_none(db::purchase_order(db, id).await?)
}

/// Receive goods against a purchase order, in full or in part, into its warehouse at the
/// order's unit cost (which moves the average cost). Receiving more than is still open is
/// refused, nothing changed. Returns the order's new status.
pub async fn receive_purchase(db: &Db, caller: &Caller, input: &PoReceipt) -> AppResult<PurchaseStatus> {
    caller.require(Perm::ReceiveStock)?;
    let lines = check_lines(&input.lines, false, false)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let (status, wh) = not_found_if_none(db::po_state(&mut tx, input.po_id).await?)?;
    if !matches!(status, PurchaseStatus::Open | PurchaseStatus::Partial) {
        return Err(InventoryError::BadState.into());
    }
    let po_lines = db::po_lines(&mut tx, input.po_id).await?;
    let m = MovementRef { kind: MovementKind::Inbound, ref_type: Some("purchase_order"), ref_id: Some(input.po_id), note: "", user_id: caller.actor(), at: now };
    for (sku, qty, _) in lines {
        let Some(&(line, _, ordered, received, cost)) = po_lines.iter().find(|l| l.1 == sku) else {
            return Err(InventoryError::UnknownSku.into());
        };
        if !db::receive_po_line(&mut tx, line, qty).await? {
            let labels = db::sku_labels(&mut tx, &[sku]).await?;
            let sku = labels.get(&sku).map(|l| l.1.clone()).unwrap_or_default();
            return Err(InventoryError::ReceiveTooMuch { sku, open: ordered - received }.into());
        }
        db::put(&mut tx, db.backend, sku, wh, qty, Some(crate::money::Money::from_fen(cost)), &m).await?;
        after_change(&mut tx, sku, wh, now).await?;
    }
    let done = db::po_lines(&mut tx, input.po_id).await?.iter().all(|l| l.3 >= l.2);
    let to = if done { PurchaseStatus::Received } else { PurchaseStatus::Partial };
    if to != status && !db::set_po_status(&mut tx, input.po_id, status, to, now).await? {
        return Err(crate::error::CommonError::Stale.into());
    }
    crate::audit::record(&mut tx, caller.actor(), "purchase_order", Some(input.po_id), "receive", to.code(), now).await?;
    tx.commit().await?;
    Ok(to)
}

/// Cancel what is still open of a purchase order (received goods stay received).
pub async fn cancel_purchase(db: &Db, caller: &Caller, id: i64) -> AppResult<()> {
    caller.require(Perm::Purchase)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let (status, _) = not_found_if_none(db::po_state(&mut tx, id).await?)?;
    let to = if status == PurchaseStatus::Partial { PurchaseStatus::Received } else { PurchaseStatus::Cancelled };
    if !matches!(status, PurchaseStatus::Open | PurchaseStatus::Partial) || !db::set_po_status(&mut tx, id, status, to, now).await? {
        return Err(InventoryError::BadState.into());
    }
    crate::audit::record(&mut tx, caller.actor(), "purchase_order", Some(id), "cancel", "", now).await?;
    tx.commit().await?;
    Ok(())
}

// ---- transfers ----

/// A transfer in one action: the goods leave `from` now (at its average cost) and are in
/// transit until [`receive_transfer`] puts them into `to`. Returns the transfer's id.
pub async fn create_transfer(db: &Db, caller: &Caller, input: &NewTransfer) -> AppResult<i64> {
    caller.require(Perm::MoveStock)?;
    if input.from_warehouse_id == input.to_warehouse_id {
        return Err(InventoryError::SameWarehouse.into());
    }
    let lines = check_lines(&input.lines, false, false)?;
    let note = bounded_text("note", &input.note, 200, false)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    for w in [input.from_warehouse_id, input.to_warehouse_id] {
        if !db::warehouse_active(&mut tx, w).await? {
            return Err(InventoryError::UnknownWarehouse.into());
        }
    }
    let id = db::insert_transfer(&mut tx, input.from_warehouse_id, input.to_warehouse_id, &note, caller.actor(), now).await?;
    let m = MovementRef { kind: MovementKind::Transfer, ref_type: Some("transfer"), ref_id: Some(id), note: &note, user_id: caller.actor(), at: now };
    for (sku, qty, _) in lines {
        let Some(cost) = db::take(&mut tx, sku, input.from_warehouse_id, qty, false, &m).await? else {
            if db::sku_state(&mut tx, sku, input.from_warehouse_id).await?.is_none() {
                return Err(InventoryError::UnknownSku.into());
            }
            return Err(InventoryError::from(shortage(&mut tx, sku, input.from_warehouse_id, qty).await?).into());
        };
        db::insert_transfer_line(&mut tx, id, sku, qty, cost).await?;
        after_change(&mut tx, sku, input.from_warehouse_id, now).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// The goods of a transfer arrived: into the destination at the cost they left with.
pub async fn receive_transfer(db: &Db, caller: &Caller, id: i64) -> AppResult<()> {
    caller.require(Perm::MoveStock)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let Some((to, lines)) = db::receive_transfer(&mut tx, id, caller.actor(), now).await? else {
        return Err(if db::transfer_exists(&mut tx, id).await? { InventoryError::BadState.into() } else { AppError::NotFound });
    };
    let m = MovementRef { kind: MovementKind::Transfer, ref_type: Some("transfer"), ref_id: Some(id), note: "", user_id: caller.actor(), at: now };
    for (sku, qty, cost) in lines {
        db::put(&mut tx, db.backend, sku, to, qty, Some(crate::money::Money::from_fen(cost)), &m).await?;
        after_change(&mut tx, sku, to, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

pub async fn list_transfers(db: &Db, caller: &Caller, in_transit_only: bool, seek: Seek) -> AppResult<Page<TransferView>> {
    caller.require(Perm::ViewLedger)?;
    let (rows, count) = db::transfers(db, in_transit_only, seek).await?;
    Ok(Page::assemble(rows, seek, count, |t: &TransferView| Cursor { key: t.created_at, id: t.id }))
}

// ---- stocktakes ----

/// Start a stocktake sheet for a warehouse with counted quantities (more can be added
/// until it is posted). Returns the sheet's id.
pub async fn create_stocktake(db: &Db, caller: &Caller, input: &NewStocktake) -> AppResult<i64> {
    caller.require(Perm::MoveStock)?;
    let lines = check_lines(&input.lines, true, false)?;
    let note = bounded_text("note", &input.note, 200, false)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    if !db::warehouse_active(&mut tx, input.warehouse_id).await? {
        return Err(InventoryError::UnknownWarehouse.into());
    }
    let id = db::insert_stocktake(&mut tx, input.warehouse_id, &note, caller.actor(), now).await?;
    add_lines(&mut tx, id, &lines).await?;
    tx.commit().await?;
    Ok(id)
}

async fn add_lines(tx: &mut crate::state::Tx, sheet: i64, lines: &[(i64, i64, crate::money::Money)]) -> AppResult<()> {
    let ids: Vec<i64> = lines.iter().map(|l| l.0).collect();
    if db::sku_labels(tx, &ids).await?.len() != ids.len() {
        return Err(InventoryError::UnknownSku.into());
    }
    for &(sku, counted, _) in lines {
        db::upsert_count(tx, sheet, sku, counted).await?;
    }
    Ok(())
}

/// Record more counts on an open sheet (a SKU counted again replaces its count).
pub async fn count_stocktake(db: &Db, caller: &Caller, id: i64, lines: &[super::super::DocLine]) -> AppResult<()> {
    caller.require(Perm::MoveStock)?;
    let lines = check_lines(lines, true, false)?;
    let mut tx = db.begin_write().await?;
    if db::open_stocktake(&mut tx, id).await?.is_none() {
        return Err(if db::stocktake_exists(&mut tx, id).await? { InventoryError::BadState.into() } else { AppError::NotFound });
    }
    add_lines(&mut tx, id, &lines).await?;
    tx.commit().await?;
    Ok(())
}

/// Post a sheet: each counted SKU is adjusted to its count (counted − on hand, one
/// movement per difference), the booked quantities are kept on the sheet. Reserved goods
/// stay reserved (available may go below zero; the order then cannot ship until stock
/// comes in). Returns the number of adjustments.
pub async fn post_stocktake(db: &Db, caller: &Caller, id: i64) -> AppResult<usize> {
    caller.require(Perm::MoveStock)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let Some(wh) = db::open_stocktake(&mut tx, id).await? else {
        return Err(if db::stocktake_exists(&mut tx, id).await? { InventoryError::BadState.into() } else { AppError::NotFound });
    };
    let lines = db::count_lines(&mut tx, id, wh).await?;
    for &(line, _, _, on_hand) in &lines {
        db::set_booked(&mut tx, line, on_hand).await?;
    }
    let diffs = stocktake_adjustments(&lines.iter().map(|&(_, sku, counted, on_hand)| (sku, on_hand, counted)).collect::<Vec<_>>());
    let m = MovementRef { kind: MovementKind::Adjustment, ref_type: Some("stocktake"), ref_id: Some(id), note: "", user_id: caller.actor(), at: now };
    for &(sku, delta) in &diffs {
        if delta > 0 {
            db::put(&mut tx, db.backend, sku, wh, delta, None, &m).await?;
        } else if db::take_any(&mut tx, sku, wh, -delta, &m).await?.is_none() {
            return Err(crate::error::CommonError::Stale.into());
        }
        after_change(&mut tx, sku, wh, now).await?;
    }
    if !db::post_stocktake(&mut tx, id, caller.actor(), now).await? {
        return Err(crate::error::CommonError::Stale.into());
    }
    crate::audit::record(&mut tx, caller.actor(), "stocktake", Some(id), "post", &diffs.len().to_string(), now).await?;
    tx.commit().await?;
    Ok(diffs.len())
}

pub async fn list_stocktakes(db: &Db, caller: &Caller, seek: Seek) -> AppResult<Page<StocktakeView>> {
    caller.require(Perm::ViewLedger)?;
    let (rows, count) = db::stocktakes(db, seek).await?;
    Ok(Page::assemble(rows, seek, count, |t: &StocktakeView| Cursor { key: t.created_at, id: t.id }))
}
