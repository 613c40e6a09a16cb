//! The 售后 card of an order: its requests with the steps the caller may take, and the
//! request form (return, exchange or refund only; reason; refund amount; items coming back).

use crate::fulfil::api::{after_sale_step, list_after_sales, request_after_sale};
use crate::fulfil::text::{action_label, text};
use crate::fulfil::{AfterSaleAction, AfterSaleKind, AfterSaleView, NewAfterSale, ReturnLine};
use crate::time::format_ms;
use crate::ui::session::use_lang;
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{confirm, ErrorBox};
use leptos::prelude::*;

/// `lines`: (sku id, label, quantity) of the order; `can_request`: shipped or completed and
/// the caller may ask.
#[component]
pub fn AfterSalesCard(
    order_id: i64,
    list: Vec<AfterSaleView>,
    lines: Vec<(i64, String, i64)>,
    can_request: bool,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let toasts = use_toasts();
    // The card keeps its own list and reloads it after each change (the page's other parts
    // follow through `on_change`).
    let items = RwSignal::new(list);
    let reload = move || {
        leptos::task::spawn_local(async move {
            if let Ok(list) = list_after_sales(order_id).await {
                items.set(list);
            }
        });
        on_change();
    };
    let step = Action::new(move |(id, a): &(i64, AfterSaleAction)| after_sale_step(*id, *a));
    Effect::new(move |_| match step.value().get() {
        Some(Ok(_)) => reload(),
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    let kind = RwSignal::new(AfterSaleKind::Return);
    let reason = RwSignal::new(String::new());
    let refund = RwSignal::new(String::new());
    let qtys: Vec<(i64, String, i64, RwSignal<String>)> = lines.into_iter().map(|(id, label, q)| (id, label, q, RwSignal::new(String::new()))).collect();
    let qty_signals: Vec<(i64, RwSignal<String>)> = qtys.iter().map(|(id, _, _, s)| (*id, *s)).collect();
    let send = Action::new(move |input: &NewAfterSale| request_after_sale(input.clone()));
    let error = RwSignal::new(None);
    Effect::new(move |_| match send.value().get() {
        Some(Ok(_)) => {
            error.set(None);
            reason.set(String::new());
            refund.set(String::new());
            toasts.ok(t.after_sale_sent);
            reload();
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lines = qty_signals
            .iter()
            .filter_map(|(sku_id, s)| s.get_untracked().trim().parse::<i64>().ok().filter(|q| *q > 0).map(|qty| ReturnLine { sku_id: *sku_id, qty }))
            .collect();
        send.dispatch(NewAfterSale {
            order_id,
            kind: kind.get_untracked(),
            reason: reason.get_untracked().as_str().into(),
            refund: refund.get_untracked().as_str().into(),
            lines,
        });
    };
    let qty_inputs = qtys
        .into_iter()
        .map(|(_, label, max, s)| {
            view! {
                <label>{label}<input type="number" min="0" max=max.to_string() inputmode="numeric" prop:value=move || s.get() on:input=move |ev| s.set(event_target_value(&ev))/></label>
            }
        })
        .collect_view();
    view! {
        <div class="card after-sales" data-testid="after-sales">
            <h2>{t.after_sales}</h2>
            {move || items.with(|l| l.is_empty()).then(|| view! { <p class="sub">{t.no_after_sales}</p> })}
            {move || items.get().into_iter().map(|a| {
                let id = a.id;
                let buttons = a.actions.iter().copied().map(|act| view! {
                    <button type="button" class="secondary" disabled=move || step.pending().get()
                        on:click=move |_| if confirm(action_label(act, lang)) { step.dispatch((id, act)); }>{action_label(act, lang)}</button>
                }).collect_view();
                view! {
                    <div class="after-sale" data-state=a.state.code()>
                        <strong>{a.kind.label(lang)}</strong> " · " <span class="badge">{a.state.label(lang)}</span>
                        " · " {a.refund.to_string()} " · " {a.reason} <span class="sub">" " {a.requested_by} " " {format_ms(a.requested_at)}</span>
                        <div class="actions">{buttons}</div>
                    </div>
                }
            }).collect_view()}
            {can_request.then(|| view! {
                <form method="post" action="/rpc/request_after_sale" class="after-sale-form" on:submit=submit>
                    <input type="hidden" name="input[order_id]" value=order_id.to_string()/>
                    <label>{t.after_sale_kind}
                        <select name="input[kind]" on:change=move |ev| kind.set(AfterSaleKind::parse(&event_target_value(&ev)).unwrap_or_default())>
                            {AfterSaleKind::ALL.into_iter().map(|k| view! { <option value=k.code()>{k.label(lang)}</option> }).collect_view()}
                        </select>
                    </label>
                    <label>{t.after_sale_reason}<input name="input[reason]" maxlength="200" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/></label>
                    <label>{t.refund_amount}<input name="input[refund]" inputmode="decimal" prop:value=move || refund.get() on:input=move |ev| refund.set(event_target_value(&ev))/></label>
                    <fieldset class="return-lines"><legend>{t.return_items}</legend>{qty_inputs}</fieldset>
                    {move || error.get().map(|e| view! { <ErrorBox error=e/> })}
                    <button type="submit" disabled=move || send.pending().get()>{t.request_after_sale}</button>
                </form>
            })}
        </div>
    }
}
