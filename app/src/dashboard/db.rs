//! Every SQL statement of the dashboard area (ssr only). Figures come from the aggregates
//! (`agg_*` tables), which the orders area moves in its own transactions through
//! `dashboard::service::record_sale`; sales are orders in a sold status (`OrderStatus::SOLD`)
//! counted on the business day (Asia/Shanghai) they were created.

use super::logic::SaleFacts;
use super::DayRange;
use crate::auth::Scope;
use crate::orders::OrderStatus;
use crate::sql::Sql;
use crate::state::Db;
use crate::time::{month_start_day, DAY_MS, OFFSET_MS};
use sqlx::AnyConnection;
use std::collections::BTreeMap;

async fn exec(conn: &mut AnyConnection, q: &Sql) -> Result<(), sqlx::Error> {
    q.query().execute(&mut *conn).await.map(|_| ())
}

/// Add (`sign` 1) or take away (−1) one sold order in the aggregates.
pub(super) async fn add_sale(conn: &mut AnyConnection, f: &SaleFacts, sign: i64) -> Result<(), sqlx::Error> {
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
pub(super) async fn add_sales<'f>(conn: &mut AnyConnection, facts: &'f [SaleFacts], sign: i64) -> Result<(), sqlx::Error> {
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

/// The first business day of the month of a business-day expression, in integer arithmetic
/// (the civil-from-days algorithm), the same text on both databases.
fn month_sql(day: &str) -> String {
    let doe = format!("(({day} + 719468) % 146097)");
    let yoe = format!("(({doe} - {doe} / 1460 + {doe} / 36524 - {doe} / 146096) / 365)");
    let doy = format!("({doe} - (365 * {yoe} + {yoe} / 4 - {yoe} / 100))");
    let mp = format!("((5 * {doy} + 2) / 153)");
    format!("({day} - {doy} + (153 * {mp} + 2) / 5)")
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
pub(super) async fn rebuild(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    for a in aggregates() {
        sqlx::query(&format!("DELETE FROM {}", a.table)).execute(&mut *conn).await?;
        let scan = a.scan.replace("{extra}", "");
        sqlx::query(&format!("INSERT INTO {} ({}) {scan}", a.table, a.cols)).execute(&mut *conn).await?;
    }
    bump(conn, -1).await
}

/// Recompute the agent-level aggregates of two agents (after one's orders moved to the other).
pub(super) async fn rebuild_agents(conn: &mut AnyConnection, a: i64, b: i64) -> Result<(), sqlx::Error> {
    for g in aggregates().into_iter().filter(|g| g.per_agent) {
        sqlx::query(&format!("DELETE FROM {} WHERE agent_id IN ($1, $2)", g.table)).bind(a).bind(b).execute(&mut *conn).await?;
        let scan = g.scan.replace("{extra}", "AND o.agent_id IN ($1, $2)");
        sqlx::query(&format!("INSERT INTO {} ({}) {scan}", g.table, g.cols)).bind(a).bind(b).execute(&mut *conn).await?;
    }
    bump(conn, -1).await
}

/// Recompute the per-customer aggregates of two customers (after one was merged into the
/// other: its orders now belong to the other, and its rows must go before it does).
pub(super) async fn rebuild_customers(conn: &mut AnyConnection, a: i64, b: i64) -> Result<(), sqlx::Error> {
    for g in aggregates().into_iter().filter(|g| g.cols.contains("customer_id")) {
        sqlx::query(&format!("DELETE FROM {} WHERE customer_id IN ($1, $2)", g.table)).bind(a).bind(b).execute(&mut *conn).await?;
        let scan = g.scan.replace("{extra}", "AND o.customer_id IN ($1, $2)");
        sqlx::query(&format!("INSERT INTO {} ({}) {scan}", g.table, g.cols)).bind(a).bind(b).execute(&mut *conn).await?;
    }
    bump(conn, -1).await
}

/// Recompute the category aggregates of some categories (after a product changed category).
pub(super) async fn rebuild_categories(conn: &mut AnyConnection, cats: &[String]) -> Result<(), sqlx::Error> {
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
pub(super) async fn mismatches(db: &Db) -> Result<i64, sqlx::Error> {
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

// ---- range queries ----

/// Whose figures: the whole team (team-level tables) or these agents (agent-level tables).
#[derive(Clone, Debug)]
pub(super) enum Who {
    Team,
    Agents(Vec<i64>),
}

/// The filters a range query applies.
pub(super) struct Sel<'a> {
    pub who: &'a Who,
    pub channel: Option<&'a str>,
    pub category: Option<&'a str>,
}

fn range(q: &mut Sql, col: &str, r: DayRange) {
    q.push(" WHERE ").push(col).push(" >= ").int(r.from).push(" AND ").push(col).push(" < ").int(r.to);
}

fn agents(q: &mut Sql, col: &str, who: &Who) {
    if let Who::Agents(ids) = who {
        q.push(" AND ").push(col).push(" IN (").ints(ids).push(")");
    }
}

fn eq_text(q: &mut Sql, col: &str, v: Option<&str>) {
    if let Some(v) = v {
        q.push(" AND ").push(col).push(" = ").text(v);
    }
}

/// Per day of the range with sales: (day, sales fen, orders). With a category, the sales of
/// its lines and the orders having one; else whole orders.
pub(super) async fn by_day(db: &Db, s: &Sel<'_>, r: DayRange) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    let team = matches!(s.who, Who::Team);
    let table = match (s.category.is_some(), team) {
        (true, true) => "agg_team_day",
        (true, false) => "agg_cat_day",
        (false, true) => "agg_team_sales",
        (false, false) => "agg_sales_day",
    };
    let mut q = Sql::new(&format!("SELECT a.day, CAST(SUM(a.sales_fen) AS BIGINT), CAST(SUM(a.orders) AS BIGINT) FROM {table} a"));
    range(&mut q, "a.day", r);
    agents(&mut q, "a.agent_id", s.who);
    eq_text(&mut q, "a.channel", s.channel);
    eq_text(&mut q, "a.category", s.category);
    q.push(" GROUP BY a.day ORDER BY a.day");
    q.query_as().fetch_all(&db.pool).await
}

/// Sales and units per category over the range, most sales first.
pub(super) async fn by_category(db: &Db, s: &Sel<'_>, r: DayRange) -> Result<Vec<(String, i64, i64)>, sqlx::Error> {
    let table = if matches!(s.who, Who::Team) { "agg_team_day" } else { "agg_cat_day" };
    let mut q = Sql::new(&format!("SELECT a.category, CAST(SUM(a.sales_fen) AS BIGINT), CAST(SUM(a.qty) AS BIGINT) FROM {table} a"));
    range(&mut q, "a.day", r);
    agents(&mut q, "a.agent_id", s.who);
    eq_text(&mut q, "a.channel", s.channel);
    eq_text(&mut q, "a.category", s.category);
    q.push(" GROUP BY a.category HAVING SUM(a.sales_fen) <> 0 OR SUM(a.qty) <> 0 ORDER BY 2 DESC, a.category");
    q.query_as().fetch_all(&db.pool).await
}

/// The best-selling SKUs of the range: (sku, code, product name, colour, size, units, sales fen). The team
/// reads whole months from the monthly table and the edges from the daily one.
pub(super) async fn top_skus(db: &Db, s: &Sel<'_>, r: DayRange, limit: i64) -> Result<Vec<(i64, String, String, String, String, i64, i64)>, sqlx::Error> {
    let mut q = match s.category {
        // A category needs the product of every row before the sums.
        Some(_) => Sql::new("SELECT t.sku_id, s.code, p.name, s.color, s.size, CAST(SUM(t.qty) AS BIGINT), CAST(SUM(t.sales_fen) AS BIGINT) FROM ("),
        // Otherwise sum per SKU, keep the best, then name only those (PostgreSQL, 1M orders, 90
        // days: 95 → 50 ms bare SQL; joining every row to its product first was half the time).
        None => Sql::new("SELECT b.sku_id, s.code, p.name, s.color, s.size, b.qty, b.fen FROM (SELECT t.sku_id, CAST(SUM(t.qty) AS BIGINT) AS qty, CAST(SUM(t.sales_fen) AS BIGINT) AS fen FROM ("),
    };
    match s.who {
        Who::Team => {
            let (months, edges) = super::logic::month_split(r);
            let mut first = true;
            if !months.is_empty() {
                q.push("SELECT m.sku_id, m.qty, m.sales_fen FROM agg_team_sku_month m WHERE m.month IN (").ints(&months).push(")");
                first = false;
            }
            for e in edges {
                if !first {
                    q.push(" UNION ALL ");
                }
                first = false;
                q.push("SELECT d.sku_id, d.qty, d.sales_fen FROM agg_team_sku_day d");
                range(&mut q, "d.day", e);
            }
        }
        Who::Agents(_) => {
            q.push("SELECT d.sku_id, d.qty, d.sales_fen FROM agg_sku_day d");
            range(&mut q, "d.day", r);
            agents(&mut q, "d.agent_id", s.who);
        }
    }
    match s.category {
        Some(_) => {
            q.push(") t JOIN skus s ON s.id = t.sku_id JOIN products p ON p.id = s.product_id WHERE 1 = 1");
            eq_text(&mut q, "p.category", s.category);
            q.push(" GROUP BY t.sku_id, s.code, p.name, s.color, s.size HAVING SUM(t.qty) > 0 ORDER BY 7 DESC, 6 DESC, t.sku_id LIMIT ").int(limit);
        }
        None => {
            q.push(") t GROUP BY t.sku_id HAVING SUM(t.qty) > 0 ORDER BY 3 DESC, 2 DESC, t.sku_id LIMIT ").int(limit);
            q.push(") b JOIN skus s ON s.id = b.sku_id JOIN products p ON p.id = s.product_id ORDER BY b.fen DESC, b.qty DESC, b.sku_id");
        }
    }
    q.query_as().fetch_all(&db.pool).await
}

/// (day, hour, orders) over the range.
pub(super) async fn hours(db: &Db, s: &Sel<'_>, r: DayRange) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    let table = if matches!(s.who, Who::Team) { "agg_team_hour" } else { "agg_hour_channel" };
    let mut q = Sql::new(&format!("SELECT a.day, a.hour, CAST(SUM(a.orders) AS BIGINT) FROM {table} a"));
    range(&mut q, "a.day", r);
    agents(&mut q, "a.agent_id", s.who);
    eq_text(&mut q, "a.channel", s.channel);
    q.push(" GROUP BY a.day, a.hour HAVING SUM(a.orders) <> 0");
    q.query_as().fetch_all(&db.pool).await
}

/// Customers whose first sold order falls in the range (for agents: orders of theirs).
pub(super) async fn new_customers(db: &Db, who: &Who, r: DayRange) -> Result<i64, sqlx::Error> {
    let q = match who {
        Who::Team => {
            let mut q = Sql::new("SELECT CAST(COUNT(*) AS BIGINT) FROM agg_customer_first f");
            range(&mut q, "f.first_day", r);
            q
        }
        Who::Agents(_) => {
            let mut q = Sql::new("SELECT CAST(COUNT(*) AS BIGINT) FROM (");
            first_days(&mut q, who, r);
            q.push(") f");
            q
        }
    };
    q.query_scalar().fetch_one(&db.pool).await
}

/// (buyers, buyers with two or more sold orders) in the range.
pub(super) async fn buyers(db: &Db, who: &Who, r: DayRange) -> Result<(i64, i64), sqlx::Error> {
    let mut q = Sql::new(
        "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(CASE WHEN t.n >= 2 THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM (SELECT b.customer_id, SUM(b.orders) AS n FROM agg_buyer_day b",
    );
    range(&mut q, "b.day", r);
    agents(&mut q, "b.agent_id", who);
    q.push(" GROUP BY b.customer_id) t");
    q.query_as().fetch_one(&db.pool).await
}

/// Per month touched by the range (first business day): (month, new customers, buyers), each
/// month counted within the range only. Two grouped passes instead of two queries a month.
pub(super) async fn customers_by_month(db: &Db, who: &Who, r: DayRange) -> Result<(Vec<(i64, i64)>, Vec<(i64, i64)>), sqlx::Error> {
    let q = match who {
        Who::Team => {
            let m = month_sql("f.first_day");
            let mut q = Sql::new(&format!("SELECT {m}, CAST(COUNT(*) AS BIGINT) FROM agg_customer_first f"));
            range(&mut q, "f.first_day", r);
            q.push(&format!(" GROUP BY {m}"));
            q
        }
        Who::Agents(_) => {
            let m = month_sql("f.first_day");
            let mut q = Sql::new(&format!("SELECT {m}, CAST(COUNT(*) AS BIGINT) FROM ("));
            first_days(&mut q, who, r);
            q.push(&format!(") f GROUP BY {m}"));
            q
        }
    };
    let new: Vec<(i64, i64)> = q.query_as().fetch_all(&db.pool).await?;
    let m = month_sql("b.day");
    let mut q = Sql::new(&format!("SELECT t.m, CAST(COUNT(*) AS BIGINT) FROM (SELECT DISTINCT {m} AS m, b.customer_id FROM agg_buyer_day b"));
    range(&mut q, "b.day", r);
    agents(&mut q, "b.agent_id", who);
    q.push(") t GROUP BY t.m");
    let buyers: Vec<(i64, i64)> = q.query_as().fetch_all(&db.pool).await?;
    Ok((new, buyers))
}

/// Per agent in the range: (agent, sales fen, orders).
pub(super) async fn by_agent(db: &Db, who: &Who, channel: Option<&str>, r: DayRange) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    let mut q = Sql::new("SELECT a.agent_id, CAST(SUM(a.sales_fen) AS BIGINT), CAST(SUM(a.orders) AS BIGINT) FROM agg_sales_day a");
    range(&mut q, "a.day", r);
    agents(&mut q, "a.agent_id", who);
    eq_text(&mut q, "a.channel", channel);
    q.push(" GROUP BY a.agent_id");
    q.query_as().fetch_all(&db.pool).await
}

/// Per agent: customers whose first sold order (of this agent) falls in the range.
pub(super) async fn new_customers_by_agent(db: &Db, who: &Who, r: DayRange) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let mut q = Sql::new("SELECT f.agent_id, CAST(COUNT(*) AS BIGINT) FROM agg_agent_first f");
    range(&mut q, "f.first_day", r);
    agents(&mut q, "f.agent_id", who);
    q.push(" GROUP BY f.agent_id");
    q.query_as().fetch_all(&db.pool).await
}

/// The customers whose first sold order with the given agents falls in the range, with that
/// day: (customer_id, first_day). The customers area counts new customers of a line the same
/// way (first counted order within the caller's scope). A customer's first day with a line is
/// the earliest of its first days with the line's agents.
fn first_days(q: &mut Sql, who: &Who, r: DayRange) {
    q.push("SELECT f.customer_id, MIN(f.first_day) AS first_day FROM agg_agent_first f WHERE f.first_day >= ").int(r.from).push(" AND f.first_day < ").int(r.to);
    agents(q, "f.agent_id", who);
    q.push(" AND NOT EXISTS (SELECT 1 FROM agg_agent_first e WHERE e.customer_id = f.customer_id AND e.first_day < ").int(r.from);
    agents(q, "e.agent_id", who);
    q.push(") GROUP BY f.customer_id");
}

// ---- kept past customer figures ----

/// Changes so far to the business days before `to` (and rebuilds): what a kept figure of a
/// span ending at `to` depends on (new customers look back to the first order).
pub(super) async fn version(db: &Db, to: i64) -> Result<i64, sqlx::Error> {
    let mut q = Sql::new("SELECT CAST(COALESCE(SUM(v.version), 0) AS BIGINT) FROM agg_versions v WHERE v.day < ");
    q.int(to);
    q.query_scalar().fetch_one(&db.pool).await
}

/// A kept (new customers, buyers, repeat buyers) of `who`'s span, if kept at `version`.
pub(super) async fn kept(db: &Db, who: &str, kind: &str, r: DayRange, version: i64) -> Result<Option<(i64, i64, i64)>, sqlx::Error> {
    let mut q = Sql::new("SELECT new_customers, buyers, repeat_buyers FROM agg_past_cache WHERE who = ");
    q.text(who).push(" AND kind = ").text(kind).push(" AND from_day = ").int(r.from).push(" AND to_day = ").int(r.to).push(" AND version = ").int(version);
    q.query_as().fetch_optional(&db.pool).await
}

/// Keep a span's figures at `version`, replacing an older copy; copies over two days old go.
pub(super) async fn keep(conn: &mut AnyConnection, who: &str, kind: &str, r: DayRange, version: i64, c: (i64, i64, i64), now: i64) -> Result<(), sqlx::Error> {
    let mut q = Sql::new("DELETE FROM agg_past_cache WHERE (who = ");
    q.text(who).push(" AND kind = ").text(kind).push(" AND from_day = ").int(r.from).push(" AND to_day = ").int(r.to);
    q.push(") OR stored_at < ").int(now - 2 * DAY_MS);
    exec(conn, &q).await?;
    let mut q = Sql::new("INSERT INTO agg_past_cache (who, kind, from_day, to_day, version, new_customers, buyers, repeat_buyers, stored_at) VALUES (");
    q.text(who).push(", ").text(kind).push(", ").int(r.from).push(", ").int(r.to).push(", ").int(version);
    q.push(", ").int(c.0).push(", ").int(c.1).push(", ").int(c.2).push(", ").int(now).push(")");
    exec(conn, &q).await
}

/// The buyers of the recent days [split, to), customer by customer: (orders then, orders in
/// [from, split), rows before `split` at all) — with the agents' orders only for agents.
pub(super) async fn recent_buyers(db: &Db, who: &Who, from: i64, split: i64, to: i64) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    let mut q = Sql::new("SELECT t.n, (SELECT CAST(COALESCE(SUM(p.orders), 0) AS BIGINT) FROM agg_buyer_day p WHERE p.customer_id = t.customer_id AND p.day >= ");
    q.int(from).push(" AND p.day < ").int(split);
    agents(&mut q, "p.agent_id", who);
    q.push("), (SELECT CAST(COUNT(*) AS BIGINT) FROM agg_buyer_day e WHERE e.customer_id = t.customer_id AND e.day < ").int(split);
    agents(&mut q, "e.agent_id", who);
    q.push(") FROM (SELECT b.customer_id, CAST(SUM(b.orders) AS BIGINT) AS n FROM agg_buyer_day b");
    range(&mut q, "b.day", DayRange { from: split, to });
    agents(&mut q, "b.agent_id", who);
    q.push(" GROUP BY b.customer_id) t");
    q.query_as().fetch_all(&db.pool).await
}

/// Agents of the team: (id, upline, display name), all of them (levels need the tree).
pub(super) async fn agents_tree(db: &Db) -> Result<Vec<(i64, Option<i64>, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, parent_id, display_name FROM users WHERE role = 'agent' ORDER BY id").fetch_all(&db.pool).await
}

/// Categories that have sales or products.
pub(super) async fn categories(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT DISTINCT category FROM products ORDER BY category").fetch_all(&db.pool).await
}

/// Units per SKU sold in the range by the whole team.
pub(super) async fn sku_units(db: &Db, r: DayRange) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let mut q = Sql::new("SELECT d.sku_id, CAST(SUM(d.qty) AS BIGINT) FROM agg_team_sku_day d");
    range(&mut q, "d.day", r);
    q.push(" GROUP BY d.sku_id");
    q.query_as().fetch_all(&db.pool).await
}

// ---- targets and settings ----

pub(super) async fn targets(db: &Db, who: &Who, month: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let mut q = Sql::new("SELECT t.agent_id, t.target_fen FROM sales_targets t WHERE t.month = ");
    q.int(month);
    agents(&mut q, "t.agent_id", who);
    q.query_as().fetch_all(&db.pool).await
}

pub(super) async fn set_target(conn: &mut AnyConnection, agent: i64, month: i64, fen: i64, by: Option<i64>, at: i64) -> Result<(), sqlx::Error> {
    let mut q = Sql::new("INSERT INTO sales_targets (agent_id, month, target_fen, set_by, set_at) VALUES (");
    q.int(agent).push(", ").int(month).push(", ").int(fen).push(", ").opt_int(by).push(", ").int(at);
    q.push(") ON CONFLICT (agent_id, month) DO UPDATE SET target_fen = excluded.target_fen, set_by = excluded.set_by, set_at = excluded.set_at");
    exec(conn, &q).await
}

pub(super) async fn is_agent(conn: &mut AnyConnection, id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE id = $1 AND role = 'agent'").bind(id).fetch_one(conn).await?;
    Ok(n > 0)
}
