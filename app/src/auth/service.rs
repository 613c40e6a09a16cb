//! Auth use cases (ssr only): sign in and out, resolve the caller, manage the team.

use super::password::{self, PasswordHashString};
use super::{db, validate_password, validate_username, Caller, Member, NewUser, Perm, Role, Scope};
use crate::audit;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::state::Db;
use crate::time::now_ms;
use rand::RngCore;
use sha2::{Digest, Sha256};

pub const SESSION_TTL_MS: i64 = 30 * 24 * 3_600_000;
/// After this many failures within the window, sign-in for that username pauses.
pub const MAX_FAILURES: i64 = 5;
pub const FAILURE_WINDOW_MS: i64 = 15 * 60_000;

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn bad_credentials() -> AppError {
    AppError::validation("password", "用户名或密码错误", "Wrong username or password")
}

/// Check the password and open a session. Returns the raw token for the cookie.
pub async fn login(db: &Db, username: &str, pw: &str) -> AppResult<String> {
    let username = username.trim();
    let now = now_ms();
    let (failures, first) = db::recent_failures(db, username, now - FAILURE_WINDOW_MS).await?;
    if failures >= MAX_FAILURES {
        let retry_after_secs = (first.unwrap_or(now) + FAILURE_WINDOW_MS - now).max(1000) / 1000;
        return Err(AppError::TooManyAttempts { retry_after_secs });
    }
    let row = db::find_login(db, username).await?;
    let ok = match &row {
        Some(r) => r.active == 1 && password::verify(pw, &PasswordHashString(r.password_hash.clone())),
        None => {
            password::verify_dummy(pw);
            false
        }
    };
    let Some(user) = row.filter(|_| ok) else {
        db::record_failure(db, username, now).await?;
        return Err(bad_credentials());
    };
    let mut raw = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut raw);
    let token = hex::encode(raw);
    let mut tx = db.pool.begin().await?;
    db::purge_expired(&mut tx, now, now - FAILURE_WINDOW_MS).await?;
    db::clear_failures(&mut tx, username).await?;
    db::insert_session(&mut tx, &token_hash(&token), user.id, now, now + SESSION_TTL_MS).await?;
    tx.commit().await?;
    Ok(token)
}

pub async fn logout(db: &Db, token: &str) -> AppResult<()> {
    db::delete_session(db, &token_hash(token)).await?;
    Ok(())
}

/// The caller behind a session token, with its data scope; `None` if the session is unknown or expired.
pub async fn caller_for_token(db: &Db, token: &str) -> AppResult<Option<Caller>> {
    let Some((user, lang)) = db::session_user(db, &token_hash(token), now_ms()).await? else {
        return Ok(None);
    };
    let scope = scope_for(db, user.id, user.role).await?;
    Ok(Some(Caller::new(user, lang, scope)))
}

/// The data scope of a user: everything for boss and staff, the own line for an agent.
pub async fn scope_for(db: &Db, user_id: i64, role: Role) -> AppResult<Scope> {
    if role.is_scoped() {
        Ok(Scope::agents(db::downline_ids(db, user_id).await?))
    } else {
        Ok(Scope::All)
    }
}

pub async fn set_lang(db: &Db, caller: &Caller, lang: Lang) -> AppResult<()> {
    db::set_lang(db, caller.id(), lang).await?;
    Ok(())
}

/// The team as the caller may see it: everyone for the boss, the own downline for an agent.
pub async fn list_team(db: &Db, caller: &Caller) -> AppResult<Vec<Member>> {
    caller.require(Perm::ViewTeam)?;
    Ok(db::list_members(db, &caller.scope().sql("u.id")).await?)
}

/// Create a member (boss only). An agent's parent must be an agent.
pub async fn create_user(db: &Db, caller: &Caller, input: &NewUser) -> AppResult<i64> {
    caller.require(Perm::ManageUsers)?;
    create_user_unchecked(db, Some(caller.id()), input).await
}

/// Create a member without a caller: used by the `user create` CLI and the demo seed.
pub async fn create_user_unchecked(db: &Db, by: Option<i64>, input: &NewUser) -> AppResult<i64> {
    let username = input.username.trim();
    validate_username(username)?;
    let display_name = input.display_name.trim();
    if display_name.is_empty() || display_name.chars().count() > 40 {
        return Err(AppError::validation("display_name", "请填写姓名（最多 40 字）", "Enter a name (at most 40 characters)"));
    }
    validate_password(&input.password)?;
    let parent_id = match (input.role, input.parent_id) {
        (Role::Agent, Some(p)) => {
            if db::user_role(db, p).await? != Some(Role::Agent) {
                return Err(AppError::validation("parent_id", "上级必须是代理", "The parent must be an agent"));
            }
            Some(p)
        }
        (_, Some(_)) => {
            return Err(AppError::validation("parent_id", "只有代理可以设置上级", "Only agents have a parent agent"))
        }
        (_, None) => None,
    };
    let hash = password::hash(&input.password);
    let now = now_ms();
    let mut tx = db.pool.begin().await?;
    let id = match db::insert_user(&mut tx, username, display_name, &hash.0, input.role, parent_id, now).await {
        Ok(id) => id,
        Err(e) if crate::error::is_unique_violation(&e) => {
            return Err(AppError::validation("username", "该用户名已被使用", "This username is taken"))
        }
        Err(e) => return Err(e.into()),
    };
    let detail = format!("role={} parent={parent_id:?}", input.role.code());
    audit::record(&mut tx, by, "user", Some(id), "create", &detail, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Set a new password (boss only) and end that user's sessions.
pub async fn reset_password(db: &Db, caller: &Caller, user_id: i64, new_password: &str) -> AppResult<()> {
    caller.require(Perm::ManageUsers)?;
    reset_password_unchecked(db, Some(caller.id()), user_id, new_password).await
}

pub async fn reset_password_unchecked(db: &Db, by: Option<i64>, user_id: i64, new_password: &str) -> AppResult<()> {
    validate_password(new_password)?;
    let hash = password::hash(new_password);
    let mut tx = db.pool.begin().await?;
    if db::set_password(&mut tx, user_id, &hash.0).await? == 0 {
        return Err(AppError::NotFound);
    }
    db::delete_user_sessions(&mut tx, user_id).await?;
    audit::record(&mut tx, by, "user", Some(user_id), "reset_password", "", now_ms()).await?;
    tx.commit().await?;
    Ok(())
}

/// Agents an order may be entered for: all agents for the boss, the own line for an agent.
pub async fn agent_choices(db: &Db, caller: &Caller) -> AppResult<Vec<Member>> {
    caller.require(Perm::CreateOrder)?;
    let filter = format!("u.role = 'agent' AND u.active = 1 AND {}", caller.scope().sql("u.id"));
    Ok(db::list_members(db, &filter).await?)
}
