//! `/commissions`: for the boss and finance, one month — the run's state, actions (run the
//! month end, approve), the team summary, every statement, the export; for an agent, its own
//! statements, newest first.

use super::{ExportButton, StatusTag};
use crate::auth::Perm;
use crate::commissions::api::{approve_month, get_commission_month, list_statements, run_month_end};
use crate::commissions::text::{month_status_label, outcome_text, text};
use crate::commissions::{Month, MonthOverview, MonthStatus, StatementFilter, StatementSummary};
use crate::page::{Page, Seek};
use crate::time::format_ms;
use crate::ui::session::{use_common, use_lang, use_user};
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{confirm, with_query, Empty, ErrorBox, Loading, Pager};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CommissionsPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let t = text(use_lang());
    let user = use_user();
    let team = user.can(Perm::ViewTeamCommissions);
    view! {
        <section class="page commissions">
            <div class="page-head">
                <h1>{if team { t.title } else { t.my_statements }}</h1>
                <A href="/commissions/rules" attr:class="button secondary">{t.rules_link}</A>
            </div>
            {if team { view! { <MonthPage/> }.into_any() } else { view! { <MyStatements/> }.into_any() }}
        </section>
    }
}

fn seek_of(q: &leptos_router::params::ParamsMap) -> Seek {
    Seek::from_query(q.get("after").as_deref(), q.get("before").as_deref())
}

/// An agent's own statements.
#[component]
fn MyStatements() -> impl IntoView {
    let t = text(use_lang());
    let query = use_query_map();
    let page = Resource::new(move || StatementFilter { month: None, seek: seek_of(&query.read()) }, list_statements);
    view! {
        <p class="muted">{t.my_total_hint}</p>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) if p.rows.is_empty() => view! { <Empty text=t.no_statements/> }.into_any(),
                    Ok(p) => view! { <StatementCards p/> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// One month for the boss and finance.
#[component]
fn MonthPage() -> impl IntoView {
    let query = use_query_map();
    let version = RwSignal::new(0u32);
    let month = move || query.read().get("month").and_then(|m| Month::parse(&m));
    // One call gives the month and its page of statements (one resource: they hydrate together).
    let overview = Resource::new(move || (month(), seek_of(&query.read()), version.get()), |(m, seek, _)| get_commission_month(m, seek));
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => view! { <MonthView o version/> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn month_href(m: Month) -> String {
    format!("/commissions?month={m}")
}

#[component]
fn MonthView(o: MonthOverview, version: RwSignal<u32>) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let c = use_common();
    let month = o.month;
    let status = match o.status {
        Some(s) => month_status_label(s, lang),
        None => t.not_run,
    };
    let kpi = |label: &'static str, value: String, id: &'static str| {
        view! { <div class="kpi" data-testid=id><div class="kpi-label">{label}</div><div class="kpi-value">{value}</div></div> }
    };
    view! {
        <nav class="month-nav" aria-label=t.month>
            <A href=month_href(month.prev()) attr:class="button secondary">"‹ " {t.prev_month}</A>
            <strong data-testid="month">{month.to_string()}</strong>
            <A href=month_href(month.next()) attr:class="button secondary">{t.next_month} " ›"</A>
        </nav>
        <div class="card month-state" data-status=o.status.map(|s| s.code()).unwrap_or("none")>
            <div class="order-title">
                <span class=format!("badge month-{}", o.status.map(|s| s.code()).unwrap_or("none")) data-testid="month-status">{status}</span>
                {o.run_at.map(|at| view! { <span class="sub">{t.run_at} " " {format_ms(at)} " · " {o.run_by.clone().unwrap_or_default()}</span> })}
            </div>
            <MonthHints o=o.clone()/>
            <MonthActions o=o.clone() version/>
        </div>
        <div class="kpis">
            {kpi(t.total, o.total.to_string(), "kpi-total")}
            {kpi(t.own, o.own.to_string(), "kpi-own")}
            {kpi(t.overrides, o.overrides.to_string(), "kpi-overrides")}
            {kpi(t.previous, o.previous.to_string(), "kpi-previous")}
            {kpi(t.volume, o.volume.to_string(), "kpi-volume")}
            {kpi(t.paid, format!("{} · {}/{}", o.paid, o.paid_count, o.statements), "kpi-paid")}
        </div>
        <div class="page-head">
            <h2>{t.statements}</h2>
            {(o.statements > 0).then(|| view! { <ExportButton month/> })}
        </div>
        {if o.page.rows.is_empty() {
            view! { <Empty text=c.empty/> }.into_any()
        } else {
            view! { <StatementTable p=o.page.clone() month=Some(month)/> }.into_any()
        }}
    }
}

/// Why the month cannot move on yet, if it cannot.
#[component]
fn MonthHints(o: MonthOverview) -> impl IntoView {
    let t = text(use_lang());
    let mut hints = Vec::new();
    if let Some(next) = o.next_to_run.filter(|n| *n < o.month) {
        hints.push(view! { <p class="notice">{t.next_to_run_hint} " " <A href=month_href(next)>{next.to_string()}</A></p> }.into_any());
    }
    if o.status == Some(MonthStatus::Draft) && !o.over {
        hints.push(view! { <p class="notice">{t.month_over_hint}</p> }.into_any());
    }
    if o.rules_changed {
        hints.push(view! { <p class="notice" data-testid="rules-changed">{t.rules_changed_hint}</p> }.into_any());
    }
    hints
}

/// Run the month end and approve the month (boss). Plain form posts before the wasm arrives.
#[component]
fn MonthActions(o: MonthOverview, version: RwSignal<u32>) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let toasts = use_toasts();
    if !use_user().can(Perm::ManageCommissions) || o.status == Some(MonthStatus::Closed) {
        return ().into_any();
    }
    let month = o.month;
    let run = Action::new(move |_: &()| run_month_end(month));
    let approve = Action::new(move |_: &()| approve_month(month));
    Effect::new(move |_| match run.value().get() {
        Some(Ok(outcome)) => {
            toasts.ok(outcome_text(&outcome, lang));
            version.update(|v| *v += 1);
        }
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    Effect::new(move |_| match approve.value().get() {
        Some(Ok(_)) => {
            toasts.ok(t.approved);
            version.update(|v| *v += 1);
        }
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    let run_label = if o.status.is_some() { t.rerun_month_end } else { t.run_month_end };
    let can_approve = o.status == Some(MonthStatus::Draft) && o.over;
    view! {
        <div class="actions">
            <form method="post" action="/rpc/run_month_end" class="inline" on:submit=move |ev| {
                ev.prevent_default();
                if confirm(t.confirm_run) {
                    run.dispatch(());
                }
            }>
                <input type="hidden" name="month" value=month.to_string()/>
                <button type="submit" data-testid="run-month-end" disabled=move || run.pending().get()>{run_label}</button>
            </form>
            {can_approve.then(|| view! {
                <form method="post" action="/rpc/approve_month" class="inline" on:submit=move |ev| {
                    ev.prevent_default();
                    if confirm(t.confirm_approve) {
                        approve.dispatch(());
                    }
                }>
                    <input type="hidden" name="month" value=month.to_string()/>
                    <button type="submit" class="approve" data-testid="approve-month" disabled=move || approve.pending().get()>{t.approve_month}</button>
                </form>
            })}
        </div>
    }
    .into_any()
}

/// Statements as a table (cards on a phone). `month` is set on the month page (no month column).
#[component]
fn StatementTable(p: Page<StatementSummary>, month: Option<Month>) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let rows = p
        .rows
        .into_iter()
        .map(|s| {
            let href = format!("/commissions/statements/{}", s.id.0);
            let tier = s.tier.as_ref().map(|r| (t.tier_label)(r.no, &crate::commissions::logic::percent(r.rate))).unwrap_or_else(|| "—".into());
            let first = if month.is_some() { s.agent_name.clone() } else { s.month.to_string() };
            view! {
                <tr data-agent=s.agent_name.clone()>
                    <td data-label=if month.is_some() { t.agent } else { t.month }><A href=href>{first}</A></td>
                    <td data-label=t.volume class="num">{s.volume.to_string()}</td>
                    <td data-label=t.tier>{tier}</td>
                    <td data-label=t.own class="num">{s.own.to_string()}</td>
                    <td data-label=t.overrides class="num">{s.overrides.to_string()}</td>
                    <td data-label=t.previous class="num">{s.previous.to_string()}</td>
                    <td data-label=t.total class="num" data-testid="statement-total"><strong>{s.total.to_string()}</strong></td>
                    <td data-label=t.status><StatusTag status=s.status/></td>
                </tr>
            }
        })
        .collect_view();
    let base = match month {
        Some(m) => format!("/commissions?month={m}"),
        None => "/commissions".to_string(),
    };
    view! {
        <table class="table statements">
            <thead>
                <tr>
                    <th>{if month.is_some() { t.agent } else { t.month }}</th>
                    <th class="num">{t.volume}</th><th>{t.tier}</th><th class="num">{t.own}</th>
                    <th class="num">{t.overrides}</th><th class="num">{t.previous}</th><th class="num">{t.total}</th><th>{t.status}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <Pager next=p.next prev=p.prev count=p.count href=move |seek| {
            let (path, q) = base.split_once('?').map(|(a, b)| (a.to_string(), b.to_string())).unwrap_or((base.clone(), String::new()));
            with_query(&path, &[q, seek.unwrap_or_default()])
        }/>
    }
}

/// An agent's statements as cards: month, status, total, and what it is made of.
#[component]
fn StatementCards(p: Page<StatementSummary>) -> impl IntoView {
    let t = text(use_lang());
    let cards = p
        .rows
        .into_iter()
        .map(|s| {
            let href = format!("/commissions/statements/{}", s.id.0);
            let tier = s.tier.as_ref().map(|r| format!(" · {}", (t.tier_label)(r.no, &crate::commissions::logic::percent(r.rate)))).unwrap_or_default();
            view! {
                <li>
                    <A href=href attr:class="statement-card" attr:data-month=s.month.to_string()>
                        <span class="statement-card-head">
                            <strong>{s.month.to_string()}</strong>
                            <StatusTag status=s.status/>
                        </span>
                        <span class="kpi-value" data-testid="statement-total">{s.total.to_string()}</span>
                        <span class="sub">{format!("{} {} · {} {}{tier}", t.own, s.own, t.overrides, s.overrides)}</span>
                    </A>
                </li>
            }
        })
        .collect_view();
    view! {
        <ul class="statement-cards">{cards}</ul>
        <Pager next=p.next prev=p.prev count=p.count href=move |seek| with_query("/commissions", &[seek.unwrap_or_default()])/>
    }
}
