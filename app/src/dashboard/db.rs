//! Every SQL statement of the dashboard area (ssr only). Sales are orders in a sold
//! status (待发货, 已发货, 已完成); days are business days (see `time`).

use crate::auth::Scope;
use crate::orders::OrderStatus;
use crate::state::Db;
use crate::time::day_bucket_sql;

fn sold_list() -> String {
    let codes: Vec<String> = OrderStatus::SOLD.iter().map(|s| format!("'{}'", s.code())).collect();
    codes.join(", ")
}

/// (sales in fen, order count) of sold orders created at or after `from_ms`.
pub async fn sales_since(db: &Db, scope: &Scope, from_ms: i64) -> Result<(i64, i64), sqlx::Error> {
    let sql = format!(
        "SELECT CAST(COALESCE(SUM(o.total_fen), 0) AS BIGINT), COUNT(*) FROM orders o \
         WHERE o.created_at >= $1 AND o.status IN ({}) AND {}",
        sold_list(),
        scope.sql("o.agent_id")
    );
    sqlx::query_as(&sql).bind(from_ms).fetch_one(&db.pool).await
}

/// Sales in fen per business day in [from_ms, to_ms), only days with sales.
pub async fn daily_sales(db: &Db, scope: &Scope, from_ms: i64, to_ms: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let day = day_bucket_sql("o.created_at");
    let sql = format!(
        "SELECT {day} AS day, CAST(SUM(o.total_fen) AS BIGINT) AS fen FROM orders o \
         WHERE o.created_at >= $1 AND o.created_at < $2 AND o.status IN ({}) AND {} \
         GROUP BY {day} ORDER BY {day}",
        sold_list(),
        scope.sql("o.agent_id")
    );
    sqlx::query_as(&sql).bind(from_ms).bind(to_ms).fetch_all(&db.pool).await
}

pub async fn count_in_status(db: &Db, scope: &Scope, status: OrderStatus) -> Result<i64, sqlx::Error> {
    let sql = format!("SELECT COUNT(*) FROM orders o WHERE o.status = $1 AND {}", scope.sql("o.agent_id"));
    sqlx::query_scalar(&sql).bind(status.code()).fetch_one(&db.pool).await
}
