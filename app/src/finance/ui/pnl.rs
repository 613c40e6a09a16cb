//! The P&L of a month: the statement, the days, cash by method, receivables; export to
//! Excel; closing the month (boss).

use super::{save_file, FinanceTabs};
use crate::finance::api::{close_period, export_pnl, get_pnl};
use crate::finance::text::{method_label, text};
use crate::finance::{Method, Pnl, PnlLine};
use crate::money::Money;
use crate::time::{date_of_day, format_ms};
use crate::ui::session::use_lang;
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{confirm, ready_marker, ErrorBox, Loading};
use leptos::prelude::*;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

#[component]
pub fn PnlPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let s = text(use_lang());
    let query = use_query_map();
    let month = move || query.read().get("month").unwrap_or_default();
    let data = Resource::new(month, |m| get_pnl(m.into()));
    view! {
        <section class="page finance">
            <FinanceTabs/>
            <div class="page-head"><h1>{s.pnl_title}</h1></div>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(p) => view! { <PnlView p on_change=move || data.refetch()/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn PnlView(p: Pnl, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let t = p.total.clone();
    let money_row = |label: &'static str, m: Money, key: &'static str, strong: bool| {
        view! {
            <tr class:strong=strong>
                <td>{label}</td>
                <td class="num" data-testid=format!("pnl-{key}") data-fen=m.to_fen().to_string()>{m.to_string()}</td>
            </tr>
        }
    };
    let cats = p
        .expenses_by_category
        .iter()
        .map(|(c, m)| view! { <tr class="sub-row"><td>{c.label(lang)}</td><td class="num" data-category=c.name.clone()>{m.to_string()}</td></tr> })
        .collect_view();
    let closed = p.closed.clone().map(|c| view! { <span class="badge flag-closed" data-testid="month-closed">{s.closed}</span> <span class="muted">{(s.closed_by)(&c.by, &format_ms(c.at))}</span> });
    let month = p.month.clone();
    let month_value = p.month.clone();
    let cash = Method::ALL
        .iter()
        .zip(&t.cash)
        .map(|(m, v)| view! { <dt>{method_label(*m, lang)}</dt><dd data-testid=format!("cash-{}", m.code())>{v.to_string()}</dd> })
        .collect_view();
    view! {
        <Form action="/finance/pnl" attr:class="search">
            <input type="month" name="month" value=month_value aria-label=s.month/>
            <button type="submit">{s.show}</button>
        </Form>
        <div class="pnl-head">
            <h2 data-testid="pnl-month">{month}</h2>
            {closed}
            <Actions p=p.clone() on_change/>
        </div>
        <div class="kpis">
            <div class="kpi"><div class="kpi-label">{s.net_revenue}</div><div class="kpi-value">{t.net_revenue().to_string()}</div></div>
            <div class="kpi"><div class="kpi-label">{s.gross_profit}</div><div class="kpi-value">{t.gross_profit().to_string()}</div></div>
            <div class="kpi"><div class="kpi-label">{s.net_profit}</div><div class="kpi-value" data-testid="kpi-net">{t.net_profit().to_string()}</div></div>
            <div class="kpi"><div class="kpi-label">{s.margin}</div><div class="kpi-value" data-testid="pnl-margin">{p.margin.clone().map(|m| format!("{m}%")).unwrap_or_else(|| "—".into())}</div></div>
        </div>
        <div class="pnl-grid">
            <div class="card">
                <table class="table statement">
                    <tbody>
                        {money_row(s.revenue, t.revenue, "revenue", false)}
                        <tr><td class="sub">{s.shipped_orders}</td><td class="num sub" data-testid="pnl-shipped">{t.shipped_orders}</td></tr>
                        {money_row(s.refunds_made, t.refunds, "refunds", false)}
                        {money_row(s.net_revenue, t.net_revenue(), "net-revenue", true)}
                        {money_row(s.cogs, t.cogs, "cogs", false)}
                        {money_row(s.gross_profit, t.gross_profit(), "gross", true)}
                        {cats}
                        {money_row(s.expenses_total, t.expenses, "expenses", false)}
                        {money_row(s.net_profit, t.net_profit(), "net", true)}
                    </tbody>
                </table>
                <p class="muted small">{s.definitions}</p>
            </div>
            <div class="card">
                <h2>{s.cash_received}</h2>
                <dl class="facts">{cash}<dt>{s.cash_refunded}</dt><dd>{t.cash_refunded.to_string()}</dd></dl>
                <h2>{s.receivables}</h2>
                <Receivables p=p.clone()/>
            </div>
        </div>
        <div class="card">
            <h2>{s.daily}</h2>
            <DayTable p/>
        </div>
    }
}

#[component]
fn Actions(p: Pnl, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let toasts = use_toasts();
    let month = p.month.clone();
    let export = Action::new(move |_: &()| export_pnl(month.as_str().into()));
    Effect::new(move |_| match export.value().get() {
        Some(Ok(f)) => save_file(&f.file_name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &f.content_b64),
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    let month = p.month.clone();
    let close = Action::new(move |_: &()| close_period(month.as_str().into()));
    Effect::new(move |_| match close.value().get() {
        Some(Ok(())) => {
            toasts.ok(s.month_closed);
            on_change();
        }
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    let ready = ready_marker();
    view! {
        <div class="actions">
            <button type="button" class="secondary" data-ready=ready disabled=move || export.pending().get() on:click=move |_| { export.dispatch(()); }>{s.export_xlsx}</button>
            {p.can_close.then(|| view! {
                <form method="post" action="/rpc/close_period" class="inline" on:submit=move |ev| {
                    ev.prevent_default();
                    if confirm(s.confirm_close) {
                        close.dispatch(());
                    }
                }>
                    <input type="hidden" name="month" value=p.month.clone()/>
                    <button type="submit" class="danger" disabled=move || close.pending().get()>{s.close_month}</button>
                </form>
            })}
        </div>
    }
}

#[component]
fn Receivables(p: Pnl) -> impl IntoView {
    let s = text(use_lang());
    let r = p.receivables;
    if r.count == 0 {
        return view! { <p class="muted">{s.no_receivables}</p> }.into_any();
    }
    let rows = r
        .rows
        .into_iter()
        .map(|o| {
            view! {
                <li>
                    <A href=format!("/orders/{}", o.order_id.0)>{o.order_no}</A> " · " {o.recipient} " · " {o.agent_name}
                    " · " <strong>{(o.total - o.paid).to_string()}</strong> <span class="sub">" " {format_ms(o.shipped_at)}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <p><strong data-testid="receivables-total">{r.total.to_string()}</strong> " · " {r.count}</p>
        <ul class="timeline">{rows}</ul>
    }
    .into_any()
}

fn active(l: &PnlLine) -> bool {
    *l != PnlLine::zero()
}

#[component]
fn DayTable(p: Pnl) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let rows = p
        .days
        .into_iter()
        .filter(|d| active(&d.line))
        .map(|d| {
            let l = d.line;
            let cash = l.cash_total();
            view! {
                <tr data-day=date_of_day(d.day).to_string()>
                    <td data-label=s.day>{date_of_day(d.day).format("%m-%d").to_string()}</td>
                    <td data-label=s.revenue class="num">{l.revenue.to_string()}</td>
                    <td data-label=s.refunds_made class="num">{l.refunds.to_string()}</td>
                    <td data-label=s.cogs class="num">{l.cogs.to_string()}</td>
                    <td data-label=s.gross_profit class="num">{l.gross_profit().to_string()}</td>
                    <td data-label=s.expenses_total class="num">{l.expenses.to_string()}</td>
                    <td data-label=s.net_profit class="num">{l.net_profit().to_string()}</td>
                    <td data-label=s.cash_received class="num">{cash.to_string()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table days">
            <thead><tr>
                <th>{s.day}</th><th class="num">{s.revenue}</th><th class="num">{s.refunds_made}</th><th class="num">{s.cogs}</th>
                <th class="num">{s.gross_profit}</th><th class="num">{s.expenses_total}</th><th class="num">{s.net_profit}</th><th class="num">{s.cash_received}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
