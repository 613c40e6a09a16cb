//! Server functions of the auth area: authorize → service → DTO.

use super::{Member, NewUser, SessionInfo};
use crate::error::AppError;
use crate::i18n::Lang;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use crate::ctx::{self, LANG_COOKIE, SESSION_COOKIE};

/// Who is signed in and which language to speak. Never fails for a visitor.
#[server(prefix = "/rpc", endpoint = "get_session")]
pub async fn get_session() -> Result<SessionInfo, AppError> {
    let cookie_lang = ctx::cookie(LANG_COOKIE).map(|c| Lang::from_code(&c));
    match ctx::caller().await {
        Ok((_, caller)) => Ok(SessionInfo { user: Some(caller.user().clone()), lang: caller.lang() }),
        Err(AppError::Unauthenticated) => Ok(SessionInfo { user: None, lang: cookie_lang.unwrap_or_default() }),
        Err(e) => ctx::respond(Err(e)),
    }
}

#[server(prefix = "/rpc", endpoint = "login")]
pub async fn login(username: String, password: String) -> Result<(), AppError> {
    let db = ctx::db()?;
    let token = ctx::respond(super::service::login(&db, &username, &password).await)?;
    ctx::set_cookie(SESSION_COOKIE, &token, super::service::SESSION_TTL_MS / 1000, true);
    ctx::redirect_form_post("/");
    Ok(())
}

#[server(prefix = "/rpc", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    let db = ctx::db()?;
    if let Some(token) = ctx::cookie(SESSION_COOKIE) {
        super::service::logout(&db, &token).await?;
    }
    ctx::set_cookie(SESSION_COOKIE, "", 0, true);
    ctx::redirect_form_post("/login");
    Ok(())
}

/// Remember the language for this user (and this browser, for the login page).
#[server(prefix = "/rpc", endpoint = "set_lang")]
pub async fn set_lang(lang: Lang) -> Result<(), AppError> {
    ctx::set_cookie(LANG_COOKIE, lang.code(), 365 * 24 * 3600, false);
    if let Ok((db, caller)) = ctx::caller().await {
        super::service::set_lang(&db, &caller, lang).await?;
    }
    Ok(())
}

#[server(prefix = "/rpc", endpoint = "list_team")]
pub async fn list_team() -> Result<Vec<Member>, AppError> {
    ctx::respond(async {
        let (db, caller) = ctx::caller().await?;
        super::service::list_team(&db, &caller).await
    }.await)
}

#[server(prefix = "/rpc", endpoint = "create_user")]
pub async fn create_user(input: NewUser) -> Result<i64, AppError> {
    ctx::respond(async {
        let (db, caller) = ctx::caller().await?;
        super::service::create_user(&db, &caller, &input).await
    }.await)
}

#[server(prefix = "/rpc", endpoint = "reset_password")]
pub async fn reset_password(user_id: i64, new_password: String) -> Result<(), AppError> {
    ctx::respond(async {
        let (db, caller) = ctx::caller().await?;
        super::service::reset_password(&db, &caller, user_id, &new_password).await
    }.await)
}

#[server(prefix = "/rpc", endpoint = "list_agents")]
pub async fn list_agents() -> Result<Vec<Member>, AppError> {
    ctx::respond(async {
        let (db, caller) = ctx::caller().await?;
        super::service::agent_choices(&db, &caller).await
    }.await)
}
