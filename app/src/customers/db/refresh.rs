//! SQL of the CRM refresh (figures, lifecycle, RFM, automatic tags) and of the reports built
//! on its results (segments, stage movements, repurchase). Reads go by ranges of customer ids,
//! writes go in multi-row statements, so a full refresh of 100,000 customers is a few dozen
//! batched transactions.

use super::counted;
use crate::auth::Scope;
use crate::sql::Sql;
use sqlx::{AnyConnection, FromRow};

/// Counted-order figures of one customer: (id, orders, spend, first order at, last order at).
pub(in crate::customers) type Stats = (i64, i64, i64, Option<i64>, Option<i64>);

/// Figures of the customers with ids in `lo ..= hi` that have counted orders.
pub(in crate::customers) async fn stats(conn: &mut AnyConnection, lo: i64, hi: i64) -> Result<Vec<Stats>, sqlx::Error> {
    let mut q = Sql::new(
        "SELECT o.customer_id, COUNT(*), CAST(COALESCE(SUM(o.total_fen), 0) AS BIGINT), MIN(o.created_at), MAX(o.created_at) \
         FROM orders o WHERE o.customer_id BETWEEN ",
    );
    q.int(lo).push(" AND ").int(hi).push(" AND ");
    counted(&mut q, "o.status");
    q.push(" GROUP BY o.customer_id");
    q.query_as().fetch_all(conn).await
}

/// Every customer id, ascending.
pub(in crate::customers) async fn ids(conn: &mut AnyConnection) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM customers ORDER BY id").fetch_all(conn).await
}

#[derive(FromRow, Clone, Debug)]
pub(in crate::customers) struct Current {
    pub id: i64,
    pub stage: String,
    pub fields: String,
    pub orders_count: i64,
    pub spend_fen: i64,
    pub first_order_at: Option<i64>,
    pub last_order_at: Option<i64>,
    pub rfm_r: Option<i64>,
    pub rfm_f: Option<i64>,
    pub rfm_m: Option<i64>,
    pub segment: Option<String>,
}

/// What is stored now for the customers in `lo ..= hi`.
pub(in crate::customers) async fn current(conn: &mut AnyConnection, lo: i64, hi: i64) -> Result<Vec<Current>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, stage, fields, orders_count, spend_fen, first_order_at, last_order_at, rfm_r, rfm_f, rfm_m, segment \
         FROM customers WHERE id BETWEEN $1 AND $2 ORDER BY id",
    )
    .bind(lo)
    .bind(hi)
    .fetch_all(conn)
    .await
}

/// One counted order line since `since_ms`: (customer, order, order time, order discount,
/// SKU, line total). Unordered: the refresh groups them.
pub(in crate::customers) type LineFact = (i64, i64, i64, i64, i64, i64);

pub(in crate::customers) async fn lines(conn: &mut AnyConnection, lo: i64, hi: i64, since_ms: i64) -> Result<Vec<LineFact>, sqlx::Error> {
    let mut q = Sql::new(
        "SELECT o.customer_id, o.id, o.created_at, o.discount_fen, l.sku_id, l.line_total_fen \
         FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.customer_id BETWEEN ",
    );
    q.int(lo).push(" AND ").int(hi).push(" AND o.created_at >= ").int(since_ms).push(" AND ");
    counted(&mut q, "o.status");
    q.query_as().fetch_all(conn).await
}

/// The product and category of every SKU, or of the SKUs some customers bought:
/// (sku, product, category).
pub(in crate::customers) async fn sku_products(conn: &mut AnyConnection, customers: Option<&[i64]>) -> Result<Vec<(i64, i64, String)>, sqlx::Error> {
    let mut q = Sql::new("SELECT s.id, s.product_id, p.category FROM skus s JOIN products p ON p.id = s.product_id");
    if let Some(ids) = customers {
        q.push(" WHERE s.id IN (SELECT l.sku_id FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.customer_id IN (");
        q.ints(ids).push("))");
    }
    q.query_as().fetch_all(conn).await
}

/// On SQLite, give this connection a memory-mapped file and a large page cache while a full
/// refresh runs (it reads most orders and rewrites many index entries), and take them back
/// afterwards so the pooled connection is as before.
pub(in crate::customers) async fn big_cache(conn: &mut AnyConnection, backend: crate::state::Backend, on: bool) -> Result<(), sqlx::Error> {
    if backend == crate::state::Backend::Sqlite {
        let (mmap, cache) = if on { ("PRAGMA mmap_size = 4294967296", "PRAGMA cache_size = -131072") } else { ("PRAGMA mmap_size = 0", "PRAGMA cache_size = -2000") };
        sqlx::query(mmap).execute(&mut *conn).await?;
        sqlx::query(cache).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Consultation notes per customer in `lo ..= hi`.
pub(in crate::customers) async fn consultations(conn: &mut AnyConnection, lo: i64, hi: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT customer_id, COUNT(*) FROM customer_notes WHERE customer_id BETWEEN $1 AND $2 AND kind = 'consultation' GROUP BY customer_id",
    )
    .bind(lo)
    .bind(hi)
    .fetch_all(conn)
    .await
}

/// Automatic-tag memberships in `lo ..= hi` as (customer, tag).
pub(in crate::customers) async fn rule_tags(conn: &mut AnyConnection, lo: i64, hi: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT ct.customer_id, ct.tag_id FROM customer_tags ct JOIN crm_tags t ON t.id = ct.tag_id \
         WHERE ct.customer_id BETWEEN $1 AND $2 AND t.rule IS NOT NULL",
    )
    .bind(lo)
    .bind(hi)
    .fetch_all(conn)
    .await
}

/// New stored figures of one customer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(in crate::customers) struct Figures {
    pub id: i64,
    pub orders_count: i64,
    pub spend_fen: i64,
    pub first_order_at: Option<i64>,
    pub last_order_at: Option<i64>,
    pub stage: &'static str,
    pub rfm: Option<(i64, i64, i64)>,
    pub segment: Option<&'static str>,
}

const ROWS_PER_STATEMENT: usize = 400;

/// Write changed figures, many customers per statement (`UPDATE … FROM (VALUES …)`, which
/// both databases take; VALUES columns are `column1 …`).
pub(in crate::customers) async fn write_figures(conn: &mut AnyConnection, rows: &[Figures]) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut q = Sql::new(
            "UPDATE customers SET orders_count = v.column2, spend_fen = v.column3, first_order_at = v.column4, last_order_at = v.column5, \
             stage = v.column6, rfm_r = v.column7, rfm_f = v.column8, rfm_m = v.column9, segment = v.column10 FROM (VALUES ",
        );
        for (i, f) in chunk.iter().enumerate() {
            q.push(if i == 0 { "(" } else { ", (" });
            q.int(f.id).push(", ").int(f.orders_count).push(", ").int(f.spend_fen).push(", ");
            q.opt_int(f.first_order_at).push(", ").opt_int(f.last_order_at).push(", ").text(f.stage).push(", ");
            q.opt_int(f.rfm.map(|r| r.0)).push(", ").opt_int(f.rfm.map(|r| r.1)).push(", ").opt_int(f.rfm.map(|r| r.2)).push(", ");
            q.opt_text(f.segment).push(")");
        }
        q.push(") AS v WHERE customers.id = v.column1");
        q.query().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Stage changes as (customer, from, to, day), recorded at `at`.
pub(in crate::customers) async fn insert_stage_changes(conn: &mut AnyConnection, rows: &[(i64, Option<&str>, &str, i64)], at: i64) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut q = Sql::new("INSERT INTO crm_stage_changes (customer_id, from_stage, to_stage, day, at) VALUES ");
        for (i, (c, from, to, day)) in chunk.iter().enumerate() {
            q.push(if i == 0 { "(" } else { ", (" });
            q.int(*c).push(", ").opt_text(*from).push(", ").text(*to).push(", ").int(*day).push(", ").int(at).push(")");
        }
        q.query().execute(&mut *conn).await?;
    }
    Ok(())
}

pub(in crate::customers) async fn add_tags(conn: &mut AnyConnection, rows: &[(i64, i64)], at: i64) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut q = Sql::new("INSERT INTO customer_tags (customer_id, tag_id, at) VALUES ");
        for (i, (c, t)) in chunk.iter().enumerate() {
            q.push(if i == 0 { "(" } else { ", (" });
            q.int(*c).push(", ").int(*t).push(", ").int(at).push(")");
        }
        q.push(" ON CONFLICT (customer_id, tag_id) DO NOTHING");
        q.query().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Remove memberships, grouped by tag so each statement walks the tag's index.
pub(in crate::customers) async fn remove_tags(conn: &mut AnyConnection, rows: &[(i64, i64)]) -> Result<(), sqlx::Error> {
    let mut by_tag: std::collections::BTreeMap<i64, Vec<i64>> = std::collections::BTreeMap::new();
    for (c, t) in rows {
        by_tag.entry(*t).or_default().push(*c);
    }
    for (tag, customers) in by_tag {
        for chunk in customers.chunks(ROWS_PER_STATEMENT) {
            let mut q = Sql::new("DELETE FROM customer_tags WHERE tag_id = ");
            q.int(tag).push(" AND customer_id IN (").ints(chunk).push(")");
            q.query().execute(&mut *conn).await?;
        }
    }
    Ok(())
}

/// Customers, spend and scored customers per segment (and unscored) in `scope`, optionally one agent.
pub(in crate::customers) async fn segments(conn: &mut AnyConnection, scope: &Scope, agent: Option<i64>) -> Result<Vec<(Option<String>, i64, i64)>, sqlx::Error> {
    let mut q = Sql::new("SELECT c.segment, COUNT(*), CAST(COALESCE(SUM(c.spend_fen), 0) AS BIGINT) FROM customers c WHERE ");
    q.scope("c.agent_id", scope);
    if let Some(a) = agent {
        q.push(" AND c.agent_id = ").int(a);
    }
    q.push(" GROUP BY c.segment");
    q.query_as().fetch_all(conn).await
}

pub(in crate::customers) async fn stages(conn: &mut AnyConnection, scope: &Scope, agent: Option<i64>) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let mut q = Sql::new("SELECT c.stage, COUNT(*) FROM customers c WHERE ");
    q.scope("c.agent_id", scope);
    if let Some(a) = agent {
        q.push(" AND c.agent_id = ").int(a);
    }
    q.push(" GROUP BY c.stage");
    q.query_as().fetch_all(conn).await
}

/// Stage changes from business day `from_day` on, in scope: (from, to, day).
pub(in crate::customers) async fn stage_changes(conn: &mut AnyConnection, scope: &Scope, agent: Option<i64>, from_day: i64) -> Result<Vec<(Option<String>, String, i64)>, sqlx::Error> {
    let mut q = Sql::new("SELECT s.from_stage, s.to_stage, s.day FROM crm_stage_changes s JOIN customers c ON c.id = s.customer_id WHERE s.day >= ");
    q.int(from_day).push(" AND ").scope("c.agent_id", scope);
    if let Some(a) = agent {
        q.push(" AND c.agent_id = ").int(a);
    }
    q.push(" LIMIT 500000");
    q.query_as().fetch_all(conn).await
}

/// Counted orders in `[from_ms, to_ms)` in scope: (customer, selling agent, created at).
pub(in crate::customers) async fn orders_between(conn: &mut AnyConnection, scope: &Scope, from_ms: i64, to_ms: i64) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    let mut q = Sql::new("SELECT o.customer_id, o.agent_id, o.created_at FROM orders o WHERE o.created_at >= ");
    q.int(from_ms).push(" AND o.created_at < ").int(to_ms).push(" AND ");
    counted(&mut q, "o.status");
    q.push(" AND ").scope("o.agent_id", scope);
    q.query_as().fetch_all(conn).await
}

/// First counted order (all time) of customers in scope that ordered before `before_ms`:
/// (customer, agent of that order, first order at).
pub(in crate::customers) async fn first_orders_before(conn: &mut AnyConnection, scope: &Scope, before_ms: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let mut q = Sql::new("SELECT o.customer_id, MIN(o.created_at) FROM orders o WHERE o.created_at < ");
    q.int(before_ms).push(" AND ");
    counted(&mut q, "o.status");
    q.push(" AND ").scope("o.agent_id", scope);
    q.push(" GROUP BY o.customer_id");
    q.query_as().fetch_all(conn).await
}
