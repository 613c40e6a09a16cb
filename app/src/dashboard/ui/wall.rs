//! The TV wall (数据大屏): full screen, dark, large numbers; it asks the server again every
//! minute without reloading the page.

use super::charts::{EChart, Spec};
use crate::auth::Perm;
use crate::dashboard::api::get_wall;
use crate::dashboard::text::text;
use crate::dashboard::WallView;
use crate::time::{format_day_short, format_ms};
use crate::ui::session::{use_lang, use_user};
use crate::ui::widgets::{ErrorBox, Loading};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use rust_decimal::prelude::ToPrimitive;

/// How often the wall refreshes itself.
pub const REFRESH_MS: u64 = 60_000;

#[component]
pub fn WallPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let user = use_user();
    if !user.can(Perm::ViewDashboard) {
        return view! { <Redirect path=user.role.home()/> }.into_any();
    }
    let s = text(use_lang());
    let data = Resource::new(|| (), |_| get_wall());
    #[cfg(feature = "hydrate")]
    {
        if let Ok(h) = set_interval_with_handle(move || data.refetch(), std::time::Duration::from_millis(REFRESH_MS)) {
            on_cleanup(move || h.clear());
        }
    }
    let full = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(el) = document().document_element() {
            let _ = el.request_fullscreen();
        }
    };
    view! {
        <script src="/echarts.min.js" async></script>
        <section class="wall" data-testid="wall" data-refresh-ms=REFRESH_MS>
            <div class="wall-head">
                <h1>{s.wall_title}</h1>
                <button type="button" class="secondary small" on:click=full>{s.fullscreen}</button>
            </div>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(v) => view! { <WallBody v/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
    .into_any()
}

#[component]
fn WallBody(v: WallView) -> impl IntoView {
    let s = text(use_lang());
    let trend = Spec::Line {
        labels: v.trend.iter().map(|p| format_day_short(p.day)).collect(),
        series: vec![(s.sales.to_string(), v.trend.iter().map(|p| p.sales.0.to_f64().unwrap_or(0.0)).collect())],
    };
    let hours = Spec::Bars { labels: (0..24).map(|h| h.to_string()).collect(), series: vec![(s.orders.to_string(), v.hours.iter().map(|n| *n as f64).collect())], stacked: false };
    let agents = v.top_agents.iter().map(|a| view! { <li><span>{a.rank} ". " {a.name.clone()}</span><strong>{a.sales.to_string()}</strong></li> }).collect_view();
    view! {
        <div class="wall-numbers">
            <div class="big" data-testid="wall-sales-today"><div class="label">{s.today} {s.sales}</div><div class="value">{v.today.sales.to_string()}</div></div>
            <div class="big"><div class="label">{s.today} {s.orders}</div><div class="value">{v.today.orders}</div></div>
            <div class="big"><div class="label">{s.this_month} {s.sales}</div><div class="value">{v.month.sales.to_string()}</div></div>
            <div class="big"><div class="label">{s.this_month} {s.orders}</div><div class="value">{v.month.orders}</div></div>
            {v.open_alerts.map(|n| view! { <div class="big alert"><div class="label">{s.open_alerts}</div><div class="value">{n}</div></div> })}
        </div>
        <div class="wall-grid">
            <div class="wall-card"><h2>{s.daily_sales_30}</h2><EChart id="wall-trend" spec=trend summary=s.daily_sales_30 height=260 dark=true/></div>
            <div class="wall-card"><h2>{s.hours_today}</h2><EChart id="wall-hours" spec=hours summary=s.hours_today height=260 dark=true/></div>
            <div class="wall-card"><h2>{s.top_agents}</h2><ol class="wall-agents">{agents}</ol></div>
        </div>
        <p class="wall-at" data-testid="wall-at" data-at=v.at.to_string()>{s.updated_at} " " {format_ms(v.at)}</p>
    }
}
