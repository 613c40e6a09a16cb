//! Every SQL statement of the orders area (ssr only). Private to the area: other areas go
//! through `orders::service`. By-id functions take an `Owned<OrderId>` proof.

use super::{Channel, OrderEventView, OrderFilter, OrderId, OrderLineView, OrderStatus, OrderSummary};
use crate::auth::{Owned, Scope};
use crate::money::Money;
use crate::page::Count;
use crate::sql::Sql;
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
    payment_check: i64,
}

impl SummaryRow {
    fn into_summary(self) -> OrderSummary {
        OrderSummary {
            id: OrderId(self.id),
            order_no: self.order_no.unwrap_or_default(),
            agent_name: self.agent_name,
            recipient_name: self.recipient_name,
            mobile: self.mobile,
            channel: Channel::parse(&self.channel).unwrap_or(Channel::Manual),
            status: OrderStatus::parse(&self.status).unwrap_or(OrderStatus::PendingPayment),
            total: Money::from_fen(self.total_fen),
            created_at: self.created_at,
            payment_check: self.payment_check == 1,
        }
    }
}

const SUMMARY_COLUMNS: &str = "o.id, o.order_no, u.display_name AS agent_name, o.recipient_name, o.mobile, \
     o.channel, o.status, o.total_fen, o.created_at, o.payment_check";

/// `WHERE …` of a list filter, always restricted to `scope`.
fn filter_where(q: &mut Sql, scope: &Scope, filter: &OrderFilter) {
    q.push(" WHERE ").scope("o.agent_id", scope);
    if let Some(s) = filter.status {
        q.push(" AND o.status = ").text(s.code());
    }
    if filter.payment_check {
        q.push(" AND o.payment_check = 1");
    }
    drill_where(q, &filter.drill);
    let text = filter.q.trim();
    if !text.is_empty() {
        q.push(" AND (o.mobile = ").text(text).push(" OR o.order_no = ").text(text).push(" OR o.recipient_name = ").text(text);
        q.push(" OR o.tracking_no = ").text(text.to_ascii_uppercase()).push(")");
    }
}

/// A dashboard drill-down's conditions (see `Drill`); dates that do not parse match nothing.
fn drill_where(q: &mut Sql, d: &super::Drill) {
    use crate::time::{day_of_date, day_start_ms, DAY_MS, OFFSET_MS};
    if d.sold {
        sold(q);
    }
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().map(day_of_date);
    if !d.from.is_empty() {
        q.push(" AND o.created_at >= ").int(day(d.from.as_str()).map_or(i64::MAX, day_start_ms));
    }
    if !d.to.is_empty() {
        q.push(" AND o.created_at < ").int(day(d.to.as_str()).map_or(i64::MIN, |t| day_start_ms(t + 1)));
    }
    if let Some(a) = d.agent {
        q.push(" AND o.agent_id = ").int(a);
    }
    if let Some(c) = d.channel {
        q.push(" AND o.channel = ").text(c.code());
    }
    if !d.category.trim().is_empty() {
        q.push(" AND EXISTS (SELECT 1 FROM order_lines dl JOIN skus ds ON ds.id = dl.sku_id JOIN products dp ON dp.id = ds.product_id WHERE dl.order_id = o.id AND dp.category = ");
        q.text(d.category.trim()).push(")");
    }
    if let Some(w) = d.weekday {
        q.push(&format!(" AND (((o.created_at + {OFFSET_MS}) / {DAY_MS}) + 3) % 7 = ")).int(w);
    }
    if let Some(h) = d.hour {
        q.push(&format!(" AND ((o.created_at + {OFFSET_MS}) % {DAY_MS}) / 3600000 = ")).int(h);
    }
}

/// One page of orders in `scope` (newest first, by key) and the capped number of matches.
pub(super) async fn list(db: &Db, scope: &Scope, filter: &OrderFilter) -> Result<(Vec<OrderSummary>, Count), sqlx::Error> {
    let mut q = Sql::new(&format!("SELECT {SUMMARY_COLUMNS} FROM orders o JOIN users u ON u.id = o.agent_id"));
    filter_where(&mut q, scope, filter);
    // A search matches one buyer's orders at most: gather them through the mobile, number,
    // name and tracking indexes and sort those, rather than walk the newest-first index until
    // 21 match — PostgreSQL chose that walk for a frequent buyer (153k rows read, 370 ms at 1M
    // orders; 12 ms this way). `+ 0` keeps the sort off that index on both databases.
    let (key, id) = if filter.q.trim().is_empty() { ("o.created_at", "o.id") } else { ("(o.created_at + 0)", "(o.id + 0)") };
    q.seek("o.created_at", "o.id", filter.seek).order_page(key, id, filter.seek);
    let rows: Vec<SummaryRow> = q.query_as().fetch_all(&db.pool).await?;
    let mut c = Sql::new("SELECT 1 FROM orders o");
    filter_where(&mut c, scope, filter);
    let n: i64 = c.capped_count().query_scalar().fetch_one(&db.pool).await?;
    Ok((rows.into_iter().map(SummaryRow::into_summary).collect(), Count::from_capped(n)))
}

/// The owning agent and status of an order, whoever asks (the service vouches for scope).
pub(super) async fn owner_and_status(conn: &mut AnyConnection, id: OrderId) -> Result<Option<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT agent_id, status FROM orders WHERE id = $1").bind(id.0).fetch_optional(conn).await
}

#[derive(FromRow)]
struct HeadRow {
    #[sqlx(flatten)]
    summary: SummaryRow,
    address: String,
    discount_fen: i64,
}

/// An order's head: summary, address and coupon discount.
pub(super) async fn head(db: &Db, order: &Owned<OrderId>) -> Result<(OrderSummary, String, i64), sqlx::Error> {
    let sql = format!("SELECT {SUMMARY_COLUMNS}, o.address, o.discount_fen FROM orders o JOIN users u ON u.id = o.agent_id WHERE o.id = $1");
    let row: HeadRow = sqlx::query_as(&sql).bind(order.id().0).fetch_one(&db.pool).await?;
    Ok((row.summary.into_summary(), row.address, row.discount_fen))
}

/// An order's summary, address and lines through the caller's connection (inside a transaction).
pub(super) async fn view_in(conn: &mut AnyConnection, order: &Owned<OrderId>) -> Result<(OrderSummary, String, i64, Vec<OrderLineView>), sqlx::Error> {
    let sql = format!("SELECT {SUMMARY_COLUMNS}, o.address, o.discount_fen FROM orders o JOIN users u ON u.id = o.agent_id WHERE o.id = $1");
    let row: HeadRow = sqlx::query_as(&sql).bind(order.id().0).fetch_one(&mut *conn).await?;
    let lines: Vec<LineRow> = sqlx::query_as(LINES_SQL).bind(order.id().0).fetch_all(conn).await?;
    Ok((row.summary.into_summary(), row.address, row.discount_fen, lines.into_iter().map(LineRow::into_view).collect()))
}

const LINES_SQL: &str = "SELECT l.sku_id, s.code, p.name AS product_name, s.size, s.color, l.qty, l.unit_price_fen, l.line_total_fen \
     FROM order_lines l JOIN skus s ON s.id = l.sku_id JOIN products p ON p.id = s.product_id WHERE l.order_id = $1 ORDER BY l.id";

impl LineRow {
    fn into_view(self) -> OrderLineView {
        OrderLineView {
            sku_id: self.sku_id,
            sku_code: self.code,
            product_name: self.product_name,
            size: self.size,
            color: self.color,
            qty: self.qty,
            unit_price: Money::from_fen(self.unit_price_fen),
            line_total: Money::from_fen(self.line_total_fen),
        }
    }
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

pub(super) async fn lines(db: &Db, order: &Owned<OrderId>) -> Result<Vec<OrderLineView>, sqlx::Error> {
    let rows: Vec<LineRow> = sqlx::query_as(
        "SELECT l.sku_id, s.code, p.name AS product_name, s.size, s.color, l.qty, l.unit_price_fen, l.line_total_fen \
         FROM order_lines l JOIN skus s ON s.id = l.sku_id JOIN products p ON p.id = s.product_id \
         WHERE l.order_id = $1 ORDER BY l.id",
    )
    .bind(order.id().0)
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
pub(super) async fn line_quantities(conn: &mut AnyConnection, order: &Owned<OrderId>) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT sku_id, qty FROM order_lines WHERE order_id = $1 ORDER BY sku_id")
        .bind(order.id().0)
        .fetch_all(conn)
        .await
}

pub(super) async fn events(db: &Db, order: &Owned<OrderId>) -> Result<Vec<OrderEventView>, sqlx::Error> {
    let rows: Vec<(Option<String>, String, Option<String>, String, i64)> = sqlx::query_as(
        "SELECT e.from_status, e.to_status, u.display_name, e.note, e.at FROM order_events e \
         LEFT JOIN users u ON u.id = e.user_id WHERE e.order_id = $1 ORDER BY e.at, e.id",
    )
    .bind(order.id().0)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(from, to, user_name, note, at)| {
            Some(OrderEventView {
                from_status: from.as_deref().and_then(OrderStatus::parse),
                to_status: OrderStatus::parse(&to)?,
                user_name: user_name.unwrap_or_default(),
                note,
                at,
            })
        })
        .collect())
}

pub(super) struct OrderHead<'a> {
    pub agent_id: i64,
    pub customer_id: i64,
    pub recipient_name: &'a str,
    pub mobile: &'a str,
    pub address: &'a str,
    pub channel: Channel,
    pub total_fen: i64,
    pub warehouse_id: i64,
    pub created_by: Option<i64>,
    pub at: i64,
    /// The courier routing chose, and why (zh, en).
    pub courier: (&'a str, &'a str, &'a str),
}

/// Insert an order head in 待付款; returns its id. The order number is set right after, from the id.
pub(super) async fn insert(conn: &mut AnyConnection, h: &OrderHead<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO orders (agent_id, customer_id, recipient_name, mobile, address, channel, status, total_fen, \
         created_by, created_at, updated_at, warehouse_id, courier_code, courier_reason_zh, courier_reason_en) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(h.agent_id)
    .bind(h.customer_id)
    .bind(h.recipient_name)
    .bind(h.mobile)
    .bind(h.address)
    .bind(h.channel.code())
    .bind(OrderStatus::PendingPayment.code())
    .bind(h.total_fen)
    .bind(h.created_by)
    .bind(h.at)
    .bind(h.warehouse_id)
    .bind(h.courier.0)
    .bind(h.courier.1)
    .bind(h.courier.2)
    .fetch_one(conn)
    .await
}

/// The warehouse an order ships from, and its name.
pub(super) async fn warehouse_of(conn: &mut AnyConnection, order: &Owned<OrderId>) -> Result<(i64, String), sqlx::Error> {
    sqlx::query_as("SELECT w.id, w.name FROM orders o JOIN warehouses w ON w.id = o.warehouse_id WHERE o.id = $1")
        .bind(order.id().0)
        .fetch_one(conn)
        .await
}

/// Ship an order from another warehouse (before shipping; guarded by its status).
pub(super) async fn set_warehouse(conn: &mut AnyConnection, order: &Owned<OrderId>, from: OrderStatus, wh: i64, at: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE orders SET warehouse_id = $1, updated_at = $2 WHERE id = $3 AND status = $4")
        .bind(wh)
        .bind(at)
        .bind(order.id().0)
        .bind(from.code())
        .execute(conn)
        .await?;
    Ok(r.rows_affected())
}

pub(super) async fn set_numbers(conn: &mut AnyConnection, id: i64, order_no: &str, external_no: Option<&str>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE orders SET order_no = $1, external_no = $2 WHERE id = $3").bind(order_no).bind(external_no).bind(id).execute(conn).await?;
    Ok(())
}

/// (id, order no.) of the order of `channel` with this external number.
pub(super) async fn by_external(conn: &mut AnyConnection, channel: Channel, external_no: &str) -> Result<Option<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, COALESCE(order_no, '') FROM orders WHERE channel = $1 AND external_no = $2")
        .bind(channel.code())
        .bind(external_no)
        .fetch_optional(conn)
        .await
}

/// The order (id, number) an offline submission of this user with this key made.
pub(super) async fn offline_key(conn: &mut AnyConnection, user_id: i64, key: &str) -> Result<Option<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.id, COALESCE(o.order_no, '') FROM offline_submissions s JOIN orders o ON o.id = s.order_id \
         WHERE s.user_id = $1 AND s.idem_key = $2",
    )
    .bind(user_id)
    .bind(key)
    .fetch_optional(conn)
    .await
}

/// Record that this user's key made this order. 0 rows when the key is taken (a concurrent
/// submission of the same key committed first; on PostgreSQL this waits for it).
pub(super) async fn insert_offline_key(conn: &mut AnyConnection, user_id: i64, key: &str, order_id: i64, at: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query(
        "INSERT INTO offline_submissions (user_id, idem_key, order_id, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id, idem_key) DO NOTHING",
    )
    .bind(user_id)
    .bind(key)
    .bind(order_id)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(r.rows_affected())
}

/// (external no., id, order no.) of the orders of `channel` among these external numbers.
pub(super) async fn known_numbers(conn: &mut AnyConnection, channel: Channel, numbers: &[String]) -> Result<Vec<(String, i64, String)>, sqlx::Error> {
    if numbers.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new("SELECT external_no, id, COALESCE(order_no, '') FROM orders WHERE channel = ");
    q.text(channel.code()).push(" AND external_no IN (");
    for (i, n) in numbers.iter().enumerate() {
        q.push(if i == 0 { "" } else { ", " }).text(n);
    }
    q.push(")");
    q.query_as().fetch_all(conn).await
}

/// Rows per multi-row statement of a batch (imports): at most a thousand or so parameters.
const BATCH_ROWS: usize = 100;

/// Insert many order heads (an import), each with its status and external number, in
/// multi-row statements; returns (id, external no.) of each (in no particular order).
pub(super) async fn insert_many(conn: &mut AnyConnection, positional: bool, heads: &[(OrderHead<'_>, OrderStatus, &str)]) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let mut out = Vec::with_capacity(heads.len());
    for chunk in heads.chunks(BATCH_ROWS) {
        let mut q = Sql::new(
            "INSERT INTO orders (agent_id, customer_id, recipient_name, mobile, address, channel, status, total_fen, \
             created_by, created_at, updated_at, warehouse_id, external_no, courier_code, courier_reason_zh, courier_reason_en) VALUES ",
        )
        .positional(positional);
        for (i, (h, status, external_no)) in chunk.iter().enumerate() {
            q.push(if i == 0 { "(" } else { ", (" });
            q.int(h.agent_id).push(", ").int(h.customer_id).push(", ").text(h.recipient_name).push(", ").text(h.mobile).push(", ");
            q.text(h.address).push(", ").text(h.channel.code()).push(", ").text(status.code()).push(", ").int(h.total_fen).push(", ");
            q.opt_int(h.created_by).push(", ").int(h.at).push(", ").int(h.at).push(", ").int(h.warehouse_id).push(", ").text(*external_no);
            q.push(", ").text(h.courier.0).push(", ").text(h.courier.1).push(", ").text(h.courier.2).push(")");
        }
        q.push(" RETURNING id, external_no");
        out.extend(q.query_as::<(i64, String)>().fetch_all(&mut *conn).await?);
    }
    Ok(out)
}

/// Set the order numbers of many orders: (id, order no.).
pub(super) async fn set_order_nos(conn: &mut AnyConnection, positional: bool, numbers: &[(i64, String)]) -> Result<(), sqlx::Error> {
    for chunk in numbers.chunks(BATCH_ROWS * 4) {
        let mut q = Sql::new("UPDATE orders SET order_no = v.column2 FROM (VALUES ").positional(positional);
        for (i, (id, no)) in chunk.iter().enumerate() {
            q.push(if i == 0 { "(" } else { ", (" });
            q.int(*id).push(", ").text(no.as_str()).push(")");
        }
        q.push(") AS v WHERE orders.id = v.column1");
        q.query().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Insert the lines of many orders: (order id, line).
pub(super) async fn insert_lines(conn: &mut AnyConnection, positional: bool, lines: &[(i64, &super::logic::PricedLine)]) -> Result<(), sqlx::Error> {
    for chunk in lines.chunks(BATCH_ROWS * 2) {
        let mut q = Sql::new("INSERT INTO order_lines (order_id, sku_id, qty, unit_price_fen, line_total_fen) VALUES ").positional(positional);
        for (i, (order_id, l)) in chunk.iter().enumerate() {
            q.push(if i == 0 { "(" } else { ", (" });
            q.int(*order_id).push(", ").int(l.sku_id).push(", ").int(l.qty).push(", ").int(l.unit_price.to_fen()).push(", ").int(l.line_total.to_fen()).push(")");
        }
        q.query().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Insert many history entries (an import), positional placeholders on SQLite.
pub(super) async fn insert_events_bulk(conn: &mut AnyConnection, positional: bool, events: &[Event<'_>]) -> Result<(), sqlx::Error> {
    for chunk in events.chunks(BATCH_ROWS * 2) {
        let mut q = Sql::new("INSERT INTO order_events (order_id, from_status, to_status, user_id, note, at) VALUES ").positional(positional);
        for (i, e) in chunk.iter().enumerate() {
            q.push(if i == 0 { "(" } else { ", (" });
            q.int(e.order_id).push(", ").opt_text(e.from.map(OrderStatus::code)).push(", ").text(e.to.code()).push(", ");
            q.opt_int(e.user_id).push(", ").text(e.note).push(", ").int(e.at).push(")");
        }
        q.query().execute(&mut *conn).await?;
    }
    Ok(())
}

/// (external no., id) of the orders of `channel` among these external numbers.
pub(super) async fn known_external(conn: &mut AnyConnection, channel: Channel, numbers: &[String]) -> Result<Vec<(String, i64)>, sqlx::Error> {
    if numbers.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new("SELECT external_no, id FROM orders WHERE channel = ");
    q.text(channel.code()).push(" AND external_no IN (");
    for (i, n) in numbers.iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.text(n);
    }
    q.push(")");
    q.query_as().fetch_all(conn).await
}

/// A coupon's discount: the customer pays the lines less the discount.
pub(super) async fn set_discount(conn: &mut AnyConnection, id: i64, discount_fen: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE orders SET discount_fen = $1, total_fen = total_fen - $1 WHERE id = $2").bind(discount_fen).bind(id).execute(conn).await?;
    Ok(())
}

pub(super) async fn insert_line(conn: &mut AnyConnection, order_id: i64, l: &super::logic::PricedLine) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO order_lines (order_id, sku_id, qty, unit_price_fen, line_total_fen) VALUES ($1, $2, $3, $4, $5)")
        .bind(order_id)
        .bind(l.sku_id)
        .bind(l.qty)
        .bind(l.unit_price.to_fen())
        .bind(l.line_total.to_fen())
        .execute(conn)
        .await?;
    Ok(())
}

pub(super) struct Event<'a> {
    pub order_id: i64,
    pub from: Option<OrderStatus>,
    pub to: OrderStatus,
    pub user_id: Option<i64>,
    pub note: &'a str,
    pub at: i64,
}

pub(super) async fn insert_event(conn: &mut AnyConnection, e: &Event<'_>) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO order_events (order_id, from_status, to_status, user_id, note, at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(e.order_id)
        .bind(e.from.map(OrderStatus::code))
        .bind(e.to.code())
        .bind(e.user_id)
        .bind(e.note)
        .bind(e.at)
        .execute(conn)
        .await?;
    Ok(())
}

/// Move an order from `from` to `to`; 0 rows means someone else changed it first.
/// `payment_check` marks a payment an agent confirmed, for finance to check.
pub(super) async fn set_status(
    conn: &mut AnyConnection,
    order: &Owned<OrderId>,
    from: OrderStatus,
    to: OrderStatus,
    payment_check: bool,
    at: i64,
) -> Result<u64, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE orders SET status = $1, updated_at = $2, payment_check = CASE WHEN $3 = 1 THEN 1 ELSE payment_check END \
         WHERE id = $4 AND status = $5",
    )
    .bind(to.code())
    .bind(at)
    .bind(i64::from(payment_check))
    .bind(order.id().0)
    .bind(from.code())
    .execute(conn)
    .await?;
    Ok(r.rows_affected())
}

/// Of the given orders, those still awaiting payment or a payment check, with their owners
/// (for a scope check per order).
pub(super) async fn owners_to_settle(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let mut q = Sql::new("SELECT id, agent_id FROM orders WHERE (status = ");
    q.text(OrderStatus::PendingPayment.code()).push(" OR payment_check = 1) AND id IN (");
    q.ints(ids).push(")");
    q.query_as().fetch_all(conn).await
}

/// Move the given orders from `from` to `to` where they still are in `from`; returns those moved.
pub(super) async fn set_status_many(conn: &mut AnyConnection, ids: &[i64], from: OrderStatus, to: OrderStatus, at: i64) -> Result<Vec<i64>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new("UPDATE orders SET status = ");
    q.text(to.code()).push(", updated_at = ").int(at).push(" WHERE status = ").text(from.code()).push(" AND id IN (");
    q.ints(ids).push(") RETURNING id");
    let mut moved: Vec<i64> = q.query_scalar().fetch_all(conn).await?;
    moved.sort_unstable();
    Ok(moved)
}

/// Several status events in one statement.
pub(super) async fn insert_events(conn: &mut AnyConnection, events: &[Event<'_>]) -> Result<(), sqlx::Error> {
    for chunk in events.chunks(200) {
        let mut q = Sql::new("INSERT INTO order_events (order_id, from_status, to_status, user_id, note, at) VALUES ");
        for (i, e) in chunk.iter().enumerate() {
            q.push(if i == 0 { "(" } else { ", (" });
            q.int(e.order_id).push(", ").opt_text(e.from.map(OrderStatus::code)).push(", ").text(e.to.code()).push(", ");
            q.opt_int(e.user_id).push(", ").text(e.note).push(", ").int(e.at).push(")");
        }
        q.query().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Clear the "payment to check" mark of the given orders; returns those that had it.
pub(super) async fn clear_payment_checks(conn: &mut AnyConnection, ids: &[i64], at: i64) -> Result<Vec<i64>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new("UPDATE orders SET payment_check = 0, updated_at = ");
    q.int(at).push(" WHERE payment_check = 1 AND id IN (");
    q.ints(ids).push(") RETURNING id");
    let mut ids: Vec<i64> = q.query_scalar().fetch_all(conn).await?;
    ids.sort_unstable();
    Ok(ids)
}

/// Mark an order's payment for finance to check again.
pub(super) async fn mark_payment_check(conn: &mut AnyConnection, order: &Owned<OrderId>, at: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE orders SET payment_check = 1, updated_at = $1 WHERE id = $2 AND payment_check = 0")
        .bind(at)
        .bind(order.id().0)
        .execute(conn)
        .await?;
    Ok(r.rows_affected())
}

/// Finance has checked an agent-confirmed payment.
pub(super) async fn clear_payment_check(conn: &mut AnyConnection, order: &Owned<OrderId>, at: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE orders SET payment_check = 0, updated_at = $1 WHERE id = $2 AND payment_check = 1")
        .bind(at)
        .bind(order.id().0)
        .execute(conn)
        .await?;
    Ok(r.rows_affected())
}

/// Move every order of one agent to another (a member leaves). Returns how many moved.
pub(super) async fn reassign(conn: &mut AnyConnection, from: i64, to: i64, at: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE orders SET agent_id = $1, updated_at = $2 WHERE agent_id = $3")
        .bind(to)
        .bind(at)
        .bind(from)
        .execute(conn)
        .await?;
    Ok(r.rows_affected())
}

pub(super) async fn move_customer(conn: &mut AnyConnection, from: i64, into: i64, at: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE orders SET customer_id = $1, updated_at = $2 WHERE customer_id = $3").bind(into).bind(at).bind(from).execute(conn).await?;
    Ok(r.rows_affected())
}

pub(super) async fn set_agent(conn: &mut AnyConnection, id: i64, agent_id: i64, at: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE orders SET agent_id = $1, updated_at = $2 WHERE id = $3").bind(agent_id).bind(at).bind(id).execute(conn).await?;
    Ok(r.rows_affected())
}

pub(super) async fn erase_recipient(conn: &mut AnyConnection, customer_id: i64, name: &str, mobile: &str, address: &str, at: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE orders SET recipient_name = $1, mobile = $2, address = $3, updated_at = $4 WHERE customer_id = $5")
        .bind(name)
        .bind(mobile)
        .bind(address)
        .bind(at)
        .bind(customer_id)
        .execute(conn)
        .await?;
    Ok(r.rows_affected())
}

pub(super) async fn save_search(db: &Db, token: &str, user_id: i64, q: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO order_searches (token, user_id, q, created_at) VALUES ($1, $2, $3, $4)")
        .bind(token)
        .bind(user_id)
        .bind(q)
        .bind(now)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The text of a saved search of this user.
pub(super) async fn saved_search(db: &Db, user_id: i64, token: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT q FROM order_searches WHERE token = $1 AND user_id = $2")
        .bind(token)
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await
}

pub(super) async fn purge_searches(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("DELETE FROM order_searches WHERE created_at < $1").bind(before).execute(&db.pool).await?;
    Ok(r.rows_affected())
}

/// Orders whose total differs from the sum of their lines less their coupon discount (or that
/// have no lines). Must be empty.
pub(super) async fn total_mismatches(db: &Db) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT o.id FROM orders o LEFT JOIN (SELECT order_id, SUM(line_total_fen) AS s FROM order_lines GROUP BY order_id) l \
         ON l.order_id = o.id WHERE COALESCE(l.s, 0) - o.discount_fen <> o.total_fen OR (l.s IS NULL AND o.status <> 'cancelled') \
         ORDER BY o.id LIMIT 1000",
    )
    .fetch_all(&db.pool)
    .await
}

/// Orders with a shipment, completion or cancellation between `$1` and `$2` (the commission
/// month's window), as a subquery.
const SOLD_IN_WINDOW: &str =
    "SELECT order_id FROM order_events WHERE to_status IN ('shipped', 'completed', 'cancelled') AND at >= $1 AND at <= $2";

/// An order of the window with the first time it was shipped, completed and cancelled.
#[derive(FromRow)]
pub(super) struct FigureHead {
    pub id: i64,
    pub agent_id: i64,
    pub created_at: i64,
    /// Taken off by the coupon the order redeemed (customers area).
    pub discount_fen: i64,
    pub shipped_at: Option<i64>,
    pub completed_at: Option<i64>,
    pub cancelled_at: Option<i64>,
}

/// Heads (with their commission-relevant status times) and goods lines `(order, sku, qty, unit
/// price, line total)` of the orders shipped, completed or cancelled in a window, by order id,
/// and every SKU's product and category. Integers only, one row per order or line: month end
/// reads a month of a large team with these.
pub(super) async fn figures_in_window(
    conn: &mut AnyConnection,
    from_ms: i64,
    to_ms: i64,
) -> Result<(Vec<FigureHead>, Vec<(i64, i64, i64, i64, i64)>, Vec<(i64, i64, String)>), sqlx::Error> {
    let heads: Vec<FigureHead> = sqlx::query_as(&format!(
        "SELECT o.id, o.agent_id, o.created_at, o.discount_fen, \
                MIN(CASE WHEN e.to_status = 'shipped' THEN e.at END) AS shipped_at, \
                MIN(CASE WHEN e.to_status = 'completed' THEN e.at END) AS completed_at, \
                MIN(CASE WHEN e.to_status = 'cancelled' THEN e.at END) AS cancelled_at \
         FROM orders o JOIN order_events e ON e.order_id = o.id \
         WHERE o.id IN ({SOLD_IN_WINDOW}) AND e.to_status IN ('shipped', 'completed', 'cancelled') \
         GROUP BY o.id, o.agent_id, o.created_at, o.discount_fen ORDER BY o.id"
    ))
    .bind(from_ms)
    .bind(to_ms)
    .fetch_all(&mut *conn)
    .await?;
    let lines: Vec<(i64, i64, i64, i64, i64)> = sqlx::query_as(&format!(
        "SELECT order_id, sku_id, qty, unit_price_fen, line_total_fen FROM order_lines \
         WHERE order_id IN ({SOLD_IN_WINDOW}) ORDER BY order_id, id"
    ))
    .bind(from_ms)
    .bind(to_ms)
    .fetch_all(&mut *conn)
    .await?;
    let skus = sku_categories(conn).await?;
    Ok((heads, lines, skus))
}

/// Every SKU's (id, product, category).
pub(super) async fn sku_categories(conn: &mut AnyConnection) -> Result<Vec<(i64, i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT s.id, s.product_id, p.category FROM skus s JOIN products p ON p.id = s.product_id").fetch_all(conn).await
}

/// Heads and goods lines as [`figures_in_window`] gives them, of the given orders (those with a
/// shipment, completion or cancellation; others are left out), by order id. Commissions read
/// with this the orders refunded in a month without another event in it.
pub(super) async fn figures_of_orders(conn: &mut AnyConnection, ids: &[i64]) -> Result<(Vec<FigureHead>, Vec<(i64, i64, i64, i64, i64)>), sqlx::Error> {
    let (mut heads, mut lines) = (Vec::new(), Vec::new());
    for chunk in ids.chunks(400) {
        let mut q = Sql::new(
            "SELECT o.id, o.agent_id, o.created_at, o.discount_fen, \
                    MIN(CASE WHEN e.to_status = 'shipped' THEN e.at END) AS shipped_at, \
                    MIN(CASE WHEN e.to_status = 'completed' THEN e.at END) AS completed_at, \
                    MIN(CASE WHEN e.to_status = 'cancelled' THEN e.at END) AS cancelled_at \
             FROM orders o JOIN order_events e ON e.order_id = o.id \
             WHERE e.to_status IN ('shipped', 'completed', 'cancelled') AND o.id IN (",
        );
        q.ints(chunk).push(") GROUP BY o.id, o.agent_id, o.created_at, o.discount_fen");
        heads.extend(q.query_as::<FigureHead>().fetch_all(&mut *conn).await?);
        let mut q = Sql::new("SELECT order_id, sku_id, qty, unit_price_fen, line_total_fen FROM order_lines WHERE order_id IN (");
        q.ints(chunk).push(") ORDER BY order_id, id");
        lines.extend(q.query_as::<(i64, i64, i64, i64, i64)>().fetch_all(&mut *conn).await?);
    }
    heads.sort_by_key(|h| h.id);
    // Stable: the lines of an order keep their id order.
    lines.sort_by_key(|l| l.0);
    Ok((heads, lines))
}

/// Order numbers by id (for lists that name orders of several agents).
pub(super) async fn order_numbers(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<(i64, Option<String>)>, sqlx::Error> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let mut q = Sql::new("SELECT id, order_no FROM orders WHERE id IN (");
        q.ints(chunk).push(")");
        out.extend(q.query_as::<(i64, Option<String>)>().fetch_all(&mut *conn).await?);
    }
    Ok(out)
}

/// What the order adds to the reporting aggregates when it counts as a sale.
pub(super) async fn sale_facts(conn: &mut AnyConnection, order: &Owned<OrderId>) -> Result<crate::dashboard::logic::SaleFacts, sqlx::Error> {
    let (created_at, agent_id, customer_id, channel, total_fen): (i64, i64, i64, String, i64) =
        sqlx::query_as("SELECT created_at, agent_id, customer_id, channel, total_fen FROM orders WHERE id = $1").bind(order.id().0).fetch_one(&mut *conn).await?;
    let lines: Vec<(i64, String, i64, i64)> = sqlx::query_as(
        "SELECT l.sku_id, p.category, l.qty, l.line_total_fen FROM order_lines l \
         JOIN skus s ON s.id = l.sku_id JOIN products p ON p.id = s.product_id WHERE l.order_id = $1",
    )
    .bind(order.id().0)
    .fetch_all(conn)
    .await?;
    let lines = lines
        .into_iter()
        .map(|(sku_id, category, qty, sales_fen)| crate::dashboard::logic::SaleLine { sku_id, category, qty, sales_fen })
        .collect();
    let (day, hour) = (crate::time::day_of(created_at), crate::time::hour_of(created_at));
    Ok(crate::dashboard::logic::SaleFacts { day, hour, agent_id, customer_id, channel, total_fen, lines })
}

/// `AND o.status IN (…)` of the statuses that count as a sale.
fn sold(q: &mut Sql) {
    q.push(" AND o.status IN (");
    for (i, s) in OrderStatus::SOLD.iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.text(s.code());
    }
    q.push(")");
}

/// (id, order_no, customer_id, recipient, mobile, total_fen, created_at) of the sold orders
/// in scope of the customers whose orders carry `text` as mobile or order number, newest first.
pub(super) async fn sold_orders_of_buyer(db: &Db, scope: &Scope, text: &str, limit: i64) -> Result<Vec<(i64, String, i64, String, String, i64, i64)>, sqlx::Error> {
    let mut q = Sql::new(
        "SELECT o.id, COALESCE(o.order_no, ''), o.customer_id, o.recipient_name, o.mobile, o.total_fen, o.created_at FROM orders o \
         WHERE o.customer_id IN (SELECT customer_id FROM orders WHERE mobile = ",
    );
    q.text(text).push(" OR order_no = ").text(text).push(")");
    sold(&mut q);
    q.push(" AND ").scope("o.agent_id", scope);
    q.push(" ORDER BY o.created_at DESC, o.id DESC LIMIT ").int(limit);
    q.query_as().fetch_all(&db.pool).await
}

/// (order_no, customer_id, status, total_fen) of an order, inside a transaction.
pub(super) async fn invoice_head(conn: &mut AnyConnection, order: &Owned<OrderId>) -> Result<(String, i64, String, i64), sqlx::Error> {
    sqlx::query_as("SELECT COALESCE(order_no, ''), customer_id, status, total_fen FROM orders WHERE id = $1")
        .bind(order.id().0)
        .fetch_one(conn)
        .await
}

/// (product id, product name, colour, size, qty, unit price, line total) of an order's lines.
pub(super) async fn invoice_lines(conn: &mut AnyConnection, order: &Owned<OrderId>) -> Result<Vec<(i64, String, String, String, i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, p.name, s.color, s.size, l.qty, l.unit_price_fen, l.line_total_fen \
         FROM order_lines l JOIN skus s ON s.id = l.sku_id JOIN products p ON p.id = s.product_id \
         WHERE l.order_id = $1 ORDER BY l.id",
    )
    .bind(order.id().0)
    .fetch_all(conn)
    .await
}

/// Sales (sold orders, fen including tax) per business day and product in [from, to), in scope.
pub(super) async fn sales_by_day_product(db: &Db, scope: &Scope, from_ms: i64, to_ms: i64) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    let day = crate::time::day_bucket_sql("o.created_at");
    let mut q = Sql::new(&format!(
        "SELECT {day} AS day, s.product_id, CAST(SUM(l.line_total_fen) AS BIGINT) AS fen \
         FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN skus s ON s.id = l.sku_id WHERE o.created_at >= "
    ));
    q.int(from_ms).push(" AND o.created_at < ").int(to_ms);
    sold(&mut q);
    q.push(" AND ").scope("o.agent_id", scope);
    q.push(&format!(" GROUP BY {day}, s.product_id"));
    q.query_as().fetch_all(&db.pool).await
}

// ---- fulfilment: courier, tracking, batch lists, the order log ----

/// (courier code, reason zh, reason en, tracking no., customer id) of an order.
pub(super) async fn courier_of(conn: &mut AnyConnection, order: &Owned<OrderId>) -> Result<(String, String, String, Option<String>, i64), sqlx::Error> {
    sqlx::query_as("SELECT courier_code, courier_reason_zh, courier_reason_en, tracking_no, customer_id FROM orders WHERE id = $1")
        .bind(order.id().0)
        .fetch_one(conn)
        .await
}

pub(super) async fn set_courier(conn: &mut AnyConnection, order: &Owned<OrderId>, code: &str, zh: &str, en: &str, at: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE orders SET courier_code = $1, courier_reason_zh = $2, courier_reason_en = $3, updated_at = $4 \
         WHERE id = $5 AND status IN ('pending_payment', 'to_ship')",
    )
    .bind(code)
    .bind(zh)
    .bind(en)
    .bind(at)
    .bind(order.id().0)
    .execute(conn)
    .await?;
    Ok(r.rows_affected())
}

/// (id, agent, status, tracking no.) of the order with this number, whoever asks.
pub(super) async fn by_order_no(conn: &mut AnyConnection, order_no: &str) -> Result<Option<(i64, i64, String, Option<String>)>, sqlx::Error> {
    sqlx::query_as("SELECT id, agent_id, status, tracking_no FROM orders WHERE order_no = $1").bind(order_no).fetch_optional(conn).await
}

/// The number of the order that already carries this tracking number, if any.
pub(super) async fn order_with_tracking(conn: &mut AnyConnection, tracking_no: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(order_no, '') FROM orders WHERE tracking_no = $1").bind(tracking_no).fetch_optional(conn).await
}

pub(super) async fn set_tracking(conn: &mut AnyConnection, order: &Owned<OrderId>, tracking_no: &str, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE orders SET tracking_no = $1, shipped_at = $2 WHERE id = $3").bind(tracking_no).bind(at).bind(order.id().0).execute(conn).await?;
    Ok(())
}

pub(super) struct LogEntry<'a> {
    pub order_id: i64,
    pub kind: &'a str,
    pub detail: &'a str,
    pub old_value: &'a str,
    pub user_id: Option<i64>,
    pub at: i64,
}

pub(super) async fn insert_log(conn: &mut AnyConnection, e: &LogEntry<'_>) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO order_log (order_id, kind, detail, old_value, user_id, at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(e.order_id)
        .bind(e.kind)
        .bind(e.detail)
        .bind(e.old_value)
        .bind(e.user_id)
        .bind(e.at)
        .execute(conn)
        .await?;
    Ok(())
}

/// (kind, detail, old value, user name, at) of an order's log, oldest first.
pub(super) async fn log(db: &Db, order: &Owned<OrderId>) -> Result<Vec<(String, String, String, Option<String>, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT g.kind, g.detail, g.old_value, u.display_name, g.at FROM order_log g LEFT JOIN users u ON u.id = g.user_id \
         WHERE g.order_id = $1 ORDER BY g.at, g.id",
    )
    .bind(order.id().0)
    .fetch_all(&db.pool)
    .await
}

#[derive(FromRow)]
pub(super) struct ToShipDbRow {
    pub id: i64,
    pub agent_id: i64,
    pub order_no: Option<String>,
    pub recipient_name: String,
    pub mobile: String,
    pub address: String,
    pub total_fen: i64,
    pub created_at: i64,
    pub courier_code: String,
    pub twin: Option<String>,
}

/// `WHERE` of the batch-shipping list: 待发货 in scope, optionally of one courier.
fn to_ship_where(q: &mut Sql, scope: &Scope, courier: Option<&str>) {
    q.push(" WHERE o.status = 'to_ship' AND ").scope("o.agent_id", scope);
    if let Some(c) = courier {
        q.push(" AND o.courier_code = ").text(c);
    }
}

/// One page of 待发货 orders (newest first) with the number of another open order of the
/// same agent to the same mobile, and the capped count.
pub(super) async fn to_ship(db: &Db, scope: &Scope, courier: Option<&str>, seek: crate::page::Seek) -> Result<(Vec<ToShipDbRow>, Count), sqlx::Error> {
    let mut q = Sql::new(
        "SELECT o.id, o.agent_id, o.order_no, o.recipient_name, o.mobile, o.address, o.total_fen, o.created_at, o.courier_code, \
         (SELECT MIN(t.order_no) FROM orders t WHERE t.agent_id = o.agent_id AND t.id <> o.id \
          AND t.status IN ('pending_payment', 'to_ship') AND t.mobile = o.mobile) AS twin FROM orders o",
    );
    to_ship_where(&mut q, scope, courier);
    q.seek("o.created_at", "o.id", seek).order_page("o.created_at", "o.id", seek);
    let rows: Vec<ToShipDbRow> = q.query_as().fetch_all(&db.pool).await?;
    let mut c = Sql::new("SELECT 1 FROM orders o");
    to_ship_where(&mut c, scope, courier);
    let n: i64 = c.capped_count().query_scalar().fetch_one(&db.pool).await?;
    Ok((rows, Count::from_capped(n)))
}

/// Ids of the orders a batch works on: the given ones in scope (any status but cancelled),
/// or every 待发货 one in scope (of a courier), oldest first, at most `limit`.
pub(super) async fn batch_ids(db: &Db, scope: &Scope, ids: Option<&[i64]>, courier: Option<&str>, limit: i64) -> Result<Vec<i64>, sqlx::Error> {
    let mut q = Sql::new("SELECT o.id FROM orders o");
    match ids {
        Some(ids) => {
            q.push(" WHERE o.status <> 'cancelled' AND ").scope("o.agent_id", scope);
            q.push(" AND o.id IN (").ints(ids).push(")");
        }
        None => to_ship_where(&mut q, scope, courier),
    }
    q.push(" ORDER BY o.created_at, o.id LIMIT ").int(limit);
    q.query_scalar().fetch_all(&db.pool).await
}

#[derive(FromRow)]
pub(super) struct BatchHeadRow {
    pub id: i64,
    pub order_no: Option<String>,
    pub courier_code: String,
    pub recipient_name: String,
    pub mobile: String,
    pub address: String,
}

/// Heads of the given orders (ids already resolved in scope), in id order.
pub(super) async fn batch_heads(db: &Db, ids: &[i64]) -> Result<Vec<BatchHeadRow>, sqlx::Error> {
    let mut q = Sql::new("SELECT id, order_no, courier_code, recipient_name, mobile, address FROM orders WHERE id IN (");
    q.ints(ids).push(") ORDER BY created_at, id");
    q.query_as().fetch_all(&db.pool).await
}

/// (order id, sku id, sku code, product name, colour, size, qty, weight g) of the given orders' lines.
pub(super) async fn batch_lines(db: &Db, ids: &[i64]) -> Result<Vec<(i64, i64, String, String, String, String, i64, i64)>, sqlx::Error> {
    let mut q = Sql::new(
        "SELECT l.order_id, l.sku_id, s.code, p.name, s.color, s.size, l.qty, s.weight_g FROM order_lines l \
         JOIN skus s ON s.id = l.sku_id JOIN products p ON p.id = s.product_id WHERE l.order_id IN (",
    );
    q.ints(ids).push(") ORDER BY l.order_id, l.id");
    q.query_as().fetch_all(&db.pool).await
}

/// Change an open order's address (guarded by its status); 0 rows if it moved on.
pub(super) async fn set_address(conn: &mut AnyConnection, order: &Owned<OrderId>, from: OrderStatus, address: &str, at: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE orders SET address = $1, updated_at = $2 WHERE id = $3 AND status = $4")
        .bind(address)
        .bind(at)
        .bind(order.id().0)
        .bind(from.code())
        .execute(conn)
        .await?;
    Ok(r.rows_affected())
}

pub(super) async fn address_of(conn: &mut AnyConnection, order: &Owned<OrderId>) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT address FROM orders WHERE id = $1").bind(order.id().0).fetch_one(conn).await
}

/// An open order as the duplicate prompt and the merge read it.
#[derive(FromRow, Clone, Debug)]
pub(super) struct OpenOrderRow {
    pub id: i64,
    pub order_no: Option<String>,
    pub agent_id: i64,
    pub recipient_name: String,
    pub mobile: String,
    pub address: String,
    pub status: String,
    pub total_fen: i64,
    pub discount_fen: i64,
    pub created_at: i64,
}

const OPEN_COLUMNS: &str = "SELECT o.id, o.order_no, o.agent_id, o.recipient_name, o.mobile, o.address, o.status, o.total_fen, o.discount_fen, \
     o.created_at FROM orders o";

/// The newest open orders (待付款, 待发货) in scope, at most `limit`.
pub(super) async fn open_orders(conn: &mut AnyConnection, scope: &Scope, limit: i64) -> Result<Vec<OpenOrderRow>, sqlx::Error> {
    let mut q = Sql::new(OPEN_COLUMNS);
    q.push(" WHERE o.status IN ('pending_payment', 'to_ship') AND ").scope("o.agent_id", scope);
    q.push(" ORDER BY o.created_at DESC, o.id DESC LIMIT ").int(limit);
    q.query_as().fetch_all(conn).await
}

/// One order (in scope, vouched for) as the merge reads it.
pub(super) async fn open_order(conn: &mut AnyConnection, order: &Owned<OrderId>) -> Result<OpenOrderRow, sqlx::Error> {
    let mut q = Sql::new(OPEN_COLUMNS);
    q.push(" WHERE o.id = ").int(order.id().0);
    q.query_as().fetch_one(conn).await
}

/// Move every line of order `from` to order `into`.
pub(super) async fn move_lines(conn: &mut AnyConnection, from: &Owned<OrderId>, into: &Owned<OrderId>) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE order_lines SET order_id = $1 WHERE order_id = $2").bind(into.id().0).bind(from.id().0).execute(conn).await?;
    Ok(r.rows_affected())
}

/// Set an order's total (after its lines changed).
pub(super) async fn set_total(conn: &mut AnyConnection, order: &Owned<OrderId>, total_fen: i64, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE orders SET total_fen = $1, updated_at = $2 WHERE id = $3").bind(total_fen).bind(at).bind(order.id().0).execute(conn).await?;
    Ok(())
}
