//! Payments: the list with its views, recording a payment, agent-confirmed payments to check,
//! one payment with its match (candidates, match by number, undo), and an order's payments.

use super::{flag_badges, form_error, FinanceTabs};
use crate::auth::Perm;
use crate::error::AppError;
use crate::finance::api::{get_order_payments, get_payment, list_payments, match_payment, record_payment, unmatch_payment};
use crate::finance::logic::check_new_payment;
use crate::finance::text::{method_label, reason_text, state_label, text, view_label};
use crate::finance::{Method, NewPayment, PaymentDetail, PaymentFilter, PaymentId, PaymentKind, PaymentRow, PaymentState, PaymentView};
use crate::orders::api::{check_payment, list_orders};
use crate::orders::{OrderFilter, OrderId};
use crate::page::{Page, Seek};
use crate::time::format_ms;
use crate::ui::session::{use_common, use_lang, use_user};
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{confirm, ready_marker, with_query, Empty, ErrorBox, Loading, Pager, StatusBadge};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

/// Now in the business zone as a `datetime-local` value (the browser's clock in the browser).
fn now_local() -> String {
    #[cfg(target_arch = "wasm32")]
    let now = js_sys::Date::now() as i64;
    #[cfg(not(target_arch = "wasm32"))]
    let now = crate::time::now_ms();
    format_ms(now).replacen(' ', "T", 1)
}

#[derive(Clone, Debug, Default, PartialEq)]
struct ListQuery {
    view: PaymentView,
    method: Option<Method>,
}

impl ListQuery {
    fn href(&self, seek: Option<String>) -> String {
        let parts = vec![
            if self.view == PaymentView::All { String::new() } else { format!("view={}", self.view.code()) },
            self.method.map(|m| format!("method={}", m.code())).unwrap_or_default(),
            seek.unwrap_or_default(),
        ];
        with_query("/finance/payments", &parts)
    }
}

#[component]
pub fn PaymentsPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let lang = use_lang();
    let s = text(lang);
    let c = use_common();
    let user = use_user();
    let query = use_query_map();
    let lq = move || {
        let q = query.read();
        ListQuery { view: q.get("view").and_then(|v| PaymentView::parse(&v)).unwrap_or_default(), method: q.get("method").and_then(|m| Method::parse(&m)) }
    };
    let filter = move || {
        let q = query.read();
        let l = lq();
        PaymentFilter { view: l.view, method: l.method, seek: Seek::from_query(q.get("after").as_deref(), q.get("before").as_deref()) }
    };
    let page = Resource::new(filter, list_payments);
    let views = move || {
        let l = lq();
        PaymentView::ALL
            .into_iter()
            .map(|v| {
                let class = if l.view == v { "chip active" } else { "chip" };
                view! { <A href=ListQuery { view: v, ..l.clone() }.href(None) attr:class=class>{view_label(v, lang)}</A> }
            })
            .collect_view()
    };
    let methods = move || {
        let l = lq();
        let mut all = vec![(None, c.all)];
        all.extend(Method::ALL.iter().map(|m| (Some(*m), method_label(*m, lang))));
        all.into_iter()
            .map(|(m, label)| {
                let class = if l.method == m { "chip active" } else { "chip" };
                view! { <A href=ListQuery { method: m, ..l.clone() }.href(None) attr:class=class>{label}</A> }
            })
            .collect_view()
    };
    view! {
        <section class="page finance">
            <FinanceTabs/>
            <div class="page-head"><h1>{s.payments_title}</h1></div>
            {user.can(Perm::ManagePayments).then(|| view! { <RecordPaymentForm/> })}
            {user.can(Perm::ConfirmPayment).then(|| view! { <PaymentChecks/> })}
            <div class="chips" data-testid="payment-views">{views}</div>
            <div class="chips">{methods}</div>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => view! { <PaymentTable p query=lq()/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn PaymentTable(p: Page<PaymentRow>, query: ListQuery) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    if p.rows.is_empty() {
        return view! { <Empty text=s.no_payments/> }.into_any();
    }
    let rows = p.rows.into_iter().map(|r| view! { <PaymentLine r/> }).collect_view();
    view! {
        <table class="table payments">
            <thead><tr>
                <th>{s.paid_at}</th><th>{s.method}</th><th class="num">{s.amount}</th><th>{s.payer}</th><th>{s.order}</th><th>{s.state}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <Pager next=p.next prev=p.prev count=p.count href=move |seek| query.href(seek)/>
    }
    .into_any()
}

#[component]
fn PaymentLine(r: PaymentRow) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let href = format!("/finance/payments/{}", r.id.0);
    let amount = if r.kind == PaymentKind::Refund { format!("-{}", r.amount) } else { r.amount.to_string() };
    view! {
        <tr data-payment=r.id.0.to_string() data-state=r.state.code()>
            <td data-label=s.paid_at><A href=href>{format_ms(r.paid_at)}</A></td>
            <td data-label=s.method>{method_label(r.method, lang)}</td>
            <td data-label=s.amount class="num">{amount}</td>
            <td data-label=s.payer>{r.payer.clone()}</td>
            <td data-label=s.order>{r.order_id.map(|o| view! { <A href=format!("/orders/{}", o.0)>{r.order_no.clone().unwrap_or_default()}</A> })}</td>
            <td data-label=s.state>{flag_badges(&r.flags)}{r.flags.is_empty().then(|| view! { <span class="badge flag-ok">{state_label(r.state, lang)}</span> })}</td>
        </tr>
    }
}

/// Recording a payment by hand; works as a plain form before the wasm arrives.
#[component]
fn RecordPaymentForm() -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let c = use_common();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let method = RwSignal::new(Method::Wechat.code().to_string());
    let (amount, payer, account, txn, reference, note) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let paid_at = RwSignal::new(now_local());
    let error = RwSignal::new(None::<AppError>);
    let act = Action::new(|p: &NewPayment| record_payment(p.clone()));
    Effect::new(move |_| match act.value().get() {
        Some(Ok(r)) => {
            let msg = match (&r.order_no, r.state) {
                (Some(no), _) => format!("{} {no}", s.matched_ok),
                (None, st) => state_label(st, lang).to_string(),
            };
            toasts.ok(msg);
            navigate(&format!("/finance/payments/{}", r.id.0), Default::default());
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let build = move || NewPayment {
        method: Method::parse(&method.get()).unwrap_or(Method::Wechat),
        amount: amount.get().into(),
        payer: payer.get().into(),
        payer_account: account.get().into(),
        paid_at: paid_at.get().into(),
        txn_no: txn.get().into(),
        reference: reference.get().into(),
        note: note.get().into(),
    };
    let field_error = move |field: &'static str| move || if error.get().and_then(|e| e.field().map(|f| f == field)) == Some(true) { "invalid" } else { "" };
    view! {
        <details class="card">
            <summary>"+ " {s.record_payment}</summary>
            <form class="form" method="post" action="/rpc/record_payment" data-ready=ready_marker() novalidate on:submit=move |ev| {
                ev.prevent_default();
                let p = build();
                #[cfg(target_arch = "wasm32")]
                let now = js_sys::Date::now() as i64;
                #[cfg(not(target_arch = "wasm32"))]
                let now = crate::time::now_ms();
                match check_new_payment(&p, now) {
                    Ok(_) => { error.set(None); act.dispatch(p); }
                    Err(e) => error.set(Some(e)),
                }
            }>
                <div class="row">
                    <label>{s.method}
                        <select bind:value=method name="input[method]">
                            {Method::ALL.into_iter().map(|m| view! { <option value=m.code()>{method_label(m, lang)}</option> }).collect_view()}
                        </select>
                    </label>
                    <label>{s.amount}<input name="input[amount]" bind:value=amount inputmode="decimal" placeholder="128.00" class=field_error("amount") maxlength="20"/></label>
                    <label>{s.paid_at}<input name="input[paid_at]" type="datetime-local" bind:value=paid_at class=field_error("paid_at")/></label>
                </div>
                <div class="row">
                    <label>{s.payer}<input name="input[payer]" bind:value=payer maxlength="40"/></label>
                    <label>{s.payer_account}<input name="input[payer_account]" bind:value=account maxlength="64"/></label>
                    <label>{s.txn_no}<input name="input[txn_no]" bind:value=txn maxlength="64" class=field_error("txn_no")/></label>
                </div>
                <div class="row">
                    <label>{s.reference}<input name="input[reference]" bind:value=reference maxlength="64"/></label>
                    <label>{s.note}<input name="input[note]" bind:value=note maxlength="200"/></label>
                </div>
                <button type="submit" disabled=move || act.pending().get()>{c.save}</button>
                {move || form_error(error.get())}
            </form>
        </details>
    }
}

/// Orders whose payment an agent confirmed, for finance to check (the orders area's mark).
#[component]
fn PaymentChecks() -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let ot = crate::orders::text::text(lang);
    let toasts = use_toasts();
    let list = Resource::new(|| (), |_| list_orders(OrderFilter { payment_check: true, ..Default::default() }));
    let check = Action::new(|id: &OrderId| check_payment(*id));
    Effect::new(move |_| match check.value().get() {
        Some(Ok(())) => list.refetch(),
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(page) = list.await else { return ().into_any() };
                if page.rows.is_empty() {
                    return ().into_any();
                }
                let rows = page
                    .rows
                    .into_iter()
                    .map(|o| {
                        let id = o.id;
                        view! {
                            <tr>
                                <td data-label=ot.order_no><A href=format!("/orders/{}", o.id.0)>{o.order_no}</A></td>
                                <td data-label=ot.agent>{o.agent_name}</td>
                                <td data-label=ot.amount class="num">{o.total.to_string()}</td>
                                <td data-label=ot.status><StatusBadge status=o.status/></td>
                                <td><button type="button" class="secondary" on:click=move |_| { check.dispatch(id); }>{s.check_done}</button></td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <details class="card payment-checks" open>
                        <summary>{s.payment_checks} " (" {page.count.n} ")"</summary>
                        <p class="muted">{s.payment_checks_hint}</p>
                        <table class="table"><tbody>{rows}</tbody></table>
                    </details>
                }
                .into_any()
            })}
        </Transition>
    }
}

#[component]
pub fn PaymentDetailPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let s = text(use_lang());
    let c = use_common();
    let params = use_params_map();
    let id = move || PaymentId(params.read().get("id").and_then(|v| v.parse().ok()).unwrap_or(0));
    let detail = Resource::new(id, get_payment);
    view! {
        <section class="page finance">
            <FinanceTabs/>
            <div class="page-head">
                <h1>{s.payment_detail}</h1>
                <a class="button secondary" href="/finance/payments">{c.back}</a>
            </div>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(d) => view! { <PaymentView d on_change=move || detail.refetch()/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn PaymentView(d: PaymentDetail, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let user = use_user();
    let can = user.can(Perm::ManagePayments);
    let r = d.row.clone();
    let order = d.order.clone().map(|o| {
        let (href, no, status) = (format!("/orders/{}", o.order_id.0), o.order_no.clone(), o.status);
        let (total, paid, refunded, due) = (o.total.to_string(), o.paid.to_string(), o.refunded.to_string(), o.due().to_string());
        view! {
            <div class="card">
                <h2>{s.order} " " <A href=href>{no}</A> " " <StatusBadge status=status/></h2>
                <dl class="facts">
                    <dt>{s.order_total}</dt><dd>{total}</dd>
                    <dt>{s.order_paid}</dt><dd data-testid="order-paid">{paid}</dd>
                    <dt>{s.refunded}</dt><dd>{refunded}</dd>
                    <dt>{s.order_due}</dt><dd>{due}</dd>
                </dl>
                {d.reason.clone().map(|why| view! { <p><strong>{s.match_reason} ": "</strong><span data-testid="match-reason">{reason_text(&why, lang)}</span></p> })}
                {(!d.matched_by.is_empty()).then(|| view! { <p class="muted">{s.matched_by} ": " {d.matched_by.clone()} " · " {d.matched_at.map(format_ms).unwrap_or_default()}</p> })}
                {(can && r.kind == PaymentKind::Payment).then(|| view! { <UndoMatch id=r.id on_change/> })}
            </div>
        }
    });
    let open = r.state != PaymentState::Matched && r.kind == PaymentKind::Payment;
    view! {
        <div class="card payment-head">
            <div class="order-title">
                <span class="order-no" data-testid="payment-amount">{r.amount.to_string()}</span>
                <span data-testid="payment-state" data-state=r.state.code()>{flag_badges(&r.flags)}</span>
            </div>
            <dl class="facts">
                <dt>{s.method}</dt><dd>{method_label(r.method, lang)}</dd>
                <dt>{s.paid_at}</dt><dd>{format_ms(r.paid_at)}</dd>
                <dt>{s.payer}</dt><dd>{r.payer.clone()}</dd>
                <dt>{s.payer_account}</dt><dd>{d.payer_account.clone()}</dd>
                <dt>{s.txn_no}</dt><dd>{r.txn_no.clone()}</dd>
                <dt>{s.reference}</dt><dd>{d.reference.clone()}</dd>
                <dt>{s.note}</dt><dd>{d.note.clone()}</dd>
                <dt>{s.fee}</dt><dd>{r.fee.to_string()}</dd>
            </dl>
            {d.import_id.map(|i| view! { <p class="muted">{s.from_import} " #" {i.0}</p> })}
            {d.refund_of.map(|p| view! { <p>{s.refund_of} ": " <A href=format!("/finance/payments/{}", p.0)>"#" {p.0}</A></p> })}
        </div>
        {order}
        {(open && can).then(|| view! { <Candidates d=d.clone() on_change/> })}
        {(!d.refunds.is_empty()).then(|| view! {
            <div class="card">
                <h2>{s.refunds_of_payment}</h2>
                <ul class="timeline">
                    {d.refunds.iter().map(|x| view! { <li>{format_ms(x.paid_at)} " · -" {x.amount.to_string()} " · " {x.txn_no.clone()}</li> }).collect_view()}
                </ul>
            </div>
        })}
    }
}

#[component]
fn UndoMatch(id: PaymentId, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let toasts = use_toasts();
    let act = Action::new(move |_: &()| unmatch_payment(id));
    Effect::new(move |_| match act.value().get() {
        Some(Ok(())) => {
            toasts.ok(s.unmatched_ok);
            on_change();
        }
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    view! {
        <div class="actions">
            <button type="button" class="danger" disabled=move || act.pending().get() on:click=move |_| {
                if confirm(s.confirm_undo) {
                    act.dispatch(());
                }
            }>{s.undo_match}</button>
        </div>
    }
}

/// The orders an open payment may be for, and matching by number.
#[component]
fn Candidates(d: PaymentDetail, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let toasts = use_toasts();
    let id = d.row.id;
    let error = RwSignal::new(None::<AppError>);
    let order_no = RwSignal::new(String::new());
    let act = Action::new(move |(order_id, no): &(Option<i64>, String)| match_payment(id, *order_id, no.as_str().into()));
    Effect::new(move |_| match act.value().get() {
        Some(Ok(r)) => {
            toasts.ok(if r.order_confirmed { s.order_confirmed.to_string() } else { format!("{} {}", s.matched_ok, r.order_no.unwrap_or_default()) });
            on_change();
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let none = d.candidates.is_empty();
    let rows = d
        .candidates
        .into_iter()
        .map(|c| {
            let oid = c.order_id.0;
            let (reason, created) = (reason_text(&c.reason, lang), format_ms(c.created_at));
            let key = c.order_no.clone();
            view! {
                <tr data-candidate=key>
                    <td data-label=s.order><A href=format!("/orders/{oid}")>{c.order_no}</A><div class="sub">{created}</div></td>
                    <td data-label=s.recipient>{c.recipient}<div class="sub">{c.mobile}</div></td>
                    <td data-label=s.agent>{c.agent_name}</td>
                    <td data-label=s.order_due class="num">{c.due.to_string()}</td>
                    <td data-label=s.match_reason class="reason">{reason}</td>
                    <td><button type="button" disabled=move || act.pending().get() on:click=move |_| { act.dispatch((Some(oid), String::new())); }>{s.match_this}</button></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="card candidates">
            <h2>{s.candidates}</h2>
            {if none {
                view! { <p class="muted">{s.no_candidates}</p> }.into_any()
            } else {
                view! { <table class="table"><tbody>{rows}</tbody></table> }.into_any()
            }}
            <form class="search match-by-no" method="post" action="/rpc/match_payment" data-ready=ready_marker() on:submit=move |ev| {
                ev.prevent_default();
                act.dispatch((None, order_no.get()));
            }>
                <input type="hidden" name="id" value=id.0.to_string()/>
                <input name="order_no" bind:value=order_no placeholder=s.order_no_placeholder aria-label=s.match_by_no maxlength="32"/>
                <button type="submit" disabled=move || act.pending().get()>{s.match_by_no}</button>
            </form>
            {move || form_error(error.get())}
        </div>
    }
}

/// The payments of an order, on its page (anyone who may see the order).
#[component]
pub fn OrderPaymentsCard(id: OrderId) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let finance = use_user().can(Perm::ViewFinance);
    let data = Resource::new(move || id, get_order_payments);
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                let Ok(p) = data.await else { return ().into_any() };
                let b = p.balance;
                let empty = p.payments.is_empty();
                let rows = p
                    .payments
                    .into_iter()
                    .map(|r| {
                        let when = format_ms(r.paid_at);
                        let when = if finance { view! { <A href=format!("/finance/payments/{}", r.id.0)>{when}</A> }.into_any() } else { when.into_any() };
                        let amount = if r.kind == PaymentKind::Refund { format!("-{}", r.amount) } else { r.amount.to_string() };
                        view! { <li>{when} " · " {method_label(r.method, lang)} " · " <strong>{amount}</strong> " " {flag_badges(&r.flags)}</li> }
                    })
                    .collect_view();
                view! {
                    <div class="card order-payments" data-testid="order-payments">
                        <h2>{s.order_payments_title}</h2>
                        <dl class="facts">
                            <dt>{s.order_paid}</dt><dd data-testid="order-paid">{b.paid.to_string()}</dd>
                            <dt>{s.order_due}</dt><dd>{b.due().to_string()}</dd>
                            {(b.refunded.to_fen() != 0).then(|| view! { <dt>{s.refunded}</dt><dd>{b.refunded.to_string()}</dd> })}
                        </dl>
                        {if empty {
                            view! { <p class="muted">{s.no_order_payments}</p> }.into_any()
                        } else {
                            view! { <ul class="timeline">{rows}</ul> }.into_any()
                        }}
                    </div>
                }
                .into_any()
            })}
        </Transition>
    }
}
