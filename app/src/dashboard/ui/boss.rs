//! The boss view (D1–D3): KPIs with 环比 and 同比, the sales trend, category share, top-10
//! and slow-moving products, the weekday × hour heat map and new vs returning customers.

use super::charts::{EChart, PngButton, Spec};
use super::filters::{drill_href, filter_from_query, pct, signed_pct, DashTabs, ExportForm, FilterBar};
use crate::auth::Perm;
use crate::dashboard::api::get_boss_view;
use crate::dashboard::logic::{busiest, change, percent};
use crate::dashboard::text::{note_text, text, weekday_label};
use crate::dashboard::{BossView, Kpis};
use crate::money::Money;
use crate::time::{date_of_day, format_day_short};
use crate::ui::session::{use_lang, use_user};
use crate::ui::widgets::{ErrorBox, Loading};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;
use rust_decimal::prelude::ToPrimitive;

fn f(m: Money) -> f64 {
    m.0.to_f64().unwrap_or(0.0)
}

#[component]
pub fn BossPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let user = use_user();
    if !user.can(Perm::ViewDashboard) {
        return view! { <Redirect path=user.role.home()/> }.into_any();
    }
    let s = text(use_lang());
    let query = use_query_map();
    let filter = move || filter_from_query(&query.read());
    let data = Resource::new(filter, get_boss_view);
    let stock = user.can(Perm::ViewLedger);
    view! {
        // ECharts only on pages with charts; a plain tag so it also runs after client-side navigation.
        <script src="/echarts.min.js" async></script>
        <section class="page dash">
            <div class="page-head"><h1>{s.boss_title}</h1></div>
            <DashTabs active="boss" stock/>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(v) => view! { <BossBody v chosen=filter().preset/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
    .into_any()
}

#[component]
fn Kpi(label: &'static str, value: String, testid: &'static str, now: i64, before: i64, ago: i64) -> impl IntoView {
    let s = text(use_lang());
    view! {
        <div class="kpi" data-testid=testid>
            <div class="kpi-label">{label}</div>
            <div class="kpi-value">{value}</div>
            <div class="kpi-change">
                <span>{s.vs_previous} " " {signed_pct(change(now, before))}</span>
                <span>{s.vs_last_year} " " {signed_pct(change(now, ago))}</span>
            </div>
        </div>
    }
}

#[component]
fn Kpis(now: Kpis, before: Kpis, year_ago: Kpis) -> impl IntoView {
    let s = text(use_lang());
    let rate = |k: &Kpis| k.repurchase_rate.map(|r| (r * rust_decimal::Decimal::from(100)).to_i64().unwrap_or(0)).unwrap_or(0);
    // Gross profit exists for the whole team only (the finance P&L): "—" elsewhere.
    let profit = |k: &Kpis| k.gross_profit.map(|m| m.to_fen()).unwrap_or(0);
    let profit_text = now.gross_profit.map(|m| m.to_string()).unwrap_or_else(|| "—".to_string());
    view! {
        <div class="kpis kpis-6">
            <Kpi label=s.sales value=now.sales.to_string() testid="kpi-sales" now=now.sales.to_fen() before=before.sales.to_fen() ago=year_ago.sales.to_fen()/>
            <Kpi label=s.orders value=now.orders.to_string() testid="kpi-orders" now=now.orders before=before.orders ago=year_ago.orders/>
            <Kpi label=s.avg_order value=now.avg_order.to_string() testid="kpi-avg" now=now.avg_order.to_fen() before=before.avg_order.to_fen() ago=year_ago.avg_order.to_fen()/>
            <Kpi label=s.gross_profit value=profit_text testid="kpi-profit" now=profit(&now) before=profit(&before) ago=profit(&year_ago)/>
            <Kpi label=s.new_customers value=now.new_customers.to_string() testid="kpi-new" now=now.new_customers before=before.new_customers ago=year_ago.new_customers/>
            <Kpi label=s.repurchase_rate value=pct(now.repurchase_rate) testid="kpi-repurchase" now=rate(&now) before=rate(&before) ago=rate(&year_ago)/>
        </div>
    }
}

/// A chart's frame: title, the chart, and one tap away its data table, .xlsx and PNG.
#[component]
fn Card(title: &'static str, id: &'static str, filter: crate::dashboard::DashFilter, children: Children, table: AnyView) -> impl IntoView {
    let s = text(use_lang());
    view! {
        <div class="card chart-card" data-testid=format!("card-{id}")>
            <div class="card-head">
                <h2>{title}</h2>
                <div class="card-tools">
                    <ExportForm filter chart=id/>
                    <PngButton id=id label=s.download_png/>
                </div>
            </div>
            {children()}
            <details class="data-table">
                <summary>{s.show_table}</summary>
                <div class="table-wrap">{table}</div>
            </details>
        </div>
    }
}

#[component]
fn BossBody(v: BossView, chosen: Option<crate::dashboard::Preset>) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let fl = v.filter.clone();
    let notes = v.notes.iter().map(|n| view! { <li>{note_text(*n, lang)}</li> }).collect_view();
    // Trend: one point per day; a click opens that day's orders.
    let labels: Vec<String> = v.trend.iter().map(|p| format_day_short(p.day)).collect();
    let total: Money = v.trend.iter().map(|p| p.sales).sum();
    let trend_links: Vec<String> = v.trend.iter().map(|p| { let d = date_of_day(p.day).format("%Y-%m-%d").to_string(); drill_href(&fl, |x| { x.from = d.as_str().into(); x.to = d.as_str().into(); }) }).collect();
    let trend_spec = Spec::Line { labels, series: vec![(s.sales.to_string(), v.trend.iter().map(|p| f(p.sales)).collect())] };
    let trend_rows = v.trend.iter().zip(&trend_links).map(|(p, href)| view! {
        <tr><td><a href=href.clone()>{date_of_day(p.day).format("%Y-%m-%d").to_string()}</a></td><td class="num">{p.sales.to_string()}</td><td class="num">{p.orders}</td></tr>
    }).collect_view();
    // Category share.
    let cat_links: Vec<String> = v.categories.iter().map(|c| { let n = c.category.clone(); drill_href(&fl, |x| x.category = n.as_str().into()) }).collect();
    let cat_total: i64 = v.categories.iter().map(|c| c.sales.to_fen()).sum();
    let cat_spec = Spec::Pie { items: v.categories.iter().map(|c| (c.category.clone(), f(c.sales))).collect() };
    let cat_rows = v.categories.iter().zip(&cat_links).map(|(c, href)| view! {
        <tr><td><a href=href.clone()>{c.category.clone()}</a></td><td class="num">{c.sales.to_string()}</td><td class="num">{c.qty}</td><td class="num">{pct(percent(c.sales.to_fen(), cat_total))}</td></tr>
    }).collect_view();
    // Top 10.
    let top_spec = Spec::Ranked { labels: v.top.iter().map(|t| t.name.clone()).collect(), name: s.sales.to_string(), values: v.top.iter().map(|t| f(t.sales)).collect() };
    let top_rows = v.top.iter().enumerate().map(|(i, t)| view! {
        <tr><td class="num">{i + 1}</td><td>{t.code.clone()}</td><td>{t.name.clone()}</td><td class="num">{t.qty}</td><td class="num">{t.sales.to_string()}</td></tr>
    }).collect_view();
    // Heat map: cells in weekday × hour order; a click opens those orders.
    let mut cells = Vec::new();
    let mut heat_links = Vec::new();
    for (w, row) in v.heat.iter().enumerate() {
        for (h, n) in row.iter().enumerate() {
            cells.push((h, w, *n as f64));
            heat_links.push(drill_href(&fl, |x| { x.weekday = Some(w as i64); x.hour = Some(h as i64); }));
        }
    }
    let heat_total: i64 = v.heat.iter().flatten().sum();
    let max = v.heat.iter().flatten().copied().max().unwrap_or(0) as f64;
    let top_cell = busiest(&v.heat);
    let heat_spec = Spec::Heat { xs: (0..24).map(|h| format!("{h}")).collect(), ys: (0..7).map(|w| weekday_label(w, lang).to_string()).collect(), cells, max };
    let heat_head = (0..24).map(|h| view! { <th class="num">{h}</th> }).collect_view();
    let heat_rows = v.heat.iter().enumerate().map(|(w, row)| {
        let cells = row.iter().enumerate().map(|(h, n)| {
            let href = heat_links[w * 24 + h].clone();
            view! { <td class="num"><a href=href data-cell=format!("{w}-{h}")>{*n}</a></td> }
        }).collect_view();
        view! { <tr><th>{weekday_label(w, lang)}</th>{cells}</tr> }
    }).collect_view();
    // New vs returning per month.
    let month_label = |m: i64| date_of_day(m).format("%Y-%m").to_string();
    let month_links: Vec<String> = v.customers.iter().map(|m| {
        let from = date_of_day(m.month.max(v.range.from)).format("%Y-%m-%d").to_string();
        let to = date_of_day(crate::dashboard::logic::next_month(m.month).min(v.range.to) - 1).format("%Y-%m-%d").to_string();
        drill_href(&fl, |x| { x.from = from.as_str().into(); x.to = to.as_str().into(); })
    }).collect();
    let cust_spec = Spec::Bars {
        labels: v.customers.iter().map(|m| month_label(m.month)).collect(),
        series: vec![(s.new_customers.to_string(), v.customers.iter().map(|m| m.new as f64).collect()), (s.returning.to_string(), v.customers.iter().map(|m| m.returning as f64).collect())],
        stacked: true,
    };
    let cust_rows = v.customers.iter().map(|m| view! {
        <tr><td>{month_label(m.month)}</td><td class="num">{m.new}</td><td class="num">{m.returning}</td></tr>
    }).collect_view();
    let slow_rows = v.slow.iter().map(|x| view! {
        <tr><td>{x.sku_code.clone()}</td><td>{x.name.clone()}</td><td class="num">{x.on_hand}</td><td class="num">{x.value.to_string()}</td>
        <td>{x.last_sold.map(|d| date_of_day(d).format("%Y-%m-%d").to_string()).unwrap_or_else(|| s.never.to_string())}</td></tr>
    }).collect_view();
    let n_months = v.customers.len();
    let n_cats = v.categories.len();
    let days = v.range.days();
    let busiest_attr = top_cell.map(|(w, h, n)| format!("{w}-{h}-{n}")).unwrap_or_default();
    view! {
        <FilterBar path="/dashboard" filter=v.filter.clone() chosen options=v.options.clone()/>
        <p class="muted" data-testid="range">{v.filter.from.to_string()} " — " {v.filter.to.to_string()} " · " {if v.scoped { s.scope_line } else { s.scope_all }}</p>
        <Kpis now=v.now.clone() before=v.before.clone() year_ago=v.year_ago.clone()/>
        <ul class="notes muted">{notes}</ul>
        <div class="dash-grid">
            <Card title=s.trend id="trend" filter=fl.clone() table=view! {
                <table><thead><tr><th>{s.day}</th><th class="num">{s.sales}</th><th class="num">{s.orders}</th></tr></thead><tbody>{trend_rows}</tbody></table>
            }.into_any()>
                <EChart id="trend" spec=trend_spec summary=(s.trend_summary)(days, &total.to_string()) links=trend_links/>
            </Card>
            <Card title=s.category_share id="categories" filter=fl.clone() table=view! {
                <table><thead><tr><th>{s.category}</th><th class="num">{s.sales}</th><th class="num">{s.units}</th><th class="num">"%"</th></tr></thead><tbody>{cat_rows}</tbody></table>
            }.into_any()>
                <EChart id="categories" spec=cat_spec summary=(s.pie_summary)(n_cats) links=cat_links/>
            </Card>
            <Card title=s.heat_map id="heat" filter=fl.clone() table=view! {
                <table class="heat-table"><thead><tr><th>{s.weekday}</th>{heat_head}</tr></thead><tbody>{heat_rows}</tbody></table>
            }.into_any()>
                <div data-testid="heat-busiest" data-value=busiest_attr></div>
                <EChart id="heat" spec=heat_spec summary=(s.heat_summary)(heat_total) links=heat_links height=320/>
            </Card>
            <Card title=s.new_vs_returning id="customers" filter=fl.clone() table=view! {
                <table><thead><tr><th>{s.month}</th><th class="num">{s.new_customers}</th><th class="num">{s.returning}</th></tr></thead><tbody>{cust_rows}</tbody></table>
            }.into_any()>
                <EChart id="customers" spec=cust_spec summary=(s.bar_summary)(n_months) links=month_links/>
            </Card>
            <Card title=s.top10 id="top" filter=fl.clone() table=view! {
                <table><thead><tr><th class="num">"#"</th><th>{s.code}</th><th>{s.product}</th><th class="num">{s.units}</th><th class="num">{s.sales}</th></tr></thead><tbody>{top_rows}</tbody></table>
            }.into_any()>
                <EChart id="top" spec=top_spec summary=s.top10/>
            </Card>
            <div class="card" data-testid="card-slow">
                <h2>{s.slow_moving}</h2>
                {if v.slow.is_empty() {
                    view! { <p class="muted">{s.no_data}</p> }.into_any()
                } else {
                    view! { <div class="table-wrap"><table><thead><tr><th>{s.code}</th><th>{s.product}</th><th class="num">{s.on_hand}</th><th class="num">{s.stock_value}</th><th>{s.last_sold}</th></tr></thead><tbody>{slow_rows}</tbody></table></div> }.into_any()
                }}
            </div>
        </div>
    }
}
