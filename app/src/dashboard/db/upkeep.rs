//! Upkeep of the aggregates (ssr only): an order's sale moved in or out of every `agg_*` table in
//! the order's own transaction, the first-day tables and the change counts of kept figures, the
//! rebuilds (all, two agents, two customers, categories) and the comparison with a full scan.

use super::{exec, month_sql};
use crate::dashboard::logic::SaleFacts;
use crate::orders::OrderStatus;
use crate::sql::Sql;
use crate::state::Db;
use crate::time::{month_start_day, DAY_MS, OFFSET_MS};
use sqlx::AnyConnection;
use std::collections::BTreeMap;

/// Add (`sign` 1) or take away (−1) one sold order in the aggregates.
pub(in crate::dashboard) async fn add_sale(conn: &mut AnyConnection, f: &SaleFacts, sign: i64) -> Result<(), sqlx::Error> {
    add_sales(conn, std::slice::from_ref(f), sign).await
}

/// A key column's value in an aggregate row.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Key<'a> {
    Int(i64),
    Text(&'a str),
}

/// The aggregates an order moves: table, key columns, summed columns.
const MOVED: [(&str, &[&str], &[&str]); 11] = [
    ("agg_sales_day", &["day", "agent_id", "channel"], &["orders", "sales_fen"]),
    ("agg_team_sales", &["day", "channel"], &["orders", "sales_fen"]),
    ("agg_agent_day", &["day", "agent_id"], &["orders", "sales_fen"]),
    ("agg_hour", &["day", "hour", "agent_id"], &["orders"]),
    ("agg_hour_channel", &["day", "hour", "agent_id", "channel"], &["orders"]),
    ("agg_team_hour", &["day", "hour", "channel"], &["orders"]),
    ("agg_sku_day", &["day", "agent_id", "sku_id"], &["qty", "sales_fen"]),
    ("agg_team_sku_day", &["day", "sku_id"], &["qty", "sales_fen"]),
    ("agg_team_sku_month", &["month", "sku_id"], &["qty", "sales_fen"]),
    ("agg_cat_day", &["day", "agent_id", "channel", "category"], &["orders", "qty", "sales_fen"]),
    ("agg_team_day", &["day", "channel", "category"], &["orders", "qty", "sales_fen"]),
];

/// Add (`sign` 1) or take away (−1) sold orders in the aggregates: summed per aggregate row
/// first, so a row many orders touch (an import) is written once.
pub(in crate::dashboard) async fn add_sales<'f>(conn: &mut AnyConnection, facts: &'f [SaleFacts], sign: i64) -> Result<(), sqlx::Error> {
    use Key::{Int, Text};
    let mut rows: BTreeMap<(usize, Vec<Key<'f>>), Vec<i64>> = BTreeMap::new();
    let mut add = |table: usize, key: Vec<Key<'f>>, values: &[i64]| {
        let sums = rows.entry((table, key)).or_insert_with(|| vec![0; values.len()]);
        for (sum, v) in sums.iter_mut().zip(values) {
            *sum += sign * v;
        }
    };
    let mut buyers: BTreeMap<(i64, i64, i64), i64> = BTreeMap::new();
    let mut first_days: BTreeMap<i64, i64> = BTreeMap::new();
    let mut agent_firsts: BTreeMap<(i64, i64), i64> = BTreeMap::new();
    for f in facts {
        let (day, agent, ch, total) = (f.day, f.agent_id, f.channel.as_str(), f.total_fen);
        add(0, vec![Int(day), Int(agent), Text(ch)], &[1, total]);
        add(1, vec![Int(day), Text(ch)], &[1, total]);
        add(2, vec![Int(day), Int(agent)], &[1, total]);
        add(3, vec![Int(day), Int(f.hour), Int(agent)], &[1]);
        add(4, vec![Int(day), Int(f.hour), Int(agent), Text(ch)], &[1]);
        add(5, vec![Int(day), Int(f.hour), Text(ch)], &[1]);
        let month = month_start_day(day);
        for l in &f.lines {
            add(6, vec![Int(day), Int(agent), Int(l.sku_id)], &[l.qty, l.sales_fen]);
            add(7, vec![Int(day), Int(l.sku_id)], &[l.qty, l.sales_fen]);
            add(8, vec![Int(month), Int(l.sku_id)], &[l.qty, l.sales_fen]);
        }
        // Per category: the order counts once however many of its lines are in it.
        let mut cats: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
        for l in &f.lines {
            let c = cats.entry(l.category.as_str()).or_default();
            *c = (c.0 + l.qty, c.1 + l.sales_fen);
        }
        for (cat, (qty, fen)) in cats {
            add(9, vec![Int(day), Int(agent), Text(ch), Text(cat)], &[1, qty, fen]);
            add(10, vec![Int(day), Text(ch), Text(cat)], &[1, qty, fen]);
        }
        *buyers.entry((day, f.customer_id, agent)).or_default() += sign;
        let first = first_days.entry(f.customer_id).or_insert(day);
        *first = (*first).min(day);
        let first = agent_firsts.entry((f.customer_id, agent)).or_insert(day);
        *first = (*first).min(day);
    }
    for ((table, key), sums) in &rows {
        let (name, key_cols, sum_cols) = MOVED[*table];
        let mut q = Sql::new(&format!("INSERT INTO {name} ({}, {}) VALUES (", key_cols.join(", "), sum_cols.join(", ")));
        for k in key {
            match k {
                Int(v) => q.int(*v),
                Text(v) => q.text(*v),
            };
            q.push(", ");
        }
        for (i, v) in sums.iter().enumerate() {
            q.push(if i == 0 { "" } else { ", " }).int(*v);
        }
        let set: Vec<String> = sum_cols.iter().map(|c| format!("{c} = {name}.{c} + excluded.{c}")).collect();
        q.push(&format!(") ON CONFLICT ({}) DO UPDATE SET {}", key_cols.join(", "), set.join(", ")));
        exec(conn, &q).await?;
    }
    // Buyers: rows at zero go, and the customer's first day follows.
    for (&(day, customer, agent), &orders) in &buyers {
        let mut q = Sql::new("INSERT INTO agg_buyer_day (day, customer_id, agent_id, orders) VALUES (");
        q.int(day).push(", ").int(customer).push(", ").int(agent).push(", ").int(orders);
        q.push(") ON CONFLICT (day, customer_id, agent_id) DO UPDATE SET orders = agg_buyer_day.orders + excluded.orders");
        exec(conn, &q).await?;
        if sign < 0 {
            let mut q = Sql::new("DELETE FROM agg_buyer_day WHERE orders = 0 AND day = ");
            q.int(day).push(" AND customer_id = ").int(customer).push(" AND agent_id = ").int(agent);
            exec(conn, &q).await?;
        }
    }
    // First days (new customers): with the team, and with each agent.
    for (&customer, &day) in &first_days {
        move_first_day(conn, "agg_customer_first", &[("customer_id", customer)], day, sign).await?;
    }
    for (&(customer, agent), &day) in &agent_firsts {
        move_first_day(conn, "agg_agent_first", &[("customer_id", customer), ("agent_id", agent)], day, sign).await?;
    }
    let days: std::collections::BTreeSet<i64> = facts.iter().map(|f| f.day).collect();
    for day in days {
        bump(conn, day).await?;
    }
    Ok(())
}

/// Follow a first-day row (`key` columns = values) after sold orders on `day` were added
/// (`sign` 1: an earlier day lowers it) or taken away (−1: read again from the buyer days
/// left, or gone with the last of them).
async fn move_first_day(conn: &mut AnyConnection, table: &str, key: &[(&str, i64)], day: i64, sign: i64) -> Result<(), sqlx::Error> {
    let cols = key.iter().map(|k| k.0).collect::<Vec<_>>().join(", ");
    if sign > 0 {
        let mut q = Sql::new(&format!("INSERT INTO {table} ({cols}, first_day) VALUES ("));
        for (_, v) in key {
            q.int(*v).push(", ");
        }
        q.int(day).push(&format!(
            ") ON CONFLICT ({cols}) DO UPDATE SET first_day = CASE WHEN excluded.first_day < {table}.first_day \
             THEN excluded.first_day ELSE {table}.first_day END"
        ));
        return exec(conn, &q).await;
    }
    let key_is = |q: &mut Sql| {
        for (i, (c, v)) in key.iter().enumerate() {
            q.push(if i == 0 { " WHERE " } else { " AND " }).push(c).push(" = ").int(*v);
        }
    };
    let mut q = Sql::new(&format!("DELETE FROM {table}"));
    key_is(&mut q);
    exec(conn, &q).await?;
    q = Sql::new(&format!("INSERT INTO {table} ({cols}, first_day) SELECT {cols}, MIN(day) FROM agg_buyer_day"));
    key_is(&mut q);
    q.push(&format!(" GROUP BY {cols}"));
    exec(conn, &q).await
}

/// Count a change of business day `day`'s buyers (−1: of anything, after a rebuild or a
/// hand-over), so kept past figures that depend on it are computed again.
async fn bump(conn: &mut AnyConnection, day: i64) -> Result<(), sqlx::Error> {
    let mut q = Sql::new("INSERT INTO agg_versions (day, version) VALUES (");
    q.int(day).push(", 1) ON CONFLICT (day) DO UPDATE SET version = agg_versions.version + 1");
    exec(conn, &q).await
}

/// One aggregate: its table and columns, the scan that computes it from the orders (with
/// `{extra}` where a condition on `o` can go), what a row left at zero looks like, and
/// whether it has an agent column.
struct Agg {
    table: &'static str,
    cols: &'static str,
    scan: String,
    nonzero: &'static str,
    per_agent: bool,
}

fn aggregates() -> Vec<Agg> {
    let day = format!("((o.created_at + {OFFSET_MS}) / {DAY_MS})");
    let hour = format!("(((o.created_at + {OFFSET_MS}) % {DAY_MS}) / 3600000)");
    let month = month_sql(&day);
    let sold = OrderStatus::SOLD.iter().map(|s| format!("'{}'", s.code())).collect::<Vec<_>>().join(", ");
    let w = format!("WHERE o.status IN ({sold}) {{extra}}");
    let lines = "FROM order_lines l JOIN orders o ON o.id = l.order_id";
    let cat_lines = "FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN skus s ON s.id = l.sku_id JOIN products p ON p.id = s.product_id";
    let big = |e: &str| format!("CAST({e} AS BIGINT)");
    let (cnt, cnt_d) = (big("COUNT(*)"), big("COUNT(DISTINCT o.id)"));
    let (tot, lq, lf) = (big("SUM(o.total_fen)"), big("SUM(l.qty)"), big("SUM(l.line_total_fen)"));
    vec![
        Agg {
            table: "agg_sales_day",
            cols: "day, agent_id, channel, orders, sales_fen",
            scan: format!("SELECT {day}, o.agent_id, o.channel, {cnt}, {tot} FROM orders o {w} GROUP BY {day}, o.agent_id, o.channel"),
            nonzero: "orders <> 0 OR sales_fen <> 0",
            per_agent: true,
        },
        Agg {
            table: "agg_agent_day",
            cols: "day, agent_id, orders, sales_fen",
            scan: format!("SELECT {day}, o.agent_id, {cnt}, {tot} FROM orders o {w} GROUP BY {day}, o.agent_id"),
            nonzero: "orders <> 0 OR sales_fen <> 0",
            per_agent: true,
        },
        Agg {
            table: "agg_hour",
            cols: "day, hour, agent_id, orders",
            scan: format!("SELECT {day}, {hour}, o.agent_id, {cnt} FROM orders o {w} GROUP BY {day}, {hour}, o.agent_id"),
            nonzero: "orders <> 0",
            per_agent: true,
        },
        Agg {
            table: "agg_sku_day",
            cols: "day, agent_id, sku_id, qty, sales_fen",
            scan: format!("SELECT {day}, o.agent_id, l.sku_id, {lq}, {lf} {lines} {w} GROUP BY {day}, o.agent_id, l.sku_id"),
            nonzero: "qty <> 0 OR sales_fen <> 0",
            per_agent: true,
        },
        Agg {
            table: "agg_team_sales",
            cols: "day, channel, orders, sales_fen",
            scan: format!("SELECT {day}, o.channel, {cnt}, {tot} FROM orders o {w} GROUP BY {day}, o.channel"),
            nonzero: "orders <> 0 OR sales_fen <> 0",
            per_agent: false,
        },
        Agg {
            table: "agg_cat_day",
            cols: "day, agent_id, channel, category, orders, qty, sales_fen",
            scan: format!("SELECT {day}, o.agent_id, o.channel, p.category, {cnt_d}, {lq}, {lf} {cat_lines} {w} GROUP BY {day}, o.agent_id, o.channel, p.category"),
            nonzero: "orders <> 0 OR qty <> 0 OR sales_fen <> 0",
            per_agent: true,
        },
        Agg {
            table: "agg_team_day",
            cols: "day, channel, category, orders, qty, sales_fen",
            scan: format!("SELECT {day}, o.channel, p.category, {cnt_d}, {lq}, {lf} {cat_lines} {w} GROUP BY {day}, o.channel, p.category"),
            nonzero: "orders <> 0 OR qty <> 0 OR sales_fen <> 0",
            per_agent: false,
        },
        Agg {
            table: "agg_hour_channel",
            cols: "day, hour, agent_id, channel, orders",
            scan: format!("SELECT {day}, {hour}, o.agent_id, o.channel, {cnt} FROM orders o {w} GROUP BY {day}, {hour}, o.agent_id, o.channel"),
            nonzero: "orders <> 0",
            per_agent: true,
        },
        Agg {
            table: "agg_team_hour",
            cols: "day, hour, channel, orders",
            scan: format!("SELECT {day}, {hour}, o.channel, {cnt} FROM orders o {w} GROUP BY {day}, {hour}, o.channel"),
            nonzero: "orders <> 0",
            per_agent: false,
        },
        Agg {
            table: "agg_team_sku_day",
            cols: "day, sku_id, qty, sales_fen",
            scan: format!("SELECT {day}, l.sku_id, {lq}, {lf} {lines} {w} GROUP BY {day}, l.sku_id"),
            nonzero: "qty <> 0 OR sales_fen <> 0",
            per_agent: false,
        },
        Agg {
            table: "agg_team_sku_month",
            cols: "month, sku_id, qty, sales_fen",
            scan: format!("SELECT {month}, l.sku_id, {lq}, {lf} {lines} {w} GROUP BY {month}, l.sku_id"),
            nonzero: "qty <> 0 OR sales_fen <> 0",
            per_agent: false,
        },
        Agg {
            table: "agg_buyer_day",
            cols: "day, customer_id, agent_id, orders",
            scan: format!("SELECT {day}, o.customer_id, o.agent_id, {cnt} FROM orders o {w} GROUP BY {day}, o.customer_id, o.agent_id"),
            nonzero: "orders <> 0",
            per_agent: true,
        },
        Agg {
            table: "agg_agent_first",
            cols: "customer_id, agent_id, first_day",
            scan: format!("SELECT o.customer_id, o.agent_id, MIN({day}) FROM orders o {w} GROUP BY o.customer_id, o.agent_id"),
            nonzero: "1 = 1",
            per_agent: true,
        },
        Agg {
            table: "agg_customer_first",
            cols: "customer_id, first_day",
            scan: format!("SELECT o.customer_id, MIN({day}) FROM orders o {w} GROUP BY o.customer_id"),
            nonzero: "1 = 1",
            per_agent: false,
        },
    ]
}

/// Recompute every aggregate from the orders, in the caller's transaction.
pub(in crate::dashboard) async fn rebuild(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    for a in aggregates() {
        sqlx::query(&format!("DELETE FROM {}", a.table)).execute(&mut *conn).await?;
        let scan = a.scan.replace("{extra}", "");
        sqlx::query(&format!("INSERT INTO {} ({}) {scan}", a.table, a.cols)).execute(&mut *conn).await?;
    }
    bump(conn, -1).await
}

/// Recompute the agent-level aggregates of two agents (after one's orders moved to the other).
pub(in crate::dashboard) async fn rebuild_agents(conn: &mut AnyConnection, a: i64, b: i64) -> Result<(), sqlx::Error> {
    for g in aggregates().into_iter().filter(|g| g.per_agent) {
        sqlx::query(&format!("DELETE FROM {} WHERE agent_id IN ($1, $2)", g.table)).bind(a).bind(b).execute(&mut *conn).await?;
        let scan = g.scan.replace("{extra}", "AND o.agent_id IN ($1, $2)");
        sqlx::query(&format!("INSERT INTO {} ({}) {scan}", g.table, g.cols)).bind(a).bind(b).execute(&mut *conn).await?;
    }
    bump(conn, -1).await
}

/// Recompute the per-customer aggregates of two customers (after one was merged into the
/// other: its orders now belong to the other, and its rows must go before it does).
pub(in crate::dashboard) async fn rebuild_customers(conn: &mut AnyConnection, a: i64, b: i64) -> Result<(), sqlx::Error> {
    for g in aggregates().into_iter().filter(|g| g.cols.contains("customer_id")) {
        sqlx::query(&format!("DELETE FROM {} WHERE customer_id IN ($1, $2)", g.table)).bind(a).bind(b).execute(&mut *conn).await?;
        let scan = g.scan.replace("{extra}", "AND o.customer_id IN ($1, $2)");
        sqlx::query(&format!("INSERT INTO {} ({}) {scan}", g.table, g.cols)).bind(a).bind(b).execute(&mut *conn).await?;
    }
    bump(conn, -1).await
}

/// Recompute the category aggregates of some categories (after a product changed category).
pub(in crate::dashboard) async fn rebuild_categories(conn: &mut AnyConnection, cats: &[String]) -> Result<(), sqlx::Error> {
    for g in aggregates().into_iter().filter(|g| g.cols.contains("category")) {
        let mut del = Sql::new(&format!("DELETE FROM {} WHERE category IN (", g.table));
        for (i, c) in cats.iter().enumerate() {
            if i > 0 {
                del.push(", ");
            }
            del.text(c.clone());
        }
        del.push(")");
        exec(conn, &del).await?;
        let mut q = Sql::new(&format!("INSERT INTO {} ({}) ", g.table, g.cols));
        let (head, tail) = g.scan.split_once("{extra}").unwrap_or((&g.scan, ""));
        q.push(head).push(" AND p.category IN (");
        for (i, c) in cats.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.text(c.clone());
        }
        q.push(")").push(tail);
        exec(conn, &q).await?;
    }
    bump(conn, -1).await
}

/// Rows where an aggregate and the full scan disagree (zero rows left by cancellations are
/// the same as no row). Must be 0.
pub(in crate::dashboard) async fn mismatches(db: &Db) -> Result<i64, sqlx::Error> {
    let mut total = 0;
    for a in aggregates() {
        let scan = a.scan.replace("{extra}", "");
        let kept = format!("SELECT {} FROM {} WHERE {}", a.cols, a.table, a.nonzero);
        for (x, y) in [(&scan, &kept), (&kept, &scan)] {
            let sql = format!("SELECT CAST(COUNT(*) AS BIGINT) FROM ({x} EXCEPT {y}) d");
            total += sqlx::query_scalar::<_, i64>(&sql).fetch_one(&db.pool).await?;
        }
    }
    Ok(total)
}
