//! Product tax codes (税收分类编码, short name, rate, unit per product) and the company's
//! tax profile with the dated policy table the summaries use.

use super::{parse_rate, rate_options, rate_value, Tabs};
use crate::error::AppError;
use crate::page::Seek;
use crate::tax::api::{get_tax_profile, list_product_tax, list_tax_policy, save_product_tax, save_tax_profile};
use crate::tax::text::{city_label, rule_text, text};
use crate::tax::{CityTier, PolicyRow, ProductTax, ProductTaxFilter, ProfileInput, TaxProfile, TaxRate, TaxSettingsInput, TaxpayerType};
use crate::ui::session::{use_common, use_lang};
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{ready_marker, url_encode, with_query, Empty, ErrorBox, Loading, Pager};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ProductTaxPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let t = text(use_lang());
    let c = use_common();
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        ProductTaxFilter { q: q.get("q").unwrap_or_default().into(), seek: Seek::from_query(q.get("after").as_deref(), q.get("before").as_deref()) }
    };
    let page = Resource::new(filter, list_product_tax);
    view! {
        <section class="page tax">
            <div class="page-head"><h1>{t.tab_products}</h1></div>
            <Tabs/>
            <Form action="/tax/products" attr:class="search">
                <input type="search" name="q" placeholder=t.search_products aria-label=t.search_products maxlength="64" prop:value=move || filter().q.into_string()/>
                <button type="submit">{c.search}</button>
            </Form>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) if p.rows.is_empty() => view! { <Empty text=t.no_products/> }.into_any(),
                        Ok(p) => {
                            let q = filter().q.into_string();
                            let rows = p.rows.into_iter().map(|r| view! { <ProductRow r on_done=move || page.refetch()/> }).collect_view();
                            view! {
                                <table class="table product-tax">
                                    <thead><tr><th>{t.product}</th><th>{t.tax_code}</th><th>{t.rate}</th><th>{t.unit}</th><th></th></tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                                <Pager next=p.next prev=p.prev count=p.count href=move |seek| {
                                    let q = if q.is_empty() { String::new() } else { format!("q={}", url_encode(&q)) };
                                    with_query("/tax/products", &[q, seek.unwrap_or_default()])
                                }/>
                            }.into_any()
                        }
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ProductRow(r: ProductTax, on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let c = use_common();
    let toasts = use_toasts();
    let s = r.settings.clone();
    let code = RwSignal::new(s.as_ref().map(|s| s.tax_code.clone()).unwrap_or_default());
    let short = RwSignal::new(s.as_ref().map(|s| s.short_name.clone()).unwrap_or_default());
    let rate0 = s.as_ref().map(|s| s.rate).unwrap_or(TaxRate::R1);
    let rate = RwSignal::new(rate_value(rate0));
    let simplified = RwSignal::new(s.as_ref().is_some_and(|s| s.simplified));
    let unit = RwSignal::new(s.as_ref().map(|s| s.unit.clone()).unwrap_or_default());
    let error = RwSignal::new(None::<AppError>);
    let product_id = r.product_id;
    let act = Action::new(|i: &TaxSettingsInput| save_product_tax(i.clone()));
    Effect::new(move |_| match act.value().get() {
        Some(Ok(())) => {
            toasts.ok(t.saved);
            error.set(None);
            on_done();
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let summary = match &s {
        Some(s) => view! { <td data-label=t.tax_code><div>{format!("*{}*", s.short_name)}<div class="sub">{s.tax_code.clone()}</div></div></td> }.into_any(),
        None => view! { <td data-label=t.tax_code><span class="badge low">{t.not_set}</span></td> }.into_any(),
    };
    view! {
        <tr data-product=product_id>
            <td data-label=t.product><div>{r.name.clone()}<div class="sub">{r.category.clone()}</div></div></td>
            {summary}
            <td data-label=t.rate>{s.as_ref().map(|s| s.rate.label(lang))}</td>
            <td data-label=t.unit>{s.as_ref().map(|s| s.unit.clone())}</td>
            <td>
                <details class="inline-details">
                    <summary>{t.edit}</summary>
                    <form class="inline-form" method="post" action="/rpc/save_product_tax" data-ready=ready_marker() on:submit=move |ev| {
                        ev.prevent_default();
                        act.dispatch(TaxSettingsInput {
                            product_id,
                            tax_code: code.get().into(),
                            short_name: short.get().into(),
                            rate: parse_rate(&rate.get()).unwrap_or(TaxRate::R1),
                            simplified: simplified.get(),
                            unit: unit.get().into(),
                        });
                    }>
                        <input type="hidden" name="input[product_id]" value=product_id/>
                        <input name="input[tax_code]" bind:value=code placeholder=t.tax_code aria-label=t.tax_code inputmode="numeric" maxlength="19"/>
                        <input name="input[short_name]" bind:value=short placeholder=t.short_name aria-label=t.short_name maxlength="20"/>
                        <select name="input[rate]" bind:value=rate aria-label=t.rate>{rate_options(rate0)}</select>
                        <input name="input[unit]" bind:value=unit placeholder=t.unit aria-label=t.unit maxlength="8"/>
                        <label class="check"><input type="checkbox" name="input[simplified]" value="true" bind:checked=simplified/>{t.simplified}</label>
                        <button type="submit" disabled=move || act.pending().get()>{c.save}</button>
                        {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-error=e.code()>{e.message(lang)}</p> })}
                    </form>
                </details>
            </td>
        </tr>
    }
}

#[component]
pub fn TaxProfilePage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let t = text(use_lang());
    let profile = Resource::new(|| (), |_| get_tax_profile());
    let policy = Resource::new(|| (), |_| list_tax_policy());
    view! {
        <section class="page tax">
            <div class="page-head"><h1>{t.profile_title}</h1></div>
            <Tabs/>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match profile.await {
                        Ok(p) => view! { <ProfileForm p/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Suspense>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match policy.await {
                        Ok(rows) => view! { <PolicyTable rows/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ProfileForm(p: Option<TaxProfile>) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let c = use_common();
    let toasts = use_toasts();
    let missing = p.is_none();
    let p0 = p.clone();
    let get = |f: fn(&TaxProfile) -> String| RwSignal::new(p0.as_ref().map(f).unwrap_or_default());
    let name = get(|p| p.name.clone());
    let tax_id = get(|p| p.tax_id.clone());
    let address = get(|p| p.address.clone());
    let phone = get(|p| p.phone.clone());
    let bank = get(|p| p.bank.clone());
    let account = get(|p| p.bank_account.clone());
    let credit_month = get(|p| p.credit_month.clone());
    let opening = get(|p| if p.opening_credit.to_fen() == 0 { String::new() } else { p.opening_credit.0.to_string() });
    let taxpayer = RwSignal::new(p.as_ref().map(|p| p.taxpayer.code()).unwrap_or(TaxpayerType::SmallScale.code()).to_string());
    let city = RwSignal::new(p.as_ref().map(|p| p.city.code()).unwrap_or(CityTier::Urban.code()).to_string());
    let individual = RwSignal::new(p.as_ref().is_some_and(|p| p.individual_business));
    let relief = RwSignal::new(p.as_ref().is_some_and(|p| p.surcharge_relief));
    let warnings = RwSignal::new(p.as_ref().map(|p| p.warnings.clone()).unwrap_or_default());
    let error = RwSignal::new(None::<AppError>);
    let act = Action::new(|i: &ProfileInput| save_tax_profile(i.clone()));
    Effect::new(move |_| match act.value().get() {
        Some(Ok(w)) => {
            toasts.ok(t.saved);
            warnings.set(w);
            error.set(None);
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let field_class = move |field: &'static str| move || if error.get().and_then(|e| e.field().map(|f| f == field)) == Some(true) { "invalid" } else { "" };
    view! {
        {missing.then(|| view! { <p class="notice">{t.profile_missing_hint}</p> })}
        <form class="card form" method="post" action="/rpc/save_tax_profile" novalidate data-ready=ready_marker() on:submit=move |ev| {
            ev.prevent_default();
            act.dispatch(ProfileInput {
                taxpayer: TaxpayerType::parse(&taxpayer.get()).unwrap_or(TaxpayerType::SmallScale),
                name: name.get().into(),
                tax_id: tax_id.get().into(),
                address: address.get().into(),
                phone: phone.get().into(),
                bank: bank.get().into(),
                bank_account: account.get().into(),
                city: CityTier::parse(&city.get()).unwrap_or(CityTier::Urban),
                individual_business: individual.get(),
                surcharge_relief: relief.get(),
                credit_month: credit_month.get().into(),
                opening_credit: opening.get().into(),
            });
        }>
            <div class="row">
                <label>{t.taxpayer_type}
                    <select name="input[taxpayer]" bind:value=taxpayer>
                        {TaxpayerType::ALL.into_iter().map(|k| view! { <option value=k.code()>{k.label(lang)}</option> }).collect_view()}
                    </select>
                </label>
                <label>{t.company_name}<input name="input[name]" bind:value=name class=field_class("name") maxlength="100"/></label>
            </div>
            <label>{t.tax_id}<input name="input[tax_id]" bind:value=tax_id class=field_class("tax_id") maxlength="40" autocomplete="off"/></label>
            {move || (!warnings.get().is_empty()).then(|| view! {
                <ul class="notice warnings">{warnings.get().iter().map(|w| view! { <li>{w.message(lang)}</li> }).collect_view()}</ul>
            })}
            <div class="row">
                <label>{t.address}<input name="input[address]" bind:value=address maxlength="200"/></label>
                <label>{t.phone}<input name="input[phone]" bind:value=phone maxlength="40"/></label>
            </div>
            <div class="row">
                <label>{t.bank}<input name="input[bank]" bind:value=bank maxlength="100"/></label>
                <label>{t.bank_account}<input name="input[bank_account]" bind:value=account maxlength="60"/></label>
            </div>
            <div class="row">
                <label>{t.city_tier}
                    <select name="input[city]" bind:value=city>
                        {CityTier::ALL.into_iter().map(|k| view! { <option value=k.code()>{city_label(k, lang)}</option> }).collect_view()}
                    </select>
                </label>
                <label class="check"><input type="checkbox" name="input[individual_business]" value="true" bind:checked=individual/>{t.individual_business}</label>
            </div>
            <label class="check"><input type="checkbox" name="input[surcharge_relief]" value="true" bind:checked=relief/>{t.surcharge_relief}</label>
            <div class="row">
                <label>{t.credit_month}<input name="input[credit_month]" bind:value=credit_month class=field_class("period") placeholder="2026-01" maxlength="7"/></label>
                <label>{t.opening_credit}<input name="input[opening_credit]" bind:value=opening class=field_class("opening_credit") inputmode="decimal"/></label>
            </div>
            <p class="muted">{t.credit_hint}</p>
            <button type="submit" disabled=move || act.pending().get()>{c.save}</button>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-error=e.code()>{e.message(lang)}</p> })}
        </form>
    }
}

#[component]
fn PolicyTable(rows: Vec<PolicyRow>) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let body = rows
        .into_iter()
        .map(|r| {
            view! {
                <tr>
                    <td data-label=t.policy_from>{r.from}</td>
                    <td data-label=t.policy_to>{r.to.unwrap_or_else(|| t.until_further.to_string())}</td>
                    <td data-label=t.policy_rule>{rule_text(&r.rule, lang)}</td>
                    <td data-label=t.policy_source class="sub">{r.source}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="card">
            <h2>{t.policy_title}</h2>
            <table class="table policy">
                <thead><tr><th>{t.policy_from}</th><th>{t.policy_to}</th><th>{t.policy_rule}</th><th>{t.policy_source}</th></tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}
