//! Share pages: the agent's own page (/share: link, posters, open/close, product pictures for
//! the boss) and the public page customers order from (/s/<code>, no sign-in).

use crate::ui::widgets::read_file;
use super::paste::PasteBox;
use crate::auth::api::list_agents;
use crate::error::AppError;
use crate::intake::api::{get_share, get_share_admin, place_share_order, reset_share_code, set_share_active, upload_product_image};
use crate::intake::text::text;
use crate::intake::{ImageUpload, ParsedContact, ShareAdmin, ShareOrder, ShareProduct, ShareReceipt, ShareView};
use crate::orders::NewOrderLine;
use crate::ui::session::{use_common, use_lang, use_user};
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{confirm, ready_marker, Empty, ErrorBox, Loading};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The agent's share page as it manages it; the boss picks the agent.
#[component]
pub fn ShareAdminPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let t = text(use_lang());
    let is_agent = use_user().role == crate::auth::Role::Agent;
    let agent = RwSignal::new(String::new());
    let agents = Resource::new(|| (), |_| list_agents());
    // The boss sees a page once it has chosen an agent.
    let page = Resource::new(
        move || agent.get(),
        move |a| async move {
            match (is_agent, a.parse::<i64>().ok()) {
                (false, None) => None,
                (_, id) => Some(get_share_admin(id).await),
            }
        },
    );
    let reload = move || page.refetch();
    view! {
        <section class="page share-admin">
            <div class="page-head"><h1>{t.share_title}</h1></div>
            <p class="muted">{t.share_hint}</p>
            {(!is_agent).then(|| view! {
                <label class="share-agent">{t.share_agent}
                    <select bind:value=agent data-testid="share-agent">
                        <option value="">{use_common().choose}</option>
                        <Suspense>{move || Suspend::new(async move {
                            agents.await.unwrap_or_default().into_iter()
                                .map(|a| view! { <option value=a.id.to_string()>{a.display_name}</option> }).collect_view()
                        })}</Suspense>
                    </select>
                </label>
            })}
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Some(Ok(p)) => view! { <ShareCard p=p on_change=Callback::new(move |_| reload())/> }.into_any(),
                        Some(Err(e)) => view! { <ErrorBox error=e/> }.into_any(),
                        None => ().into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ShareCard(p: ShareAdmin, on_change: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let toasts = use_toasts();
    let error = RwSignal::new(None::<AppError>);
    let agent_id = p.agent_id;
    let origin = RwSignal::new(String::new());
    Effect::new(move |_| origin.set(window().location().origin().unwrap_or_default()));
    let path = p.path.clone();
    let link = {
        let path = path.clone();
        move || format!("{}{}", origin.get(), path)
    };
    let copy = {
        let link = link.clone();
        move |_| {
            // The link is selected in its field too, for browsers without the clipboard API.
            let clip = js_sys::Reflect::get(&window().navigator(), &"clipboard".into()).ok();
            if let Some(c) = clip.filter(|c| !c.is_undefined()) {
                if let Ok(f) = js_sys::Reflect::get(&c, &"writeText".into()) {
                    let _ = js_sys::Function::from(f).call1(&c, &link().into());
                }
            }
            toasts.ok(t.share_copied.to_string());
        }
    };
    let new_code = move |_| {
        if confirm(t.share_new_code_confirm) {
            leptos::task::spawn_local(async move {
                match reset_share_code(Some(agent_id)).await {
                    Ok(_) => on_change.run(()),
                    Err(e) => error.set(Some(e)),
                }
            });
        }
    };
    let active = p.active;
    let toggle = move |_| {
        leptos::task::spawn_local(async move {
            match set_share_active(Some(agent_id), !active).await {
                Ok(()) => on_change.run(()),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let code = p.code.clone();
    let can_edit = p.can_edit_images;
    let products = p
        .products
        .into_iter()
        .map(|prod| view! { <PosterItem code=code.clone() prod=prod can_edit=can_edit on_change=on_change/> })
        .collect_view();
    view! {
        <div class="card share-card" data-ready=ready_marker() data-testid="share-card" data-active=active.to_string()>
            <h2>{p.agent_name.clone()} {t.shop_of}
                <span class=if active { "badge status-to_ship" } else { "badge status-cancelled" }>{if active { t.share_open } else { t.share_closed }}</span>
            </h2>
            <label>{t.share_link}
                <input readonly data-testid="share-link" prop:value=link.clone() on:focus=move |ev| {
                    use wasm_bindgen::JsCast;
                    if let Some(i) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) { i.select(); }
                }/>
            </label>
            <div class="form-foot">
                <button type="button" on:click=copy>{t.share_copy}</button>
                <a class="button secondary" href=path.clone() target="_blank" rel="noopener">{t.shop_order}</a>
                <button type="button" class="secondary" on:click=toggle data-testid="share-toggle">{if active { t.share_close } else { t.share_reopen }}</button>
                <button type="button" class="link danger" on:click=new_code>{t.share_new_code}</button>
            </div>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-error=e.code()>{e.message(lang)}</p> })}
        </div>
        <ul class="poster-grid">{products}</ul>
    }
}

/// One product: its poster (SVG from the server) to save, and the picture upload for the boss.
#[component]
fn PosterItem(code: String, prod: ShareProduct, can_edit: bool, on_change: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let toasts = use_toasts();
    let poster = format!("/s/{code}/poster/{}", prod.product_id);
    let file_ref = NodeRef::<leptos::html::Input>::new();
    let error = RwSignal::new(None::<AppError>);
    let product_id = prod.product_id;
    let upload = move |_| {
        let Some(input) = file_ref.get_untracked() else { return };
        read_file(&input, move |_, _, b64| {
            leptos::task::spawn_local(async move {
                match upload_product_image(ImageUpload { product_id, data_base64: b64.into() }).await {
                    Ok(()) => {
                        toasts.ok(t.share_image_saved.to_string());
                        on_change.run(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        });
    };
    view! {
        <li class="card poster-item" data-product=prod.product_id.to_string()>
            <img src=poster.clone() alt=format!("{} {}", t.share_poster, prod.name) loading="lazy" width="300" height="480"/>
            <div class="form-foot">
                <a class="button secondary" href=poster.clone() download=format!("poster-{}.svg", prod.product_id)>{t.share_save_png}</a>
                {can_edit.then(|| view! {
                    <label class="button secondary file-button">{t.share_upload_image}
                        <input type="file" accept="image/png,image/jpeg,image/webp" node_ref=file_ref on:change=upload class="visually-hidden"/>
                    </label>
                })}
            </div>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-error=e.code()>{e.message(lang)}</p> })}
        </li>
    }
}

/// The public page of an agent: products with prices, an order form, the paste parser.
#[component]
pub fn PublicSharePage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let view_res = Resource::new(code, |c| get_share(c.into()));
    view! {
        <main class="shop">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match view_res.await {
                        Ok(v) => view! { <ShopView v=v/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn ShopView(v: ShareView) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let code = v.code.clone();
    // (sku id, quantity typed) for every SKU on the page.
    let qtys: Vec<(i64, RwSignal<String>)> = v.products.iter().flat_map(|p| p.skus.iter().map(|s| (s.sku_id, RwSignal::new(String::new())))).collect();
    let qtys = StoredValue::new(qtys);
    let qty_of = move |sku: i64| qtys.with_value(|q| q.iter().find(|(id, _)| *id == sku).map(|(_, s)| *s)).unwrap_or_else(|| RwSignal::new(String::new()));
    let name = RwSignal::new(String::new());
    let mobile = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let website = RwSignal::new(String::new());
    let unsure = RwSignal::new(Vec::<&'static str>::new());
    let error = RwSignal::new(None::<AppError>);
    let receipt = RwSignal::new(None::<ShareReceipt>);
    let busy = RwSignal::new(false);
    let prices: Vec<(i64, crate::money::Money)> = v.products.iter().flat_map(|p| p.skus.iter().map(|s| (s.sku_id, s.price))).collect();
    let prices = StoredValue::new(prices);
    let lines = move || {
        qtys.with_value(|q| {
            q.iter()
                .filter_map(|(id, s)| s.get().trim().parse::<i64>().ok().filter(|n| *n > 0).map(|qty| NewOrderLine { sku_id: *id, qty }))
                .collect::<Vec<_>>()
        })
    };
    let total = move || {
        let ls = lines();
        prices.with_value(|p| crate::orders::logic::price_lines(&ls, |id| p.iter().find(|x| x.0 == id).map(|x| x.1))).map(|(_, t)| t).unwrap_or_default()
    };
    let apply = Callback::new(move |p: ParsedContact| {
        if let Some(n) = &p.name {
            name.set(n.clone());
        }
        if let Some(m) = p.mobile.clone().or(p.phone.clone()) {
            mobile.set(m);
        }
        let line = p.address_line();
        if !line.is_empty() {
            address.set(line);
        }
        let mut flagged = Vec::new();
        for f in &p.unsure {
            let field = match f.as_str() {
                "name" => "customer_name",
                "mobile" => "mobile",
                "province" | "city" | "district" | "street" => "address",
                _ => continue,
            };
            if !flagged.contains(&field) {
                flagged.push(field);
            }
        }
        unsure.set(flagged);
    });
    let field_class = move |field: &'static str| {
        move || {
            let invalid = error.get().and_then(|e| e.field().map(|f| f == field)) == Some(true);
            match (invalid, unsure.with(|u| u.contains(&field))) {
                (true, _) => "invalid",
                (false, true) => "unsure",
                _ => "",
            }
        }
    };
    let edited = move |field: &'static str| unsure.update(|u| u.retain(|f| *f != field));
    let code_submit = code.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let ls = lines();
        if ls.is_empty() {
            error.set(Some(crate::orders::OrderError::NoLines.into()));
            return;
        }
        error.set(None);
        busy.set(true);
        let order = ShareOrder {
            code: code_submit.as_str().into(),
            name: name.get_untracked().into(),
            mobile: mobile.get_untracked().into(),
            address: address.get_untracked().into(),
            note: note.get_untracked().into(),
            lines: ls,
            website: website.get_untracked().into(),
        };
        leptos::task::spawn_local(async move {
            match place_share_order(order).await {
                Ok(r) => receipt.set(Some(r)),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let products = v.products.clone();
    let empty = products.is_empty();
    let mut index = 0usize;
    let cards = products
        .into_iter()
        .map(|p| {
            let skus = p
                .skus
                .iter()
                .map(|s| {
                    let i = index;
                    index += 1;
                    let qty = qty_of(s.sku_id);
                    let label = if s.variant.is_empty() { p.name.clone() } else { s.variant.clone() };
                    view! {
                        <li class="shop-sku" data-sku=s.sku_id.to_string()>
                            <input type="hidden" name=format!("order[lines][{i}][sku_id]") value=s.sku_id.to_string()/>
                            <span class="shop-variant">{label.clone()}</span>
                            <span class="shop-price">{s.price.to_string()}</span>
                            {if s.in_stock {
                                view! {
                                    <input class="qty" type="number" min="0" max="99" inputmode="numeric" placeholder="0" aria-label=format!("{} {}", t.shop_qty, label)
                                        name=format!("order[lines][{i}][qty]") bind:value=qty/>
                                }.into_any()
                            } else {
                                view! { <span class="muted">{t.shop_sold_out}</span> }.into_any()
                            }}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <li class="card shop-product" data-product=p.product_id.to_string()>
                    {p.has_image.then(|| view! { <img src=format!("/s/img/{}", p.product_id) alt=p.name.clone() loading="lazy" width="96" height="96"/> })}
                    <div>
                        <h2>{p.name.clone()}</h2>
                        <ul class="shop-skus">{skus}</ul>
                    </div>
                </li>
            }
        })
        .collect_view();
    view! {
        <header class="shop-head"><h1>{v.agent_name.clone()} {t.shop_of}</h1></header>
        {move || match receipt.get() {
            Some(r) => view! {
                <div class="card shop-thanks" role="status" data-testid="share-receipt">
                    <h2>{t.shop_thanks}</h2>
                    <p>{t.shop_thanks_hint} <strong data-testid="share-order-no">{r.order_no}</strong></p>
                    <p>{crate::orders::text::text(lang).total} ": " <strong>{r.total.to_string()}</strong></p>
                </div>
            }.into_any(),
            None => ().into_any(),
        }}
        <form class="shop-form" method="post" action="/rpc/place_share_order" novalidate on:submit=on_submit data-ready=ready_marker()
            class:hidden=move || receipt.get().is_some()>
            <input type="hidden" name="order[code]" value=code.clone()/>
            {if empty { view! { <Empty text=t.shop_empty/> }.into_any() } else { view! { <ul class="shop-products">{cards}</ul> }.into_any() }}
            <fieldset class="card">
                <legend>{t.shop_your_details}</legend>
                <PasteBox share_code=code.clone() on_apply=apply/>
                <label>{crate::orders::text::text(lang).recipient}
                    <input name="order[name]" autocomplete="name" maxlength="40" data-testid="recipient" class=field_class("customer_name")
                        prop:value=move || name.get() on:input=move |ev| { name.set(event_target_value(&ev)); edited("customer_name"); }/></label>
                <label>{crate::orders::text::text(lang).mobile}
                    <input name="order[mobile]" type="tel" inputmode="numeric" autocomplete="tel" maxlength="20" data-testid="mobile" class=field_class("mobile")
                        prop:value=move || mobile.get() on:input=move |ev| { mobile.set(event_target_value(&ev)); edited("mobile"); }/></label>
                <label>{crate::orders::text::text(lang).address}
                    <textarea name="order[address]" rows="2" maxlength="200" data-testid="address" class=field_class("address")
                        prop:value=move || address.get() on:input=move |ev| { address.set(event_target_value(&ev)); edited("address"); }></textarea></label>
                <label>{t.shop_note}<input name="order[note]" maxlength="200" bind:value=note/></label>
                // The honeypot: out of sight and out of the tab order; people leave it empty.
                <label class="hp" aria-hidden="true">{t.shop_website}
                    <input name="order[website]" tabindex="-1" autocomplete="off" bind:value=website/></label>
                <p class="muted small">{t.shop_privacy}</p>
            </fieldset>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-error=e.code()>{e.message(lang)}</p> })}
            <div class="form-foot shop-foot">
                <span class="total">{crate::orders::text::text(lang).total} ": " <strong data-testid="share-total">{move || total().to_string()}</strong></span>
                <button type="submit" data-testid="share-submit" disabled=move || busy.get()>{t.shop_submit}</button>
            </div>
        </form>
    }
}
