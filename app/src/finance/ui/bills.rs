//! Bill import: choose a file (read in the browser, uploaded once), preview what it would do,
//! import it all or nothing; the imports so far; saved bank statement mappings.

use super::{form_error, read_and_upload, FinanceTabs};
use crate::auth::Perm;
use crate::error::AppError;
use crate::finance::api::{import_bill, list_bank_mappings, list_bill_imports, preview_bill, save_bank_mapping};
use crate::finance::bills::BillFormat;
use crate::finance::text::{direction_label, format_label, provider_label, text};
use crate::finance::{BankMappingInput, BankMappingView, BillChoice, BillImportRow, BillPreview, ImportReport, UploadKind};
use crate::time::format_ms;
use crate::ui::session::{use_common, use_lang, use_user};
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{ready_marker, with_query, Empty, ErrorBox, Loading};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

fn choice_query(format: &str, mapping: &str) -> Vec<String> {
    vec![
        if format.is_empty() { String::new() } else { format!("format={format}") },
        if mapping.is_empty() { String::new() } else { format!("mapping={mapping}") },
    ]
}

#[component]
pub fn BillsPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let s = text(use_lang());
    let user = use_user();
    let mappings = Resource::new(|| (), |_| list_bank_mappings());
    let imports = Resource::new(|| (), |_| list_bill_imports());
    view! {
        <section class="page finance">
            <FinanceTabs/>
            <div class="page-head"><h1>{s.bills_title}</h1></div>
            <p class="muted">{s.bills_hint}</p>
            {user.can(Perm::ManagePayments).then(|| view! {
                <Transition fallback=|| view! { <Loading/> }>
                    {move || Suspend::new(async move {
                        match mappings.await {
                            Ok(m) => view! { <UploadForm mappings=m/> }.into_any(),
                            Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                        }
                    })}
                </Transition>
            })}
            <div class="card">
                <h2>{s.imports_title}</h2>
                <Transition fallback=|| view! { <Loading/> }>
                    {move || Suspend::new(async move {
                        match imports.await {
                            Ok(rows) => view! { <ImportList rows/> }.into_any(),
                            Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                        }
                    })}
                </Transition>
            </div>
            {user.can(Perm::ManagePayments).then(|| view! { <MappingForm on_done=move || mappings.refetch()/> })}
        </section>
    }
}

/// Pick a file and how to read it; the browser reads it and uploads it once, then the
/// preview page shows what importing would do.
#[component]
fn UploadForm(mappings: Vec<BankMappingView>) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let navigate = use_navigate();
    let input = NodeRef::<leptos::html::Input>::new();
    let format = RwSignal::new(String::new());
    let mapping = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let ready = ready_marker();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(el) = input.get() else { return };
        let (f, m) = (format.get_untracked(), mapping.get_untracked());
        let navigate = navigate.clone();
        let started = read_and_upload(&el, UploadKind::Bill, move |r| {
            busy.set(false);
            match r {
                Ok(token) => navigate(&with_query(&format!("/finance/bills/{token}"), &choice_query(&f, &m)), Default::default()),
                Err(e) => error.set(Some(e)),
            }
        });
        busy.set(started);
    };
    let has_mappings = !mappings.is_empty();
    view! {
        <form class="card form upload" method="post" action="/rpc/upload_file" data-ready=ready on:submit=on_submit>
            <label>{s.choose_file}
                <input type="file" node_ref=input name="file" accept=".csv,.txt,.xls,.xlsx" required/>
            </label>
            <div class="row">
                <label>{s.format}
                    <select bind:value=format name="format">
                        <option value="">{s.detect}</option>
                        {[BillFormat::WechatMerchant, BillFormat::WechatPersonal, BillFormat::AlipayCurrent, BillFormat::AlipayLegacy]
                            .into_iter()
                            .map(|f| view! { <option value=f.code()>{format_label(f, lang)}</option> })
                            .collect_view()}
                    </select>
                </label>
                {has_mappings.then(|| view! {
                    <label>{s.bank_mapping}
                        <select bind:value=mapping name="mapping">
                            <option value="">{use_common().none}</option>
                            {mappings.iter().map(|m| view! { <option value=m.id.to_string()>{m.name.clone()}</option> }).collect_view()}
                        </select>
                    </label>
                })}
            </div>
            <button type="submit" disabled=move || busy.get() || ready.get() != "true">{move || if busy.get() { s.uploading } else { s.upload }}</button>
            {move || form_error(error.get())}
        </form>
    }
}

#[component]
fn ImportList(rows: Vec<BillImportRow>) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    if rows.is_empty() {
        return view! { <Empty text=s.no_imports/> }.into_any();
    }
    let body = rows
        .into_iter()
        .map(|r| {
            let period = match (r.first_at, r.last_at) {
                (Some(a), Some(b)) => format!("{} – {}", format_ms(a), format_ms(b)),
                _ => String::new(),
            };
            view! {
                <tr>
                    <td data-label=s.imported_at>{format_ms(r.at)}<div class="sub">{r.by}</div></td>
                    <td data-label=s.file_name>{r.file_name}<div class="sub">{format_label(r.format, lang)}</div></td>
                    <td data-label=s.period>{period}</td>
                    <td data-label=s.new_lines class="num">{r.lines_new} " / " {r.lines_total}</td>
                    <td data-label=s.payments_new class="num">{r.payments_new}</td>
                    <td data-label=s.matched_count class="num">{r.matched}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table">
            <thead><tr><th>{s.imported_at}</th><th>{s.file_name}</th><th>{s.period}</th><th class="num">{s.new_lines}</th><th class="num">{s.payments_new}</th><th class="num">{s.matched_count}</th></tr></thead>
            <tbody>{body}</tbody>
        </table>
    }
    .into_any()
}

#[component]
fn MappingForm(on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let c = use_common();
    let toasts = use_toasts();
    let fields: [RwSignal<String>; 11] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let error = RwSignal::new(None::<AppError>);
    let act = Action::new(|i: &BankMappingInput| save_bank_mapping(i.clone()));
    Effect::new(move |_| match act.value().get() {
        Some(Ok(_)) => {
            toasts.ok(s.mapping_saved);
            error.set(None);
            on_done();
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let labels = [
        ("name", s.mapping_name),
        ("time", s.col_time),
        ("time_of_day", s.col_time_of_day),
        ("time_format", s.col_time_format),
        ("amount", s.col_amount),
        ("credit", s.col_credit),
        ("debit", s.col_debit),
        ("counterparty", s.col_counterparty),
        ("counterparty_account", s.col_account),
        ("txn_no", s.col_txn),
        ("note", s.col_note),
    ];
    let inputs = labels
        .into_iter()
        .enumerate()
        .map(|(i, (name, label))| view! { <label>{label}<input name=format!("input[{name}]") bind:value=fields[i] maxlength="40"/></label> })
        .collect_view();
    view! {
        <details class="card">
            <summary>{s.mappings_title}</summary>
            <form class="form mapping" method="post" action="/rpc/save_bank_mapping" data-ready=ready_marker() on:submit=move |ev| {
                ev.prevent_default();
                let f = |i: usize| fields[i].get();
                act.dispatch(BankMappingInput {
                    name: f(0).into(), time: f(1).into(), time_of_day: f(2).into(), time_format: f(3).into(), amount: f(4).into(),
                    credit: f(5).into(), debit: f(6).into(), counterparty: f(7).into(), counterparty_account: f(8).into(),
                    txn_no: f(9).into(), note: f(10).into(),
                });
            }>
                <div class="grid-fields">{inputs}</div>
                <button type="submit" disabled=move || act.pending().get()>{c.save}</button>
                {move || form_error(error.get())}
            </form>
        </details>
    }
}

#[component]
pub fn BillPreviewPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let s = text(use_lang());
    let c = use_common();
    let params = use_params_map();
    let query = use_query_map();
    let args = move || {
        let q = query.read();
        let choice = BillChoice {
            format: q.get("format").and_then(|f| BillFormat::parse(&f)),
            mapping_id: q.get("mapping").and_then(|m| m.parse().ok()),
        };
        (params.read().get("token").unwrap_or_default(), choice)
    };
    let preview = Resource::new(args, |(token, choice)| preview_bill(token.into(), choice));
    view! {
        <section class="page finance">
            <FinanceTabs/>
            <div class="page-head">
                <h1>{s.preview_title}</h1>
                <a class="button secondary" href="/finance/bills">{c.back}</a>
            </div>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match preview.await {
                        Ok(p) => view! { <PreviewView p choice=args().1/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn PreviewView(p: BillPreview, choice: BillChoice) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let report = RwSignal::new(None::<ImportReport>);
    let error = RwSignal::new(None::<AppError>);
    let token = p.token.clone();
    let act = Action::new(move |c: &BillChoice| import_bill(token.as_str().into(), c.clone()));
    Effect::new(move |_| match act.value().get() {
        Some(Ok(r)) => report.set(Some(r)),
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let period = match (p.first_at, p.last_at) {
        (Some(a), Some(b)) => format!("{} – {}", format_ms(a), format_ms(b)),
        _ => String::new(),
    };
    let tally = |t: crate::finance::Tally| format!("{} · {}", t.count, t.amount);
    let bad = !p.errors.is_empty();
    let totals = (!p.file_totals.is_empty()).then(|| {
        let rows = p.file_totals.iter().map(|(what, file, read)| view! { <tr><td>{what.clone()}</td><td class="num">{file.clone()}</td><td class="num">{read.clone()}</td></tr> }).collect_view();
        view! {
            <div class="card">
                <h2>{s.file_totals}</h2>
                <table class="table"><thead><tr><th></th><th class="num">{s.file_says}</th><th class="num">{s.we_read}</th></tr></thead><tbody>{rows}</tbody></table>
            </div>
        }
    });
    let errors = bad.then(|| {
        let items = p.errors.iter().map(|e| view! { <li data-error=e.code()>{e.message(lang)}</li> }).collect_view();
        view! { <div class="card error-box" data-testid="row-errors"><strong>{s.bad_rows}</strong><ul>{items}</ul></div> }
    });
    let sample = p
        .sample
        .iter()
        .map(|l| {
            view! {
                <tr class:known=l.known>
                    <td data-label=s.day>{format_ms(l.at)}</td>
                    <td data-label=s.state>{direction_label(l.direction, lang)}</td>
                    <td data-label=s.amount class="num">{l.amount.to_string()}</td>
                    <td data-label=s.fee class="num">{l.fee.to_string()}</td>
                    <td data-label=s.payer>{l.counterparty.clone()}</td>
                    <td data-label=s.reference>{l.merchant_order_no.clone()}</td>
                    <td data-label=s.txn_no class="sub">{l.txn_no.clone()} {l.known.then(|| view! { <span class="badge">{s.known_lines}</span> })}</td>
                </tr>
            }
        })
        .collect_view();
    let (fmt, mapping) = (choice.format.map(|f| f.code().to_string()).unwrap_or_default(), choice.mapping_id.map(|m| m.to_string()).unwrap_or_default());
    let commit_choice = choice.clone();
    view! {
        <div class="card preview" data-testid="bill-preview">
            <h2>{p.file_name.clone()}</h2>
            <dl class="facts wide">
                <dt>{s.format}</dt><dd data-testid="bill-format">{format_label(p.format, lang)} " · " {provider_label(p.provider, lang)}</dd>
                <dt>{s.lines}</dt><dd>{p.lines}</dd>
                <dt>{s.income}</dt><dd data-testid="bill-income">{tally(p.income)}</dd>
                <dt>{s.refunds}</dt><dd>{tally(p.refunds)}</dd>
                <dt>{s.expense_lines}</dt><dd>{tally(p.expense)}</dd>
                <dt>{s.other_lines}</dt><dd>{p.other}</dd>
                <dt>{s.fee}</dt><dd>{p.fees.to_string()}</dd>
                <dt>{s.new_lines}</dt><dd data-testid="bill-new">{p.new_lines} " · " {s.known_lines} " " {p.lines - p.new_lines}</dd>
                <dt>{s.period}</dt><dd>{period}</dd>
            </dl>
            {p.same_file.map(|_| view! { <p class="notice">{s.same_file}</p> })}
            {(p.adjustments > 0).then(|| view! { <p class="notice">{s.adjustments_note}</p> })}
            {move || match report.get() {
                Some(r) => view! { <Report r/> }.into_any(),
                None => view! {
                    <form class="actions" method="post" action="/rpc/import_bill" data-ready=ready_marker() on:submit={
                        let c = commit_choice.clone();
                        move |ev: leptos::ev::SubmitEvent| {
                            ev.prevent_default();
                            act.dispatch(c.clone());
                        }
                    }>
                        <input type="hidden" name="token" value=p.token.clone()/>
                        {(!fmt.is_empty()).then(|| view! { <input type="hidden" name="choice[format]" value=fmt.clone()/> })}
                        {(!mapping.is_empty()).then(|| view! { <input type="hidden" name="choice[mapping_id]" value=mapping.clone()/> })}
                        <button type="submit" disabled=move || bad || act.pending().get()>{s.commit_import}</button>
                    </form>
                }
                .into_any(),
            }}
            {move || form_error(error.get())}
        </div>
        {errors}
        {totals}
        <div class="card">
            <h2>{(s.rows_of)(p.lines)}</h2>
            <table class="table bill-lines"><tbody>{sample}</tbody></table>
        </div>
    }
}

#[component]
fn Report(r: ImportReport) -> impl IntoView {
    let s = text(use_lang());
    let items: Vec<(&str, String)> = vec![
        (s.new_lines, r.lines_new.to_string()),
        (s.known_lines, r.lines_known.to_string()),
        (s.payments_new, r.payments_new.to_string()),
        (s.payments_linked, r.payments_linked.to_string()),
        (s.matched_count, r.matched.to_string()),
        (s.ambiguous_count, r.ambiguous.to_string()),
        (s.unmatched_count, r.unmatched.to_string()),
        (s.refunds, r.refunds.to_string()),
        (s.duplicates_count, r.duplicates.to_string()),
        (s.orders_confirmed, r.orders_confirmed.to_string()),
        (s.fees_total, r.fees.to_string()),
    ];
    view! {
        <div class="import-report" data-testid="import-report">
            <h3>{s.import_done}</h3>
            <dl class="facts wide">{items.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}</dl>
            <div class="actions">
                <a class="button" href="/finance/payments?view=open">{s.tab_payments} " · " {s.ambiguous_count} " / " {s.unmatched_count}</a>
                <a class="button secondary" href="/finance/recon">{s.tab_recon}</a>
            </div>
        </div>
    }
}
