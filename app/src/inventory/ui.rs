//! The stock page: every SKU with on-hand quantity, receiving goods, the latest movements.

use super::api::{create_product, list_movements, list_stock, receive_stock};
use super::text::text;
use super::{check_new_product, Inbound, Movement, NewProduct, SkuStock, StockFilter};
use crate::auth::Perm;
use crate::error::AppError;
use crate::page::Seek;
use crate::time::format_ms;
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
    let can_receive = user.can(Perm::ReceiveStock);
    let can_ledger = user.can(Perm::ViewLedger);
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        StockFilter {
            q: q.get("q").unwrap_or_default().into(),
            low_only: q.get("low").as_deref() == Some("1"),
            seek: Seek::from_query(q.get("after").as_deref(), q.get("before").as_deref()),
        }
    };
    let stock = Resource::new(filter, list_stock);
    let moves = Resource::new(|| (), move |_| async move { if can_ledger { list_movements(None).await.map(Some) } else { Ok(None) } });
    let refresh = move || {
        stock.refetch();
        moves.refetch();
    };
    view! {
        <section class="page">
            <h1>{s.inventory_title}</h1>
            // Outside the list's Transition, so a refresh does not reset what is being typed.
            {user.can(Perm::ManageProducts).then(|| view! { <NewProductForm on_done=refresh/> })}
            <Form action="/inventory" attr:class="search">
                <input type="search" name="q" placeholder=s.search_placeholder prop:value=move || filter().q.into_string() aria-label=c.search maxlength="64"/>
                <label class="check"><input type="checkbox" name="low" value="1" prop:checked=move || filter().low_only/>{s.low_only}</label>
                <button type="submit">{c.search}</button>
            </Form>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match stock.await {
                        Ok(page) => {
                            let f = filter();
                            view! {
                                {can_receive.then(|| view! { <ReceiveForm skus=page.rows.clone() on_done=refresh/> })}
                                <StockTable rows=page.rows.clone()/>
                                <Pager next=page.next prev=page.prev count=page.count href=move |seek| stock_href(&f, seek)/>
                            }.into_any()
                        }
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
            {can_ledger.then(|| view! {
                <div class="card">
                    <h2>{s.movements}</h2>
                    <Transition fallback=|| view! { <Loading/> }>
                        {move || Suspend::new(async move {
                            match moves.await {
                                Ok(rows) => view! { <MovementList rows=rows.unwrap_or_default()/> }.into_any(),
                                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                            }
                        })}
                    </Transition>
                </div>
            })}
        </section>
    }
}

fn stock_href(f: &StockFilter, seek: Option<String>) -> String {
    let q = if f.q.is_empty() { String::new() } else { format!("q={}", url_encode(&f.q)) };
    let low = if f.low_only { "low=1".to_string() } else { String::new() };
    with_query("/inventory", &[q, low, seek.unwrap_or_default()])
}

#[component]
fn StockTable(rows: Vec<SkuStock>) -> impl IntoView {
    let s = text(use_lang());
    if rows.is_empty() {
        return view! { <Empty text=s.no_skus/> }.into_any();
    }
    let body = rows
        .into_iter()
        .map(|r| {
            let low = r.is_low();
            view! {
                <tr class:low=low data-sku=r.code.clone()>
                    <td data-label=s.product><div>{r.product_name.clone()}<div class="sub">{r.code.clone()}</div></div></td>
                    <td data-label=s.color>{r.color.clone()}</td>
                    <td data-label=s.size>{r.size.clone()}</td>
                    <td data-label=s.price class="num">{r.price.to_string()}</td>
                    <td data-label=s.on_hand class="num" data-testid="on-hand">{r.qty}</td>
                    <td>{low.then(|| view! { <span class="badge low">{s.low_stock}</span> })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table stock">
            <thead><tr><th>{s.product}</th><th>{s.color}</th><th>{s.size}</th><th class="num">{s.price}</th><th class="num">{s.on_hand}</th><th></th></tr></thead>
            <tbody>{body}</tbody>
        </table>
    }
    .into_any()
}

#[component]
fn ReceiveForm(skus: Vec<SkuStock>, on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let c = use_common();
    let toasts = use_toasts();
    let sku = RwSignal::new(String::new());
    let qty = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let act = Action::new(|i: &Inbound| receive_stock(i.clone()));
    Effect::new(move |_| match act.value().get() {
        Some(Ok(_)) => {
            toasts.ok(s.inbound_done);
            qty.set(String::new());
            note.set(String::new());
            on_done();
        }
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    let options = skus
        .iter()
        .map(|k| view! { <option value=k.sku_id.to_string()>{format!("{} ({})", k.label(), k.qty)}</option> })
        .collect_view();
    view! {
        <form class="card form inline-form" method="post" action="/rpc/receive_stock" data-ready=ready_marker() on:submit=move |ev| {
            ev.prevent_default();
            let input = Inbound {
                sku_id: sku.get().parse().unwrap_or(0),
                qty: qty.get().trim().parse().unwrap_or(0),
                note: note.get().into(),
            };
            act.dispatch(input);
        }>
            <h2>{s.inbound}</h2>
            <select bind:value=sku aria-label=s.sku name="input[sku_id]"><option value="">{c.choose}</option>{options}</select>
            <input type="number" min="1" inputmode="numeric" placeholder=s.quantity aria-label=s.quantity bind:value=qty name="input[qty]"/>
            <input placeholder=s.note aria-label=s.note bind:value=note name="input[note]" maxlength="200"/>
            <button type="submit" disabled=move || act.pending().get()>{s.inbound}</button>
        </form>
    }
}

#[component]
fn MovementList(rows: Vec<Movement>) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    if rows.is_empty() {
        return view! { <Empty text=use_common().empty/> }.into_any();
    }
    let items = rows
        .into_iter()
        .map(|m| {
            let delta = if m.delta > 0 { format!("+{}", m.delta) } else { m.delta.to_string() };
            let link = m.order_id.map(|id| view! { " · " <a href=format!("/orders/{id}")>{s.order}</a> });
            view! {
                <li>
                    <span class="sub">{format_ms(m.at)}</span> " " {m.kind.label(lang)} " "
                    <strong class:neg=m.delta < 0>{delta}</strong> " " {m.sku_label} " · " {m.user_name}
                    {(!m.note.is_empty()).then(|| format!(" · {}", m.note))} {link}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="timeline">{items}</ul> }.into_any()
}

#[component]
fn NewProductForm(on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let c = use_common();
    let toasts = use_toasts();
    let (name, category, price, cost, colors, sizes) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let low = RwSignal::new("10".to_string());
    let error = RwSignal::new(None::<AppError>);
    let act = Action::new(|p: &NewProduct| create_product(p.clone()));
    Effect::new(move |_| match act.value().get() {
        Some(Ok(_)) => {
            toasts.ok(s.product_created);
            for f in [name, price, cost, colors, sizes] {
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
            <form class="form" method="post" action="/rpc/create_product" data-ready=ready_marker() on:submit=move |ev| {
                ev.prevent_default();
                let p = NewProduct {
                    name: name.get().into(),
                    category: category.get().into(),
                    price: price.get().into(),
                    cost: cost.get().into(),
                    colors: colors.get().into(),
                    sizes: sizes.get().into(),
                    low_stock_qty: low.get().trim().parse().unwrap_or(-1),
                };
                match check_new_product(&p) {
                    Ok(_) => { act.dispatch(p); }
                    Err(e) => error.set(Some(e)),
                }
            }>
                <div class="row">
                    <label>{s.product}<input bind:value=name name="input[name]" maxlength="60"/></label>
                    <label>{s.category}<input bind:value=category name="input[category]" maxlength="20"/></label>
                </div>
                <div class="row">
                    <label>{s.price}<input bind:value=price inputmode="decimal" name="input[price]" placeholder="89.00"/></label>
                    <label>{s.cost_price}<input bind:value=cost inputmode="decimal" name="input[cost]"/></label>
                    <label>{s.low_stock_level}<input bind:value=low type="number" min="0" name="input[low_stock_qty]"/></label>
                </div>
                <div class="row">
                    <label>{s.colors_hint}<input bind:value=colors name="input[colors]" placeholder="白, 黑"/></label>
                    <label>{s.sizes_hint}<input bind:value=sizes name="input[sizes]" placeholder="S, M, L"/></label>
                </div>
                <button type="submit" disabled=move || act.pending().get()>{c.save}</button>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-error=e.code()>{e.message(lang)}</p> })}
            </form>
        </details>
    }
}
