//! The new order form: owning agent, recipient, items; prices come from the SKUs.
//!
//! Before the wasm arrives it is a plain form posting to `/rpc/create_order` (field names
//! in the server function's `input[…]` shape); once hydrated it checks the input with the
//! same rules as the server and submits without a reload. Items are added with the intake
//! area's SKU picker (search, scan); the recipient comes from a pasted chat message or a
//! returning customer, whose address book and usable coupons (customers area) are offered.

use crate::auth::api::list_agents;
use crate::customers::api::lookup_order_customer;
use crate::customers::{CouponView, CustomerId, OrderCustomer, OrderLookup};
use crate::error::AppError;
use crate::intake::ui::{CustomerLookup, PasteBox, SkuPicker};
use crate::intake::{CustomerHit, ParsedContact, SkuHit};
use crate::orders::api::{create_order, find_duplicates, merge_orders};
use crate::orders::logic::{check_new_order, price_lines};
use crate::orders::text::text;
use crate::orders::{Channel, DuplicateOrder, NewOrder, NewOrderLine, OrderId};
use crate::ui::session::{use_common, use_lang};
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{ready_marker, ErrorBox, Loading, StatusBadge};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

/// A line of the form: the SKU picked, its price as offered, the quantity typed.
#[derive(Clone)]
struct LineInput {
    key: u64,
    sku: SkuHit,
    qty: RwSignal<String>,
}

#[component]
pub fn NewOrderPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let t = text(use_lang());
    let c = use_common();
    // One resource per server function: a server function reads its context when first
    // polled, which must happen inside the resource (not after another call's await).
    let agents = Resource::new(|| (), |_| list_agents());
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
                    match (agents.await, prefill.await) {
                        (Ok(agents), prefill) => {
                            let agents = agents.into_iter().map(|a| (a.id, a.display_name)).collect();
                            view! { <OrderForm agents prefill/> }.into_any()
                        }
                        (Err(e), _) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn OrderForm(agents: Vec<(i64, String)>, prefill: Option<OrderCustomer>) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let c = use_common();
    let toasts = use_toasts();
    let navigate = use_navigate();
    // An agent without a downline can only enter orders for itself.
    let preselect = prefill.as_ref().map(|p| p.agent_id).or(if agents.len() == 1 { Some(agents[0].0) } else { None });
    let agent = RwSignal::new(preselect.map(|id| id.to_string()).unwrap_or_default());
    let agent_id = Signal::derive(move || agent.get().parse::<i64>().ok());
    let default_address = prefill.as_ref().and_then(|p| p.addresses.iter().find(|a| a.is_default).or(p.addresses.first()).map(|a| a.address.clone()));
    let name = RwSignal::new(prefill.as_ref().map(|p| p.name.clone()).unwrap_or_default());
    let mobile = RwSignal::new(prefill.as_ref().map(|p| p.mobile.clone()).unwrap_or_default());
    let address = RwSignal::new(default_address.unwrap_or_default());
    // The customer's address book and usable coupons (from the profile, the customer lookup,
    // or looked up by the mobile typed or pasted).
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
    let lines = RwSignal::new(Vec::<LineInput>::new());
    let error = RwSignal::new(None::<AppError>);
    // Fields a pasted message left unsure: highlighted until the user edits them.
    let unsure = RwSignal::new(Vec::<&'static str>::new());

    let build = move || NewOrder {
        agent_id: agent.get().parse().unwrap_or(0),
        customer_name: name.get().into(),
        mobile: mobile.get().into(),
        address: address.get().into(),
        channel: Channel::parse(&channel.get()).unwrap_or(Channel::Manual),
        lines: lines.get().iter().map(|l| NewOrderLine { sku_id: l.sku.sku_id, qty: l.qty.get().trim().parse().unwrap_or(0) }).collect(),
        coupon_code: coupon.get().into(),
    };
    // The running total uses the server's pricing rule on the prices the picker showed.
    let subtotal = move || {
        let order = build();
        let valid: Vec<NewOrderLine> = order.lines.into_iter().filter(|l| l.qty > 0).collect();
        lines.with(|all| price_lines(&valid, |id| all.iter().find(|l| l.sku.sku_id == id).map(|l| l.sku.price))).map(|(_, total)| total).unwrap_or_default()
    };
    // The coupon's discount by the customers area's rule (the server decides on submit).
    let chosen = move || -> Option<CouponView> { known.with(|k| k.as_ref().and_then(|p| p.coupons.iter().find(|c| c.code == coupon.get()).cloned())) };
    let discount = move || {
        let sub = subtotal().to_fen();
        chosen().filter(|c| sub >= c.min_spend.to_fen()).map(|c| crate::customers::logic_coupons::discount_fen(&c.discount, sub)).unwrap_or(0)
    };
    let total = move || crate::money::Money::from_fen(subtotal().to_fen() - discount());
    // A line's quantity signal belongs to the form, not to the picker row that was tapped
    // (the row goes away with the results, and its signals with it).
    let owner = Owner::current();
    let add = Callback::new(move |hit: SkuHit| {
        let existing = lines.with_untracked(|v| v.iter().find(|l| l.sku.sku_id == hit.sku_id).map(|l| l.qty));
        match existing {
            Some(qty) => qty.update(|q| *q = (q.trim().parse::<i64>().unwrap_or(0) + 1).to_string()),
            None => {
                let key = next_key.get_value();
                next_key.set_value(key + 1);
                let qty = match &owner {
                    Some(o) => o.with(|| RwSignal::new("1".to_string())),
                    None => RwSignal::new("1".to_string()),
                };
                lines.update(|v| v.push(LineInput { key, sku: hit.clone(), qty }));
            }
        }
        toasts.ok(crate::intake::text::text(lang).picked.clone()(&hit.label));
    });
    let apply_paste = Callback::new(move |p: ParsedContact| {
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
        if p.mobile.is_some() {
            look_up();
        }
        if channel.get_untracked() == Channel::Manual.code() {
            channel.set(Channel::Wechat.code().to_string());
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
    let use_customer = Callback::new(move |h: CustomerHit| {
        lookup.dispatch(OrderLookup { id: Some(CustomerId(h.id)), ..Default::default() });
        name.set(h.name);
        mobile.set(h.mobile);
        address.set(h.address);
        unsure.set(Vec::new());
    });
    let submit = Action::new(|input: &NewOrder| create_order(input.clone()));
    let navigate = StoredValue::new(navigate);
    Effect::new(move |_| match submit.value().get() {
        Some(Ok((id, no))) => {
            toasts.ok((t.order_created)(&no));
            navigate.with_value(|n| n(&format!("/orders/{}", id.0), Default::default()));
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    // Before saving: open orders to the same recipient? Then ask 是否合并订单.
    let dups = RwSignal::new(None::<Vec<DuplicateOrder>>);
    let pending = StoredValue::new(None::<NewOrder>);
    let check = Action::new(|o: &NewOrder| find_duplicates(o.agent_id, o.mobile.as_str().into(), o.address.as_str().into()));
    Effect::new(move |_| match check.value().get() {
        Some(Ok(list)) if !list.is_empty() => dups.set(Some(list)),
        Some(Ok(_)) | Some(Err(_)) => {
            // No twin (or the check failed): save as usual.
            if let Some(o) = pending.get_value() {
                pending.set_value(None);
                submit.dispatch(o);
            }
        }
        None => {}
    });
    // Merge: the order is created, then merged into the chosen one (one action for the user).
    let merge = Action::new(|(keep, input): &(OrderId, NewOrder)| {
        let (keep, input) = (*keep, input.clone());
        async move {
            let (id, _) = create_order(input).await?;
            match merge_orders(keep, id).await {
                Ok(()) => Ok::<_, AppError>((keep, None)),
                Err(e) => Ok((id, Some(e))),
            }
        }
    });
    Effect::new(move |_| match merge.value().get() {
        Some(Ok((id, None))) => {
            toasts.ok(t.merged_done);
            navigate.with_value(|n| n(&format!("/orders/{}", id.0), Default::default()));
        }
        Some(Ok((id, Some(e)))) => {
            toasts.err(e.message(lang));
            navigate.with_value(|n| n(&format!("/orders/{}", id.0), Default::default()));
        }
        Some(Err(e)) => {
            dups.set(None);
            error.set(Some(e));
        }
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let order = build();
        match check_new_order(&order) {
            Ok(_) => {
                error.set(None);
                pending.set_value(Some(order.clone()));
                check.dispatch(order);
            }
            Err(e) => error.set(Some(e)),
        }
    };
    let separately = move |_| {
        dups.set(None);
        if let Some(o) = pending.get_value() {
            pending.set_value(None);
            submit.dispatch(o);
        }
    };
    let merge_into = move |keep: OrderId| {
        dups.set(None);
        if let Some(o) = pending.get_value() {
            pending.set_value(None);
            merge.dispatch((keep, o));
        }
    };
    let busy = move || submit.pending().get() || check.pending().get() || merge.pending().get();
    let numbered_lines = move || lines.get().into_iter().enumerate().collect::<Vec<(usize, LineInput)>>();
    let field_class = move |field: &'static str| {
        move || {
            let invalid = error.get().and_then(|e| e.field().map(|f| f == field)) == Some(true);
            let check = unsure.with(|u| u.contains(&field));
            match (invalid, check) {
                (true, _) => "invalid",
                (false, true) => "unsure",
                _ => "",
            }
        }
    };
    let edited = move |field: &'static str| unsure.update(|u| u.retain(|f| *f != field));
    view! {
        <form class="card form order-form" method="post" action="/rpc/create_order" on:submit=on_submit novalidate data-ready=ready_marker()>
            <label>{t.agent}
                <select bind:value=agent class=field_class("agent_id") name="input[agent_id]">
                    <option value="">{c.choose}</option>
                    {agents.into_iter().map(|(id, n)| view! { <option value=id.to_string() selected=preselect == Some(id)>{n}</option> }).collect_view()}
                </select>
            </label>
            <PasteBox on_apply=apply_paste/>
            <CustomerLookup agent=agent_id on_pick=use_customer/>
            <div class="row">
                <label>{t.recipient}<input name="input[customer_name]" class=field_class("customer_name") autocomplete="name" maxlength="40"
                    data-testid="recipient" prop:value=move || name.get() on:input=move |ev| { name.set(event_target_value(&ev)); edited("customer_name"); }/></label>
                <label>{t.mobile}<input name="input[mobile]" type="tel" inputmode="numeric" class=field_class("mobile") autocomplete="tel" maxlength="20"
                    data-testid="mobile" prop:value=move || mobile.get() on:input=move |ev| { mobile.set(event_target_value(&ev)); edited("mobile"); }
                    on:change=move |_| look_up()/></label>
            </div>
            {move || known.with(|k| k.as_ref().filter(|p| p.addresses.len() > 1).map(|p| {
                let options = p.addresses.iter().map(|a| view! { <option value=a.address.clone()>{format!("{} · {}", a.recipient, a.address)}</option> }).collect_view();
                view! {
                    <label>{crate::customers::text::text(lang).addresses}
                        <select on:change=move |ev| { address.set(event_target_value(&ev)); edited("address"); } data-testid="address-book">
                            <option value="">{c.choose}</option>{options}
                        </select>
                    </label>
                }
            }))}
            <label>{t.address}<textarea name="input[address]" rows="2" class=field_class("address") maxlength="200" data-testid="address"
                prop:value=move || address.get() on:input=move |ev| { address.set(event_target_value(&ev)); edited("address"); }></textarea></label>
            {move || known.with(|k| k.as_ref().filter(|p| !p.coupons.is_empty()).map(|p| {
                let ct = crate::customers::text::text(lang);
                let options = p.coupons.iter().map(|k| {
                    let label = crate::customers::text::coupon_line(&k.code, &k.discount, k.min_spend.to_fen(), lang);
                    view! { <option value=k.code.clone()>{label}</option> }
                }).collect_view();
                view! {
                    <label>{ct.coupon}
                        <select bind:value=coupon name="input[coupon_code]" class=field_class("coupon_code") data-testid="coupon">
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
            <fieldset class=move || format!("lines {}", field_class("lines")())>
                <legend>{t.order_lines}</legend>
                <SkuPicker agent=agent_id on_pick=add/>
                <ul class="order-lines" data-testid="order-lines">
                    <For each=numbered_lines key=|(_, l)| l.key let:item>
                        <li class="line" data-sku=item.1.sku.sku_id.to_string()>
                            <input type="hidden" name=format!("input[lines][{}][sku_id]", item.0) value=item.1.sku.sku_id.to_string()/>
                            <span class="line-label">{item.1.sku.label.clone()} <span class="muted small">{item.1.sku.price.to_string()}</span></span>
                            <input class="qty" type="number" min="1" max="9999" inputmode="numeric" bind:value=item.1.qty aria-label=t.quantity
                                name=format!("input[lines][{}][qty]", item.0)/>
                            <button type="button" class="link danger" on:click={
                                let key = item.1.key;
                                move |_| lines.update(|v| v.retain(|l| l.key != key))
                            }>{t.remove_line}</button>
                        </li>
                    </For>
                </ul>
            </fieldset>
            <div class="form-foot">
                <span class="total">
                    {move || (discount() > 0).then(|| view! { <span class="sub" data-testid="order-discount">{format!("-{} ", crate::money::Money::from_fen(discount()))}</span> })}
                    {t.total} ": " <strong data-testid="order-total">{move || total().to_string()}</strong>
                </span>
                <button type="submit" disabled=busy>{t.submit_order}</button>
            </div>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-error=e.code()>{e.message(lang)}</p> })}
        </form>
        {move || dups.get().map(|list| {
            let rows = list.into_iter().map(|d| {
                let reason = if lang == crate::i18n::Lang::Zh { d.reason_zh.clone() } else { d.reason_en.clone() };
                let keep = d.id;
                view! {
                    <li class="dup-row" data-testid="dup-order" data-no=d.order_no.clone()>
                        <div>
                            <strong>{d.order_no.clone()}</strong> " " <StatusBadge status=d.status/> " " {d.total.to_string()}
                            <div class="sub">{d.recipient_name.clone()} " · " {d.address.clone()}</div>
                            <div class="sub">{reason}</div>
                        </div>
                        {if d.can_merge {
                            view! { <button type="button" data-testid="merge-into" disabled=busy on:click=move |_| merge_into(keep)>{t.merge_into}</button> }.into_any()
                        } else {
                            view! { <span class="sub">{t.merge_not_possible}</span> }.into_any()
                        }}
                    </li>
                }
            }).collect_view();
            view! {
                <div class="card merge-prompt" role="dialog" aria-modal="false" aria-labelledby="merge-title" data-testid="merge-prompt">
                    <h2 id="merge-title">{t.merge_prompt}</h2>
                    <p>{t.merge_prompt_hint}</p>
                    <ul class="dup-list">{rows}</ul>
                    <div class="form-foot">
                        <button type="button" class="secondary" on:click=move |_| dups.set(None)>{t.back_to_edit}</button>
                        <button type="button" data-testid="no-merge" disabled=busy on:click=separately>{t.no_merge}</button>
                    </div>
                </div>
            }
        })}
    }
}
