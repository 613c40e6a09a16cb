//! A new invoice: from sold orders of one buyer (found by mobile or order number) or by
//! hand; buyer data; a preview checked by the server's rules (split, capitals, warnings);
//! saved as 待开票.

use super::invoices::InvoiceLines;
use super::{parse_rate, rate_options, Tabs};
use crate::error::AppError;
use crate::tax::api::{create_invoice, invoiceable_orders, preview_invoice};
use crate::tax::text::text;
use crate::tax::{HandLine, InvoiceKind, InvoiceableOrder, NewInvoice, TaxRate};
use crate::time::format_ms;
use crate::ui::session::{use_common, use_lang};
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{ready_marker, Empty, ErrorBox};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn NewInvoicePage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let t = text(use_lang());
    let c = use_common();
    let query = use_query_map();
    let by_hand = move || query.read().get("mode").as_deref() == Some("hand");
    view! {
        <section class="page tax">
            <div class="page-head">
                <h1>{t.new_invoice}</h1>
                <A href="/tax/invoices" attr:class="button secondary">{c.back}</A>
            </div>
            <Tabs/>
            <div class="chips">
                <A href="/tax/invoices/new" attr:class=move || if by_hand() { "chip" } else { "chip active" }>{t.from_orders}</A>
                <A href="/tax/invoices/new?mode=hand" attr:class=move || if by_hand() { "chip active" } else { "chip" }>{t.by_hand}</A>
            </div>
            {move || if by_hand() { view! { <InvoiceForm hand=true/> }.into_any() } else { view! { <InvoiceForm hand=false/> }.into_any() }}
        </section>
    }
}

/// One typed line of a hand-made invoice.
#[derive(Clone, Copy)]
struct LineSignals {
    key: u64,
    name: RwSignal<String>,
    short_name: RwSignal<String>,
    tax_code: RwSignal<String>,
    spec: RwSignal<String>,
    unit: RwSignal<String>,
    qty: RwSignal<String>,
    price: RwSignal<String>,
    rate: RwSignal<String>,
}

impl LineSignals {
    fn new(key: u64) -> Self {
        LineSignals {
            key,
            name: RwSignal::new(String::new()),
            short_name: RwSignal::new(String::new()),
            tax_code: RwSignal::new(String::new()),
            spec: RwSignal::new(String::new()),
            unit: RwSignal::new(String::new()),
            qty: RwSignal::new("1".into()),
            price: RwSignal::new(String::new()),
            rate: RwSignal::new(format!("{:?}", TaxRate::R1)),
        }
    }

    fn get(&self) -> HandLine {
        HandLine {
            name: self.name.get().into(),
            short_name: self.short_name.get().into(),
            tax_code: self.tax_code.get().into(),
            spec: self.spec.get().into(),
            unit: self.unit.get().into(),
            qty: self.qty.get().into(),
            price: self.price.get().into(),
            rate: parse_rate(&self.rate.get()).unwrap_or(TaxRate::R1),
            simplified: false,
        }
    }
}

#[component]
fn InvoiceForm(hand: bool) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let toasts = use_toasts();
    let navigate = use_navigate();
    let kind = RwSignal::new(format!("{:?}", InvoiceKind::Ordinary));
    let (name, tax_id, address_phone, bank_account, note) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let natural = RwSignal::new(true);
    let chosen = RwSignal::new(Vec::<i64>::new());
    let next_key = StoredValue::new(1u64);
    let lines = RwSignal::new(vec![LineSignals::new(0)]);
    let error = RwSignal::new(None::<AppError>);
    let build = move || NewInvoice {
        kind: if kind.get() == format!("{:?}", InvoiceKind::Special) { InvoiceKind::Special } else { InvoiceKind::Ordinary },
        buyer_name: name.get().into(),
        buyer_tax_id: tax_id.get().into(),
        buyer_address_phone: address_phone.get().into(),
        buyer_bank_account: bank_account.get().into(),
        natural_person: natural.get(),
        note: note.get().into(),
        order_ids: if hand { Vec::new() } else { chosen.get() },
        lines: if hand { lines.get().iter().map(LineSignals::get).collect() } else { Vec::new() },
    };
    let preview = Action::new(|i: &NewInvoice| preview_invoice(i.clone()));
    let save = Action::new(|i: &NewInvoice| create_invoice(i.clone()));
    Effect::new(move |_| {
        if let Some(Err(e)) = preview.value().get() {
            error.set(Some(e));
        }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(id)) => {
            toasts.ok((t.invoice_created)(id.0));
            navigate(&format!("/tax/invoices/{}", id.0), Default::default());
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let on_pick = Callback::new(move |o: InvoiceableOrder| {
        if name.get_untracked().is_empty() {
            name.set(o.customer_name.clone());
        }
    });
    let field_class = move |field: &'static str| move || if error.get().and_then(|e| e.field().map(|f| f == field)) == Some(true) { "invalid" } else { "" };
    let numbered = move || lines.get().into_iter().enumerate().collect::<Vec<(usize, LineSignals)>>();
    view! {
        {(!hand).then(|| view! { <OrderPicker chosen on_pick/> })}
        <form class="card form" method="post" action="/rpc/create_invoice" novalidate data-ready=ready_marker() on:submit=move |ev| {
            ev.prevent_default();
            error.set(None);
            save.dispatch(build());
        }>
            <h2>{t.buyer}</h2>
            {move || chosen.get().into_iter().enumerate().map(|(i, id)| view! { <input type="hidden" name=format!("input[order_ids][{i}]") value=id/> }).collect_view()}
            <div class="row">
                <label>{t.invoice_kind}
                    <select name="input[kind]" bind:value=kind>
                        {[InvoiceKind::Ordinary, InvoiceKind::Special].into_iter().map(|k| view! { <option value=format!("{k:?}")>{k.label(lang)}</option> }).collect_view()}
                    </select>
                </label>
                <label>{t.buyer_name}<input name="input[buyer_name]" bind:value=name class=field_class("buyer_name") maxlength="100"/></label>
            </div>
            <label class="check"><input type="checkbox" name="input[natural_person]" value="true" bind:checked=natural/>{t.natural_person}</label>
            <div class="row">
                <label>{t.buyer_tax_id}<input name="input[buyer_tax_id]" bind:value=tax_id class=field_class("buyer_tax_id") maxlength="40" autocomplete="off"/></label>
                <label>{t.buyer_address_phone}<input name="input[buyer_address_phone]" bind:value=address_phone class=field_class("buyer_address_phone") maxlength="200"/></label>
            </div>
            <div class="row">
                <label>{t.buyer_bank_account}<input name="input[buyer_bank_account]" bind:value=bank_account class=field_class("buyer_bank_account") maxlength="200"/></label>
                <label>{t.note}<input name="input[note]" bind:value=note maxlength="200"/></label>
            </div>
            {hand.then(|| view! {
                <fieldset class="lines hand-lines">
                    <legend>{t.item}</legend>
                    <For each=numbered key=|(_, l)| l.key let:item>
                        <HandLineRow i=item.0 l=item.1 on_remove=move || lines.update(|v| v.retain(|x| x.key != item.1.key))/>
                    </For>
                    <button type="button" class="secondary" on:click=move |_| {
                        let k = next_key.get_value();
                        next_key.set_value(k + 1);
                        lines.update(|v| v.push(LineSignals::new(k)));
                    }>"+ " {t.add_line}</button>
                </fieldset>
            })}
            <div class="actions">
                <button type="button" class="secondary" disabled=move || preview.pending().get() on:click=move |_| {
                    error.set(None);
                    preview.dispatch(build());
                }>{t.preview}</button>
                <button type="submit" disabled=move || save.pending().get()>{t.prepare}</button>
            </div>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-error=e.code()>{e.message(lang)}</p> })}
        </form>
        {move || preview.value().get().and_then(Result::ok).map(|p| view! {
            <div class="card preview" data-testid="invoice-preview"><h2>{t.preview}</h2><InvoiceLines invoice=p.invoice/></div>
        })}
    }
}

#[component]
fn HandLineRow(i: usize, l: LineSignals, on_remove: impl Fn() + 'static) -> impl IntoView {
    let t = text(use_lang());
    let n = |f: &str| format!("input[lines][{i}][{f}]");
    view! {
        <div class="line hand-line">
            <input name=n("name") bind:value=l.name placeholder=t.item aria-label=t.item maxlength="100"/>
            <input name=n("short_name") bind:value=l.short_name placeholder=t.short_name aria-label=t.short_name maxlength="20"/>
            <input name=n("tax_code") bind:value=l.tax_code placeholder=t.tax_code aria-label=t.tax_code inputmode="numeric" maxlength="19"/>
            <input name=n("spec") bind:value=l.spec placeholder=t.spec aria-label=t.spec maxlength="40"/>
            <input name=n("unit") bind:value=l.unit placeholder=t.unit aria-label=t.unit maxlength="8"/>
            <input name=n("qty") bind:value=l.qty placeholder=t.qty aria-label=t.qty inputmode="decimal" class="qty"/>
            <input name=n("price") bind:value=l.price placeholder=t.unit_price_incl aria-label=t.unit_price_incl inputmode="decimal"/>
            <select name=n("rate") bind:value=l.rate aria-label=t.rate>{rate_options(TaxRate::R1)}</select>
            <button type="button" class="link danger" on:click=move |_| on_remove()>{t.remove_line}</button>
        </div>
    }
}

/// Find a buyer's sold orders by mobile or order number and choose some.
#[component]
fn OrderPicker(chosen: RwSignal<Vec<i64>>, on_pick: Callback<InvoiceableOrder>) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let q = RwSignal::new(String::new());
    let find = Action::new(|q: &String| invoiceable_orders(q.as_str().into()));
    view! {
        <div class="card">
            <h2>{t.choose_orders}</h2>
            <form class="search" method="post" action="/rpc/invoiceable_orders" data-ready=ready_marker() on:submit=move |ev| {
                ev.prevent_default();
                chosen.set(Vec::new());
                find.dispatch(q.get());
            }>
                <input type="search" name="q" bind:value=q placeholder=t.find_orders aria-label=t.find_orders maxlength="64"/>
                <button type="submit">{t.find}</button>
            </form>
            {move || find.value().get().map(|r| match r {
                Ok(rows) if rows.is_empty() => view! { <Empty text=t.no_invoiceable/> }.into_any(),
                Ok(rows) => view! { <OrderChoices rows chosen on_pick/> }.into_any(),
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
            })}
        </div>
    }
}

#[component]
fn OrderChoices(rows: Vec<InvoiceableOrder>, chosen: RwSignal<Vec<i64>>, on_pick: Callback<InvoiceableOrder>) -> impl IntoView {
    let t = text(use_lang());
    let items = rows
        .into_iter()
        .map(|o| {
            let id = o.order_id;
            let done = o.invoiced.to_fen() > 0;
            let o2 = o.clone();
            view! {
                <tr class:muted=done>
                    <td>
                        <input type="checkbox" aria-label=o.order_no.clone() disabled=done data-order=o.order_no.clone()
                            prop:checked=move || chosen.get().contains(&id)
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                chosen.update(|v| if on { v.push(id) } else { v.retain(|x| *x != id) });
                                if on {
                                    on_pick.run(o2.clone());
                                }
                            }/>
                    </td>
                    <td data-label=t.order_no><div>{o.order_no.clone()}<div class="sub">{format_ms(o.created_at)}</div></div></td>
                    <td data-label=t.customer><div>{o.customer_name.clone()}<div class="sub">{o.mobile.clone()}</div></div></td>
                    <td data-label=t.order_total class="num">{o.total.to_string()}</td>
                    <td data-label=t.invoiced class="num">{done.then(|| o.invoiced.to_string())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table order-choices">
            <thead><tr><th></th><th>{t.order_no}</th><th>{t.customer}</th><th class="num">{t.order_total}</th><th class="num">{t.invoiced}</th></tr></thead>
            <tbody>{items}</tbody>
        </table>
        <p class="muted" data-testid="orders-chosen">{move || (t.orders_chosen)(chosen.get().len())}</p>
    }
}
