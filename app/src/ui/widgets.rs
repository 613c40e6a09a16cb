//! Small shared widgets: error box, empty state, pager, status badge, loading.

use super::session::{use_lang, use_strings};
use crate::error::AppError;
use crate::orders::OrderStatus;
use leptos::prelude::*;

/// A failed load, in the user's language. Forbidden and not-found get their own look.
#[component]
pub fn ErrorBox(error: AppError) -> impl IntoView {
    let lang = use_lang();
    let s = use_strings();
    let class = match error {
        AppError::Forbidden => "error-box forbidden",
        _ => "error-box",
    };
    let unauth = error == AppError::Unauthenticated;
    view! {
        <div class=class role="alert" data-code=error.status().to_string()>
            <strong>{s.error_title}</strong>
            <p>{error.message(lang)}</p>
            {unauth.then(|| view! { <a class="button" href="/login">{s.login_button}</a> })}
        </div>
    }
}

#[component]
pub fn Empty(#[prop(into)] text: String) -> impl IntoView {
    view! { <div class="empty">{text}</div> }
}

#[component]
pub fn Loading() -> impl IntoView {
    let s = use_strings();
    view! { <div class="loading" aria-busy="true">{s.loading}</div> }
}

#[component]
pub fn StatusBadge(status: OrderStatus) -> impl IntoView {
    let lang = use_lang();
    view! { <span class=format!("badge status-{}", status.code())>{status.label(lang)}</span> }
}

/// Previous/next links; `href(page)` builds the link of a page.
#[component]
pub fn Pager(page: i64, pages: i64, total: i64, href: impl Fn(i64) -> String + 'static) -> impl IntoView {
    let s = use_strings();
    let info = s.page_of.replace("{page}", &page.to_string()).replace("{pages}", &pages.to_string());
    let count = s.total_rows.replace("{n}", &total.to_string());
    view! {
        <nav class="pager" aria-label="pagination">
            {(page > 1).then(|| view! { <a class="button secondary" rel="prev" href=href(page - 1)>{s.prev_page}</a> })}
            <span class="pager-info">{info} " · " {count}</span>
            {(page < pages).then(|| view! { <a class="button secondary" rel="next" href=href(page + 1)>{s.next_page}</a> })}
        </nav>
    }
}

/// `window.confirm` (browser only: call it from event handlers).
pub fn confirm(message: &str) -> bool {
    window().confirm_with_message(message).unwrap_or(false)
}

/// `"true"` once this component has hydrated (effects run only in the browser).
/// Forms carry it as `data-ready`: input typed before that would be lost, so tests wait for it.
pub fn ready_marker() -> Signal<String> {
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    Signal::derive(move || ready.get().to_string())
}
