//! The VAT summary of a month or quarter (`/tax?p=2026-11`): the figures behind the
//! threshold, the return's main table in its line order, and the .xlsx export.

use super::{fen, Tabs};
use crate::tax::api::get_vat_summary;
use crate::tax::text::text;
use crate::tax::text_titles::{general_line_title, small_line_title};
use crate::tax::{Period, VatSummary};
use crate::ui::session::use_lang;
use crate::ui::widgets::{ErrorBox, Loading};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn VatPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let t = text(use_lang());
    let query = use_query_map();
    let period = move || query.read().get("p").unwrap_or_default();
    let summary = Resource::new(period, |p| get_vat_summary(p.as_str().into()));
    view! {
        <section class="page tax">
            <div class="page-head"><h1>{t.tax_title}</h1></div>
            <Tabs/>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match summary.await {
                        Ok(s) => view! { <Summary s/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> <ProfileLink/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ProfileLink() -> impl IntoView {
    let t = text(use_lang());
    view! { <p><A href="/tax/profile">{t.tab_profile}</A> " · " <A href="/tax/products">{t.tab_products}</A></p> }
}

/// Links to the previous and next period, and to the month or quarter view.
#[component]
fn PeriodBar(period: Period) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let href = |p: Period| format!("/tax?p={}", p.code());
    let (kind, other) = if period.is_quarter() { (t.quarter, (t.month, period.to_month())) } else { (t.month, (t.quarter, period.to_quarter())) };
    view! {
        <div class="period-bar">
            <A href=href(period.shift(-1)) attr:class="button secondary" attr:rel="prev">"‹"</A>
            <strong data-testid="vat-period">{period.label(lang)}</strong>
            <A href=href(period.shift(1)) attr:class="button secondary" attr:rel="next">"›"</A>
            <span class="chip active">{kind}</span>
            <A href=href(other.1) attr:class="chip">{other.0}</A>
        </div>
    }
}

#[component]
fn Summary(s: VatSummary) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let reduced = s.policy.reduced_levy.map(|r| format!("{} {}", t.levy_in_force, r.label(lang)));
    let small_facts = s.small.as_ref().map(|r| {
        let verdict = if r.exempt { t.exempt_applies } else { t.exempt_not };
        let threshold = r.threshold_fen.map(fen).unwrap_or_else(|| "—".into());
        view! {
            <dt>{t.sales_tested}</dt><dd data-testid="vat-sales">{fen(r.sales_fen)}</dd>
            <dt>{t.threshold}</dt><dd>{threshold}</dd>
            <dt></dt><dd class=if r.exempt { "ok" } else { "warn" }>{verdict}</dd>
        }
    });
    view! {
        <PeriodBar period=s.period/>
        <div class="card">
            <h2>{t.vat_title}</h2>
            <dl class="facts wide">
                <dt>{t.taxpayer_type}</dt><dd>{s.taxpayer.label(lang)}</dd>
                {small_facts}
                <dt>{t.invoiced_sales}</dt><dd>{s.invoiced_sales.to_string()}</dd>
                <dt>{t.output_tax}</dt><dd data-testid="vat-output">{s.output_tax.to_string()}</dd>
                <dt>{t.uninvoiced_sales}</dt><dd data-testid="vat-uninvoiced">{s.uninvoiced_sales.to_string()}</dd>
                <dt>{t.input_tax}</dt><dd>{s.input_tax.to_string()}</dd>
            </dl>
            {reduced.map(|r| view! { <p class="muted">{r}</p> })}
            <form method="post" action="/rpc/export_vat_summary" class="inline">
                <input type="hidden" name="period" value=s.period.code()/>
                <button type="submit" class="secondary" data-testid="export-vat">{t.export_xlsx}</button>
            </form>
        </div>
        <ReturnTable s/>
    }
}

#[component]
fn ReturnTable(s: VatSummary) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    if let Some(r) = s.small {
        let rows = r
            .lines
            .into_iter()
            .map(|l| {
                view! {
                    <tr data-line=l.no>
                        <td data-label=t.line_no>{l.no}</td>
                        <td data-label=t.line_title>{small_line_title(l.no, lang).unwrap_or_default()}</td>
                        <td data-label=t.goods_col class="num">{fen(l.goods_fen)}</td>
                        <td data-label=t.services_col class="num">{fen(l.services_fen)}</td>
                    </tr>
                }
            })
            .collect_view();
        return view! {
            <table class="table vat-lines">
                <thead><tr><th>{t.line_no}</th><th>{t.line_title}</th><th class="num">{t.goods_col}</th><th class="num">{t.services_col}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any();
    }
    let Some(g) = s.general else { return ().into_any() };
    let months = s.general_months;
    let heads = months.iter().map(|m| view! { <th class="num">{m.period.label(lang)}</th> }).collect_view();
    let rows = g
        .lines
        .iter()
        .map(|l| {
            let per_month = months.iter().map(|m| view! { <td class="num" data-label=m.period.label(lang)>{fen(m.line(l.no))}</td> }).collect_view();
            view! {
                <tr data-line=l.no>
                    <td data-label=t.line_no>{l.no}</td>
                    <td data-label=t.line_title>{general_line_title(l.no, lang).unwrap_or_default()}</td>
                    <td data-label=t.this_period class="num">{fen(l.fen)}</td>
                    {per_month}
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table vat-lines">
            <thead><tr><th>{t.line_no}</th><th>{t.line_title}</th><th class="num">{t.this_period}</th>{heads}</tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
