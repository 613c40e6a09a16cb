//! The import page (/orders/import): choose the agent, the layout (or a saved column mapping)
//! and the file; it is uploaded in chunks with a progress bar, previewed (new, known, skipped,
//! bad rows with column and reason, unmatched SKU codes), then imported all or nothing.

use crate::auth::api::list_agents;
use crate::error::AppError;
use crate::intake::api::{commit_import, list_mappings, preview_import, start_upload, upload_chunk};
use crate::intake::logic::CHUNK_BYTES;
use crate::intake::text::{layout_label, state_label, text};
use crate::intake::{ImportChoice, ImportLayout, ImportPreview, NewUpload};
use crate::orders::Channel;
use crate::ui::session::{use_common, use_lang};
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{read_file, ready_marker, ErrorBox, Loading};
use leptos::prelude::*;

#[component]
pub fn ImportPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let t = text(use_lang());
    let c = use_common();
    let agents = Resource::new(|| (), |_| list_agents());
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{t.import_title}</h1>
                <a class="button secondary" href="/orders">{c.back}</a>
            </div>
            <p class="muted">{t.import_hint}</p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match agents.await {
                        Ok(a) => view! { <ImportForm agents=a.into_iter().map(|a| (a.id, a.display_name)).collect()/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Suspense>
            <MappingForm/>
        </section>
    }
}

/// Where an upload is.
#[derive(Clone, Debug, PartialEq)]
enum Stage {
    Idle,
    Uploading(i64, i64),
    Reading,
    Preview(ImportPreview),
    Committing,
}

#[component]
fn ImportForm(agents: Vec<(i64, String)>) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let c = use_common();
    let toasts = use_toasts();
    let navigate = leptos_router::hooks::use_navigate();
    let preselect = (agents.len() == 1).then(|| agents[0].0);
    let agent = RwSignal::new(preselect.map(|a| a.to_string()).unwrap_or_default());
    let layout = RwSignal::new(ImportLayout::Auto.code().to_string());
    let mapping = RwSignal::new(String::new());
    let mappings = Resource::new(|| (), |_| list_mappings());
    let stage = RwSignal::new(Stage::Idle);
    let token = RwSignal::new(String::new());
    let items_token = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let file_ref = NodeRef::<leptos::html::Input>::new();
    let items_ref = NodeRef::<leptos::html::Input>::new();
    let choice = move || ImportChoice {
        token: token.get_untracked().into(),
        items_token: items_token.get_untracked().into(),
        layout: ImportLayout::parse(&layout.get_untracked()).unwrap_or_default(),
        mapping_id: mapping.get_untracked().parse().ok(),
        agent_id: agent.get_untracked().parse().unwrap_or(0),
    };
    let fail = move |e: AppError| {
        error.set(Some(e));
        stage.set(Stage::Idle);
    };
    let preview = move || {
        stage.set(Stage::Reading);
        leptos::task::spawn_local(async move {
            match preview_import(choice()).await {
                Ok(p) => stage.set(Stage::Preview(p)),
                Err(e) => fail(e),
            }
        });
    };
    let on_upload = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let Some(input) = file_ref.get_untracked() else { return };
        // The Taobao 宝贝报表, when one is chosen too, follows the order report.
        let items = items_ref.get_untracked().filter(has_file);
        read_file(&input, move |name, size, b64| {
            leptos::task::spawn_local(async move {
                match upload(name, size, b64, stage).await {
                    Ok(tok) => {
                        token.set(tok);
                        match items {
                            Some(items) => {
                                read_file(&items, move |name, size, b64| {
                                    leptos::task::spawn_local(async move {
                                        match upload(name, size, b64, stage).await {
                                            Ok(tok) => {
                                                items_token.set(tok);
                                                preview();
                                            }
                                            Err(e) => fail(e),
                                        }
                                    });
                                });
                            }
                            None => {
                                items_token.set(String::new());
                                preview();
                            }
                        }
                    }
                    Err(e) => fail(e),
                }
            });
        });
    };
    let commit = Callback::new(move |_: ()| {
        let before = stage.get_untracked();
        stage.set(Stage::Committing);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match commit_import(choice()).await {
                Ok(r) => {
                    toasts.ok((t.import_done)(r.created, r.known));
                    navigate("/orders", Default::default());
                }
                Err(e) => {
                    error.set(Some(e));
                    stage.set(before);
                }
            }
        });
    });
    let mapping_select = move || {
        (layout.get() == ImportLayout::Mapping.code()).then(|| {
            view! {
                <label>{t.import_mapping}
                    <select bind:value=mapping data-testid="import-mapping">
                        <option value="">{c.choose}</option>
                        {move || mappings.get().and_then(Result::ok).unwrap_or_default().into_iter()
                            .map(|m| view! { <option value=m.id.to_string()>{m.name}</option> }).collect_view()}
                    </select>
                </label>
            }
        })
    };
    let progress = move || match stage.get() {
        Stage::Uploading(done, size) => {
            let pct = if size > 0 { done * 100 / size } else { 0 };
            Some(view! {
                <div class="upload-progress" data-testid="upload-progress">
                    <progress max="100" value=pct.to_string()></progress>
                    <span>{t.import_uploading} " " {(t.uploaded)(pct)}</span>
                </div>
            }.into_any())
        }
        Stage::Reading => Some(view! { <p class="muted" aria-busy="true">{t.import_reading}</p> }.into_any()),
        Stage::Committing => Some(view! { <p class="muted" aria-busy="true">{t.import_committing}</p> }.into_any()),
        _ => None,
    };
    let busy = move || !matches!(stage.get(), Stage::Idle | Stage::Preview(_));
    view! {
        <form class="card form" on:submit=on_upload data-ready=ready_marker()>
            <div class="row">
                <label>{t.import_agent}
                    <select bind:value=agent data-testid="import-agent">
                        <option value="">{c.choose}</option>
                        {agents.into_iter().map(|(id, n)| view! { <option value=id.to_string() selected=preselect == Some(id)>{n}</option> }).collect_view()}
                    </select>
                </label>
                <label>{t.import_layout}
                    <select bind:value=layout data-testid="import-layout">
                        {ImportLayout::ALL.into_iter().map(|l| view! { <option value=l.code()>{layout_label(l, lang)}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            {mapping_select}
            <label>{t.import_file}
                <input type="file" node_ref=file_ref data-testid="import-file" accept=".csv,.txt,.xlsx,.xls,text/csv"/>
            </label>
            <Show when=move || matches!(ImportLayout::parse(&layout.get()), Some(ImportLayout::Auto | ImportLayout::Taobao))>
                <label>{t.import_items_file}
                    <input type="file" node_ref=items_ref data-testid="import-items-file" accept=".csv,.txt,.xlsx,.xls,text/csv"/>
                    <span class="muted small">{t.import_items_hint}</span>
                </label>
            </Show>
            <div class="form-foot">
                <button type="submit" disabled=busy>{t.import_upload}</button>
            </div>
            {progress}
            {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-error=e.code()>{e.message(lang)}</p> })}
        </form>
        {move || match stage.get() {
            Stage::Preview(p) => Some(view! { <PreviewView p=p on_commit=commit/> }),
            _ => None,
        }}
    }
}

/// Upload a file given as base64 in chunks; returns the token.
async fn upload(name: String, size: i64, b64: String, stage: RwSignal<Stage>) -> Result<String, AppError> {
    let tok = start_upload(NewUpload { file_name: name.into(), size }).await?;
    // 4 base64 characters carry 3 bytes: chunks of CHUNK_BYTES raw bytes.
    let step = CHUNK_BYTES / 3 * 4;
    let mut offset = 0i64;
    stage.set(Stage::Uploading(0, size));
    for chunk in b64.as_bytes().chunks(step) {
        let part = String::from_utf8_lossy(chunk).into_owned();
        offset = upload_chunk(tok.clone().into(), offset, part.into()).await?;
        stage.set(Stage::Uploading(offset, size));
    }
    Ok(tok)
}

/// Whether a file input has a file chosen.
fn has_file(input: &web_sys::HtmlInputElement) -> bool {
    let files = js_sys::Reflect::get(input, &"files".into()).ok();
    files.and_then(|f| js_sys::Reflect::get(&f, &"length".into()).ok()).and_then(|n| n.as_f64()).is_some_and(|n| n > 0.0)
}

#[component]
fn PreviewView(p: ImportPreview, on_commit: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let shown = p.orders.len();
    let all = (p.new_orders + p.known + p.skipped) as usize + p.orders.iter().filter(|o| o.state == crate::intake::PreviewState::UnknownSku).count();
    let problems = (!p.problems.is_empty()).then(|| {
        let rows = p.problems.iter().map(|e| view! {
            <tr data-error=e.code.clone()><td class="num">{e.row}</td><td>{e.field.clone()}</td><td>{e.message.clone()}</td></tr>
        }).collect_view();
        view! {
            <h3>{t.import_problems} " (" {p.problems.len()} ")"</h3>
            <div class="table-wrap"><table class="table" data-testid="import-problems">
                <thead><tr><th class="num">{t.import_row}</th><th>{t.import_field}</th><th>{t.import_reason}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
        }
    });
    let unknown = (!p.unknown_skus.is_empty()).then(|| {
        let rows = p.unknown_skus.iter().map(|u| {
            let code = if u.code.is_empty() { t.import_no_code.to_string() } else { u.code.clone() };
            let rows = u.rows.iter().map(|r| r.to_string()).collect::<Vec<_>>().join(", ");
            view! { <li data-code=u.code.clone()><code>{code}</code> " " {u.title.clone()} <span class="muted small">" · " {t.import_row} " " {rows}</span></li> }
        }).collect_view();
        view! {
            <h3>{t.import_unknown} " (" {p.unknown_skus.len()} ")"</h3>
            <p class="muted small">{t.import_unknown_hint}</p>
            <ul class="unknown-skus" data-testid="import-unknown">{rows}</ul>
        }
    });
    let orders = p.orders.iter().map(|o| view! {
        <tr data-state=format!("{:?}", o.state)>
            <td>{o.external_no.clone()}</td>
            <td>{o.recipient_name.clone()} <br/><span class="muted small">{o.mobile.clone()}</span></td>
            <td class="small">{o.address.clone()}</td>
            <td class="small">{o.items.join("；")}</td>
            <td class="num">{o.total.to_string()}</td>
            <td><span class="badge">{state_label(o.state, lang)}</span></td>
        </tr>
    }).collect_view();
    view! {
        <div class="card import-preview" data-testid="import-preview" data-can-commit=p.can_commit.to_string()>
            <h2>{p.file_name.clone()} " · " {p.channel.label(lang)}</h2>
            <dl class="facts">
                <dt>{t.import_rows}</dt><dd data-testid="import-rows">{p.rows}</dd>
                <dt>{t.import_new}</dt><dd data-testid="import-new">{p.new_orders}</dd>
                <dt>{t.import_known}</dt><dd data-testid="import-known">{p.known}</dd>
                <dt>{t.import_skipped}</dt><dd data-testid="import-skipped">{p.skipped}</dd>
                <dt>{t.import_total}</dt><dd>{p.total.to_string()}</dd>
            </dl>
            {problems}
            {unknown}
            <div class="table-wrap"><table class="table">
                <tbody>{orders}</tbody>
            </table></div>
            {(shown < all).then(|| view! { <p class="muted small">{t.import_more}</p> })}
            <div class="form-foot">
                {(!p.can_commit).then(|| view! { <span class="muted">{t.import_blocked}</span> })}
                <button type="button" data-testid="import-commit" disabled=!p.can_commit on:click=move |_| on_commit.run(())>{t.import_commit}</button>
            </div>
        </div>
    }
}

/// Save a column mapping of a generic sheet.
#[component]
fn MappingForm() -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let toasts = use_toasts();
    let save = ServerAction::<crate::intake::api::SaveMapping>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            toasts.ok(t.mapping_saved);
        }
    });
    let fields: [(&str, &str); 13] = [
        ("order_no", t.col_order_no),
        ("recipient_name", t.col_recipient),
        ("mobile", t.col_mobile),
        ("address", t.col_address),
        ("province", t.col_province),
        ("city", t.col_city),
        ("district", t.col_district),
        ("title", t.col_title),
        ("sku_code", t.col_sku),
        ("qty", t.col_qty),
        ("unit_price", t.col_price),
        ("paid", t.col_paid),
        ("note", t.col_note),
    ];
    let inputs = fields
        .into_iter()
        .map(|(f, label)| view! { <label>{label}<input name=format!("input[{f}]") maxlength="40"/></label> })
        .collect_view();
    view! {
        <details class="card">
            <summary>{t.new_mapping}</summary>
            <p class="muted small">{t.mapping_hint}</p>
            <ActionForm action=save attr:class="form mapping-form">
                <div class="row">
                    <label>{t.mapping_name}<input name="input[name]" maxlength="40" required/></label>
                    <label>{t.mapping_channel}
                        <select name="input[channel]">
                            {[Channel::Import, Channel::Wechat, Channel::MiniProgram, Channel::Taobao, Channel::Pinduoduo, Channel::WechatShop]
                                .into_iter().map(|ch| view! { <option value=ch.code()>{ch.label(lang)}</option> }).collect_view()}
                        </select>
                    </label>
                </div>
                <div class="grid-2">{inputs}</div>
                <button type="submit">{crate::ui::session::use_common().save}</button>
                {move || save.value().get().and_then(Result::err).map(|e| view! { <p class="form-error" role="alert" data-error=e.code()>{e.message(lang)}</p> })}
            </ActionForm>
        </details>
    }
}
