//! Payments, order balances and the orders a payment may match.

use super::rows_per_statement;
use crate::finance::logic::payment_flags;
use crate::finance::logic_match::Candidate;
use crate::finance::{MatchKind, Method, OrderBalance, PaymentFilter, PaymentId, PaymentKind, PaymentRow, PaymentState, PaymentView};
use crate::money::Money;
use crate::orders::{OrderId, OrderStatus};
use crate::page::Count;
use crate::sql::Sql;
use crate::state::Db;
use sqlx::{AnyConnection, FromRow};
use std::collections::HashMap;

/// A payment row to insert.
#[derive(Clone, Debug)]
pub(in crate::finance) struct NewRow {
    pub kind: PaymentKind,
    pub method: Method,
    pub amount_fen: i64,
    pub fee_fen: i64,
    pub payer: String,
    pub payer_account: String,
    pub txn_no: Option<String>,
    pub reference: String,
    pub note: String,
    pub paid_at: i64,
    pub book_day: i64,
    pub state: PaymentState,
    pub order_id: Option<i64>,
    pub refund_of: Option<i64>,
    pub match_kind: Option<MatchKind>,
    pub match_reason: String,
    pub matched_by: Option<i64>,
    pub import_id: Option<i64>,
    pub created_by: Option<i64>,
    pub at: i64,
}

/// Insert payments in multi-row statements; returns their ids in the order given.
pub(in crate::finance) async fn insert(conn: &mut AnyConnection, rows: &[NewRow]) -> Result<Vec<i64>, sqlx::Error> {
    let mut ids = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(rows_per_statement(21)) {
        let mut q = Sql::new(
            "INSERT INTO payments (kind, method, amount_fen, fee_fen, payer, payer_account, txn_no, reference, note, paid_at, \
             book_day, state, order_id, refund_of, match_kind, match_reason, matched_by, matched_at, import_id, created_by, created_at) VALUES ",
        );
        for (i, r) in chunk.iter().enumerate() {
            q.push(if i == 0 { "(" } else { ", (" });
            q.text(r.kind.code()).push(", ").text(r.method.code()).push(", ").int(r.amount_fen).push(", ").int(r.fee_fen).push(", ");
            q.text(r.payer.as_str()).push(", ").text(r.payer_account.as_str()).push(", ").opt_text(r.txn_no.as_deref()).push(", ");
            q.text(r.reference.as_str()).push(", ").text(r.note.as_str()).push(", ").int(r.paid_at).push(", ").int(r.book_day).push(", ");
            q.text(r.state.code()).push(", ").opt_int(r.order_id).push(", ").opt_int(r.refund_of).push(", ");
            q.opt_text(r.match_kind.map(MatchKind::code)).push(", ").text(r.match_reason.as_str()).push(", ").opt_int(r.matched_by).push(", ");
            q.opt_int(r.order_id.map(|_| r.at)).push(", ").opt_int(r.import_id).push(", ").opt_int(r.created_by).push(", ").int(r.at).push(")");
        }
        // Ids grow in row order on both databases (AUTOINCREMENT, a sequence); RETURNING's own
        // order is not promised, so sort.
        q.push(" RETURNING id");
        let mut got: Vec<i64> = q.query_scalar().fetch_all(&mut *conn).await?;
        got.sort_unstable();
        if got.len() != chunk.len() {
            return Err(sqlx::Error::Protocol(format!("inserted {} payments, got {} ids", chunk.len(), got.len())));
        }
        ids.extend(got);
    }
    Ok(ids)
}

/// Existing payments of a method by transaction number: txn → (id, amount, order).
pub(in crate::finance) async fn by_txn(conn: &mut AnyConnection, method: Method, txns: &[String]) -> Result<HashMap<String, (i64, i64, Option<i64>)>, sqlx::Error> {
    let mut out = HashMap::new();
    for chunk in txns.chunks(rows_per_statement(2)) {
        let mut q = Sql::new("SELECT id, txn_no, amount_fen, order_id FROM payments WHERE method = ");
        q.text(method.code()).push(" AND txn_no IN (");
        for (i, t) in chunk.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.text(t.as_str());
        }
        q.push(")");
        let rows: Vec<(i64, String, i64, Option<i64>)> = q.query_as().fetch_all(&mut *conn).await?;
        out.extend(rows.into_iter().map(|(id, t, a, o)| (t, (id, a, o))));
    }
    Ok(out)
}

/// Hand-entered payments of a method without a transaction number and not yet confirmed by
/// any bill line, paid in [from, to): (id, amount, paid_at).
pub(in crate::finance) async fn unconfirmed(conn: &mut AnyConnection, method: Method, from: i64, to: i64) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, p.amount_fen, p.paid_at FROM payments p WHERE p.kind = 'payment' AND p.method = $1 AND p.txn_no IS NULL \
         AND p.paid_at >= $2 AND p.paid_at < $3 AND NOT EXISTS (SELECT 1 FROM bill_lines l WHERE l.payment_id = p.id) ORDER BY p.paid_at, p.id",
    )
    .bind(method.code())
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await
}

pub(in crate::finance) async fn set_txn(conn: &mut AnyConnection, id: i64, txn_no: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE payments SET txn_no = $1 WHERE id = $2 AND txn_no IS NULL").bind(txn_no).bind(id).execute(conn).await?;
    Ok(())
}

#[derive(FromRow)]
struct CandidateRow {
    id: i64,
    order_no: Option<String>,
    recipient_name: String,
    mobile: String,
    created_at: i64,
    total_fen: i64,
    paid_fen: i64,
}

impl CandidateRow {
    fn into_candidate(self) -> Candidate {
        Candidate {
            order_id: self.id,
            order_no: self.order_no.unwrap_or_default(),
            recipient: self.recipient_name,
            mobile: self.mobile,
            created_at: self.created_at,
            total_fen: self.total_fen,
            paid_fen: self.paid_fen,
        }
    }
}

const CANDIDATE_COLUMNS: &str = "o.id, o.order_no, o.recipient_name, o.mobile, o.created_at, o.total_fen, COALESCE(b.paid_fen, 0) AS paid_fen \
     FROM orders o LEFT JOIN order_balances b ON b.order_id = o.id";

/// Orders placed in [from, to], not cancelled, with something left to pay.
pub(in crate::finance) async fn open_orders(conn: &mut AnyConnection, from: i64, to: i64) -> Result<Vec<Candidate>, sqlx::Error> {
    let sql = format!(
        "SELECT {CANDIDATE_COLUMNS} WHERE o.created_at >= $1 AND o.created_at <= $2 AND o.status <> 'cancelled' \
         AND o.total_fen > COALESCE(b.paid_fen, 0)"
    );
    let rows: Vec<CandidateRow> = sqlx::query_as(&sql).bind(from).bind(to).fetch_all(conn).await?;
    Ok(rows.into_iter().map(CandidateRow::into_candidate).collect())
}

/// Orders by number, whatever their state.
pub(in crate::finance) async fn orders_by_no(conn: &mut AnyConnection, nos: &[String]) -> Result<Vec<Candidate>, sqlx::Error> {
    let mut out = Vec::new();
    for chunk in nos.chunks(rows_per_statement(2)) {
        let mut q = Sql::new(&format!("SELECT {CANDIDATE_COLUMNS} WHERE o.order_no IN ("));
        for (i, n) in chunk.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.text(n.as_str());
        }
        q.push(")");
        let rows: Vec<CandidateRow> = q.query_as().fetch_all(&mut *conn).await?;
        out.extend(rows.into_iter().map(CandidateRow::into_candidate));
    }
    Ok(out)
}

/// An order by id as a candidate (for a match chosen by hand).
pub(in crate::finance) async fn order_candidate(conn: &mut AnyConnection, order_id: i64) -> Result<Option<Candidate>, sqlx::Error> {
    let sql = format!("SELECT {CANDIDATE_COLUMNS} WHERE o.id = $1");
    let row: Option<CandidateRow> = sqlx::query_as(&sql).bind(order_id).fetch_optional(conn).await?;
    Ok(row.map(CandidateRow::into_candidate))
}

/// Set an unmatched payment's state (matched or not). Returns rows changed (0: someone
/// matched it meanwhile).
pub(in crate::finance) async fn set_match(
    conn: &mut AnyConnection,
    id: i64,
    order_id: i64,
    kind: MatchKind,
    reason: &str,
    by: Option<i64>,
    at: i64,
) -> Result<u64, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE payments SET state = 'matched', order_id = $1, match_kind = $2, match_reason = $3, matched_by = $4, matched_at = $5 \
         WHERE id = $6 AND state <> 'matched'",
    )
    .bind(order_id)
    .bind(kind.code())
    .bind(reason)
    .bind(by)
    .bind(at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(r.rows_affected())
}

/// Undo a payment's match; returns its (order, amount) when it was matched.
pub(in crate::finance) async fn clear_match(conn: &mut AnyConnection, id: i64) -> Result<Option<(i64, i64)>, sqlx::Error> {
    let before: Option<(Option<i64>, i64)> =
        sqlx::query_as("SELECT order_id, amount_fen FROM payments WHERE id = $1 AND state = 'matched' AND kind = 'payment'").bind(id).fetch_optional(&mut *conn).await?;
    let Some((Some(order), amount)) = before else { return Ok(None) };
    let r = sqlx::query(
        "UPDATE payments SET state = 'unmatched', order_id = NULL, match_kind = NULL, match_reason = '', matched_by = NULL, matched_at = NULL \
         WHERE id = $1 AND state = 'matched' AND order_id = $2",
    )
    .bind(id)
    .bind(order)
    .execute(conn)
    .await?;
    Ok((r.rows_affected() == 1).then_some((order, amount)))
}

/// Point the refunds of a payment at its order (or at none); returns the sum moved.
pub(in crate::finance) async fn follow_refunds(conn: &mut AnyConnection, payment_id: i64, order_id: Option<i64>, reason: &str, at: i64) -> Result<i64, sqlx::Error> {
    let amounts: Vec<i64> = sqlx::query_scalar(
        "UPDATE payments SET order_id = $1, state = CASE WHEN $1 IS NULL THEN 'unmatched' ELSE 'matched' END, \
         match_kind = CASE WHEN $1 IS NULL THEN NULL ELSE 'refund' END, match_reason = CASE WHEN $1 IS NULL THEN '' ELSE $2 END, \
         matched_at = CASE WHEN $1 IS NULL THEN NULL ELSE $3 END WHERE refund_of = $4 AND kind = 'refund' RETURNING amount_fen",
    )
    .bind(order_id)
    .bind(reason)
    .bind(at)
    .bind(payment_id)
    .fetch_all(conn)
    .await?;
    Ok(amounts.iter().sum())
}

/// Change orders' balances: (order, paid +, refunded +, payments +). Deltas of one order are
/// summed first (one statement may not upsert a row twice).
pub(in crate::finance) async fn add_balances(conn: &mut AnyConnection, deltas: &[(i64, i64, i64, i64)]) -> Result<(), sqlx::Error> {
    let mut merged: std::collections::BTreeMap<i64, (i64, i64, i64)> = std::collections::BTreeMap::new();
    for (order, paid, refunded, n) in deltas {
        let e = merged.entry(*order).or_default();
        *e = (e.0 + paid, e.1 + refunded, e.2 + n);
    }
    let deltas: Vec<(i64, i64, i64, i64)> = merged.into_iter().map(|(o, (p, r, n))| (o, p, r, n)).collect();
    for chunk in deltas.chunks(rows_per_statement(4)) {
        let mut q = Sql::new("INSERT INTO order_balances (order_id, paid_fen, refunded_fen, payments) VALUES ");
        for (i, (order, paid, refunded, n)) in chunk.iter().enumerate() {
            q.push(if i == 0 { "(" } else { ", (" });
            q.int(*order).push(", ").int(*paid).push(", ").int(*refunded).push(", ").int(*n).push(")");
        }
        q.push(
            " ON CONFLICT (order_id) DO UPDATE SET paid_fen = order_balances.paid_fen + excluded.paid_fen, \
             refunded_fen = order_balances.refunded_fen + excluded.refunded_fen, payments = order_balances.payments + excluded.payments",
        );
        q.query().execute(&mut *conn).await?;
    }
    Ok(())
}

const RECEIVABLE: &str = "CASE WHEN order_balances.shipped_at IS NOT NULL AND order_balances.paid_fen < \
     (SELECT o.total_fen FROM orders o WHERE o.id = order_balances.order_id) THEN 1 ELSE 0 END";
/// What a receivable still owes (0 when it is none).
const DUE: &str = "CASE WHEN order_balances.shipped_at IS NOT NULL AND order_balances.paid_fen < \
     (SELECT o.total_fen FROM orders o WHERE o.id = order_balances.order_id) \
     THEN (SELECT o.total_fen FROM orders o WHERE o.id = order_balances.order_id) - order_balances.paid_fen ELSE 0 END";

/// Recompute the receivable mark and what is due of these orders (after payments or shipping changed).
pub(in crate::finance) async fn refresh_receivable(conn: &mut AnyConnection, order_ids: &[i64]) -> Result<(), sqlx::Error> {
    for chunk in order_ids.chunks(rows_per_statement(1)) {
        let mut q = Sql::new(&format!("UPDATE order_balances SET receivable = {RECEIVABLE}, due_fen = {DUE} WHERE order_id IN ("));
        q.ints(chunk).push(")");
        q.query().execute(&mut *conn).await?;
    }
    Ok(())
}

/// An order shipped: remember when (revenue recognised) and whether it is a receivable.
pub(in crate::finance) async fn mark_shipped(conn: &mut AnyConnection, order_id: i64, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO order_balances (order_id, shipped_at) VALUES ($1, $2) \
         ON CONFLICT (order_id) DO UPDATE SET shipped_at = excluded.shipped_at",
    )
    .bind(order_id)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    refresh_receivable(conn, &[order_id]).await
}

/// Add a shipped order to its day's totals.
pub(in crate::finance) async fn add_day(conn: &mut AnyConnection, day: i64, revenue_fen: i64, cogs_fen: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO finance_days (day, revenue_fen, shipped_orders, cogs_fen) VALUES ($1, $2, 1, $3) \
         ON CONFLICT (day) DO UPDATE SET revenue_fen = finance_days.revenue_fen + excluded.revenue_fen, \
         shipped_orders = finance_days.shipped_orders + 1, cogs_fen = finance_days.cogs_fen + excluded.cogs_fen",
    )
    .bind(day)
    .bind(revenue_fen)
    .bind(cogs_fen)
    .execute(conn)
    .await?;
    Ok(())
}

/// An order's total.
pub(in crate::finance) async fn order_total(conn: &mut AnyConnection, order_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT total_fen FROM orders WHERE id = $1").bind(order_id).fetch_one(conn).await
}

#[derive(FromRow)]
struct ListRow {
    id: i64,
    kind: String,
    method: String,
    amount_fen: i64,
    fee_fen: i64,
    payer: String,
    txn_no: Option<String>,
    paid_at: i64,
    book_day: i64,
    state: String,
    order_id: Option<i64>,
    refund_of: Option<i64>,
    order_no: Option<String>,
    total_fen: Option<i64>,
    paid_fen: Option<i64>,
    payments: Option<i64>,
}

impl ListRow {
    fn into_row(self) -> PaymentRow {
        let kind = PaymentKind::parse(&self.kind).unwrap_or(PaymentKind::Payment);
        let state = PaymentState::parse(&self.state).unwrap_or(PaymentState::Unmatched);
        let order = match (self.total_fen, self.paid_fen) {
            (Some(t), p) => Some((t, p.unwrap_or(0), self.payments.unwrap_or(0))),
            _ => None,
        };
        let adjustment = crate::time::day_of(self.paid_at) != self.book_day;
        PaymentRow {
            id: PaymentId(self.id),
            kind,
            method: Method::parse(&self.method).unwrap_or(Method::Cash),
            amount: Money::from_fen(self.amount_fen),
            fee: Money::from_fen(self.fee_fen),
            payer: self.payer,
            txn_no: self.txn_no.unwrap_or_default(),
            paid_at: self.paid_at,
            book_day: self.book_day,
            state,
            order_id: self.order_id.map(OrderId),
            order_no: self.order_no,
            flags: payment_flags(kind, state, self.refund_of.is_some(), order, adjustment),
        }
    }
}

const LIST_COLUMNS: &str = "p.id, p.kind, p.method, p.amount_fen, p.fee_fen, p.payer, p.txn_no, p.paid_at, p.book_day, p.state, \
     p.order_id, p.refund_of, o.order_no, o.total_fen, b.paid_fen, b.payments \
     FROM payments p LEFT JOIN orders o ON o.id = p.order_id LEFT JOIN order_balances b ON b.order_id = p.order_id";

fn list_where(q: &mut Sql, f: &PaymentFilter) {
    q.push(" WHERE 1 = 1");
    match f.view {
        PaymentView::All => {}
        PaymentView::Open => {
            // `state <> 'matched'` as written in the partial index payments_open, so both databases use it.
            q.push(" AND p.state <> 'matched' AND p.kind = 'payment'");
        }
        PaymentView::Matched => {
            q.push(" AND p.state = 'matched' AND p.kind = 'payment'");
        }
        PaymentView::Refunds => {
            q.push(" AND p.kind = 'refund'");
        }
        PaymentView::Duplicates => {
            q.push(
                " AND p.kind = 'payment' AND p.order_id IN (SELECT d.order_id FROM order_balances d JOIN orders od ON od.id = d.order_id \
                 WHERE d.payments > 1 AND d.paid_fen > od.total_fen)",
            );
        }
    }
    if let Some(m) = f.method {
        q.push(" AND p.method = ").text(m.code());
    }
}

/// A page of payments, newest payment time first, and the capped count.
pub(in crate::finance) async fn list(db: &Db, f: &PaymentFilter) -> Result<(Vec<PaymentRow>, Count), sqlx::Error> {
    let mut q = Sql::new(&format!("SELECT {LIST_COLUMNS}"));
    list_where(&mut q, f);
    q.seek("p.paid_at", "p.id", f.seek).order_page("p.paid_at", "p.id", f.seek);
    let rows: Vec<ListRow> = q.query_as().fetch_all(&db.pool).await?;
    let mut c = Sql::new("SELECT 1 FROM payments p");
    list_where(&mut c, f);
    let n: i64 = c.capped_count().query_scalar().fetch_one(&db.pool).await?;
    Ok((rows.into_iter().map(ListRow::into_row).collect(), Count::from_capped(n)))
}

/// One payment as a list row.
pub(in crate::finance) async fn row(conn: &mut AnyConnection, id: i64) -> Result<Option<PaymentRow>, sqlx::Error> {
    let sql = format!("SELECT {LIST_COLUMNS} WHERE p.id = $1");
    let r: Option<ListRow> = sqlx::query_as(&sql).bind(id).fetch_optional(conn).await?;
    Ok(r.map(ListRow::into_row))
}

/// Payments matched to an order, and refunds of a payment.
pub(in crate::finance) async fn rows_where(db: &Db, column: &'static str, id: i64) -> Result<Vec<PaymentRow>, sqlx::Error> {
    let sql = format!("SELECT {LIST_COLUMNS} WHERE p.{column} = $1 AND p.{column} IS NOT NULL ORDER BY p.paid_at, p.id LIMIT 200");
    let rows: Vec<ListRow> = sqlx::query_as(&sql).bind(id).fetch_all(&db.pool).await?;
    Ok(rows.into_iter().map(ListRow::into_row).collect())
}

/// The rest of a payment's detail.
#[derive(FromRow)]
pub(in crate::finance) struct DetailRow {
    pub payer_account: String,
    pub reference: String,
    pub note: String,
    pub match_kind: Option<String>,
    pub match_reason: String,
    pub matched_by: Option<String>,
    pub matched_at: Option<i64>,
    pub import_id: Option<i64>,
    pub refund_of: Option<i64>,
}

pub(in crate::finance) async fn detail(db: &Db, id: i64) -> Result<Option<DetailRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.payer_account, p.reference, p.note, p.match_kind, p.match_reason, u.display_name AS matched_by, p.matched_at, \
         p.import_id, p.refund_of FROM payments p LEFT JOIN users u ON u.id = p.matched_by WHERE p.id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

/// What matching needs of a stored payment.
#[derive(FromRow)]
pub(in crate::finance) struct Facts {
    pub kind: String,
    pub state: String,
    pub amount_fen: i64,
    pub payer: String,
    pub payer_account: String,
    pub paid_at: i64,
    pub reference: String,
    pub note: String,
}

pub(in crate::finance) async fn facts(conn: &mut AnyConnection, id: i64) -> Result<Option<Facts>, sqlx::Error> {
    sqlx::query_as(
        "SELECT kind, state, amount_fen, payer, payer_account, paid_at, reference, note FROM payments WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// An order's money.
pub(in crate::finance) async fn balance(conn: &mut AnyConnection, order_id: i64) -> Result<Option<OrderBalance>, sqlx::Error> {
    let row: Option<(i64, Option<String>, String, String, i64, Option<i64>, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT o.id, o.order_no, o.recipient_name, o.status, o.total_fen, b.paid_fen, b.refunded_fen, b.payments \
         FROM orders o LEFT JOIN order_balances b ON b.order_id = o.id WHERE o.id = $1",
    )
    .bind(order_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(id, no, recipient, status, total, paid, refunded, n)| OrderBalance {
        order_id: OrderId(id),
        order_no: no.unwrap_or_default(),
        recipient,
        status: OrderStatus::parse(&status).unwrap_or(OrderStatus::PendingPayment),
        total: Money::from_fen(total),
        paid: Money::from_fen(paid.unwrap_or(0)),
        refunded: Money::from_fen(refunded.unwrap_or(0)),
        payments: n.unwrap_or(0),
    }))
}

/// Agent names of orders (for candidate lists).
pub(in crate::finance) async fn agent_names(db: &Db, order_ids: &[i64]) -> Result<HashMap<i64, String>, sqlx::Error> {
    let mut q = Sql::new("SELECT o.id, u.display_name FROM orders o JOIN users u ON u.id = o.agent_id WHERE o.id IN (");
    q.ints(order_ids).push(")");
    let rows: Vec<(i64, String)> = q.query_as().fetch_all(&db.pool).await?;
    Ok(rows.into_iter().collect())
}
