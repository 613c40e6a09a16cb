//! Every SQL statement of the inventory area (ssr only). Private to the area.
//!
//! Stock changes only through [`take`] and [`put`], which write the ledger row and the
//! on-hand quantity in the caller's transaction.

use super::logic::{CheckedProduct, Variant};
use super::{sku_label, Movement, MovementKind, SkuStock, StockFilter};
use crate::money::Money;
use crate::page::Count;
use crate::sql::Sql;
use crate::state::Db;
use sqlx::{AnyConnection, FromRow};
use std::collections::HashMap;

/// The main warehouse (总仓), created by the first migration.
pub(super) async fn main_warehouse(conn: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT MIN(id) FROM warehouses").fetch_one(conn).await
}

pub(super) struct MovementRef<'a> {
    pub kind: MovementKind,
    pub ref_type: Option<&'a str>,
    pub ref_id: Option<i64>,
    pub note: &'a str,
    pub user_id: Option<i64>,
    pub at: i64,
}

/// Take `qty` out of stock. Returns false (and changes nothing) if that would go below zero.
/// The check and the decrement are one statement, so concurrent shipments cannot oversell.
pub(super) async fn take(conn: &mut AnyConnection, sku_id: i64, wh: i64, qty: i64, m: &MovementRef<'_>) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE stock SET qty = qty - $1 WHERE sku_id = $2 AND warehouse_id = $3 AND qty >= $1")
        .bind(qty)
        .bind(sku_id)
        .bind(wh)
        .execute(&mut *conn)
        .await?;
    if r.rows_affected() != 1 {
        return Ok(false);
    }
    insert_movement(conn, sku_id, wh, -qty, m).await?;
    Ok(true)
}

/// Put `qty` into stock; returns the new on-hand quantity.
pub(super) async fn put(conn: &mut AnyConnection, sku_id: i64, wh: i64, qty: i64, m: &MovementRef<'_>) -> Result<i64, sqlx::Error> {
    let on_hand = sqlx::query_scalar(
        "INSERT INTO stock (sku_id, warehouse_id, qty) VALUES ($1, $2, $3) \
         ON CONFLICT (sku_id, warehouse_id) DO UPDATE SET qty = stock.qty + excluded.qty RETURNING qty",
    )
    .bind(sku_id)
    .bind(wh)
    .bind(qty)
    .fetch_one(&mut *conn)
    .await?;
    insert_movement(conn, sku_id, wh, qty, m).await?;
    Ok(on_hand)
}

async fn insert_movement(conn: &mut AnyConnection, sku_id: i64, wh: i64, delta: i64, m: &MovementRef<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO stock_movements (sku_id, warehouse_id, delta, kind, ref_type, ref_id, note, user_id, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(sku_id)
    .bind(wh)
    .bind(delta)
    .bind(m.kind.code())
    .bind(m.ref_type)
    .bind(m.ref_id)
    .bind(m.note)
    .bind(m.user_id)
    .bind(m.at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Label and on-hand quantity of a SKU, for messages; `None` if the SKU does not exist.
pub(super) async fn sku_state(conn: &mut AnyConnection, sku_id: i64, wh: i64) -> Result<Option<(String, i64)>, sqlx::Error> {
    let row: Option<(String, String, String, i64)> = sqlx::query_as(
        "SELECT p.name, s.color, s.size, COALESCE(st.qty, 0) FROM skus s JOIN products p ON p.id = s.product_id \
         LEFT JOIN stock st ON st.sku_id = s.id AND st.warehouse_id = $2 WHERE s.id = $1",
    )
    .bind(sku_id)
    .bind(wh)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(p, c, s, q)| (sku_label(&p, &c, &s), q)))
}

/// Current unit prices (fen) of the given SKUs.
pub(super) async fn prices(conn: &mut AnyConnection, sku_ids: &[i64]) -> Result<HashMap<i64, Money>, sqlx::Error> {
    let mut q = Sql::new("SELECT id, price_fen FROM skus WHERE id IN (");
    q.ints(sku_ids).push(")");
    let rows: Vec<(i64, i64)> = q.query_as().fetch_all(conn).await?;
    Ok(rows.into_iter().map(|(id, fen)| (id, Money::from_fen(fen))).collect())
}

#[derive(FromRow)]
struct SkuRow {
    id: i64,
    code: String,
    product_name: String,
    category: String,
    size: String,
    color: String,
    price_fen: i64,
    qty: i64,
    low_stock_qty: i64,
}

impl SkuRow {
    fn into_stock(self) -> SkuStock {
        SkuStock {
            sku_id: self.id,
            code: self.code,
            product_name: self.product_name,
            category: self.category,
            size: self.size,
            color: self.color,
            price: Money::from_fen(self.price_fen),
            qty: self.qty,
            low_stock_qty: self.low_stock_qty,
        }
    }
}

const SKU_FROM: &str = "FROM skus s JOIN products p ON p.id = s.product_id \
     LEFT JOIN stock st ON st.sku_id = s.id AND st.warehouse_id = (SELECT MIN(id) FROM warehouses)";

fn stock_where(q: &mut Sql, f: &StockFilter) {
    q.push(" WHERE 1 = 1");
    let text = f.q.trim();
    if !text.is_empty() {
        let like = format!("%{}%", text.replace(['%', '_'], ""));
        q.push(" AND (s.code = ").text(text).push(" OR p.name LIKE ").text(like).push(")");
    }
    if f.low_only {
        q.push(" AND COALESCE(st.qty, 0) < s.low_stock_qty");
    }
}

/// A page of SKUs with their quantity in the main warehouse, paged by SKU id (newest last
/// added first) and the capped count of matches.
pub(super) async fn list_skus(db: &Db, f: &StockFilter) -> Result<(Vec<SkuStock>, Count), sqlx::Error> {
    let mut q = Sql::new(&format!(
        "SELECT s.id, s.code, p.name AS product_name, p.category, s.size, s.color, s.price_fen, \
                COALESCE(st.qty, 0) AS qty, s.low_stock_qty {SKU_FROM}"
    ));
    stock_where(&mut q, f);
    q.seek("s.id", "s.id", f.seek).order_page("s.id", "s.id", f.seek);
    let rows: Vec<SkuRow> = q.query_as().fetch_all(&db.pool).await?;
    let mut c = Sql::new(&format!("SELECT 1 {SKU_FROM}"));
    stock_where(&mut c, f);
    let n: i64 = c.capped_count().query_scalar().fetch_one(&db.pool).await?;
    Ok((rows.into_iter().map(SkuRow::into_stock).collect(), Count::from_capped(n)))
}

/// SKUs an order may pick from (all of them, capped): the order form's choices.
pub(super) async fn sku_choices(db: &Db, limit: i64) -> Result<Vec<SkuStock>, sqlx::Error> {
    let mut q = Sql::new(&format!(
        "SELECT s.id, s.code, p.name AS product_name, p.category, s.size, s.color, s.price_fen, \
                COALESCE(st.qty, 0) AS qty, s.low_stock_qty {SKU_FROM} ORDER BY p.id, s.id LIMIT "
    ));
    q.int(limit);
    let rows: Vec<SkuRow> = q.query_as().fetch_all(&db.pool).await?;
    Ok(rows.into_iter().map(SkuRow::into_stock).collect())
}

#[derive(FromRow)]
struct MovementRow {
    id: i64,
    product_name: String,
    color: String,
    size: String,
    delta: i64,
    kind: String,
    ref_type: Option<String>,
    ref_id: Option<i64>,
    note: String,
    user_name: Option<String>,
    at: i64,
}

/// The latest ledger rows, optionally for one SKU.
pub(super) async fn movements(db: &Db, sku_id: Option<i64>, limit: i64) -> Result<Vec<Movement>, sqlx::Error> {
    let mut q = Sql::new(
        "SELECT m.id, p.name AS product_name, s.color, s.size, m.delta, m.kind, m.ref_type, m.ref_id, m.note, \
                u.display_name AS user_name, m.at \
         FROM stock_movements m JOIN skus s ON s.id = m.sku_id JOIN products p ON p.id = s.product_id \
         LEFT JOIN users u ON u.id = m.user_id WHERE 1 = 1",
    );
    if let Some(id) = sku_id {
        q.push(" AND m.sku_id = ").int(id);
    }
    q.push(" ORDER BY m.id DESC LIMIT ").int(limit);
    let rows: Vec<MovementRow> = q.query_as().fetch_all(&db.pool).await?;
    Ok(rows
        .into_iter()
        .map(|r| Movement {
            id: r.id,
            sku_label: sku_label(&r.product_name, &r.color, &r.size),
            delta: r.delta,
            kind: MovementKind::parse(&r.kind).unwrap_or(MovementKind::Adjustment),
            order_id: r.ref_id.filter(|_| r.ref_type.as_deref() == Some("order")),
            note: r.note,
            user_name: r.user_name.unwrap_or_default(),
            at: r.at,
        })
        .collect())
}

/// (sku, warehouse) pairs whose on-hand quantity differs from the sum of the ledger. Must be empty.
pub(super) async fn ledger_mismatches(db: &Db) -> Result<Vec<(i64, i64)>, sqlx::Error> {
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

/// Insert a product; returns its id.
pub(super) async fn insert_product(conn: &mut AnyConnection, p: &CheckedProduct, at: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO products (name, category, created_at) VALUES ($1, $2, $3) RETURNING id")
        .bind(&p.name)
        .bind(&p.category)
        .bind(at)
        .fetch_one(conn)
        .await
}

pub(super) async fn insert_sku(conn: &mut AnyConnection, product_id: i64, v: &Variant, p: &CheckedProduct) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO skus (product_id, code, size, color, price_fen, cost_fen, low_stock_qty) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(product_id)
    .bind(&v.code)
    .bind(&v.size)
    .bind(&v.color)
    .bind(p.price.to_fen())
    .bind(p.cost.to_fen())
    .bind(p.low_stock_qty)
    .fetch_one(conn)
    .await
}

/// Every product (id, name, category), by id.
pub(super) async fn products_brief(conn: &mut AnyConnection) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, name, category FROM products ORDER BY id LIMIT 20000").fetch_all(conn).await
}

fn product_where(q: &mut Sql, text: &str) {
    q.push(" WHERE 1 = 1");
    let text = text.trim();
    if !text.is_empty() {
        q.push(" AND p.name LIKE ").text(format!("%{}%", text.replace(['%', '_'], "")));
    }
}

/// A page of products (id, name, category) whose name contains `text`, by id, and the capped count.
pub(super) async fn product_page(db: &Db, text: &str, seek: crate::page::Seek) -> Result<(Vec<(i64, String, String)>, Count), sqlx::Error> {
    let mut q = Sql::new("SELECT p.id, p.name, p.category FROM products p");
    product_where(&mut q, text);
    q.seek("p.id", "p.id", seek).order_page("p.id", "p.id", seek);
    let rows = q.query_as().fetch_all(&db.pool).await?;
    let mut c = Sql::new("SELECT 1 FROM products p");
    product_where(&mut c, text);
    let n: i64 = c.capped_count().query_scalar().fetch_one(&db.pool).await?;
    Ok((rows, Count::from_capped(n)))
}

/// A product's name, if it exists.
pub(super) async fn product_name(conn: &mut AnyConnection, id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT name FROM products WHERE id = $1").bind(id).fetch_optional(conn).await
}
