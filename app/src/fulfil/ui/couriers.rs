//! The boss's courier settings (O5): couriers with their sender block and account, the
//! remote-area list, the default courier, and the routing rules in the order they apply.
//! Edited in the page as one document and saved (validated) as a whole.

use crate::fulfil::api::{get_routing, save_routing};
use crate::fulfil::text::text;
use crate::fulfil::{Area, Conditions, Courier, Range, RoutingConfig, RoutingRule, SenderAddress};
use crate::money::Money;
use crate::ui::session::use_lang;
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{confirm, ready_marker, ErrorBox, Loading};
use leptos::prelude::*;

#[component]
pub fn CouriersPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let t = text(use_lang());
    let cfg = Resource::new(|| (), |_| get_routing());
    view! {
        <section class="page couriers-page">
            <h1>{t.couriers_title}</h1>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match cfg.await {
                        Ok(c) => view! { <Editor initial=c/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn join(v: &[String]) -> String {
    v.join("，")
}

fn split(s: &str) -> Vec<String> {
    s.split([',', '，', '、', ' ', ';']).map(str::trim).filter(|x| !x.is_empty()).map(str::to_string).collect()
}

fn areas_text(a: &[Area]) -> String {
    a.iter().map(|a| if a.city.is_empty() { a.province.clone() } else { format!("{}/{}", a.province, a.city) }).collect::<Vec<_>>().join("，")
}

fn parse_areas(s: &str) -> Vec<Area> {
    split(s)
        .into_iter()
        .map(|x| match x.split_once('/') {
            Some((p, c)) => Area { province: p.trim().into(), city: c.trim().into() },
            None => Area { province: x, city: String::new() },
        })
        .collect()
}

fn int_or_none(s: &str) -> Option<i64> {
    s.trim().parse().ok()
}

fn fen_or_none(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.is_empty() { None } else { Money::parse(s).ok().map(Money::to_fen) }
}

fn opt_text(v: Option<i64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn opt_yuan(v: Option<i64>) -> String {
    v.map(|v| Money::from_fen(v).to_string().trim_start_matches('¥').replace(',', "")).unwrap_or_default()
}

#[component]
fn Editor(initial: RoutingConfig) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let toasts = use_toasts();
    let cfg = RwSignal::new(initial);
    // Bumped on structural changes (add, delete, move): only then are the lists redrawn,
    // so typing into a field never re-renders (and never loses focus).
    let shape = RwSignal::new(0u32);
    let restructure = move |f: &dyn Fn(&mut RoutingConfig)| {
        cfg.update_untracked(|c| f(c));
        shape.update(|n| *n += 1);
    };
    let save = Action::new(move |c: &RoutingConfig| save_routing(c.clone()));
    let error = RwSignal::new(None);
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => {
            error.set(None);
            toasts.ok(t.saved);
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let edit = move |f: Box<dyn Fn(&mut RoutingConfig)>| cfg.update_untracked(|c| f(c));
    let ready = ready_marker();

    let couriers = move || {
        shape.track();
        let n = cfg.with_untracked(|c| c.couriers.len());
        (0..n)
            .map(|i| {
                let c = cfg.with_untracked(|c| c.couriers[i].clone());
                let text_input = move |label: &'static str, value: String, f: fn(&mut Courier, String)| {
                    view! {
                        <label>{label}<input value=value on:input=move |ev| { let v = event_target_value(&ev); edit(Box::new(move |c| f(&mut c.couriers[i], v.clone()))); }/></label>
                    }
                };
                view! {
                    <fieldset class="courier-row" data-code=c.code.clone()>
                        {text_input(t.code, c.code.clone(), |c, v| c.code = v)}
                        {text_input(t.name, c.name.clone(), |c, v| c.name = v)}
                        {text_input(t.account, c.account.clone(), |c, v| c.account = v)}
                        {text_input(t.sender_name, c.sender.name.clone(), |c, v| c.sender.name = v)}
                        {text_input(t.sender_mobile, c.sender.mobile.clone(), |c, v| c.sender.mobile = v)}
                        {text_input(t.province, c.sender.province.clone(), |c, v| c.sender.province = v)}
                        {text_input(t.city, c.sender.city.clone(), |c, v| c.sender.city = v)}
                        {text_input(t.district, c.sender.district.clone(), |c, v| c.sender.district = v)}
                        {text_input(t.detail, c.sender.detail.clone(), |c, v| c.sender.detail = v)}
                        <label class="check"><input type="checkbox" prop:checked=c.active on:change=move |ev| { let on = event_target_checked(&ev); edit(Box::new(move |c| c.couriers[i].active = on)); }/>{t.active}</label>
                    </fieldset>
                }
            })
            .collect_view()
    };

    let courier_options = move |selected: String| {
        cfg.with_untracked(|c| c.couriers.iter().map(|k| (k.code.clone(), k.name.clone())).collect::<Vec<_>>())
            .into_iter()
            .map(|(code, name)| {
                let sel = code == selected;
                view! { <option value=code.clone() selected=sel>{name} " (" {code.clone()} ")"</option> }
            })
            .collect_view()
    };

    let rules = move || {
        shape.track();
        let n = cfg.with_untracked(|c| c.rules.len());
        (0..n)
            .map(|i| {
                let r = cfg.with_untracked(|c| c.rules[i].clone());
                let remote = match r.when.remote {
                    None => "any",
                    Some(true) => "yes",
                    Some(false) => "no",
                };
                view! {
                    <fieldset class="rule-row" data-rule=i.to_string()>
                        <legend>{i + 1} ". " {r.name.clone()}</legend>
                        <label>{t.rule_name}<input name="rule_name" value=r.name.clone() on:input=move |ev| { let v = event_target_value(&ev); edit(Box::new(move |c| c.rules[i].name = v.clone())); }/></label>
                        <label>{t.courier}<select name="rule_courier" on:change=move |ev| { let v = event_target_value(&ev); edit(Box::new(move |c| c.rules[i].courier_code = v.clone())); }>{courier_options(r.courier_code.clone())}</select></label>
                        <label>{t.provinces}<input name="rule_provinces" placeholder=t.list_hint value=join(&r.when.provinces) on:input=move |ev| { let v = split(&event_target_value(&ev)); edit(Box::new(move |c| c.rules[i].when.provinces = v.clone())); }/></label>
                        <label>{t.cities}<input name="rule_cities" placeholder=t.list_hint value=join(&r.when.cities) on:input=move |ev| { let v = split(&event_target_value(&ev)); edit(Box::new(move |c| c.rules[i].when.cities = v.clone())); }/></label>
                        <label>{t.remote}<select name="rule_remote" on:change=move |ev| {
                            let v = match event_target_value(&ev).as_str() { "yes" => Some(true), "no" => Some(false), _ => None };
                            edit(Box::new(move |c| c.rules[i].when.remote = v));
                        }>
                            <option value="any" selected=remote == "any">{t.remote_any}</option>
                            <option value="yes" selected=remote == "yes">{t.remote_yes}</option>
                            <option value="no" selected=remote == "no">{t.remote_no}</option>
                        </select></label>
                        <label>{t.weight} " " {t.min}<input type="number" min="0" value=opt_text(r.when.weight_g.min) on:input=move |ev| { let v = int_or_none(&event_target_value(&ev)); edit(Box::new(move |c| c.rules[i].when.weight_g.min = v)); }/></label>
                        <label>{t.weight} " " {t.max}<input type="number" min="0" value=opt_text(r.when.weight_g.max) on:input=move |ev| { let v = int_or_none(&event_target_value(&ev)); edit(Box::new(move |c| c.rules[i].when.weight_g.max = v)); }/></label>
                        <label>{t.amount_yuan} " " {t.min}<input inputmode="decimal" value=opt_yuan(r.when.amount_fen.min) on:input=move |ev| { let v = fen_or_none(&event_target_value(&ev)); edit(Box::new(move |c| c.rules[i].when.amount_fen.min = v)); }/></label>
                        <label>{t.amount_yuan} " " {t.max}<input inputmode="decimal" value=opt_yuan(r.when.amount_fen.max) on:input=move |ev| { let v = fen_or_none(&event_target_value(&ev)); edit(Box::new(move |c| c.rules[i].when.amount_fen.max = v)); }/></label>
                        <label class="check"><input type="checkbox" prop:checked=r.force on:change=move |ev| { let on = event_target_checked(&ev); edit(Box::new(move |c| c.rules[i].force = on)); }/>{t.force}</label>
                        <label class="check"><input type="checkbox" prop:checked=r.enabled on:change=move |ev| { let on = event_target_checked(&ev); edit(Box::new(move |c| c.rules[i].enabled = on)); }/>{t.enabled}</label>
                        <div class="actions">
                            <button type="button" class="secondary" disabled=i == 0 on:click=move |_| restructure(&|c: &mut RoutingConfig| c.rules.swap(i - 1, i))>{t.up}</button>
                            <button type="button" class="secondary" disabled=i + 1 == n on:click=move |_| restructure(&|c: &mut RoutingConfig| c.rules.swap(i, i + 1))>{t.down}</button>
                            <button type="button" class="danger" on:click=move |_| if confirm(t.confirm_delete_rule) { restructure(&|c: &mut RoutingConfig| { c.rules.remove(i); }) }>{t.delete}</button>
                        </div>
                    </fieldset>
                }
            })
            .collect_view()
    };

    let default_select = move || {
        shape.track();
        let d = cfg.with_untracked(|c| c.default_courier.clone());
        view! {
            <select name="default_courier" on:change=move |ev| { let v = event_target_value(&ev); edit(Box::new(move |c| c.default_courier = v.clone())); }>{courier_options(d)}</select>
        }
    };
    let remote_text = cfg.with_untracked(|c| areas_text(&c.remote_areas));

    view! {
        <div class="routing-editor" data-ready=ready>
            <div class="card">
                <h2>{t.couriers}</h2>
                {couriers}
                <button type="button" class="secondary" on:click=move |_| restructure(&|c: &mut RoutingConfig| c.couriers.push(Courier {
                    code: String::new(), name: String::new(), sender: SenderAddress::default(), account: String::new(), active: true,
                }))>{t.add_courier}</button>
                <label>{t.default_courier}{default_select}</label>
                <label>{t.remote_areas}<input name="remote_areas" placeholder=t.remote_areas_hint value=remote_text
                    on:input=move |ev| { let v = parse_areas(&event_target_value(&ev)); edit(Box::new(move |c| c.remote_areas = v.clone())); }/></label>
            </div>
            <div class="card">
                <h2>{t.rules}</h2>
                <p class="sub">{t.rules_hint}</p>
                {rules}
                <button type="button" class="secondary" data-testid="add-rule" on:click=move |_| restructure(&|c: &mut RoutingConfig| {
                    let code = c.default_courier.clone();
                    c.rules.push(RoutingRule { name: String::new(), courier_code: code, enabled: true, force: false, when: Conditions { weight_g: Range::default(), ..Conditions::default() } });
                })>{t.add_rule}</button>
            </div>
            {move || error.get().map(|e| view! { <ErrorBox error=e/> })}
            <div class="actions sticky-actions">
                <button type="button" data-testid="save-routing" disabled=move || save.pending().get() on:click=move |_| { save.dispatch(cfg.get_untracked()); }>{t.save}</button>
            </div>
        </div>
    }
}
