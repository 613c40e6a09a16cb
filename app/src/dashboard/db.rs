//! Every SQL statement of the dashboard area (ssr only). Figures come from the aggregates
//! (`agg_*` tables), which the orders area moves in its own transactions through
//! `dashboard::service::record_sale`; sales are orders in a sold status (`OrderStatus::SOLD`)
//! counted on the business day they were created.

use super::logic::SaleFacts;
use crate::auth::Scope;
use crate::orders::OrderStatus;
use crate::sql::Sql;
use crate::state::Db;
use crate::time::{DAY_MS, OFFSET_MS};
use sqlx::AnyConnection;

/// Add (`sign` 1) or take away (−1) one sold order in the aggregates.
pub(super) async fn add_sale(conn: &mut AnyConnection, f: &SaleFacts, sign: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO agg_sales_day (day, agent_id, channel, orders, sales_fen) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (day, agent_id, channel) DO UPDATE SET orders = agg_sales_day.orders + excluded.orders, \
         sales_fen = agg_sales_day.sales_fen + excluded.sales_fen",
    )
    .bind(f.day)
    .bind(f.agent_id)
    .bind(&f.channel)
    .bind(sign)
    .bind(sign * f.total_fen)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO agg_agent_day (day, agent_id, orders, sales_fen) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (day, agent_id) DO UPDATE SET orders = agg_agent_day.orders + excluded.orders, \
         sales_fen = agg_agent_day.sales_fen + excluded.sales_fen",
    )
    .bind(f.day)
    .bind(f.agent_id)
    .bind(sign)
    .bind(sign * f.total_fen)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO agg_hour (day, hour, agent_id, orders) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (day, hour, agent_id) DO UPDATE SET orders = agg_hour.orders + excluded.orders",
    )
    .bind(f.day)
    .bind(f.hour)
    .bind(f.agent_id)
    .bind(sign)
    .execute(&mut *conn)
    .await?;
    for &(sku, qty, fen) in &f.lines {
        sqlx::query(
            "INSERT INTO agg_sku_day (day, agent_id, sku_id, qty, sales_fen) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (day, agent_id, sku_id) DO UPDATE SET qty = agg_sku_day.qty + excluded.qty, \
             sales_fen = agg_sku_day.sales_fen + excluded.sales_fen",
        )
        .bind(f.day)
        .bind(f.agent_id)
        .bind(sku)
        .bind(sign * qty)
        .bind(sign * fen)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Add many sold orders to the aggregates at once (an import): the orders are summed per
/// aggregate row first, so each row is written once.
pub(super) async fn add_sales(conn: &mut AnyConnection, facts: &[SaleFacts]) -> Result<(), sqlx::Error> {
    use std::collections::BTreeMap;
    let mut by_channel: BTreeMap<(i64, i64, &str), (i64, i64)> = BTreeMap::new();
    let mut by_agent: BTreeMap<(i64, i64), (i64, i64)> = BTreeMap::new();
    let mut by_hour: BTreeMap<(i64, i64, i64), i64> = BTreeMap::new();
    let mut by_sku: BTreeMap<(i64, i64, i64), (i64, i64)> = BTreeMap::new();
    for f in facts {
        let c = by_channel.entry((f.day, f.agent_id, f.channel.as_str())).or_default();
        *c = (c.0 + 1, c.1 + f.total_fen);
        let a = by_agent.entry((f.day, f.agent_id)).or_default();
        *a = (a.0 + 1, a.1 + f.total_fen);
        *by_hour.entry((f.day, f.hour, f.agent_id)).or_default() += 1;
        for &(sku, qty, fen) in &f.lines {
            let s = by_sku.entry((f.day, f.agent_id, sku)).or_default();
            *s = (s.0 + qty, s.1 + fen);
        }
    }
    for ((day, agent, channel), (orders, fen)) in by_channel {
        sqlx::query(
            "INSERT INTO agg_sales_day (day, agent_id, channel, orders, sales_fen) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (day, agent_id, channel) DO UPDATE SET orders = agg_sales_day.orders + excluded.orders, \
             sales_fen = agg_sales_day.sales_fen + excluded.sales_fen",
        )
        .bind(day)
        .bind(agent)
        .bind(channel)
        .bind(orders)
        .bind(fen)
        .execute(&mut *conn)
        .await?;
    }
    for ((day, agent), (orders, fen)) in by_agent {
        sqlx::query(
            "INSERT INTO agg_agent_day (day, agent_id, orders, sales_fen) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (day, agent_id) DO UPDATE SET orders = agg_agent_day.orders + excluded.orders, \
             sales_fen = agg_agent_day.sales_fen + excluded.sales_fen",
        )
        .bind(day)
        .bind(agent)
        .bind(orders)
        .bind(fen)
        .execute(&mut *conn)
        .await?;
    }
    for ((day, hour, agent), orders) in by_hour {
        sqlx::query(
            "INSERT INTO agg_hour (day, hour, agent_id, orders) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (day, hour, agent_id) DO UPDATE SET orders = agg_hour.orders + excluded.orders",
        )
        .bind(day)
        .bind(hour)
        .bind(agent)
        .bind(orders)
        .execute(&mut *conn)
        .await?;
    }
    for ((day, agent, sku), (qty, fen)) in by_sku {
        sqlx::query(
            "INSERT INTO agg_sku_day (day, agent_id, sku_id, qty, sales_fen) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (day, agent_id, sku_id) DO UPDATE SET qty = agg_sku_day.qty + excluded.qty, \
             sales_fen = agg_sku_day.sales_fen + excluded.sales_fen",
        )
        .bind(day)
        .bind(agent)
        .bind(sku)
        .bind(qty)
        .bind(fen)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The aggregates computed from the orders, as `SELECT`s (for rebuilding and checking).
fn scans() -> [(&'static str, String); 4] {
    let day = format!("((o.created_at + {OFFSET_MS}) / {DAY_MS})");
    let hour = format!("(((o.created_at + {OFFSET_MS}) % {DAY_MS}) / 3600000)");
    let sold = OrderStatus::SOLD.iter().map(|s| format!("'{}'", s.code())).collect::<Vec<_>>().join(", ");
    [
        (
            "agg_sales_day (day, agent_id, channel, orders, sales_fen)",
            format!(
                "SELECT {day}, o.agent_id, o.channel, CAST(COUNT(*) AS BIGINT), CAST(SUM(o.total_fen) AS BIGINT) FROM orders o \
                 WHERE o.status IN ({sold}) GROUP BY {day}, o.agent_id, o.channel"
            ),
        ),
        (
            "agg_agent_day (day, agent_id, orders, sales_fen)",
            format!(
                "SELECT {day}, o.agent_id, CAST(COUNT(*) AS BIGINT), CAST(SUM(o.total_fen) AS BIGINT) FROM orders o \
                 WHERE o.status IN ({sold}) GROUP BY {day}, o.agent_id"
            ),
        ),
        (
            "agg_hour (day, hour, agent_id, orders)",
            format!("SELECT {day}, {hour}, o.agent_id, CAST(COUNT(*) AS BIGINT) FROM orders o WHERE o.status IN ({sold}) GROUP BY {day}, {hour}, o.agent_id"),
        ),
        (
            "agg_sku_day (day, agent_id, sku_id, qty, sales_fen)",
            format!(
                "SELECT {day}, o.agent_id, l.sku_id, CAST(SUM(l.qty) AS BIGINT), CAST(SUM(l.line_total_fen) AS BIGINT) \
                 FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.status IN ({sold}) GROUP BY {day}, o.agent_id, l.sku_id"
            ),
        ),
    ]
}

/// Recompute every aggregate from the orders, in the caller's transaction.
pub(super) async fn rebuild(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    for (table, select) in scans() {
        let name = table.split_whitespace().next().unwrap_or_default();
        sqlx::query(&format!("DELETE FROM {name}")).execute(&mut *conn).await?;
        sqlx::query(&format!("INSERT INTO {table} {select}")).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Rows where an aggregate and the full scan disagree (zero rows left by cancellations are
/// the same as no row). Must be 0.
pub(super) async fn mismatches(db: &Db) -> Result<i64, sqlx::Error> {
    let mut total = 0;
    for (table, select) in scans() {
        let (name, cols) = table.split_once(' ').unwrap_or_default();
        let cols = cols.trim_matches(|c| c == '(' || c == ')');
        let nonzero = match name {
            "agg_hour" => "orders <> 0",
            "agg_sku_day" => "qty <> 0 OR sales_fen <> 0",
            _ => "orders <> 0 OR sales_fen <> 0",
        };
        let kept = format!("SELECT {cols} FROM {name} WHERE {nonzero}");
        for (a, b) in [(&select, &kept), (&kept, &select)] {
            let sql = format!("SELECT CAST(COUNT(*) AS BIGINT) FROM ({a} EXCEPT {b}) d");
            total += sqlx::query_scalar::<_, i64>(&sql).fetch_one(&db.pool).await?;
        }
    }
    Ok(total)
}

/// (day, sales in fen, sold orders) per business day in [from_day, to_day), days with sales only.
pub(super) async fn daily_sales(db: &Db, scope: &Scope, from_day: i64, to_day: i64) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    let mut q = Sql::new("SELECT a.day, CAST(SUM(a.sales_fen) AS BIGINT), CAST(SUM(a.orders) AS BIGINT) FROM agg_agent_day a WHERE a.day >= ");
    q.int(from_day).push(" AND a.day < ").int(to_day).push(" AND ").scope("a.agent_id", scope);
    q.push(" GROUP BY a.day HAVING SUM(a.orders) <> 0 ORDER BY a.day");
    q.query_as().fetch_all(&db.pool).await
}

pub(super) async fn count_in_status(db: &Db, scope: &Scope, status: OrderStatus) -> Result<i64, sqlx::Error> {
    let mut q = Sql::new("SELECT COUNT(*) FROM orders o WHERE o.status = ");
    q.text(status.code()).push(" AND ").scope("o.agent_id", scope);
    q.query_scalar().fetch_one(&db.pool).await
}
