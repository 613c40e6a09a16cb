//! `/commissions/rules`: the rule sets in force over time, and for the boss an editor — tiers
//! in either mode, override levels (at most three: 《禁止传销条例》), category and product
//! rates — with a preview of last month under the new rules before saving.

use crate::auth::Perm;
use crate::commissions::api::{get_rule_choices, list_rule_sets, preview_rule_set, save_rule_set};
use crate::commissions::logic::percent;
use crate::commissions::logic_input::{input_of, parse_rule_set};
use crate::commissions::text::{accrue_label, mode_label, text};
use crate::commissions::{AccrueOn, CategoryRateInput, PreviewView, ProductRateInput, RuleChoices, RuleSetInput, RuleSetView, TierInput, TierMode};
use crate::error::AppError;
use crate::money::Money;
use crate::ui::session::{use_common, use_lang, use_user};
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{ready_marker, Empty, ErrorBox, Loading};
use leptos::prelude::*;

#[component]
pub fn RulesPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let t = text(use_lang());
    let c = use_common();
    let manage = use_user().can(Perm::ManageCommissions);
    let version = RwSignal::new(0u32);
    let sets = Resource::new(move || version.get(), |_| list_rule_sets());
    // The editor's starting point: `Some` while it is open.
    let editing = RwSignal::new(None::<RuleSetInput>);
    view! {
        <section class="page rules">
            <div class="page-head">
                <h1>{t.rules}</h1>
                <a class="button secondary" href="/commissions">{c.back}</a>
            </div>
            <p class="muted">{t.base_note}</p>
            {manage.then(|| view! { <Editor editing version/> })}
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match sets.await {
                        Ok(list) if list.is_empty() => view! { <Empty text=t.no_rule_sets/> }.into_any(),
                        Ok(list) => list.into_iter().map(|r| view! { <RuleSetCard r editing manage/> }).collect_view().into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn RuleSetCard(r: RuleSetView, editing: RwSignal<Option<RuleSetInput>>, manage: bool) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let tiers = r
        .tiers
        .iter()
        .enumerate()
        .map(|(i, (from, rate))| view! { <tr><td>{(t.tier_label)(i + 1, &percent(*rate))}</td><td class="num">{format!("≥ {from}")}</td></tr> })
        .collect_view();
    let levels = r.overrides.iter().enumerate().map(|(i, rate)| format!("{} {}", (t.level_label)(i as u8 + 1), percent(*rate))).collect::<Vec<_>>().join(" · ");
    let specials: Vec<String> = r
        .category_rates
        .iter()
        .map(|(c, rate)| format!("{c} {}", percent(*rate)))
        .chain(r.product_rates.iter().map(|(_, name, rate)| format!("{name} {}", percent(*rate))))
        .collect();
    let (edit_from, copy_from) = (r.clone(), r.clone());
    view! {
        <div class="card rule-set" data-testid="rule-set" class:in-force=r.in_force>
            <div class="order-title">
                <strong>{t.effective_from} " " {r.effective_from.to_string()}</strong>
                {r.in_force.then(|| view! { <span class="badge st-paid">{t.in_force}</span> })}
                {(!r.editable).then(|| view! { <span class="badge month-none" title=t.locked>{t.locked_short}</span> })}
            </div>
            <dl class="facts">
                <dt>{t.mode}</dt><dd>{mode_label(r.mode, lang)}</dd>
                <dt>{t.accrue_on}</dt><dd>{accrue_label(r.accrue_on, lang)}</dd>
                <dt>{t.overrides}</dt><dd>{if levels.is_empty() { "—".to_string() } else { levels }}</dd>
                {(!specials.is_empty()).then(|| view! { <dt>{t.special_rates}</dt><dd>{specials.join(" · ")}</dd> })}
                {(!r.note.is_empty()).then(|| view! { <dt>{t.note}</dt><dd>{r.note.clone()}</dd> })}
            </dl>
            <table class="table tiers"><tbody>{tiers}</tbody></table>
            {manage.then(|| view! {
                <div class="actions">
                    {r.editable.then(|| view! {
                        <button type="button" class="secondary" on:click=move |_| editing.set(Some(input_of(&edit_from, false, edit_from.effective_from)))>{t.edit}</button>
                    })}
                    <button type="button" class="link" on:click=move |_| {
                        let mut input = input_of(&copy_from, true, copy_from.effective_from);
                        input.effective_from = Default::default();
                        editing.set(Some(input));
                    }>{t.copy_as_new}</button>
                </div>
            })}
        </div>
    }
}

/// A row of two texts (tier: from / rate; category: name / rate; product: id / rate).
#[derive(Clone, Copy)]
struct Row {
    key: u64,
    a: RwSignal<String>,
    b: RwSignal<String>,
}

struct Rows {
    rows: RwSignal<Vec<Row>>,
    next: StoredValue<u64>,
}

impl Clone for Rows {
    fn clone(&self) -> Self {
        *self
    }
}
impl Copy for Rows {}

impl Rows {
    fn new(items: Vec<(String, String)>) -> Rows {
        let n = items.len() as u64;
        let rows = items.into_iter().enumerate().map(|(i, (a, b))| Row { key: i as u64, a: RwSignal::new(a), b: RwSignal::new(b) }).collect();
        Rows { rows: RwSignal::new(rows), next: StoredValue::new(n) }
    }

    fn set(&self, items: Vec<(String, String)>) {
        let start = self.next.get_value();
        self.next.set_value(start + items.len() as u64 + 1);
        self.rows.set(items.into_iter().enumerate().map(|(i, (a, b))| Row { key: start + i as u64, a: RwSignal::new(a), b: RwSignal::new(b) }).collect());
    }

    fn push(&self) {
        let k = self.next.get_value();
        self.next.set_value(k + 1);
        self.rows.update(|v| v.push(Row { key: k, a: RwSignal::new(String::new()), b: RwSignal::new(String::new()) }));
    }

    fn remove(&self, key: u64) {
        self.rows.update(|v| v.retain(|r| r.key != key));
    }

    fn values(&self) -> Vec<(String, String)> {
        self.rows.get().iter().map(|r| (r.a.get(), r.b.get())).collect()
    }

    fn numbered(&self) -> Vec<(usize, Row)> {
        self.rows.get().into_iter().enumerate().collect()
    }
}

fn blank() -> RuleSetInput {
    RuleSetInput {
        tiers: vec![TierInput { from: "0".into(), rate: "".into() }],
        overrides: vec!["".into()],
        ..Default::default()
    }
}

#[component]
fn Editor(editing: RwSignal<Option<RuleSetInput>>, version: RwSignal<u32>) -> impl IntoView {
    let t = text(use_lang());
    let choices = Resource::new(|| (), |_| get_rule_choices());
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match choices.await {
                    Ok(ch) => view! {
                        <Show when=move || editing.read().is_none()>
                            <button type="button" data-testid="new-rule-set" on:click={
                                let earliest = ch.earliest;
                                move |_| {
                                    let mut b = blank();
                                    b.effective_from = earliest.map(|d| d.to_string()).unwrap_or_default().into();
                                    editing.set(Some(b));
                                }
                            }>"+ " {t.new_rule_set}</button>
                        </Show>
                        <RuleForm choices=ch editing version/>
                    }.into_any(),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RuleForm(choices: RuleChoices, editing: RwSignal<Option<RuleSetInput>>, version: RwSignal<u32>) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let c = use_common();
    let toasts = use_toasts();
    let earliest = choices.earliest.map(|d| d.to_string()).unwrap_or_default();
    // A new rule set starts on the earliest date it may (the first open month).
    let date_of = move |s: &RuleSetInput| if s.effective_from.is_empty() { earliest.clone() } else { s.effective_from.to_string() };
    let start = editing.get_untracked().unwrap_or_else(blank);
    let id = RwSignal::new(start.id);
    let effective = RwSignal::new(date_of(&start));
    let mode = RwSignal::new(start.mode.code().to_string());
    let accrue = RwSignal::new(start.accrue_on.code().to_string());
    let note = RwSignal::new(start.note.to_string());
    let tiers = Rows::new(start.tiers.iter().map(|r| (r.from.to_string(), r.rate.to_string())).collect());
    let levels = Rows::new(start.overrides.iter().map(|r| (r.to_string(), String::new())).collect());
    let cats = Rows::new(start.category_rates.iter().map(|r| (r.category.to_string(), r.rate.to_string())).collect());
    let prods = Rows::new(start.product_rates.iter().map(|r| (r.product_id.to_string(), r.rate.to_string())).collect());
    // Re-open with another starting point (edit, copy, new).
    Effect::new(move |_| {
        if let Some(s) = editing.get() {
            id.set(s.id);
            effective.set(date_of(&s));
            mode.set(s.mode.code().to_string());
            accrue.set(s.accrue_on.code().to_string());
            note.set(s.note.to_string());
            tiers.set(s.tiers.iter().map(|r| (r.from.to_string(), r.rate.to_string())).collect());
            levels.set(s.overrides.iter().map(|r| (r.to_string(), String::new())).collect());
            cats.set(s.category_rates.iter().map(|r| (r.category.to_string(), r.rate.to_string())).collect());
            prods.set(s.product_rates.iter().map(|r| (r.product_id.to_string(), r.rate.to_string())).collect());
        }
    });
    let build = move || RuleSetInput {
        id: id.get(),
        effective_from: effective.get().into(),
        mode: TierMode::parse(&mode.get()).unwrap_or_default(),
        accrue_on: AccrueOn::parse(&accrue.get()).unwrap_or_default(),
        tiers: tiers.values().into_iter().map(|(from, rate)| TierInput { from: from.into(), rate: rate.into() }).collect(),
        overrides: levels.values().into_iter().map(|(r, _)| r.into()).collect(),
        category_rates: cats.values().into_iter().map(|(c, r)| CategoryRateInput { category: c.into(), rate: r.into() }).collect(),
        product_rates: prods.values().into_iter().map(|(p, r)| ProductRateInput { product_id: p.into(), rate: r.into() }).collect(),
        note: note.get().into(),
    };
    let error = RwSignal::new(None::<AppError>);
    let preview = Action::new(|i: &RuleSetInput| preview_rule_set(i.clone()));
    let save = Action::new(|i: &RuleSetInput| save_rule_set(i.clone()));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            toasts.ok(t.rules_saved);
            editing.set(None);
            error.set(None);
            version.update(|v| *v += 1);
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    Effect::new(move |_| {
        if let Some(Err(e)) = preview.value().get() {
            error.set(Some(e));
        }
    });
    // The same checks as the server, before sending.
    let checked = move || {
        let input = build();
        match parse_rule_set(&input, 0) {
            Ok(_) => {
                error.set(None);
                Some(input)
            }
            Err(e) => {
                error.set(Some(e));
                None
            }
        }
    };
    let field_class = move |field: &'static str| move || if error.get().and_then(|e| e.field().map(|f| f == field)) == Some(true) { "invalid" } else { "" };
    let categories = StoredValue::new(choices.categories.clone());
    let products = StoredValue::new(choices.products.clone());
    view! {
        <Show when=move || editing.read().is_some()>
            <form class="card form rule-form" method="post" action="/rpc/save_rule_set" data-ready=ready_marker() novalidate on:submit=move |ev| {
                ev.prevent_default();
                if let Some(input) = checked() {
                    save.dispatch(input);
                }
            }>
                <h2>{move || if id.get().is_some() { t.edit } else { t.new_rule_set }}</h2>
                {move || id.get().map(|i| view! { <input type="hidden" name="input[id]" value=i.to_string()/> })}
                <div class="row">
                    <label>{t.effective_from}
                        <input type="date" bind:value=effective name="input[effective_from]" class=field_class("effective_from")
                            min=choices.earliest.map(|d| d.to_string()).unwrap_or_default()/>
                    </label>
                    <label>{t.mode}
                        <select bind:value=mode name="input[mode]">
                            {[TierMode::Marginal, TierMode::WholeAmount].map(|m| view! { <option value=m.code()>{mode_label(m, lang)}</option> }).collect_view()}
                        </select>
                    </label>
                    <label>{t.accrue_on}
                        <select bind:value=accrue name="input[accrue_on]">
                            {[AccrueOn::Shipped, AccrueOn::Completed].map(|a| view! { <option value=a.code()>{accrue_label(a, lang)}</option> }).collect_view()}
                        </select>
                    </label>
                </div>
                <fieldset class=move || format!("lines {}", field_class("tiers")())>
                    <legend>{t.tiers}</legend>
                    <For each=move || tiers.numbered() key=|(i, r)| (*i, r.key) let:item>
                        <div class="line three">
                            <input inputmode="decimal" bind:value=item.1.a aria-label=t.tier_from placeholder=t.tier_from name=format!("input[tiers][{}][from]", item.0)/>
                            <input inputmode="decimal" bind:value=item.1.b aria-label=t.tier_rate placeholder=t.tier_rate name=format!("input[tiers][{}][rate]", item.0)/>
                            <button type="button" class="link danger" on:click=move |_| tiers.remove(item.1.key)>{t.remove}</button>
                        </div>
                    </For>
                    <button type="button" class="secondary" on:click=move |_| tiers.push()>"+ " {t.add_row}</button>
                </fieldset>
                <fieldset class=move || format!("lines {}", field_class("overrides")())>
                    <legend>{t.override_levels}</legend>
                    <For each=move || levels.numbered() key=|(i, r)| (*i, r.key) let:item>
                        <div class="line three" data-testid="level-row">
                            <span class="level">{(t.level_label)(item.0 as u8 + 1)}</span>
                            <input inputmode="decimal" bind:value=item.1.a aria-label=format!("{} {}", (t.level_label)(item.0 as u8 + 1), t.level_rate)
                                placeholder=t.level_rate name=format!("input[overrides][{}]", item.0)/>
                            <button type="button" class="link danger" on:click=move |_| levels.remove(item.1.key)>{t.remove}</button>
                        </div>
                    </For>
                    <button type="button" class="secondary" on:click=move |_| levels.push()>"+ " {t.add_level}</button>
                    <p class="muted law" data-testid="levels-law">{t.levels_law}</p>
                </fieldset>
                <fieldset class=move || format!("lines {}", field_class("category_rates")())>
                    <legend>{t.category_rates}</legend>
                    <For each=move || cats.numbered() key=|(i, r)| (*i, r.key) let:item>
                        <div class="line three">
                            <select bind:value=item.1.a aria-label=t.category name=format!("input[category_rates][{}][category]", item.0)>
                                <option value="">{c.choose}</option>
                                {categories.get_value().into_iter().map(|name| view! { <option value=name.clone()>{name.clone()}</option> }).collect_view()}
                            </select>
                            <input inputmode="decimal" bind:value=item.1.b aria-label=t.tier_rate placeholder=t.tier_rate name=format!("input[category_rates][{}][rate]", item.0)/>
                            <button type="button" class="link danger" on:click=move |_| cats.remove(item.1.key)>{t.remove}</button>
                        </div>
                    </For>
                    <button type="button" class="secondary" on:click=move |_| cats.push()>"+ " {t.add_row}</button>
                </fieldset>
                <fieldset class=move || format!("lines {}", field_class("product_rates")())>
                    <legend>{t.product_rates}</legend>
                    <For each=move || prods.numbered() key=|(i, r)| (*i, r.key) let:item>
                        <div class="line three">
                            <select bind:value=item.1.a aria-label=t.product name=format!("input[product_rates][{}][product_id]", item.0)>
                                <option value="">{c.choose}</option>
                                {products.get_value().into_iter().map(|(pid, name)| view! { <option value=pid.to_string()>{name}</option> }).collect_view()}
                            </select>
                            <input inputmode="decimal" bind:value=item.1.b aria-label=t.tier_rate placeholder=t.tier_rate name=format!("input[product_rates][{}][rate]", item.0)/>
                            <button type="button" class="link danger" on:click=move |_| prods.remove(item.1.key)>{t.remove}</button>
                        </div>
                    </For>
                    <button type="button" class="secondary" on:click=move |_| prods.push()>"+ " {t.add_row}</button>
                </fieldset>
                <label>{t.note}<input bind:value=note name="input[note]" maxlength="200"/></label>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-error=e.code()>{e.message(lang)}</p> })}
                <div class="form-foot">
                    <button type="button" class="secondary" data-testid="preview" disabled=move || preview.pending().get() on:click=move |_| {
                        if let Some(input) = checked() {
                            preview.dispatch(input);
                        }
                    }>{t.preview}</button>
                    <span class="actions">
                        <button type="button" class="link" on:click=move |_| editing.set(None)>{c.cancel}</button>
                        <button type="submit" data-testid="save-rules" disabled=move || save.pending().get()>{t.save_rules}</button>
                    </span>
                </div>
                {move || preview.value().get().and_then(Result::ok).map(|p| view! { <PreviewTable p/> })}
            </form>
        </Show>
    }
}

#[component]
fn PreviewTable(p: PreviewView) -> impl IntoView {
    let t = text(use_lang());
    let change = |a: Money, b: Money| {
        let d = b - a;
        let s = d.to_string();
        if d.to_fen() > 0 { format!("+{s}") } else { s }
    };
    let rows = p
        .agents
        .iter()
        .map(|a| {
            view! {
                <tr data-agent=a.name.clone()>
                    <td data-label=t.agent>{a.name.clone()}</td>
                    <td data-label=t.current class="num">{a.current.to_string()}</td>
                    <td data-label=t.candidate class="num" data-testid="candidate">{a.candidate.to_string()}</td>
                    <td data-label=t.change class="num" class:neg=a.candidate < a.current>{change(a.current, a.candidate)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="preview" data-testid="preview-result">
            <h3>{t.preview_title} " · " {p.month.to_string()}</h3>
            <p class="muted">{t.preview_hint}</p>
            <table class="table">
                <thead><tr><th>{t.agent}</th><th class="num">{t.current}</th><th class="num">{t.candidate}</th><th class="num">{t.change}</th></tr></thead>
                <tbody>{rows}</tbody>
                <tfoot><tr>
                    <td>{t.total}</td>
                    <td class="num">{p.current_total.to_string()}</td>
                    <td class="num" data-testid="candidate-total"><strong>{p.candidate_total.to_string()}</strong></td>
                    <td class="num">{change(p.current_total, p.candidate_total)}</td>
                </tr></tfoot>
            </table>
        </div>
    }
}
