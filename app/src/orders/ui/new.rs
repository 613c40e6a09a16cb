//! The new order form: owning agent, recipient, items; prices come from the SKUs.
//!
//! Before the wasm arrives it is a plain form posting to `/rpc/create_order` (field names
//! in the server function's `input[…]` shape); once hydrated it checks the input with the
//! same rules as the server and submits without a reload.

use crate::auth::api::list_agents;
use crate::error::AppError;
use crate::inventory::api::sku_choices;
use crate::inventory::SkuStock;
use crate::orders::api::create_order;
use crate::orders::logic::{check_new_order, price_lines};
use crate::orders::text::text;
use crate::orders::{Channel, NewOrder, NewOrderLine};
use crate::ui::session::{use_common, use_lang};
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{ready_marker, ErrorBox, Loading};
use crate::customers::api::lookup_order_customer;
use crate::customers::{CouponView, CustomerId, OrderCustomer, OrderLookup};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

#[derive(Clone, Copy)]
struct LineInput {
    key: u64,
    sku: RwSignal<String>,
    qty: RwSignal<String>,
}

impl LineInput {
    fn new(key: u64) -> Self {
        LineInput { key, sku: RwSignal::new(String::new()), qty: RwSignal::new("1".into()) }
    }
}

#[component]
pub fn NewOrderPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let t = text(use_lang());
    let c = use_common();
    // One resource per server function: a server function reads its context when first
    // polled, which must happen inside the resource (not after another call's await).
    let agents = Resource::new(|| (), |_| list_agents());
    let skus = Resource::new(|| (), |_| sku_choices());
    // From a customer's profile (`?customer=ID`): the customer's name, addresses and coupons.
    let query = use_query_map();
    let customer = query.read_untracked().get("customer").and_then(|v| v.parse::<i64>().ok());
    let prefill = Resource::new(
        move || customer,
        |id| async move {
            match id {
                Some(id) => lookup_order_customer(OrderLookup { id: Some(CustomerId(id)), ..Default::default() }).await.ok().flatten(),
                None => None,
            }
        },
    );
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{t.new_order}</h1>
                <a class="button secondary" href="/orders">{c.back}</a>
            </div>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match (agents.await, skus.await, prefill.await) {
                        (Ok(agents), Ok(skus), prefill) => {
                            let agents = agents.into_iter().map(|a| (a.id, a.display_name)).collect();
                            view! { <OrderForm agents skus prefill/> }.into_any()
                        }
                        (Err(e), _, _) | (_, Err(e), _) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn OrderForm(agents: Vec<(i64, String)>, skus: Vec<SkuStock>, prefill: Option<OrderCustomer>) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let c = use_common();
    let toasts = use_toasts();
    let navigate = use_navigate();
    // An agent without a downline can only enter orders for itself.
    let preselect = prefill.as_ref().map(|p| p.agent_id).or(if agents.len() == 1 { Some(agents[0].0) } else { None });
    let agent = RwSignal::new(preselect.map(|id| id.to_string()).unwrap_or_default());
    let default_address = prefill.as_ref().and_then(|p| p.addresses.iter().find(|a| a.is_default).or(p.addresses.first()).map(|a| a.address.clone()));
    let name = RwSignal::new(prefill.as_ref().map(|p| p.name.clone()).unwrap_or_default());
    let mobile = RwSignal::new(prefill.as_ref().map(|p| p.mobile.clone()).unwrap_or_default());
    let address = RwSignal::new(default_address.unwrap_or_default());
    // The customer's address book and usable coupons (from the profile, or looked up by mobile).
    let known = RwSignal::new(prefill);
    let coupon = RwSignal::new(String::new());
    let lookup = Action::new(|l: &OrderLookup| lookup_order_customer(l.clone()));
    Effect::new(move |_| {
        if let Some(Ok(found)) = lookup.value().get() {
            if let Some(a) = found.as_ref().and_then(|p| p.addresses.iter().find(|a| a.is_default)) {
                if address.get_untracked().trim().is_empty() {
                    address.set(a.address.clone());
                }
            }
            coupon.set(String::new());
            known.set(found);
        }
    });
    let look_up = move || {
        let agent_id = agent.get_untracked().parse().unwrap_or(0);
        if agent_id > 0 && crate::orders::logic::parse_mobile(&mobile.get_untracked()).is_ok() {
            lookup.dispatch(OrderLookup { id: None, agent_id, mobile: mobile.get_untracked().into() });
        }
    };
    let channel = RwSignal::new(Channel::Manual.code().to_string());
    let next_key = StoredValue::new(1u64);
    let lines = RwSignal::new(vec![LineInput::new(0)]);
    let error = RwSignal::new(None::<AppError>);
    let skus = StoredValue::new(skus);

    let build = move || NewOrder {
        agent_id: agent.get().parse().unwrap_or(0),
        customer_name: name.get().into(),
        mobile: mobile.get().into(),
        address: address.get().into(),
        channel: Channel::parse(&channel.get()).unwrap_or(Channel::Manual),
        lines: lines
            .get()
            .iter()
            .filter_map(|l| Some(NewOrderLine { sku_id: l.sku.get().parse().ok()?, qty: l.qty.get().trim().parse().unwrap_or(0) }))
            .collect(),
        coupon_code: coupon.get().into(),
    };
    // The running total uses the server's pricing rule on the prices the form was given.
    let subtotal = move || {
        let order = build();
        let valid: Vec<NewOrderLine> = order.lines.into_iter().filter(|l| l.qty > 0).collect();
        skus.with_value(|all| price_lines(&valid, |id| all.iter().find(|k| k.sku_id == id).map(|k| k.price)))
            .map(|(_, total)| total)
            .unwrap_or_default()
    };
    // The coupon's discount by the customers area's rule (the server decides on submit).
    let chosen = move || -> Option<CouponView> { known.with(|k| k.as_ref().and_then(|p| p.coupons.iter().find(|c| c.code == coupon.get()).cloned())) };
    let discount = move || {
        let sub = subtotal().to_fen();
        chosen().filter(|c| sub >= c.min_spend.to_fen()).map(|c| crate::customers::logic_coupons::discount_fen(&c.discount, sub)).unwrap_or(0)
    };
    let total = move || crate::money::Money::from_fen(subtotal().to_fen() - discount());
    let submit = Action::new(|input: &NewOrder| create_order(input.clone()));
    Effect::new(move |_| match submit.value().get() {
        Some(Ok((id, no))) => {
            toasts.ok((t.order_created)(&no));
            navigate(&format!("/orders/{}", id.0), Default::default());
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let order = build();
        match check_new_order(&order) {
            Ok(_) => {
                error.set(None);
                submit.dispatch(order);
            }
            Err(e) => error.set(Some(e)),
        }
    };
    let sku_options = move || {
        skus.with_value(|all| {
            all.iter()
                .map(|k| {
                    let label = format!("{} · {} ({} {})", k.label(), k.price, t.stock_left, k.qty);
                    view! { <option value=k.sku_id.to_string()>{label}</option> }
                })
                .collect_view()
        })
    };
    let numbered_lines = move || lines.get().into_iter().enumerate().collect::<Vec<(usize, LineInput)>>();
    let field_error = move |field: &'static str| move || if error.get().and_then(|e| e.field().map(|f| f == field)) == Some(true) { "invalid" } else { "" };
    view! {
        <form class="card form" method="post" action="/rpc/create_order" on:submit=on_submit novalidate data-ready=ready_marker()>
            <label>{t.agent}
                <select bind:value=agent class=field_error("agent_id") name="input[agent_id]">
                    <option value="">{c.choose}</option>
                    {agents.into_iter().map(|(id, n)| view! { <option value=id.to_string() selected=preselect == Some(id)>{n}</option> }).collect_view()}
                </select>
            </label>
            <div class="row">
                <label>{t.recipient}<input name="input[customer_name]" bind:value=name class=field_error("customer_name") autocomplete="name" maxlength="40"/></label>
                <label>{t.mobile}<input name="input[mobile]" type="tel" inputmode="numeric" bind:value=mobile class=field_error("mobile") autocomplete="tel" maxlength="20"
                    on:change=move |_| look_up()/></label>
            </div>
            {move || known.with(|k| k.as_ref().filter(|p| p.addresses.len() > 1).map(|p| {
                let options = p.addresses.iter().map(|a| view! { <option value=a.address.clone()>{format!("{} · {}", a.recipient, a.address)}</option> }).collect_view();
                view! {
                    <label>{crate::customers::text::text(lang).addresses}
                        <select on:change=move |ev| address.set(event_target_value(&ev)) data-testid="address-book">
                            <option value="">{c.choose}</option>{options}
                        </select>
                    </label>
                }
            }))}
            <label>{t.address}<textarea name="input[address]" rows="2" bind:value=address class=field_error("address") maxlength="200"></textarea></label>
            {move || known.with(|k| k.as_ref().filter(|p| !p.coupons.is_empty()).map(|p| {
                let ct = crate::customers::text::text(lang);
                let options = p.coupons.iter().map(|k| {
                    let label = crate::customers::text::coupon_line(&k.code, &k.discount, k.min_spend.to_fen(), lang);
                    view! { <option value=k.code.clone()>{label}</option> }
                }).collect_view();
                view! {
                    <label>{ct.coupon}
                        <select bind:value=coupon name="input[coupon_code]" class=field_error("coupon_code") data-testid="coupon">
                            <option value="">{ct.no_coupon}</option>{options}
                        </select>
                    </label>
                }
            }))}
            <label>{t.channel}
                <select bind:value=channel name="input[channel]">
                    {Channel::ALL.into_iter().map(|ch| view! { <option value=ch.code()>{ch.label(lang)}</option> }).collect_view()}
                </select>
            </label>
            <fieldset class=move || format!("lines {}", field_error("lines")())>
                <legend>{t.order_lines}</legend>
                <For each=numbered_lines key=|(_, l)| l.key let:item>
                    <div class="line">
                        <select bind:value=item.1.sku aria-label=t.sku name=format!("input[lines][{}][sku_id]", item.0)>
                            <option value="">{c.choose}</option>
                            {sku_options}
                        </select>
                        <input class="qty" type="number" min="1" max="9999" inputmode="numeric" bind:value=item.1.qty aria-label=t.quantity
                            name=format!("input[lines][{}][qty]", item.0)/>
                        <button type="button" class="link danger" on:click=move |_| lines.update(|v| v.retain(|l| l.key != item.1.key))>
                            {t.remove_line}
                        </button>
                    </div>
                </For>
                <button type="button" class="secondary" on:click=move |_| {
                    let k = next_key.get_value();
                    next_key.set_value(k + 1);
                    lines.update(|v| v.push(LineInput::new(k)));
                }>"+ " {t.add_line}</button>
            </fieldset>
            <div class="form-foot">
                <span class="total">
                    {move || (discount() > 0).then(|| view! { <span class="sub" data-testid="order-discount">{format!("-{} ", crate::money::Money::from_fen(discount()))}</span> })}
                    {t.total} ": " <strong data-testid="order-total">{move || total().to_string()}</strong>
                </span>
                <button type="submit" disabled=move || submit.pending().get()>{t.submit_order}</button>
            </div>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-error=e.code()>{e.message(lang)}</p> })}
        </form>
    }
}
