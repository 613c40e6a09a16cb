//! The stock view (D1): low stock, slow movers with the money they tie up, stock value by
//! warehouse, and days of cover per SKU (forecast where present, else 30-day sales).

use super::charts::{EChart, Spec};
use super::filters::DashTabs;
use crate::auth::Perm;
use crate::dashboard::api::get_stock_view;
use crate::dashboard::text::text;
use crate::dashboard::StockView;
use crate::time::date_of_day;
use crate::ui::session::{use_lang, use_user};
use crate::ui::widgets::{Empty, ErrorBox, Loading};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use rust_decimal::prelude::ToPrimitive;

#[component]
pub fn StockDashPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let user = use_user();
    if !user.can(Perm::ViewLedger) {
        return view! { <Redirect path=user.role.home()/> }.into_any();
    }
    let s = text(use_lang());
    let data = Resource::new(|| (), |_| get_stock_view());
    view! {
        <script src="/echarts.min.js" async></script>
        <section class="page dash">
            <div class="page-head"><h1>{s.stock_title}</h1></div>
            <DashTabs active="stock"/>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(v) => view! { <StockBody v/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
    .into_any()
}

#[component]
fn StockBody(v: StockView) -> impl IntoView {
    let s = text(use_lang());
    let spec = Spec::Bars {
        labels: v.warehouses.iter().map(|w| w.warehouse.clone()).collect(),
        series: vec![(s.stock_value.to_string(), v.warehouses.iter().map(|w| w.value.0.to_f64().unwrap_or(0.0)).collect())],
        stacked: false,
    };
    let wh_rows = v.warehouses.iter().map(|w| view! { <tr><td>{w.warehouse.clone()}</td><td class="num">{w.qty}</td><td class="num">{w.value.to_string()}</td></tr> }).collect_view();
    let low = if v.low.is_empty() {
        view! { <Empty text=s.no_data/> }.into_any()
    } else {
        let rows = v.low.iter().map(|l| view! {
            <tr><td>{l.sku_code.clone()}</td><td>{l.name.clone()}</td><td>{l.warehouse.clone()}</td><td class="num">{l.available}</td><td class="num">{l.threshold}</td></tr>
        }).collect_view();
        view! { <div class="table-wrap"><table><thead><tr><th>{s.code}</th><th>{s.product}</th><th>{s.warehouse}</th><th class="num">{s.available}</th><th class="num">{s.threshold}</th></tr></thead><tbody>{rows}</tbody></table></div> }.into_any()
    };
    let slow_rows = v.slow.iter().map(|x| view! {
        <tr><td>{x.sku_code.clone()}</td><td>{x.name.clone()}</td><td class="num">{x.on_hand}</td><td class="num">{x.value.to_string()}</td>
        <td>{x.last_sold.map(|d| date_of_day(d).format("%Y-%m-%d").to_string()).unwrap_or_else(|| s.never.to_string())}</td></tr>
    }).collect_view();
    let cover_rows = v.cover.iter().map(|c| view! {
        <tr data-sku=c.sku_id><td>{c.sku_code.clone()}</td><td>{c.name.clone()}</td><td class="num">{c.on_hand}</td><td class="num">{c.demand_30}</td>
        <td>{if c.from_forecast { s.from_forecast } else { s.from_history }}</td><td class="num">{c.days.map(|d| d.to_string()).unwrap_or_else(|| "∞".into())}</td></tr>
    }).collect_view();
    view! {
        <div class="dash-grid">
            <div class="card" data-testid="low-stock"><h2>{s.low_stock}</h2>{low}</div>
            <div class="card" data-testid="by-warehouse">
                <h2>{s.by_warehouse}</h2>
                <EChart id="warehouses" spec summary=s.by_warehouse height=240/>
                <details class="data-table" open><summary>{s.show_table}</summary>
                    <div class="table-wrap"><table><thead><tr><th>{s.warehouse}</th><th class="num">{s.units}</th><th class="num">{s.stock_value}</th></tr></thead><tbody>{wh_rows}</tbody></table></div>
                </details>
            </div>
            <div class="card" data-testid="slow-stock">
                <h2>{s.slow_moving}</h2>
                <div class="table-wrap"><table><thead><tr><th>{s.code}</th><th>{s.product}</th><th class="num">{s.on_hand}</th><th class="num">{s.stock_value}</th><th>{s.last_sold}</th></tr></thead><tbody>{slow_rows}</tbody></table></div>
            </div>
            <div class="card" data-testid="cover">
                <h2>{s.days_of_cover}</h2>
                <div class="table-wrap"><table><thead><tr><th>{s.code}</th><th>{s.product}</th><th class="num">{s.on_hand}</th><th class="num">{s.demand_30}</th><th></th><th class="num">{s.days_of_cover}</th></tr></thead><tbody>{cover_rows}</tbody></table></div>
            </div>
        </div>
    }
}
