//! The books: expenses and their categories, the P&L's sums, closed months, receivables, and
//! the checks that the totals kept as orders ship equal a scan of orders and the ledger.

use super::rows_per_statement;
use crate::finance::{Category, ExpenseFilter, ExpenseId, ExpenseRow, ExpenseSource, ReceivableRow};
use crate::money::Money;
use crate::orders::OrderId;
use crate::page::Count;
use crate::sql::Sql;
use crate::state::Db;
use crate::time::day_bucket_sql;
use sqlx::{AnyConnection, FromRow};

/// Of these orders, those whose matched payments cover their total.
pub(in crate::finance) async fn fully_paid(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<i64>, sqlx::Error> {
    let mut out = Vec::new();
    for chunk in ids.chunks(rows_per_statement(2)) {
        let mut q = Sql::new("SELECT b.order_id FROM order_balances b JOIN orders o ON o.id = b.order_id WHERE b.paid_fen >= o.total_fen AND b.order_id IN (");
        q.ints(chunk).push(")");
        let got: Vec<i64> = q.query_scalar().fetch_all(&mut *conn).await?;
        out.extend(got);
    }
    Ok(out)
}

// ---- categories and expenses -------------------------------------------------------------

pub(in crate::finance) async fn categories(conn: &mut AnyConnection) -> Result<Vec<Category>, sqlx::Error> {
    let rows: Vec<(i64, Option<String>, String)> = sqlx::query_as("SELECT id, code, name FROM expense_categories ORDER BY id").fetch_all(conn).await?;
    Ok(rows.into_iter().map(|(id, code, name)| Category { id, code, name }).collect())
}

pub(in crate::finance) async fn insert_category(conn: &mut AnyConnection, name: &str, at: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO expense_categories (name, created_at) VALUES ($1, $2) RETURNING id").bind(name).bind(at).fetch_one(conn).await
}

/// An expense to insert.
pub(in crate::finance) struct NewExpenseRow {
    pub category_id: i64,
    pub amount_fen: i64,
    pub spent_at: i64,
    pub book_day: i64,
    pub note: String,
    pub source: ExpenseSource,
    pub import_id: Option<i64>,
    pub created_by: Option<i64>,
    pub at: i64,
}

/// Insert expenses; returns their ids in the order given.
pub(in crate::finance) async fn insert_expenses(conn: &mut AnyConnection, rows: &[NewExpenseRow]) -> Result<Vec<i64>, sqlx::Error> {
    let mut ids = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(rows_per_statement(9)) {
        let mut q = Sql::new("INSERT INTO expenses (category_id, amount_fen, spent_at, book_day, note, source, import_id, created_by, created_at) VALUES ");
        for (i, r) in chunk.iter().enumerate() {
            q.push(if i == 0 { "(" } else { ", (" });
            q.int(r.category_id).push(", ").int(r.amount_fen).push(", ").int(r.spent_at).push(", ").int(r.book_day).push(", ");
            q.text(r.note.as_str()).push(", ").text(r.source.code()).push(", ").opt_int(r.import_id).push(", ").opt_int(r.created_by).push(", ");
            q.int(r.at).push(")");
        }
        q.push(" RETURNING id");
        let mut got: Vec<i64> = q.query_scalar().fetch_all(&mut *conn).await?;
        got.sort_unstable();
        ids.extend(got);
    }
    Ok(ids)
}

#[derive(FromRow)]
struct ExpenseDbRow {
    id: i64,
    category_id: i64,
    code: Option<String>,
    name: String,
    amount_fen: i64,
    spent_at: i64,
    book_day: i64,
    note: String,
    source: String,
    by_name: Option<String>,
}

fn expense_where(q: &mut Sql, f: &ExpenseFilter, days: Option<(i64, i64)>) {
    q.push(" WHERE 1 = 1");
    if let Some((from, to)) = days {
        q.push(" AND e.book_day >= ").int(from).push(" AND e.book_day < ").int(to);
    }
    if let Some(c) = f.category_id {
        q.push(" AND e.category_id = ").int(c);
    }
}

/// A page of expenses (newest first) in a range of booking days, and the capped count.
pub(in crate::finance) async fn list_expenses(db: &Db, f: &ExpenseFilter, days: Option<(i64, i64)>) -> Result<(Vec<ExpenseRow>, Count), sqlx::Error> {
    let mut q = Sql::new(
        "SELECT e.id, e.category_id, c.code, c.name, e.amount_fen, e.spent_at, e.book_day, e.note, e.source, u.display_name AS by_name \
         FROM expenses e JOIN expense_categories c ON c.id = e.category_id LEFT JOIN users u ON u.id = e.created_by",
    );
    expense_where(&mut q, f, days);
    q.seek("e.spent_at", "e.id", f.seek).order_page("e.spent_at", "e.id", f.seek);
    let rows: Vec<ExpenseDbRow> = q.query_as().fetch_all(&db.pool).await?;
    let mut c = Sql::new("SELECT 1 FROM expenses e");
    expense_where(&mut c, f, days);
    let n: i64 = c.capped_count().query_scalar().fetch_one(&db.pool).await?;
    let rows = rows
        .into_iter()
        .map(|r| ExpenseRow {
            id: ExpenseId(r.id),
            category: Category { id: r.category_id, code: r.code, name: r.name },
            amount: Money::from_fen(r.amount_fen),
            spent_at: r.spent_at,
            book_day: r.book_day,
            note: r.note,
            source: ExpenseSource::parse(&r.source).unwrap_or(ExpenseSource::Manual),
            by: r.by_name.unwrap_or_default(),
        })
        .collect();
    Ok((rows, Count::from_capped(n)))
}

/// (source, book day, amount) of an expense.
pub(in crate::finance) async fn expense_head(conn: &mut AnyConnection, id: i64) -> Result<Option<(String, i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT source, book_day, amount_fen FROM expenses WHERE id = $1").bind(id).fetch_optional(conn).await
}

pub(in crate::finance) async fn delete_expense(conn: &mut AnyConnection, id: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM expenses WHERE id = $1 AND source <> 'bill_fee'").bind(id).execute(conn).await?.rows_affected())
}

// ---- the P&L -----------------------------------------------------------------------------

/// (day, revenue, shipped orders, cost of goods) kept as orders shipped, in [from, to).
pub(in crate::finance) async fn days(conn: &mut AnyConnection, from: i64, to: i64) -> Result<Vec<(i64, i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT day, revenue_fen, shipped_orders, cogs_fen FROM finance_days WHERE day >= $1 AND day < $2 ORDER BY day")
        .bind(from)
        .bind(to)
        .fetch_all(conn)
        .await
}

/// (day, category, sum) of expenses booked in [from, to).
pub(in crate::finance) async fn expenses_by_day(conn: &mut AnyConnection, from: i64, to: i64) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT book_day, category_id, CAST(SUM(amount_fen) AS BIGINT) FROM expenses WHERE book_day >= $1 AND book_day < $2 \
         GROUP BY book_day, category_id ORDER BY book_day, category_id",
    )
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await
}

/// (day, method, kind, sum) of payments and bill refunds booked in [from, to).
pub(in crate::finance) async fn cash_by_day(conn: &mut AnyConnection, from: i64, to: i64) -> Result<Vec<(i64, String, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT book_day, method, kind, CAST(SUM(amount_fen) AS BIGINT) FROM payments WHERE book_day >= $1 AND book_day < $2 \
         GROUP BY book_day, method, kind",
    )
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await
}

/// Number and sum of receivables (shipped, paid less than the total), and the oldest 50.
pub(in crate::finance) async fn receivables(conn: &mut AnyConnection) -> Result<(i64, i64, Vec<ReceivableRow>), sqlx::Error> {
    // From the (receivable, due_fen) index alone.
    let (n, sum): (i64, i64) = sqlx::query_as("SELECT COUNT(*), CAST(COALESCE(SUM(due_fen), 0) AS BIGINT) FROM order_balances WHERE receivable = 1")
    .fetch_one(&mut *conn)
    .await?;
    let rows: Vec<(i64, Option<String>, String, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT o.id, o.order_no, o.recipient_name, u.display_name, o.total_fen, b.paid_fen, b.shipped_at \
         FROM order_balances b JOIN orders o ON o.id = b.order_id JOIN users u ON u.id = o.agent_id \
         WHERE b.receivable = 1 ORDER BY b.shipped_at, b.order_id LIMIT 50",
    )
    .fetch_all(conn)
    .await?;
    let rows = rows
        .into_iter()
        .map(|(id, no, recipient, agent, total, paid, shipped)| ReceivableRow {
            order_id: OrderId(id),
            order_no: no.unwrap_or_default(),
            recipient,
            agent_name: agent,
            total: Money::from_fen(total),
            paid: Money::from_fen(paid),
            shipped_at: shipped,
        })
        .collect();
    Ok((n, sum, rows))
}

/// A closed month: (by, at, revenue, refunds, cogs, expenses, net).
#[derive(FromRow)]
pub(in crate::finance) struct ClosedRow {
    pub month_start: i64,
    pub by_name: Option<String>,
    pub closed_at: i64,
    pub revenue_fen: i64,
    pub refunds_fen: i64,
    pub cogs_fen: i64,
    pub expenses_fen: i64,
    pub net_fen: i64,
}

const CLOSED_SELECT: &str = "SELECT p.month_start, u.display_name AS by_name, p.closed_at, p.revenue_fen, p.refunds_fen, p.cogs_fen, \
     p.expenses_fen, p.net_fen FROM closed_periods p LEFT JOIN users u ON u.id = p.closed_by";

pub(in crate::finance) async fn closed(conn: &mut AnyConnection, month_start: i64) -> Result<Option<ClosedRow>, sqlx::Error> {
    sqlx::query_as(&format!("{CLOSED_SELECT} WHERE p.month_start = $1")).bind(month_start).fetch_optional(conn).await
}

pub(in crate::finance) async fn closed_all(conn: &mut AnyConnection) -> Result<Vec<ClosedRow>, sqlx::Error> {
    sqlx::query_as(&format!("{CLOSED_SELECT} ORDER BY p.month_start DESC")).fetch_all(conn).await
}

pub(in crate::finance) async fn insert_closed(conn: &mut AnyConnection, c: &ClosedRow, by: Option<i64>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO closed_periods (month_start, revenue_fen, refunds_fen, cogs_fen, expenses_fen, net_fen, closed_by, closed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(c.month_start)
    .bind(c.revenue_fen)
    .bind(c.refunds_fen)
    .bind(c.cogs_fen)
    .bind(c.expenses_fen)
    .bind(c.net_fen)
    .bind(by)
    .bind(c.closed_at)
    .execute(conn)
    .await?;
    Ok(())
}

// ---- totals kept as orders ship, and their proof -----------------------------------------

/// Revenue, shipped orders and cost of goods per day, from a scan of the orders' shipment
/// events (and the ledger): what `finance_days` must equal.
fn days_scan_sql() -> String {
    let day = day_bucket_sql("e.at");
    format!(
        "SELECT {day} AS day, CAST(SUM(o.total_fen) AS BIGINT) AS revenue_fen, COUNT(*) AS shipped_orders, CAST(SUM(COALESCE(c.cost_fen, 0)) AS BIGINT) AS cogs_fen \
         FROM order_events e JOIN orders o ON o.id = e.order_id LEFT JOIN ({costs}) c ON c.order_id = o.id \
         WHERE e.to_status = 'shipped' GROUP BY {day}",
        costs = crate::inventory::service::ORDER_COSTS_SQL
    )
}

/// What `order_balances` must equal: matched payments and refunds per order, the first
/// shipment, the receivable mark and what it still owes.
const BALANCES_SCAN: &str = "SELECT o.id AS order_id, COALESCE(p.paid, 0) AS paid_fen, COALESCE(p.refunded, 0) AS refunded_fen, \
     COALESCE(p.n, 0) AS payments, e.at AS shipped_at, \
     CASE WHEN e.at IS NOT NULL AND COALESCE(p.paid, 0) < o.total_fen THEN 1 ELSE 0 END AS receivable, \
     CASE WHEN e.at IS NOT NULL AND COALESCE(p.paid, 0) < o.total_fen THEN o.total_fen - COALESCE(p.paid, 0) ELSE 0 END AS due_fen \
     FROM orders o \
     LEFT JOIN (SELECT order_id, CAST(SUM(CASE WHEN kind = 'payment' THEN amount_fen ELSE 0 END) AS BIGINT) AS paid, \
                CAST(SUM(CASE WHEN kind = 'refund' THEN amount_fen ELSE 0 END) AS BIGINT) AS refunded, \
                CAST(SUM(CASE WHEN kind = 'payment' THEN 1 ELSE 0 END) AS BIGINT) AS n \
                FROM payments WHERE state = 'matched' GROUP BY order_id) p ON p.order_id = o.id \
     LEFT JOIN (SELECT order_id, MIN(at) AS at FROM order_events WHERE to_status = 'shipped' GROUP BY order_id) e ON e.order_id = o.id \
     WHERE p.order_id IS NOT NULL OR e.order_id IS NOT NULL";

/// Days whose kept totals differ from the scan (either way). Must be empty.
pub(in crate::finance) async fn days_mismatches(db: &Db) -> Result<Vec<i64>, sqlx::Error> {
    let scan = days_scan_sql();
    let sql = format!(
        "SELECT day FROM (SELECT day, revenue_fen, shipped_orders, cogs_fen FROM finance_days EXCEPT {scan}) a \
         UNION SELECT day FROM ({scan} EXCEPT SELECT day, revenue_fen, shipped_orders, cogs_fen FROM finance_days) b ORDER BY day LIMIT 1000"
    );
    sqlx::query_scalar(&sql).fetch_all(&db.pool).await
}

/// Orders whose kept balance differs from the scan (either way). Must be empty.
pub(in crate::finance) async fn balance_mismatches(db: &Db) -> Result<Vec<i64>, sqlx::Error> {
    let kept = "SELECT order_id, paid_fen, refunded_fen, payments, shipped_at, receivable, due_fen FROM order_balances \
                WHERE paid_fen <> 0 OR refunded_fen <> 0 OR payments <> 0 OR shipped_at IS NOT NULL";
    let sql = format!(
        "SELECT order_id FROM ({kept} EXCEPT {BALANCES_SCAN}) a UNION SELECT order_id FROM ({BALANCES_SCAN} EXCEPT {kept}) b \
         ORDER BY order_id LIMIT 1000"
    );
    sqlx::query_scalar(&sql).fetch_all(&db.pool).await
}

/// Imports whose booked fees differ from the fees of their lines. Must be empty.
pub(in crate::finance) async fn fee_mismatches(db: &Db) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT i.id FROM bill_imports i \
         LEFT JOIN (SELECT import_id, CAST(SUM(fee_fen) AS BIGINT) AS f FROM bill_lines GROUP BY import_id) l ON l.import_id = i.id \
         LEFT JOIN (SELECT import_id, CAST(SUM(amount_fen) AS BIGINT) AS f FROM expenses WHERE source = 'bill_fee' GROUP BY import_id) e ON e.import_id = i.id \
         WHERE COALESCE(l.f, 0) <> COALESCE(e.f, 0) ORDER BY i.id LIMIT 1000",
    )
    .fetch_all(&db.pool)
    .await
}

/// Rebuild the kept totals from a scan (after a bulk load: the demo seed, the generator).
pub(in crate::finance) async fn rebuild(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM finance_days").execute(&mut *conn).await?;
    sqlx::query(&format!("INSERT INTO finance_days (day, revenue_fen, shipped_orders, cogs_fen) {}", days_scan_sql())).execute(&mut *conn).await?;
    sqlx::query("DELETE FROM order_balances").execute(&mut *conn).await?;
    sqlx::query(&format!("INSERT INTO order_balances (order_id, paid_fen, refunded_fen, payments, shipped_at, receivable, due_fen) {BALANCES_SCAN}"))
        .execute(&mut *conn)
        .await?;
    Ok(())
}
