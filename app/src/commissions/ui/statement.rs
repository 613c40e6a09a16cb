//! `/commissions/statements/:id`: one monthly statement — the total and its groups, the tier
//! the month reached, what the downline's sales contributed, every line, and the payout (which
//! finance records here once the boss has approved the month).

use super::{ExportButton, StatusTag};
use crate::commissions::api::{get_statement, record_payout};
use crate::commissions::logic::percent;
use crate::commissions::text::{group_label, kind_label, mode_label, text};
use crate::commissions::{PayMethod, PayoutInput, StatementDetail, StatementId};
use crate::error::AppError;
use crate::time::format_ms;
use crate::ui::session::{use_common, use_lang};
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{ready_marker, ErrorBox, Loading};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn StatementPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let t = text(use_lang());
    let c = use_common();
    let params = use_params_map();
    let id = move || StatementId(params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let version = RwSignal::new(0u32);
    let detail = Resource::new(move || (id(), version.get()), |(id, _)| get_statement(id));
    view! {
        <section class="page statement">
            <div class="page-head">
                <h1>{t.statement}</h1>
                <a class="button secondary" href="/commissions">{c.back}</a>
            </div>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(d) => view! { <StatementView d version/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn StatementView(d: StatementDetail, version: RwSignal<u32>) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let s = d.summary.clone();
    let groups = d
        .groups
        .iter()
        .map(|g| {
            let base = (g.base.to_fen() != 0).then(|| format!("{} {}", t.base, g.base));
            view! {
                <li data-group=format!("{:?}", g.kind)>
                    <span>{group_label(g.kind, lang)} {base.map(|b| view! { <span class="sub">{b}</span> })}</span>
                    <span class="num" class:neg=g.amount.to_fen() < 0>{g.amount.to_string()}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="card statement-head">
            <div class="order-title">
                <span class="order-no" data-testid="statement-month">{s.month.to_string()}</span>
                <span data-testid="statement-agent">{s.agent_name.clone()}</span>
                <StatusTag status=s.status/>
            </div>
            <div class="statement-total">
                <span class="kpi-label">{t.total}</span>
                <span class="kpi-value" data-testid="statement-total">{s.total.to_string()}</span>
            </div>
            <ul class="figures" aria-label=t.groups>
                {groups}
                <li class="sum"><span>{t.total}</span><span class="num">{s.total.to_string()}</span></li>
            </ul>
            <div class="actions"><ExportButton month=s.month/></div>
        </div>
        <Settlement d=d.clone()/>
        <Contributions d=d.clone()/>
        <Payout d=d.clone() version/>
        <Lines d/>
    }
}

#[component]
fn Settlement(d: StatementDetail) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let Some(s) = d.settlement else { return ().into_any() };
    let parts = s
        .parts
        .iter()
        .map(|p| {
            view! {
                <li data-testid="tier-reached">
                    {(t.tier_label)(p.tier.no, &percent(p.tier.rate))} " · " {mode_label(p.mode, lang)}
                    <span class="sub">" · " {t.effective_from} " " {p.effective_from.to_string()} " · " {t.base} " " {p.tiered_base.to_string()}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="card">
            <h2>{t.settlement}</h2>
            <dl class="facts">
                <dt>{t.volume}</dt><dd data-testid="volume">{s.volume.to_string()}</dd>
                <dt>{t.tier}</dt><dd><ul class="plain">{parts}</ul></dd>
                <dt>{t.target}</dt><dd>{s.target.to_string()}</dd>
                <dt>{t.provisional}</dt><dd>{s.provisional.to_string()}</dd>
                <dt>{t.adjustment}</dt><dd data-testid="adjustment">{s.adjustment.to_string()}</dd>
            </dl>
        </div>
    }
    .into_any()
}

#[component]
fn Contributions(d: StatementDetail) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    if d.contributions.is_empty() {
        return ().into_any();
    }
    let rows = d
        .contributions
        .iter()
        .map(|c| {
            view! {
                <li data-seller=c.seller_name.clone()>
                    <span>
                        {(t.level_label)(c.level)} " · " {c.seller_name.clone()}
                        <span class="sub">{format!("{} {} · {} {}", c.orders, t.orders_count, t.base, c.base)}</span>
                    </span>
                    <span class="num" data-testid="contribution-amount">{c.amount.to_string()}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="card">
            <h2>{t.contribution}</h2>
            <p class="muted">{t.contribution_hint}</p>
            <ul class="figures contributions">{rows}</ul>
        </div>
    }
    .into_any()
}

#[component]
fn Lines(d: StatementDetail) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let more = d.line_count > d.lines.len();
    let rows = d
        .lines
        .into_iter()
        .map(|l| {
            let who = match (l.level, &l.seller_name) {
                (0, _) => l.source_label.clone(),
                (level, Some(n)) => format!("{} · {n}", (t.level_label)(level)),
                (level, None) => (t.level_label)(level),
            };
            let rate = if l.rate.is_zero() { String::new() } else { format!(" × {}", percent(l.rate)) };
            view! {
                <li class:neg=l.amount.to_fen() < 0>
                    <span>
                        {kind_label(l.kind, lang)} " · " {l.order_no.unwrap_or_else(|| "—".into())} " · " {who}
                        {l.accrued_month.map(|m| view! { " " <span class="badge">{m.to_string()}</span> })}
                        <span class="sub">{format_ms(l.at)} " · " {t.base} " " {l.base.to_string()} {rate}</span>
                    </span>
                    <span class="num">{l.amount.to_string()}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <details class="card">
            <summary>{t.lines_title} " (" {d.line_count} ")"</summary>
            <ul class="figures lines">{rows}</ul>
            {more.then(|| view! { <p class="muted">{t.lines_more}</p> })}
        </details>
    }
}

/// The payout as recorded, or finance's form to record it.
#[component]
fn Payout(d: StatementDetail, version: RwSignal<u32>) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let toasts = use_toasts();
    if let Some(p) = d.payout {
        return view! {
            <div class="card" data-testid="payout">
                <h2>{t.payout}</h2>
                <dl class="facts">
                    <dt>{t.pay_method}</dt><dd>{p.method.label(lang)}</dd>
                    <dt>{t.pay_reference}</dt><dd>{p.reference}</dd>
                    <dt>{t.pay_date}</dt><dd>{p.paid_on.to_string()}</dd>
                    <dt>{t.paid_by}</dt><dd>{p.by}</dd>
                </dl>
            </div>
        }
        .into_any();
    }
    if !d.can_pay {
        return ().into_any();
    }
    let id = d.summary.id;
    let method = RwSignal::new(PayMethod::Bank.code().to_string());
    let reference = RwSignal::new(String::new());
    let date = RwSignal::new(d.today.to_string());
    let error = RwSignal::new(None::<AppError>);
    let pay = Action::new(|input: &PayoutInput| record_payout(input.clone()));
    Effect::new(move |_| match pay.value().get() {
        Some(Ok(())) => {
            toasts.ok(t.payout_saved);
            version.update(|v| *v += 1);
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    view! {
        <form class="card form" method="post" action="/rpc/record_payout" data-ready=ready_marker() on:submit=move |ev| {
            ev.prevent_default();
            let input = PayoutInput {
                statement_id: id,
                method: PayMethod::parse(&method.get()).unwrap_or(PayMethod::Bank),
                reference: reference.get().into(),
                paid_on: date.get().into(),
            };
            pay.dispatch(input);
        }>
            <h2>{t.record_payout}</h2>
            <input type="hidden" name="input[statement_id]" value=id.0.to_string()/>
            <div class="row">
                <label>{t.pay_method}
                    <select bind:value=method name="input[method]">
                        {PayMethod::ALL.into_iter().map(|m| view! { <option value=m.code()>{m.label(lang)}</option> }).collect_view()}
                    </select>
                </label>
                <label>{t.pay_reference}<input bind:value=reference name="input[reference]" maxlength="64"/></label>
                <label>{t.pay_date}<input type="date" bind:value=date name="input[paid_on]" required/></label>
            </div>
            <button type="submit" disabled=move || pay.pending().get()>{t.record_payout}</button>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-error=e.code()>{e.message(lang)}</p> })}
        </form>
    }
    .into_any()
}
