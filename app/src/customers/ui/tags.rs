//! Tags and their rules: every tag with its rule in words and how many customers carry it;
//! the boss builds automatic tags from conditions (spend, orders, days since the last order,
//! category share, bought a category between dates, consulted but never ordered, custom
//! fields), combined with AND or OR. The preview is the server's own description, in wasm.

use crate::auth::Perm;
use crate::customers::api::{delete_tag, get_crm_settings, list_tags, save_tag};
use crate::customers::logic_tags::{Cmp, Condition, FieldTest, Rule, Target};
use crate::customers::text::text;
use crate::customers::text_rules::describe;
use crate::customers::{CrmSettings, FieldKind, TagInput, TagView};
use crate::error::{AppError, CommonError};
use crate::money::Money;
use crate::ui::session::{use_common, use_lang, use_user};
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{confirm, ready_marker, Empty, ErrorBox, Loading};
use leptos::prelude::*;
use rust_decimal::Decimal;
use std::str::FromStr;

#[component]
pub fn TagsPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let lang = use_lang();
    let t = text(lang);
    let c = use_common();
    let manage = use_user().can(Perm::ManageCrm);
    let tags = Resource::new(|| (), |_| list_tags());
    let settings = Resource::new(|| (), |_| get_crm_settings());
    view! {
        <section class="page">
            <div class="page-head"><h1>{t.tags_title}</h1><a class="button secondary" href="/customers">{c.back}</a></div>
            {manage.then(|| view! {
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        match settings.await {
                            Ok(s) => view! { <TagEditor settings=s on_done=move || tags.refetch()/> }.into_any(),
                            Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                        }
                    })}
                </Suspense>
            })}
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match tags.await {
                        Ok(list) => view! { <TagTable list manage on_change=move || tags.refetch()/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn TagTable(list: Vec<TagView>, manage: bool, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let toasts = use_toasts();
    let del = Action::new(|id: &i64| delete_tag(*id));
    Effect::new(move |_| match del.value().get() {
        Some(Ok(())) => on_change(),
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    if list.is_empty() {
        return view! { <Empty text=t.no_tags/> }.into_any();
    }
    let rows = list
        .into_iter()
        .map(|g| {
            let id = g.id;
            let rule = g.rule.as_ref().map(|r| describe(r, lang)).unwrap_or_else(|| t.manual.to_string());
            view! {
                <tr data-tag=g.name.clone()>
                    <td data-label=t.tag_name><a href=format!("/customers?tag={id}")>{g.name.clone()}</a></td>
                    <td data-label=t.tag_rule>{rule}</td>
                    <td data-label=t.tag_customers class="num">{g.customers}</td>
                    <td>{manage.then(|| view! {
                        <button type="button" class="link danger" on:click=move |_| { if confirm(t.confirm_delete_tag) { del.dispatch(id); } }>{t.delete}</button>
                    })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table tags">
            <thead><tr><th>{t.tag_name}</th><th>{t.tag_rule}</th><th class="num">{t.tag_customers}</th><th></th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// One condition row of the editor.
#[derive(Clone, Copy)]
struct Row {
    key: u64,
    kind: RwSignal<String>,
    days: RwSignal<String>,
    op: RwSignal<String>,
    a: RwSignal<String>,
    b: RwSignal<String>,
    name: RwSignal<String>,
}

impl Row {
    fn new(key: u64) -> Row {
        let s = |v: &str| RwSignal::new(v.to_string());
        Row { key, kind: s("spend"), days: s("90"), op: s("gte"), a: s(""), b: s(""), name: s("") }
    }

    /// The condition this row describes, or the field it cannot read.
    fn condition(&self, fields: &[(String, FieldKind)]) -> Result<Condition, AppError> {
        let bad = |f: &str| AppError::from(CommonError::BadAmount { field: f.into() });
        let int = |s: &RwSignal<String>, f: &str| s.get().trim().parse::<u32>().map_err(|_| bad(f));
        let dec = |s: &RwSignal<String>, f: &str| Decimal::from_str(s.get().trim()).map_err(|_| bad(f));
        let fen = |s: &RwSignal<String>, f: &str| Money::parse_field(f, &s.get()).map(|m| m.to_fen()).map_err(AppError::from);
        fn cmp<T>(op: &str, a: T, b: Option<T>) -> Cmp<T> {
            match (op, b) {
                ("lte", _) => Cmp::Lte(a),
                ("eq", _) => Cmp::Eq(a),
                ("between", Some(b)) => Cmp::Between(a, b),
                _ => Cmp::Gte(a),
            }
        }
        let op = self.op.get();
        let between = op == "between";
        let date = |s: &RwSignal<String>, f: &str| chrono::NaiveDate::parse_from_str(s.get().trim(), "%Y-%m-%d").map_err(|_| bad(f));
        Ok(match self.kind.get().as_str() {
            "spend" => Condition::Spend { days: int(&self.days, "days")?, cmp: cmp(&op, fen(&self.a, "value")?, if between { Some(fen(&self.b, "value")?) } else { None }) },
            "orders" => {
                let days = if self.days.get().trim().is_empty() { None } else { Some(int(&self.days, "days")?) };
                Condition::OrderCount { days, cmp: cmp(&op, int(&self.a, "value")?, if between { Some(int(&self.b, "value")?) } else { None }) }
            }
            "silent" => Condition::DaysSinceLastOrder { cmp: cmp(&op, int(&self.a, "value")?, if between { Some(int(&self.b, "value")?) } else { None }) },
            "share" => Condition::CategoryShare {
                category: self.name.get(),
                days: int(&self.days, "days")?,
                cmp: cmp(&op, dec(&self.a, "value")?, if between { Some(dec(&self.b, "value")?) } else { None }),
            },
            "bought" => Condition::Bought { target: Target::Category(self.name.get()), from: date(&self.a, "from")?, to: date(&self.b, "to")? },
            "consulted" => Condition::ConsultedNoOrder,
            _ => {
                let name = self.name.get();
                let number = fields.iter().any(|(n, k)| *n == name && *k == FieldKind::Number);
                let test = if number {
                    FieldTest::Number(cmp(&op, dec(&self.a, "value")?, if between { Some(dec(&self.b, "value")?) } else { None }))
                } else if op == "contains" {
                    FieldTest::TextContains(self.a.get())
                } else {
                    FieldTest::TextEquals(self.a.get())
                };
                Condition::Field { name, test }
            }
        })
    }
}

#[component]
fn TagEditor(settings: CrmSettings, on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let c = use_common();
    let toasts = use_toasts();
    let name = RwSignal::new(String::new());
    let any = RwSignal::new(false);
    let next = StoredValue::new(1u64);
    let rows = RwSignal::new(Vec::<Row>::new());
    let error = RwSignal::new(None::<AppError>);
    let fields: Vec<(String, FieldKind)> = settings.fields.iter().map(|f| (f.name.clone(), f.kind)).collect();
    let fields = StoredValue::new(fields);
    let categories = StoredValue::new(settings.categories.clone());
    let rule = move || -> Result<Option<Rule>, AppError> {
        let conds: Vec<Rule> = rows.get().iter().map(|r| fields.with_value(|f| r.condition(f)).map(Rule::Cond)).collect::<Result<_, _>>()?;
        Ok(match conds.len() {
            0 => None,
            1 => conds.into_iter().next(),
            _ if any.get() => Some(Rule::Or(conds)),
            _ => Some(Rule::And(conds)),
        })
    };
    let save = Action::new(|i: &TagInput| save_tag(i.clone()));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            toasts.ok(t.saved);
            name.set(String::new());
            rows.set(Vec::new());
            error.set(None);
            on_done();
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let preview = move || match rule() {
        Ok(Some(r)) => describe(&r, lang),
        Ok(None) => t.manual.to_string(),
        Err(e) => e.message(lang),
    };
    view! {
        <details class="card" open>
            <summary>"+ " {t.new_tag}</summary>
            <form class="form tag-editor" data-ready=ready_marker() on:submit=move |ev| {
                ev.prevent_default();
                match rule() {
                    Ok(r) => {
                        let json = r.map(|r| serde_json::to_string(&r).unwrap_or_default()).unwrap_or_default();
                        save.dispatch(TagInput { id: None, name: name.get().into(), rule: json.into() });
                    }
                    Err(e) => error.set(Some(e)),
                }
            }>
                <label>{t.tag_name}<input bind:value=name maxlength="20" name="tag_name"/></label>
                <div class="row-actions">
                    <label class="check"><input type="radio" name="combine" prop:checked=move || !any.get() on:change=move |_| any.set(false)/>{t.rule_all}</label>
                    <label class="check"><input type="radio" name="combine" prop:checked=move || any.get() on:change=move |_| any.set(true)/>{t.rule_any}</label>
                </div>
                <For each=move || rows.get() key=|r| r.key let:r>
                    <div class="rule-row">
                        <select bind:value=r.kind aria-label=t.tag_rule>
                            <option value="spend">{t.cond_spend}</option>
                            <option value="orders">{t.cond_orders_in}</option>
                            <option value="silent">{t.cond_silent}</option>
                            <option value="share">{t.cond_share}</option>
                            <option value="bought">{t.cond_bought}</option>
                            <option value="consulted">{t.cond_consulted}</option>
                            <option value="field">{t.cond_field}</option>
                        </select>
                        <Show when=move || matches!(r.kind.get().as_str(), "share" | "bought")>
                            <select bind:value=r.name aria-label=t.category>
                                <option value="">{c.choose}</option>
                                {categories.with_value(|cs| cs.iter().map(|x| view! { <option value=x.clone()>{x.clone()}</option> }).collect_view())}
                            </select>
                        </Show>
                        <Show when=move || r.kind.get() == "field">
                            <select bind:value=r.name aria-label=t.cond_field>
                                <option value="">{c.choose}</option>
                                {fields.with_value(|fs| fs.iter().map(|(n, _)| view! { <option value=n.clone()>{n.clone()}</option> }).collect_view())}
                            </select>
                        </Show>
                        <Show when=move || matches!(r.kind.get().as_str(), "spend" | "orders" | "share")>
                            <input class="short" bind:value=r.days inputmode="numeric" placeholder=t.days aria-label=t.days/>
                        </Show>
                        <Show when=move || !matches!(r.kind.get().as_str(), "bought" | "consulted")>
                            <select bind:value=r.op aria-label=t.value>
                                <option value="gte">{t.at_least}</option>
                                <option value="lte">{t.at_most}</option>
                                <option value="eq">{t.equals}</option>
                                <option value="between">"…"</option>
                                <option value="contains">{t.contains}</option>
                            </select>
                        </Show>
                        <Show when=move || r.kind.get() != "consulted">
                            <input class="short" bind:value=r.a aria-label=t.value placeholder=move || if r.kind.get() == "bought" { "2024-11-01" } else { "" }/>
                        </Show>
                        <Show when=move || r.kind.get() == "bought" || r.op.get() == "between">
                            <input class="short" bind:value=r.b aria-label=t.to placeholder=move || if r.kind.get() == "bought" { "2024-11-11" } else { "" }/>
                        </Show>
                        <button type="button" class="link danger" on:click=move |_| rows.update(|v| v.retain(|x| x.key != r.key))>{t.delete}</button>
                    </div>
                </For>
                <button type="button" class="secondary" on:click=move |_| {
                    let k = next.get_value();
                    next.set_value(k + 1);
                    rows.update(|v| v.push(Row::new(k)));
                }>"+ " {t.add_condition}</button>
                <p class="muted" data-testid="rule-preview">{t.rule_preview} "：" {preview}</p>
                <button type="submit" disabled=move || save.pending().get()>{t.save}</button>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-error=e.code()>{e.message(lang)}</p> })}
            </form>
        </details>
    }
}
