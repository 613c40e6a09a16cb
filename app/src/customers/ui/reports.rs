//! Segments: RFM segments (count, spend, shares), lifecycle stages and their monthly
//! movements, repurchase rate and new vs returning customers per month — for the boss (any
//! agent) and for an agent's own line.

use crate::customers::api::{get_repurchase_report, get_segment_overview};
use crate::customers::text::text;
use crate::customers::{RepurchaseReport, SegmentOverview};
use crate::ui::session::{use_common, use_lang};
use crate::ui::widgets::{ErrorBox, Loading};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SegmentsPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let t = text(use_lang());
    let c = use_common();
    let query = use_query_map();
    let agent = move || query.read().get("agent").and_then(|a| a.parse::<i64>().ok());
    let overview = Resource::new(agent, get_segment_overview);
    let repurchase = Resource::new(|| (), |_| get_repurchase_report(Default::default(), Default::default()));
    view! {
        <section class="page">
            <div class="page-head"><h1>{t.segments_title}</h1><a class="button secondary" href="/customers">{c.back}</a></div>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match overview.await {
                        Ok(o) => view! { <Overview o/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match repurchase.await {
                        Ok(r) => view! { <Repurchase r/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Overview(o: SegmentOverview) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let agent = o.agent_id;
    let rows = o
        .rows
        .iter()
        .map(|r| {
            let href = format!("/customers?segment={}{}", r.segment.code(), agent.map(|a| format!("&agent={a}")).unwrap_or_default());
            view! {
                <tr data-segment=r.segment.code()>
                    <td data-label=t.segment><a href=href>{r.segment.label(lang)}</a></td>
                    <td data-label=t.segment_customers class="num" data-testid="segment-count">{r.customers}</td>
                    <td data-label=t.segment_spend class="num">{r.spend.to_string()}</td>
                    <td data-label=t.customer_share class="num">{format!("{}%", r.customer_share)}</td>
                    <td data-label=t.spend_share class="num">{format!("{}%", r.spend_share)}</td>
                </tr>
            }
        })
        .collect_view();
    let stages = o.stages.iter().map(|(s, n)| view! { <div class="kpi"><div class="kpi-label">{s.label(lang)}</div><div class="kpi-value">{*n}</div></div> }).collect_view();
    let moves = o
        .movements
        .iter()
        .rev()
        .take(40)
        .map(|m| {
            let from = m.from.map(|f| f.label(lang)).unwrap_or("—");
            view! { <tr><td>{m.month.to_string()}</td><td>{format!("{from} → {}", m.to.label(lang))}</td><td class="num">{m.count}</td></tr> }
        })
        .collect_view();
    view! {
        {(o.agents.len() > 1).then(|| view! {
            <Form action="/customers/segments" attr:class="filters">
                <select name="agent" aria-label=t.agent>
                    <option value="">{t.all_agents}</option>
                    {o.agents.iter().map(|(id, n)| view! { <option value=id.to_string() selected=agent == Some(*id)>{n.clone()}</option> }).collect_view()}
                </select>
                <button type="submit" class="secondary">{t.filter}</button>
            </Form>
        })}
        <div class="card">
            <h2>{t.segment}</h2>
            <p class="muted">{t.rfm_note}</p>
            <table class="table segments">
                <thead><tr><th>{t.segment}</th><th class="num">{t.segment_customers}</th><th class="num">{t.segment_spend}</th><th class="num">{t.customer_share}</th><th class="num">{t.spend_share}</th></tr></thead>
                <tbody>{rows}</tbody>
                <tfoot><tr><td>{t.unscored}</td><td class="num">{o.unscored}</td><td></td><td></td><td></td></tr></tfoot>
            </table>
        </div>
        <div class="card"><h2>{t.stages_title}</h2><div class="kpis stages">{stages}</div></div>
        <div class="card">
            <h2>{t.movements_title}</h2>
            <table class="table compact"><thead><tr><th>{t.month}</th><th>{t.movement}</th><th class="num">{t.count}</th></tr></thead><tbody>{moves}</tbody></table>
        </div>
    }
}

#[component]
fn Repurchase(r: RepurchaseReport) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let pct = |p: Option<rust_decimal::Decimal>| p.map(|d| format!("{d}%")).unwrap_or_else(|| t.empty_value.to_string());
    let months = r
        .team
        .months
        .iter()
        .map(|m| view! { <tr><td>{m.month.to_string()}</td><td class="num">{m.new_customers}</td><td class="num">{m.returning_customers}</td><td class="num">{pct(m.returning_share_pct)}</td></tr> })
        .collect_view();
    let agents = r
        .agents
        .iter()
        .map(|a| view! { <tr><td>{a.agent_name.clone()}</td><td class="num">{a.rate.buyers}</td><td class="num">{a.rate.repeat_buyers}</td><td class="num">{pct(a.rate.rate_pct)}</td></tr> })
        .collect_view();
    view! {
        <div class="card" data-testid="repurchase">
            <h2>{t.repurchase_title} " · " {r.from.to_string()} " – " {r.to.to_string()}</h2>
            <div class="kpis">
                <div class="kpi"><div class="kpi-label">{t.repurchase_rate}</div><div class="kpi-value" data-testid="repurchase-rate">{pct(r.team.rate.rate_pct)}</div></div>
                <div class="kpi"><div class="kpi-label">{t.buyers}</div><div class="kpi-value">{r.team.rate.buyers}</div></div>
                <div class="kpi"><div class="kpi-label">{t.repeat_buyers}</div><div class="kpi-value">{r.team.rate.repeat_buyers}</div></div>
            </div>
            <table class="table compact">
                <thead><tr><th>{t.month}</th><th class="num">{t.new_customers}</th><th class="num">{t.returning_customers}</th><th class="num">{t.returning_share}</th></tr></thead>
                <tbody>{months}</tbody>
            </table>
            <h3>{t.agent}</h3>
            <table class="table compact">
                <thead><tr><th>{t.agent}</th><th class="num">{t.buyers}</th><th class="num">{t.repeat_buyers}</th><th class="num">{t.repurchase_rate}</th></tr></thead>
                <tbody>{agents}</tbody>
            </table>
        </div>
    }
}
