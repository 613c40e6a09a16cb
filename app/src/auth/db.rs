//! Every SQL statement of the auth area (ssr only). Private to the area.

use super::{Lang, Member, Role, SessionView, UserInfo};
use crate::sql::Sql;
use crate::state::{Backend, Db, Tx};
use sqlx::{AnyConnection, FromRow};

#[derive(FromRow)]
pub(super) struct LoginRow {
    pub id: i64,
    pub password_hash: String,
    pub active: i64,
    pub demo: i64,
}

pub(super) async fn find_login(db: &Db, username: &str) -> Result<Option<LoginRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, password_hash, active, demo FROM users WHERE username = $1")
        .bind(username)
        .fetch_optional(&db.pool)
        .await
}

pub(super) async fn password_hash(db: &Db, user_id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1 AND active = 1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await
}

#[derive(FromRow)]
pub(super) struct SessionRow {
    id: i64,
    username: String,
    display_name: String,
    role: String,
    lang: String,
    must_change_password: i64,
    pub public_id: String,
    pub created_at: i64,
    pub last_seen_at: i64,
}

impl SessionRow {
    pub fn user(&self) -> Option<(UserInfo, Lang)> {
        let role = Role::parse(&self.role)?;
        let user = UserInfo {
            id: self.id,
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            role,
            must_change_password: self.must_change_password == 1,
        };
        Some((user, Lang::from_code(&self.lang)))
    }
}

/// The active user owning a session (lifetimes are checked by the caller).
pub(super) async fn session_user(db: &Db, token_hash: &str) -> Result<Option<SessionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.id, u.username, u.display_name, u.role, u.lang, u.must_change_password, \
                s.public_id, s.created_at, s.last_seen_at \
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND u.active = 1",
    )
    .bind(token_hash)
    .fetch_optional(&db.pool)
    .await
}

pub(super) async fn touch_session(db: &Db, token_hash: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2").bind(now).bind(token_hash).execute(&db.pool).await?;
    Ok(())
}

pub(super) struct NewSession<'a> {
    pub token_hash: &'a str,
    pub public_id: &'a str,
    pub user_id: i64,
    pub now: i64,
    pub user_agent: &'a str,
}

pub(super) async fn insert_session(conn: &mut AnyConnection, s: &NewSession<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, public_id, user_id, created_at, last_seen_at, user_agent) \
         VALUES ($1, $2, $3, $4, $4, $5)",
    )
    .bind(s.token_hash)
    .bind(s.public_id)
    .bind(s.user_id)
    .bind(s.now)
    .bind(s.user_agent)
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn delete_session(db: &Db, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(&db.pool).await?;
    Ok(())
}

/// End one of a user's sessions by its public id; returns how many ended (0 or 1).
pub(super) async fn delete_session_of(db: &Db, user_id: i64, public_id: &str) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND public_id = $2")
        .bind(user_id)
        .bind(public_id)
        .execute(&db.pool)
        .await?;
    Ok(r.rows_affected())
}

/// End every session of a user except `keep` (a public id), if given.
pub(super) async fn delete_user_sessions(conn: &mut AnyConnection, user_id: i64, keep: Option<&str>) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND public_id <> $2")
        .bind(user_id)
        .bind(keep.unwrap_or(""))
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(FromRow)]
struct SessionListRow {
    public_id: String,
    created_at: i64,
    last_seen_at: i64,
    user_agent: String,
}

pub(super) async fn list_sessions(db: &Db, user_id: i64, current: &str) -> Result<Vec<SessionView>, sqlx::Error> {
    let rows: Vec<SessionListRow> = sqlx::query_as(
        "SELECT public_id, created_at, last_seen_at, user_agent FROM sessions WHERE user_id = $1 \
         ORDER BY last_seen_at DESC LIMIT 50",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| SessionView {
            current: r.public_id == current,
            id: r.public_id,
            created_at: r.created_at,
            last_seen_at: r.last_seen_at,
            user_agent: r.user_agent,
        })
        .collect())
}

/// Housekeeping: sessions past their lifetimes, throttle rows past their windows.
pub(super) async fn purge(db: &Db, created_before: i64, seen_before: i64, throttle_before: i64) -> Result<u64, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let a = sqlx::query("DELETE FROM sessions WHERE created_at < $1 OR last_seen_at < $2")
        .bind(created_before)
        .bind(seen_before)
        .execute(&mut *tx)
        .await?;
    let b = sqlx::query("DELETE FROM login_throttle WHERE next_allowed_at < $1 AND window_start < $1")
        .bind(throttle_before)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(a.rows_affected() + b.rows_affected())
}

/// An agent and everyone below it, by walking `parent_id` down.
pub(super) async fn downline_ids(db: &Db, user_id: i64) -> Result<Vec<i64>, sqlx::Error> {
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

/// The top of an agent's line: the agent itself or its highest upline (no parent).
pub(super) async fn line_root(conn: &mut AnyConnection, user_id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "WITH RECURSIVE up(id, parent_id, depth) AS ( \
             SELECT id, parent_id, 0 FROM users WHERE id = $1 \
             UNION ALL SELECT u.id, u.parent_id, up.depth + 1 FROM users u JOIN up ON u.id = up.parent_id WHERE up.depth < 50 \
         ) SELECT id FROM up WHERE parent_id IS NULL",
    )
    .bind(user_id)
    .fetch_optional(conn)
    .await
}

/// Active agents by username, in `scope` (for imports that name the agent).
pub(super) async fn agents_by_username(db: &Db, scope: &crate::auth::Scope) -> Result<Vec<(String, i64, String)>, sqlx::Error> {
    let mut q = Sql::new("SELECT u.username, u.id, u.display_name FROM users u WHERE u.role = ");
    q.text(Role::Agent.code()).push(" AND u.active = 1 AND ").scope("u.id", scope);
    q.query_as().fetch_all(&db.pool).await
}

/// The throttle row of `key`, locked for this transaction: (failures, window start, next allowed).
pub(super) async fn throttle_row(tx: &mut Tx, backend: Backend, key: &str, now: i64) -> Result<(i64, i64, i64), sqlx::Error> {
    sqlx::query(
        "INSERT INTO login_throttle (key, failures, window_start, next_allowed_at) VALUES ($1, 0, $2, 0) \
         ON CONFLICT (key) DO NOTHING",
    )
    .bind(key)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    // SQLite holds the database's write lock already (BEGIN IMMEDIATE); PostgreSQL locks the row.
    let lock = if backend == Backend::Postgres { " FOR UPDATE" } else { "" };
    sqlx::query_as(&format!("SELECT failures, window_start, next_allowed_at FROM login_throttle WHERE key = $1{lock}"))
        .bind(key)
        .fetch_one(&mut **tx)
        .await
}

pub(super) async fn set_throttle(tx: &mut Tx, key: &str, failures: i64, window_start: i64, next_allowed_at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE login_throttle SET failures = $1, window_start = $2, next_allowed_at = $3 WHERE key = $4")
        .bind(failures)
        .bind(window_start)
        .bind(next_allowed_at)
        .bind(key)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Take one attempt off a key's count (a sign-in that succeeded).
pub(super) async fn uncount_attempt(conn: &mut AnyConnection, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE login_throttle SET failures = failures - 1 WHERE key = $1 AND failures > 0").bind(key).execute(conn).await?;
    Ok(())
}

pub(super) async fn clear_throttle(conn: &mut AnyConnection, keys: &[String]) -> Result<(), sqlx::Error> {
    let mut q = Sql::new("DELETE FROM login_throttle WHERE key IN (");
    for (i, k) in keys.iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.text(k.clone());
    }
    q.push(")");
    q.query().execute(conn).await?;
    Ok(())
}

/// Every throttle key that mentions `username` (per username and per username + address).
pub(super) async fn clear_throttle_for_user(conn: &mut AnyConnection, username: &str) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("DELETE FROM login_throttle WHERE key = $1 OR key LIKE $2")
        .bind(format!("u:{username}"))
        .bind(format!("p:{username}|%"))
        .execute(conn)
        .await?;
    Ok(r.rows_affected())
}

pub(super) struct UserRecord<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub parent_id: Option<i64>,
    pub demo: bool,
    pub now: i64,
}

pub(super) async fn insert_user(conn: &mut AnyConnection, u: &UserRecord<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO users (username, display_name, password_hash, role, parent_id, demo, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(u.username)
    .bind(u.display_name)
    .bind(u.password_hash)
    .bind(u.role.code())
    .bind(u.parent_id)
    .bind(i64::from(u.demo))
    .bind(u.now)
    .fetch_one(conn)
    .await
}

/// Replace a password; `must_change` marks a one-time password. Returns rows changed.
pub(super) async fn set_password(conn: &mut AnyConnection, user_id: i64, hash: &str, must_change: bool) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE users SET password_hash = $1, must_change_password = $2 WHERE id = $3")
        .bind(hash)
        .bind(i64::from(must_change))
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(r.rows_affected())
}

pub(super) async fn set_active(conn: &mut AnyConnection, user_id: i64, active: bool) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE users SET active = $1 WHERE id = $2").bind(i64::from(active)).bind(user_id).execute(conn).await?;
    Ok(r.rows_affected())
}

pub(super) async fn set_lang(db: &Db, user_id: i64, lang: Lang) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET lang = $1 WHERE id = $2").bind(lang.code()).bind(user_id).execute(&db.pool).await?;
    Ok(())
}

/// (role, active, username) of a user.
pub(super) async fn user_brief(db: &Db, user_id: i64) -> Result<Option<(Role, bool, String)>, sqlx::Error> {
    let row: Option<(String, i64, String)> =
        sqlx::query_as("SELECT role, active, username FROM users WHERE id = $1").bind(user_id).fetch_optional(&db.pool).await?;
    Ok(row.and_then(|(r, a, u)| Some((Role::parse(&r)?, a == 1, u))))
}

pub(super) async fn user_by_username(db: &Db, username: &str) -> Result<Option<i64>, sqlx::Error> {
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

/// Which members a list shows.
pub(super) struct MemberFilter<'a> {
    pub scope: &'a super::Scope,
    pub only_active_agents: bool,
}

/// Team members in a scope (on `u.id`), boss first, then agents, then staff.
pub(super) async fn list_members(db: &Db, f: &MemberFilter<'_>) -> Result<Vec<Member>, sqlx::Error> {
    let mut q = Sql::new(
        "SELECT u.id, u.username, u.display_name, u.role, u.parent_id, p.display_name AS parent_name, u.active \
         FROM users u LEFT JOIN users p ON p.id = u.parent_id WHERE ",
    );
    q.scope("u.id", f.scope);
    if f.only_active_agents {
        q.push(" AND u.role = ").text(Role::Agent.code()).push(" AND u.active = 1");
    }
    q.push(" ORDER BY CASE u.role WHEN 'boss' THEN 0 WHEN 'agent' THEN 1 ELSE 2 END, u.id LIMIT 2000");
    let rows: Vec<MemberRow> = q.query_as().fetch_all(&db.pool).await?;
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

/// A user as a caller sees itself, by id.
pub(super) async fn user_info(db: &Db, user_id: i64) -> Result<Option<(UserInfo, Lang)>, sqlx::Error> {
    let row: Option<(i64, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT id, username, display_name, role, lang, must_change_password FROM users WHERE id = $1 AND active = 1",
    )
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.and_then(|(id, username, display_name, role, lang, must)| {
        let user = UserInfo { id, username, display_name, role: Role::parse(&role)?, must_change_password: must == 1 };
        Some((user, Lang::from_code(&lang)))
    }))
}

pub(super) struct NewKey<'a> {
    pub key_id: &'a str,
    pub secret: &'a str,
    pub name: &'a str,
    pub agent_id: Option<i64>,
    pub created_by: i64,
    pub now: i64,
}

pub(super) async fn insert_api_key(conn: &mut AnyConnection, k: &NewKey<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO api_keys (key_id, secret, name, agent_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(k.key_id)
    .bind(k.secret)
    .bind(k.name)
    .bind(k.agent_id)
    .bind(k.created_by)
    .bind(k.now)
    .fetch_one(conn)
    .await
}

#[derive(FromRow)]
pub(super) struct KeyRow {
    pub id: i64,
    pub secret: String,
    pub agent_id: Option<i64>,
    pub created_by: i64,
}

/// An unrevoked key by its public id.
pub(super) async fn api_key(db: &Db, key_id: &str) -> Result<Option<KeyRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, secret, agent_id, created_by FROM api_keys WHERE key_id = $1 AND revoked_at IS NULL")
        .bind(key_id)
        .fetch_optional(&db.pool)
        .await
}

pub(super) async fn list_api_keys(db: &Db) -> Result<Vec<super::ApiKeyView>, sqlx::Error> {
    let rows: Vec<(i64, String, String, Option<String>, i64, Option<i64>)> = sqlx::query_as(
        "SELECT k.id, k.key_id, k.name, u.display_name, k.created_at, k.revoked_at FROM api_keys k \
         LEFT JOIN users u ON u.id = k.agent_id ORDER BY k.id DESC LIMIT 200",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, key_id, name, agent_name, created_at, revoked_at)| super::ApiKeyView { id, key_id, name, agent_name, created_at, revoked_at })
        .collect())
}

pub(super) async fn revoke_api_key(conn: &mut AnyConnection, id: i64, now: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL").bind(now).bind(id).execute(conn).await?;
    Ok(r.rows_affected())
}

/// Every agent (active or not) and its parent: the commission tree.
pub(super) async fn agent_tree(conn: &mut AnyConnection) -> Result<Vec<(i64, Option<i64>)>, sqlx::Error> {
    sqlx::query_as("SELECT id, parent_id FROM users WHERE role = $1 ORDER BY id").bind(Role::Agent.code()).fetch_all(conn).await
}

/// Display names of every member, by id.
pub(super) async fn display_names(conn: &mut AnyConnection) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, display_name FROM users ORDER BY id LIMIT 20000").fetch_all(conn).await
}
