//! The stock ledger on its own page: every movement, filtered by SKU (code or barcode),
//! kind, warehouse and business days, paged, exported.

use super::super::api::list_ledger;
use super::super::text::{document_label, text};
use super::super::{LedgerFilter, Movement, MovementKind};
use super::{use_warehouses, warehouse_options, Tabs};
use crate::i18n::Lang;
use crate::page::Seek;
use crate::time::{day_of_date, format_ms};
use crate::ui::session::{use_common, use_lang};
use crate::ui::widgets::{url_encode, with_query, Empty, ErrorBox, Loading, Pager};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

const KINDS: [MovementKind; 5] = [MovementKind::Inbound, MovementKind::Shipment, MovementKind::Transfer, MovementKind::Adjustment, MovementKind::Return];

/// `2026-11-29` → business day number.
fn parse_day(v: Option<String>) -> Option<i64> {
    v.and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()).map(day_of_date)
}

fn day_text(day: Option<i64>) -> String {
    day.map(|d| crate::time::date_of_day(d).format("%Y-%m-%d").to_string()).unwrap_or_default()
}

#[component]
pub fn LedgerPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let lang = use_lang();
    let s = text(lang);
    let c = use_common();
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        LedgerFilter {
            sku: q.get("sku").unwrap_or_default().into(),
            kind: q.get("kind").and_then(|k| MovementKind::parse(&k)),
            warehouse_id: q.get("w").and_then(|v| v.parse().ok()),
            from_day: parse_day(q.get("from")),
            to_day: parse_day(q.get("to")),
            seek: Seek::from_query(q.get("after").as_deref(), q.get("before").as_deref()),
        }
    };
    let rows = Resource::new(filter, list_ledger);
    let warehouses = use_warehouses();
    view! {
        <section class="page">
            <h1>{s.movements}</h1>
            <Tabs/>
            <Form action="/inventory/ledger" attr:class="search filters">
                <input type="search" name="sku" placeholder=s.sku_code_or_barcode aria-label=s.sku_code_or_barcode prop:value=move || filter().sku.into_string() maxlength="64"/>
                <select name="kind" aria-label=s.kind>
                    <option value="">{s.all_kinds}</option>
                    {KINDS.into_iter().map(|k| view! { <option value=k.code() selected=move || filter().kind == Some(k)>{k.label(lang)}</option> }).collect_view()}
                </select>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let list = warehouses.await.unwrap_or_default();
                        let selected = filter().warehouse_id;
                        view! { <select name="w" aria-label=s.warehouse><option value="">{s.all_warehouses}</option>{warehouse_options(&list, selected)}</select> }
                    })}
                </Transition>
                <label class="compact">{s.from_day}<input type="date" name="from" prop:value=move || day_text(filter().from_day)/></label>
                <label class="compact">{s.to_day}<input type="date" name="to" prop:value=move || day_text(filter().to_day)/></label>
                <button type="submit">{c.search}</button>
            </Form>
            <form method="post" action="/rpc/export_ledger" class="export-form">
                <input type="hidden" name="filter[sku]" prop:value=move || filter().sku.into_string()/>
                {move || filter().kind.map(|k| view! { <input type="hidden" name="filter[kind]" value=k.code()/> })}
                {move || filter().warehouse_id.map(|w| view! { <input type="hidden" name="filter[warehouse_id]" value=w.to_string()/> })}
                {move || filter().from_day.map(|d| view! { <input type="hidden" name="filter[from_day]" value=d.to_string()/> })}
                {move || filter().to_day.map(|d| view! { <input type="hidden" name="filter[to_day]" value=d.to_string()/> })}
                <button type="submit" class="secondary">{s.export_xlsx}</button>
            </form>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match rows.await {
                        Ok(page) => {
                            let f = filter();
                            view! {
                                <MovementTable rows=page.rows.clone() lang=lang/>
                                <Pager next=page.next prev=page.prev count=page.count href=move |seek| ledger_href(&f, seek)/>
                            }.into_any()
                        }
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn ledger_href(f: &LedgerFilter, seek: Option<String>) -> String {
    let parts = [
        if f.sku.is_empty() { String::new() } else { format!("sku={}", url_encode(&f.sku)) },
        f.kind.map(|k| format!("kind={}", k.code())).unwrap_or_default(),
        f.warehouse_id.map(|w| format!("w={w}")).unwrap_or_default(),
        f.from_day.map(|d| format!("from={}", day_text(Some(d)))).unwrap_or_default(),
        f.to_day.map(|d| format!("to={}", day_text(Some(d)))).unwrap_or_default(),
        seek.unwrap_or_default(),
    ];
    with_query("/inventory/ledger", &parts)
}

#[component]
fn MovementTable(rows: Vec<Movement>, lang: Lang) -> impl IntoView {
    let s = text(lang);
    if rows.is_empty() {
        return view! { <Empty text=use_common().empty/> }.into_any();
    }
    let body = rows
        .into_iter()
        .map(|m| {
            let delta = if m.delta > 0 { format!("+{}", m.delta) } else { m.delta.to_string() };
            let doc = document_label(m.ref_type.as_deref(), m.ref_id, lang);
            let doc_href = match (m.ref_type.as_deref(), m.ref_id) {
                (Some("order"), Some(id)) => Some(format!("/orders/{id}")),
                (Some("purchase_order"), Some(id)) => Some(format!("/inventory/purchases/{id}")),
                _ => None,
            };
            view! {
                <tr>
                    <td data-label=s.time>{format_ms(m.at)}</td>
                    <td data-label=s.sku><div>{m.sku_label}<div class="sub">{m.sku_code}</div></div></td>
                    <td data-label=s.warehouse>{m.warehouse}</td>
                    <td data-label=s.kind>{m.kind.label(lang)}</td>
                    <td data-label=s.quantity class="num"><strong class:neg=m.delta < 0>{delta}</strong></td>
                    <td data-label=s.unit_cost class="num">{m.unit_cost.to_string()}</td>
                    <td data-label=s.document>{match doc_href { Some(h) => view! { <a href=h>{doc}</a> }.into_any(), None => view! { <span>{doc}</span> }.into_any() }}</td>
                    <td data-label=s.operator>{m.user_name}{(!m.note.is_empty()).then(|| view! { <div class="sub">{m.note}</div> })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table ledger">
                <thead><tr>
                    <th>{s.time}</th><th>{s.sku}</th><th>{s.warehouse}</th><th>{s.kind}</th><th class="num">{s.quantity}</th>
                    <th class="num">{s.unit_cost}</th><th>{s.document}</th><th>{s.operator}</th>
                </tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
    .into_any()
}
