//! One order: head, lines, history, and the status actions the caller may take.

use crate::orders::api::{add_order_note, check_payment, edit_order_address, get_order, set_order_courier, transition_order};
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
    let after_lines: Vec<(i64, String, i64)> =
        o.lines.iter().map(|l| (l.sku_id, crate::inventory::sku_label(&l.product_name, &l.color, &l.size), l.qty)).collect();
    let after_ok = matches!(o.summary.status, crate::orders::OrderStatus::Shipped | crate::orders::OrderStatus::Completed);
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
                "merged" => Some(format!(" · {}", s.merged_note)),
                n => n.strip_prefix("offline:").and_then(|ms| ms.parse::<i64>().ok()).map(|ms| format!(" · {} {}", s.offline_note, format_ms(ms))),
            };
            view! { <li><span class="sub">{format_ms(e.at)}</span> " " {what} " · " {e.user_name} {by_agent}</li> }
        })
        .collect_view();
    let log = o
        .log
        .into_iter()
        .map(|g| {
            let old = (!g.old_value.is_empty()).then(|| format!(" ({} {})", s.was, g.old_value));
            view! { <li data-kind=g.kind.code()><span class="sub">{format_ms(g.at)}</span> " " {g.kind.label(lang)} " " {g.detail} {old} " · " {g.user_name}</li> }
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
            <Actions o=o2.clone() on_change/>
        </div>
        <CourierCard o=o2.clone() on_change/>
        <EditCard o=o2.clone() on_change/>
        <crate::fulfil::ui::AfterSalesCard order_id=o2.summary.id.0 list=o2.after_sales.clone() lines=after_lines can_request=after_ok on_change/>
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
            <ul class="timeline" data-testid="timeline">{events}{log}</ul>
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

/// The order's courier, why routing chose it, its tracking number, and the override.
#[component]
fn CourierCard(o: OrderDetail, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let f = crate::fulfil::text::text(lang);
    let toasts = use_toasts();
    let id = o.summary.id;
    let c = o.courier;
    let reason = if lang == crate::i18n::Lang::Zh { c.reason_zh.clone() } else { c.reason_en.clone() };
    let choice = RwSignal::new(c.code.clone());
    let remember = RwSignal::new(false);
    let change = Action::new(move |_: &()| set_order_courier(id, choice.get_untracked().as_str().into(), remember.get_untracked()));
    Effect::new(move |_| match change.value().get() {
        Some(Ok(())) => {
            toasts.ok(f.courier_changed);
            on_change();
        }
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    let can_change = !c.choices.is_empty();
    let options = c
        .choices
        .iter()
        .map(|(code, name)| {
            let selected = *code == c.code;
            view! { <option value=code.clone() selected=selected>{name.clone()}</option> }
        })
        .collect_view();
    let name = if c.name.is_empty() { f.no_courier.to_string() } else { c.name.clone() };
    view! {
        <div class="card courier-card">
            <h2>{f.courier_of_order}</h2>
            <dl class="facts">
                <dt>{f.courier_of_order}</dt><dd data-testid="order-courier" data-code=c.code.clone()>{name}</dd>
                <dt>{f.courier_reason}</dt><dd data-testid="courier-reason">{reason}</dd>
                {c.tracking_no.clone().map(|t| view! { <dt>{f.tracking_no}</dt><dd data-testid="tracking-no">{t}</dd> })}
            </dl>
            {can_change.then(|| view! {
                <form method="post" action="/rpc/set_order_courier" class="inline-form" on:submit=move |ev| { ev.prevent_default(); change.dispatch(()); }>
                    <input type="hidden" name="id" value=id.0.to_string()/>
                    <label>{f.change_courier}
                        <select name="code" data-testid="courier-choice" on:change=move |ev| choice.set(event_target_value(&ev))>{options}</select>
                    </label>
                    <label class="check"><input type="checkbox" name="remember" value="true" on:change=move |ev| remember.set(event_target_checked(&ev))/>{f.remember_for_customer}</label>
                    <button type="submit" class="secondary" disabled=move || change.pending().get()>{f.change_courier}</button>
                </form>
            })}
        </div>
    }
}

/// Change the address before shipping; add an internal note. Both land in the history.
#[component]
fn EditCard(o: OrderDetail, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let toasts = use_toasts();
    let id = o.summary.id;
    let address = RwSignal::new(o.address.clone());
    let note = RwSignal::new(String::new());
    let edit = Action::new(move |_: &()| edit_order_address(id, address.get_untracked().as_str().into()));
    let add = Action::new(move |_: &()| add_order_note(id, note.get_untracked().as_str().into()));
    let edit_error = RwSignal::new(None);
    Effect::new(move |_| match edit.value().get() {
        Some(Ok(())) => {
            edit_error.set(None);
            toasts.ok(s.address_changed);
            on_change();
        }
        Some(Err(e)) => edit_error.set(Some(e)),
        None => {}
    });
    Effect::new(move |_| match add.value().get() {
        Some(Ok(())) => {
            note.set(String::new());
            toasts.ok(s.note_added);
            on_change();
        }
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    let open = o.summary.status.holds_stock();
    Effect::new(move |_| {
        if let Some(e) = edit_error.get() {
            toasts.err(e.message(lang));
        }
    });
    view! {
        <div class="card edit-card">
            {open.then(|| view! {
                <form method="post" action="/rpc/edit_order_address" class="inline-form"
                    on:submit=move |ev| { ev.prevent_default(); edit.dispatch(()); }>
                    <input type="hidden" name="id" value=id.0.to_string()/>
                    <label class="grow">{s.edit_address}
                        <input name="address" prop:value=move || address.get() on:input=move |ev| address.set(event_target_value(&ev)) maxlength="400"/>
                    </label>
                    <button type="submit" class="secondary" disabled=move || edit.pending().get()>{s.save}</button>
                </form>
            })}
            <form method="post" action="/rpc/add_order_note" class="inline-form" on:submit=move |ev| { ev.prevent_default(); add.dispatch(()); }>
                <input type="hidden" name="id" value=id.0.to_string()/>
                <label class="grow">{s.add_note}
                    <input name="note" maxlength="500" placeholder=s.note_placeholder prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/>
                </label>
                <button type="submit" class="secondary" disabled=move || add.pending().get()>{s.add_note}</button>
            </form>
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
