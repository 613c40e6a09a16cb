//! Low-stock alerts (SQL).

use super::super::AlertView;
use crate::page::{Count, Seek};
use crate::sql::Sql;
use crate::state::Db;
use sqlx::FromRow;

#[derive(FromRow)]
struct AlertRow {
    id: i64,
    code: String,
    product: String,
    color: String,
    size: String,
    warehouse: String,
    threshold: i64,
    available: i64,
    created_at: i64,
    resolved_at: Option<i64>,
}

/// Alerts newest first (open ones only, or all), paged by key.
pub(in crate::inventory) async fn alerts(db: &Db, open_only: bool, seek: Seek) -> Result<(Vec<AlertView>, Count), sqlx::Error> {
    let from = "FROM stock_alerts a JOIN skus s ON s.id = a.sku_id JOIN products p ON p.id = s.product_id JOIN warehouses w ON w.id = a.warehouse_id";
    let mut q = Sql::new(&format!(
        "SELECT a.id, s.code, p.name AS product, s.color, s.size, w.name AS warehouse, a.threshold, a.available, a.created_at, a.resolved_at {from} WHERE 1 = 1"
    ));
    if open_only {
        q.push(" AND a.resolved_at IS NULL");
    }
    q.seek("a.created_at", "a.id", seek).order_page("a.created_at", "a.id", seek);
    let rows: Vec<AlertRow> = q.query_as().fetch_all(&db.pool).await?;
    let mut c = Sql::new(&format!("SELECT 1 {from} WHERE 1 = 1"));
    if open_only {
        c.push(" AND a.resolved_at IS NULL");
    }
    let n: i64 = c.capped_count().query_scalar().fetch_one(&db.pool).await?;
    let views = rows
        .into_iter()
        .map(|r| AlertView {
            id: r.id,
            sku_code: r.code,
            sku_label: super::super::sku_label(&r.product, &r.color, &r.size),
            warehouse: r.warehouse,
            threshold: r.threshold,
            available: r.available,
            created_at: r.created_at,
            resolved_at: r.resolved_at,
        })
        .collect();
    Ok((views, Count::from_capped(n)))
}

pub(in crate::inventory) async fn open_alert_count(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM stock_alerts WHERE resolved_at IS NULL").fetch_one(&db.pool).await
}

