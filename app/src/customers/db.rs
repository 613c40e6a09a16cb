//! Every SQL statement of the customers area (ssr only). Private to the area.

use crate::auth::Scope;
use crate::sql::Sql;
use crate::state::Db;
use sqlx::AnyConnection;

/// The customer of `agent_id` with this mobile, created or updated with the latest name and address.
pub(super) async fn upsert(
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

pub(super) async fn count(db: &Db, scope: &Scope) -> Result<i64, sqlx::Error> {
    let mut q = Sql::new("SELECT COUNT(*) FROM customers c WHERE ");
    q.scope("c.agent_id", scope);
    q.query_scalar().fetch_one(&db.pool).await
}

/// Move every customer of one agent to another. A customer the receiving agent already has
/// (same mobile) stays with the leaving agent's id, so the unique key holds; returns moved rows.
pub(super) async fn reassign(conn: &mut AnyConnection, from: i64, to: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE customers SET agent_id = $1 WHERE agent_id = $2 \
         AND mobile NOT IN (SELECT mobile FROM customers WHERE agent_id = $1)",
    )
    .bind(to)
    .bind(from)
    .execute(conn)
    .await?;
    Ok(r.rows_affected())
}
