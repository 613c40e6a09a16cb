//! Request context for server functions (ssr only): the database, the caller,
//! cookies and the HTTP status of an error.

use crate::auth::{self, Caller};
use crate::error::{AppError, AppResult};
use crate::state::{AppState, Db, Settings};
use http::header::{COOKIE, HeaderValue, SET_COOKIE};
use leptos::prelude::*;

pub const SESSION_COOKIE: &str = "zg_session";
pub const LANG_COOKIE: &str = "zg_lang";

fn state() -> AppResult<AppState> {
    use_context::<AppState>().ok_or_else(|| AppError::internal("AppState missing from context"))
}

pub fn db() -> AppResult<Db> {
    Ok(state()?.db)
}

pub fn settings() -> AppResult<Settings> {
    Ok(state()?.settings)
}

/// A cookie of the current request.
pub fn cookie(name: &str) -> Option<String> {
    cookie_in(&use_context::<http::request::Parts>()?.headers, name)
}

/// A non-empty cookie from request headers (also used by the server's login guard).
pub fn cookie_in(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers.get_all(COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|header| {
        header.split(';').find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name && !v.is_empty()).then(|| v.to_string())
        })
    })
}

/// Add a `Set-Cookie` header to the response. `max_age` 0 deletes the cookie.
pub fn set_cookie(name: &str, value: &str, max_age_secs: i64, http_only: bool) {
    let secure = settings().map(|s| s.secure_cookies).unwrap_or(false);
    let mut c = format!("{name}={value}; Path=/; Max-Age={max_age_secs}; SameSite=Lax");
    if http_only {
        c.push_str("; HttpOnly");
    }
    if secure {
        c.push_str("; Secure");
    }
    if let (Some(resp), Ok(v)) = (use_context::<leptos_axum::ResponseOptions>(), HeaderValue::from_str(&c)) {
        resp.append_header(SET_COOKIE, v);
    }
}

/// The signed-in caller with its data scope, or `Unauthenticated`. During a page render the
/// server's login guard has already resolved it into the request's extensions (which only
/// the server can write), so the page's server functions reuse it instead of querying again.
pub async fn caller() -> AppResult<(Db, Caller)> {
    let db = db()?;
    if let Some(c) = use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<Caller>().cloned()) {
        return Ok((db, c));
    }
    let token = cookie(SESSION_COOKIE).ok_or(AppError::Unauthenticated)?;
    let caller = auth::service::caller_for_token(&db, &token).await?.ok_or(AppError::Unauthenticated)?;
    Ok((db, caller))
}

/// Finish a server function: on error, set the HTTP status to match.
pub fn respond<T>(result: AppResult<T>) -> AppResult<T> {
    if let Err(e) = &result {
        if let (Some(resp), Ok(code)) =
            (use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(e.status()))
        {
            resp.set_status(code);
        }
    }
    result
}

/// Redirect a plain HTML form post (no wasm yet) to `path`. Calls from the running app
/// get no redirect: they reload the page themselves, so the session is read afresh.
pub fn redirect_form_post(path: &str) {
    let from_form = use_context::<http::request::Parts>()
        .and_then(|p| p.headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).map(|a| a.contains("text/html")))
        .unwrap_or(false);
    if from_form {
        leptos_axum::redirect(path);
    }
}
