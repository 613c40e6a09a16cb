//! Purchase suggestions (forecast → order quantity, grouped by supplier, one click to a
//! purchase order) and the alert views: open low-stock alerts, slow movers, stock value.

use super::super::api::{create_purchase, list_alerts, purchase_suggestions, refresh_forecasts, slow_movers, stock_values};
use super::super::text::text;
use super::super::{DocLine, NewPurchaseOrder, SupplierSuggestions};
use super::Tabs;
use crate::page::Seek;
use crate::time::{format_day_short, format_ms};
use crate::ui::session::{use_common, use_lang};
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{with_query, Empty, ErrorBox, Loading, Pager};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SuggestionsPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let lang = use_lang();
    let s = text(lang);
    let toasts = use_toasts();
    let data = Resource::new(|| (), |_| purchase_suggestions());
    let refresh = Action::new(|_: &()| refresh_forecasts());
    Effect::new(move |_| match refresh.value().get() {
        Some(Ok(n)) => {
            toasts.ok((s.forecasts_done)(n as i64));
            data.refetch();
        }
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    view! {
        <section class="page">
            <h1>{s.tab_suggestions}</h1>
            <Tabs/>
            <p class="hint">{s.suggestion_rule}</p>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => {
                            let when = d.computed_at.map(format_ms).unwrap_or_else(|| s.never.to_string());
                            let groups = d.groups.clone();
                            view! {
                                <div class="card forecast-summary">
                                    <span>{s.forecast_at}" "{when}</span>
                                    <span data-testid="beat-naive">{(s.beat_naive)(d.beat_naive, d.forecast_skus)}</span>
                                    <button type="button" class="secondary" on:click=move |_| { refresh.dispatch(()); } disabled=move || refresh.pending().get()>
                                        {move || if refresh.pending().get() { s.forecasting } else { s.refresh_forecasts }}
                                    </button>
                                </div>
                                {if groups.is_empty() {
                                    view! { <Empty text=s.no_suggestions/> }.into_any()
                                } else {
                                    groups.into_iter().map(|g| view! { <SupplierGroup group=g/> }).collect_view().into_any()
                                }}
                            }.into_any()
                        }
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn SupplierGroup(group: SupplierSuggestions) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let toasts = use_toasts();
    let created = RwSignal::new(None::<i64>);
    let create = Action::new(|p: &NewPurchaseOrder| create_purchase(p.clone()));
    Effect::new(move |_| match create.value().get() {
        Some(Ok(id)) => created.set(Some(id)),
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    let supplier_id = group.supplier_id;
    let po_lines: Vec<DocLine> = group.lines.iter().map(|l| DocLine { sku_id: l.sku_id, qty: l.suggested_qty, unit_cost: l.unit_cost.to_string().into() }).collect();
    let po_lines = StoredValue::new(po_lines);
    let name = if group.supplier.is_empty() { s.no_supplier.to_string() } else { group.supplier.clone() };
    let rows = group
        .lines
        .iter()
        .map(|l| {
            let err = match (l.smape, l.naive_smape) {
                (Some(m), Some(n)) => format!("{m:.0}% / {n:.0}%"),
                _ => "—".to_string(),
            };
            let better = matches!((l.smape, l.naive_smape), (Some(m), Some(n)) if m <= n);
            view! {
                <tr data-sku=l.sku_code.clone()>
                    <td data-label=s.sku><div>{l.sku_label.clone()}<div class="sub">{l.sku_code.clone()}" · "{l.method.clone()}</div>
                        {(!l.festivals.is_empty()).then(|| view! { <div class="festival">{l.festivals.join("，")}</div> })}</div></td>
                    <td data-label=s.forecast_30 class="num">{l.forecast_30}</td>
                    <td data-label=s.available class="num">{l.available}</td>
                    <td data-label=s.on_order class="num">{l.on_order}</td>
                    <td data-label=s.cover class="num" title=(s.cover_hint)(l.lead_time_days)>{l.cover_demand}" + "{l.safety_stock}</td>
                    <td data-label=s.backtest class="num" class:better=better title=s.backtest_hint>{err}</td>
                    <td data-label=s.suggested class="num"><strong data-testid="suggested-qty">{l.suggested_qty}</strong></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="card suggestion-group" data-supplier=supplier_id.map(|s| s.to_string()).unwrap_or_default()>
            <div class="doc-head">
                <h2>{name}</h2>
                <span>{(s.group_total)(group.total_qty)}" · "{group.total_cost.to_string()}</span>
            </div>
            <div class="table-wrap"><table class="table">
                <thead><tr><th>{s.sku}</th><th class="num">{s.forecast_30}</th><th class="num">{s.available}</th><th class="num">{s.on_order}</th>
                    <th class="num">{s.cover}</th><th class="num">{s.backtest}</th><th class="num">{s.suggested}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
            {move || match (created.get(), supplier_id) {
                (Some(id), _) => view! { <p><a class="button" href=format!("/inventory/purchases/{id}")>{s.open_purchase}" #"{id}</a></p> }.into_any(),
                (None, Some(sid)) => view! {
                    <button type="button" disabled=move || create.pending().get() on:click=move |_| {
                        create.dispatch(NewPurchaseOrder { supplier_id: sid, lines: po_lines.get_value(), ..Default::default() });
                    }>{s.make_purchase}</button>
                }.into_any(),
                (None, None) => view! { <p class="hint">{s.set_supplier_first}</p> }.into_any(),
            }}
        </div>
    }
}

#[component]
pub fn AlertsPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let lang = use_lang();
    let s = text(lang);
    let c = use_common();
    let query = use_query_map();
    let open_only = move || query.read().get("all").is_none();
    let seek = move || Seek::from_query(query.read().get("after").as_deref(), query.read().get("before").as_deref());
    let days = move || query.read().get("days").and_then(|d| d.parse::<i64>().ok()).unwrap_or(60);
    let alerts = Resource::new(move || (open_only(), seek()), |(o, k)| list_alerts(o, k));
    let slow = Resource::new(days, |d| slow_movers(d, None));
    let values = Resource::new(|| (), |_| stock_values());
    view! {
        <section class="page">
            <h1>{s.tab_alerts}</h1>
            <Tabs/>
            <div class="card">
                <h2>{s.low_alerts}</h2>
                <nav class="chips">
                    <a class=move || if open_only() { "chip active" } else { "chip" } href="/inventory/alerts">{s.open_alerts}</a>
                    <a class=move || if open_only() { "chip" } else { "chip active" } href="/inventory/alerts?all=1">{s.all_alerts}</a>
                    <a class="chip" href="/inventory?low=1">{s.low_list}</a>
                </nav>
                <Transition fallback=|| view! { <Loading/> }>
                    {move || Suspend::new(async move {
                        match alerts.await {
                            Ok(page) if page.rows.is_empty() => view! { <Empty text=s.no_alerts/> }.into_any(),
                            Ok(page) => {
                                let all = !open_only();
                                let rows = page.rows.iter().map(|a| view! {
                                    <tr data-alert=a.sku_code.clone() class:resolved=a.resolved_at.is_some()>
                                        <td data-label=s.sku><div>{a.sku_label.clone()}<div class="sub">{a.sku_code.clone()}</div></div></td>
                                        <td data-label=s.warehouse>{a.warehouse.clone()}</td>
                                        <td data-label=s.available class="num">{a.available}" / "{a.threshold}</td>
                                        <td data-label=s.time>{format_ms(a.created_at)}{a.resolved_at.map(|r| view! { <div class="sub">{s.resolved}" "{format_ms(r)}</div> })}</td>
                                    </tr>
                                }).collect_view();
                                view! {
                                    <div class="table-wrap"><table class="table">
                                        <thead><tr><th>{s.sku}</th><th>{s.warehouse}</th><th class="num">{s.available_threshold}</th><th>{s.time}</th></tr></thead>
                                        <tbody>{rows}</tbody>
                                    </table></div>
                                    <Pager next=page.next prev=page.prev count=page.count href=move |k| with_query("/inventory/alerts", &[if all { "all=1".into() } else { String::new() }, k.unwrap_or_default()])/>
                                }.into_any()
                            }
                            Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                        }
                    })}
                </Transition>
            </div>
            <div class="card">
                <h2>{s.slow_movers}</h2>
                <Form action="/inventory/alerts" attr:class="search">
                    <label class="compact">{s.no_sale_days}<input type="number" name="days" min="1" max="3650" prop:value=move || days().to_string()/></label>
                    <button type="submit">{c.search}</button>
                </Form>
                <Transition fallback=|| view! { <Loading/> }>
                    {move || Suspend::new(async move {
                        match slow.await {
                            Ok(rows) if rows.is_empty() => view! { <Empty text=s.no_slow_movers/> }.into_any(),
                            Ok(rows) => {
                                let total = rows.iter().fold(crate::money::Money::ZERO, |a, r| a + r.value);
                                let body = rows.into_iter().map(|r| view! {
                                    <tr data-slow=r.sku_code.clone()>
                                        <td data-label=s.sku><div>{r.sku_label.clone()}<div class="sub">{r.sku_code.clone()}</div></div></td>
                                        <td data-label=s.on_hand class="num">{r.qty}</td>
                                        <td data-label=s.stock_value class="num">{r.value.to_string()}</td>
                                        <td data-label=s.last_sale>{r.last_sale_day.map(format_day_short).unwrap_or_else(|| s.never.to_string())}</td>
                                    </tr>
                                }).collect_view();
                                view! {
                                    <p>{s.tied_up}" "<strong>{total.to_string()}</strong></p>
                                    <div class="table-wrap"><table class="table">
                                        <thead><tr><th>{s.sku}</th><th class="num">{s.on_hand}</th><th class="num">{s.stock_value}</th><th>{s.last_sale}</th></tr></thead>
                                        <tbody>{body}</tbody>
                                    </table></div>
                                }.into_any()
                            }
                            Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                        }
                    })}
                </Transition>
            </div>
            <div class="card">
                <h2>{s.value_by_warehouse}</h2>
                <Transition fallback=|| view! { <Loading/> }>
                    {move || Suspend::new(async move {
                        match values.await {
                            Ok(rows) => view! {
                                <ul class="plain">
                                    {rows.into_iter().map(|w| view! { <li>{w.name}" · "{(s.units)(w.units)}" · "<strong>{w.value.to_string()}</strong></li> }).collect_view()}
                                </ul>
                            }.into_any(),
                            Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                        }
                    })}
                </Transition>
            </div>
        </section>
    }
}
