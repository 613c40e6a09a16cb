//! Product sheets: export the catalog as .xlsx; import a sheet — check it first (every row's
//! outcome and every problem), then import all of it or nothing.

use super::super::api::{import_products, preview_products};
use super::super::text::{row_action_label, text};
use super::super::{ProductImportPreview, ProductSheet, RowAction};
use super::Tabs;
use crate::error::AppError;
use crate::ui::session::use_lang;
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{read_file_base64, ready_marker};
use leptos::prelude::*;

#[component]
pub fn ProductSheetPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let lang = use_lang();
    let s = text(lang);
    let toasts = use_toasts();
    let input = NodeRef::<leptos::html::Input>::new();
    let sheet = RwSignal::new(None::<ProductSheet>);
    let preview = RwSignal::new(None::<ProductImportPreview>);
    let error = RwSignal::new(None::<AppError>);
    let reading = RwSignal::new(false);
    let check = Action::new(|sheet: &ProductSheet| preview_products(sheet.clone()));
    let import = Action::new(|sheet: &ProductSheet| import_products(sheet.clone()));
    Effect::new(move |_| match check.value().get() {
        Some(Ok(p)) => {
            error.set(None);
            preview.set(Some(p));
        }
        Some(Err(e)) => {
            preview.set(None);
            error.set(Some(e));
        }
        None => {}
    });
    Effect::new(move |_| match import.value().get() {
        Some(Ok(r)) => {
            toasts.ok(s.sheet_imported);
            error.set(None);
            preview.update(|p| {
                if let Some(p) = p {
                    p.new_products = r.new_products;
                    p.new_skus = r.new_skus;
                    p.updated = r.updated;
                    p.unchanged = r.unchanged;
                    p.rows.clear();
                }
            });
            sheet.set(None);
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let ready = ready_marker();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(el) = input.get() else { return };
        preview.set(None);
        error.set(None);
        reading.set(read_file_base64(&el, move |name, b64| {
            reading.set(false);
            let file = ProductSheet { file_name: name.into(), content_b64: b64.into() };
            sheet.set(Some(file.clone()));
            check.dispatch(file);
        }));
    };
    let busy = move || reading.get() || check.pending().get() || import.pending().get() || ready.get() != "true";
    view! {
        <section class="page">
            <h1>{s.tab_sheets}</h1>
            <Tabs/>
            <div class="card">
                <h2>{s.sheet_export_title}</h2>
                <p class="hint">{s.sheet_export_hint}</p>
                <form method="post" action="/rpc/export_products">
                    <button type="submit" class="secondary" data-testid="export-products">{s.export_all_products}</button>
                </form>
            </div>
            <div class="card">
                <h2>{s.sheet_import_title}</h2>
                <p class="hint">{s.sheet_import_hint}</p>
                <form class="search" method="post" action="/rpc/preview_products" data-ready=ready on:submit=on_submit>
                    <input type="file" node_ref=input name="file" accept=".xlsx,.xls,.csv,.txt" aria-label=s.choose_sheet required/>
                    <button type="submit" disabled=busy>{s.check_sheet}</button>
                </form>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-error=e.code()>{e.message(lang)}</p> })}
                {move || preview.get().map(|p| view! { <SheetPreview p=p sheet=sheet import=import/> })}
            </div>
        </section>
    }
}

#[component]
fn SheetPreview(p: ProductImportPreview, sheet: RwSignal<Option<ProductSheet>>, import: Action<ProductSheet, Result<super::super::ProductImportReport, AppError>>) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let figures = [
        ("new-products", s.new_products, p.new_products),
        ("new-skus", s.new_skus, p.new_skus),
        ("updated", s.updated_skus, p.updated),
        ("unchanged", s.unchanged_skus, p.unchanged),
        ("problems", s.sheet_problems, p.errors.len() as u32),
    ]
    .into_iter()
    .map(|(key, label, n)| view! { <div class="kpi" data-figure=key><div class="kpi-label">{label}</div><div class="kpi-value">{n}</div></div> })
    .collect_view();
    let errors = (!p.errors.is_empty()).then(|| {
        let items = p.errors.iter().map(|e| view! { <li data-error=e.code()>{e.message(lang)}</li> }).collect_view();
        view! {
            <div class="error-box" role="alert" data-testid="row-errors">
                <strong>{s.sheet_problems}</strong>
                <ul>{items}</ul>
                <p>{s.sheet_blocked}</p>
            </div>
        }
    });
    let can_import = p.errors.is_empty() && (p.new_skus > 0 || p.updated > 0);
    let noop = p.errors.is_empty() && !can_import;
    let more = (p.rows.len() >= super::super::catalog_io::PREVIEW_ROWS).then(|| view! { <p class="hint">{s.sheet_more_rows}</p> });
    let rows = p
        .rows
        .iter()
        .map(|r| {
            let code = if r.code.is_empty() && r.action != RowAction::Invalid { s.made_up_code.to_string() } else { r.code.clone() };
            let action = serde_json::to_value(r.action).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
            view! {
                <tr data-row=r.line.to_string() data-action=action.clone()>
                    <td data-label=s.row_no class="num">{r.line}</td>
                    <td data-label=s.kind><span class=format!("badge action-{action}")>{row_action_label(r.action, lang)}</span></td>
                    <td data-label=s.code>{code}</td>
                    <td data-label=s.product>{r.name.clone()}</td>
                    <td data-label=s.color>{r.color.clone()}</td>
                    <td data-label=s.size>{r.size.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let table = (!p.rows.is_empty()).then(|| {
        view! {
            <table class="table stack sheet-rows">
                <thead><tr><th>{s.row_no}</th><th>{s.kind}</th><th>{s.code}</th><th>{s.product}</th><th>{s.color}</th><th>{s.size}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
    });
    view! {
        <div class="preview sheet-preview" data-testid="sheet-preview">
            <h3>{p.file_name.clone()}</h3>
            <div class="kpis stages">{figures}</div>
            {errors}
            {noop.then(|| view! { <p class="notice" data-testid="sheet-noop">{s.sheet_noop}</p> })}
            {table}
            {more}
            {can_import.then(|| view! {
                <button type="button" data-testid="import-sheet" disabled=move || import.pending().get() || sheet.get().is_none()
                    on:click=move |_| {
                        if let Some(f) = sheet.get_untracked() {
                            import.dispatch(f);
                        }
                    }>{s.import_sheet}</button>
            })}
        </div>
    }
}
