//! The product editor (its colour × size grid of SKUs: price, cost, barcode, alert level,
//! weight) and the stock settings: warehouses (总仓 and 分仓 with the provinces they serve)
//! and categories' default alert levels.

use super::super::api::{
    create_warehouse, get_product, list_categories, list_suppliers, list_warehouses, save_product, save_skus, set_category_default,
    update_warehouse,
};
use super::super::text::text;
use super::super::{NewWarehouse, ProductDetail, ProductMeta, SkuEdit, Warehouse, WarehouseEdit};
use super::Tabs;
use crate::error::AppError;
use crate::ui::session::{use_common, use_lang};
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{ready_marker, ErrorBox, Loading};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ProductPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let s = text(use_lang());
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let product = Resource::new(id, get_product);
    view! {
        <section class="page">
            <Tabs/>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match product.await {
                        Ok(p) => view! {
                            <h1>{p.name.clone()}</h1>
                            <ProductMetaForm product=p.clone()/>
                            <SkuGrid product=p on_done=move || product.refetch()/>
                        }.into_any(),
                        Err(e) => view! { <h1>{s.product}</h1><ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ProductMetaForm(product: ProductDetail) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let c = use_common();
    let toasts = use_toasts();
    let suppliers = Resource::new(|| (), |_| list_suppliers());
    let category = RwSignal::new(product.category.clone());
    let supplier = RwSignal::new(product.supplier_id.map(|v| v.to_string()).unwrap_or_default());
    let image = RwSignal::new(product.image.clone());
    let error = RwSignal::new(None::<AppError>);
    let act = Action::new(|m: &ProductMeta| save_product(m.clone()));
    Effect::new(move |_| match act.value().get() {
        Some(Ok(())) => {
            toasts.ok(c.saved);
            error.set(None);
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let pid = product.id;
    view! {
        <form class="card form" method="post" action="/rpc/save_product" data-ready=ready_marker() on:submit=move |ev| {
            ev.prevent_default();
            act.dispatch(ProductMeta { product_id: pid, category: category.get().into(), supplier_id: supplier.get().parse().ok(), image: image.get().into() });
        }>
            <input type="hidden" name="input[product_id]" value=pid.to_string()/>
            <div class="row">
                <label>{s.category}<input bind:value=category name="input[category]" maxlength="20" required/></label>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let list = suppliers.await.unwrap_or_default();
                        let current = supplier.get_untracked();
                        view! {
                            <label>{s.supplier}<select name="input[supplier_id]" bind:value=supplier>
                                <option value="">{s.no_supplier}</option>
                                {list.into_iter().map(|x| { let sel = x.id.to_string() == current; view! { <option value=x.id.to_string() selected=sel>{x.name}</option> } }).collect_view()}
                            </select></label>
                        }
                    })}
                </Transition>
                <label>{s.image_url}<input bind:value=image name="input[image]" maxlength="400" placeholder="https://…"/></label>
            </div>
            {move || (!image.get().is_empty()).then(|| view! { <img class="product-image" src=image.get() alt="" loading="lazy"/> })}
            <button type="submit" class="secondary" disabled=move || act.pending().get()>{c.save}</button>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-error=e.code()>{e.message(lang)}</p> })}
        </form>
    }
}

/// The size × colour grid: one cell per SKU with its figures, saved all at once.
#[component]
fn SkuGrid(product: ProductDetail, on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let c = use_common();
    let toasts = use_toasts();
    let error = RwSignal::new(None::<AppError>);
    // One editable record per SKU: price, cost, barcode, alert level, weight.
    type Cell = (i64, [RwSignal<String>; 5]);
    let cells: Vec<Cell> = product
        .skus
        .iter()
        .map(|k| {
            (
                k.sku_id,
                [
                    RwSignal::new(k.price.to_string()),
                    RwSignal::new(k.cost.to_string()),
                    RwSignal::new(k.barcode.clone()),
                    RwSignal::new(k.low_stock_qty.to_string()),
                    RwSignal::new(k.weight_g.to_string()),
                ],
            )
        })
        .collect();
    let cells = StoredValue::new(cells);
    let cell_of = move |sku: i64| cells.with_value(|c| c.iter().find(|x| x.0 == sku).map(|x| x.1));
    let pid = product.id;
    let act = Action::new(move |e: &Vec<SkuEdit>| save_skus(pid, e.clone()));
    Effect::new(move |_| match act.value().get() {
        Some(Ok(())) => {
            toasts.ok(c.saved);
            error.set(None);
            on_done();
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    // Fill a column for every SKU (e.g. one price for all sizes).
    let fill = move |field: usize| {
        cells.with_value(|c| {
            if let Some(first) = c.first() {
                let v = first.1[field].get_untracked();
                for x in c {
                    x.1[field].set(v.clone());
                }
            }
        })
    };
    let fields = [(0usize, s.price), (1, s.cost_price), (2, s.barcode), (3, s.low_stock_level), (4, s.weight_g)];
    let colors = product.colors.clone();
    let sizes = product.sizes.clone();
    let p = StoredValue::new(product);
    let grid = colors
        .iter()
        .map(|color| {
            let row = sizes
                .iter()
                .map(|size| match p.with_value(|p| p.cell(color, size).cloned()) {
                    Some(k) => {
                        let sig = cell_of(k.sku_id).expect("cell of a listed SKU");
                        view! {
                            <td class="grid-cell" data-sku=k.code.clone()>
                                <div class="sub">{k.code.clone()}</div>
                                {fields.into_iter().map(|(i, label)| view! {
                                    <label class="compact">{label}
                                        <input prop:value=sig[i] on:input=move |ev| sig[i].set(event_target_value(&ev))
                                            inputmode=if i == 2 { "text" } else { "decimal" } data-field=i.to_string()/>
                                    </label>
                                }).collect_view()}
                            </td>
                        }
                        .into_any()
                    }
                    None => view! { <td class="grid-cell empty">"—"</td> }.into_any(),
                })
                .collect_view();
            view! { <tr><th scope="row">{if color.is_empty() { "—".to_string() } else { color.clone() }}</th>{row}</tr> }
        })
        .collect_view();
    view! {
        <form class="card form" method="post" action="/rpc/save_skus" data-ready=ready_marker() data-testid="sku-grid" on:submit=move |ev| {
            ev.prevent_default();
            let edits: Vec<SkuEdit> = cells.with_value(|c| c.iter().map(|(id, f)| SkuEdit {
                sku_id: *id,
                price: f[0].get_untracked().into(),
                cost: f[1].get_untracked().into(),
                barcode: f[2].get_untracked().into(),
                low_stock_qty: f[3].get_untracked().trim().parse().unwrap_or(-1),
                weight_g: f[4].get_untracked().trim().parse().unwrap_or(-1),
            }).collect());
            act.dispatch(edits);
        }>
            <h2>{s.sku_grid}</h2>
            <div class="actions">
                {fields.into_iter().filter(|(i, _)| *i != 2).map(|(i, label)| view! {
                    <button type="button" class="secondary small" on:click=move |_| fill(i)>{(s.fill_all)(label)}</button>
                }).collect_view()}
            </div>
            <div class="table-wrap">
                <table class="table sku-grid">
                    <thead><tr><th>{s.color}" \\ "{s.size}</th>{sizes.iter().map(|z| view! { <th>{if z.is_empty() { "—".to_string() } else { z.clone() }}</th> }).collect_view()}</tr></thead>
                    <tbody>{grid}</tbody>
                </table>
            </div>
            <button type="submit" disabled=move || act.pending().get()>{c.save}</button>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-error=e.code()>{e.message(lang)}</p> })}
        </form>
    }
}

#[component]
pub fn StockSettingsPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let lang = use_lang();
    let s = text(lang);
    let c = use_common();
    let toasts = use_toasts();
    let warehouses = Resource::new(|| (), |_| list_warehouses());
    let categories = Resource::new(|| (), |_| list_categories());
    let name = RwSignal::new(String::new());
    let regions = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let create = Action::new(|w: &NewWarehouse| create_warehouse(w.clone()));
    Effect::new(move |_| match create.value().get() {
        Some(Ok(_)) => {
            toasts.ok(c.saved);
            name.set(String::new());
            regions.set(String::new());
            error.set(None);
            warehouses.refetch();
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    view! {
        <section class="page">
            <h1>{s.tab_settings}</h1>
            <Tabs/>
            <div class="card">
                <h2>{s.warehouses}</h2>
                <p class="hint">{s.warehouse_rule}</p>
                <Transition fallback=|| view! { <Loading/> }>
                    {move || Suspend::new(async move {
                        match warehouses.await {
                            Ok(list) => list.into_iter().map(|w| view! { <WarehouseRow w=w/> }).collect_view().into_any(),
                            Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                        }
                    })}
                </Transition>
                <form class="form" method="post" action="/rpc/create_warehouse" data-ready=ready_marker() on:submit=move |ev| {
                    ev.prevent_default();
                    create.dispatch(NewWarehouse { name: name.get().into(), regions: regions.get().into() });
                }>
                    <h3>{s.new_branch}</h3>
                    <div class="row">
                        <label>{s.warehouse_name}<input bind:value=name name="input[name]" maxlength="20" required placeholder="华南仓"/></label>
                        <label>{s.regions}<input bind:value=regions name="input[regions]" maxlength="400" placeholder="广东、广西、海南"/></label>
                    </div>
                    <button type="submit" disabled=move || create.pending().get()>{s.add_warehouse}</button>
                    {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-error=e.code()>{e.message(lang)}</p> })}
                </form>
            </div>
            <div class="card">
                <h2>{s.category_levels}</h2>
                <p class="hint">{s.category_level_hint}</p>
                <Transition fallback=|| view! { <Loading/> }>
                    {move || Suspend::new(async move {
                        match categories.await {
                            Ok(list) => view! {
                                <ul class="plain">{list.into_iter().map(|k| view! { <CategoryRow name=k.name low=k.low_stock_qty products=k.products/> }).collect_view()}</ul>
                            }.into_any(),
                            Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                        }
                    })}
                </Transition>
            </div>
        </section>
    }
}

#[component]
fn WarehouseRow(w: Warehouse) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let c = use_common();
    let toasts = use_toasts();
    let main = w.parent_id.is_none();
    let regions = RwSignal::new(w.regions.join("、"));
    let active = RwSignal::new(w.active);
    let id = w.id;
    let act = Action::new(|e: &WarehouseEdit| update_warehouse(e.clone()));
    Effect::new(move |_| match act.value().get() {
        Some(Ok(())) => toasts.ok(c.saved),
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    view! {
        <div class="warehouse-row" data-warehouse=w.name.clone()>
            <strong>{w.name.clone()}</strong>
            {if main {
                view! { <span class="badge">{s.main_warehouse}</span> }.into_any()
            } else {
                view! {
                    <form class="inline-form" on:submit=move |ev| {
                        ev.prevent_default();
                        act.dispatch(WarehouseEdit { id, regions: regions.get().into(), active: active.get() });
                    }>
                        <input bind:value=regions aria-label=s.regions maxlength="400"/>
                        <label class="check"><input type="checkbox" bind:checked=active/>{s.in_use}</label>
                        <button type="submit" class="secondary small" disabled=move || act.pending().get()>{c.save}</button>
                    </form>
                }.into_any()
            }}
        </div>
    }
}

#[component]
fn CategoryRow(name: String, low: i64, products: i64) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let toasts = use_toasts();
    let level = RwSignal::new(low.to_string());
    let n = StoredValue::new(name.clone());
    let act = Action::new(move |v: &i64| set_category_default(n.get_value().into(), *v));
    Effect::new(move |_| match act.value().get() {
        Some(Ok(changed)) => toasts.ok((s.category_level_saved)(changed as i64)),
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    view! {
        <li class="category-row" data-category=name.clone()>
            <span>{name.clone()}<span class="sub">{format!(" · {products}")}</span></span>
            <form class="inline-form" on:submit=move |ev| {
                ev.prevent_default();
                act.dispatch(level.get().trim().parse().unwrap_or(-1));
            }>
                <input type="number" min="0" bind:value=level aria-label=s.low_stock_level class="qty"/>
                <button type="submit" class="secondary small" disabled=move || act.pending().get()>{use_common().save}</button>
            </form>
        </li>
    }
}
