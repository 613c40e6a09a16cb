//! One order: head, lines, history, and the status actions the caller may take.

use crate::orders::api::{check_payment, get_order, transition_order};
use crate::orders::text::{text, transition_label};
use crate::orders::{OrderDetail, OrderId, Transition};
use crate::time::format_ms;
use crate::ui::session::{use_common, use_lang};
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{confirm, ErrorBox, Loading, StatusBadge};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn OrderDetailPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let s = text(use_lang());
    let c = use_common();
    let params = use_params_map();
    let id = move || OrderId(params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let order = Resource::new(id, get_order);
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{s.order_detail}</h1>
                <a class="button secondary" href="/orders">{c.back}</a>
            </div>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match order.await {
                        Ok(o) => view! { <OrderView o on_change=move || order.refetch()/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn OrderView(o: OrderDetail, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let o2 = o.clone();
    let head = o.summary;
    let lines = o
        .lines
        .into_iter()
        .map(|l| {
            view! {
                <tr>
                    <td data-label=s.sku><div>{crate::inventory::sku_label(&l.product_name, &l.color, &l.size)}<div class="sub">{l.sku_code}</div></div></td>
                    <td data-label=s.unit_price class="num">{l.unit_price.to_string()}</td>
                    <td data-label=s.quantity class="num">{l.qty}</td>
                    <td data-label=s.subtotal class="num">{l.line_total.to_string()}</td>
                </tr>
            }
        })
        .collect_view();
    let events = o
        .events
        .into_iter()
        .map(|e| {
            let what = match e.from_status {
                Some(f) => format!("{} → {}", f.label(lang), e.to_status.label(lang)),
                None => e.to_status.label(lang).to_string(),
            };
            let by_agent = match e.note.as_str() {
                "agent_payment" => Some(format!(" · {}", s.confirmed_by_agent)),
                "payment" => Some(format!(" · {}", s.paid_by_payment)),
                _ => None,
            };
            view! { <li><span class="sub">{format_ms(e.at)}</span> " " {what} " · " {e.user_name} {by_agent}</li> }
        })
        .collect_view();
    view! {
        <div class="card order-head">
            <div class="order-title">
                <span class="order-no" data-testid="order-no">{head.order_no.clone()}</span>
                <span data-testid="order-status"><StatusBadge status=head.status/></span>
                {head.payment_check.then(|| view! { <span class="badge check" title=s.payment_check_hint>{s.payment_check}</span> })}
                {o.ownership_clash.then(|| {
                    let ct = crate::customers::text::text(lang);
                    view! { <span class="badge clash" title=ct.conflict_hint data-testid="clash">{ct.conflict_badge}</span> }
                })}
            </div>
            <dl class="facts">
                <dt>{s.recipient}</dt><dd>{head.recipient_name.clone()}</dd>
                <dt>{s.mobile}</dt><dd>{head.mobile.clone()}</dd>
                <dt>{s.address}</dt><dd>{o.address.clone()}</dd>
                <dt>{s.agent}</dt><dd>{head.agent_name.clone()}</dd>
                <dt>{s.channel}</dt><dd>{head.channel.label(lang)}</dd>
                <dt>{s.created_at}</dt><dd>{format_ms(head.created_at)}</dd>
                <dt>{crate::inventory::text::text(lang).ships_from}</dt>
                <dd data-testid="order-warehouse">
                    {o.warehouse.1.clone()}
                    {o.can_change_warehouse.then(|| view! { <WarehouseSwitch id=head.id current=o.warehouse.0 on_change/> })}
                </dd>
            </dl>
            <Actions o=o2 on_change/>
        </div>
        <div class="card">
            <h2>{s.order_lines}</h2>
            <table class="table">
                <thead><tr><th>{s.sku}</th><th class="num">{s.unit_price}</th><th class="num">{s.quantity}</th><th class="num">{s.subtotal}</th></tr></thead>
                <tbody>{lines}</tbody>
                <tfoot>
                    {(o.discount.to_fen() > 0).then(|| view! {
                        <tr><td colspan="3">{crate::customers::text::text(lang).coupon}</td><td class="num" data-testid="order-discount">{format!("-{}", o.discount)}</td></tr>
                    })}
                    <tr><td colspan="3">{s.total}</td><td class="num" data-testid="order-amount"><strong>{head.total.to_string()}</strong></td></tr>
                </tfoot>
            </table>
        </div>
        <crate::finance::ui::OrderPaymentsCard id=head.id/>
        <div class="card">
            <h2>{s.history}</h2>
            <ul class="timeline">{events}</ul>
        </div>
    }
}

#[component]
fn Actions(o: OrderDetail, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let toasts = use_toasts();
    let id = o.summary.id;
    let act = Action::new(move |t: &Transition| transition_order(id, *t));
    let check = Action::new(move |_: &()| check_payment(id));
    Effect::new(move |_| match check.value().get() {
        Some(Ok(())) => on_change(),
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    Effect::new(move |_| match act.value().get() {
        Some(Ok(_)) => {
            toasts.ok(s.status_changed);
            on_change();
        }
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    let buttons = o
        .actions
        .iter()
        .copied()
        .map(|t| {
            let question = match t {
                Transition::Ship => Some(s.confirm_ship),
                Transition::Cancel => Some(s.confirm_cancel),
                _ => None,
            };
            let class = if t == Transition::Cancel { "danger" } else { "" };
            view! {
                <button type="button" class=class disabled=move || act.pending().get() on:click=move |_| {
                    if question.is_none_or(confirm) {
                        act.dispatch(t);
                    }
                }>{transition_label(t, lang)}</button>
            }
        })
        .collect_view();
    let can_check = o.can_check_payment;
    view! {
        <div class="actions">
            {buttons}
            {can_check.then(|| view! {
                <button type="button" class="secondary" on:click=move |_| { check.dispatch(()); }>{s.payment_check} " ✓"</button>
            })}
        </div>
    }
}

/// The stock staff's 改仓 before shipping: the order's goods are released in one warehouse and
/// reserved in the other, or nothing changes when the other has too little.
#[component]
fn WarehouseSwitch(id: OrderId, current: i64, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let t = crate::inventory::text::text(lang);
    let toasts = use_toasts();
    let list = Resource::new(|| (), |_| crate::inventory::api::list_warehouses());
    let chosen = RwSignal::new(current);
    let change = Action::new(move |wh: &i64| crate::orders::api::change_order_warehouse(id, *wh));
    Effect::new(move |_| match change.value().get() {
        Some(Ok(())) => {
            toasts.ok(t.warehouse_changed);
            on_change();
        }
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let options = list.await.unwrap_or_default();
                (options.iter().filter(|w| w.active).count() > 1).then(|| {
                    let opts = options
                        .into_iter()
                        .filter(|w| w.active)
                        .map(|w| view! { <option value=w.id.to_string() selected=w.id == current>{w.name}</option> })
                        .collect_view();
                    view! {
                        <span class="inline-form">
                            <select aria-label=t.change_warehouse data-testid="warehouse-select"
                                on:change=move |ev| chosen.set(event_target_value(&ev).parse().unwrap_or(current))>{opts}</select>
                            <button type="button" class="secondary small" disabled=move || chosen.get() == current || change.pending().get()
                                on:click=move |_| { change.dispatch(chosen.get()); }>{t.change_warehouse}</button>
                        </span>
                    }
                })
            })}
        </Transition>
    }
}
