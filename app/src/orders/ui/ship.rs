//! The warehouse's home: orders waiting to be shipped, oldest first in view, one tap to ship.

use crate::orders::api::{list_orders, transition_order};
use crate::orders::text::text;
use crate::orders::{OrderFilter, OrderStatus, Transition};
use crate::page::Seek;
use crate::time::format_ms;
use crate::ui::session::use_lang;
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{confirm, Empty, ErrorBox, Loading, Pager};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ShipQueuePage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let lang = use_lang();
    let t = text(lang);
    let toasts = use_toasts();
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        OrderFilter {
            status: Some(OrderStatus::ToShip),
            seek: Seek::from_query(q.get("after").as_deref(), q.get("before").as_deref()),
            ..Default::default()
        }
    };
    let page = Resource::new(filter, list_orders);
    let ship = Action::new(|id: &crate::orders::OrderId| transition_order(*id, Transition::Ship));
    Effect::new(move |_| match ship.value().get() {
        Some(Ok(_)) => {
            toasts.ok(t.status_changed);
            page.refetch();
        }
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{t.ship_queue_title}</h1>
                <a class="button" href="/ship/batch" data-testid="to-batch">{crate::fulfil::text::text(lang).batch_title}</a>
            </div>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) if p.rows.is_empty() => view! { <Empty text=t.ship_queue_empty/> }.into_any(),
                        Ok(p) => {
                            let rows = p.rows.into_iter().map(|o| {
                                let id = o.id;
                                view! {
                                    <tr>
                                        <td data-label=t.order_no><A href=format!("/orders/{}", id.0)>{o.order_no}</A></td>
                                        <td data-label=t.recipient>{o.recipient_name}</td>
                                        <td data-label=t.agent>{o.agent_name}</td>
                                        <td data-label=t.created_at class="sub">{format_ms(o.created_at)}</td>
                                        <td><button type="button" on:click=move |_| {
                                            if confirm(t.confirm_ship) { ship.dispatch(id); }
                                        }>{super::super::text::transition_label(Transition::Ship, lang)}</button></td>
                                    </tr>
                                }
                            }).collect_view();
                            view! {
                                <table class="table ship">
                                    <thead><tr><th>{t.order_no}</th><th>{t.recipient}</th><th>{t.agent}</th><th>{t.created_at}</th><th></th></tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                                <Pager next=p.next prev=p.prev count=p.count href=|seek| crate::ui::widgets::with_query("/ship", &[seek.unwrap_or_default()])/>
                            }.into_any()
                        }
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
