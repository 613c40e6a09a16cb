//! Reconciliation: per day and provider, the bill's total against the payments recorded,
//! with fees, refunds and each difference.

use super::FinanceTabs;
use crate::finance::api::get_reconciliation;
use crate::finance::bills::BillProvider;
use crate::finance::text::{provider_label, recon_item_text, text};
use crate::finance::{ReconDay, ReconFilter, ReconItem, Reconciliation};
use crate::time::date_of_day;
use crate::ui::session::{use_common, use_lang};
use crate::ui::widgets::{with_query, Empty, ErrorBox, Loading};
use leptos::prelude::*;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

#[component]
pub fn ReconPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let lang = use_lang();
    let s = text(lang);
    let c = use_common();
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        ReconFilter { month: q.get("month").unwrap_or_default().into(), provider: q.get("provider").and_then(|p| BillProvider::parse(&p)) }
    };
    let data = Resource::new(filter, get_reconciliation);
    let chips = move || {
        let f = filter();
        let month = if f.month.is_empty() { String::new() } else { format!("month={}", f.month) };
        let mut all = vec![(None, c.all)];
        all.extend(BillProvider::ALL.iter().map(|p| (Some(*p), provider_label(*p, lang))));
        all.into_iter()
            .map(|(p, label)| {
                let href = with_query("/finance/recon", &[month.clone(), p.map(|p| format!("provider={}", p.code())).unwrap_or_default()]);
                view! { <A href=href attr:class=if f.provider == p { "chip active" } else { "chip" }>{label}</A> }
            })
            .collect_view()
    };
    view! {
        <section class="page finance">
            <FinanceTabs/>
            <div class="page-head"><h1>{s.recon_title}</h1></div>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(r) => {
                            let month = r.month.clone();
                            view! {
                            <Form action="/finance/recon" attr:class="search">
                                <input type="month" name="month" value=month aria-label=s.month/>
                                {filter().provider.map(|p| view! { <input type="hidden" name="provider" value=p.code()/> })}
                                <button type="submit">{s.show}</button>
                            </Form>
                            <div class="chips">{chips}</div>
                            <ReconTable r/>
                            }
                            .into_any()
                        }
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ReconTable(r: Reconciliation) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    if r.days.is_empty() {
        return view! { <Empty text=s.no_recon/> }.into_any();
    }
    let rows = r.days.into_iter().map(|d| view! { <DayRow d/> }).collect_view();
    view! {
        <table class="table recon">
            <thead><tr>
                <th>{s.day}</th><th>{s.provider}</th><th class="num">{s.bill_total}</th><th class="num">{s.recorded_total}</th>
                <th class="num">{s.refunds}</th><th class="num">{s.fee}</th><th class="num">{s.difference}</th><th>{s.state}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

#[component]
fn DayRow(d: ReconDay) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let agrees = d.covered && d.difference.to_fen() == 0 && d.items.is_empty();
    let state = if !d.covered {
        view! { <span class="badge">{s.not_covered}</span> }.into_any()
    } else if agrees {
        view! { <span class="badge flag-ok">{s.recon_ok}</span> }.into_any()
    } else {
        view! { <span class="badge flag-unmatched">{s.difference}</span> }.into_any()
    };
    let items = d
        .items
        .iter()
        .map(|i| {
            let id = match i {
                ReconItem::NotInBill { payment_id, .. } | ReconItem::AmountDiffers { payment_id, .. } | ReconItem::RefundWithoutPayment { payment_id, .. } => payment_id.0,
            };
            let what = recon_item_text(i, lang);
            view! { <li><A href=format!("/finance/payments/{id}")>{what}</A></li> }
        })
        .collect_view();
    let has_items = !d.items.is_empty();
    view! {
        <tr data-day=date_of_day(d.day).to_string() data-provider=d.provider.code() class:differs=!agrees && d.covered>
            <td data-label=s.day>{date_of_day(d.day).format("%m-%d").to_string()}</td>
            <td data-label=s.provider>{provider_label(d.provider, lang)}</td>
            <td data-label=s.bill_total class="num">{d.bill.amount.to_string()}<div class="sub">{d.bill.count}</div></td>
            <td data-label=s.recorded_total class="num">{d.recorded.amount.to_string()}<div class="sub">{d.recorded.count}</div></td>
            <td data-label=s.refunds class="num">{d.bill_refunds.to_string()}</td>
            <td data-label=s.fee class="num">{d.fees.to_string()}</td>
            <td data-label=s.difference class="num" data-testid="recon-difference">{d.difference.to_string()}</td>
            <td data-label=s.state>{state}</td>
        </tr>
        {has_items.then(|| view! { <tr class="recon-items"><td colspan="8"><ul>{items}</ul></td></tr> })}
    }
}
