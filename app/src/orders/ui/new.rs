//! The new order form: owning agent, recipient, items; prices come from the SKUs.

use crate::auth::api::list_agents;
use crate::error::AppError;
use crate::inventory::api::list_stock;
use crate::inventory::SkuStock;
use crate::money::Money;
use crate::orders::api::create_order;
use crate::orders::logic::check_new_order;
use crate::orders::{Channel, NewOrder, NewOrderLine};
use crate::ui::session::{use_lang, use_strings};
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
    let s = use_strings();
    // One resource per server function: a server function reads its context when first
    // polled, which must happen inside the resource (not after another call's await).
    let agents = Resource::new(|| (), |_| list_agents());
    let skus = Resource::new(|| (), |_| list_stock());
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{s.new_order}</h1>
                <a class="button secondary" href="/orders">{s.back}</a>
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
    let s = use_strings();
    let lang = use_lang();
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
        customer_name: name.get(),
        mobile: mobile.get(),
        address: address.get(),
        channel: Channel::parse(&channel.get()).unwrap_or(Channel::Manual),
        lines: lines
            .get()
            .iter()
            .filter_map(|l| Some(NewOrderLine { sku_id: l.sku.get().parse().ok()?, qty: l.qty.get().trim().parse().unwrap_or(0) }))
            .collect(),
    };
    let total = move || {
        let order = build();
        skus.with_value(|all| {
            order
                .lines
                .iter()
                .filter_map(|l| all.iter().find(|k| k.sku_id == l.sku_id).map(|k| k.price.times(l.qty.max(0))))
                .sum::<Money>()
        })
    };
    let submit = Action::new(|input: &NewOrder| create_order(input.clone()));
    Effect::new(move |_| match submit.value().get() {
        Some(Ok((id, no))) => {
            toasts.ok(format!("{} {no}", s.order_created));
            navigate(&format!("/orders/{id}"), Default::default());
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let order = build();
        if order.agent_id == 0 {
            error.set(Some(AppError::validation("agent_id", "请选择所属代理", "Choose the agent")));
            return;
        }
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
                    let text = format!("{} · {} ({} {})", k.label(), k.price, s.stock_left, k.qty);
                    view! { <option value=k.sku_id.to_string()>{text}</option> }
                })
                .collect_view()
        })
    };
    let field_error = move |field: &'static str| {
        move || match error.get() {
            Some(AppError::Validation { field: f, .. }) if f == field => "invalid",
            _ => "",
        }
    };
    view! {
        <form class="card form" on:submit=on_submit novalidate data-ready=ready_marker()>
            <label>{s.agent}
                <select bind:value=agent class=field_error("agent_id") name="agent_id">
                    <option value="">{s.choose}</option>
                    {agents.into_iter().map(|(id, n)| view! { <option value=id.to_string() selected=preselect == Some(id)>{n}</option> }).collect_view()}
                </select>
            </label>
            <div class="row">
                <label>{s.recipient}<input name="customer_name" bind:value=name class=field_error("customer_name") autocomplete="name"/></label>
                <label>{s.mobile}<input name="mobile" type="tel" inputmode="numeric" bind:value=mobile class=field_error("mobile") autocomplete="tel"/></label>
            </div>
            <label>{s.address}<textarea name="address" rows="2" bind:value=address class=field_error("address")></textarea></label>
            <label>{s.channel}
                <select bind:value=channel name="channel">
                    {Channel::ALL.into_iter().map(|c| view! { <option value=c.code()>{c.label(lang)}</option> }).collect_view()}
                </select>
            </label>
            <fieldset class=move || format!("lines {}", field_error("lines")())>
                <legend>{s.order_lines}</legend>
                <For each=move || lines.get() key=|l| l.key let:line>
                    <div class="line">
                        <select bind:value=line.sku aria-label=s.sku name="sku">
                            <option value="">{s.choose}</option>
                            {sku_options}
                        </select>
                        <input class="qty" type="number" min="1" inputmode="numeric" bind:value=line.qty aria-label=s.quantity name="qty"/>
                        <button type="button" class="link danger" on:click=move |_| lines.update(|v| v.retain(|l| l.key != line.key))>
                            {s.remove_line}
                        </button>
                    </div>
                </For>
                <button type="button" class="secondary" on:click=move |_| {
                    let k = next_key.get_value();
                    next_key.set_value(k + 1);
                    lines.update(|v| v.push(LineInput::new(k)));
                }>"+ " {s.add_line}</button>
            </fieldset>
            <div class="form-foot">
                <span class="total">{s.total} ": " <strong data-testid="order-total">{move || total().to_string()}</strong></span>
                <button type="submit" disabled=move || submit.pending().get()>{s.submit_order}</button>
            </div>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e.message(lang)}</p> })}
        </form>
    }
}
