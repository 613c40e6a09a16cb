//! The stock board: SKUs with on-hand, reserved and available stock per warehouse (or all),
//! searched by name, code or barcode, filtered by category and low stock, paged, exported;
//! receiving goods and adding products for staff.

use super::super::api::{create_product, list_categories, list_stock, receive_stock};
use super::super::text::text;
use super::super::{check_new_product, Inbound, NewProduct, SkuStock, StockFilter};
use super::{use_warehouses, warehouse_options, SkuPicker, Tabs};
use crate::auth::Perm;
use crate::error::AppError;
use crate::page::Seek;
use crate::ui::session::{use_common, use_lang, use_user};
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{ready_marker, url_encode, with_query, Empty, ErrorBox, Loading, Pager};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn InventoryPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let s = text(use_lang());
    let c = use_common();
    let user = use_user();
    let staff = user.can(Perm::ViewLedger);
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        StockFilter {
            q: q.get("q").unwrap_or_default().into(),
            warehouse_id: q.get("w").and_then(|v| v.parse().ok()),
            category: q.get("cat").filter(|v| !v.is_empty()).map(Into::into),
            low_only: q.get("low").as_deref() == Some("1"),
            seek: Seek::from_query(q.get("after").as_deref(), q.get("before").as_deref()),
        }
    };
    let stock = Resource::new(filter, list_stock);
    let warehouses = use_warehouses();
    let categories = Resource::new(|| (), |_| list_categories());
    let refresh = move || stock.refetch();
    view! {
        <section class="page">
            <h1>{s.inventory_title}</h1>
            <Tabs/>
            // Outside the list's Transition, so a refresh does not reset what is being typed.
            {user.can(Perm::ManageProducts).then(|| view! { <NewProductForm on_done=refresh/> })}
            {user.can(Perm::ReceiveStock).then(|| view! { <ReceiveForm on_done=refresh/> })}
            <Form action="/inventory" attr:class="search filters">
                <input type="search" name="q" placeholder=s.search_placeholder prop:value=move || filter().q.into_string() aria-label=c.search maxlength="64"/>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let list = warehouses.await.unwrap_or_default();
                        let selected = filter().warehouse_id;
                        (list.len() > 1).then(|| view! {
                            <select name="w" aria-label=s.warehouse>
                                <option value="">{s.all_warehouses}</option>
                                {warehouse_options(&list, selected)}
                            </select>
                        })
                    })}
                    {move || Suspend::new(async move {
                        let cats = categories.await.unwrap_or_default();
                        let selected = filter().category.map(|c| c.into_string());
                        view! {
                            <select name="cat" aria-label=s.category>
                                <option value="">{s.all_categories}</option>
                                {cats.into_iter().map(|k| {
                                    let sel = selected.as_deref() == Some(k.name.as_str());
                                    view! { <option value=k.name.clone() selected=sel>{k.name.clone()}</option> }
                                }).collect_view()}
                            </select>
                        }
                    })}
                </Transition>
                <label class="check"><input type="checkbox" name="low" value="1" prop:checked=move || filter().low_only/>{s.low_only}</label>
                <button type="submit">{c.search}</button>
            </Form>
            <form method="post" action="/rpc/export_stock" class="export-form">
                <input type="hidden" name="filter[q]" prop:value=move || filter().q.into_string()/>
                <input type="hidden" name="filter[warehouse_id]" prop:value=move || filter().warehouse_id.map(|w| w.to_string()).unwrap_or_default()/>
                <input type="hidden" name="filter[category]" prop:value=move || filter().category.map(|c| c.into_string()).unwrap_or_default()/>
                <input type="hidden" name="filter[low_only]" prop:value=move || filter().low_only.to_string()/>
                <button type="submit" class="secondary">{s.export_xlsx}</button>
            </form>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match stock.await {
                        Ok(page) => {
                            let f = filter();
                            view! {
                                <StockTable rows=page.rows.clone() staff=staff/>
                                <Pager next=page.next prev=page.prev count=page.count href=move |seek| stock_href(&f, seek)/>
                            }.into_any()
                        }
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn stock_href(f: &StockFilter, seek: Option<String>) -> String {
    let q = if f.q.is_empty() { String::new() } else { format!("q={}", url_encode(&f.q)) };
    let w = f.warehouse_id.map(|w| format!("w={w}")).unwrap_or_default();
    let cat = f.category.as_ref().map(|c| format!("cat={}", url_encode(c))).unwrap_or_default();
    let low = if f.low_only { "low=1".to_string() } else { String::new() };
    with_query("/inventory", &[q, w, cat, low, seek.unwrap_or_default()])
}

#[component]
fn StockTable(rows: Vec<SkuStock>, staff: bool) -> impl IntoView {
    let s = text(use_lang());
    let can_edit = use_user().can(Perm::ManageProducts);
    if rows.is_empty() {
        return view! { <Empty text=s.no_skus/> }.into_any();
    }
    let body = rows
        .into_iter()
        .map(|r| {
            let low = r.is_low();
            let name = if can_edit {
                view! { <a href=format!("/inventory/products/{}", r.product_id)>{r.label()}</a> }.into_any()
            } else {
                view! { <span>{r.label()}</span> }.into_any()
            };
            view! {
                <tr class:low=low data-sku=r.code.clone()>
                    <td data-label=s.product><div>{name}<div class="sub">{r.code.clone()}{(!r.barcode.is_empty()).then(|| format!(" · {}", r.barcode))}</div></div></td>
                    <td data-label=s.category>{r.category.clone()}</td>
                    <td data-label=s.price class="num">{r.price.to_string()}</td>
                    {staff.then(|| view! {
                        <td data-label=s.on_hand class="num" data-testid="on-hand">{r.qty}</td>
                        <td data-label=s.reserved class="num" data-testid="reserved">{r.reserved}</td>
                    })}
                    <td data-label=s.available class="num" data-testid="available">{r.available()}</td>
                    {staff.then(|| view! { <td data-label=s.avg_cost class="num">{r.avg_cost.to_string()}</td> })}
                    <td>{low.then(|| view! { <span class="badge low">{s.low_stock}</span> })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table stock">
                <thead><tr>
                    <th>{s.product}</th><th>{s.category}</th><th class="num">{s.price}</th>
                    {staff.then(|| view! { <th class="num">{s.on_hand}</th><th class="num">{s.reserved}</th> })}
                    <th class="num">{s.available}</th>
                    {staff.then(|| view! { <th class="num">{s.avg_cost}</th> })}
                    <th></th>
                </tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Receive goods (no purchase order): SKU, warehouse, quantity, unit cost, note.
#[component]
fn ReceiveForm(on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let toasts = use_toasts();
    let picked = RwSignal::new(None::<SkuStock>);
    let warehouse = RwSignal::new(String::new());
    let qty = RwSignal::new(String::new());
    let cost = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let warehouses = use_warehouses();
    let act = Action::new(|i: &Inbound| receive_stock(i.clone()));
    Effect::new(move |_| match act.value().get() {
        Some(Ok(n)) => {
            toasts.ok(format!("{}：{n}", s.inbound_done));
            qty.set(String::new());
            note.set(String::new());
            on_done();
        }
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    let pick = move |k: SkuStock| {
        cost.set(if k.avg_cost == crate::money::Money::ZERO { String::new() } else { k.avg_cost.to_string() });
        picked.set(Some(k));
    };
    view! {
        <details class="card">
            <summary>"+ " {s.inbound}</summary>
            <form class="form" method="post" action="/rpc/receive_stock" data-ready=ready_marker() data-testid="receive-form" on:submit=move |ev| {
                ev.prevent_default();
                let input = Inbound {
                    sku_id: picked.get().map(|k| k.sku_id).unwrap_or(0),
                    qty: qty.get().trim().parse().unwrap_or(0),
                    note: note.get().into(),
                    warehouse_id: warehouse.get().parse().ok(),
                    unit_cost: cost.get().into(),
                };
                act.dispatch(input);
            }>
                <SkuPicker on_pick=pick/>
                <p class="picked" data-testid="picked-sku">{move || picked.get().map(|k| format!("{} · {}", k.label(), k.code)).unwrap_or_else(|| s.pick_sku_hint.to_string())}</p>
                <input type="hidden" name="input[sku_id]" prop:value=move || picked.get().map(|k| k.sku_id.to_string()).unwrap_or_default()/>
                <div class="row">
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            let list = warehouses.await.unwrap_or_default();
                            (list.len() > 1).then(|| view! {
                                <label>{s.warehouse}<select name="input[warehouse_id]" bind:value=warehouse>{warehouse_options(&list, None)}</select></label>
                            })
                        })}
                    </Transition>
                    <label>{s.quantity}<input type="number" min="1" inputmode="numeric" bind:value=qty name="input[qty]"/></label>
                    <label>{s.unit_cost}<input inputmode="decimal" bind:value=cost name="input[unit_cost]" placeholder=s.unit_cost_hint/></label>
                </div>
                <label>{s.note}<input bind:value=note name="input[note]" maxlength="200"/></label>
                <button type="submit" disabled=move || act.pending().get() || picked.get().is_none()>{s.inbound}</button>
            </form>
        </details>
    }
}

#[component]
fn NewProductForm(on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let c = use_common();
    let toasts = use_toasts();
    let (name, category, price, cost, colors, sizes, barcode) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let low = RwSignal::new(String::new());
    let weight = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let act = Action::new(|p: &NewProduct| create_product(p.clone()));
    Effect::new(move |_| match act.value().get() {
        Some(Ok(ids)) => {
            toasts.ok(format!("{}（{} {}）", s.product_created, ids.len(), s.skus_unit));
            for f in [name, price, cost, colors, sizes, barcode, weight] {
                f.set(String::new());
            }
            error.set(None);
            on_done();
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    view! {
        <details class="card">
            <summary>"+ " {s.new_product}</summary>
            <form class="form" method="post" action="/rpc/create_product" data-ready=ready_marker() data-testid="product-form" on:submit=move |ev| {
                ev.prevent_default();
                let p = NewProduct {
                    name: name.get().into(),
                    category: category.get().into(),
                    price: price.get().into(),
                    cost: cost.get().into(),
                    colors: colors.get().into(),
                    sizes: sizes.get().into(),
                    low_stock_qty: low.get().trim().parse().unwrap_or(0),
                    barcode: barcode.get().into(),
                    weight_g: weight.get().trim().parse().unwrap_or(0),
                    image: Default::default(),
                    supplier_id: None,
                };
                match check_new_product(&p) {
                    Ok(_) => { act.dispatch(p); }
                    Err(e) => error.set(Some(e)),
                }
            }>
                <div class="row">
                    <label>{s.product}<input bind:value=name name="input[name]" maxlength="60" required/></label>
                    <label>{s.category}<input bind:value=category name="input[category]" maxlength="20" required/></label>
                </div>
                <div class="row">
                    <label>{s.price}<input bind:value=price inputmode="decimal" name="input[price]" placeholder="89.00" required/></label>
                    <label>{s.cost_price}<input bind:value=cost inputmode="decimal" name="input[cost]"/></label>
                    <label>{s.low_stock_level}<input bind:value=low type="number" min="0" name="input[low_stock_qty]" placeholder=s.category_default/></label>
                </div>
                <div class="row">
                    <label>{s.colors_hint}<input bind:value=colors name="input[colors]" placeholder="白, 黑"/></label>
                    <label>{s.sizes_hint}<input bind:value=sizes name="input[sizes]" placeholder="S, M, L"/></label>
                </div>
                <div class="row">
                    <label>{s.barcode_single}<input bind:value=barcode name="input[barcode]" inputmode="numeric" maxlength="32"/></label>
                    <label>{s.weight_g}<input bind:value=weight type="number" min="0" name="input[weight_g]"/></label>
                </div>
                <button type="submit" disabled=move || act.pending().get()>{c.save}</button>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-error=e.code()>{e.message(lang)}</p> })}
            </form>
        </details>
    }
}
