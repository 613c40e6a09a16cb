//! Stock documents: purchase orders (list, new, detail with receipts), transfers (调拨) and
//! stocktakes (盘点).

use super::super::api::{
    cancel_purchase, count_stocktake, create_purchase, create_stocktake, create_supplier, create_transfer, get_purchase, list_purchases,
    list_stocktakes, list_suppliers, list_transfers, post_stocktake, receive_purchase, receive_transfer,
};
use super::super::text::{purchase_status_label, text};
use super::super::{DocLine, NewPurchaseOrder, NewStocktake, NewSupplier, NewTransfer, PoReceipt, PurchaseOrderView, PurchaseStatus};
use super::{use_warehouses, warehouse_options, LineDraft, LinesEditor, Tabs};
use crate::error::AppError;
use crate::page::Seek;
use crate::time::{format_day_short, format_ms};
use crate::ui::session::{use_common, use_lang};
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{confirm, ready_marker, with_query, Empty, ErrorBox, Loading, Pager};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

fn seek_of(q: &leptos_router::params::ParamsMap) -> Seek {
    Seek::from_query(q.get("after").as_deref(), q.get("before").as_deref())
}

fn form_error(error: RwSignal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    move || error.get().map(|e| view! { <p class="form-error" role="alert" data-error=e.code()>{e.message(lang)}</p> })
}

// ---- purchase orders ----

#[component]
pub fn PurchasesPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let lang = use_lang();
    let s = text(lang);
    let query = use_query_map();
    let open_only = move || query.read().get("all").is_none();
    let seek = move || seek_of(&query.read());
    let list = Resource::new(move || (open_only(), seek()), |(o, k)| list_purchases(o, k));
    view! {
        <section class="page">
            <h1>{s.tab_purchases}</h1>
            <Tabs/>
            <NewPurchaseForm on_done=move || list.refetch()/>
            <SuppliersCard/>
            <nav class="chips">
                <a class=move || if open_only() { "chip active" } else { "chip" } href="/inventory/purchases">{s.open_purchases}</a>
                <a class=move || if open_only() { "chip" } else { "chip active" } href="/inventory/purchases?all=1">{s.all_purchases}</a>
            </nav>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(page) if page.rows.is_empty() => view! { <Empty text=s.no_purchases/> }.into_any(),
                        Ok(page) => {
                            let all = !open_only();
                            let rows = page.rows.iter().map(|p| view! {
                                <tr data-po=p.id.to_string()>
                                    <td data-label=s.document><a href=format!("/inventory/purchases/{}", p.id)>{format!("#{}", p.id)}</a></td>
                                    <td data-label=s.supplier>{p.supplier.clone()}</td>
                                    <td data-label=s.warehouse>{p.warehouse.clone()}</td>
                                    <td data-label=s.status><span class=format!("badge po-{}", p.status.code())>{purchase_status_label(p.status, lang)}</span></td>
                                    <td data-label=s.expected>{p.expected_day.map(format_day_short).unwrap_or_default()}</td>
                                    <td data-label=s.amount class="num">{p.total.to_string()}</td>
                                </tr>
                            }).collect_view();
                            view! {
                                <div class="table-wrap"><table class="table">
                                    <thead><tr><th>{s.document}</th><th>{s.supplier}</th><th>{s.warehouse}</th><th>{s.status}</th><th>{s.expected}</th><th class="num">{s.amount}</th></tr></thead>
                                    <tbody>{rows}</tbody>
                                </table></div>
                                <Pager next=page.next prev=page.prev count=page.count href=move |k| with_query("/inventory/purchases", &[if all { "all=1".into() } else { String::new() }, k.unwrap_or_default()])/>
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
fn NewPurchaseForm(on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let c = use_common();
    let toasts = use_toasts();
    let suppliers = Resource::new(|| (), |_| list_suppliers());
    let warehouses = use_warehouses();
    let supplier = RwSignal::new(String::new());
    let warehouse = RwSignal::new(String::new());
    let expected = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let lines = RwSignal::new(Vec::<LineDraft>::new());
    let error = RwSignal::new(None::<AppError>);
    let act = Action::new(|p: &NewPurchaseOrder| create_purchase(p.clone()));
    Effect::new(move |_| match act.value().get() {
        Some(Ok(id)) => {
            toasts.ok(format!("{} #{id}", s.purchase_created));
            lines.set(Vec::new());
            note.set(String::new());
            error.set(None);
            on_done();
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    view! {
        <details class="card">
            <summary>"+ " {s.new_purchase}</summary>
            <form class="form" method="post" action="/rpc/create_purchase" data-ready=ready_marker() on:submit=move |ev| {
                ev.prevent_default();
                let expected_day = chrono::NaiveDate::parse_from_str(&expected.get(), "%Y-%m-%d").ok().map(crate::time::day_of_date);
                act.dispatch(NewPurchaseOrder {
                    supplier_id: supplier.get().parse().unwrap_or(0),
                    warehouse_id: warehouse.get().parse().ok(),
                    expected_day,
                    note: note.get().into(),
                    lines: lines.get().iter().map(LineDraft::to_line).collect(),
                });
            }>
                <div class="row">
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            let list = suppliers.await.unwrap_or_default();
                            view! {
                                <label>{s.supplier}<select name="input[supplier_id]" bind:value=supplier required>
                                    <option value="">{c.choose}</option>
                                    {list.into_iter().map(|x| view! { <option value=x.id.to_string()>{x.name}</option> }).collect_view()}
                                </select></label>
                            }
                        })}
                        {move || Suspend::new(async move {
                            let list = warehouses.await.unwrap_or_default();
                            view! { <label>{s.warehouse}<select name="input[warehouse_id]" bind:value=warehouse>{warehouse_options(&list, None)}</select></label> }
                        })}
                    </Transition>
                    <label>{s.expected}<input type="date" bind:value=expected/></label>
                </div>
                <LinesEditor lines=lines with_cost=true qty_label=s.quantity.to_string()/>
                <label>{s.note}<input bind:value=note name="input[note]" maxlength="200"/></label>
                <button type="submit" disabled=move || act.pending().get() || lines.get().is_empty()>{s.create_purchase}</button>
                {form_error(error)}
            </form>
        </details>
    }
}

#[component]
fn SuppliersCard() -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let c = use_common();
    let toasts = use_toasts();
    let list = Resource::new(|| (), |_| list_suppliers());
    let name = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let lead = RwSignal::new("7".to_string());
    let error = RwSignal::new(None::<AppError>);
    let act = Action::new(|i: &NewSupplier| create_supplier(i.clone()));
    Effect::new(move |_| match act.value().get() {
        Some(Ok(_)) => {
            toasts.ok(c.saved);
            name.set(String::new());
            contact.set(String::new());
            error.set(None);
            list.refetch();
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    view! {
        <details class="card">
            <summary>{s.suppliers}</summary>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let rows = list.await.unwrap_or_default();
                    view! {
                        <ul class="plain">
                            {rows.into_iter().map(|x| view! { <li>{x.name}" · "{x.contact}" · "{(s.lead_days)(x.lead_time_days)}</li> }).collect_view()}
                        </ul>
                    }
                })}
            </Transition>
            <form class="form" method="post" action="/rpc/create_supplier" data-ready=ready_marker() on:submit=move |ev| {
                ev.prevent_default();
                act.dispatch(NewSupplier { name: name.get().into(), contact: contact.get().into(), lead_time_days: lead.get().trim().parse().unwrap_or(-1) });
            }>
                <div class="row">
                    <label>{s.supplier_name}<input bind:value=name name="input[name]" maxlength="60" required/></label>
                    <label>{s.contact}<input bind:value=contact name="input[contact]" maxlength="120"/></label>
                    <label>{s.lead_time}<input type="number" min="0" max="365" bind:value=lead name="input[lead_time_days]"/></label>
                </div>
                <button type="submit" class="secondary" disabled=move || act.pending().get()>{s.add_supplier}</button>
                {form_error(error)}
            </form>
        </details>
    }
}

#[component]
pub fn PurchasePage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let lang = use_lang();
    let s = text(lang);
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let po = Resource::new(id, get_purchase);
    view! {
        <section class="page">
            <h1>{move || format!("{} #{}", s.purchase_order, id())}</h1>
            <Tabs/>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match po.await {
                        Ok(p) => view! { <PurchaseDetail po=p on_done=move || po.refetch()/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn PurchaseDetail(po: PurchaseOrderView, on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let toasts = use_toasts();
    let open = matches!(po.status, PurchaseStatus::Open | PurchaseStatus::Partial);
    let error = RwSignal::new(None::<AppError>);
    let receiving: Vec<(i64, RwSignal<String>)> = po.lines.iter().map(|l| (l.sku_id, RwSignal::new((l.qty - l.received_qty).max(0).to_string()))).collect();
    let receiving = StoredValue::new(receiving);
    let po_id = po.id;
    let receive = Action::new(|r: &PoReceipt| receive_purchase(r.clone()));
    let cancel = Action::new(move |_: &()| cancel_purchase(po_id));
    Effect::new(move |_| match receive.value().get() {
        Some(Ok(st)) => {
            toasts.ok(format!("{}：{}", s.received, purchase_status_label(st, lang)));
            on_done();
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    Effect::new(move |_| match cancel.value().get() {
        Some(Ok(())) => on_done(),
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let rows = po
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let qty = receiving.with_value(|r| r[i].1);
            let left = l.qty - l.received_qty;
            view! {
                <tr data-sku=l.sku_code.clone()>
                    <td data-label=s.sku><div>{l.sku_label.clone()}<div class="sub">{l.sku_code.clone()}</div></div></td>
                    <td data-label=s.ordered class="num">{l.qty}</td>
                    <td data-label=s.received class="num">{l.received_qty}</td>
                    <td data-label=s.unit_cost class="num">{l.unit_cost.to_string()}</td>
                    <td data-label=s.receive_now>{(open && left > 0).then(|| view! {
                        <input type="hidden" name=format!("input[lines][{i}][sku_id]") value=l.sku_id.to_string()/>
                        <input type="number" min="0" max=left.to_string() inputmode="numeric" class="qty" aria-label=s.receive_now
                            name=format!("input[lines][{i}][qty]") prop:value=qty on:input=move |ev| qty.set(event_target_value(&ev))/>
                    })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="card">
            <dl class="facts">
                <dt>{s.supplier}</dt><dd>{po.supplier.clone()}</dd>
                <dt>{s.warehouse}</dt><dd>{po.warehouse.clone()}</dd>
                <dt>{s.status}</dt><dd><span class=format!("badge po-{}", po.status.code()) data-testid="po-status">{purchase_status_label(po.status, lang)}</span></dd>
                <dt>{s.expected}</dt><dd>{po.expected_day.map(format_day_short).unwrap_or_default()}</dd>
                <dt>{s.amount}</dt><dd>{po.total.to_string()}</dd>
                <dt>{s.created}</dt><dd>{format_ms(po.created_at)}</dd>
            </dl>
            {(!po.note.is_empty()).then(|| view! { <p>{po.note.clone()}</p> })}
        </div>
        <form class="card form" method="post" action="/rpc/receive_purchase" data-ready=ready_marker() on:submit=move |ev| {
            ev.prevent_default();
            error.set(None);
            let lines: Vec<DocLine> = receiving.with_value(|r| r.iter()
                .map(|(sku, q)| DocLine { sku_id: *sku, qty: q.get_untracked().trim().parse().unwrap_or(0), unit_cost: Default::default() })
                .filter(|l| l.qty > 0).collect());
            receive.dispatch(PoReceipt { po_id, lines });
        }>
            <input type="hidden" name="input[po_id]" value=po_id.to_string()/>
            <div class="table-wrap"><table class="table">
                <thead><tr><th>{s.sku}</th><th class="num">{s.ordered}</th><th class="num">{s.received}</th><th class="num">{s.unit_cost}</th><th>{s.receive_now}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
            {open.then(|| view! {
                <div class="actions">
                    <button type="submit" disabled=move || receive.pending().get()>{s.receive_goods}</button>
                    <button type="button" class="secondary danger" on:click=move |_| { if confirm(s.confirm_cancel_purchase) { cancel.dispatch(()); } }>{s.cancel_purchase}</button>
                </div>
            })}
            {form_error(error)}
        </form>
    }
}

// ---- transfers ----

#[component]
pub fn TransfersPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let lang = use_lang();
    let s = text(lang);
    let toasts = use_toasts();
    let query = use_query_map();
    let seek = move || seek_of(&query.read());
    let list = Resource::new(seek, |k| list_transfers(false, k));
    let warehouses = use_warehouses();
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let lines = RwSignal::new(Vec::<LineDraft>::new());
    let error = RwSignal::new(None::<AppError>);
    let create = Action::new(|t: &NewTransfer| create_transfer(t.clone()));
    let arrive = Action::new(|id: &i64| receive_transfer(*id));
    Effect::new(move |_| match create.value().get() {
        Some(Ok(id)) => {
            toasts.ok(format!("{} #{id}", s.transfer_created));
            lines.set(Vec::new());
            error.set(None);
            list.refetch();
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    Effect::new(move |_| match arrive.value().get() {
        Some(Ok(())) => {
            toasts.ok(s.transfer_received);
            list.refetch();
        }
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    let from_id = Signal::derive(move || from.get().parse::<i64>().ok());
    view! {
        <section class="page">
            <h1>{s.tab_transfers}</h1>
            <Tabs/>
            <form class="card form" method="post" action="/rpc/create_transfer" data-ready=ready_marker() on:submit=move |ev| {
                ev.prevent_default();
                create.dispatch(NewTransfer {
                    from_warehouse_id: from.get().parse().unwrap_or(0),
                    to_warehouse_id: to.get().parse().unwrap_or(0),
                    note: note.get().into(),
                    lines: lines.get().iter().map(LineDraft::to_line).collect(),
                });
            }>
                <h2>{s.new_transfer}</h2>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let list = warehouses.await.unwrap_or_default();
                        if list.iter().filter(|w| w.active).count() < 2 {
                            return view! { <p class="hint">{s.need_two_warehouses}" "<a href="/inventory/settings">{s.tab_settings}</a></p> }.into_any();
                        }
                        view! {
                            <div class="row">
                                <label>{s.from_warehouse}<select name="input[from_warehouse_id]" bind:value=from required><option value="">"—"</option>{warehouse_options(&list, None)}</select></label>
                                <label>{s.to_warehouse}<select name="input[to_warehouse_id]" bind:value=to required><option value="">"—"</option>{warehouse_options(&list, None)}</select></label>
                            </div>
                        }.into_any()
                    })}
                </Transition>
                <LinesEditor lines=lines warehouse=from_id qty_label=s.quantity.to_string()/>
                <label>{s.note}<input bind:value=note name="input[note]" maxlength="200"/></label>
                <button type="submit" disabled=move || create.pending().get() || lines.get().is_empty()>{s.ship_transfer}</button>
                {form_error(error)}
            </form>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(page) if page.rows.is_empty() => view! { <Empty text=s.no_transfers/> }.into_any(),
                        Ok(page) => {
                            let items = page.rows.iter().map(|t| {
                                let id = t.id;
                                let lines = t.lines.iter().map(|(l, q)| format!("{l} × {q}")).collect::<Vec<_>>().join("，");
                                view! {
                                    <li class="card doc" data-transfer=id.to_string()>
                                        <div class="doc-head">
                                            <strong>{format!("#{id} {} → {}", t.from, t.to)}</strong>
                                            {if t.in_transit {
                                                view! { <span class="badge in-transit">{s.in_transit}</span> }.into_any()
                                            } else {
                                                view! { <span class="badge done">{s.arrived}</span> }.into_any()
                                            }}
                                        </div>
                                        <p>{lines}</p>
                                        <p class="sub">{format_ms(t.created_at)}{t.received_at.map(|r| format!(" → {}", format_ms(r)))}{(!t.note.is_empty()).then(|| format!(" · {}", t.note))}</p>
                                        {t.in_transit.then(|| view! {
                                            <button type="button" on:click=move |_| { arrive.dispatch(id); } disabled=move || arrive.pending().get()>{s.confirm_arrival}</button>
                                        })}
                                    </li>
                                }
                            }).collect_view();
                            view! {
                                <ul class="plain docs">{items}</ul>
                                <Pager next=page.next prev=page.prev count=page.count href=move |k| with_query("/inventory/transfers", &[k.unwrap_or_default()])/>
                            }.into_any()
                        }
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

// ---- stocktakes ----

#[component]
pub fn StocktakesPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let lang = use_lang();
    let s = text(lang);
    let toasts = use_toasts();
    let query = use_query_map();
    let seek = move || seek_of(&query.read());
    let list = Resource::new(seek, list_stocktakes);
    let warehouses = use_warehouses();
    let warehouse = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let lines = RwSignal::new(Vec::<LineDraft>::new());
    let error = RwSignal::new(None::<AppError>);
    let create = Action::new(|t: &NewStocktake| create_stocktake(t.clone()));
    let post = Action::new(|id: &i64| post_stocktake(*id));
    Effect::new(move |_| match create.value().get() {
        Some(Ok(id)) => {
            toasts.ok(format!("{} #{id}", s.stocktake_created));
            lines.set(Vec::new());
            error.set(None);
            list.refetch();
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    Effect::new(move |_| match post.value().get() {
        Some(Ok(n)) => {
            toasts.ok((s.stocktake_posted)(n as i64));
            list.refetch();
        }
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    let wh_id = Signal::derive(move || warehouse.get().parse::<i64>().ok());
    view! {
        <section class="page">
            <h1>{s.tab_stocktakes}</h1>
            <Tabs/>
            <form class="card form" method="post" action="/rpc/create_stocktake" data-ready=ready_marker() on:submit=move |ev| {
                ev.prevent_default();
                create.dispatch(NewStocktake {
                    warehouse_id: warehouse.get().parse().unwrap_or(0),
                    note: note.get().into(),
                    lines: lines.get().iter().map(LineDraft::to_line).collect(),
                });
            }>
                <h2>{s.new_stocktake}</h2>
                <p class="hint">{s.stocktake_hint}</p>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let list = warehouses.await.unwrap_or_default();
                        if warehouse.get_untracked().is_empty() {
                            if let Some(w) = list.first() { warehouse.set(w.id.to_string()); }
                        }
                        view! { <label>{s.warehouse}<select name="input[warehouse_id]" bind:value=warehouse>{warehouse_options(&list, None)}</select></label> }
                    })}
                </Transition>
                <LinesEditor lines=lines warehouse=wh_id qty_label=s.counted.to_string()/>
                <label>{s.note}<input bind:value=note name="input[note]" maxlength="200"/></label>
                <button type="submit" disabled=move || create.pending().get() || lines.get().is_empty()>{s.save_counts}</button>
                {form_error(error)}
            </form>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(page) if page.rows.is_empty() => view! { <Empty text=s.no_stocktakes/> }.into_any(),
                        Ok(page) => {
                            let items = page.rows.iter().map(|t| {
                                let id = t.id;
                                let posted = t.posted;
                                let rows = t.lines.iter().map(|(_, label, counted, booked)| {
                                    let diff = booked.map(|b| counted - b);
                                    view! {
                                        <tr>
                                            <td data-label=s.sku>{label.clone()}</td>
                                            <td data-label=s.counted class="num">{*counted}</td>
                                            <td data-label=s.booked class="num">{booked.map(|b| b.to_string()).unwrap_or_else(|| "—".into())}</td>
                                            <td data-label=s.difference class="num">{diff.map(|d| if d > 0 { format!("+{d}") } else { d.to_string() }).unwrap_or_default()}</td>
                                        </tr>
                                    }
                                }).collect_view();
                                view! {
                                    <li class="card doc" data-stocktake=id.to_string()>
                                        <div class="doc-head">
                                            <strong>{format!("#{id} {}", t.warehouse)}</strong>
                                            {if posted { view! { <span class="badge done">{s.posted}</span> }.into_any() } else { view! { <span class="badge in-transit">{s.open_sheet}</span> }.into_any() }}
                                        </div>
                                        <table class="table compact"><thead><tr><th>{s.sku}</th><th class="num">{s.counted}</th><th class="num">{s.booked}</th><th class="num">{s.difference}</th></tr></thead><tbody>{rows}</tbody></table>
                                        <p class="sub">{format_ms(t.created_at)}{(!t.note.is_empty()).then(|| format!(" · {}", t.note))}</p>
                                        {(!posted).then(|| view! {
                                            <AddCounts id=id on_done=move || list.refetch()/>
                                            <button type="button" on:click=move |_| { if confirm(s.confirm_post) { post.dispatch(id); } } disabled=move || post.pending().get()>{s.post_stocktake}</button>
                                        })}
                                    </li>
                                }
                            }).collect_view();
                            view! {
                                <ul class="plain docs">{items}</ul>
                                <Pager next=page.next prev=page.prev count=page.count href=move |k| with_query("/inventory/stocktakes", &[k.unwrap_or_default()])/>
                            }.into_any()
                        }
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// More counts on an open sheet.
#[component]
fn AddCounts(id: i64, on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let lines = RwSignal::new(Vec::<LineDraft>::new());
    let act = Action::new(move |l: &Vec<DocLine>| count_stocktake(id, l.clone()));
    let toasts = use_toasts();
    Effect::new(move |_| match act.value().get() {
        Some(Ok(())) => {
            lines.set(Vec::new());
            on_done();
        }
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    view! {
        <details>
            <summary>{s.add_counts}</summary>
            <LinesEditor lines=lines qty_label=s.counted.to_string()/>
            <button type="button" class="secondary" disabled=move || lines.get().is_empty() on:click=move |_| {
                act.dispatch(lines.get().iter().map(LineDraft::to_line).collect());
            }>{s.save_counts}</button>
        </details>
    }
}
