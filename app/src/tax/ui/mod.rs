//! Tax pages: the VAT summary (`/tax`), sales invoices (list, new, detail), purchase
//! invoices, product tax codes, and the tax profile with the dated policy table.

mod inputs;
mod invoices;
mod new_invoice;
mod settings;
mod vat;

pub use inputs::InputInvoicesPage;
pub use invoices::{InvoiceDetailPage, InvoiceListPage};
pub use new_invoice::NewInvoicePage;
pub use settings::{ProductTaxPage, TaxProfilePage};
pub use vat::VatPage;

use super::text::{status_label, text};
use super::{InvoiceStatus, TaxRate};
use crate::ui::session::use_lang;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// The tax area's sub-navigation.
#[component]
fn Tabs() -> impl IntoView {
    let t = text(use_lang());
    let location = use_location();
    let tabs = [("/tax", t.tab_vat), ("/tax/invoices", t.tab_invoices), ("/tax/inputs", t.tab_inputs), ("/tax/products", t.tab_products), ("/tax/profile", t.tab_profile)];
    let links = tabs
        .into_iter()
        .map(|(href, label)| {
            let active = move || {
                let p = location.pathname.get();
                if href == "/tax" { p == "/tax" } else { p.starts_with(href) }
            };
            view! { <A href=href attr:class=move || if active() { "chip active" } else { "chip" }>{label}</A> }
        })
        .collect_view();
    view! { <nav class="chips tax-tabs" aria-label=t.tax_title>{links}</nav> }
}

#[component]
fn InvoiceBadge(status: InvoiceStatus, red: bool) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    view! {
        <span class=format!("badge invoice-{}", status.code())>{status_label(status, lang)}</span>
        {red.then(|| view! { <span class="badge red-letter">{t.red_letter}</span> })}
    }
}

/// Form value of a rate (its serde name).
fn rate_value(r: TaxRate) -> String {
    format!("{r:?}")
}

fn parse_rate(v: &str) -> Option<TaxRate> {
    TaxRate::ALL.into_iter().find(|r| rate_value(*r) == v)
}

/// `<option>`s of every rate, `selected` marked.
fn rate_options(selected: TaxRate) -> impl IntoView {
    let lang = use_lang();
    TaxRate::ALL
        .into_iter()
        .map(|r| view! { <option value=rate_value(r) selected=r == selected>{r.label(lang)}</option> })
        .collect_view()
}

/// A fen figure as a bare amount (`1,234.50`), as invoices print them.
fn fen(v: i64) -> String {
    super::logic_fen::format_fen(v)
}
