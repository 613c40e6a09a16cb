//! Every SQL statement of the audit trail (ssr only).

use sqlx::AnyConnection;

/// Append one audit row inside the caller's transaction.
pub async fn record(
    conn: &mut AnyConnection,
    user_id: Option<i64>,
    entity: &str,
    entity_id: Option<i64>,
    action: &str,
    detail: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO audit_log (user_id, entity, entity_id, action, detail, at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(user_id)
        .bind(entity)
        .bind(entity_id)
        .bind(action)
        .bind(detail)
        .bind(at)
        .execute(conn)
        .await?;
    Ok(())
}
