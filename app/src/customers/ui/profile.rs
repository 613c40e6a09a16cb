//! A customer's profile: contacts, totals, RFM and lifecycle, tags (automatic ones with their
//! rule), the notes timeline (added from the phone), addresses, custom fields, orders,
//! coupons, stage history; the boss's personal-data export and erasure.

use super::{day_text, segment_text, StageBadge};
use crate::customers::api::{
    add_customer_note, delete_customer_address, erase_customer, get_customer, save_customer_address, set_customer_tag,
    set_default_address, update_customer,
};
use crate::customers::text::{coupon_line, coupon_state_label, text};
use crate::customers::text_rules::describe;
use crate::customers::{AddressInput, CustomerEdit, CustomerId, CustomerProfile, FieldInput, NoteKind};
use crate::time::format_ms;
use crate::ui::session::{use_common, use_lang};
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{confirm, ready_marker, Empty, ErrorBox, Loading, StatusBadge};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CustomerPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let t = text(use_lang());
    let c = use_common();
    let params = use_params_map();
    let id = move || CustomerId(params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let profile = Resource::new(id, get_customer);
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{t.profile}</h1>
                <a class="button secondary" href="/customers">{c.back}</a>
            </div>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match profile.await {
                        Ok(p) => view! { <Profile p on_change=move || profile.refetch()/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Profile(p: CustomerProfile, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let s = p.summary.clone();
    let id = s.id;
    let rfm = match p.rfm {
        Some((r, f, m)) => (t.rfm_scores)(r, f, m),
        None => t.not_scored.to_string(),
    };
    view! {
        <div class="card customer-head">
            <div class="order-title">
                <span class="order-no" data-testid="customer-name">{s.name.clone()}</span>
                <StageBadge stage=s.stage/>
                <span class="badge segment">{segment_text(s.segment, lang)}</span>
            </div>
            {p.erased.then(|| view! { <p class="notice">{t.erased_note}</p> })}
            <dl class="facts">
                <dt>{t.mobile}</dt><dd data-testid="customer-mobile">{s.mobile.clone()}{p.masked.then(|| view! { <div class="sub">{t.masked_note}</div> })}</dd>
                <dt>{t.wechat_id}</dt><dd>{p.wechat_id.clone()}</dd>
                <dt>{t.birthday}</dt><dd>{p.birthday.map(day_text).unwrap_or_default()}</dd>
                <dt>{t.agent}</dt><dd>{s.agent_name.clone()}</dd>
                <dt>{t.orders}</dt><dd data-testid="customer-orders">{s.orders}</dd>
                <dt>{t.spend}</dt><dd>{s.spend.to_string()}</dd>
                <dt>{t.average_order}</dt><dd>{p.average_order.to_string()}</dd>
                <dt>{t.first_order}</dt><dd>{p.first_order_at.map(format_ms).unwrap_or_default()}</dd>
                <dt>{t.last_order}</dt><dd>{s.last_order_at.map(format_ms).unwrap_or_default()}</dd>
                <dt>{t.rfm}</dt><dd>{rfm}</dd>
            </dl>
            <div class="actions">
                {p.can_edit.then(|| view! { <a class="button" href=format!("/orders/new?customer={}", id.0) data-testid="place-order">{t.place_order}</a> })}
                {(p.can_manage && !p.erased).then(|| view! { <Pipl id on_change/> })}
            </div>
        </div>
        <Tags p=p.clone() on_change/>
        <Notes p=p.clone() on_change/>
        <Addresses p=p.clone() on_change/>
        {p.can_edit.then(|| view! { <EditForm p=p.clone() on_change/> })}
        <Orders p=p.clone()/>
        <Coupons p=p.clone()/>
        <div class="card">
            <h2>{t.stage_history}</h2>
            <ul class="timeline">
                {p.stage_history.iter().map(|h| {
                    let from = h.from.map(|f| format!("{} → ", f.label(lang))).unwrap_or_default();
                    view! { <li><span class="sub">{day_text(h.day)}</span> " " {from}{h.to.label(lang)}</li> }
                }).collect_view()}
            </ul>
        </div>
    }
}

#[component]
fn Pipl(id: CustomerId, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let toasts = use_toasts();
    let erase = Action::new(move |_: &()| erase_customer(id));
    Effect::new(move |_| match erase.value().get() {
        Some(Ok(())) => {
            toasts.ok(t.erased_done);
            on_change();
        }
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    view! {
        // A plain form post: the server answers with the JSON file itself.
        <form method="post" action="/rpc/export_personal_data" class="inline">
            <input type="hidden" name="id" value=id.0.to_string()/>
            <button type="submit" class="secondary">{t.export_personal}</button>
        </form>
        <button type="button" class="danger" data-testid="erase" on:click=move |_| { if confirm(t.confirm_erase) { erase.dispatch(()); } }>{t.erase}</button>
    }
}

#[component]
fn Tags(p: CustomerProfile, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let c = use_common();
    let toasts = use_toasts();
    let id = p.summary.id;
    let act = Action::new(move |(tag, on): &(i64, bool)| set_customer_tag(id, *tag, *on));
    Effect::new(move |_| match act.value().get() {
        Some(Ok(())) => on_change(),
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    let chosen = RwSignal::new(String::new());
    let can_edit = p.can_edit;
    let tags = p
        .tags
        .iter()
        .map(|g| {
            let tag = g.id;
            let detail = match &g.rule {
                Some(r) => format!("{}{}", t.auto_tag_by, describe(r, lang)),
                None => t.manual_tag.to_string(),
            };
            let manual = g.rule.is_none();
            view! {
                <li class="tag-item" data-tag=g.name.clone()>
                    <span class=if manual { "badge tag" } else { "badge tag auto" }>{g.name.clone()}</span>
                    <span class="sub">{detail}</span>
                    {(manual && can_edit).then(|| view! {
                        <button type="button" class="link danger" on:click=move |_| { act.dispatch((tag, false)); }>{t.remove_tag}</button>
                    })}
                </li>
            }
        })
        .collect_view();
    let options = p.manual_tags.iter().map(|(i, n)| view! { <option value=i.to_string()>{n.clone()}</option> }).collect_view();
    view! {
        <div class="card">
            <h2>{t.tags}</h2>
            <ul class="tag-list">{tags}</ul>
            {(can_edit && !p.manual_tags.is_empty()).then(|| view! {
                <div class="inline-form row-actions">
                    <select bind:value=chosen aria-label=t.add_tag><option value="">{c.choose}</option>{options}</select>
                    <button type="button" class="secondary" on:click=move |_| {
                        if let Ok(tag) = chosen.get().parse::<i64>() { act.dispatch((tag, true)); }
                    }>{t.add_tag}</button>
                </div>
            })}
        </div>
    }
}

#[component]
fn Notes(p: CustomerProfile, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let toasts = use_toasts();
    let id = p.summary.id;
    let kind = RwSignal::new(NoteKind::Consultation.code().to_string());
    let body = RwSignal::new(String::new());
    let act = Action::new(move |(k, b): &(NoteKind, String)| add_customer_note(id, *k, b.as_str().into()));
    Effect::new(move |_| match act.value().get() {
        Some(Ok(_)) => {
            toasts.ok(t.note_added);
            body.set(String::new());
            on_change();
        }
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    let items = p
        .notes
        .iter()
        .map(|n| {
            view! {
                <li class="note">
                    <div><span class="badge note-kind">{n.kind.label(lang)}</span> " " <span class="sub">{format_ms(n.at)} " · " {n.user_name.clone()}</span></div>
                    <div>{n.body.clone()}</div>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="card">
            <h2>{t.timeline}</h2>
            {p.can_edit.then(|| view! {
                <form class="form note-form" method="post" action="/rpc/add_customer_note" data-ready=ready_marker() on:submit=move |ev| {
                    ev.prevent_default();
                    act.dispatch((NoteKind::parse(&kind.get()).unwrap_or(NoteKind::Other), body.get()));
                }>
                    <input type="hidden" name="id" value=id.0.to_string()/>
                    <select name="kind" bind:value=kind aria-label=t.timeline>
                        {NoteKind::ALL.into_iter().map(|k| view! { <option value=k.code()>{k.label(lang)}</option> }).collect_view()}
                    </select>
                    <textarea name="body" rows="3" bind:value=body placeholder=t.note_placeholder aria-label=t.add_note maxlength="1000"></textarea>
                    <button type="submit" disabled=move || act.pending().get()>{t.add_note}</button>
                </form>
            })}
            {if p.notes.is_empty() { view! { <p class="muted">{t.no_notes}</p> }.into_any() } else { view! { <ul class="timeline notes">{items}</ul> }.into_any() }}
        </div>
    }
}

#[component]
fn Addresses(p: CustomerProfile, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let toasts = use_toasts();
    let id = p.summary.id;
    let make_default = Action::new(move |a: &i64| set_default_address(id, *a));
    let delete = Action::new(move |a: &i64| delete_customer_address(id, *a));
    let add = Action::new(move |a: &AddressInput| save_customer_address(id, a.clone()));
    for act in [make_default, delete] {
        Effect::new(move |_| match act.value().get() {
            Some(Ok(())) => on_change(),
            Some(Err(e)) => toasts.err(e.message(lang)),
            None => {}
        });
    }
    Effect::new(move |_| match add.value().get() {
        Some(Ok(())) => on_change(),
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    let (recipient, mobile, address) = (RwSignal::new(p.summary.name.clone()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let can_edit = p.can_edit;
    let rows = p
        .addresses
        .iter()
        .map(|a| {
            let aid = a.id;
            let is_default = a.is_default;
            view! {
                <li>
                    <div>{a.recipient.clone()} " · " {a.mobile.clone()} {is_default.then(|| view! { " " <span class="badge">{t.default_address}</span> })}</div>
                    <div class="sub">{a.address.clone()}</div>
                    {can_edit.then(|| view! {
                        <div class="row-actions">
                            {(!is_default).then(|| view! { <button type="button" class="link" on:click=move |_| { make_default.dispatch(aid); }>{t.make_default}</button> })}
                            <button type="button" class="link danger" on:click=move |_| { if confirm(t.confirm_delete_address) { delete.dispatch(aid); } }>{t.delete}</button>
                        </div>
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="card">
            <h2>{t.addresses}</h2>
            <ul class="timeline addresses">{rows}</ul>
            {can_edit.then(|| view! {
                <details class="add-address">
                    <summary class="link">"+ " {t.add_address}</summary>
                    <form class="form" on:submit=move |ev| {
                        ev.prevent_default();
                        add.dispatch(AddressInput { recipient: recipient.get().into(), mobile: mobile.get().into(), address: address.get().into(), is_default: false });
                    }>
                        <div class="row">
                            <label>{t.recipient}<input bind:value=recipient maxlength="40"/></label>
                            <label>{t.mobile}<input type="tel" inputmode="numeric" bind:value=mobile maxlength="20"/></label>
                        </div>
                        <label>{t.address}<textarea rows="2" bind:value=address maxlength="200"></textarea></label>
                        <button type="submit">{t.save}</button>
                    </form>
                </details>
            })}
        </div>
    }
}

#[component]
fn EditForm(p: CustomerProfile, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let toasts = use_toasts();
    let id = p.summary.id;
    let name = RwSignal::new(p.summary.name.clone());
    let wechat = RwSignal::new(p.wechat_id.clone());
    let birthday = RwSignal::new(p.birthday.map(day_text).unwrap_or_default());
    let fields: Vec<(String, RwSignal<String>, bool)> =
        p.fields.iter().map(|f| (f.name.clone(), RwSignal::new(f.value.clone()), f.kind == crate::customers::FieldKind::Number)).collect();
    let fields = StoredValue::new(fields);
    let act = Action::new(move |e: &CustomerEdit| update_customer(id, e.clone()));
    Effect::new(move |_| match act.value().get() {
        Some(Ok(())) => {
            toasts.ok(t.saved);
            on_change();
        }
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    view! {
        <details class="card">
            <summary>{t.edit} " · " {t.contacts} " / " {t.custom_fields}</summary>
            <form class="form" on:submit=move |ev| {
                ev.prevent_default();
                let e = CustomerEdit {
                    name: name.get().into(),
                    wechat_id: wechat.get().into(),
                    birthday: birthday.get().into(),
                    fields: fields.with_value(|f| f.iter().map(|(n, v, _)| FieldInput { name: n.as_str().into(), value: v.get().into() }).collect()),
                };
                act.dispatch(e);
            }>
                <div class="row">
                    <label>{t.name}<input bind:value=name maxlength="40"/></label>
                    <label>{t.wechat_id}<input bind:value=wechat maxlength="40"/></label>
                    <label>{t.birthday}<input type="date" bind:value=birthday/></label>
                </div>
                <div class="row">
                    {fields.with_value(|f| f.iter().map(|(n, v, number)| {
                        let v = *v;
                        let mode = if *number { "decimal" } else { "text" };
                        view! { <label>{n.clone()}<input bind:value=v inputmode=mode maxlength="50"/></label> }
                    }).collect_view())}
                </div>
                <button type="submit" disabled=move || act.pending().get()>{t.save}</button>
            </form>
        </details>
    }
}

#[component]
fn Orders(p: CustomerProfile) -> impl IntoView {
    let t = text(use_lang());
    if p.orders.is_empty() {
        return view! { <div class="card"><h2>{t.order_history}</h2><Empty text=t.no_orders/></div> }.into_any();
    }
    let rows = p
        .orders
        .iter()
        .map(|o| {
            view! {
                <tr>
                    <td><a href=format!("/orders/{}", o.id.0)>{o.order_no.clone()}</a><div class="sub">{format_ms(o.created_at)}</div></td>
                    <td><StatusBadge status=o.status/></td>
                    <td class="num">{o.total.to_string()}</td>
                    <td class="sub">{o.agent_name.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="card">
            <h2>{t.order_history}</h2>
            <table class="table compact"><tbody>{rows}</tbody></table>
        </div>
    }
    .into_any()
}

#[component]
fn Coupons(p: CustomerProfile) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    if p.coupons.is_empty() {
        return ().into_any();
    }
    let rows = p
        .coupons
        .iter()
        .map(|k| {
            view! {
                <li data-coupon=k.code.clone()>
                    <span class="coupon-code">{coupon_line(&k.code, &k.discount, k.min_spend.to_fen(), lang)}</span>
                    " " <span class="badge">{coupon_state_label(k.state, lang)}</span>
                    <div class="sub">{t.expires} " " {format_ms(k.expires_at)} {k.campaign.clone().map(|c| format!(" · {c}"))}</div>
                </li>
            }
        })
        .collect_view();
    view! { <div class="card"><h2>{t.coupons}</h2><ul class="timeline">{rows}</ul></div> }.into_any()
}
