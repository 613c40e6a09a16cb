//! Every SQL statement of the auth area (ssr only).

use super::{Member, Role, UserInfo};
use crate::i18n::Lang;
use crate::state::Db;
use sqlx::{AnyConnection, FromRow};

#[derive(FromRow)]
pub struct LoginRow {
    pub id: i64,
    pub password_hash: String,
    pub active: i64,
}

pub async fn find_login(db: &Db, username: &str) -> Result<Option<LoginRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, password_hash, active FROM users WHERE username = $1")
        .bind(username)
        .fetch_optional(&db.pool)
        .await
}

#[derive(FromRow)]
struct UserRow {
    id: i64,
    username: String,
    display_name: String,
    role: String,
    lang: String,
}

impl UserRow {
    fn into_user(self) -> Option<(UserInfo, Lang)> {
        let role = Role::parse(&self.role)?;
        let user = UserInfo { id: self.id, username: self.username, display_name: self.display_name, role };
        Some((user, Lang::from_code(&self.lang)))
    }
}

/// The active user owning an unexpired session.
pub async fn session_user(db: &Db, token_hash: &str, now: i64) -> Result<Option<(UserInfo, Lang)>, sqlx::Error> {
    let row: Option<UserRow> = sqlx::query_as(
        "SELECT u.id, u.username, u.display_name, u.role, u.lang FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.and_then(UserRow::into_user))
}

pub async fn insert_session(
    conn: &mut AnyConnection,
    token_hash: &str,
    user_id: i64,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .bind(expires_at)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete_session(db: &Db, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(&db.pool).await?;
    Ok(())
}

/// Drop expired sessions and old login failures (housekeeping at login time).
pub async fn purge_expired(conn: &mut AnyConnection, now: i64, failures_before: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now).execute(&mut *conn).await?;
    sqlx::query("DELETE FROM login_failures WHERE at < $1").bind(failures_before).execute(conn).await?;
    Ok(())
}

pub async fn delete_user_sessions(conn: &mut AnyConnection, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(conn).await?;
    Ok(())
}

/// An agent and everyone below it, by walking `parent_id` down.
pub async fn downline_ids(db: &Db, user_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "WITH RECURSIVE line(id) AS ( \
             SELECT CAST($1 AS BIGINT) \
             UNION SELECT u.id FROM users u JOIN line ON u.parent_id = line.id \
         ) SELECT id FROM line",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await
}

/// Failed logins for `username` since `since`: (count, earliest time).
pub async fn recent_failures(db: &Db, username: &str, since: i64) -> Result<(i64, Option<i64>), sqlx::Error> {
    sqlx::query_as("SELECT COUNT(*), MIN(at) FROM login_failures WHERE username = $1 AND at >= $2")
        .bind(username)
        .bind(since)
        .fetch_one(&db.pool)
        .await
}

pub async fn record_failure(db: &Db, username: &str, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO login_failures (username, at) VALUES ($1, $2)")
        .bind(username)
        .bind(at)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn clear_failures(conn: &mut AnyConnection, username: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_failures WHERE username = $1").bind(username).execute(conn).await?;
    Ok(())
}

pub async fn insert_user(
    conn: &mut AnyConnection,
    username: &str,
    display_name: &str,
    password_hash: &str,
    role: Role,
    parent_id: Option<i64>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO users (username, display_name, password_hash, role, parent_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(username)
    .bind(display_name)
    .bind(password_hash)
    .bind(role.code())
    .bind(parent_id)
    .bind(now)
    .fetch_one(conn)
    .await
}

pub async fn set_password(conn: &mut AnyConnection, user_id: i64, password_hash: &str) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(r.rows_affected())
}

pub async fn set_lang(db: &Db, user_id: i64, lang: Lang) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET lang = $1 WHERE id = $2").bind(lang.code()).bind(user_id).execute(&db.pool).await?;
    Ok(())
}

pub async fn user_role(db: &Db, user_id: i64) -> Result<Option<Role>, sqlx::Error> {
    let code: Option<String> =
        sqlx::query_scalar("SELECT role FROM users WHERE id = $1").bind(user_id).fetch_optional(&db.pool).await?;
    Ok(code.as_deref().and_then(Role::parse))
}

pub async fn user_by_username(db: &Db, username: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM users WHERE username = $1").bind(username).fetch_optional(&db.pool).await
}

#[derive(FromRow)]
struct MemberRow {
    id: i64,
    username: String,
    display_name: String,
    role: String,
    parent_id: Option<i64>,
    parent_name: Option<String>,
    active: i64,
}

/// Team members whose id passes `id_filter` (a [`super::Scope::sql`] condition on `u.id`).
pub async fn list_members(db: &Db, id_filter: &str) -> Result<Vec<Member>, sqlx::Error> {
    let sql = format!(
        "SELECT u.id, u.username, u.display_name, u.role, u.parent_id, p.display_name AS parent_name, u.active \
         FROM users u LEFT JOIN users p ON p.id = u.parent_id WHERE {id_filter} \
         ORDER BY CASE u.role WHEN 'boss' THEN 0 WHEN 'agent' THEN 1 ELSE 2 END, u.id"
    );
    let rows: Vec<MemberRow> = sqlx::query_as(&sql).fetch_all(&db.pool).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(Member {
                id: r.id,
                username: r.username,
                display_name: r.display_name,
                role: Role::parse(&r.role)?,
                parent_id: r.parent_id,
                parent_name: r.parent_name,
                active: r.active == 1,
            })
        })
        .collect())
}
