//! The sales view (D1): the agent ranking of the caller's line (the team for the boss), per
//! level; an agent's own performance and its progress toward the month's target; the boss
//! sets targets.

use super::charts::{EChart, Spec};
use super::filters::{filter_from_query, pct, DashTabs, FilterBar};
use crate::auth::Perm;
use crate::dashboard::api::{get_sales_view, set_sales_target};
use crate::dashboard::text::text;
use crate::dashboard::{AgentRank, FilterOptions, NewTarget, SalesView, TargetProgress};
use crate::time::date_of_day;
use crate::ui::session::{use_lang, use_user};
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{ready_marker, with_query, ErrorBox, Loading};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;
use rust_decimal::prelude::ToPrimitive;

#[component]
pub fn SalesPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let user = use_user();
    if !user.can(Perm::ViewDashboard) {
        return view! { <Redirect path=user.role.home()/> }.into_any();
    }
    let s = text(use_lang());
    let query = use_query_map();
    let args = move || {
        let q = query.read();
        (filter_from_query(&q), q.get("level").and_then(|l| l.parse::<u32>().ok()))
    };
    let data = Resource::new(args, |(f, level)| get_sales_view(f, level));
    let stock = user.can(Perm::ViewLedger);
    view! {
        <script src="/echarts.min.js" async></script>
        <section class="page dash">
            <div class="page-head"><h1>{s.sales_title}</h1></div>
            <DashTabs active="sales" stock/>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let (f, level) = args();
                    match data.await {
                        Ok(v) => view! { <SalesBody v chosen=f.preset level refetch=move || data.refetch()/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
    .into_any()
}

fn progress_bar(p: &TargetProgress, label: String) -> impl IntoView + use<> {
    let width = p.percent.and_then(|x| x.to_f64()).unwrap_or(0.0).clamp(0.0, 100.0);
    view! {
        <div class="progress" role="progressbar" aria-label=label aria-valuemin="0" aria-valuemax="100" aria-valuenow=format!("{width:.0}")>
            <div class="progress-fill" style=format!("width:{width:.1}%")></div>
        </div>
    }
}

#[component]
fn SalesBody(v: SalesView, chosen: Option<crate::dashboard::Preset>, level: Option<u32>, refetch: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let mut levels: Vec<u32> = v.ranking.iter().map(|a| a.level).collect();
    if let Some(l) = level {
        levels.push(l);
    }
    levels.sort();
    levels.dedup();
    let keep = {
        let mut p = vec![];
        if let Some(pr) = chosen {
            p.push(format!("preset={}", pr.code()));
        } else if !v.filter.from.is_empty() {
            p.push(format!("from={}", v.filter.from.as_str()));
            p.push(format!("to={}", v.filter.to.as_str()));
        }
        p.extend(super::filters::filter_params(&v.filter));
        p
    };
    let level_chips = std::iter::once(None)
        .chain(levels.into_iter().map(Some))
        .map(|l| {
            let mut parts = keep.clone();
            if let Some(l) = l {
                parts.push(format!("level={l}"));
            }
            let label = match l {
                None => s.all_levels.to_string(),
                Some(l) => format!("{} {l}", s.level),
            };
            view! { <a href=with_query("/dashboard/sales", &parts) class=if l == level { "chip active" } else { "chip" }>{label}</a> }
        })
        .collect_view();
    let shown: Vec<&AgentRank> = v.ranking.iter().take(20).collect();
    // A bar of about 24 px per agent.
    let chart_height = (shown.len() as u32 * 24 + 60).max(200);
    let spec = Spec::Ranked {
        labels: shown.iter().map(|a| a.name.clone()).collect(),
        name: s.sales.to_string(),
        values: shown.iter().map(|a| a.sales.0.to_f64().unwrap_or(0.0)).collect(),
    };
    let rows = v.ranking.iter().map(|a| {
        let me = v.me.as_ref().map(|m| m.agent_id) == Some(a.agent_id);
        view! {
            <tr class:me=me data-agent=a.agent_id>
                <td class="num">{a.rank}</td><td class="nowrap">{a.name.clone()}</td><td class="num">{a.level}</td>
                <td class="num">{a.sales.to_string()}</td><td class="num">{a.orders}</td><td class="num">{a.new_customers}</td>
            </tr>
        }
    }).collect_view();
    let me = v.me.clone().map(|m| {
        let p = v.progress.iter().find(|p| p.0 == m.agent_id).map(|p| p.2.clone());
        view! {
            <div class="card me-card" data-testid="my-performance">
                <h2>{s.my_performance}</h2>
                <div class="kpis">
                    <div class="kpi"><div class="kpi-label">{s.rank}</div><div class="kpi-value" data-testid="my-rank">{m.rank}</div></div>
                    <div class="kpi"><div class="kpi-label">{s.sales}</div><div class="kpi-value">{m.sales.to_string()}</div></div>
                    <div class="kpi"><div class="kpi-label">{s.orders}</div><div class="kpi-value">{m.orders}</div></div>
                    <div class="kpi"><div class="kpi-label">{s.new_customers}</div><div class="kpi-value">{m.new_customers}</div></div>
                </div>
                {p.map(|p| view! {
                    <div class="target" data-testid="my-target">
                        <div>{s.target} ": " {p.target.map(|t| t.to_string()).unwrap_or_else(|| s.no_target.to_string())}
                            " · " {s.this_month} " " {p.sales.to_string()} " · " {s.progress} " " <strong>{pct(p.percent)}</strong></div>
                        {progress_bar(&p, s.progress.to_string())}
                    </div>
                })}
            </div>
        }
    });
    let boss_progress = (!v.scoped || v.can_set_targets).then(|| {
        let rows = v.progress.iter().map(|(_, name, p)| view! {
            <tr><td>{name.clone()}</td><td class="num">{p.target.map(|t| t.to_string()).unwrap_or_else(|| "—".into())}</td>
            <td class="num">{p.sales.to_string()}</td><td class="num">{pct(p.percent)}</td><td class="bar-cell">{progress_bar(p, format!("{name} {}", s.progress))}</td></tr>
        }).collect_view();
        let month = v.progress.first().map(|p| p.2.month).unwrap_or(v.range.from);
        view! {
            <div class="card" data-testid="targets">
                <h2>{s.target} " · " {date_of_day(month).format("%Y-%m").to_string()}</h2>
                <div class="table-wrap"><table>
                    <thead><tr><th>{s.agent}</th><th class="num">{s.target}</th><th class="num">{s.sales}</th><th class="num">{s.progress}</th><th></th></tr></thead>
                    <tbody>{rows}</tbody>
                </table></div>
                {v.can_set_targets.then(|| view! { <TargetForm agents=v.ranking.iter().map(|a| (a.agent_id, a.name.clone())).collect() month refetch/> })}
            </div>
        }
    });
    view! {
        <FilterBar path="/dashboard/sales" filter=v.filter.clone() chosen options=FilterOptions::default() show_category=false/>
        <p class="muted">{v.filter.from.to_string()} " — " {v.filter.to.to_string()} " · " {if v.scoped { s.scope_line } else { s.scope_all }}</p>
        {me}
        <div class="card">
            <h2>{s.ranking}</h2>
            <div class="chips">{level_chips}</div>
            <EChart id="ranking" spec summary=s.ranking height=chart_height/>
            <div class="table-wrap"><table data-testid="ranking">
                <thead><tr><th class="num">{s.rank}</th><th>{s.agent}</th><th class="num">{s.level}</th><th class="num">{s.sales}</th><th class="num">{s.orders}</th><th class="num">{s.new_customers}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
        </div>
        {boss_progress}
    }
}

#[component]
fn TargetForm(agents: Vec<(i64, String)>, month: i64, refetch: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let toasts = use_toasts();
    let agent = RwSignal::new(agents.first().map(|a| a.0.to_string()).unwrap_or_default());
    let month_s = RwSignal::new(date_of_day(month).format("%Y-%m").to_string());
    let amount = RwSignal::new(String::new());
    let save = Action::new(|t: &NewTarget| set_sales_target(t.clone()));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => {
            toasts.ok(s.target_saved);
            refetch();
        }
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    view! {
        <form class="form inline-form" method="post" action="/rpc/set_sales_target" data-ready=ready_marker() on:submit=move |ev| {
            ev.prevent_default();
            let agent_id = agent.get().parse().unwrap_or(0);
            save.dispatch(NewTarget { agent_id, month: month_s.get().as_str().into(), target: amount.get().as_str().into() });
        }>
            <select name="target[agent_id]" bind:value=agent aria-label=s.agent>
                {agents.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
            </select>
            <input name="target[month]" type="month" bind:value=month_s aria-label=s.month/>
            <input name="target[target]" bind:value=amount inputmode="decimal" placeholder="10000.00" aria-label=s.target/>
            <button type="submit">{s.set_target}</button>
        </form>
    }
}
