//! The floor: the bare SQL each read request needs (resolving the session and the caller's
//! line included), run directly through sqlx on the same data with the same parameters, so
//! the report can show how much the app adds on top of the database.

use super::load::Kind;
use super::stats::Samples;
use app::state::Db;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// The callers the floor plays: the boss and a few agents (leaders and others), like the load.
pub struct Caller {
    pub user_id: i64,
    pub agent: bool,
}

fn in_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
}

/// The session lookup and, for an agent, its line: every request pays for these.
async fn resolve(db: &Db, c: &Caller) -> anyhow::Result<Option<Vec<i64>>> {
    let _: Option<(i64, String)> = sqlx::query_as(
        "SELECT u.id, u.role FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND u.active = 1",
    )
    .bind("0".repeat(64))
    .fetch_optional(&db.pool)
    .await?;
    if !c.agent {
        return Ok(None);
    }
    let ids: Vec<i64> = sqlx::query_scalar(
        "WITH RECURSIVE line(id) AS (SELECT CAST($1 AS BIGINT) UNION SELECT u.id FROM users u JOIN line ON u.parent_id = line.id) SELECT id FROM line",
    )
    .bind(c.user_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(Some(ids))
}

fn scope(ids: &Option<Vec<i64>>) -> String {
    match ids {
        None => "1 = 1".into(),
        Some(ids) => format!("o.agent_id IN ({})", in_list(ids)),
    }
}

async fn list(db: &Db, c: &Caller, mobile: Option<&str>) -> anyhow::Result<()> {
    let ids = resolve(db, c).await?;
    let search = if mobile.is_some() { " AND (o.mobile = $1 OR o.order_no = $1 OR o.recipient_name = $1 OR o.tracking_no = $1)" } else { "" };
    let sql = format!(
        "SELECT o.id, o.order_no, u.display_name, o.recipient_name, o.mobile, o.channel, o.status, o.total_fen, o.created_at, o.payment_check \
         FROM orders o JOIN users u ON u.id = o.agent_id WHERE {}{search} ORDER BY {order} LIMIT 21",
        scope(&ids),
        order = if mobile.is_some() { "(o.created_at + 0) DESC, (o.id + 0) DESC" } else { "o.created_at DESC, o.id DESC" }
    );
    let count = format!("SELECT COUNT(*) FROM (SELECT 1 FROM orders o WHERE {}{search} LIMIT 1001) c", scope(&ids));
    let mut q = sqlx::query(&sql);
    let mut n = sqlx::query_scalar::<_, i64>(&count);
    if let Some(m) = mobile {
        q = q.bind(m);
        n = n.bind(m);
    }
    q.fetch_all(&db.pool).await?;
    n.fetch_one(&db.pool).await?;
    Ok(())
}

async fn detail(db: &Db, c: &Caller, id: i64) -> anyhow::Result<()> {
    resolve(db, c).await?;
    let _: Option<(i64, String)> = sqlx::query_as("SELECT agent_id, status FROM orders WHERE id = $1").bind(id).fetch_optional(&db.pool).await?;
    let _: Vec<(String, String)> = sqlx::query_as("SELECT key, value FROM settings").fetch_all(&db.pool).await?;
    sqlx::query(
        "SELECT o.id, o.order_no, u.display_name, o.recipient_name, o.mobile, o.channel, o.status, o.total_fen, o.created_at, o.payment_check, o.address \
         FROM orders o JOIN users u ON u.id = o.agent_id WHERE o.id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    sqlx::query(
        "SELECT l.sku_id, s.code, p.name, s.size, s.color, l.qty, l.unit_price_fen, l.line_total_fen FROM order_lines l \
         JOIN skus s ON s.id = l.sku_id JOIN products p ON p.id = s.product_id WHERE l.order_id = $1 ORDER BY l.id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    sqlx::query("SELECT e.from_status, e.to_status, u.display_name, e.note, e.at FROM order_events e LEFT JOIN users u ON u.id = e.user_id WHERE e.order_id = $1 ORDER BY e.at, e.id")
        .bind(id)
        .fetch_all(&db.pool)
        .await?;
    Ok(())
}

async fn dashboard(db: &Db, c: &Caller, now: i64) -> anyhow::Result<()> {
    use app::time::{day_of, month_start_day};
    let ids = resolve(db, c).await?;
    let (s, today) = (scope(&ids), day_of(now));
    let from = month_start_day(today).min(today - 29);
    let agg = s.replace("o.agent_id", "a.agent_id");
    let sql = format!(
        "SELECT a.day, CAST(SUM(a.sales_fen) AS BIGINT), CAST(SUM(a.orders) AS BIGINT) FROM agg_agent_day a \
         WHERE a.day >= $1 AND a.day < $2 AND {agg} GROUP BY a.day HAVING SUM(a.orders) <> 0 ORDER BY a.day"
    );
    let _: Vec<(i64, i64, i64)> = sqlx::query_as(&sql).bind(from).bind(today + 1).fetch_all(&db.pool).await?;
    let customers = s.replace("o.agent_id", "c.agent_id");
    let _: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM customers c WHERE {customers}")).fetch_one(&db.pool).await?;
    let _: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM orders o WHERE o.status = 'to_ship' AND {s}")).fetch_one(&db.pool).await?;
    Ok(())
}

/// The stock board's first page over all warehouses and its capped count (the SQL of
/// `inventory::db::board`).
async fn stock(db: &Db, c: &Caller) -> anyhow::Result<()> {
    resolve(db, c).await?;
    let from = "FROM skus s JOIN products p ON p.id = s.product_id LEFT JOIN \
        (SELECT sku_id, CAST(SUM(qty) AS BIGINT) AS qty, CAST(SUM(reserved) AS BIGINT) AS reserved, \
                CAST(CASE WHEN SUM(qty) > 0 THEN SUM(qty * avg_cost_fen) / SUM(qty) ELSE MAX(avg_cost_fen) END AS BIGINT) AS avg_cost_fen \
         FROM stock GROUP BY sku_id) st ON st.sku_id = s.id WHERE s.active = 1";
    let select = "SELECT s.id, s.product_id, s.code, s.barcode, p.name AS product_name, p.category, s.size, s.color, s.price_fen, \
        COALESCE(st.qty, 0) AS qty, COALESCE(st.reserved, 0) AS reserved, s.low_stock_qty, COALESCE(st.avg_cost_fen, s.cost_fen) AS avg_cost_fen ";
    sqlx::query(&format!("{select}{from} ORDER BY s.id DESC, s.id DESC LIMIT 21")).fetch_all(&db.pool).await?;
    let _: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM ({select}{from} LIMIT 1001) capped")).fetch_one(&db.pool).await?;
    Ok(())
}

/// The ledger's first page and its capped count (`inventory::db::ledger`).
async fn ledger(db: &Db, c: &Caller) -> anyhow::Result<()> {
    resolve(db, c).await?;
    sqlx::query(
        "SELECT m.id, s.code, p.name AS product_name, s.color, s.size, w.name AS warehouse, m.delta, m.kind, m.ref_type, m.ref_id, \
                m.unit_cost_fen, m.note, u.display_name AS user_name, m.at \
         FROM stock_movements m CROSS JOIN skus s JOIN products p ON p.id = s.product_id \
         JOIN warehouses w ON w.id = m.warehouse_id LEFT JOIN users u ON u.id = m.user_id \
         WHERE 1 = 1 AND s.id = m.sku_id ORDER BY m.at DESC, m.id DESC LIMIT 21",
    )
    .fetch_all(&db.pool)
    .await?;
    let _: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM (SELECT 1 FROM stock_movements m WHERE 1 = 1 LIMIT 1001) capped").fetch_one(&db.pool).await?;
    Ok(())
}

/// The customer list's first page in the caller's scope, its capped count and the page's
/// tags (`customers::db::list` and `tags_of`).
async fn customers(db: &Db, c: &Caller) -> anyhow::Result<()> {
    let ids = resolve(db, c).await?;
    let s = scope(&ids).replace("o.agent_id", "c.agent_id");
    let rows: Vec<(i64,)> = sqlx::query_as(&format!(
        "SELECT c.id, c.name, c.mobile, c.agent_id, u.display_name AS agent_name, c.stage, c.segment, c.orders_count, c.spend_fen, \
                c.last_order_at, c.created_at FROM customers c JOIN users u ON u.id = c.agent_id \
         WHERE {s} ORDER BY c.created_at DESC, c.id DESC LIMIT 21"
    ))
    .fetch_all(&db.pool)
    .await?;
    let _: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM (SELECT 1 FROM customers c WHERE {s} LIMIT 1001) capped")).fetch_one(&db.pool).await?;
    let page: Vec<i64> = rows.into_iter().map(|r| r.0).collect();
    if !page.is_empty() {
        let _: Vec<(i64, String)> = sqlx::query_as(&format!(
            "SELECT ct.customer_id, t.name FROM customer_tags ct JOIN crm_tags t ON t.id = ct.tag_id WHERE ct.customer_id IN ({})",
            in_list(&page)
        ))
        .fetch_all(&db.pool)
        .await?;
    }
    Ok(())
}

/// The 待发货 list's first page with each row's same-mobile twin, its capped count, and the
/// open orders the address comparison reads (`orders::db::to_ship` and `open_orders`).
async fn to_ship(db: &Db, c: &Caller) -> anyhow::Result<()> {
    let ids = resolve(db, c).await?;
    let s = scope(&ids);
    let _: Vec<(i64,)> = sqlx::query_as(&format!(
        "SELECT o.id, o.agent_id, o.order_no, o.recipient_name, o.mobile, o.address, o.total_fen, o.created_at, o.courier_code, \
         (SELECT MIN(t.order_no) FROM orders t WHERE t.agent_id = o.agent_id AND t.id <> o.id \
          AND t.status IN ('pending_payment', 'to_ship') AND t.mobile = o.mobile) AS twin FROM orders o \
         WHERE o.status = 'to_ship' AND {s} ORDER BY o.created_at DESC, o.id DESC LIMIT 21"
    ))
    .fetch_all(&db.pool)
    .await?;
    let _: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM (SELECT 1 FROM orders o WHERE o.status = 'to_ship' AND {s} LIMIT 1001) capped"))
        .fetch_one(&db.pool)
        .await?;
    let _: Vec<(i64,)> = sqlx::query_as(&format!(
        "SELECT o.id, o.order_no, o.agent_id, o.recipient_name, o.mobile, o.address, o.status, o.total_fen, o.discount_fen, o.created_at \
         FROM orders o WHERE o.status IN ('pending_payment', 'to_ship') AND {s} ORDER BY o.created_at DESC, o.id DESC LIMIT 5000"
    ))
    .fetch_all(&db.pool)
    .await?;
    Ok(())
}

/// Median-able timings of the bare SQL per read kind, `rounds` runs each over the callers.
pub async fn measure(db: &Db, callers: &[Caller], mobiles: &[String], tracking: &[String], orders: &[i64], rounds: usize) -> anyhow::Result<BTreeMap<Kind, Samples>> {
    let now = app::time::now_ms();
    let mut out: BTreeMap<Kind, Samples> = BTreeMap::new();
    for i in 0..rounds {
        let c = &callers[i % callers.len()];
        for kind in [Kind::List, Kind::Search, Kind::Tracking, Kind::Detail, Kind::Dashboard, Kind::Stock, Kind::Ledger, Kind::ToShip, Kind::Customers] {
            if (kind == Kind::Ledger || kind == Kind::ToShip) && c.agent || kind == Kind::Tracking && tracking.is_empty() {
                continue;
            }
            let t = Instant::now();
            match kind {
                Kind::List => list(db, c, None).await?,
                Kind::Search => list(db, c, mobiles.get(i % mobiles.len().max(1)).map(String::as_str)).await?,
                Kind::Tracking => list(db, c, tracking.get(i % tracking.len()).map(String::as_str)).await?,
                Kind::ToShip => to_ship(db, c).await?,
                Kind::Detail => detail(db, c, orders.get(i % orders.len().max(1)).copied().unwrap_or(1)).await?,
                Kind::Stock => stock(db, c).await?,
                Kind::Ledger => ledger(db, c).await?,
                Kind::Customers => customers(db, c).await?,
                _ => dashboard(db, c, now).await?,
            }
            out.entry(kind).or_default().push(t.elapsed());
        }
    }
    let page = out.get(&Kind::List).cloned().unwrap_or_default();
    out.insert(Kind::Page, page);
    let _ = Duration::ZERO;
    Ok(out)
}
