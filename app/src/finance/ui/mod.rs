//! Finance pages: payments (list, detail with matching, checks of agent-confirmed payments),
//! bill import with preview, reconciliation, expenses, the P&L with export and month close;
//! and the payments card on an order's page.

mod bills;
mod expenses;
mod payments;
mod pnl;
mod recon;

pub use bills::{BillPreviewPage, BillsPage};
pub use expenses::{ExpensePreviewPage, ExpensesPage};
pub use payments::{OrderPaymentsCard, PaymentDetailPage, PaymentsPage};
pub use pnl::PnlPage;
pub use recon::ReconPage;

use super::text::{flag_label, text};
use super::{PaymentFlag, Upload, UploadKind};
use crate::error::AppError;
use crate::ui::session::use_lang;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// The finance sections, on top of every finance page.
#[component]
fn FinanceTabs() -> impl IntoView {
    let s = text(use_lang());
    let location = use_location();
    let tabs = [
        ("/finance/payments", s.tab_payments),
        ("/finance/bills", s.tab_bills),
        ("/finance/recon", s.tab_recon),
        ("/finance/expenses", s.tab_expenses),
        ("/finance/pnl", s.tab_pnl),
    ];
    let links = tabs
        .into_iter()
        .map(|(href, label)| {
            let class = move || {
                let p = location.pathname.get();
                let on = p.starts_with(href) || (href == "/finance/payments" && p == "/finance");
                if on { "chip active" } else { "chip" }
            };
            view! { <A href=href attr:class=class>{label}</A> }
        })
        .collect_view();
    view! { <nav class="chips finance-tabs" aria-label=s.finance_title>{links}</nav> }
}

/// Badges of a payment's flags.
fn flag_badges(flags: &[PaymentFlag]) -> impl IntoView + use<> {
    let lang = use_lang();
    flags
        .iter()
        .map(|f| {
            let code = serde_json::to_value(f).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
            view! { <span class=format!("badge flag-{code}") data-flag=code.clone()>{flag_label(*f, lang)}</span> }
        })
        .collect_view()
}

/// An error under a form, with its code for tests.
fn form_error(e: Option<AppError>) -> impl IntoView {
    let lang = use_lang();
    e.map(|e| view! { <p class="form-error" role="alert" data-error=e.code()>{e.message(lang)}</p> })
}

/// Read the file chosen in `input` in the browser and upload it; `done` gets the token.
fn read_and_upload(input: &web_sys::HtmlInputElement, kind: UploadKind, done: impl Fn(Result<String, AppError>) + 'static) -> bool {
    crate::ui::widgets::read_file_base64(input, move |name, b64| {
        let file = Upload { file_name: name.into(), content_b64: b64.into() };
        leptos::task::spawn_local(async move { done(super::api::upload_file(kind, file).await) });
    })
}

/// Let the browser save a file given as base64.
fn save_file(name: &str, mime: &str, b64: &str) {
    use wasm_bindgen::JsCast;
    let Ok(a) = document().create_element("a") else { return };
    let a: web_sys::HtmlAnchorElement = a.unchecked_into();
    a.set_href(&format!("data:{mime};base64,{b64}"));
    a.set_download(name);
    a.set_attribute("data-testid", "download").ok();
    if let Some(body) = document().body() {
        let _ = body.append_child(&a);
        a.click();
        let _ = body.remove_child(&a);
    }
}
