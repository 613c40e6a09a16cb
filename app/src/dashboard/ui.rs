//! The home page (this month's figures and the 30-day sales chart) and the dashboards.

mod boss;
mod charts;
mod filters;
mod sales;
mod stock;
mod wall;

pub use boss::BossPage;
pub use sales::SalesPage;
pub use stock::StockDashPage;
pub use wall::WallPage;

use super::api::get_overview;
use super::Overview;
use crate::money::Money;
use crate::time::format_day_short;
use crate::ui::chart::LineChart;
use crate::auth::Perm;
use crate::ui::session::{use_lang, use_user};
use leptos_router::components::Redirect;
use crate::ui::widgets::{ErrorBox, Loading};
use leptos::prelude::*;
use rust_decimal::prelude::ToPrimitive;

#[component]
pub fn HomePage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let user = use_user();
    if !user.can(Perm::ViewDashboard) {
        // Roles without a dashboard (the warehouse) start on their own home.
        return view! { <Redirect path=user.role.home()/> }.into_any();
    }
    let s = super::text::text(use_lang());
    let overview = Resource::new(|| (), |_| get_overview());
    // The owning agent's (and the boss's) follow-ups for today, from the customers area.
    let follow_ups = user.can(Perm::EditCustomers);
    view! {
        // ECharts only on pages with charts (≈1 MB raw); a plain tag so it is in the
        // server HTML and also runs when the page is reached by client-side navigation.
        <script src="/echarts.min.js" async></script>
        <section class="page">
            <h1>{s.home_title}</h1>
            {follow_ups.then(|| view! { <crate::customers::ui::FollowUpList/> })}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match overview.await {
                        Ok(o) => view! { <OverviewView o/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
fn OverviewView(o: Overview) -> impl IntoView {
    let s = super::text::text(use_lang());
    let labels = o.daily.iter().map(|p| format_day_short(p.day)).collect();
    // Plotting needs numbers; the exact amounts stay in `Money` everywhere else.
    let values = o.daily.iter().map(|p| p.sales.0.to_f64().unwrap_or(0.0)).collect();
    let sum_fen: i64 = o.daily.iter().map(|p| p.sales.to_fen()).sum();
    view! {
        <p class="muted">{if o.scoped { s.scope_line } else { s.scope_all }}</p>
        <div class="kpis">
            <div class="kpi" data-testid="kpi-sales">
                <div class="kpi-label">{s.sales_this_month}</div>
                <div class="kpi-value">{o.sales_month.to_string()}</div>
            </div>
            <div class="kpi">
                <div class="kpi-label">{s.orders_this_month}</div>
                <div class="kpi-value">{o.orders_month}</div>
            </div>
            <div class="kpi">
                <div class="kpi-label">{s.to_ship_count}</div>
                <div class="kpi-value"><a href="/orders?status=to_ship">{o.to_ship}</a></div>
            </div>
            <div class="kpi">
                <div class="kpi-label">{s.customers_total}</div>
                <div class="kpi-value">{o.customers}</div>
            </div>
        </div>
        <div class="card">
            <h2>{s.daily_sales_30}</h2>
            <div data-testid="chart-total-fen" data-value=sum_fen.to_string()></div>
            <LineChart id="sales-chart" labels values series_name=s.sales summary=(s.chart_summary)(&Money::from_fen(sum_fen).to_string())/>
        </div>
    }
}
