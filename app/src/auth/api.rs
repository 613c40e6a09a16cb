//! Server functions of the auth area: caller → service → DTO.

use super::{Member, NewUser, SessionInfo, SessionView};
use crate::bounded::Bounded;
use crate::error::AppError;
use crate::i18n::Lang;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use {super::service, crate::ctx};

/// Who is signed in and which language to speak. Never fails for a visitor.
#[server(prefix = "/rpc", endpoint = "get_session")]
pub async fn get_session() -> Result<SessionInfo, AppError> {
    ctx::public(async |_, settings, caller| {
        let cookie_lang = ctx::cookie(ctx::LANG_COOKIE).map(|c| Lang::from_code(&c)).unwrap_or_default();
        Ok(match caller {
            Some(c) => SessionInfo { lang: c.lang(), user: Some(c.user().clone()), demo: settings.demo },
            None => SessionInfo { user: None, lang: cookie_lang, demo: settings.demo },
        })
    })
    .await
}

/// Sign in; a plain form post (no wasm yet) is redirected to the role's home page.
#[server(prefix = "/rpc", endpoint = "login")]
pub async fn login(username: Bounded<64>, password: Bounded<256>) -> Result<(), AppError> {
    ctx::public(async |db, settings, _| {
        let token = service::login(&db, &settings, &username, &password, &ctx::client()).await?;
        ctx::set_cookie(ctx::session_cookie(&settings), &token, settings.session.absolute_ms / 1000, true);
        ctx::redirect_form_post("/");
        Ok(())
    })
    .await
}

#[server(prefix = "/rpc", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    ctx::public(async |db, settings, _| {
        let name = ctx::session_cookie(&settings);
        if let Some(token) = ctx::cookie(name) {
            service::logout(&db, &token).await?;
        }
        ctx::set_cookie(name, "", 0, true);
        ctx::clear_site_storage();
        ctx::redirect_form_post("/login");
        Ok(())
    })
    .await
}

/// Remember the language for this browser and, when signed in, for the user.
#[server(prefix = "/rpc", endpoint = "set_lang")]
pub async fn set_lang(lang: Lang) -> Result<(), AppError> {
    ctx::public(async |db, _, caller| {
        ctx::set_cookie(ctx::LANG_COOKIE, lang.code(), 365 * 24 * 3600, false);
        match caller {
            Some(c) => service::set_lang(&db, &c, lang).await,
            None => Ok(()),
        }
    })
    .await
}

#[server(prefix = "/rpc", endpoint = "list_team")]
pub async fn list_team() -> Result<Vec<Member>, AppError> {
    ctx::rpc(async |db, caller| service::list_team(&db, &caller).await).await
}

#[server(prefix = "/rpc", endpoint = "list_agents")]
pub async fn list_agents() -> Result<Vec<Member>, AppError> {
    ctx::rpc(async |db, caller| service::agent_choices(&db, &caller).await).await
}

#[server(prefix = "/rpc", endpoint = "create_user")]
pub async fn create_user(input: NewUser) -> Result<i64, AppError> {
    ctx::rpc(async |db, caller| service::create_user(&db, &caller, &input).await).await
}

/// Returns the one-time password, to be shown once.
#[server(prefix = "/rpc", endpoint = "reset_password")]
pub async fn reset_password(user_id: i64) -> Result<String, AppError> {
    ctx::rpc(async |db, caller| service::reset_password(&db, &caller, user_id, None).await).await
}

#[server(prefix = "/rpc", endpoint = "set_member_active")]
pub async fn set_member_active(user_id: i64, active: bool) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::set_active(&db, &caller, user_id, active).await).await
}

#[server(prefix = "/rpc", endpoint = "change_password")]
pub async fn change_password(current: Bounded<256>, new_password: Bounded<256>) -> Result<(), AppError> {
    ctx::rpc_any(async |db, caller| service::change_password(&db, &caller, &current, &new_password).await).await
}

#[server(prefix = "/rpc", endpoint = "list_sessions")]
pub async fn list_sessions() -> Result<Vec<SessionView>, AppError> {
    ctx::rpc_any(async |db, caller| service::list_sessions(&db, &caller).await).await
}

#[server(prefix = "/rpc", endpoint = "end_session")]
pub async fn end_session(id: Bounded<32>) -> Result<(), AppError> {
    ctx::rpc_any(async |db, caller| service::end_session(&db, &caller, &id).await).await
}

/// Hand over all customers and orders of one agent to another; returns (customers, orders) moved.
#[server(prefix = "/rpc", endpoint = "transfer_member")]
pub async fn transfer_member(from: i64, to: i64) -> Result<(u64, u64), AppError> {
    ctx::rpc(async |db, caller| service::transfer_member(&db, &caller, from, to).await).await
}

/// Returns (key id, secret): the secret is shown this once.
#[server(prefix = "/rpc", endpoint = "create_api_key")]
pub async fn create_api_key(name: Bounded<80>, agent_id: Option<i64>) -> Result<(String, String), AppError> {
    ctx::rpc(async |db, caller| service::create_api_key(&db, &caller, &name, agent_id).await).await
}

#[server(prefix = "/rpc", endpoint = "list_api_keys")]
pub async fn list_api_keys() -> Result<Vec<super::ApiKeyView>, AppError> {
    ctx::rpc(async |db, caller| service::list_api_keys(&db, &caller).await).await
}

#[server(prefix = "/rpc", endpoint = "revoke_api_key")]
pub async fn revoke_api_key(id: i64) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::revoke_api_key(&db, &caller, id).await).await
}
