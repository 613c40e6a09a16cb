//! Uploads waiting for import, bill imports and their lines, bank mappings, and the sums the
//! reconciliation compares.

use super::rows_per_statement;
use crate::finance::bills::{BillFormat, BillProvider, Direction};
use crate::finance::{BillImportId, BillImportRow, UploadKind};
use crate::sql::Sql;
use crate::state::Db;
use crate::time::day_bucket_sql;
use sqlx::{AnyConnection, FromRow};
use std::collections::HashSet;

// ---- uploads -----------------------------------------------------------------------------

pub(in crate::finance) struct Upload {
    pub file_name: String,
    pub content: Vec<u8>,
    pub sha256: String,
}

pub(in crate::finance) async fn insert_upload(
    conn: &mut AnyConnection,
    token: &str,
    user_id: i64,
    kind: UploadKind,
    file_name: &str,
    content: &[u8],
    sha256: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO finance_uploads (token, user_id, kind, file_name, content, sha256, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(token)
        .bind(user_id)
        .bind(kind.code())
        .bind(file_name)
        .bind(content.to_vec())
        .bind(sha256)
        .bind(at)
        .execute(conn)
        .await?;
    Ok(())
}

/// The caller's own upload of this kind, not older than `since`.
pub(in crate::finance) async fn upload(conn: &mut AnyConnection, token: &str, user_id: i64, kind: UploadKind, since: i64) -> Result<Option<Upload>, sqlx::Error> {
    let row: Option<(String, Vec<u8>, String)> = sqlx::query_as(
        "SELECT file_name, content, sha256 FROM finance_uploads WHERE token = $1 AND user_id = $2 AND kind = $3 AND created_at >= $4",
    )
    .bind(token)
    .bind(user_id)
    .bind(kind.code())
    .bind(since)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(file_name, content, sha256)| Upload { file_name, content, sha256 }))
}

pub(in crate::finance) async fn delete_upload(conn: &mut AnyConnection, token: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM finance_uploads WHERE token = $1").bind(token).execute(conn).await?;
    Ok(())
}

pub(in crate::finance) async fn purge_uploads(conn: &mut AnyConnection, before: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM finance_uploads WHERE created_at < $1").bind(before).execute(conn).await?.rows_affected())
}

// ---- imports and lines -------------------------------------------------------------------

/// The import of a file with this SHA-256, if any.
pub(in crate::finance) async fn import_by_sha(conn: &mut AnyConnection, sha256: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM bill_imports WHERE file_sha256 = $1").bind(sha256).fetch_optional(conn).await
}

/// Of these transaction numbers, those already in a bill of this provider.
pub(in crate::finance) async fn known_lines(conn: &mut AnyConnection, provider: BillProvider, txns: &[&str]) -> Result<HashSet<String>, sqlx::Error> {
    let mut out = HashSet::new();
    for chunk in txns.chunks(rows_per_statement(2)) {
        let mut q = Sql::new("SELECT txn_no FROM bill_lines WHERE provider = ");
        q.text(provider.code()).push(" AND txn_no IN (");
        for (i, t) in chunk.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.text(*t);
        }
        q.push(")");
        let got: Vec<String> = q.query_scalar().fetch_all(&mut *conn).await?;
        out.extend(got);
    }
    Ok(out)
}

pub(in crate::finance) struct NewImport<'a> {
    pub provider: BillProvider,
    pub format: BillFormat,
    pub file_name: &'a str,
    pub sha256: &'a str,
    pub lines_total: i64,
    pub first_at: Option<i64>,
    pub last_at: Option<i64>,
    pub by: Option<i64>,
    pub at: i64,
}

pub(in crate::finance) async fn insert_import(conn: &mut AnyConnection, i: &NewImport<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO bill_imports (provider, format, file_name, file_sha256, lines_total, lines_new, payments_new, matched, first_at, last_at, \
         created_by, created_at) VALUES ($1, $2, $3, $4, $5, 0, 0, 0, $6, $7, $8, $9) RETURNING id",
    )
    .bind(i.provider.code())
    .bind(i.format.code())
    .bind(i.file_name)
    .bind(i.sha256)
    .bind(i.lines_total)
    .bind(i.first_at)
    .bind(i.last_at)
    .bind(i.by)
    .bind(i.at)
    .fetch_one(conn)
    .await
}

pub(in crate::finance) async fn finish_import(conn: &mut AnyConnection, id: i64, lines_new: i64, payments_new: i64, matched: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE bill_imports SET lines_new = $1, payments_new = $2, matched = $3 WHERE id = $4")
        .bind(lines_new)
        .bind(payments_new)
        .bind(matched)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A bill line to insert.
pub(in crate::finance) struct NewLine {
    pub txn_no: String,
    pub direction: Direction,
    pub amount_fen: i64,
    pub fee_fen: i64,
    pub at: i64,
    pub counterparty: String,
    pub merchant_order_no: Option<String>,
    pub status: String,
    pub refund_of_txn: Option<String>,
    pub payment_id: Option<i64>,
    pub raw_row: u32,
}

pub(in crate::finance) async fn insert_lines(conn: &mut AnyConnection, import_id: i64, provider: BillProvider, lines: &[NewLine]) -> Result<(), sqlx::Error> {
    for chunk in lines.chunks(rows_per_statement(14)) {
        let mut q = Sql::new(
            "INSERT INTO bill_lines (import_id, provider, txn_no, direction, amount_fen, fee_fen, at, day, counterparty, merchant_order_no, \
             status, refund_of_txn, payment_id, raw_row) VALUES ",
        );
        for (i, l) in chunk.iter().enumerate() {
            q.push(if i == 0 { "(" } else { ", (" });
            q.int(import_id).push(", ").text(provider.code()).push(", ").text(l.txn_no.as_str()).push(", ").text(l.direction.code()).push(", ");
            q.int(l.amount_fen).push(", ").int(l.fee_fen).push(", ").int(l.at).push(", ").int(crate::time::day_of(l.at)).push(", ");
            q.text(l.counterparty.as_str()).push(", ").opt_text(l.merchant_order_no.as_deref()).push(", ").text(l.status.as_str()).push(", ");
            q.opt_text(l.refund_of_txn.as_deref()).push(", ").opt_int(l.payment_id).push(", ").int(l.raw_row as i64).push(")");
        }
        q.query().execute(&mut *conn).await?;
    }
    Ok(())
}

#[derive(FromRow)]
struct ImportDbRow {
    id: i64,
    provider: String,
    format: String,
    file_name: String,
    lines_total: i64,
    lines_new: i64,
    payments_new: i64,
    matched: i64,
    first_at: Option<i64>,
    last_at: Option<i64>,
    by_name: Option<String>,
    created_at: i64,
}

/// The latest imports.
pub(in crate::finance) async fn imports(db: &Db, limit: i64) -> Result<Vec<BillImportRow>, sqlx::Error> {
    let rows: Vec<ImportDbRow> = sqlx::query_as(
        "SELECT i.id, i.provider, i.format, i.file_name, i.lines_total, i.lines_new, i.payments_new, i.matched, i.first_at, i.last_at, \
         u.display_name AS by_name, i.created_at FROM bill_imports i LEFT JOIN users u ON u.id = i.created_by ORDER BY i.id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| BillImportRow {
            id: BillImportId(r.id),
            provider: BillProvider::parse(&r.provider).unwrap_or(BillProvider::Bank),
            format: BillFormat::parse(&r.format).unwrap_or(BillFormat::Bank),
            file_name: r.file_name,
            lines_total: r.lines_total,
            lines_new: r.lines_new,
            payments_new: r.payments_new,
            matched: r.matched,
            first_at: r.first_at,
            last_at: r.last_at,
            by: r.by_name.unwrap_or_default(),
            at: r.created_at,
        })
        .collect())
}

// ---- bank mappings -----------------------------------------------------------------------

pub(in crate::finance) async fn mappings(db: &Db) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, name, mapping FROM bank_mappings ORDER BY name").fetch_all(&db.pool).await
}

pub(in crate::finance) async fn mapping(conn: &mut AnyConnection, id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT mapping FROM bank_mappings WHERE id = $1").bind(id).fetch_optional(conn).await
}

pub(in crate::finance) async fn insert_mapping(conn: &mut AnyConnection, name: &str, json: &str, by: Option<i64>, at: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO bank_mappings (name, mapping, created_by, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(name)
        .bind(json)
        .bind(by)
        .bind(at)
        .fetch_one(conn)
        .await
}

// ---- reconciliation ----------------------------------------------------------------------

/// (day, provider, direction, count, amount, fees) of bill lines in [from, to).
pub(in crate::finance) async fn bill_sums(conn: &mut AnyConnection, from: i64, to: i64) -> Result<Vec<(i64, String, String, i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT day, provider, direction, COUNT(*), CAST(SUM(amount_fen) AS BIGINT), CAST(SUM(fee_fen) AS BIGINT) FROM bill_lines \
         WHERE day >= $1 AND day < $2 GROUP BY day, provider, direction",
    )
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await
}

/// (day, method, count, amount) of payments made in [from_ms, to_ms), by their own day.
pub(in crate::finance) async fn recorded_sums(conn: &mut AnyConnection, from_ms: i64, to_ms: i64) -> Result<Vec<(i64, String, i64, i64)>, sqlx::Error> {
    let day = day_bucket_sql("paid_at");
    sqlx::query_as(&format!(
        "SELECT {day} AS day, method, COUNT(*), CAST(SUM(amount_fen) AS BIGINT) FROM payments WHERE kind = 'payment' \
         AND paid_at >= $1 AND paid_at < $2 GROUP BY {day}, method"
    ))
    .bind(from_ms)
    .bind(to_ms)
    .fetch_all(conn)
    .await
}

/// (provider, first, last) of every import that overlaps [from_ms, to_ms): the days it covers.
pub(in crate::finance) async fn coverage(conn: &mut AnyConnection, from_ms: i64, to_ms: i64) -> Result<Vec<(String, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT provider, first_at, last_at FROM bill_imports WHERE first_at IS NOT NULL AND first_at < $2 AND last_at >= $1",
    )
    .bind(from_ms)
    .bind(to_ms)
    .fetch_all(conn)
    .await
}

/// Payments of the bill methods made in [from_ms, to_ms) that no bill line confirmed:
/// (id, method, amount, payer, paid_at).
pub(in crate::finance) async fn not_in_bill(conn: &mut AnyConnection, from_ms: i64, to_ms: i64) -> Result<Vec<(i64, String, i64, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, p.method, p.amount_fen, p.payer, p.paid_at FROM payments p WHERE p.kind = 'payment' AND p.method <> 'cash' \
         AND p.paid_at >= $1 AND p.paid_at < $2 AND NOT EXISTS (SELECT 1 FROM bill_lines l WHERE l.payment_id = p.id) \
         ORDER BY p.paid_at, p.id LIMIT 2000",
    )
    .bind(from_ms)
    .bind(to_ms)
    .fetch_all(conn)
    .await
}

/// Bill income lines in [from, to) whose amount differs from the payment they confirmed:
/// (payment, provider, day, txn, recorded, bill).
pub(in crate::finance) async fn amount_differs(conn: &mut AnyConnection, from: i64, to: i64) -> Result<Vec<(i64, String, i64, String, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, l.provider, l.day, l.txn_no, p.amount_fen, l.amount_fen FROM bill_lines l JOIN payments p ON p.id = l.payment_id \
         WHERE l.direction = 'income' AND l.day >= $1 AND l.day < $2 AND l.amount_fen <> p.amount_fen ORDER BY l.day, l.id LIMIT 2000",
    )
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await
}

/// Bill refunds in [from, to) without a known original payment: (payment, provider, day, txn, amount).
pub(in crate::finance) async fn orphan_refunds(conn: &mut AnyConnection, from: i64, to: i64) -> Result<Vec<(i64, String, i64, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, l.provider, l.day, l.txn_no, l.amount_fen FROM bill_lines l JOIN payments p ON p.id = l.payment_id \
         WHERE l.direction = 'refund' AND p.refund_of IS NULL AND l.day >= $1 AND l.day < $2 ORDER BY l.day, l.id LIMIT 2000",
    )
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await
}
