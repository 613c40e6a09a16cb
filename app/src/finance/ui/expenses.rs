//! Expenses: by month, entering one, adding a category, importing a sheet (preview first).

use super::{form_error, read_and_upload, FinanceTabs};
use crate::auth::Perm;
use crate::error::AppError;
use crate::finance::api::{create_expense_category, delete_expense, expense_categories, import_expenses, list_expenses, preview_expenses, record_expense};
use crate::finance::logic_expenses::check_new_expense;
use crate::finance::text::text;
use crate::finance::{Category, ExpenseFilter, ExpenseId, ExpensePreview, ExpenseRow, ExpenseSource, NewExpense, UploadKind};
use crate::page::{Page, Seek};
use crate::time::{date_of_day, format_ms};
use crate::ui::session::{use_common, use_lang, use_user};
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{confirm, ready_marker, with_query, Empty, ErrorBox, Loading, Pager};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

fn today() -> String {
    #[cfg(target_arch = "wasm32")]
    let now = js_sys::Date::now() as i64;
    #[cfg(not(target_arch = "wasm32"))]
    let now = crate::time::now_ms();
    format_ms(now)[..10].to_string()
}

#[component]
pub fn ExpensesPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let lang = use_lang();
    let s = text(lang);
    let user = use_user();
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        ExpenseFilter {
            month: q.get("month").unwrap_or_else(|| today()[..7].to_string()).into(),
            category_id: q.get("category").and_then(|c| c.parse().ok()),
            seek: Seek::from_query(q.get("after").as_deref(), q.get("before").as_deref()),
        }
    };
    let list = Resource::new(filter, list_expenses);
    let cats = Resource::new(|| (), |_| expense_categories());
    let refresh = move || {
        list.refetch();
        cats.refetch();
    };
    let can = user.can(Perm::ManageExpenses);
    view! {
        <section class="page finance">
            <FinanceTabs/>
            <div class="page-head"><h1>{s.expenses_title}</h1></div>
            {can.then(|| view! {
                <Transition fallback=|| view! { <Loading/> }>
                    {move || Suspend::new(async move {
                        match cats.await {
                            Ok(c) => view! { <ExpenseForm cats=c on_done=refresh/> <ImportSheet/> }.into_any(),
                            Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                        }
                    })}
                </Transition>
            })}
            <Form action="/finance/expenses" attr:class="search">
                <input type="month" name="month" prop:value=move || filter().month.into_string() aria-label=s.month/>
                <button type="submit">{s.show}</button>
            </Form>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(p) => view! { <ExpenseTable p month=filter().month.into_string() can on_change=refresh/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ExpenseForm(cats: Vec<Category>, on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let c = use_common();
    let toasts = use_toasts();
    let (category, amount, spent, note) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(today()), RwSignal::new(String::new()));
    let new_cat = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let act = Action::new(|e: &NewExpense| record_expense(e.clone()));
    let add = Action::new(|name: &String| create_expense_category(name.as_str().into()));
    Effect::new(move |_| match act.value().get() {
        Some(Ok(_)) => {
            toasts.ok(s.expense_saved);
            amount.set(String::new());
            note.set(String::new());
            error.set(None);
            on_done();
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    Effect::new(move |_| match add.value().get() {
        Some(Ok(cat)) => {
            category.set(cat.id.to_string());
            new_cat.set(String::new());
            on_done();
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let build = move || NewExpense { category_id: category.get().parse().unwrap_or(0), amount: amount.get().into(), spent_on: spent.get().into(), note: note.get().into() };
    let options = cats.iter().map(|cat| view! { <option value=cat.id.to_string()>{cat.label(lang)}</option> }).collect_view();
    view! {
        <details class="card" open>
            <summary>"+ " {s.record_expense}</summary>
            <form class="form" method="post" action="/rpc/record_expense" data-ready=ready_marker() novalidate on:submit=move |ev| {
                ev.prevent_default();
                let e = build();
                #[cfg(target_arch = "wasm32")]
                let now = js_sys::Date::now() as i64;
                #[cfg(not(target_arch = "wasm32"))]
                let now = crate::time::now_ms();
                match check_new_expense(&e, now) {
                    Ok(_) => { act.dispatch(e); }
                    Err(err) => error.set(Some(err)),
                }
            }>
                <div class="row">
                    <label>{s.category}
                        <select bind:value=category name="input[category_id]">
                            <option value="">{c.choose}</option>
                            {options}
                        </select>
                    </label>
                    <label>{s.amount}<input name="input[amount]" bind:value=amount inputmode="decimal" placeholder="12.50" maxlength="20"/></label>
                    <label>{s.spent_on}<input name="input[spent_on]" type="date" bind:value=spent/></label>
                    <label>{s.note}<input name="input[note]" bind:value=note maxlength="200"/></label>
                </div>
                <button type="submit" disabled=move || act.pending().get()>{c.save}</button>
                {move || form_error(error.get())}
            </form>
            <form class="search add-category" method="post" action="/rpc/create_expense_category" on:submit=move |ev| {
                ev.prevent_default();
                add.dispatch(new_cat.get());
            }>
                <input name="name" bind:value=new_cat placeholder=s.new_category aria-label=s.new_category maxlength="20"/>
                <button type="submit" class="secondary">{s.add_category}</button>
            </form>
        </details>
    }
}

#[component]
fn ImportSheet() -> impl IntoView {
    let s = text(use_lang());
    let navigate = use_navigate();
    let input = NodeRef::<leptos::html::Input>::new();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let ready = ready_marker();
    view! {
        <details class="card">
            <summary>{s.import_expenses}</summary>
            <p class="muted">{s.expenses_hint}</p>
            <form class="search" method="post" action="/rpc/upload_file" data-ready=ready on:submit=move |ev| {
                ev.prevent_default();
                let Some(el) = input.get() else { return };
                let navigate = navigate.clone();
                busy.set(read_and_upload(&el, UploadKind::Expenses, move |r| {
                    busy.set(false);
                    match r {
                        Ok(token) => navigate(&format!("/finance/expenses/import/{token}"), Default::default()),
                        Err(e) => error.set(Some(e)),
                    }
                }));
            }>
                <input type="file" node_ref=input name="file" accept=".csv,.txt,.xls,.xlsx" aria-label=s.choose_file required/>
                <button type="submit" disabled=move || busy.get() || ready.get() != "true">{s.upload}</button>
            </form>
            {move || form_error(error.get())}
        </details>
    }
}

#[component]
fn ExpenseTable(p: Page<ExpenseRow>, month: String, can: bool, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let toasts = use_toasts();
    let del = Action::new(|id: &ExpenseId| delete_expense(*id));
    Effect::new(move |_| match del.value().get() {
        Some(Ok(())) => on_change(),
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    if p.rows.is_empty() {
        return view! { <Empty text=s.no_expenses/> }.into_any();
    }
    let total: crate::money::Money = p.rows.iter().map(|r| r.amount).sum();
    let rows = p
        .rows
        .into_iter()
        .map(|r| {
            let id = r.id;
            let source = match r.source {
                ExpenseSource::Manual => String::new(),
                ExpenseSource::Import => s.source_import.to_string(),
                ExpenseSource::BillFee => s.source_bill_fee.to_string(),
            };
            let adjustment = r.is_adjustment().then(|| view! { <span class="badge flag-adjustment" title=s.adjustment_hint>{s.adjustment}</span> });
            let deletable = can && r.source != ExpenseSource::BillFee;
            view! {
                <tr data-expense=r.id.0.to_string()>
                    <td data-label=s.spent_on>{date_of_day(r.book_day).to_string()}{adjustment}</td>
                    <td data-label=s.category>{r.category.label(lang)}<div class="sub">{source}</div></td>
                    <td data-label=s.amount class="num">{r.amount.to_string()}</td>
                    <td data-label=s.note>{r.note.clone()}<div class="sub">{r.by.clone()}</div></td>
                    <td>{deletable.then(|| view! {
                        <button type="button" class="link danger" on:click=move |_| {
                            if confirm(s.confirm_delete_expense) {
                                del.dispatch(id);
                            }
                        }>{s.delete_expense}</button>
                    })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table expenses">
            <thead><tr><th>{s.spent_on}</th><th>{s.category}</th><th class="num">{s.amount}</th><th>{s.note}</th><th></th></tr></thead>
            <tbody>{rows}</tbody>
            <tfoot><tr><td colspan="2">{s.total}</td><td class="num" data-testid="expenses-total">{total.to_string()}</td><td colspan="2"></td></tr></tfoot>
        </table>
        <Pager next=p.next prev=p.prev count=p.count href=move |seek| with_query("/finance/expenses", &[format!("month={month}"), seek.unwrap_or_default()])/>
    }
    .into_any()
}

#[component]
pub fn ExpensePreviewPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let s = text(use_lang());
    let c = use_common();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let preview = Resource::new(token, |t| preview_expenses(t.into()));
    view! {
        <section class="page finance">
            <FinanceTabs/>
            <div class="page-head">
                <h1>{s.import_expenses}</h1>
                <a class="button secondary" href="/finance/expenses">{c.back}</a>
            </div>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match preview.await {
                        Ok(p) => view! { <SheetPreview p/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn SheetPreview(p: ExpensePreview) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let toasts = use_toasts();
    let navigate = use_navigate();
    let error = RwSignal::new(None::<AppError>);
    let token = p.token.clone();
    let act = Action::new(move |_: &()| import_expenses(token.as_str().into()));
    Effect::new(move |_| match act.value().get() {
        Some(Ok(n)) => {
            toasts.ok(format!("{} · {}", s.import_done, (s.rows_of)(n)));
            navigate("/finance/expenses", Default::default());
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let bad = !p.errors.is_empty();
    view! {
        <div class="card">
            <h2>{p.file_name.clone()}</h2>
            <dl class="facts wide">
                <dt>{s.lines}</dt><dd>{p.rows}</dd>
                <dt>{s.total}</dt><dd>{p.total.to_string()}</dd>
                {p.by_category.iter().map(|(name, m)| view! { <dt>{name.clone()}</dt><dd>{m.to_string()}</dd> }).collect_view()}
            </dl>
            {(p.adjustments > 0).then(|| view! { <p class="notice">{s.adjustments_note}</p> })}
            {bad.then(|| view! {
                <div class="error-box" data-testid="row-errors">
                    <strong>{s.bad_rows}</strong>
                    <ul>{p.errors.iter().map(|e| view! { <li data-error=e.code()>{e.message(lang)}</li> }).collect_view()}</ul>
                </div>
            })}
            <form class="actions" method="post" action="/rpc/import_expenses" data-ready=ready_marker() on:submit=move |ev| {
                ev.prevent_default();
                act.dispatch(());
            }>
                <input type="hidden" name="token" value=p.token.clone()/>
                <button type="submit" disabled=move || bad || act.pending().get()>{s.commit_import}</button>
            </form>
            {move || form_error(error.get())}
        </div>
    }
}
