//! Inventory pages: the stock board (`/inventory`), the ledger, purchase orders and
//! suggestions, transfers, stocktakes, alerts and slow movers, the product editor, and the
//! warehouse / category / supplier settings. Shared here: the area's tabs, a SKU picker and
//! the lines editor of stock documents.

mod board;
mod catalog;
mod docs;
mod ledger;
mod planning;
mod sheets;

pub use board::InventoryPage;
pub use catalog::{ProductPage, StockSettingsPage};
pub use docs::{PurchasePage, PurchasesPage, StocktakesPage, TransfersPage};
pub use ledger::LedgerPage;
pub use planning::{AlertsPage, SuggestionsPage};
pub use sheets::ProductSheetPage;

use super::api::{list_stock, list_warehouses};
use super::text::text;
use super::{DocLine, SkuStock, StockFilter, Warehouse};
use crate::auth::Perm;
use crate::ui::session::{use_lang, use_user};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// The inventory area's sub-navigation (only the tabs this role may open).
#[component]
fn Tabs() -> impl IntoView {
    let s = text(use_lang());
    let user = use_user();
    let location = use_location();
    let mut tabs = vec![("/inventory", s.tab_stock)];
    if user.can(Perm::ViewLedger) {
        tabs.extend([("/inventory/ledger", s.tab_ledger), ("/inventory/alerts", s.tab_alerts)]);
    }
    if user.can(Perm::Purchase) {
        tabs.extend([("/inventory/suggestions", s.tab_suggestions), ("/inventory/purchases", s.tab_purchases)]);
    }
    if user.can(Perm::MoveStock) {
        tabs.extend([("/inventory/transfers", s.tab_transfers), ("/inventory/stocktakes", s.tab_stocktakes)]);
    }
    if user.can(Perm::ManageProducts) {
        tabs.extend([("/inventory/sheets", s.tab_sheets), ("/inventory/settings", s.tab_settings)]);
    }
    let links = tabs
        .into_iter()
        .map(|(href, label)| {
            let active = move || {
                let p = location.pathname.get();
                if href == "/inventory" { p == "/inventory" || p.starts_with("/inventory/products") } else { p.starts_with(href) }
            };
            view! { <A href=href attr:class=move || if active() { "chip active" } else { "chip" }>{label}</A> }
        })
        .collect_view();
    view! { <nav class="chips inventory-tabs" aria-label=s.inventory_title>{links}</nav> }
}

/// Type a name, code or barcode (a scanner types the code and Enter); pick a SKU from the
/// matches. Enter picks the first match.
#[component]
fn SkuPicker(on_pick: impl Fn(SkuStock) + Copy + Send + Sync + 'static, #[prop(optional)] warehouse: Option<Signal<Option<i64>>>) -> impl IntoView {
    let s = text(use_lang());
    let typed = RwSignal::new(String::new());
    let query = Memo::new(move |_| typed.get().trim().to_string());
    let found = Resource::new(
        move || (query.get(), warehouse.and_then(|w| w.get())),
        |(q, warehouse_id)| async move {
            if q.is_empty() {
                return Ok(Vec::new());
            }
            list_stock(StockFilter { q: q.into(), warehouse_id, ..Default::default() }).await.map(|p| p.rows.into_iter().take(8).collect::<Vec<_>>())
        },
    );
    let pick = move |sku: SkuStock| {
        on_pick(sku);
        typed.set(String::new());
    };
    view! {
        <div class="sku-picker">
            <input type="search" placeholder=s.pick_sku aria-label=s.pick_sku prop:value=typed autocomplete="off"
                on:input=move |ev| typed.set(event_target_value(&ev))
                on:keydown=move |ev| {
                    if ev.key() == "Enter" {
                        ev.prevent_default();
                        if let Some(Ok(rows)) = found.get_untracked() {
                            if let Some(first) = rows.into_iter().next() { pick(first); }
                        }
                    }
                }/>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let rows = found.await.unwrap_or_default();
                    (!rows.is_empty()).then(|| view! {
                        <ul class="picker-results">
                            {rows.into_iter().map(|k| {
                                let label = format!("{} · {}", k.label(), k.code);
                                let avail = k.available();
                                let sku = k.clone();
                                view! {
                                    <li><button type="button" class="link" on:click=move |_| pick(sku.clone())>
                                        {label} <span class="sub">{format!(" ({avail})")}</span>
                                    </button></li>
                                }
                            }).collect_view()}
                        </ul>
                    })
                })}
            </Transition>
        </div>
    }
}

/// A line of a stock document being written.
#[derive(Clone, Debug, PartialEq)]
struct LineDraft {
    sku_id: i64,
    label: String,
    qty: RwSignal<String>,
    cost: RwSignal<String>,
}

impl LineDraft {
    fn to_line(&self) -> DocLine {
        DocLine { sku_id: self.sku_id, qty: self.qty.get_untracked().trim().parse().unwrap_or(0), unit_cost: self.cost.get_untracked().into() }
    }
}

/// The lines of a purchase order, transfer or stocktake: pick SKUs, type quantities (and
/// unit costs for a purchase). Field names follow the server function's `input[lines][i]`.
#[component]
fn LinesEditor(
    lines: RwSignal<Vec<LineDraft>>,
    #[prop(optional)] with_cost: bool,
    #[prop(optional)] warehouse: Option<Signal<Option<i64>>>,
    #[prop(into)] qty_label: String,
) -> impl IntoView {
    let s = text(use_lang());
    // A line's signals belong to the editor, not to the picker's results (which are disposed
    // as soon as the search box is cleared).
    let owner = StoredValue::new(Owner::current().expect("an owner"));
    let add = move |k: SkuStock| {
        lines.update(|v| {
            if !v.iter().any(|l| l.sku_id == k.sku_id) {
                let cost = if k.avg_cost == crate::money::Money::ZERO { String::new() } else { k.avg_cost.to_string() };
                let (qty, cost) = owner.with_value(|o| o.with(|| (RwSignal::new("1".to_string()), RwSignal::new(cost))));
                v.push(LineDraft { sku_id: k.sku_id, label: format!("{} · {}", k.label(), k.code), qty, cost });
            }
        })
    };
    let qty_label = StoredValue::new(qty_label);
    view! {
        <div class="lines-editor">
            <SkuPicker on_pick=add warehouse=warehouse.unwrap_or_else(|| Signal::derive(|| None))/>
            <ul class="doc-lines">
                <For each=move || lines.get().into_iter().enumerate() key=|(_, l)| l.sku_id let((i, l))>
                    <li class="doc-line">
                        <span class="doc-line-label">{l.label.clone()}</span>
                        <input type="hidden" name=format!("input[lines][{i}][sku_id]") value=l.sku_id.to_string()/>
                        <label class="compact">{qty_label.get_value()}
                            <input type="number" min="0" inputmode="numeric" name=format!("input[lines][{i}][qty]") prop:value=l.qty
                                on:input=move |ev| l.qty.set(event_target_value(&ev))/>
                        </label>
                        {with_cost.then(|| view! {
                            <label class="compact">{s.unit_cost}
                                <input inputmode="decimal" name=format!("input[lines][{i}][unit_cost]") prop:value=l.cost
                                    on:input=move |ev| l.cost.set(event_target_value(&ev))/>
                            </label>
                        })}
                        <button type="button" class="link danger" aria-label=s.remove_line
                            on:click=move |_| lines.update(|v| v.retain(|x| x.sku_id != l.sku_id))>"×"</button>
                    </li>
                </For>
            </ul>
        </div>
    }
}

/// `<option>`s of the warehouses (the 总仓 first); `selected` marks one.
fn warehouse_options(list: &[Warehouse], selected: Option<i64>) -> impl IntoView + use<> {
    list.iter()
        .filter(|w| w.active)
        .map(|w| {
            let id = w.id;
            view! { <option value=id.to_string() selected=selected == Some(id)>{w.name.clone()}</option> }
        })
        .collect_view()
}

/// The warehouses, loaded once per page.
fn use_warehouses() -> Resource<Result<Vec<Warehouse>, crate::error::AppError>> {
    Resource::new(|| (), |_| list_warehouses())
}
