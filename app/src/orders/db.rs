//! Every SQL statement of the orders area (ssr only).

use super::{Channel, OrderEventView, OrderFilter, OrderLineView, OrderStatus, OrderSummary, PAGE_SIZE};
use crate::auth::Scope;
use crate::money::Money;
use crate::state::Db;
use sqlx::{AnyConnection, FromRow};

#[derive(FromRow)]
struct SummaryRow {
    id: i64,
    order_no: Option<String>,
    agent_name: String,
    recipient_name: String,
    mobile: String,
    channel: String,
    status: String,
    total_fen: i64,
    created_at: i64,
}

impl SummaryRow {
    fn into_summary(self) -> OrderSummary {
        OrderSummary {
            id: self.id,
            order_no: self.order_no.unwrap_or_default(),
            agent_name: self.agent_name,
            recipient_name: self.recipient_name,
            mobile: self.mobile,
            channel: Channel::parse(&self.channel).unwrap_or(Channel::Manual),
            status: OrderStatus::parse(&self.status).unwrap_or(OrderStatus::PendingPayment),
            total: Money::from_fen(self.total_fen),
            created_at: self.created_at,
        }
    }
}

const SUMMARY_COLUMNS: &str = "o.id, o.order_no, u.display_name AS agent_name, o.recipient_name, o.mobile, \
     o.channel, o.status, o.total_fen, o.created_at";

/// WHERE clause and its text parameters for a list filter, always restricted to `scope`.
fn filter_sql(scope: &Scope, filter: &OrderFilter) -> (String, Vec<String>) {
    let mut conds = vec![scope.sql("o.agent_id")];
    let mut binds = Vec::new();
    if let Some(s) = filter.status {
        binds.push(s.code().to_string());
        conds.push(format!("o.status = ${}", binds.len()));
    }
    let q = filter.q.trim();
    if !q.is_empty() {
        binds.push(q.to_string());
        let n = binds.len();
        conds.push(format!("(o.mobile = ${n} OR o.order_no = ${n} OR o.recipient_name = ${n})"));
    }
    (conds.join(" AND "), binds)
}

/// One page of orders in `scope`, newest first, and the number of matching orders.
pub async fn list(db: &Db, scope: &Scope, filter: &OrderFilter) -> Result<(Vec<OrderSummary>, i64), sqlx::Error> {
    let (cond, binds) = filter_sql(scope, filter);
    let count_sql = format!("SELECT COUNT(*) FROM orders o WHERE {cond}");
    let mut count = sqlx::query_scalar::<_, i64>(&count_sql);
    for b in &binds {
        count = count.bind(b);
    }
    let total = count.fetch_one(&db.pool).await?;
    let offset = (filter.page.max(1) - 1) * PAGE_SIZE;
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM orders o JOIN users u ON u.id = o.agent_id WHERE {cond} \
         ORDER BY o.created_at DESC, o.id DESC LIMIT {PAGE_SIZE} OFFSET {offset}"
    );
    let mut rows = sqlx::query_as::<_, SummaryRow>(&sql);
    for b in &binds {
        rows = rows.bind(b);
    }
    let rows = rows.fetch_all(&db.pool).await?;
    Ok((rows.into_iter().map(SummaryRow::into_summary).collect(), total))
}

/// Owner and status of an order, regardless of scope (to tell "forbidden" from "not found").
pub async fn owner_and_status(db: &Db, id: i64) -> Result<Option<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT agent_id, status FROM orders WHERE id = $1").bind(id).fetch_optional(&db.pool).await
}

#[derive(FromRow)]
struct HeadRow {
    #[sqlx(flatten)]
    summary: SummaryRow,
    agent_id: i64,
    address: String,
}

/// An order's head in `scope`: summary, owning agent, address.
pub async fn get(db: &Db, scope: &Scope, id: i64) -> Result<Option<(OrderSummary, i64, String)>, sqlx::Error> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, o.agent_id, o.address FROM orders o JOIN users u ON u.id = o.agent_id \
         WHERE o.id = $1 AND {}",
        scope.sql("o.agent_id")
    );
    let row: Option<HeadRow> = sqlx::query_as(&sql).bind(id).fetch_optional(&db.pool).await?;
    Ok(row.map(|r| (r.summary.into_summary(), r.agent_id, r.address)))
}

#[derive(FromRow)]
struct LineRow {
    sku_id: i64,
    code: String,
    product_name: String,
    size: String,
    color: String,
    qty: i64,
    unit_price_fen: i64,
    line_total_fen: i64,
}

pub async fn lines(db: &Db, order_id: i64) -> Result<Vec<OrderLineView>, sqlx::Error> {
    let rows: Vec<LineRow> = sqlx::query_as(
        "SELECT l.sku_id, s.code, p.name AS product_name, s.size, s.color, l.qty, l.unit_price_fen, l.line_total_fen \
         FROM order_lines l JOIN skus s ON s.id = l.sku_id JOIN products p ON p.id = s.product_id \
         WHERE l.order_id = $1 ORDER BY l.id",
    )
    .bind(order_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| OrderLineView {
            sku_id: r.sku_id,
            sku_code: r.code,
            product_name: r.product_name,
            size: r.size,
            color: r.color,
            qty: r.qty,
            unit_price: Money::from_fen(r.unit_price_fen),
            line_total: Money::from_fen(r.line_total_fen),
        })
        .collect())
}

/// Lines as (sku, qty) inside a transaction, for shipping.
pub async fn line_quantities(conn: &mut AnyConnection, order_id: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT sku_id, qty FROM order_lines WHERE order_id = $1 ORDER BY sku_id")
        .bind(order_id)
        .fetch_all(conn)
        .await
}

pub async fn events(db: &Db, order_id: i64) -> Result<Vec<OrderEventView>, sqlx::Error> {
    let rows: Vec<(Option<String>, String, String, i64)> = sqlx::query_as(
        "SELECT e.from_status, e.to_status, u.display_name, e.at FROM order_events e JOIN users u ON u.id = e.user_id \
         WHERE e.order_id = $1 ORDER BY e.at, e.id",
    )
    .bind(order_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(from, to, user_name, at)| {
            Some(OrderEventView {
                from_status: from.as_deref().and_then(OrderStatus::parse),
                to_status: OrderStatus::parse(&to)?,
                user_name,
                at,
            })
        })
        .collect())
}

/// Unit prices (fen) of the given SKUs.
pub async fn sku_prices(conn: &mut AnyConnection, sku_ids: &[i64]) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let list: Vec<String> = sku_ids.iter().map(i64::to_string).collect();
    let sql = format!("SELECT id, price_fen FROM skus WHERE id IN ({})", list.join(", "));
    sqlx::query_as(&sql).fetch_all(conn).await
}

pub struct OrderHead<'a> {
    pub agent_id: i64,
    pub customer_id: i64,
    pub recipient_name: &'a str,
    pub mobile: &'a str,
    pub address: &'a str,
    pub channel: Channel,
    pub status: OrderStatus,
    pub total_fen: i64,
    pub created_by: i64,
    pub at: i64,
}

/// Insert an order head; returns its id. The order number is set right after, from the id.
pub async fn insert(conn: &mut AnyConnection, h: &OrderHead<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO orders (agent_id, customer_id, recipient_name, mobile, address, channel, status, total_fen, \
         created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    )
    .bind(h.agent_id)
    .bind(h.customer_id)
    .bind(h.recipient_name)
    .bind(h.mobile)
    .bind(h.address)
    .bind(h.channel.code())
    .bind(h.status.code())
    .bind(h.total_fen)
    .bind(h.created_by)
    .bind(h.at)
    .fetch_one(conn)
    .await
}

pub async fn set_order_no(conn: &mut AnyConnection, id: i64, order_no: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE orders SET order_no = $1 WHERE id = $2").bind(order_no).bind(id).execute(conn).await?;
    Ok(())
}

pub async fn insert_line(
    conn: &mut AnyConnection,
    order_id: i64,
    sku_id: i64,
    qty: i64,
    unit_price_fen: i64,
    line_total_fen: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO order_lines (order_id, sku_id, qty, unit_price_fen, line_total_fen) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(order_id)
    .bind(sku_id)
    .bind(qty)
    .bind(unit_price_fen)
    .bind(line_total_fen)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn insert_event(
    conn: &mut AnyConnection,
    order_id: i64,
    from: Option<OrderStatus>,
    to: OrderStatus,
    user_id: i64,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO order_events (order_id, from_status, to_status, user_id, at) VALUES ($1, $2, $3, $4, $5)")
        .bind(order_id)
        .bind(from.map(OrderStatus::code))
        .bind(to.code())
        .bind(user_id)
        .bind(at)
        .execute(conn)
        .await?;
    Ok(())
}

/// Move an order from `from` to `to`; 0 rows means someone else changed it first.
pub async fn set_status(
    conn: &mut AnyConnection,
    id: i64,
    from: OrderStatus,
    to: OrderStatus,
    at: i64,
) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE orders SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4")
        .bind(to.code())
        .bind(at)
        .bind(id)
        .bind(from.code())
        .execute(conn)
        .await?;
    Ok(r.rows_affected())
}
