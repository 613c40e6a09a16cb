//! The stock views (SQL): the board, the ledger, slow movers, and the figures forecasts,
//! suggestions and `server check` read.

use super::super::{sku_label, LedgerFilter, Movement, MovementKind, SkuStock, SlowMover, StockFilter};
use crate::money::Money;
use crate::page::Count;
use crate::sql::Sql;
use crate::state::Db;
use sqlx::{AnyConnection, FromRow};
use std::collections::HashMap;

#[derive(FromRow)]
struct SkuRow {
    id: i64,
    product_id: i64,
    code: String,
    barcode: Option<String>,
    product_name: String,
    category: String,
    size: String,
    color: String,
    price_fen: i64,
    qty: i64,
    reserved: i64,
    low_stock_qty: i64,
    avg_cost_fen: i64,
}

impl SkuRow {
    fn into_stock(self) -> SkuStock {
        SkuStock {
            sku_id: self.id,
            product_id: self.product_id,
            code: self.code,
            barcode: self.barcode.unwrap_or_default(),
            product_name: self.product_name,
            category: self.category,
            size: self.size,
            color: self.color,
            price: Money::from_fen(self.price_fen),
            qty: self.qty,
            reserved: self.reserved,
            low_stock_qty: self.low_stock_qty,
            avg_cost: Money::from_fen(self.avg_cost_fen),
        }
    }
}

/// SKUs joined with their stock in one warehouse, or summed over all (the average cost is
/// then weighted by quantity).
fn sku_from(warehouse: Option<i64>, q: &mut Sql) {
    q.push(
        "SELECT s.id, s.product_id, s.code, s.barcode, p.name AS product_name, p.category, s.size, s.color, s.price_fen, \
                COALESCE(st.qty, 0) AS qty, COALESCE(st.reserved, 0) AS reserved, s.low_stock_qty, \
                COALESCE(st.avg_cost_fen, s.cost_fen) AS avg_cost_fen \
         FROM skus s JOIN products p ON p.id = s.product_id LEFT JOIN ",
    );
    match warehouse {
        Some(w) => {
            q.push("stock st ON st.sku_id = s.id AND st.warehouse_id = ").int(w);
        }
        None => {
            q.push(
                "(SELECT sku_id, CAST(SUM(qty) AS BIGINT) AS qty, CAST(SUM(reserved) AS BIGINT) AS reserved, \
                        CAST(CASE WHEN SUM(qty) > 0 THEN SUM(qty * avg_cost_fen) / SUM(qty) ELSE MAX(avg_cost_fen) END AS BIGINT) AS avg_cost_fen \
                 FROM stock GROUP BY sku_id) st ON st.sku_id = s.id",
            );
        }
    }
}

fn stock_where(q: &mut Sql, f: &StockFilter) {
    q.push(" WHERE s.active = 1");
    let text = f.q.trim();
    if !text.is_empty() {
        let like = format!("%{}%", text.replace(['%', '_'], ""));
        q.push(" AND (s.code = ").text(text).push(" OR s.barcode = ").text(text).push(" OR p.name LIKE ").text(like).push(")");
    }
    if let Some(c) = f.category.as_ref().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        q.push(" AND p.category = ").text(c);
    }
    if f.low_only {
        q.push(" AND COALESCE(st.qty, 0) - COALESCE(st.reserved, 0) < s.low_stock_qty");
    }
}

/// A page of SKUs (by id, newest first) with their stock, and the capped count of matches.
pub(in crate::inventory) async fn board(db: &Db, f: &StockFilter) -> Result<(Vec<SkuStock>, Count), sqlx::Error> {
    let mut q = Sql::new("");
    sku_from(f.warehouse_id, &mut q);
    stock_where(&mut q, f);
    q.seek("s.id", "s.id", f.seek).order_page("s.id", "s.id", f.seek);
    let rows: Vec<SkuRow> = q.query_as().fetch_all(&db.pool).await?;
    let mut c = Sql::new("");
    sku_from(f.warehouse_id, &mut c);
    stock_where(&mut c, f);
    let n: i64 = c.capped_count().query_scalar().fetch_one(&db.pool).await?;
    Ok((rows.into_iter().map(SkuRow::into_stock).collect(), Count::from_capped(n)))
}

/// Every SKU matching a filter, for the .xlsx export (up to `limit`).
pub(in crate::inventory) async fn board_all(db: &Db, f: &StockFilter, limit: i64) -> Result<Vec<SkuStock>, sqlx::Error> {
    let mut q = Sql::new("");
    sku_from(f.warehouse_id, &mut q);
    stock_where(&mut q, f);
    q.push(" ORDER BY p.category, p.name, s.code LIMIT ").int(limit);
    let rows: Vec<SkuRow> = q.query_as().fetch_all(&db.pool).await?;
    Ok(rows.into_iter().map(SkuRow::into_stock).collect())
}

/// SKUs an order may pick from (capped): the order form's choices, with stock over all warehouses.
pub(in crate::inventory) async fn sku_choices(db: &Db, limit: i64) -> Result<Vec<SkuStock>, sqlx::Error> {
    let mut q = Sql::new("");
    sku_from(None, &mut q);
    q.push(" WHERE s.active = 1 ORDER BY p.id, s.id LIMIT ").int(limit);
    let rows: Vec<SkuRow> = q.query_as().fetch_all(&db.pool).await?;
    Ok(rows.into_iter().map(SkuRow::into_stock).collect())
}

#[derive(FromRow)]
struct MovementRow {
    id: i64,
    code: String,
    product_name: String,
    color: String,
    size: String,
    warehouse: String,
    delta: i64,
    kind: String,
    ref_type: Option<String>,
    ref_id: Option<i64>,
    unit_cost_fen: i64,
    note: String,
    user_name: Option<String>,
    at: i64,
}

fn ledger_where(q: &mut Sql, f: &LedgerFilter) {
    q.push(" WHERE 1 = 1");
    let sku = f.sku.trim();
    if !sku.is_empty() {
        q.push(" AND m.sku_id IN (SELECT id FROM skus WHERE code = ").text(sku).push(" OR barcode = ").text(sku).push(")");
    }
    if let Some(k) = f.kind {
        q.push(" AND m.kind = ").text(k.code());
    }
    if let Some(w) = f.warehouse_id {
        q.push(" AND m.warehouse_id = ").int(w);
    }
    if let Some(d) = f.from_day {
        q.push(" AND m.at >= ").int(crate::time::day_start_ms(d));
    }
    if let Some(d) = f.to_day {
        q.push(" AND m.at < ").int(crate::time::day_start_ms(d + 1));
    }
}

/// Movements first (`CROSS JOIN` keeps that order on SQLite, whose planner otherwise starts
/// from products and sorts every movement: 2.9 s instead of 0.1 ms at 1M orders); the SKU join's
/// condition is [`LEDGER_SKU`], added after the filter.
const LEDGER_FROM: &str = " FROM stock_movements m CROSS JOIN skus s JOIN products p ON p.id = s.product_id \
     JOIN warehouses w ON w.id = m.warehouse_id LEFT JOIN users u ON u.id = m.user_id";
const LEDGER_SKU: &str = " AND s.id = m.sku_id";

fn movement(r: MovementRow) -> Movement {
    Movement {
        id: r.id,
        sku_code: r.code,
        sku_label: sku_label(&r.product_name, &r.color, &r.size),
        warehouse: r.warehouse,
        delta: r.delta,
        kind: MovementKind::parse(&r.kind).unwrap_or(MovementKind::Adjustment),
        ref_type: r.ref_type,
        ref_id: r.ref_id,
        unit_cost: Money::from_fen(r.unit_cost_fen),
        note: r.note,
        user_name: r.user_name.unwrap_or_default(),
        at: r.at,
    }
}

const LEDGER_SELECT: &str = "SELECT m.id, s.code, p.name AS product_name, s.color, s.size, w.name AS warehouse, m.delta, m.kind, \
     m.ref_type, m.ref_id, m.unit_cost_fen, m.note, u.display_name AS user_name, m.at";

/// A page of the ledger, newest first, and the capped count.
pub(in crate::inventory) async fn ledger(db: &Db, f: &LedgerFilter) -> Result<(Vec<Movement>, Count), sqlx::Error> {
    let mut q = Sql::new(&format!("{LEDGER_SELECT}{LEDGER_FROM}"));
    ledger_where(&mut q, f);
    q.push(LEDGER_SKU);
    q.seek("m.at", "m.id", f.seek).order_page("m.at", "m.id", f.seek);
    let rows: Vec<MovementRow> = q.query_as().fetch_all(&db.pool).await?;
    let mut c = Sql::new("SELECT 1 FROM stock_movements m");
    ledger_where(&mut c, f);
    let n: i64 = c.capped_count().query_scalar().fetch_one(&db.pool).await?;
    Ok((rows.into_iter().map(movement).collect(), Count::from_capped(n)))
}

/// The ledger rows of a filter for the .xlsx export (newest first, up to `limit`).
pub(in crate::inventory) async fn ledger_all(db: &Db, f: &LedgerFilter, limit: i64) -> Result<Vec<Movement>, sqlx::Error> {
    let mut q = Sql::new(&format!("{LEDGER_SELECT}{LEDGER_FROM}"));
    ledger_where(&mut q, f);
    q.push(LEDGER_SKU);
    q.push(" ORDER BY m.at DESC, m.id DESC LIMIT ").int(limit);
    let rows: Vec<MovementRow> = q.query_as().fetch_all(&db.pool).await?;
    Ok(rows.into_iter().map(movement).collect())
}

/// SKUs in stock with no sale since `since_day` (sales from the daily aggregates), the
/// value tied up (on hand × average cost), most value first.
pub(in crate::inventory) async fn slow_movers(db: &Db, since_day: i64, warehouse: Option<i64>, limit: i64) -> Result<Vec<SlowMover>, sqlx::Error> {
    let mut q = Sql::new(
        "SELECT s.id, s.code, p.name, s.color, s.size, CAST(SUM(st.qty) AS BIGINT), CAST(SUM(st.qty * st.avg_cost_fen) AS BIGINT), \
                (SELECT MAX(a.day) FROM agg_sku_day a WHERE a.sku_id = s.id) \
         FROM stock st JOIN skus s ON s.id = st.sku_id JOIN products p ON p.id = s.product_id WHERE st.qty > 0",
    );
    if let Some(w) = warehouse {
        q.push(" AND st.warehouse_id = ").int(w);
    }
    q.push(" AND NOT EXISTS (SELECT 1 FROM agg_sku_day a WHERE a.sku_id = s.id AND a.day >= ").int(since_day);
    q.push(") GROUP BY s.id, s.code, p.name, s.color, s.size ORDER BY 7 DESC, s.id LIMIT ").int(limit);
    let rows: Vec<(i64, String, String, String, String, i64, i64, Option<i64>)> = q.query_as().fetch_all(&db.pool).await?;
    Ok(rows
        .into_iter()
        .map(|(sku_id, code, p, c, s, qty, value, last)| SlowMover {
            sku_id,
            sku_code: code,
            sku_label: sku_label(&p, &c, &s),
            qty,
            value: Money::from_fen(value),
            last_sale_day: last,
        })
        .collect())
}

/// Stock value (on hand × average cost) and units per warehouse.
pub(in crate::inventory) async fn value_by_warehouse(db: &Db) -> Result<Vec<(i64, String, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT w.id, w.name, CAST(COALESCE(SUM(st.qty), 0) AS BIGINT), CAST(COALESCE(SUM(st.qty * st.avg_cost_fen), 0) AS BIGINT) \
         FROM warehouses w LEFT JOIN stock st ON st.warehouse_id = w.id GROUP BY w.id, w.name ORDER BY w.id",
    )
    .fetch_all(&db.pool)
    .await
}

/// Units sold per SKU and business day from `from_day` on (the aggregates of sold orders).
pub(in crate::inventory) async fn daily_sales(conn: &mut AnyConnection, from_day: i64) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT sku_id, day, CAST(SUM(qty) AS BIGINT) FROM agg_sku_day WHERE day >= $1 GROUP BY sku_id, day ORDER BY sku_id, day",
    )
    .bind(from_day)
    .fetch_all(conn)
    .await
}

/// What each SKU needs for a suggestion: (sku, supplier, lead time, available, on order,
/// last purchase cost or cost price).
#[derive(FromRow)]
pub(in crate::inventory) struct ReorderRow {
    pub sku_id: i64,
    pub code: String,
    pub product: String,
    pub color: String,
    pub size: String,
    pub supplier_id: Option<i64>,
    pub supplier: Option<String>,
    pub lead_time_days: Option<i64>,
    pub available: i64,
    pub on_order: i64,
    pub unit_cost_fen: i64,
}

pub(in crate::inventory) async fn reorder_rows(db: &Db) -> Result<Vec<ReorderRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.id AS sku_id, s.code, p.name AS product, s.color, s.size, p.supplier_id, sup.name AS supplier, sup.lead_time_days, \
                CAST(COALESCE((SELECT SUM(st.qty - st.reserved) FROM stock st WHERE st.sku_id = s.id), 0) AS BIGINT) AS available, \
                CAST(COALESCE((SELECT SUM(l.qty - l.received_qty) FROM purchase_lines l JOIN purchase_orders po ON po.id = l.po_id \
                    WHERE l.sku_id = s.id AND po.status IN ('open', 'partial')), 0) AS BIGINT) AS on_order, \
                COALESCE((SELECT l.unit_cost_fen FROM purchase_lines l WHERE l.sku_id = s.id ORDER BY l.id DESC LIMIT 1), s.cost_fen) AS unit_cost_fen \
         FROM skus s JOIN products p ON p.id = s.product_id LEFT JOIN suppliers sup ON sup.id = p.supplier_id WHERE s.active = 1 ORDER BY s.id",
    )
    .fetch_all(&db.pool)
    .await
}

/// Stored forecasts: sku → (method, 30-day total, daily values JSON, sMAPE, naive sMAPE, computed at).
#[derive(FromRow)]
pub(in crate::inventory) struct StoredForecast {
    pub sku_id: i64,
    pub method: String,
    pub total_30: i64,
    pub daily: String,
    pub daily_std: String,
    pub uplifts: String,
    pub smape: Option<String>,
    pub naive_smape: Option<String>,
}

pub(in crate::inventory) async fn forecasts(db: &Db) -> Result<HashMap<i64, StoredForecast>, sqlx::Error> {
    let rows: Vec<StoredForecast> =
        sqlx::query_as("SELECT sku_id, method, total_30, daily, daily_std, uplifts, smape, naive_smape FROM forecasts").fetch_all(&db.pool).await?;
    Ok(rows.into_iter().map(|f| (f.sku_id, f)).collect())
}

/// Each active SKU's category.
pub(in crate::inventory) async fn sku_categories(conn: &mut AnyConnection) -> Result<HashMap<i64, String>, sqlx::Error> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT s.id, p.category FROM skus s JOIN products p ON p.id = s.product_id WHERE s.active = 1").fetch_all(conn).await?;
    Ok(rows.into_iter().collect())
}

pub(in crate::inventory) struct ForecastRow<'a> {
    pub sku_id: i64,
    pub method: &'a str,
    pub total_30: i64,
    pub daily: &'a str,
    pub daily_std: &'a str,
    pub uplifts: &'a str,
    pub mape: Option<String>,
    pub smape: Option<String>,
    pub naive_mape: Option<String>,
    pub naive_smape: Option<String>,
}

pub(in crate::inventory) async fn save_forecast(conn: &mut AnyConnection, f: &ForecastRow<'_>, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO forecasts (sku_id, computed_at, method, total_30, daily, mape, smape, naive_mape, naive_smape, daily_std, uplifts) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (sku_id) DO UPDATE SET computed_at = excluded.computed_at, \
         method = excluded.method, total_30 = excluded.total_30, daily = excluded.daily, mape = excluded.mape, smape = excluded.smape, \
         naive_mape = excluded.naive_mape, naive_smape = excluded.naive_smape, daily_std = excluded.daily_std, uplifts = excluded.uplifts",
    )
    .bind(f.sku_id)
    .bind(at)
    .bind(f.method)
    .bind(f.total_30)
    .bind(f.daily)
    .bind(&f.mape)
    .bind(&f.smape)
    .bind(&f.naive_mape)
    .bind(&f.naive_smape)
    .bind(f.daily_std)
    .bind(f.uplifts)
    .execute(conn)
    .await?;
    Ok(())
}

pub(in crate::inventory) async fn last_forecast_at(db: &Db) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT MAX(computed_at) FROM forecasts").fetch_one(&db.pool).await
}

/// (sku, warehouse) pairs whose on-hand quantity differs from the sum of the ledger. Must be empty.
pub(in crate::inventory) async fn ledger_mismatches(db: &Db) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT st.sku_id, st.warehouse_id FROM stock st \
         LEFT JOIN (SELECT sku_id, warehouse_id, SUM(delta) AS total FROM stock_movements GROUP BY sku_id, warehouse_id) m \
           ON m.sku_id = st.sku_id AND m.warehouse_id = st.warehouse_id \
         WHERE st.qty <> COALESCE(m.total, 0) \
         UNION \
         SELECT m.sku_id, m.warehouse_id FROM stock_movements m \
         LEFT JOIN stock st ON st.sku_id = m.sku_id AND st.warehouse_id = m.warehouse_id \
         WHERE st.sku_id IS NULL GROUP BY m.sku_id, m.warehouse_id",
    )
    .fetch_all(&db.pool)
    .await
}

/// (sku, warehouse) pairs whose reserved quantity is not what their open orders hold. Must be empty.
pub(in crate::inventory) async fn reservation_mismatches(db: &Db) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT st.sku_id, st.warehouse_id FROM stock st LEFT JOIN ( \
             SELECT l.sku_id, o.warehouse_id, SUM(l.qty) AS held FROM order_lines l JOIN orders o ON o.id = l.order_id \
             WHERE o.status IN ('pending_payment', 'to_ship') GROUP BY l.sku_id, o.warehouse_id) h \
           ON h.sku_id = st.sku_id AND h.warehouse_id = st.warehouse_id \
         WHERE st.reserved <> COALESCE(h.held, 0)",
    )
    .fetch_all(&db.pool)
    .await
}
