//! Sales invoices: the list (status, period, keyset pages, .xlsx export) and one invoice
//! (lines, totals in figures and capitals, recording the issue, deleting a draft, red-letter).

use super::{fen, InvoiceBadge, Tabs};
use crate::error::AppError;
use crate::page::{Page, Seek};
use crate::tax::api::{delete_invoice, get_invoice, issue_invoice, list_invoices, reverse_invoice};
use crate::tax::text::{status_label, text};
use crate::tax::{InvoiceDetail, InvoiceFilter, InvoiceId, InvoiceStatus, InvoiceSummary, RedLineInput, RedReason, ReverseInput};
use crate::time::format_ms;
use crate::ui::session::{use_common, use_lang};
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{confirm, ready_marker, url_encode, with_query, Empty, ErrorBox, Loading, Pager};
use leptos::prelude::*;
use leptos_router::components::{Form, A};
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

fn list_href(status: Option<InvoiceStatus>, period: &str, seek: Option<String>) -> String {
    let parts = [
        status.map(|s| format!("status={}", s.code())).unwrap_or_default(),
        if period.is_empty() { String::new() } else { format!("p={}", url_encode(period)) },
        seek.unwrap_or_default(),
    ];
    with_query("/tax/invoices", &parts)
}

#[component]
pub fn InvoiceListPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let lang = use_lang();
    let t = text(lang);
    let c = use_common();
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        InvoiceFilter {
            status: q.get("status").and_then(|s| InvoiceStatus::parse(&s)),
            period: q.get("p").unwrap_or_default().into(),
            seek: Seek::from_query(q.get("after").as_deref(), q.get("before").as_deref()),
        }
    };
    let page = Resource::new(filter, list_invoices);
    let chips = move || {
        let f = filter();
        let mut all = vec![(None, c.all)];
        all.extend(InvoiceStatus::ALL.iter().map(|s| (Some(*s), status_label(*s, lang))));
        all.into_iter()
            .map(|(s, label)| {
                let class = if f.status == s { "chip active" } else { "chip" };
                view! { <A href=list_href(s, &f.period, None) attr:class=class>{label}</A> }
            })
            .collect_view()
    };
    view! {
        <section class="page tax">
            <div class="page-head">
                <h1>{t.invoices_title}</h1>
                <A href="/tax/invoices/new" attr:class="button">"+ " {t.new_invoice}</A>
            </div>
            <Tabs/>
            <div class="chips">{chips}</div>
            <div class="toolbar">
                <Form action="/tax/invoices" attr:class="search">
                    {move || filter().status.map(|s| view! { <input type="hidden" name="status" value=s.code()/> })}
                    <input name="p" placeholder="2026-11 / 2026-Q4" aria-label=t.period maxlength="8" prop:value=move || filter().period.into_string()/>
                    <button type="submit">{t.show}</button>
                </Form>
                <form method="post" action="/rpc/export_invoices" class="inline">
                    {move || filter().status.map(|s| view! { <input type="hidden" name="filter[status]" value=s.code()/> })}
                    <input type="hidden" name="filter[period]" prop:value=move || filter().period.into_string()/>
                    <button type="submit" class="secondary">{t.export_xlsx}</button>
                </form>
            </div>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => view! { <InvoiceTable p filter=filter()/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn InvoiceTable(p: Page<InvoiceSummary>, filter: InvoiceFilter) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    if p.rows.is_empty() {
        return view! { <Empty text=t.no_invoices/> }.into_any();
    }
    let rows = p
        .rows
        .into_iter()
        .map(|r| {
            let href = format!("/tax/invoices/{}", r.id.0);
            view! {
                <tr>
                    <td data-label=t.number><div><A href=href>{r.number.clone().unwrap_or_else(|| format!("#{}", r.id.0))}</A><div class="sub">{r.kind.label(lang)}</div></div></td>
                    <td data-label=t.buyer><div>{r.buyer_name.clone()}<div class="sub">{r.buyer_tax_id.clone()}</div></div></td>
                    <td data-label=t.gross class="num">{r.gross.to_string()}</td>
                    <td data-label=t.tax class="num">{r.tax.to_string()}</td>
                    <td data-label=t.status><InvoiceBadge status=r.status red=r.red/></td>
                    <td data-label=t.issued_on class="sub">{r.issued_on.clone().unwrap_or_else(|| format_ms(r.created_at))}</td>
                </tr>
            }
        })
        .collect_view();
    let (status, period) = (filter.status, filter.period.into_string());
    view! {
        <table class="table invoices">
            <thead><tr><th>{t.number}</th><th>{t.buyer}</th><th class="num">{t.gross}</th><th class="num">{t.tax}</th><th>{t.status}</th><th>{t.issued_on}</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <Pager next=p.next prev=p.prev count=p.count href=move |seek| list_href(status, &period, seek)/>
    }
    .into_any()
}

#[component]
pub fn InvoiceDetailPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let t = text(use_lang());
    let c = use_common();
    let params = use_params_map();
    let id = move || InvoiceId(params.read().get("id").and_then(|v| v.parse().ok()).unwrap_or(0));
    let invoice = Resource::new(id, get_invoice);
    view! {
        <section class="page tax">
            <div class="page-head">
                <h1>{t.invoice_title}</h1>
                <A href="/tax/invoices" attr:class="button secondary">{c.back}</A>
            </div>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match invoice.await {
                        Ok(d) => view! { <InvoiceView d on_change=move || invoice.refetch()/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The invoice as printed: lines, totals, 价税合计 in capitals and figures.
#[component]
pub(super) fn InvoiceLines(invoice: crate::tax::Invoice) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let lines = invoice
        .lines
        .iter()
        .map(|l| {
            let s = &l.line;
            let price = s.unit_price_excl.map(crate::tax::logic_split::format_unit_price).unwrap_or_default();
            view! {
                <tr>
                    <td data-label=t.item><div>{s.item_name.clone()}<div class="sub">{l.tax_code.clone()}</div></div></td>
                    <td data-label=t.spec>{s.spec.clone()}</td>
                    <td data-label=t.unit>{s.unit.clone()}</td>
                    <td data-label=t.qty class="num">{s.qty.map(|q| q.to_string()).unwrap_or_default()}</td>
                    <td data-label=t.unit_price_excl class="num">{price}</td>
                    <td data-label=t.amount_excl class="num">{fen(s.amount_fen)}</td>
                    <td data-label=t.rate class="num">{s.rate.label(lang)}</td>
                    <td data-label=t.tax class="num">{s.rate.tax_display(s.tax_fen)}</td>
                </tr>
            }
        })
        .collect_view();
    let warnings = invoice.buyer_warnings.iter().chain(&invoice.seller_warnings).map(|w| view! { <li>{w.message(lang)}</li> }).collect_view();
    let has_warnings = !invoice.buyer_warnings.is_empty() || !invoice.seller_warnings.is_empty();
    view! {
        <table class="table invoice-lines">
            <thead><tr>
                <th>{t.item}</th><th>{t.spec}</th><th>{t.unit}</th><th class="num">{t.qty}</th><th class="num">{t.unit_price_excl}</th>
                <th class="num">{t.amount_excl}</th><th class="num">{t.rate}</th><th class="num">{t.tax}</th>
            </tr></thead>
            <tbody>{lines}</tbody>
            <tfoot>
                <tr><td colspan="5">{t.total}</td><td class="num" data-testid="invoice-amount">{fen(invoice.amount_fen)}</td><td></td><td class="num" data-testid="invoice-tax">{fen(invoice.tax_fen)}</td></tr>
            </tfoot>
        </table>
        <p class="capitals">
            {t.in_capitals} " " <strong data-testid="invoice-capitals">{invoice.gross_capitals.clone()}</strong>
            " " {t.in_figures} " " <strong data-testid="invoice-gross">{crate::money::Money::from_fen(invoice.gross_fen).to_string()}</strong>
        </p>
        {has_warnings.then(|| view! { <ul class="notice warnings">{warnings}</ul> })}
    }
}

#[component]
fn InvoiceView(d: InvoiceDetail, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let s = d.summary.clone();
    let inv = d.invoice.clone();
    let orders = d.orders.clone().into_iter().map(|o| view! { <li><A href=format!("/orders/{}", o.order_id)>{o.order_no.clone()}</A> " " {o.gross.to_string()}</li> }).collect_view();
    let reds = d.reds.clone().into_iter().map(|r| view! {
        <li><A href=format!("/tax/invoices/{}", r.id.0)>{r.number.clone().unwrap_or_else(|| format!("#{}", r.id.0))}</A> " " {r.gross.to_string()} " " {status_label(r.status, lang)}</li>
    }).collect_view();
    let red_of = d.red_of.clone().map(|o| view! {
        <dt>{t.red_of}</dt><dd><A href=format!("/tax/invoices/{}", o.id.0)>{o.number.clone().unwrap_or_default()}</A></dd>
    });
    let can_reverse = s.status == InvoiceStatus::Issued && !s.red;
    view! {
        <div class="card">
            <div class="order-title">
                <span class="order-no" data-testid="invoice-number">{s.number.clone().unwrap_or_else(|| format!("#{}", s.id.0))}</span>
                <span data-testid="invoice-status"><InvoiceBadge status=s.status red=s.red/></span>
            </div>
            <dl class="facts wide">
                <dt>{t.invoice_kind}</dt><dd>{s.kind.label(lang)}</dd>
                <dt>{t.issued_on}</dt><dd>{s.issued_on.clone().unwrap_or_else(|| "—".into())}</dd>
                <dt>{t.buyer}</dt><dd>{inv.buyer.name.clone()}<div class="sub">{inv.buyer.tax_id.clone()}</div></dd>
                <dt>{t.seller}</dt><dd>{inv.seller.name.clone()}<div class="sub">{inv.seller.tax_id.clone()}</div></dd>
                {red_of}
                {(!d.note.is_empty()).then(|| view! { <dt>{t.note}</dt><dd>{d.note.clone()}</dd> })}
            </dl>
            {(!d.orders.is_empty()).then(|| view! { <h3>{t.linked_orders}</h3><ul class="plain">{orders}</ul> })}
            {(!d.reds.is_empty()).then(|| view! { <h3>{t.reds}</h3><ul class="plain">{reds}</ul> })}
        </div>
        <div class="card"><InvoiceLines invoice=inv.clone()/></div>
        {(s.status == InvoiceStatus::Pending).then(|| view! { <IssueForm id=s.id on_change/> })}
        {can_reverse.then(|| view! { <ReverseForm d=d.clone() on_change/> })}
    }
}

#[component]
fn IssueForm(id: InvoiceId, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let toasts = use_toasts();
    let navigate = use_navigate();
    let number = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let issue = Action::new(move |(n, d): &(String, String)| issue_invoice(id, n.as_str().into(), d.as_str().into()));
    let delete = Action::new(move |_: &()| delete_invoice(id));
    Effect::new(move |_| match issue.value().get() {
        Some(Ok(())) => {
            toasts.ok(t.saved);
            on_change();
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    Effect::new(move |_| match delete.value().get() {
        Some(Ok(())) => navigate("/tax/invoices", Default::default()),
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    view! {
        <form class="card form" method="post" action="/rpc/issue_invoice" data-ready=ready_marker() on:submit=move |ev| {
            ev.prevent_default();
            issue.dispatch((number.get(), date.get()));
        }>
            <h2>{t.record_issue}</h2>
            <p class="muted">{t.record_issue_hint}</p>
            <input type="hidden" name="id" value=id.0/>
            <div class="row">
                <label>{t.number}<input name="number" bind:value=number inputmode="numeric" maxlength="20" autocomplete="off"/></label>
                <label>{t.issued_on}<input name="date" type="date" bind:value=date/></label>
            </div>
            <div class="actions">
                <button type="submit" disabled=move || issue.pending().get()>{t.record}</button>
                <button type="button" class="danger" on:click=move |_| {
                    if confirm(t.confirm_delete) {
                        delete.dispatch(());
                    }
                }>{t.delete_pending}</button>
            </div>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-error=e.code()>{e.message(lang)}</p> })}
        </form>
    }
}

#[component]
fn ReverseForm(d: InvoiceDetail, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let navigate = use_navigate();
    let id = d.summary.id;
    let reason = RwSignal::new(format!("{:?}", RedReason::SalesReturn));
    let amounts: Vec<RwSignal<String>> = d.invoice.lines.iter().map(|_| RwSignal::new(String::new())).collect();
    let error = RwSignal::new(None::<AppError>);
    let act = Action::new(move |input: &ReverseInput| reverse_invoice(id, input.clone()));
    Effect::new(move |_| match act.value().get() {
        Some(Ok(red)) => {
            on_change();
            navigate(&format!("/tax/invoices/{}", red.0), Default::default());
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let reasons = RedReason::ALL.into_iter().map(|r| view! { <option value=format!("{r:?}")>{r.label(lang)}</option> }).collect_view();
    let amounts_for_submit = amounts.clone();
    let rows = d
        .invoice
        .lines
        .iter()
        .zip(&amounts)
        .enumerate()
        .map(|(i, (l, a))| {
            let a = *a;
            let left = d.reversible.get(i).copied().unwrap_or_default();
            view! {
                <label>
                    {l.line.item_name.clone()} <span class="sub">{t.reversible} " " {left.to_string()}</span>
                    <input name=format!("input[lines][{i}][gross]") inputmode="decimal" bind:value=a placeholder="0.00"/>
                    <input type="hidden" name=format!("input[lines][{i}][line]") value=i + 1/>
                </label>
            }
        })
        .collect_view();
    view! {
        <details class="card">
            <summary>{t.reverse_title}</summary>
            <form class="form" method="post" action="/rpc/reverse_invoice" data-ready=ready_marker() on:submit=move |ev| {
                ev.prevent_default();
                if !confirm(t.confirm_reverse) {
                    return;
                }
                let lines = amounts_for_submit
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| !a.get().trim().is_empty())
                    .map(|(i, a)| RedLineInput { line: i + 1, gross: a.get().into(), qty: Default::default() })
                    .collect();
                let reason = RedReason::ALL.into_iter().find(|r| format!("{r:?}") == reason.get()).unwrap_or(RedReason::SalesReturn);
                act.dispatch(ReverseInput { reason, lines });
            }>
                <input type="hidden" name="id" value=id.0/>
                <label>{t.reverse_reason}<select name="input[reason]" bind:value=reason>{reasons}</select></label>
                <p class="muted">{t.reverse_hint}</p>
                {rows}
                <button type="submit" class="danger" disabled=move || act.pending().get()>{t.reverse}</button>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-error=e.code()>{e.message(lang)}</p> })}
            </form>
        </details>
    }
}
