//! The dashboards' filter bar (a plain GET form: works before the wasm), the tabs between
//! the dashboards, the export form and the drill-down links into the order list.

use crate::dashboard::text::text;
use crate::dashboard::{DashFilter, FilterOptions, Preset};
use crate::orders::{Channel, Drill};
use crate::ui::session::use_lang;
use crate::ui::widgets::{url_encode, with_query};
use leptos::prelude::*;
use leptos_router::params::ParamsMap;
use rust_decimal::Decimal;

/// The filter of a dashboard URL (`?preset=…` or `?from=…&to=…`, `agent`, `channel`, `category`).
pub fn filter_from_query(q: &ParamsMap) -> DashFilter {
    let text = |k: &str| q.get(k).filter(|v| v.chars().count() <= 64).unwrap_or_default();
    DashFilter {
        preset: q.get("preset").and_then(|p| Preset::parse(&p)),
        from: text("from").chars().take(10).collect::<String>().as_str().into(),
        to: text("to").chars().take(10).collect::<String>().as_str().into(),
        agent: q.get("agent").and_then(|a| a.parse().ok()),
        channel: q.get("channel").and_then(|c| Channel::parse(&c)),
        category: text("category").as_str().into(),
    }
}

/// The agent, channel and category of a filter as URL parameters.
pub fn filter_params(f: &DashFilter) -> Vec<String> {
    let mut p = Vec::new();
    if let Some(a) = f.agent {
        p.push(format!("agent={a}"));
    }
    if let Some(c) = f.channel {
        p.push(format!("channel={}", c.code()));
    }
    if !f.category.is_empty() {
        p.push(format!("category={}", url_encode(&f.category)));
    }
    p
}

/// The order list with the sold orders behind a figure of `f` (resolved dates), narrowed by `more`.
pub fn drill_href(f: &DashFilter, more: impl FnOnce(&mut Drill)) -> String {
    let mut d = Drill {
        sold: true,
        from: f.from.clone(),
        to: f.to.clone(),
        agent: f.agent,
        channel: f.channel,
        category: f.category.clone(),
        weekday: None,
        hour: None,
    };
    more(&mut d);
    with_query("/orders", &d.params())
}

/// `+5.0%`, `-3.2%`, or `—` when there is nothing to compare with.
pub fn signed_pct(p: Option<Decimal>) -> String {
    match p {
        Some(p) if p > Decimal::ZERO => format!("+{p}%"),
        Some(p) => format!("{p}%"),
        None => "—".into(),
    }
}

pub fn pct(p: Option<Decimal>) -> String {
    p.map(|p| format!("{p}%")).unwrap_or_else(|| "—".into())
}

/// Links between the dashboards.
#[component]
pub fn DashTabs(active: &'static str, #[prop(default = true)] stock: bool) -> impl IntoView {
    let s = text(use_lang());
    let tabs = [("boss", "/dashboard", s.boss_title, true), ("sales", "/dashboard/sales", s.sales_title, true), ("stock", "/dashboard/stock", s.stock_title, stock), ("wall", "/wall", s.wall_title, true)];
    view! {
        <nav class="dash-tabs" aria-label=s.boss_title>
            {tabs
                .into_iter()
                .filter(|t| t.3)
                .map(|(key, href, label, _)| {
                    let current = if key == active { Some("page") } else { None };
                    view! { <a href=href class=if key == active { "chip active" } else { "chip" } aria-current=current>{label}</a> }
                })
                .collect_view()}
        </nav>
    }
}

/// Presets as links, then dates and the agent / channel / category choices as a GET form.
#[component]
pub fn FilterBar(path: &'static str, filter: DashFilter, chosen: Option<Preset>, options: FilterOptions, #[prop(default = true)] show_category: bool) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let custom = chosen.is_none() && !filter.from.is_empty();
    let keep = filter_params(&filter);
    let presets = Preset::ALL
        .into_iter()
        .filter(|p| *p != Preset::Last90)
        .map(|p| {
            let mut parts = vec![format!("preset={}", p.code())];
            parts.extend(keep.iter().cloned());
            let active = chosen == Some(p) || (chosen.is_none() && !custom && p == Preset::Last30);
            view! { <a href=with_query(path, &parts) class=if active { "chip active" } else { "chip" } data-preset=p.code()>{p.label(lang)}</a> }
        })
        .collect_view();
    let agent = filter.agent;
    let channel = filter.channel;
    let category = filter.category.to_string();
    view! {
        <div class="dash-filter">
            <div class="chips presets">{presets}</div>
            <form method="get" action=path class="filter-form">
                <label>{s.from}<input type="date" name="from" value=filter.from.to_string()/></label>
                <label>{s.to}<input type="date" name="to" value=filter.to.to_string()/></label>
                {(options.agents.len() > 1).then(|| view! {
                    <label>{s.agent}
                        <select name="agent">
                            <option value="">{s.all}</option>
                            {options.agents.iter().map(|(id, name)| view! { <option value=id.to_string() selected=agent == Some(*id)>{name.clone()}</option> }).collect_view()}
                        </select>
                    </label>
                })}
                <label>{s.channel}
                    <select name="channel">
                        <option value="">{s.all}</option>
                        {Channel::ALL.iter().map(|c| view! { <option value=c.code() selected=channel == Some(*c)>{c.label(lang)}</option> }).collect_view()}
                    </select>
                </label>
                {show_category.then(|| view! {
                    <label>{s.category}
                        <select name="category">
                            <option value="">{s.all}</option>
                            {options.categories.iter().map(|c| view! { <option value=c.clone() selected=*c == category>{c.clone()}</option> }).collect_view()}
                        </select>
                    </label>
                })}
                <button type="submit">{s.apply}</button>
            </form>
        </div>
    }
}

/// Posts the filter and a chart name to the .xlsx export (a file download, also before the wasm).
#[component]
pub fn ExportForm(filter: DashFilter, chart: &'static str) -> impl IntoView {
    let s = text(use_lang());
    view! {
        <form method="post" action="/rpc/export_dashboard" class="export-form inline">
            <input type="hidden" name="filter[from]" value=filter.from.to_string()/>
            <input type="hidden" name="filter[to]" value=filter.to.to_string()/>
            {filter.agent.map(|a| view! { <input type="hidden" name="filter[agent]" value=a.to_string()/> })}
            {filter.channel.map(|c| view! { <input type="hidden" name="filter[channel]" value=c.code()/> })}
            {(!filter.category.is_empty()).then(|| view! { <input type="hidden" name="filter[category]" value=filter.category.to_string()/> })}
            <input type="hidden" name="chart" value=chart/>
            <button type="submit" class="secondary small">{s.export_xlsx}</button>
        </form>
    }
}
