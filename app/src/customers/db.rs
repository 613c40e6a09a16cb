//! Every SQL statement of the customers area (ssr only).

use crate::auth::Scope;
use crate::state::Db;
use sqlx::AnyConnection;

/// The customer of `agent_id` with this mobile, created or updated with the latest name and address.
pub async fn upsert(
    conn: &mut AnyConnection,
    agent_id: i64,
    name: &str,
    mobile: &str,
    address: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO customers (agent_id, name, mobile, address, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (agent_id, mobile) DO UPDATE SET name = excluded.name, address = excluded.address \
         RETURNING id",
    )
    .bind(agent_id)
    .bind(name)
    .bind(mobile)
    .bind(address)
    .bind(now)
    .fetch_one(conn)
    .await
}

pub async fn count(db: &Db, scope: &Scope) -> Result<i64, sqlx::Error> {
    let sql = format!("SELECT COUNT(*) FROM customers c WHERE {}", scope.sql("c.agent_id"));
    sqlx::query_scalar(&sql).fetch_one(&db.pool).await
}
