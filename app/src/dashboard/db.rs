//! Every SQL statement of the dashboard area (ssr only). Sales are orders in a sold
//! status (`OrderStatus::SOLD`); days are business days (see `time`).

use crate::auth::Scope;
use crate::orders::OrderStatus;
use crate::sql::Sql;
use crate::state::Db;
use crate::time::day_bucket_sql;

fn sold(q: &mut Sql) {
    q.push(" AND o.status IN (");
    for (i, s) in OrderStatus::SOLD.iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.text(s.code());
    }
    q.push(")");
}

/// (sales in fen, order count) of sold orders created at or after `from_ms`.
pub(super) async fn sales_since(db: &Db, scope: &Scope, from_ms: i64) -> Result<(i64, i64), sqlx::Error> {
    let mut q = Sql::new("SELECT CAST(COALESCE(SUM(o.total_fen), 0) AS BIGINT), COUNT(*) FROM orders o WHERE o.created_at >= ");
    q.int(from_ms);
    sold(&mut q);
    q.push(" AND ").scope("o.agent_id", scope);
    q.query_as().fetch_one(&db.pool).await
}

/// Sales in fen per business day in [from_ms, to_ms), only days with sales.
pub(super) async fn daily_sales(db: &Db, scope: &Scope, from_ms: i64, to_ms: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let day = day_bucket_sql("o.created_at");
    let mut q = Sql::new(&format!("SELECT {day} AS day, CAST(SUM(o.total_fen) AS BIGINT) AS fen FROM orders o WHERE o.created_at >= "));
    q.int(from_ms).push(" AND o.created_at < ").int(to_ms);
    sold(&mut q);
    q.push(" AND ").scope("o.agent_id", scope);
    q.push(&format!(" GROUP BY {day} ORDER BY {day}"));
    q.query_as().fetch_all(&db.pool).await
}

pub(super) async fn count_in_status(db: &Db, scope: &Scope, status: OrderStatus) -> Result<i64, sqlx::Error> {
    let mut q = Sql::new("SELECT COUNT(*) FROM orders o WHERE o.status = ");
    q.text(status.code()).push(" AND ").scope("o.agent_id", scope);
    q.query_scalar().fetch_one(&db.pool).await
}
