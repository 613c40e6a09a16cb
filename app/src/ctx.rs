//! Request context for server functions (ssr only).
//!
//! A server function reaches the database only through [`rpc`] (a signed-in caller) or
//! [`public`] (anonymous endpoints: sign-in, session, language). Both set the HTTP status
//! of an error; `rpc` also refuses callers who must first replace a one-time password.

use crate::auth::service::Client;
use crate::auth::{self, AuthError, Caller};
use crate::error::{AppError, AppResult};
use crate::state::{AppState, Db, Settings};
use http::header::{HeaderValue, COOKIE, SET_COOKIE};
use leptos::prelude::*;

pub const LANG_COOKIE: &str = "zg_lang";

fn state() -> AppResult<AppState> {
    use_context::<AppState>().ok_or_else(|| AppError::internal("AppState missing from context"))
}

pub fn settings() -> AppResult<Settings> {
    Ok(state()?.settings)
}

/// The session cookie's name: `__Host-` prefixed when served over HTTPS (the browser then
/// refuses it unless it is Secure, host-only and for path /).
pub fn session_cookie(settings: &Settings) -> &'static str {
    if settings.secure_cookies { "__Host-zg_session" } else { "zg_session" }
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

/// Ask the browser to wipe this site's storage (IndexedDB, local storage, caches, the
/// service worker): `Clear-Site-Data: "storage"`, sent on logout so nothing personal (the
/// offline outbox) stays on the phone.
pub fn clear_site_storage() {
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.insert_header(http::header::HeaderName::from_static("clear-site-data"), HeaderValue::from_static("\"storage\""));
    }
}

/// The client's address (as the server's middleware resolved it) and browser.
pub fn client() -> Client {
    let parts = use_context::<http::request::Parts>();
    let addr = parts.as_ref().and_then(|p| p.extensions.get::<ClientAddr>()).map(|a| a.0.clone()).unwrap_or_default();
    let user_agent = parts
        .as_ref()
        .and_then(|p| p.headers.get(http::header::USER_AGENT))
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    Client { addr, user_agent }
}

/// The Content-Security-Policy nonce of this response, made by the server's header
/// middleware; the shell hands it to Leptos so its inline scripts carry it.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// Provide this request's CSP nonce to Leptos (call before rendering inline scripts).
pub fn provide_csp_nonce() {
    if let Some(n) = use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<CspNonce>().cloned()) {
        provide_context(leptos::nonce::Nonce::from_value(n.0));
    }
}

/// The client address of a request, put into its extensions by the server (which knows
/// the peer and whether to trust a proxy's `X-Forwarded-For`).
#[derive(Clone, Debug)]
pub struct ClientAddr(pub String);

/// The signed-in caller: resolved once per page by the server's login guard (request
/// extensions, which only the server writes), else from the session cookie.
async fn caller(db: &Db, settings: &Settings) -> AppResult<Caller> {
    if let Some(c) = use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<Caller>().cloned()) {
        return Ok(c);
    }
    let token = cookie(session_cookie(settings)).ok_or(AppError::Unauthenticated)?;
    auth::service::caller_for_token(db, &settings.session, &token).await?.ok_or(AppError::Unauthenticated)
}

/// Set the HTTP status of an error on the response.
fn respond<T>(result: AppResult<T>) -> AppResult<T> {
    if let Err(e) = &result {
        if let (Some(resp), Ok(code)) = (use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(e.status())) {
            resp.set_status(code);
        }
    }
    result
}

/// Run a server function for a signed-in caller: `rpc(async |db, caller| service(&db, &caller, …).await)`.
/// A caller holding a one-time password may do nothing else until it is replaced.
pub async fn rpc<T>(f: impl AsyncFnOnce(Db, Caller) -> AppResult<T>) -> AppResult<T> {
    with_caller(false, f).await
}

/// Like [`rpc`], but also for a caller who must first change a one-time password
/// (changing it, listing and ending sessions).
pub async fn rpc_any<T>(f: impl AsyncFnOnce(Db, Caller) -> AppResult<T>) -> AppResult<T> {
    with_caller(true, f).await
}

async fn with_caller<T>(allow_one_time: bool, f: impl AsyncFnOnce(Db, Caller) -> AppResult<T>) -> AppResult<T> {
    respond(
        async {
            let st = state()?;
            let c = caller(&st.db, &st.settings).await?;
            if c.user().must_change_password && !allow_one_time {
                return Err(AuthError::MustChangePassword.into());
            }
            f(st.db, c).await
        }
        .await,
    )
}

/// Run an anonymous server function (sign-in, the session probe, the language switch).
/// It gets the database and settings, and the caller if someone is signed in.
pub async fn public<T>(f: impl AsyncFnOnce(Db, Settings, Option<Caller>) -> AppResult<T>) -> AppResult<T> {
    respond(
        async {
            let st = state()?;
            let c = match caller(&st.db, &st.settings).await {
                Ok(c) => Some(c),
                Err(AppError::Unauthenticated) => None,
                Err(e) => return Err(e),
            };
            f(st.db, st.settings, c).await
        }
        .await,
    )
}

/// Redirect a plain HTML form post (no wasm yet) to `path`. Calls from the running app
/// get no redirect: they navigate themselves.
pub fn redirect_form_post(path: &str) {
    let from_form = use_context::<http::request::Parts>()
        .and_then(|p| p.headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).map(|a| a.contains("text/html")))
        .unwrap_or(false);
    if from_form {
        leptos_axum::redirect(path);
    }
}

/// Answer with a file to download (an export): its content type and file name, status 200
/// (a plain form post would otherwise be sent back to the page it came from).
pub fn attachment(file_name: &str, content_type: &str) {
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(http::StatusCode::OK);
        if let Ok(v) = HeaderValue::from_str(content_type) {
            resp.insert_header(http::header::CONTENT_TYPE, v);
        }
        if let Ok(v) = HeaderValue::from_str(&content_disposition(file_name)) {
            resp.insert_header(http::header::CONTENT_DISPOSITION, v);
        }
    }
}

/// `Content-Disposition` for a download named `file_name` (RFC 6266): an ASCII `filename`
/// for old clients and the real, UTF-8 name as `filename*` (RFC 5987). Raw UTF-8 in
/// `filename` is read in the browser's locale charset, so without `filename*` a Chinese name
/// arrives as "download" on a machine without a Chinese or UTF-8 locale.
pub fn content_disposition(file_name: &str) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
    // attr-char of RFC 5987 stays as it is; everything else is %-encoded.
    const ATTR: &AsciiSet = &NON_ALPHANUMERIC.remove(b'!').remove(b'#').remove(b'$').remove(b'&').remove(b'+').remove(b'-').remove(b'.').remove(b'^').remove(b'_').remove(b'`').remove(b'|').remove(b'~');
    let ascii: String = file_name.chars().map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '_' }).collect();
    if ascii == file_name {
        return format!("attachment; filename=\"{ascii}\"");
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{}", utf8_percent_encode(file_name, ATTR))
}

#[cfg(test)]
mod tests {
    use super::content_disposition;

    #[test]
    fn a_chinese_file_name_is_sent_as_rfc_5987_utf8_with_an_ascii_fallback() {
        // 利 = E5 88 A9, 润 = E6 B6 A6, 表 = E8 A1 A8 in UTF-8.
        assert_eq!(
            content_disposition("利润表-2026-11.xlsx"),
            "attachment; filename=\"___-2026-11.xlsx\"; filename*=UTF-8''%E5%88%A9%E6%B6%A6%E8%A1%A8-2026-11.xlsx"
        );
        // A plain ASCII name is sent as it is.
        assert_eq!(content_disposition("vat-2026-01.xlsx"), "attachment; filename=\"vat-2026-01.xlsx\"");
        // A quote cannot break out of the quoted name; in filename* a space is %20.
        assert_eq!(content_disposition("a \"b\".csv"), "attachment; filename=\"a _b_.csv\"; filename*=UTF-8''a%20%22b%22.csv");
    }
}
