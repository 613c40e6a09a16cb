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
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

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
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{t.new_order}</h1>
                <a class="button secondary" href="/orders">{c.back}</a>
            </div>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match (agents.await, skus.await) {
                        (Ok(agents), Ok(skus)) => {
                            let agents = agents.into_iter().map(|a| (a.id, a.display_name)).collect();
                            view! { <OrderForm agents skus/> }.into_any()
                        }
                        (Err(e), _) | (_, Err(e)) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn OrderForm(agents: Vec<(i64, String)>, skus: Vec<SkuStock>) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let c = use_common();
    let toasts = use_toasts();
    let navigate = use_navigate();
    // An agent without a downline can only enter orders for itself.
    let preselect = if agents.len() == 1 { Some(agents[0].0) } else { None };
    let agent = RwSignal::new(preselect.map(|id| id.to_string()).unwrap_or_default());
    let name = RwSignal::new(String::new());
    let mobile = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
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
    };
    // The running total uses the server's pricing rule on the prices the form was given.
    let total = move || {
        let order = build();
        let valid: Vec<NewOrderLine> = order.lines.into_iter().filter(|l| l.qty > 0).collect();
        skus.with_value(|all| price_lines(&valid, |id| all.iter().find(|k| k.sku_id == id).map(|k| k.price)))
            .map(|(_, total)| total)
            .unwrap_or_default()
    };
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
                <label>{t.mobile}<input name="input[mobile]" type="tel" inputmode="numeric" bind:value=mobile class=field_error("mobile") autocomplete="tel" maxlength="20"/></label>
            </div>
            <label>{t.address}<textarea name="input[address]" rows="2" bind:value=address class=field_error("address") maxlength="200"></textarea></label>
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
                <span class="total">{t.total} ": " <strong data-testid="order-total">{move || total().to_string()}</strong></span>
                <button type="submit" disabled=move || submit.pending().get()>{t.submit_order}</button>
            </div>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-error=e.code()>{e.message(lang)}</p> })}
        </form>
    }
}
