//! Every SQL statement of the fulfilment area (ssr only, private to the area). Orders'
//! own rows are read and changed through `orders::service`.

use crate::sql::Sql;
use sqlx::AnyConnection;

/// The routing configuration as stored (JSON), if the boss saved one.
pub(super) async fn routing(conn: &mut AnyConnection) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT routing FROM fulfil_config WHERE id = 1").fetch_optional(conn).await
}

pub(super) async fn save_routing(conn: &mut AnyConnection, json: &str, user: Option<i64>, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO fulfil_config (id, routing, updated_by, updated_at) VALUES (1, $1, $2, $3) \
         ON CONFLICT (id) DO UPDATE SET routing = excluded.routing, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(json)
    .bind(user)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The preferred couriers of many customers: (customer id, courier code).
pub(super) async fn customer_couriers(conn: &mut AnyConnection, customer_ids: &[i64]) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let mut q = Sql::new("SELECT customer_id, courier_code FROM customer_couriers WHERE customer_id IN (");
    q.ints(customer_ids).push(")");
    q.query_as().fetch_all(conn).await
}

/// Customer `from` merged into `into`: `into` keeps its own preferred courier, else takes
/// `from`'s; `from`'s row goes.
pub(super) async fn merge_customer_courier(conn: &mut AnyConnection, from: i64, into: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO customer_couriers (customer_id, courier_code, updated_at) \
         SELECT $2, courier_code, updated_at FROM customer_couriers WHERE customer_id = $1 \
         ON CONFLICT (customer_id) DO NOTHING",
    )
    .bind(from)
    .bind(into)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM customer_couriers WHERE customer_id = $1").bind(from).execute(conn).await?;
    Ok(())
}

pub(super) async fn set_customer_courier(conn: &mut AnyConnection, customer_id: i64, code: &str, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO customer_couriers (customer_id, courier_code, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (customer_id) DO UPDATE SET courier_code = excluded.courier_code, updated_at = excluded.updated_at",
    )
    .bind(customer_id)
    .bind(code)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

// ---- after-sales and refunds ----

pub(super) struct NewRow<'a> {
    pub order_id: i64,
    pub kind: &'a str,
    pub reason: &'a str,
    pub refund_fen: i64,
    pub by: Option<i64>,
    pub at: i64,
}

pub(super) async fn insert_after_sale(conn: &mut AnyConnection, r: &NewRow<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO after_sales (order_id, kind, state, reason, refund_fen, requested_by, requested_at, updated_at) \
         VALUES ($1, $2, 'requested', $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(r.order_id)
    .bind(r.kind)
    .bind(r.reason)
    .bind(r.refund_fen)
    .bind(r.by)
    .bind(r.at)
    .fetch_one(conn)
    .await
}

pub(super) async fn insert_after_sale_line(conn: &mut AnyConnection, id: i64, sku: i64, qty: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO after_sale_lines (after_sale_id, sku_id, qty) VALUES ($1, $2, $3)").bind(id).bind(sku).bind(qty).execute(conn).await?;
    Ok(())
}

/// (order id, kind, state, refund fen) of a request.
pub(super) async fn after_sale(conn: &mut AnyConnection, id: i64) -> Result<Option<(i64, String, String, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT order_id, kind, state, refund_fen FROM after_sales WHERE id = $1").bind(id).fetch_optional(conn).await
}

pub(super) async fn after_sale_lines(conn: &mut AnyConnection, id: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT sku_id, qty FROM after_sale_lines WHERE after_sale_id = $1 ORDER BY sku_id").bind(id).fetch_all(conn).await
}

/// Move a request from `from` to `to`; 0 rows if someone else moved it first.
pub(super) async fn set_after_sale_state(conn: &mut AnyConnection, id: i64, from: &str, to: &str, at: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE after_sales SET state = $1, updated_at = $2 WHERE id = $3 AND state = $4").bind(to).bind(at).bind(id).bind(from).execute(conn).await?;
    Ok(r.rows_affected())
}

/// (refunded, still requested by open requests other than `except`) of an order, in fen.
pub(super) async fn refund_totals(conn: &mut AnyConnection, order_id: i64, except: i64) -> Result<(i64, i64), sqlx::Error> {
    let refunded: i64 = sqlx::query_scalar("SELECT CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) FROM refunds WHERE order_id = $1")
        .bind(order_id)
        .fetch_one(&mut *conn)
        .await?;
    let pending: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(refund_fen), 0) AS BIGINT) FROM after_sales WHERE order_id = $1 AND id <> $2 \
         AND state IN ('requested', 'approved', 'returned')",
    )
    .bind(order_id)
    .bind(except)
    .fetch_one(conn)
    .await?;
    Ok((refunded, pending))
}

/// Goods already sent back per SKU by the order's requests other than rejected ones.
pub(super) async fn returned_qty(conn: &mut AnyConnection, order_id: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT l.sku_id, CAST(SUM(l.qty) AS BIGINT) FROM after_sale_lines l JOIN after_sales a ON a.id = l.after_sale_id \
         WHERE a.order_id = $1 AND a.state <> 'rejected' GROUP BY l.sku_id",
    )
    .bind(order_id)
    .fetch_all(conn)
    .await
}

pub(super) async fn insert_refund(conn: &mut AnyConnection, order_id: i64, after_sale_id: i64, amount_fen: i64, at: i64, by: Option<i64>) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO refunds (order_id, after_sale_id, amount_fen, at, by_user) VALUES ($1, $2, $3, $4, $5)")
        .bind(order_id)
        .bind(after_sale_id)
        .bind(amount_fen)
        .bind(at)
        .bind(by)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
pub(super) struct AfterSaleRow {
    pub id: i64,
    pub order_id: i64,
    pub kind: String,
    pub state: String,
    pub reason: String,
    pub refund_fen: i64,
    pub requested_by: Option<String>,
    pub requested_at: i64,
}

/// An order's requests, oldest first.
pub(super) async fn after_sales_of(conn: &mut AnyConnection, order_id: i64) -> Result<Vec<AfterSaleRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.id, a.order_id, a.kind, a.state, a.reason, a.refund_fen, u.display_name AS requested_by, a.requested_at \
         FROM after_sales a LEFT JOIN users u ON u.id = a.requested_by WHERE a.order_id = $1 ORDER BY a.requested_at, a.id",
    )
    .bind(order_id)
    .fetch_all(conn)
    .await
}

type RefundRow = (i64, i64, Option<i64>, i64, i64, Option<i64>);

/// Refunds of the given orders.
pub(super) async fn refunds_of_orders(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<RefundRow>, sqlx::Error> {
    let mut q = crate::sql::Sql::new("SELECT id, order_id, after_sale_id, amount_fen, at, by_user FROM refunds WHERE order_id IN (");
    q.ints(ids).push(") ORDER BY at, id");
    q.query_as().fetch_all(conn).await
}

/// (order, Σ refunds) of every refunded order.
pub(super) async fn refund_sums(conn: &mut AnyConnection) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT order_id, CAST(SUM(amount_fen) AS BIGINT) FROM refunds GROUP BY order_id").fetch_all(conn).await
}

/// Refunds made in [from, to).
pub(super) async fn refunds_between(conn: &mut AnyConnection, from: i64, to: i64) -> Result<Vec<RefundRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, order_id, after_sale_id, amount_fen, at, by_user FROM refunds WHERE at >= $1 AND at < $2 ORDER BY at, id")
        .bind(from)
        .bind(to)
        .fetch_all(conn)
        .await
}
