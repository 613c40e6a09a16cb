//! Batch shipping (O6) for the warehouse: 待发货 orders with their courier, tick many (or
//! everything on the filter), print labels or the picking list in one job; then enter the
//! tracking numbers by scanning, pasting, or importing the courier's file.

use crate::fulfil::api::{list_to_ship, ImportTracking};
use crate::fulfil::text::{outcome_label, text};
use crate::fulfil::{ImportOutcome, ImportRow, ToShipFilter};
use crate::error::AppError;
use crate::page::Seek;
use crate::time::format_ms;
use crate::ui::session::use_lang;
use crate::ui::widgets::{ready_marker, with_query, url_encode, Empty, ErrorBox, Loading, Pager};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn BatchShipPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let lang = use_lang();
    let t = text(lang);
    let query = use_query_map();
    let courier = Memo::new(move |_| query.read().get("courier").filter(|c| !c.is_empty() && c.len() <= 16));
    let filter = move || {
        let q = query.read();
        ToShipFilter { courier: courier.get().map(|c| c.as_str().into()), seek: Seek::from_query(q.get("after").as_deref(), q.get("before").as_deref()) }
    };
    let page = Resource::new(filter, list_to_ship);
    let picked = RwSignal::new(std::collections::BTreeSet::<i64>::new());
    let visible = RwSignal::new(Vec::<i64>::new());
    let import = ServerAction::<ImportTracking>::new();
    let results = RwSignal::new(None::<Result<Vec<ImportRow>, AppError>>);
    Effect::new(move |_| {
        if let Some(r) = import.value().get() {
            results.set(Some(r));
            page.refetch();
        }
    });
    let ready = ready_marker();
    view! {
        <section class="page batch-page" data-ready=ready>
            <div class="page-head">
                <h1>{t.batch_title}</h1>
                <div class="actions">
                    <a class="button secondary" href="/ship">{crate::orders::text::text(lang).ship_queue_title}</a>
                </div>
            </div>
            {move || courier.get().map(|c| view! {
                <p class="filter-chip">{t.courier} ": " <strong>{c}</strong> " " <A href="/ship/batch">"✕"</A></p>
            })}
            <form method="get" action="/ship/print" class="batch-form" id="batch-form">
                <input type="hidden" name="courier" value=move || courier.get().unwrap_or_default()/>
                <div class="batch-bar">
                    <label class="check">
                        <input type="checkbox" data-testid="select-all"
                            prop:checked=move || !visible.get().is_empty() && visible.get().iter().all(|i| picked.get().contains(i))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                picked.update(|p| for i in visible.get_untracked() { if on { p.insert(i); } else { p.remove(&i); } });
                            }/>
                        {t.select_all}
                    </label>
                    <label class="check"><input type="checkbox" name="all" value="1" data-testid="all-on-filter"/>{t.all_on_filter}</label>
                    <span class="sub" data-testid="selected-count">{move || (t.selected)(picked.get().len())}</span>
                    <button type="submit" name="size" value="100x180">{t.print_100}</button>
                    <button type="submit" name="size" value="76x130" class="secondary">{t.print_76}</button>
                    <button type="submit" formaction="/ship/picking" class="secondary">{t.picking_list}</button>
                </div>
                <Transition fallback=|| view! { <Loading/> }>
                    {move || Suspend::new(async move {
                        match page.await {
                            Ok(p) if p.rows.is_empty() => view! { <Empty text=t.to_ship_empty/> }.into_any(),
                            Ok(p) => {
                                visible.set(p.rows.iter().map(|o| o.id.0).collect());
                                let rows = p.rows.into_iter().map(|o| {
                                    let id = o.id.0;
                                    let twin = o.duplicate_of.clone().map(|no| view! { <span class="badge dup" title=no.clone()>{t.duplicate_pair} " " {no.clone()}</span> });
                                    let filter_href = format!("/ship/batch?courier={}", url_encode(&o.courier_code));
                                    view! {
                                        <tr>
                                            <td><input type="checkbox" name="ids" value=id.to_string() aria-label=o.order_no.clone()
                                                prop:checked=move || picked.get().contains(&id)
                                                on:change=move |ev| { let on = event_target_checked(&ev); picked.update(|p| { if on { p.insert(id); } else { p.remove(&id); } }); }/></td>
                                            <td data-label=t.order_no><A href=format!("/orders/{id}")>{o.order_no}</A> {twin}</td>
                                            <td data-label=t.receiver>{o.recipient_name} <div class="sub">{o.address}</div></td>
                                            <td data-label=t.courier><A href=filter_href>{o.courier_name}</A></td>
                                            <td data-label=crate::orders::text::text(lang).created_at class="sub">{format_ms(o.created_at)}</td>
                                        </tr>
                                    }
                                }).collect_view();
                                let c = courier.get_untracked().map(|c| format!("courier={}", url_encode(&c))).unwrap_or_default();
                                view! {
                                    <table class="table batch">
                                        <thead><tr><th></th><th>{t.order_no}</th><th>{t.receiver}</th><th>{t.courier}</th><th>{crate::orders::text::text(lang).created_at}</th></tr></thead>
                                        <tbody>{rows}</tbody>
                                    </table>
                                    <Pager next=p.next prev=p.prev count=p.count href=move |seek| with_query("/ship/batch", &[c.clone(), seek.unwrap_or_default()])/>
                                }.into_any()
                            }
                            Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                        }
                    })}
                </Transition>
            </form>
            <div class="card tracking">
                <h2>{t.tracking_title}</h2>
                <p class="sub">{t.tracking_hint}</p>
                <ActionForm action=import attr:class="tracking-form">
                    <textarea name="text" rows="6" placeholder=t.tracking_paste aria-label=t.tracking_title data-testid="tracking-text"></textarea>
                    <button type="submit" disabled=move || import.pending().get()>{t.ship_rows}</button>
                </ActionForm>
                <FileImport results/>
                {move || results.get().map(|r| view! { <ImportResults r/> })}
            </div>
        </section>
    }
}

/// The courier's CSV/xlsx file, read in the browser and sent base64-encoded.
#[component]
fn FileImport(results: RwSignal<Option<Result<Vec<ImportRow>, AppError>>>) -> impl IntoView {
    let t = text(use_lang());
    let busy = RwSignal::new(false);
    let on_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            busy.set(true);
            leptos::task::spawn_local(async move {
                let r = async {
                    let buf = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await.map_err(|_| AppError::BadRequest { detail: "file".into() })?;
                    let bytes = js_sys::Uint8Array::new(&buf).to_vec();
                    let binary: String = bytes.iter().map(|&b| b as char).collect();
                    let b64 = window().btoa(&binary).map_err(|_| AppError::BadRequest { detail: "file".into() })?;
                    crate::fulfil::api::import_tracking_file(b64.as_str().into()).await
                }
                .await;
                results.set(Some(r));
                busy.set(false);
                input.set_value("");
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, busy, results);
    };
    view! {
        <label class="file-import">
            {t.tracking_file}
            <input type="file" accept=".csv,.xlsx,text/csv" data-testid="tracking-file" disabled=move || busy.get() on:change=on_change/>
        </label>
    }
}

#[component]
fn ImportResults(r: Result<Vec<ImportRow>, AppError>) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    match r {
        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
        Ok(rows) => {
            let count = |f: fn(&ImportOutcome) -> bool| rows.iter().filter(|r| f(&r.outcome)).count();
            let summary = (t.import_summary)(
                count(|o| *o == ImportOutcome::Shipped),
                count(|o| *o == ImportOutcome::Unchanged),
                count(|o| matches!(o, ImportOutcome::Failed(_))),
            );
            let body = rows
                .into_iter()
                .map(|r| {
                    let (class, msg) = match &r.outcome {
                        ImportOutcome::Failed(e) => ("failed", Some(view! { <div class="error-text" data-error=e.code()>{e.message(lang)}</div> })),
                        ImportOutcome::Shipped => ("shipped", None),
                        ImportOutcome::Unchanged => ("unchanged", None),
                    };
                    view! {
                        <tr class=class data-outcome=class>
                            <td data-label=t.line class="num">{r.line}</td>
                            <td data-label=t.order_no>{r.order_no}</td>
                            <td data-label=t.tracking_no>{r.tracking_no}</td>
                            <td data-label=t.result>{outcome_label(&r.outcome, lang)} {msg}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <p data-testid="import-summary" role="status">{summary}</p>
                <table class="table import-results">
                    <thead><tr><th class="num">{t.line}</th><th>{t.order_no}</th><th>{t.tracking_no}</th><th>{t.result}</th></tr></thead>
                    <tbody>{body}</tbody>
                </table>
            }
            .into_any()
        }
    }
}
