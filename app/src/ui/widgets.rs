//! Small shared widgets: error box, empty state, pager, status badge, loading.

use super::session::{use_common, use_lang};
use crate::error::AppError;
use crate::orders::OrderStatus;
use crate::page::{Count, Cursor};
use leptos::prelude::*;

/// A failed load, in the user's language. Forbidden and not-found get their own look.
#[component]
pub fn ErrorBox(error: AppError) -> impl IntoView {
    let lang = use_lang();
    let c = use_common();
    let class = match error {
        AppError::Forbidden => "error-box forbidden",
        _ => "error-box",
    };
    let unauth = error == AppError::Unauthenticated;
    view! {
        <div class=class role="alert" data-code=error.status().to_string() data-error=error.code()>
            <strong>{c.error_title}</strong>
            <p>{error.message(lang)}</p>
            {unauth.then(|| view! { <a class="button" href="/login">{crate::auth::text::text(lang).login_button}</a> })}
        </div>
    }
}

#[component]
pub fn Empty(#[prop(into)] text: String) -> impl IntoView {
    view! { <div class="empty">{text}</div> }
}

#[component]
pub fn Loading() -> impl IntoView {
    let c = use_common();
    view! { <div class="loading" aria-busy="true">{c.loading}</div> }
}

#[component]
pub fn StatusBadge(status: OrderStatus) -> impl IntoView {
    let lang = use_lang();
    view! { <span class=format!("badge status-{}", status.code())>{status.label(lang)}</span> }
}

/// Links to the newer and older neighbours of a keyset page, and the capped count.
/// `href(param)` builds a link from `after=…` / `before=…` (or nothing for the first page).
#[component]
pub fn Pager(
    next: Option<Cursor>,
    prev: Option<Cursor>,
    count: Count,
    href: impl Fn(Option<String>) -> String + 'static,
) -> impl IntoView {
    let c = use_common();
    let info = if count.capped { (c.rows_more)(count.n) } else { (c.rows_total)(count.n) };
    let prev_link = prev.map(|p| href(Some(format!("before={}", p.encode()))));
    let next_link = next.map(|n| href(Some(format!("after={}", n.encode()))));
    let first_link = prev.is_some().then(|| href(None));
    view! {
        <nav class="pager" aria-label="pagination">
            {first_link.map(|l| view! { <a class="button secondary" href=l>{c.first_page}</a> })}
            {prev_link.map(|l| view! { <a class="button secondary" rel="prev" href=l>{c.prev_page}</a> })}
            <span class="pager-info">{info}</span>
            {next_link.map(|l| view! { <a class="button secondary" rel="next" href=l>{c.next_page}</a> })}
        </nav>
    }
}

/// `window.confirm` (browser only: call it from event handlers).
pub fn confirm(message: &str) -> bool {
    window().confirm_with_message(message).unwrap_or(false)
}

/// Mark `<body data-hydrated="true">` once this page has hydrated. Every page calls it:
/// pages are lazy-loaded chunks, so the app shell hydrates before the page does, and tests
/// (and scripts) must wait for the page itself before clicking.
pub fn page_hydrated() {
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}

/// `"true"` once this component has hydrated (effects run only in the browser).
/// Forms carry it as `data-ready`: input typed before that would be lost, so tests wait for it.
pub fn ready_marker() -> Signal<String> {
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    Signal::derive(move || ready.get().to_string())
}

/// Percent-encode a query value.
pub fn url_encode(v: &str) -> String {
    let mut out = String::new();
    for b in v.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `path?a&b` from the non-empty parts.
pub fn with_query(path: &str, parts: &[String]) -> String {
    let parts: Vec<&String> = parts.iter().filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", parts.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("&"))
    }
}

/// Read the file chosen in `input` in the browser; `done` gets its name and its bytes as
/// base64 in the URL-safe alphabet without padding (server functions speak forms, so files
/// travel as text). False when no file is chosen or the browser cannot read it.
pub fn read_file_base64(input: &web_sys::HtmlInputElement, done: impl FnOnce(String, String) + 'static) -> bool {
    use wasm_bindgen::{JsCast, JsValue};
    let file = js_sys::Reflect::get(input, &JsValue::from_str("files")).ok().and_then(|files| js_sys::Reflect::get(&files, &JsValue::from_f64(0.0)).ok());
    let Some(file) = file.filter(|f| !f.is_undefined() && !f.is_null()) else { return false };
    let name = js_sys::Reflect::get(&file, &JsValue::from_str("name")).ok().and_then(|n| n.as_string()).unwrap_or_default();
    let Ok(reader) = web_sys::FileReader::new() else { return false };
    let r = reader.clone();
    let onload = wasm_bindgen::closure::Closure::once_into_js(move || {
        let url = r.result().ok().and_then(|v| v.as_string()).unwrap_or_default();
        let b64: String = url.split_once(',').map(|(_, b)| b).unwrap_or("").chars().map(|c| match c { '+' => '-', '/' => '_', c => c }).filter(|c| *c != '=').collect();
        done(name, b64);
    });
    reader.set_onload(Some(onload.unchecked_ref()));
    reader.read_as_data_url(file.unchecked_ref::<web_sys::Blob>()).is_ok()
}
