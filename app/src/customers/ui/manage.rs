//! The boss's pages: campaigns (with issued, redeemed and revenue) and 撞单 decisions; CRM
//! settings (lifecycle thresholds, custom fields, re-evaluate now); and the import page
//! (check first, every bad row with its column and reason, then all or nothing).

use super::files::read_file;
use crate::customers::api::{
    add_custom_field, delete_custom_field, get_crm_settings, import_customers, list_campaigns, list_conflicts, list_tags, refresh_customers,
    resolve_conflict, run_campaigns, save_campaign, save_lifecycle,
};
use crate::customers::text::{describe_terms, field_kind_label, import_action_label, text};
use crate::customers::{CampaignInput, ConflictDecision, CrmSettings, DiscountKind, FieldKind, ImportInput, ImportReport, LifecycleConfig, Stage};
use crate::error::AppError;
use crate::time::format_ms;
use crate::ui::session::{use_common, use_lang, use_user};
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{confirm, ready_marker, Empty, ErrorBox, Loading};
use leptos::prelude::*;

#[component]
pub fn CampaignsPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let lang = use_lang();
    let t = text(lang);
    let c = use_common();
    let toasts = use_toasts();
    let campaigns = Resource::new(|| (), |_| list_campaigns());
    let conflicts = Resource::new(|| (), |_| list_conflicts());
    let tags = Resource::new(|| (), |_| list_tags());
    let run = Action::new(|_: &()| run_campaigns());
    Effect::new(move |_| match run.value().get() {
        Some(Ok(r)) => {
            toasts.ok((t.followups_made)(r.follow_ups, r.coupons));
            campaigns.refetch();
        }
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    view! {
        <section class="page">
            <div class="page-head"><h1>{t.campaigns_title}</h1><a class="button secondary" href="/customers">{c.back}</a></div>
            <div class="card">
                <h2>{t.conflicts_title}</h2>
                <p class="muted">{t.conflict_hint}</p>
                <Transition fallback=|| view! { <Loading/> }>
                    {move || Suspend::new(async move {
                        match conflicts.await {
                            Ok(list) if list.is_empty() => view! { <p class="muted">{t.no_conflicts}</p> }.into_any(),
                            Ok(list) => view! {
                                <ul class="timeline conflicts">
                                    {list.into_iter().map(|k| view! { <Conflict k on_done=move || conflicts.refetch()/> }).collect_view()}
                                </ul>
                            }.into_any(),
                            Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                        }
                    })}
                </Transition>
            </div>
            <div class="actions"><button type="button" on:click=move |_| { run.dispatch(()); } disabled=move || run.pending().get()>{t.run_campaigns}</button></div>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match campaigns.await {
                        Ok(list) if list.is_empty() => view! { <Empty text=use_common().empty/> }.into_any(),
                        Ok(list) => {
                            let rows = list.into_iter().map(|k| {
                                let target = [
                                    k.tag.as_ref().map(|(_, n)| n.clone()),
                                    k.stage.map(|s| s.label(lang).to_string()),
                                    (k.min_silent_days > 0).then(|| format!("{} ≥ {}", t.cond_silent, k.min_silent_days)),
                                ].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                                let coupon = k.coupon.as_ref().map(|(d, min, days)| format!("{} · {days} {}", describe_terms(d, min.to_fen(), lang), t.days)).unwrap_or_default();
                                view! {
                                    <tr data-campaign=k.name.clone()>
                                        <td data-label=t.campaign>{k.name.clone()}<div class="sub">{if k.active { t.active } else { t.inactive }}</div></td>
                                        <td data-label=t.target>{target}</td>
                                        <td data-label=t.coupon>{coupon}</td>
                                        <td data-label=t.follow_ups class="num">{format!("{}/{}", k.follow_ups_done, k.follow_ups)}</td>
                                        <td data-label=t.issued class="num">{k.issued}</td>
                                        <td data-label=t.redeemed class="num">{k.redeemed}</td>
                                        <td data-label=t.revenue class="num">{k.revenue.to_string()}</td>
                                    </tr>
                                }
                            }).collect_view();
                            view! {
                                <table class="table campaigns">
                                    <thead><tr><th>{t.campaign}</th><th>{t.target}</th><th>{t.coupon}</th><th class="num">{t.follow_ups}</th><th class="num">{t.issued}</th><th class="num">{t.redeemed}</th><th class="num">{t.revenue}</th></tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            }.into_any()
                        }
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let tags = tags.await.unwrap_or_default().into_iter().map(|g| (g.id, g.name)).collect::<Vec<_>>();
                    view! { <CampaignForm tags on_done=move || campaigns.refetch()/> }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Conflict(k: crate::customers::ConflictView, on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let toasts = use_toasts();
    let id = k.id;
    let act = Action::new(move |d: &ConflictDecision| resolve_conflict(id, *d));
    Effect::new(move |_| match act.value().get() {
        Some(Ok(())) => {
            toasts.ok(t.conflict_decided);
            on_done();
        }
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    view! {
        <li data-conflict=k.id.to_string()>
            <div><a href=format!("/orders/{}", k.order_id.0)>{k.order_no.clone()}</a> " · " {k.customer_name.clone()} " " <span class="sub">{k.mobile.clone()}</span></div>
            <div class="sub">{t.entered_by} "：" {k.agent_name.clone()} " · " {t.first_owner} "：" <a href=format!("/customers/{}", k.owner_customer.0)>{k.owner_name.clone()}</a> " · " {format_ms(k.created_at)}</div>
            <div class="row-actions">
                <button type="button" class="secondary" on:click=move |_| { act.dispatch(ConflictDecision::KeepOwner); }>{t.keep_owner}</button>
                <button type="button" class="secondary" on:click=move |_| { act.dispatch(ConflictDecision::MoveToNew); }>{t.move_to_new}</button>
            </div>
        </li>
    }
}

#[component]
fn CampaignForm(tags: Vec<(i64, String)>, on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let c = use_common();
    let toasts = use_toasts();
    let s = |v: &str| RwSignal::new(v.to_string());
    let (name, tag, stage, silent, kind, value, min_spend, valid, repeat) = (s(""), s(""), s(""), s("90"), s("amount"), s("50"), s("200"), s("30"), s("90"));
    let error = RwSignal::new(None::<AppError>);
    let act = Action::new(|i: &CampaignInput| save_campaign(i.clone()));
    Effect::new(move |_| match act.value().get() {
        Some(Ok(_)) => {
            toasts.ok(t.saved);
            error.set(None);
            on_done();
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    view! {
        <details class="card">
            <summary>"+ " {t.new_campaign}</summary>
            <form class="form" data-ready=ready_marker() on:submit=move |ev| {
                ev.prevent_default();
                let num = |s: RwSignal<String>| s.get().trim().parse::<i64>().unwrap_or(-1);
                act.dispatch(CampaignInput {
                    id: None,
                    name: name.get().into(),
                    tag_id: tag.get().parse().ok(),
                    stage: Stage::parse(&stage.get()),
                    min_silent_days: num(silent),
                    coupon_kind: DiscountKind::parse(&kind.get()),
                    coupon_value: value.get().into(),
                    coupon_min_spend: min_spend.get().into(),
                    coupon_valid_days: num(valid),
                    repeat_days: num(repeat),
                    active: true,
                });
            }>
                <div class="row">
                    <label>{t.campaign_name}<input bind:value=name maxlength="30"/></label>
                    <label>{t.tag}<select bind:value=tag><option value="">{t.any}</option>{tags.iter().map(|(i, n)| view! { <option value=i.to_string()>{n.clone()}</option> }).collect_view()}</select></label>
                    <label>{t.stage}<select bind:value=stage><option value="">{t.any}</option>{Stage::ALL.into_iter().map(|x| view! { <option value=x.code()>{x.label(lang)}</option> }).collect_view()}</select></label>
                    <label>{t.min_silent_days}<input bind:value=silent inputmode="numeric"/></label>
                </div>
                <div class="row">
                    <label>{t.coupon_kind}<select bind:value=kind><option value="">{c.none}</option><option value="amount">{t.coupon_amount}</option><option value="percent">{t.coupon_percent}</option></select></label>
                    <label>{t.coupon_value}<input bind:value=value inputmode="decimal"/></label>
                    <label>{t.coupon_min_spend}<input bind:value=min_spend inputmode="decimal"/></label>
                    <label>{t.coupon_valid_days}<input bind:value=valid inputmode="numeric"/></label>
                    <label>{t.repeat_days}<input bind:value=repeat inputmode="numeric"/></label>
                </div>
                <button type="submit" disabled=move || act.pending().get()>{t.save}</button>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-error=e.code()>{e.message(lang)}</p> })}
            </form>
        </details>
    }
}

#[component]
pub fn CrmSettingsPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let t = text(use_lang());
    let c = use_common();
    let settings = Resource::new(|| (), |_| get_crm_settings());
    view! {
        <section class="page">
            <div class="page-head"><h1>{t.settings_title}</h1><a class="button secondary" href="/customers">{c.back}</a></div>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match settings.await {
                        Ok(s) => view! { <Settings s on_change=move || settings.refetch()/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Settings(s: CrmSettings, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let toasts = use_toasts();
    let l = s.lifecycle.clone();
    let v = |n: u32| RwSignal::new(n.to_string());
    let (new_days, window, min_orders, dormant, churn) = (v(l.new_days), v(l.loyal_window_days), v(l.loyal_min_orders), v(l.dormant_days), v(l.churn_days));
    let save = Action::new(|c: &LifecycleConfig| save_lifecycle(c.clone()));
    let refresh = Action::new(|_: &()| refresh_customers());
    let field_name = RwSignal::new(String::new());
    let field_kind = RwSignal::new("text".to_string());
    let add = Action::new(|(n, k): &(String, FieldKind)| add_custom_field(n.as_str().into(), *k));
    let del = Action::new(|id: &i64| delete_custom_field(*id));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => toasts.ok(t.saved),
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    Effect::new(move |_| match refresh.value().get() {
        Some(Ok(r)) => toasts.ok((t.refresh_report)(r.customers, r.millis)),
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    Effect::new(move |_| match add.value().get() {
        Some(Ok(_)) => {
            field_name.set(String::new());
            on_change();
        }
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    Effect::new(move |_| match del.value().get() {
        Some(Ok(())) => on_change(),
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    let num = |s: RwSignal<String>| s.get().trim().parse::<u32>().unwrap_or(0);
    view! {
        <div class="card">
            <h2>{t.lifecycle_thresholds}</h2>
            <form class="form" data-ready=ready_marker() on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch(LifecycleConfig { new_days: num(new_days), loyal_window_days: num(window), loyal_min_orders: num(min_orders), dormant_days: num(dormant), churn_days: num(churn) });
            }>
                <div class="row">
                    <label>{t.new_days}<input bind:value=new_days inputmode="numeric"/></label>
                    <label>{t.loyal_window_days}<input bind:value=window inputmode="numeric"/></label>
                    <label>{t.loyal_min_orders}<input bind:value=min_orders inputmode="numeric"/></label>
                    <label>{t.dormant_days}<input bind:value=dormant inputmode="numeric"/></label>
                    <label>{t.churn_days}<input bind:value=churn inputmode="numeric"/></label>
                </div>
                <button type="submit" disabled=move || save.pending().get()>{t.save}</button>
            </form>
        </div>
        <div class="card">
            <h2>{t.field_defs}</h2>
            <ul class="timeline">
                {s.fields.iter().map(|f| {
                    let id = f.id;
                    view! { <li>{f.name.clone()} " · " <span class="sub">{field_kind_label(f.kind, lang)}</span> " "
                        <button type="button" class="link danger" on:click=move |_| { if confirm(t.delete) { del.dispatch(id); } }>{t.delete}</button></li> }
                }).collect_view()}
            </ul>
            <form class="inline-form row-actions" on:submit=move |ev| {
                ev.prevent_default();
                let k = if field_kind.get() == "number" { FieldKind::Number } else { FieldKind::Text };
                add.dispatch((field_name.get(), k));
            }>
                <input bind:value=field_name placeholder=t.field_name aria-label=t.field_name maxlength="20"/>
                <select bind:value=field_kind aria-label=t.field_kind><option value="text">{t.kind_text}</option><option value="number">{t.kind_number}</option></select>
                <button type="submit" class="secondary">{t.add_field}</button>
            </form>
        </div>
        <div class="actions"><button type="button" on:click=move |_| { refresh.dispatch(()); } disabled=move || refresh.pending().get()>{t.refresh_now}</button></div>
    }
}

#[component]
pub fn ImportPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let lang = use_lang();
    let t = text(lang);
    let c = use_common();
    let toasts = use_toasts();
    let user = use_user();
    let agents = Resource::new(|| (), |_| crate::auth::api::list_agents());
    let agent = RwSignal::new(String::new());
    let report = RwSignal::new(None::<ImportReport>);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let go = move |commit: bool| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            match read_file("import-file").await {
                None => busy.set(false),
                Some((name, data)) => {
                    let input = ImportInput { file_name: name.into(), data: data.into(), agent_id: agent.get_untracked().parse().ok(), commit };
                    match import_customers(input).await {
                        Ok(r) => {
                            if r.committed {
                                toasts.ok((t.imported)(r.new, r.updated));
                            }
                            error.set(None);
                            report.set(Some(r));
                        }
                        Err(e) => error.set(Some(e)),
                    }
                    busy.set(false);
                }
            }
        });
    };
    view! {
        <section class="page">
            <div class="page-head"><h1>{t.import_title}</h1><a class="button secondary" href="/customers">{c.back}</a></div>
            <div class="card form" data-ready=ready_marker()>
                <p class="muted">{t.import_hint}</p>
                <label>{t.import_file}<input id="import-file" type="file" accept=".xlsx,.csv"/></label>
                {(user.role != crate::auth::Role::Agent).then(|| view! {
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            let list = agents.await.unwrap_or_default();
                            view! {
                                <label>{t.default_agent}
                                    <select bind:value=agent><option value="">{c.choose}</option>
                                        {list.into_iter().map(|a| view! { <option value=a.id.to_string()>{a.display_name}</option> }).collect_view()}
                                    </select>
                                </label>
                            }
                        })}
                    </Suspense>
                })}
                <div class="actions">
                    <button type="button" class="secondary" disabled=busy on:click=move |_| go(false)>{t.import_check}</button>
                    <button type="button" disabled=move || busy.get() || report.get().is_none_or(|r| !r.errors.is_empty() || r.committed) on:click=move |_| go(true)>{t.import_commit}</button>
                </div>
                {move || busy.get().then(|| view! { <p class="muted">{t.import_reading}</p> })}
                {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-error=e.code()>{e.message(lang)}</p> })}
            </div>
            {move || report.get().map(|r| view! { <Report r/> })}
        </section>
    }
}

#[component]
fn Report(r: ImportReport) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    view! {
        <div class="card" data-testid="import-report">
            <div class="kpis">
                <div class="kpi"><div class="kpi-label">{t.import_rows}</div><div class="kpi-value">{r.rows}</div></div>
                <div class="kpi"><div class="kpi-label">{t.import_new}</div><div class="kpi-value">{r.new}</div></div>
                <div class="kpi"><div class="kpi-label">{t.import_update}</div><div class="kpi-value">{r.updated}</div></div>
                <div class="kpi"><div class="kpi-label">{t.import_unchanged}</div><div class="kpi-value">{r.unchanged}</div></div>
            </div>
            {(!r.errors.is_empty()).then(|| view! {
                <h2>{t.import_errors}</h2>
                <table class="table compact import-errors">
                    <thead><tr><th>{t.import_row}</th><th>{t.import_field}</th><th>{t.import_reason}</th></tr></thead>
                    <tbody>{r.errors.iter().map(|e| view! { <tr data-error=e.error.code()><td>{e.row}</td><td>{e.field.clone()}</td><td>{e.error.message(lang)}</td></tr> }).collect_view()}</tbody>
                </table>
            })}
            <table class="table compact">
                <tbody>{r.preview.iter().map(|p| view! { <tr><td>{p.row}</td><td>{p.name.clone()}</td><td>{p.mobile.clone()}</td><td>{p.agent_name.clone()}</td><td>{import_action_label(p.action, lang)}</td></tr> }).collect_view()}</tbody>
            </table>
        </div>
    }
}
