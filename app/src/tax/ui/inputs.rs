//! Purchase (input) invoices: recording one, the 勾选/认证 date, deleting a wrong record.

use super::Tabs;
use crate::error::AppError;
use crate::page::{Page, Seek};
use crate::tax::api::{create_input_invoice, delete_input_invoice, list_input_invoices, select_input_invoice};
use crate::tax::text::text;
use crate::tax::{InputFilter, InputInvoice, InputInvoiceId, InvoiceKind, NewInputInvoice};
use crate::ui::session::{use_common, use_lang};
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{confirm, ready_marker, with_query, Empty, ErrorBox, Loading, Pager};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn InputInvoicesPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let t = text(use_lang());
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        InputFilter { seek: Seek::from_query(q.get("after").as_deref(), q.get("before").as_deref()) }
    };
    let page = Resource::new(filter, list_input_invoices);
    let refresh = move || page.refetch();
    view! {
        <section class="page tax">
            <div class="page-head"><h1>{t.inputs_title}</h1></div>
            <Tabs/>
            <NewInputForm on_done=refresh/>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => view! { <InputTable p on_change=refresh/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn InputTable(p: Page<InputInvoice>, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    if p.rows.is_empty() {
        return view! { <Empty text=t.no_inputs/> }.into_any();
    }
    let rows = p.rows.into_iter().map(|r| view! { <InputRow r on_change/> }).collect_view();
    view! {
        <table class="table inputs">
            <thead><tr>
                <th>{t.number}</th><th>{t.seller}</th><th class="num">{t.amount_excl}</th><th class="num">{t.tax}</th>
                <th>{t.issued_on}</th><th>{t.selected_on}</th><th></th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <Pager next=p.next prev=p.prev count=p.count href=move |seek| with_query("/tax/inputs", &[seek.unwrap_or_default()])/>
    }
    .into_any()
}

#[component]
fn InputRow(r: InputInvoice, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let toasts = use_toasts();
    let id: InputInvoiceId = r.id;
    let date = RwSignal::new(String::new());
    let select = Action::new(move |d: &String| select_input_invoice(id, d.as_str().into()));
    let delete = Action::new(move |_: &()| delete_input_invoice(id));
    Effect::new(move |_| match select.value().get().or_else(|| delete.value().get()) {
        Some(Ok(())) => on_change(),
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    let selected = r.selected_on.clone().map(|d| view! { <span>{d}</span> " " <span class="badge invoice-issued">{t.deductible}</span> });
    view! {
        <tr>
            <td data-label=t.number><div>{r.number.clone()}<div class="sub">{r.kind.label(lang)}</div></div></td>
            <td data-label=t.seller><div>{r.seller_name.clone()}<div class="sub">{r.seller_tax_id.clone()}</div></div></td>
            <td data-label=t.amount_excl class="num">{r.amount.to_string()}</td>
            <td data-label=t.tax class="num">{r.tax.to_string()}</td>
            <td data-label=t.issued_on>{r.issued_on.clone()}</td>
            <td data-label=t.selected_on>
                {selected}
                {r.selected_on.is_none().then(|| view! {
                    <details class="inline-details">
                        <summary>{t.select_now}</summary>
                        <input type="date" bind:value=date aria-label=t.selected_on/>
                        <button type="button" on:click=move |_| { select.dispatch(date.get()); }>{t.record}</button>
                    </details>
                })}
            </td>
            <td>
                <button type="button" class="link danger" on:click=move |_| {
                    if confirm(t.confirm_delete_input) {
                        delete.dispatch(());
                    }
                }>{t.delete}</button>
            </td>
        </tr>
    }
}

#[component]
fn NewInputForm(on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let c = use_common();
    let toasts = use_toasts();
    let kind = RwSignal::new(format!("{:?}", InvoiceKind::Special));
    let s = || RwSignal::new(String::new());
    let (seller, tax_id, number, issued, amount, tax, selected, note) = (s(), s(), s(), s(), s(), s(), s(), s());
    let deductible = RwSignal::new(true);
    let receipt = RwSignal::new(String::new());
    let receipts = Resource::new(|| (), |_| crate::tax::api::list_purchase_receipts());
    let error = RwSignal::new(None::<AppError>);
    let act = Action::new(|i: &NewInputInvoice| create_input_invoice(i.clone()));
    Effect::new(move |_| match act.value().get() {
        Some(Ok(_)) => {
            toasts.ok(t.saved);
            for f in [number, amount, tax, note] {
                f.set(String::new());
            }
            error.set(None);
            on_done();
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let field_class = move |field: &'static str| move || if error.get().and_then(|e| e.field().map(|f| f == field)) == Some(true) { "invalid" } else { "" };
    view! {
        <details class="card">
            <summary>"+ " {t.new_input}</summary>
            <form class="form" method="post" action="/rpc/create_input_invoice" novalidate data-ready=ready_marker() on:submit=move |ev| {
                ev.prevent_default();
                let k = if kind.get() == format!("{:?}", InvoiceKind::Ordinary) { InvoiceKind::Ordinary } else { InvoiceKind::Special };
                act.dispatch(NewInputInvoice {
                    kind: k,
                    seller_name: seller.get().into(),
                    seller_tax_id: tax_id.get().into(),
                    number: number.get().into(),
                    issued_on: issued.get().into(),
                    amount: amount.get().into(),
                    tax: tax.get().into(),
                    deductible: deductible.get(),
                    selected_on: selected.get().into(),
                    receipt_id: receipt.get().parse().ok(),
                    note: note.get().into(),
                });
            }>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let list = receipts.await.unwrap_or_default();
                        (!list.is_empty()).then(|| {
                            let by_id = StoredValue::new(list.clone());
                            let options = list
                                .into_iter()
                                .map(|r| view! { <option value=r.id.to_string()>{format!("#{} {} · {} · {}", r.id, r.supplier, r.received, crate::time::format_ms(r.created_at))}</option> })
                                .collect_view();
                            view! {
                                <label>{t.receipt}
                                    <select name="input[receipt_id]" data-testid="receipt-select" on:change=move |ev| {
                                        let v = event_target_value(&ev);
                                        if let Some(r) = by_id.get_value().into_iter().find(|r| r.id.to_string() == v) {
                                            seller.set(r.supplier.clone());
                                            amount.set(r.received.to_string());
                                        }
                                        receipt.set(v);
                                    }>
                                        <option value="">{t.no_receipt}</option>
                                        {options}
                                    </select>
                                </label>
                            }
                        })
                    })}
                </Transition>
                <div class="row">
                    <label>{t.invoice_kind}
                        <select name="input[kind]" bind:value=kind>
                            {[InvoiceKind::Special, InvoiceKind::Ordinary].into_iter().map(|k| view! { <option value=format!("{k:?}")>{k.label(lang)}</option> }).collect_view()}
                        </select>
                    </label>
                    <label>{t.number}<input name="input[number]" bind:value=number class=field_class("number") inputmode="numeric" maxlength="20"/></label>
                </div>
                <div class="row">
                    <label>{t.seller_name}<input name="input[seller_name]" bind:value=seller class=field_class("seller_name") maxlength="100"/></label>
                    <label>{t.seller_tax_id}<input name="input[seller_tax_id]" bind:value=tax_id class=field_class("seller_tax_id") maxlength="40"/></label>
                </div>
                <div class="row">
                    <label>{t.issued_on}<input type="date" name="input[issued_on]" bind:value=issued class=field_class("issued_on")/></label>
                    <label>{t.amount_excl}<input name="input[amount]" bind:value=amount class=field_class("amount") inputmode="decimal"/></label>
                    <label>{t.tax}<input name="input[tax]" bind:value=tax class=field_class("tax") inputmode="decimal"/></label>
                </div>
                <div class="row">
                    <label class="check"><input type="checkbox" name="input[deductible]" value="true" bind:checked=deductible/>{t.deductible}</label>
                    <label>{t.selected_on}<input type="date" name="input[selected_on]" bind:value=selected class=field_class("selected_on")/></label>
                </div>
                <label>{t.note}<input name="input[note]" bind:value=note maxlength="200"/></label>
                <button type="submit" disabled=move || act.pending().get()>{c.save}</button>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-error=e.code()>{e.message(lang)}</p> })}
            </form>
        </details>
    }
}
