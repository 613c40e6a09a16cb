//! SQL of the generator: multi-row inserts with literal values, batched per transaction.
//!
//! Literals rather than bound parameters because this loads millions of rows of data the
//! generator made itself (numbers, and texts from fixed word lists, quotes escaped): binding
//! 40 million parameters one by one through the `Any` driver would cost more than the inserts.

use app::state::{Backend, Db};
use std::fmt::Write;

/// A value of a generated row.
pub enum Lit {
    I(i64),
    S(String),
    /// NULL in a text column.
    N,
    /// NULL in an integer column.
    NI,
}

/// Rows waiting to be written, per table.
#[derive(Default)]
pub struct Batch {
    pub warehouses: Vec<Vec<Lit>>,
    pub products: Vec<Vec<Lit>>,
    pub skus: Vec<Vec<Lit>>,
    pub customers: Vec<Vec<Lit>>,
    pub orders: Vec<Vec<Lit>>,
    pub lines: Vec<Vec<Lit>>,
    pub events: Vec<Vec<Lit>>,
    pub movements: Vec<Vec<Lit>>,
    pub stock: Vec<Vec<Lit>>,
    pub payments: Vec<Vec<Lit>>,
    pub expenses: Vec<Vec<Lit>>,
}

const TABLES: [(&str, &str); 11] = [
    ("warehouses", "id, name, parent_id, regions"),
    ("products", "id, name, category, created_at"),
    ("skus", "id, product_id, code, size, color, price_fen, cost_fen, barcode, low_stock_qty"),
    ("customers", "id, agent_id, name, mobile, address, created_at"),
    ("orders", "id, order_no, agent_id, customer_id, recipient_name, mobile, address, channel, status, total_fen, created_by, created_at, updated_at, warehouse_id, courier_code, courier_reason_zh, courier_reason_en, tracking_no, shipped_at"),
    ("order_lines", "order_id, sku_id, qty, unit_price_fen, line_total_fen"),
    ("order_events", "order_id, from_status, to_status, user_id, note, at"),
    ("stock_movements", "sku_id, warehouse_id, delta, kind, ref_type, ref_id, note, user_id, at, unit_cost_fen"),
    ("stock", "sku_id, warehouse_id, qty, reserved, avg_cost_fen"),
    (
        "payments",
        "kind, method, amount_fen, fee_fen, payer, payer_account, txn_no, reference, note, paid_at, book_day, state, order_id, \
         match_kind, match_reason, matched_by, matched_at, created_by, created_at",
    ),
    ("expenses", "category_id, amount_fen, spent_at, book_day, note, source, created_by, created_at"),
];

impl Batch {
    /// Write everything waiting, in one transaction, in table order; returns rows written.
    pub async fn flush(&mut self, db: &Db) -> anyhow::Result<usize> {
        let mut tx = db.begin_write().await?;
        let mut n = 0;
        let tables = [
            &mut self.warehouses,
            &mut self.products,
            &mut self.skus,
            &mut self.customers,
            &mut self.orders,
            &mut self.lines,
            &mut self.events,
            &mut self.movements,
            &mut self.stock,
            &mut self.payments,
            &mut self.expenses,
        ];
        for ((table, cols), rows) in TABLES.iter().zip(tables) {
            for chunk in rows.chunks(1000) {
                sqlx::query(&insert_sql(table, cols, chunk)).execute(&mut *tx).await?;
            }
            n += rows.len();
            rows.clear();
        }
        tx.commit().await?;
        Ok(n)
    }
}

fn insert_sql(table: &str, cols: &str, rows: &[Vec<Lit>]) -> String {
    let mut sql = String::with_capacity(rows.len() * 96);
    let _ = write!(sql, "INSERT INTO {table} ({cols}) VALUES ");
    for (i, row) in rows.iter().enumerate() {
        sql.push_str(if i == 0 { "(" } else { ", (" });
        for (j, v) in row.iter().enumerate() {
            if j > 0 {
                sql.push_str(", ");
            }
            match v {
                Lit::I(x) => {
                    let _ = write!(sql, "{x}");
                }
                Lit::S(s) => {
                    sql.push('\'');
                    sql.push_str(&s.replace('\'', "''"));
                    sql.push('\'');
                }
                Lit::N | Lit::NI => sql.push_str("NULL"),
            }
        }
        sql.push(')');
    }
    sql
}

pub async fn insert_users(db: &Db, rows: &[Vec<Lit>]) -> anyhow::Result<usize> {
    let mut tx = db.begin_write().await?;
    for chunk in rows.chunks(500) {
        let sql = insert_sql("users", "id, username, display_name, password_hash, role, parent_id, demo, created_at", chunk);
        sqlx::query(&sql).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(rows.len())
}

/// On PostgreSQL, move the id sequences past the ids inserted explicitly.
pub async fn fix_sequences(db: &Db) -> anyhow::Result<()> {
    if db.backend != Backend::Postgres {
        return Ok(());
    }
    for t in ["users", "warehouses", "products", "skus", "customers", "orders", "order_lines", "order_events", "stock_movements", "payments", "expenses"] {
        let sql = format!("SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {t}))::BIGINT");
        sqlx::query(&sql).execute(&db.pool).await?;
    }
    Ok(())
}

/// Refresh the planner's statistics after a bulk load.
pub async fn analyze(db: &Db) -> anyhow::Result<()> {
    sqlx::query("ANALYZE").execute(&db.pool).await?;
    Ok(())
}
