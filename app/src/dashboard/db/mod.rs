//! Every SQL statement of the dashboard area (ssr only). Figures come from the aggregates
//! (`agg_*` tables), which the orders area moves in its own transactions through
//! `dashboard::service::record_sale` (their upkeep is in `upkeep`); sales are orders in a sold
//! status (`OrderStatus::SOLD`) counted on the business day (Asia/Shanghai) they were created.
//! This file has the reads: ranges for the views, kept customer figures, targets.

mod upkeep;
pub(super) use upkeep::*;

use super::DayRange;
use crate::auth::Scope;
use crate::orders::OrderStatus;
use crate::sql::Sql;
use crate::state::Db;
use crate::time::DAY_MS;
use sqlx::AnyConnection;

async fn exec(conn: &mut AnyConnection, q: &Sql) -> Result<(), sqlx::Error> {
    q.query().execute(&mut *conn).await.map(|_| ())
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
