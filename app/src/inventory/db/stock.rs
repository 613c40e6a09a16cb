//! The stock primitives: every change of stock goes through [`take`] or [`put`], which write
//! the ledger row and the on-hand quantity (and the moving average cost) in the caller's
//! transaction; [`reserve`] and [`release`] move what open orders hold. After each change
//! [`refresh_alert`] opens or resolves the SKU's low-stock alert in the same transaction.

use super::super::logic::{moving_average, WarehouseRule};
use super::super::{sku_label, MovementKind};
use crate::money::Money;
use crate::state::Backend;
use sqlx::AnyConnection;

/// The 总仓: the active warehouse without a parent, lowest id.
pub(in crate::inventory) async fn main_warehouse(conn: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT MIN(id) FROM warehouses WHERE parent_id IS NULL").fetch_one(conn).await
}

pub(in crate::inventory) async fn warehouse_rules(conn: &mut AnyConnection) -> Result<Vec<WarehouseRule>, sqlx::Error> {
    let rows: Vec<(i64, Option<i64>, String, i64)> =
        sqlx::query_as("SELECT id, parent_id, regions, active FROM warehouses ORDER BY id").fetch_all(conn).await?;
    Ok(rows
        .into_iter()
        .map(|(id, parent_id, regions, active)| WarehouseRule {
            id,
            parent_id,
            regions: regions.split(',').filter(|r| !r.is_empty()).map(str::to_string).collect(),
            active: active == 1,
        })
        .collect())
}

pub(in crate::inventory) struct MovementRef<'a> {
    pub kind: MovementKind,
    pub ref_type: Option<&'a str>,
    pub ref_id: Option<i64>,
    pub note: &'a str,
    pub user_id: Option<i64>,
    pub at: i64,
}

/// Hold `qty` of a SKU for an order. False (nothing changed) if less than that is available.
/// The check and the change are one statement, so concurrent orders cannot oversell.
pub(in crate::inventory) async fn reserve(conn: &mut AnyConnection, sku: i64, wh: i64, qty: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE stock SET reserved = reserved + $1 WHERE sku_id = $2 AND warehouse_id = $3 AND qty - reserved >= $1")
        .bind(qty)
        .bind(sku)
        .bind(wh)
        .execute(conn)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Give back what an order held (cancelled, moved to another warehouse).
pub(in crate::inventory) async fn release(conn: &mut AnyConnection, sku: i64, wh: i64, qty: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE stock SET reserved = CASE WHEN reserved >= $1 THEN reserved - $1 ELSE 0 END WHERE sku_id = $2 AND warehouse_id = $3")
        .bind(qty)
        .bind(sku)
        .bind(wh)
        .execute(conn)
        .await?;
    Ok(())
}

/// Take `qty` out of stock, at the current average cost (recorded on the movement). With
/// `reserved`, the quantity comes out of what an order held; otherwise only free stock may
/// go. Returns the unit cost, or `None` (nothing changed) if there is not enough.
pub(in crate::inventory) async fn take(
    conn: &mut AnyConnection,
    sku: i64,
    wh: i64,
    qty: i64,
    reserved: bool,
    m: &MovementRef<'_>,
) -> Result<Option<i64>, sqlx::Error> {
    let sql = if reserved {
        // What the order reserved plus free stock must cover it (orders from before
        // reservations existed hold less).
        "UPDATE stock SET qty = qty - $1, reserved = CASE WHEN reserved >= $1 THEN reserved - $1 ELSE 0 END \
         WHERE sku_id = $2 AND warehouse_id = $3 AND qty >= $1 \
         AND qty - reserved + CASE WHEN reserved >= $1 THEN $1 ELSE reserved END >= $1 RETURNING avg_cost_fen"
    } else {
        "UPDATE stock SET qty = qty - $1 WHERE sku_id = $2 AND warehouse_id = $3 AND qty - reserved >= $1 RETURNING avg_cost_fen"
    };
    let cost: Option<i64> = sqlx::query_scalar(sql).bind(qty).bind(sku).bind(wh).fetch_optional(&mut *conn).await?;
    if let Some(c) = cost {
        insert_movement(conn, sku, wh, -qty, c, m).await?;
    }
    Ok(cost)
}

/// Put `qty` into stock. With a unit cost (a receipt, a transfer arriving, a return) the
/// moving average cost is updated; without one the current average stays. Returns the new
/// on-hand quantity.
pub(in crate::inventory) async fn put(
    conn: &mut AnyConnection,
    backend: Backend,
    sku: i64,
    wh: i64,
    qty: i64,
    unit_cost: Option<Money>,
    m: &MovementRef<'_>,
) -> Result<i64, sqlx::Error> {
    let lock = if backend == Backend::Postgres { " FOR UPDATE" } else { "" };
    let sql = format!("SELECT qty, avg_cost_fen FROM stock WHERE sku_id = $1 AND warehouse_id = $2{lock}");
    let current: Option<(i64, i64)> = sqlx::query_as(&sql).bind(sku).bind(wh).fetch_optional(&mut *conn).await?;
    let (old_qty, old_avg) = current.unwrap_or((0, 0));
    let avg = match unit_cost {
        Some(c) => moving_average(old_qty, Money::from_fen(old_avg), qty, c).to_fen(),
        None if current.is_some() => old_avg,
        None => sqlx::query_scalar("SELECT cost_fen FROM skus WHERE id = $1").bind(sku).fetch_one(&mut *conn).await?,
    };
    let on_hand: i64 = sqlx::query_scalar(
        "INSERT INTO stock (sku_id, warehouse_id, qty, avg_cost_fen) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (sku_id, warehouse_id) DO UPDATE SET qty = stock.qty + excluded.qty, avg_cost_fen = excluded.avg_cost_fen \
         RETURNING qty",
    )
    .bind(sku)
    .bind(wh)
    .bind(qty)
    .bind(avg)
    .fetch_one(&mut *conn)
    .await?;
    let cost = unit_cost.map(|c| c.to_fen()).unwrap_or(avg);
    insert_movement(conn, sku, wh, qty, cost, m).await?;
    Ok(on_hand)
}

async fn insert_movement(conn: &mut AnyConnection, sku: i64, wh: i64, delta: i64, unit_cost: i64, m: &MovementRef<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO stock_movements (sku_id, warehouse_id, delta, kind, ref_type, ref_id, note, user_id, at, unit_cost_fen) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(sku)
    .bind(wh)
    .bind(delta)
    .bind(m.kind.code())
    .bind(m.ref_type)
    .bind(m.ref_id)
    .bind(m.note)
    .bind(m.user_id)
    .bind(m.at)
    .bind(unit_cost)
    .execute(conn)
    .await?;
    Ok(())
}

/// Label and available quantity of a SKU in a warehouse, for messages; `None` if the SKU
/// does not exist.
pub(in crate::inventory) async fn sku_state(conn: &mut AnyConnection, sku: i64, wh: i64) -> Result<Option<(String, i64)>, sqlx::Error> {
    let row: Option<(String, String, String, i64)> = sqlx::query_as(
        "SELECT p.name, s.color, s.size, COALESCE(st.qty - st.reserved, 0) FROM skus s JOIN products p ON p.id = s.product_id \
         LEFT JOIN stock st ON st.sku_id = s.id AND st.warehouse_id = $2 WHERE s.id = $1",
    )
    .bind(sku)
    .bind(wh)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(p, c, s, q)| (sku_label(&p, &c, &s), q)))
}

/// Open the low-stock alert of a SKU in a warehouse when available stock is below its
/// threshold (once per crossing: the open alert is unique); resolve it when stock is back.
/// Runs after every stock change. Returns a newly opened alert: (id, title, body).
pub(in crate::inventory) async fn refresh_alert(conn: &mut AnyConnection, sku: i64, wh: i64, now: i64) -> Result<Option<(i64, String, String)>, sqlx::Error> {
    let row: Option<(i64, i64, String, String, String, String)> = sqlx::query_as(
        "SELECT st.qty - st.reserved, s.low_stock_qty, p.name, s.color, s.size, w.name FROM stock st \
         JOIN skus s ON s.id = st.sku_id JOIN products p ON p.id = s.product_id JOIN warehouses w ON w.id = st.warehouse_id \
         WHERE st.sku_id = $1 AND st.warehouse_id = $2",
    )
    .bind(sku)
    .bind(wh)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((available, threshold, product, color, size, warehouse)) = row else { return Ok(None) };
    if !super::super::logic::is_low(available, threshold) {
        sqlx::query("UPDATE stock_alerts SET resolved_at = $1 WHERE sku_id = $2 AND warehouse_id = $3 AND resolved_at IS NULL")
            .bind(now)
            .bind(sku)
            .bind(wh)
            .execute(conn)
            .await?;
        return Ok(None);
    }
    let opened: Option<i64> = sqlx::query_scalar(
        "INSERT INTO stock_alerts (sku_id, warehouse_id, threshold, available, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (sku_id, warehouse_id) WHERE resolved_at IS NULL DO NOTHING RETURNING id",
    )
    .bind(sku)
    .bind(wh)
    .bind(threshold)
    .bind(available)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(opened.map(|alert| {
        let label = sku_label(&product, &color, &size);
        let (title, body) = super::super::logic::alert_message(&label, &warehouse, available, threshold);
        (alert, title, body)
    }))
}

/// What an order's goods cost when they left stock: its shipment movements at their unit cost.
pub(in crate::inventory) async fn order_cost(conn: &mut AnyConnection, order_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(-delta * unit_cost_fen), 0) AS BIGINT) FROM stock_movements \
         WHERE ref_type = 'order' AND ref_id = $1 AND kind = 'shipment'",
    )
    .bind(order_id)
    .fetch_one(conn)
    .await
}

/// Cost of goods per shipped order, as a sub-query with the columns (order_id, cost_fen).
pub(crate) const ORDER_COSTS_SQL: &str = "SELECT ref_id AS order_id, CAST(SUM(-delta * unit_cost_fen) AS BIGINT) AS cost_fen \
     FROM stock_movements WHERE ref_type = 'order' AND kind = 'shipment' GROUP BY ref_id";

/// The unit cost an order's SKU left stock with (its shipment movement), if it shipped.
pub(in crate::inventory) async fn shipped_cost(conn: &mut AnyConnection, order_id: i64, sku: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT unit_cost_fen FROM stock_movements WHERE ref_type = 'order' AND ref_id = $1 AND sku_id = $2 AND kind = 'shipment' \
         ORDER BY id DESC LIMIT 1",
    )
    .bind(order_id)
    .bind(sku)
    .fetch_optional(conn)
    .await
}

/// Take `qty` out of on-hand stock regardless of reservations (a stocktake found less than
/// the books): only on-hand may not go below zero. Returns the unit cost, or `None`.
pub(in crate::inventory) async fn take_any(conn: &mut AnyConnection, sku: i64, wh: i64, qty: i64, m: &MovementRef<'_>) -> Result<Option<i64>, sqlx::Error> {
    let cost: Option<i64> = sqlx::query_scalar("UPDATE stock SET qty = qty - $1 WHERE sku_id = $2 AND warehouse_id = $3 AND qty >= $1 RETURNING avg_cost_fen")
        .bind(qty)
        .bind(sku)
        .bind(wh)
        .fetch_optional(&mut *conn)
        .await?;
    if let Some(c) = cost {
        insert_movement(conn, sku, wh, -qty, c, m).await?;
    }
    Ok(cost)
}

/// Every (sku, warehouse) with a stock row.
pub(in crate::inventory) async fn all_stock_keys(conn: &mut AnyConnection) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT sku_id, warehouse_id FROM stock ORDER BY sku_id, warehouse_id").fetch_all(conn).await
}
