//! Auth use cases (ssr only): sign in and out, resolve the caller, sessions, the team.
//! This is the only place a [`Caller`] is made.

use super::db::{self, MemberFilter, NewSession, UserRecord};
use super::{password, validate_password, validate_username, AuthError, Caller, Member, NewUser, Origin, Perm, Role, Scope};
use super::{SessionPolicy, SessionView, ThrottleRule, UserInfo, MAX_NAME_LEN};
use crate::audit;
use crate::error::{AppError, AppResult, CommonError};
use crate::i18n::Lang;
use crate::state::{Db, Settings};
use crate::time::now_ms;
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A random token of `bytes` bytes as hex (for URLs and keys).
pub fn random_token(bytes: usize) -> String {
    random_hex(bytes)
}

fn random_hex(bytes: usize) -> String {
    let mut raw = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut raw);
    hex::encode(raw)
}

/// Where a sign-in comes from: the client's address (for throttling) and browser.
#[derive(Clone, Debug, Default)]
pub struct Client {
    pub addr: String,
    pub user_agent: String,
}

/// The keys a sign-in attempt is counted under, with their rules.
fn throttle_keys(username: &str, addr: &str) -> [(String, ThrottleRule); 3] {
    [
        (format!("p:{username}|{addr}"), ThrottleRule::PAIR),
        (format!("a:{addr}"), ThrottleRule::ADDRESS),
        (format!("u:{username}"), ThrottleRule::USERNAME),
    ]
}

/// Count this attempt under every key before checking the password, atomically, so a
/// burst cannot slip past the limit; refuse while any key is still waiting out its delay.
async fn charge_attempt(db: &Db, username: &str, addr: &str, now: i64) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let mut wait_ms = 0;
    let mut updates = Vec::new();
    for (key, rule) in throttle_keys(username, addr) {
        let (failures, window_start, next_allowed) = db::throttle_row(&mut tx, db.backend, &key, now).await?;
        wait_ms = wait_ms.max(next_allowed - now);
        let (failures, window_start) = if now - window_start > rule.window_ms { (1, now) } else { (failures + 1, window_start) };
        updates.push((key, failures, window_start, now + rule.delay_ms(failures)));
    }
    if wait_ms > 0 {
        tx.rollback().await?;
        return Err(AppError::TooManyAttempts { retry_after_secs: (wait_ms + 999) / 1000 });
    }
    for (key, failures, window_start, next) in updates {
        db::set_throttle(&mut tx, &key, failures, window_start, next).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Check the password and open a session. Returns the raw token for the cookie.
/// Unknown users, wrong passwords and disabled accounts get the same answer in the same time.
pub async fn login(db: &Db, settings: &Settings, username: &str, pw: &str, client: &Client) -> AppResult<String> {
    let username = username.trim();
    // Bounds first: nothing unbounded reaches the database or the hasher.
    if validate_username(username).is_err() || pw.chars().count() > super::MAX_PASSWORD_LEN as usize {
        password::verify(pw.get(..64).unwrap_or(""), None).await;
        return Err(AuthError::BadCredentials.into());
    }
    let addr: String = client.addr.chars().take(64).collect();
    let now = now_ms();
    charge_attempt(db, username, &addr, now).await?;
    let row = db::find_login(db, username).await?;
    let ok = password::verify(pw, row.as_ref().map(|r| r.password_hash.clone())).await;
    // Demo accounts (known passwords) only sign in while the server runs in demo mode.
    let Some(user) = row.filter(|r| ok && r.active == 1 && (r.demo == 0 || settings.demo)) else {
        return Err(AuthError::BadCredentials.into());
    };
    let token = random_hex(32);
    let public_id = random_hex(8);
    let user_agent: String = client.user_agent.chars().take(200).collect();
    let mut tx = db.begin_write().await?;
    let [(pair, _), (address, _), (name, _)] = throttle_keys(username, &addr);
    db::clear_throttle(&mut tx, &[pair, name]).await?;
    // The address keeps its count of failures (a guesser with one valid account cannot wipe
    // it), but this attempt succeeded and is not one of them.
    db::uncount_attempt(&mut tx, &address).await?;
    let s = NewSession { token_hash: &token_hash(&token), public_id: &public_id, user_id: user.id, now, user_agent: &user_agent };
    db::insert_session(&mut tx, &s).await?;
    tx.commit().await?;
    Ok(token)
}

pub async fn logout(db: &Db, token: &str) -> AppResult<()> {
    db::delete_session(db, &token_hash(token)).await?;
    Ok(())
}

/// The caller behind a session token, with its data scope; `None` if the session is
/// unknown, expired or its user disabled. Renews the idle timer (at most once a minute).
pub async fn caller_for_token(db: &Db, policy: &SessionPolicy, token: &str) -> AppResult<Option<Caller>> {
    if token.len() != 64 {
        return Ok(None);
    }
    let hash = token_hash(token);
    let Some(row) = db::session_user(db, &hash).await? else {
        return Ok(None);
    };
    let now = now_ms();
    if !policy.is_live(row.created_at, row.last_seen_at, now) {
        db::delete_session(db, &hash).await?;
        return Ok(None);
    }
    if policy.needs_touch(row.last_seen_at, now) {
        db::touch_session(db, &hash, now).await?;
    }
    let Some((user, lang)) = row.user() else { return Ok(None) };
    let scope = scope_for(db, user.id, user.role).await?;
    Ok(Some(Caller::new(user, lang, scope, Origin::Session { session_id: row.public_id })))
}

/// The caller of the CLI and background jobs: every permission, the whole team, acting
/// for no one (changes are recorded without a user). Never reachable from a request.
pub fn system() -> Caller {
    let user = UserInfo { id: 0, username: "system".into(), display_name: "系统".into(), role: Role::Boss, must_change_password: false };
    Caller::new(user, Lang::Zh, Scope::all(), Origin::System)
}

/// For the CLI and jobs: act as a named user (with that user's role and scope), e.g. the
/// demo seed entering an agent's orders. Only the system caller may do this.
pub async fn act_as(db: &Db, by: &Caller, user_id: i64) -> AppResult<Caller> {
    if *by.origin() != Origin::System {
        return Err(AppError::Forbidden);
    }
    let Some(row) = db::user_info(db, user_id).await? else { return Err(AppError::NotFound) };
    let scope = scope_for(db, row.0.id, row.0.role).await?;
    Ok(Caller::new(row.0, row.1, scope, Origin::System))
}

/// The data scope of a user: everything for boss and staff, the own line for an agent.
async fn scope_for(db: &Db, user_id: i64, role: Role) -> AppResult<Scope> {
    if role.is_scoped() {
        Ok(Scope::agents(db::downline_ids(db, user_id).await?))
    } else {
        Ok(Scope::all())
    }
}

pub async fn set_lang(db: &Db, caller: &Caller, lang: Lang) -> AppResult<()> {
    db::set_lang(db, caller.id(), lang).await?;
    Ok(())
}

/// The team as the caller may see it: everyone for the boss, the own downline for an agent.
pub async fn list_team(db: &Db, caller: &Caller) -> AppResult<Vec<Member>> {
    caller.require(Perm::ViewTeam)?;
    Ok(db::list_members(db, &MemberFilter { scope: caller.scope(), only_active_agents: false }).await?)
}

/// Active agents an order may be entered for: all for the boss, the own line for an agent.
pub async fn agent_choices(db: &Db, caller: &Caller) -> AppResult<Vec<Member>> {
    caller.require(Perm::CreateOrder)?;
    Ok(db::list_members(db, &MemberFilter { scope: caller.scope(), only_active_agents: true }).await?)
}

/// Whether `agent_id` is an active agent in the caller's scope (for services of other areas).
pub async fn is_agent_in_scope(db: &Db, caller: &Caller, agent_id: i64) -> AppResult<bool> {
    Ok(caller.scope().contains(agent_id) && matches!(db::user_brief(db, agent_id).await?, Some((Role::Agent, true, _))))
}

/// Whether two agents belong to the same line (the same top-level agent), for other areas'
/// checks inside their transaction (the customers area's 撞单 flag).
pub(crate) async fn same_line(conn: &mut sqlx::AnyConnection, a: i64, b: i64) -> AppResult<bool> {
    if a == b {
        return Ok(true);
    }
    let ra = db::line_root(conn, a).await?;
    let rb = db::line_root(conn, b).await?;
    Ok(ra.is_some() && ra == rb)
}

/// Active agents in the caller's scope as (username, id, name), for imports naming agents.
pub(crate) async fn agents_by_username(db: &Db, caller: &Caller) -> AppResult<Vec<(String, i64, String)>> {
    Ok(db::agents_by_username(db, caller.scope()).await?)
}

/// Create a member (boss, or the system caller). An agent's parent must be an agent.
pub async fn create_user(db: &Db, caller: &Caller, input: &NewUser) -> AppResult<i64> {
    create_user_with(db, caller, input, false).await
}

/// Create a demo member, whose known password works only while the server runs in demo mode.
pub async fn create_demo_user(db: &Db, caller: &Caller, input: &NewUser) -> AppResult<i64> {
    create_user_with(db, caller, input, true).await
}

async fn create_user_with(db: &Db, caller: &Caller, input: &NewUser, demo: bool) -> AppResult<i64> {
    caller.require(Perm::ManageUsers)?;
    let username = input.username.trim();
    validate_username(username)?;
    let display_name = input.display_name.trim();
    if display_name.is_empty() {
        return Err(CommonError::Required { field: "display_name".into() }.into());
    }
    if display_name.chars().count() > MAX_NAME_LEN as usize {
        return Err(CommonError::TooLong { field: "display_name".into(), max: MAX_NAME_LEN }.into());
    }
    validate_password(&input.password)?;
    let parent_id = match (input.role, input.parent_id) {
        (Role::Agent, Some(p)) => match db::user_brief(db, p).await? {
            Some((Role::Agent, _, _)) => Some(p),
            _ => return Err(AuthError::ParentNotAgent.into()),
        },
        (_, Some(_)) => return Err(AuthError::ParentOnlyForAgents.into()),
        (_, None) => None,
    };
    let hash = password::hash(&input.password).await;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let rec = UserRecord { username, display_name, password_hash: &hash.0, role: input.role, parent_id, demo, now };
    let id = match db::insert_user(&mut tx, &rec).await {
        Ok(id) => id,
        Err(e) if crate::error::is_unique_violation(&e) => return Err(AuthError::UsernameTaken.into()),
        Err(e) => return Err(e.into()),
    };
    let detail = format!("role={} parent={parent_id:?}", input.role.code());
    audit::record(&mut tx, caller.actor(), "user", Some(id), "create", &detail, now).await?;
    tx.commit().await?;
    Ok(id)
}

const OTP_ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";

/// A password hash for bulk loaders (the benchmark generator) that insert users directly.
pub async fn hash_for_bulk(pw: &str) -> String {
    password::hash(pw).await.0
}

/// Reset a member's password (boss): a one-time password, shown once, that must be changed
/// at the next sign-in; the member's sessions end and sign-in delays are cleared. The CLI
/// passes `chosen` to set a password directly.
pub async fn reset_password(db: &Db, caller: &Caller, user_id: i64, chosen: Option<&str>) -> AppResult<String> {
    caller.require(Perm::ManageUsers)?;
    let Some((_, _, username)) = db::user_brief(db, user_id).await? else { return Err(AppError::NotFound) };
    let new = match chosen {
        Some(pw) => {
            validate_password(pw)?;
            pw.to_string()
        }
        None => {
            let mut rng = rand::rngs::OsRng;
            (0..12).map(|_| OTP_ALPHABET[rng.gen_range(0..OTP_ALPHABET.len())] as char).collect()
        }
    };
    let hash = password::hash(&new).await;
    let mut tx = db.begin_write().await?;
    db::set_password(&mut tx, user_id, &hash.0, chosen.is_none()).await?;
    db::delete_user_sessions(&mut tx, user_id, None).await?;
    db::clear_throttle_for_user(&mut tx, &username).await?;
    audit::record(&mut tx, caller.actor(), "user", Some(user_id), "reset_password", "", now_ms()).await?;
    tx.commit().await?;
    Ok(new)
}

/// Change one's own password: the current one is required; every other session ends.
pub async fn change_password(db: &Db, caller: &Caller, current: &str, new: &str) -> AppResult<()> {
    let Origin::Session { session_id } = caller.origin() else { return Err(AppError::Forbidden) };
    validate_password(new)?;
    if current == new {
        return Err(AuthError::PasswordUnchanged.into());
    }
    let stored = db::password_hash(db, caller.id()).await?;
    if current.chars().count() > super::MAX_PASSWORD_LEN as usize || !password::verify(current, stored).await {
        return Err(AuthError::WrongCurrentPassword.into());
    }
    let hash = password::hash(new).await;
    let mut tx = db.begin_write().await?;
    db::set_password(&mut tx, caller.id(), &hash.0, false).await?;
    db::delete_user_sessions(&mut tx, caller.id(), Some(session_id)).await?;
    audit::record(&mut tx, caller.actor(), "user", Some(caller.id()), "change_password", "", now_ms()).await?;
    tx.commit().await?;
    Ok(())
}

/// Disable (a member leaves: sessions end at once, sign-in refused, data kept) or re-enable.
pub async fn set_active(db: &Db, caller: &Caller, user_id: i64, active: bool) -> AppResult<()> {
    caller.require(Perm::ManageUsers)?;
    if user_id == caller.id() {
        return Err(AuthError::CannotDisableSelf.into());
    }
    let mut tx = db.begin_write().await?;
    if db::set_active(&mut tx, user_id, active).await? == 0 {
        return Err(AppError::NotFound);
    }
    if !active {
        db::delete_user_sessions(&mut tx, user_id, None).await?;
    }
    let action = if active { "enable" } else { "disable" };
    audit::record(&mut tx, caller.actor(), "user", Some(user_id), action, "", now_ms()).await?;
    tx.commit().await?;
    Ok(())
}

/// Clear the sign-in delays of a username (`server user unlock`). Returns rows cleared.
pub async fn unlock(db: &Db, caller: &Caller, username: &str) -> AppResult<u64> {
    caller.require(Perm::ManageUsers)?;
    let mut tx = db.begin_write().await?;
    let n = db::clear_throttle_for_user(&mut tx, username).await?;
    audit::record(&mut tx, caller.actor(), "user", None, "unlock", username, now_ms()).await?;
    tx.commit().await?;
    Ok(n)
}

pub async fn list_sessions(db: &Db, caller: &Caller) -> AppResult<Vec<SessionView>> {
    let current = match caller.origin() {
        Origin::Session { session_id } => session_id.as_str(),
        _ => "",
    };
    Ok(db::list_sessions(db, caller.id(), current).await?)
}

/// End one of the caller's own sessions (another device).
pub async fn end_session(db: &Db, caller: &Caller, public_id: &str) -> AppResult<()> {
    if db::delete_session_of(db, caller.id(), public_id).await? == 0 {
        return Err(AuthError::SessionUnknown.into());
    }
    Ok(())
}

/// The user id of a username, for the CLI.
pub async fn user_id(db: &Db, caller: &Caller, username: &str) -> AppResult<i64> {
    caller.require(Perm::ManageUsers)?;
    db::user_by_username(db, username).await?.ok_or(AppError::NotFound)
}

/// Housekeeping (a periodic job): expired sessions and stale throttle rows.
pub async fn purge(db: &Db, policy: &SessionPolicy) -> AppResult<u64> {
    let now = now_ms();
    let oldest_window = ThrottleRule::ADDRESS.window_ms.max(ThrottleRule::PAIR.window_ms);
    Ok(db::purge(db, now - policy.absolute_ms, now - policy.idle_ms, now - oldest_window).await?)
}

/// Hand over an agent's customers and orders to another active agent in one transaction
/// (a member leaves), recorded in the audit trail with the counts. Returns (customers, orders).
pub async fn transfer_member(db: &Db, caller: &Caller, from: i64, to: i64) -> AppResult<(u64, u64)> {
    caller.require(Perm::ManageUsers)?;
    if !matches!(db::user_brief(db, from).await?, Some((Role::Agent, _, _))) {
        return Err(AppError::NotFound);
    }
    if from == to || !matches!(db::user_brief(db, to).await?, Some((Role::Agent, true, _))) {
        return Err(AuthError::TargetNotAgent.into());
    }
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let customers = crate::customers::service::reassign(&mut tx, from, to).await?;
    let orders = crate::orders::service::reassign(&mut tx, from, to, now).await?;
    let detail = format!("to={to} customers={customers} orders={orders}");
    audit::record(&mut tx, caller.actor(), "user", Some(from), "transfer", &detail, now).await?;
    tx.commit().await?;
    Ok((customers, orders))
}

/// Create a REST API key (boss): for one agent's line, or for the team when `agent_id` is
/// `None`. Returns (key id, secret); the secret is shown once.
pub async fn create_api_key(db: &Db, caller: &Caller, name: &str, agent_id: Option<i64>) -> AppResult<(String, String)> {
    caller.require(Perm::ManageUsers)?;
    let Some(by) = caller.actor() else { return Err(AppError::Forbidden) };
    let name = crate::orders::logic::bounded_text("name", name, 40, true)?;
    if let Some(a) = agent_id {
        if !matches!(db::user_brief(db, a).await?, Some((Role::Agent, true, _))) {
            return Err(AuthError::TargetNotAgent.into());
        }
    }
    let (key_id, secret) = (format!("zk_{}", random_hex(8)), random_hex(32));
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let k = db::NewKey { key_id: &key_id, secret: &secret, name: &name, agent_id, created_by: by, now };
    let id = db::insert_api_key(&mut tx, &k).await?;
    audit::record(&mut tx, caller.actor(), "api_key", Some(id), "create", &format!("agent={agent_id:?}"), now).await?;
    tx.commit().await?;
    Ok((key_id, secret))
}

pub async fn list_api_keys(db: &Db, caller: &Caller) -> AppResult<Vec<super::ApiKeyView>> {
    caller.require(Perm::ManageUsers)?;
    Ok(db::list_api_keys(db).await?)
}

pub async fn revoke_api_key(db: &Db, caller: &Caller, id: i64) -> AppResult<()> {
    caller.require(Perm::ManageUsers)?;
    let mut tx = db.begin_write().await?;
    if db::revoke_api_key(&mut tx, id, now_ms()).await? == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(&mut tx, caller.actor(), "api_key", Some(id), "revoke", "", now_ms()).await?;
    tx.commit().await?;
    Ok(())
}

/// The caller behind an API key, with the secret that must have signed the request (the
/// REST layer checks the signature). A key for an agent acts as that agent, with its line
/// as scope; a team key acts as the boss who made it. `None` for unknown or revoked keys.
pub async fn caller_for_api_key(db: &Db, key_id: &str) -> AppResult<Option<(Caller, String)>> {
    if key_id.len() > 64 {
        return Ok(None);
    }
    let Some(key) = db::api_key(db, key_id).await? else { return Ok(None) };
    let acting = key.agent_id.unwrap_or(key.created_by);
    let Some((user, lang)) = db::user_info(db, acting).await? else { return Ok(None) };
    if key.agent_id.is_none() && user.role != Role::Boss {
        return Ok(None);
    }
    let scope = scope_for(db, user.id, user.role).await?;
    Ok(Some((Caller::new(user, lang, scope, Origin::ApiKey { key_id: key.id }), key.secret)))
}

/// Every agent (active or not) with its parent, inside the caller's transaction: the tree
/// commissions pay overrides up (for the commissions area's month end).
pub(crate) async fn agent_tree(conn: &mut sqlx::AnyConnection) -> AppResult<Vec<(i64, Option<i64>)>> {
    Ok(db::agent_tree(conn).await?)
}

/// Display names of the team's members by id, for views whose rows name agents the caller
/// may see (a statement's downline sellers, the boss's month summary).
pub(crate) async fn display_names(conn: &mut sqlx::AnyConnection) -> AppResult<std::collections::HashMap<i64, String>> {
    Ok(db::display_names(conn).await?.into_iter().collect())
}
