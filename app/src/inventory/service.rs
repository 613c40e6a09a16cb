//! Inventory use cases (ssr only).

use super::db::{self, MovementRef};
use super::{Inbound, Movement, MovementKind, SkuStock};
use crate::auth::{Caller, Perm};
use crate::error::{AppError, AppResult};
use crate::state::Db;
use crate::time::now_ms;

pub async fn list_stock(db: &Db, caller: &Caller) -> AppResult<Vec<SkuStock>> {
    caller.require(Perm::ViewStock)?;
    Ok(db::list_skus(db).await?)
}

pub async fn list_movements(db: &Db, caller: &Caller, sku_id: Option<i64>) -> AppResult<Vec<Movement>> {
    caller.require(Perm::ViewStock)?;
    Ok(db::movements(db, sku_id, 50).await?)
}

/// Receive goods into the main warehouse.
pub async fn receive(db: &Db, caller: &Caller, input: &Inbound) -> AppResult<i64> {
    caller.require(Perm::ReceiveStock)?;
    if input.qty <= 0 || input.qty > 1_000_000 {
        return Err(AppError::validation("qty", "入库数量需在 1–1000000 之间", "Quantity must be 1–1,000,000"));
    }
    let note = input.note.trim();
    if note.chars().count() > 200 {
        return Err(AppError::validation("note", "备注最多 200 字", "Note is at most 200 characters"));
    }
    let mut tx = db.pool.begin().await?;
    let wh = db::main_warehouse(&mut tx).await?;
    if db::sku_state(&mut tx, input.sku_id, wh).await?.is_none() {
        return Err(AppError::validation("sku_id", "请选择商品规格", "Choose an item"));
    }
    let m = MovementRef { kind: MovementKind::Inbound, ref_type: None, ref_id: None, note, user_id: Some(caller.id()), at: now_ms() };
    let qty = db::put(&mut tx, input.sku_id, wh, input.qty, &m).await?;
    tx.commit().await?;
    Ok(qty)
}

/// Add a product with its SKUs (boss and warehouse).
pub async fn create_product(db: &Db, caller: &Caller, input: &super::NewProduct) -> AppResult<i64> {
    caller.require(Perm::ReceiveStock)?;
    let p = super::check_new_product(input)?;
    let now = now_ms();
    let mut tx = db.pool.begin().await?;
    let id = db::insert_product(&mut tx, &p, now).await?;
    crate::audit::record(&mut tx, Some(caller.id()), "product", Some(id), "create", &p.name, now).await?;
    tx.commit().await?;
    Ok(id)
}
