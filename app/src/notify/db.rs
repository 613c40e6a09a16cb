//! Every SQL statement of the notify area (ssr only): notifiers and the delivery outbox.

use super::{NotifierKind, NotifierView};
use crate::state::{Backend, Db};
use sqlx::{AnyConnection, FromRow};

/// Queue one message per active notifier for an event (`topic`, `ref_id`); an event already
/// queued for a notifier is not queued again.
pub(super) async fn enqueue(conn: &mut AnyConnection, topic: &str, ref_id: i64, title: &str, body: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO deliveries (topic, ref_id, notifier_id, title, body, status, next_attempt_at, created_at) \
         SELECT $1, $2, n.id, $3, $4, 'pending', $5, $5 FROM notifiers n WHERE n.active = 1 \
         ON CONFLICT (topic, ref_id, notifier_id) DO NOTHING",
    )
    .bind(topic)
    .bind(ref_id)
    .bind(title)
    .bind(body)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// A message claimed for sending.
#[derive(Clone, Debug, FromRow)]
pub struct Claimed {
    pub id: i64,
    pub kind: String,
    pub url: String,
    pub title: String,
    pub body: String,
    pub attempts: i64,
}

/// Claim up to `limit` due messages for `lease_ms`: each is sent by one server only. On
/// PostgreSQL concurrent claimers skip each other's rows (`FOR UPDATE SKIP LOCKED`); on SQLite
/// the write transaction is exclusive. A claim whose lease ran out (a crashed sender) is due again.
pub(super) async fn claim(db: &Db, now: i64, lease_ms: i64, limit: i64) -> Result<Vec<Claimed>, sqlx::Error> {
    let skip = if db.backend == Backend::Postgres { " FOR UPDATE SKIP LOCKED" } else { "" };
    let mut tx = db.begin_write().await?;
    let ids: Vec<i64> = sqlx::query_scalar(&format!(
        "SELECT id FROM deliveries WHERE next_attempt_at <= $1 AND (status = 'pending' OR (status = 'sending' AND claimed_until < $1)) \
         ORDER BY id LIMIT $2{skip}"
    ))
    .bind(now)
    .bind(limit)
    .fetch_all(&mut *tx)
    .await?;
    let mut out = Vec::new();
    for id in ids {
        sqlx::query("UPDATE deliveries SET status = 'sending', claimed_until = $1, attempts = attempts + 1 WHERE id = $2")
            .bind(now + lease_ms)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let c: Claimed = sqlx::query_as(
            "SELECT d.id, n.kind, n.url, d.title, d.body, d.attempts FROM deliveries d JOIN notifiers n ON n.id = d.notifier_id WHERE d.id = $1",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        out.push(c);
    }
    tx.commit().await?;
    Ok(out)
}

pub(super) async fn mark_sent(db: &Db, id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE deliveries SET status = 'sent', sent_at = $1, claimed_until = NULL WHERE id = $2").bind(now).bind(id).execute(&db.pool).await?;
    Ok(())
}

/// A failed attempt: retry later, or give up after the last attempt.
pub(super) async fn mark_failed(db: &Db, id: i64, error: &str, next_at: Option<i64>) -> Result<(), sqlx::Error> {
    let (status, next) = match next_at {
        Some(t) => ("pending", t),
        None => ("failed", 0),
    };
    sqlx::query("UPDATE deliveries SET status = $1, next_attempt_at = CASE WHEN $2 > 0 THEN $2 ELSE next_attempt_at END, claimed_until = NULL, last_error = $3 WHERE id = $4")
        .bind(status)
        .bind(next)
        .bind(error)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub(super) async fn notifiers(db: &Db) -> Result<Vec<NotifierView>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT n.id, n.name, n.kind, n.url, n.active, \
                CAST(COALESCE(SUM(CASE WHEN d.status = 'sent' THEN 1 ELSE 0 END), 0) AS BIGINT), \
                CAST(COALESCE(SUM(CASE WHEN d.status = 'failed' THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM notifiers n LEFT JOIN deliveries d ON d.notifier_id = n.id GROUP BY n.id, n.name, n.kind, n.url, n.active ORDER BY n.id",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, name, kind, url, active, sent, failed)| {
            Some(NotifierView { id, name, kind: NotifierKind::parse(&kind)?, url: hide_secret(&url), active: active == 1, sent, failed })
        })
        .collect())
}

/// A robot URL carries its access token in the query: show only its start.
fn hide_secret(url: &str) -> String {
    match url.split_once('?') {
        Some((base, q)) => format!("{base}?{}…", q.chars().take(10).collect::<String>()),
        None => url.to_string(),
    }
}

pub(super) async fn insert_notifier(conn: &mut AnyConnection, name: &str, kind: NotifierKind, url: &str, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO notifiers (name, kind, url, active, created_at) VALUES ($1, $2, $3, 1, $4) RETURNING id")
        .bind(name)
        .bind(kind.code())
        .bind(url)
        .bind(now)
        .fetch_one(conn)
        .await
}

pub(super) async fn set_notifier_active(conn: &mut AnyConnection, id: i64, active: bool) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE notifiers SET active = $1 WHERE id = $2").bind(i64::from(active)).bind(id).execute(conn).await?;
    Ok(r.rows_affected())
}

#[cfg(test)]
mod tests {
    #[test]
    fn secrets_are_hidden() {
        assert_eq!(super::hide_secret("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdef0123456789"), "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdef…");
        assert_eq!(super::hide_secret("https://example.com/hook"), "https://example.com/hook");
    }
}
