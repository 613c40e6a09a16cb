//! The print jobs of a batch: waybill labels (one per page, sized by CSS @page) and the
//! picking list. Opened from the batch page with the selection in the URL query.

use crate::fulfil::api::{get_picking_list, get_waybills};
use crate::fulfil::text::text;
use crate::fulfil::{LabelSize, Selection, Waybill};
use crate::ui::session::use_lang;
use crate::ui::widgets::{ErrorBox, Loading};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The selection of the URL: `ids=1&ids=2…` or `all=1` (with `courier=`).
fn selection_of_query() -> Memo<Selection> {
    let query = use_query_map();
    Memo::new(move |_| {
        let q = query.read();
        Selection {
            ids: q.get_all("ids").unwrap_or_default().iter().filter_map(|v| v.parse().ok()).collect(),
            all: q.get("all").as_deref() == Some("1"),
            courier: q.get("courier").filter(|c| !c.is_empty() && c.len() <= 16).map(|c| c.as_str().into()),
        }
    })
}

#[component]
pub fn PrintPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let t = text(use_lang());
    let query = use_query_map();
    let sel = selection_of_query();
    let size = Memo::new(move |_| query.read().get("size").and_then(|s| LabelSize::parse(&s)).unwrap_or_default());
    let labels = Resource::new(move || (sel.get(), size.get()), |(sel, size)| get_waybills(sel, size));
    view! {
        <section class="page print-page">
            <div class="page-head no-print">
                <h1>{t.batch_title} " · " {move || size.get().label(use_lang())}</h1>
                <div class="actions">
                    <button type="button" on:click=move |_| { let _ = window().print(); }>{t.print}</button>
                    <a class="button secondary" href="/ship/batch">{t.back}</a>
                </div>
            </div>
            <p class="sub no-print">{t.print_hint}</p>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match labels.await {
                        Ok(list) => {
                            let n = list.len();
                            let class = format!("waybills size-{}", size.get_untracked().code());
                            view! {
                                <p class="no-print" data-testid="label-count">{(t.labels_count)(n)}</p>
                                <div class=class data-count=n>{list.into_iter().map(|w| view! { <Label w/> }).collect_view()}</div>
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
fn Label(w: Waybill) -> impl IntoView {
    let t = text(use_lang());
    let s = &w.sender;
    let sender_addr = format!("{}{}{}{}", s.province, s.city, s.district, s.detail);
    let weight = (w.weight_g > 0).then(|| format!("{} · {:.2} kg", t.weight_total, w.weight_g as f64 / 1000.0));
    view! {
        <article class="waybill" data-order-no=w.order_no.clone()>
            <header class="wb-courier"><strong>{w.courier_name.clone()}</strong><span class="sub">{w.courier_code.clone()} " " {w.account.clone()}</span></header>
            <div class="wb-block wb-to">
                <span class="wb-tag">{t.receiver}</span>
                <div class="wb-name">{w.recipient_name.clone()} " " {w.mobile.clone()}</div>
                <div class="wb-addr">{w.address.clone()}</div>
            </div>
            <div class="wb-block wb-from">
                <span class="wb-tag">{t.sender}</span>
                <div>{s.name.clone()} " " {s.mobile.clone()}</div>
                <div class="wb-addr">{sender_addr}</div>
            </div>
            <div class="wb-barcode" data-barcode=w.order_no.clone() inner_html=w.barcode_svg.clone()></div>
            <div class="wb-items"><span class="wb-tag">{t.items}</span> {w.items.clone()} <span class="sub">{weight}</span></div>
        </article>
    }
}

#[component]
pub fn PickingPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let t = text(use_lang());
    let sel = selection_of_query();
    let list = Resource::new(move || sel.get(), get_picking_list);
    view! {
        <section class="page picking-page">
            <div class="page-head">
                <h1>{t.picking_list}</h1>
                <div class="actions no-print">
                    <button type="button" on:click=move |_| { let _ = window().print(); }>{t.print}</button>
                    <form method="post" action="/rpc/export_picking" class="inline-form">
                        {move || {
                            let s = sel.get();
                            let ids = s.ids.iter().enumerate().map(|(i, id)| view! { <input type="hidden" name=format!("selection[ids][{i}]") value=id.to_string()/> }).collect_view();
                            view! {
                                {ids}
                                {s.all.then(|| view! { <input type="hidden" name="selection[all]" value="true"/> })}
                                {s.courier.map(|c| view! { <input type="hidden" name="selection[courier]" value=c.into_string()/> })}
                            }
                        }}
                        <button type="submit" class="secondary" data-testid="export-picking">{t.export_xlsx}</button>
                    </form>
                    <a class="button secondary" href="/ship/batch">{t.back}</a>
                </div>
            </div>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(p) => {
                            let rows = p.rows.into_iter().map(|r| view! {
                                <tr>
                                    <td data-label=t.sku_code>{r.sku_code}</td>
                                    <td data-label=t.product>{r.name}</td>
                                    <td data-label=t.variant>{r.variant}</td>
                                    <td data-label=t.total_qty class="num"><strong>{r.total_qty}</strong></td>
                                    <td data-label=t.order_count class="num">{r.order_count}</td>
                                </tr>
                            }).collect_view();
                            view! {
                                <table class="table picking" data-testid="picking">
                                    <thead><tr><th>{t.sku_code}</th><th>{t.product}</th><th>{t.variant}</th><th class="num">{t.total_qty}</th><th class="num">{t.order_count}</th></tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                                <p data-testid="picking-total">{(t.pick_totals)(p.total_qty, p.order_count)}</p>
                            }.into_any()
                        }
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
