//! Purchase orders, transfers and stocktakes (SQL). Stock itself moves only through
//! `stock::take` / `stock::put`, called by the service in the same transaction.

use super::super::{sku_label, PurchaseLineView, PurchaseOrderView, PurchaseStatus, StocktakeView, TransferView};
use crate::money::Money;
use crate::page::{Count, Seek};
use crate::sql::Sql;
use crate::state::Db;
use sqlx::{AnyConnection, FromRow};

// ---- purchase orders ----

pub(in crate::inventory) struct PoHead<'a> {
    pub supplier_id: i64,
    pub warehouse_id: i64,
    pub expected_at: Option<i64>,
    pub note: &'a str,
    pub user_id: Option<i64>,
    pub at: i64,
}

pub(in crate::inventory) async fn insert_po(conn: &mut AnyConnection, h: &PoHead<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO purchase_orders (supplier_id, warehouse_id, status, expected_at, note, created_by, created_at, updated_at) \
         VALUES ($1, $2, 'open', $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(h.supplier_id)
    .bind(h.warehouse_id)
    .bind(h.expected_at)
    .bind(h.note)
    .bind(h.user_id)
    .bind(h.at)
    .fetch_one(conn)
    .await
}

pub(in crate::inventory) async fn insert_po_line(conn: &mut AnyConnection, po: i64, sku: i64, qty: i64, cost: Money) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO purchase_lines (po_id, sku_id, qty, unit_cost_fen) VALUES ($1, $2, $3, $4)")
        .bind(po)
        .bind(sku)
        .bind(qty)
        .bind(cost.to_fen())
        .execute(conn)
        .await?;
    Ok(())
}

/// A purchase order's status and warehouse.
pub(in crate::inventory) async fn po_state(conn: &mut AnyConnection, po: i64) -> Result<Option<(PurchaseStatus, i64)>, sqlx::Error> {
    let row: Option<(String, i64)> =
        sqlx::query_as("SELECT status, warehouse_id FROM purchase_orders WHERE id = $1").bind(po).fetch_optional(conn).await?;
    Ok(row.and_then(|(s, w)| Some((PurchaseStatus::parse(&s)?, w))))
}

/// The open lines of a purchase order: (line id, sku, ordered, received, unit cost fen).
pub(in crate::inventory) async fn po_lines(conn: &mut AnyConnection, po: i64) -> Result<Vec<(i64, i64, i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT id, sku_id, qty, received_qty, unit_cost_fen FROM purchase_lines WHERE po_id = $1 ORDER BY id")
        .bind(po)
        .fetch_all(conn)
        .await
}

/// Count `qty` more of a line as received, if that does not exceed what was ordered.
pub(in crate::inventory) async fn receive_po_line(conn: &mut AnyConnection, line: i64, qty: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE purchase_lines SET received_qty = received_qty + $1 WHERE id = $2 AND received_qty + $1 <= qty")
        .bind(qty)
        .bind(line)
        .execute(conn)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Move a purchase order from one of `from` to `to` (guarded, so a concurrent change loses).
pub(in crate::inventory) async fn set_po_status(conn: &mut AnyConnection, po: i64, from: PurchaseStatus, to: PurchaseStatus, at: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE purchase_orders SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4")
        .bind(to.code())
        .bind(at)
        .bind(po)
        .bind(from.code())
        .execute(conn)
        .await?;
    Ok(r.rows_affected() == 1)
}

#[derive(FromRow)]
struct PoRow {
    id: i64,
    supplier: String,
    warehouse: String,
    status: String,
    expected_at: Option<i64>,
    note: String,
    total: i64,
    created_at: i64,
}

const PO_SELECT: &str = "SELECT po.id, s.name AS supplier, w.name AS warehouse, po.status, po.expected_at, po.note, \
     CAST(COALESCE((SELECT SUM(l.qty * l.unit_cost_fen) FROM purchase_lines l WHERE l.po_id = po.id), 0) AS BIGINT) AS total, po.created_at \
     FROM purchase_orders po JOIN suppliers s ON s.id = po.supplier_id JOIN warehouses w ON w.id = po.warehouse_id";

fn po_view(r: PoRow, lines: Vec<PurchaseLineView>) -> PurchaseOrderView {
    PurchaseOrderView {
        id: r.id,
        supplier: r.supplier,
        warehouse: r.warehouse,
        status: PurchaseStatus::parse(&r.status).unwrap_or(PurchaseStatus::Open),
        expected_day: r.expected_at.map(crate::time::day_of),
        note: r.note,
        total: Money::from_fen(r.total),
        created_at: r.created_at,
        lines,
    }
}

/// Purchase orders newest first (open and partly received only, or all).
pub(in crate::inventory) async fn purchase_orders(db: &Db, open_only: bool, seek: Seek) -> Result<(Vec<PurchaseOrderView>, Count), sqlx::Error> {
    let cond = if open_only { " WHERE po.status IN ('open', 'partial')" } else { " WHERE 1 = 1" };
    let mut q = Sql::new(&format!("{PO_SELECT}{cond}"));
    q.seek("po.created_at", "po.id", seek).order_page("po.created_at", "po.id", seek);
    let rows: Vec<PoRow> = q.query_as().fetch_all(&db.pool).await?;
    let c = Sql::new(&format!("SELECT 1 FROM purchase_orders po{cond}"));
    let n: i64 = c.capped_count().query_scalar().fetch_one(&db.pool).await?;
    Ok((rows.into_iter().map(|r| po_view(r, Vec::new())).collect(), Count::from_capped(n)))
}

pub(in crate::inventory) async fn purchase_order(db: &Db, po: i64) -> Result<Option<PurchaseOrderView>, sqlx::Error> {
    let row: Option<PoRow> = sqlx::query_as(&format!("{PO_SELECT} WHERE po.id = $1")).bind(po).fetch_optional(&db.pool).await?;
    let Some(row) = row else { return Ok(None) };
    let lines: Vec<(i64, i64, String, String, String, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT l.id, l.sku_id, s.code, p.name, s.color, s.size, l.qty, l.received_qty, l.unit_cost_fen \
         FROM purchase_lines l JOIN skus s ON s.id = l.sku_id JOIN products p ON p.id = s.product_id WHERE l.po_id = $1 ORDER BY l.id",
    )
    .bind(po)
    .fetch_all(&db.pool)
    .await?;
    let lines = lines
        .into_iter()
        .map(|(id, sku_id, code, p, c, s, qty, received_qty, cost)| PurchaseLineView {
            id,
            sku_id,
            sku_code: code,
            sku_label: sku_label(&p, &c, &s),
            qty,
            received_qty,
            unit_cost: Money::from_fen(cost),
        })
        .collect();
    Ok(Some(po_view(row, lines)))
}

// ---- transfers ----

pub(in crate::inventory) async fn insert_transfer(conn: &mut AnyConnection, from: i64, to: i64, note: &str, user: Option<i64>, at: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO transfers (from_warehouse_id, to_warehouse_id, status, note, created_by, created_at) \
         VALUES ($1, $2, 'in_transit', $3, $4, $5) RETURNING id",
    )
    .bind(from)
    .bind(to)
    .bind(note)
    .bind(user)
    .bind(at)
    .fetch_one(conn)
    .await
}

pub(in crate::inventory) async fn insert_transfer_line(conn: &mut AnyConnection, transfer: i64, sku: i64, qty: i64, cost_fen: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO transfer_lines (transfer_id, sku_id, qty, unit_cost_fen) VALUES ($1, $2, $3, $4)")
        .bind(transfer)
        .bind(sku)
        .bind(qty)
        .bind(cost_fen)
        .execute(conn)
        .await?;
    Ok(())
}

/// Mark an in-transit transfer received; false if it was not in transit (already received).
/// Returns its destination and lines (sku, qty, unit cost fen).
pub(in crate::inventory) async fn receive_transfer(
    conn: &mut AnyConnection,
    transfer: i64,
    user: Option<i64>,
    at: i64,
) -> Result<Option<(i64, Vec<(i64, i64, i64)>)>, sqlx::Error> {
    let to: Option<i64> = sqlx::query_scalar(
        "UPDATE transfers SET status = 'received', received_by = $1, received_at = $2 WHERE id = $3 AND status = 'in_transit' RETURNING to_warehouse_id",
    )
    .bind(user)
    .bind(at)
    .bind(transfer)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(to) = to else { return Ok(None) };
    let lines = sqlx::query_as("SELECT sku_id, qty, unit_cost_fen FROM transfer_lines WHERE transfer_id = $1 ORDER BY id")
        .bind(transfer)
        .fetch_all(conn)
        .await?;
    Ok(Some((to, lines)))
}

pub(in crate::inventory) async fn transfer_exists(conn: &mut AnyConnection, id: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query_scalar::<_, i64>("SELECT id FROM transfers WHERE id = $1").bind(id).fetch_optional(conn).await?.is_some())
}

/// Transfers newest first with their lines (in transit only, or all).
pub(in crate::inventory) async fn transfers(db: &Db, in_transit_only: bool, seek: Seek) -> Result<(Vec<TransferView>, Count), sqlx::Error> {
    let cond = if in_transit_only { " WHERE t.status = 'in_transit'" } else { " WHERE 1 = 1" };
    let mut q = Sql::new(&format!(
        "SELECT t.id, wf.name, wt.name, t.status, t.note, t.created_at, t.received_at FROM transfers t \
         JOIN warehouses wf ON wf.id = t.from_warehouse_id JOIN warehouses wt ON wt.id = t.to_warehouse_id{cond}"
    ));
    q.seek("t.created_at", "t.id", seek).order_page("t.created_at", "t.id", seek);
    let rows: Vec<(i64, String, String, String, String, i64, Option<i64>)> = q.query_as().fetch_all(&db.pool).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let mut l = Sql::new(
        "SELECT l.transfer_id, p.name, s.color, s.size, l.qty FROM transfer_lines l JOIN skus s ON s.id = l.sku_id \
         JOIN products p ON p.id = s.product_id WHERE l.transfer_id IN (",
    );
    l.ints(&ids).push(") ORDER BY l.id");
    let lines: Vec<(i64, String, String, String, i64)> = l.query_as().fetch_all(&db.pool).await?;
    let c = Sql::new(&format!("SELECT 1 FROM transfers t{cond}"));
    let n: i64 = c.capped_count().query_scalar().fetch_one(&db.pool).await?;
    let views = rows
        .into_iter()
        .map(|(id, from, to, status, note, created_at, received_at)| TransferView {
            id,
            from,
            to,
            in_transit: status == "in_transit",
            note,
            created_at,
            received_at,
            lines: lines.iter().filter(|l| l.0 == id).map(|l| (sku_label(&l.1, &l.2, &l.3), l.4)).collect(),
        })
        .collect();
    Ok((views, Count::from_capped(n)))
}

// ---- stocktakes ----

pub(in crate::inventory) async fn insert_stocktake(conn: &mut AnyConnection, wh: i64, note: &str, user: Option<i64>, at: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO stocktakes (warehouse_id, status, note, created_by, created_at) VALUES ($1, 'open', $2, $3, $4) RETURNING id")
        .bind(wh)
        .bind(note)
        .bind(user)
        .bind(at)
        .fetch_one(conn)
        .await
}

/// Record a counted quantity (a later count of the same SKU on the sheet replaces it).
pub(in crate::inventory) async fn upsert_count(conn: &mut AnyConnection, sheet: i64, sku: i64, counted: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO stocktake_lines (stocktake_id, sku_id, counted_qty) VALUES ($1, $2, $3) \
         ON CONFLICT (stocktake_id, sku_id) DO UPDATE SET counted_qty = excluded.counted_qty",
    )
    .bind(sheet)
    .bind(sku)
    .bind(counted)
    .execute(conn)
    .await?;
    Ok(())
}

/// An open sheet's warehouse; `None` if there is no such sheet or it was posted.
pub(in crate::inventory) async fn open_stocktake(conn: &mut AnyConnection, sheet: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT warehouse_id FROM stocktakes WHERE id = $1 AND status = 'open'").bind(sheet).fetch_optional(conn).await
}

pub(in crate::inventory) async fn stocktake_exists(conn: &mut AnyConnection, sheet: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query_scalar::<_, i64>("SELECT id FROM stocktakes WHERE id = $1").bind(sheet).fetch_optional(conn).await?.is_some())
}

/// The counted lines of a sheet with the on-hand quantity now: (line id, sku, counted, on hand).
pub(in crate::inventory) async fn count_lines(conn: &mut AnyConnection, sheet: i64, wh: i64) -> Result<Vec<(i64, i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT l.id, l.sku_id, l.counted_qty, COALESCE(st.qty, 0) FROM stocktake_lines l \
         LEFT JOIN stock st ON st.sku_id = l.sku_id AND st.warehouse_id = $2 WHERE l.stocktake_id = $1 ORDER BY l.id",
    )
    .bind(sheet)
    .bind(wh)
    .fetch_all(conn)
    .await
}

pub(in crate::inventory) async fn set_booked(conn: &mut AnyConnection, line: i64, booked: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE stocktake_lines SET booked_qty = $1 WHERE id = $2").bind(booked).bind(line).execute(conn).await?;
    Ok(())
}

pub(in crate::inventory) async fn post_stocktake(conn: &mut AnyConnection, sheet: i64, user: Option<i64>, at: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE stocktakes SET status = 'posted', posted_by = $1, posted_at = $2 WHERE id = $3 AND status = 'open'")
        .bind(user)
        .bind(at)
        .bind(sheet)
        .execute(conn)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Stocktake sheets newest first with their lines.
pub(in crate::inventory) async fn stocktakes(db: &Db, seek: Seek) -> Result<(Vec<StocktakeView>, Count), sqlx::Error> {
    let mut q = Sql::new(
        "SELECT t.id, w.name, t.status, t.note, t.created_at FROM stocktakes t JOIN warehouses w ON w.id = t.warehouse_id WHERE 1 = 1",
    );
    q.seek("t.created_at", "t.id", seek).order_page("t.created_at", "t.id", seek);
    let rows: Vec<(i64, String, String, String, i64)> = q.query_as().fetch_all(&db.pool).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let mut l = Sql::new(
        "SELECT l.stocktake_id, s.id, p.name, s.color, s.size, l.counted_qty, l.booked_qty FROM stocktake_lines l \
         JOIN skus s ON s.id = l.sku_id JOIN products p ON p.id = s.product_id WHERE l.stocktake_id IN (",
    );
    l.ints(&ids).push(") ORDER BY l.id");
    let lines: Vec<(i64, i64, String, String, String, i64, Option<i64>)> = l.query_as().fetch_all(&db.pool).await?;
    let n: i64 = Sql::new("SELECT 1 FROM stocktakes").capped_count().query_scalar().fetch_one(&db.pool).await?;
    let views = rows
        .into_iter()
        .map(|(id, warehouse, status, note, created_at)| StocktakeView {
            id,
            warehouse,
            posted: status == "posted",
            note,
            created_at,
            lines: lines.iter().filter(|l| l.0 == id).map(|l| (l.1, sku_label(&l.2, &l.3, &l.4), l.5, l.6)).collect(),
        })
        .collect();
    Ok((views, Count::from_capped(n)))
}

/// Purchase orders that received goods (newest first), or the one with `id`: (id, supplier,
/// value received in fen, created at).
pub(in crate::inventory) async fn received_purchases(conn: &mut AnyConnection, id: Option<i64>) -> Result<Vec<(i64, String, i64, i64)>, sqlx::Error> {
    let mut q = crate::sql::Sql::new(
        "SELECT p.id, s.name, CAST(SUM(l.received_qty * l.unit_cost_fen) AS BIGINT), p.created_at FROM purchase_orders p \
         JOIN suppliers s ON s.id = p.supplier_id JOIN purchase_lines l ON l.po_id = p.id WHERE p.status IN ('partial', 'received')",
    );
    if let Some(id) = id {
        q.push(" AND p.id = ").int(id);
    }
    q.push(" GROUP BY p.id, s.name, p.created_at ORDER BY p.id DESC LIMIT 200");
    q.query_as().fetch_all(conn).await
}
