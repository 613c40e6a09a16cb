//! The order list: search by mobile / order number / recipient, filter by status, keyset pages.
//!
//! A search never puts the mobile number into the URL: the search form posts it (also
//! before the wasm arrives) and the server answers with an opaque search token, which the
//! list's URL carries instead (`/orders?s=…`).

use crate::auth::Perm;
use crate::orders::api::{list_orders, save_search};
use crate::orders::text::text;
use crate::orders::{Drill, OrderFilter, OrderStatus, OrderSummary};
use crate::page::{Page, Seek};
use crate::time::format_ms;
use crate::ui::session::{use_common, use_lang, use_user};
use crate::ui::widgets::{ready_marker, with_query, Empty, ErrorBox, Loading, Pager, StatusBadge};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The list's filters as URL parameters (never the search text itself).
#[derive(Clone, Debug, Default, PartialEq)]
struct ListQuery {
    search: Option<String>,
    status: Option<OrderStatus>,
    check: bool,
    /// A dashboard's drill-down, kept across status chips and pages.
    drill: Drill,
    seek_param: Option<String>,
}

impl ListQuery {
    fn href(&self, seek: Option<String>) -> String {
        let mut parts = vec![
            self.search.as_ref().map(|s| format!("s={s}")).unwrap_or_default(),
            self.status.map(|s| format!("status={}", s.code())).unwrap_or_default(),
            if self.check { "check=1".into() } else { String::new() },
        ];
        parts.extend(self.drill.params());
        parts.push(seek.unwrap_or_default());
        with_query("/orders", &parts)
    }

    fn with_status(&self, status: Option<OrderStatus>) -> String {
        ListQuery { status, check: false, ..self.clone() }.href(None)
    }
}

#[component]
pub fn OrderListPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let lang = use_lang();
    let t = text(lang);
    let c = use_common();
    let user = use_user();
    let query = use_query_map();
    let list_query = move || {
        let q = query.read();
        ListQuery {
            search: q.get("s").filter(|s| s.len() <= 64),
            status: q.get("status").and_then(|v| OrderStatus::parse(&v)),
            check: q.get("check").as_deref() == Some("1"),
            drill: Drill::from_query(|k| q.get(k)),
            seek_param: q.get("after").map(|a| format!("after={a}")).or_else(|| q.get("before").map(|b| format!("before={b}"))),
        }
    };
    let filter = move || {
        let q = query.read();
        let lq = list_query();
        OrderFilter {
            q: Default::default(),
            search: lq.search.map(Into::into),
            status: lq.status,
            payment_check: lq.check,
            drill: lq.drill,
            seek: Seek::from_query(q.get("after").as_deref(), q.get("before").as_deref()),
        }
    };
    let page = Resource::new(filter, list_orders);
    let chips = move || {
        let lq = list_query();
        let mut all = vec![(None, c.all)];
        all.extend(OrderStatus::ALL.iter().map(|st| (Some(*st), st.label(lang))));
        let mut views = all
            .into_iter()
            .map(|(st, label)| {
                let class = if lq.status == st && !lq.check { "chip active" } else { "chip" };
                view! { <A href=lq.with_status(st) attr:class=class>{label}</A> }.into_any()
            })
            .collect::<Vec<_>>();
        if user.can(Perm::ConfirmPayment) && user.role != crate::auth::Role::Agent {
            let href = ListQuery { check: true, status: None, ..lq.clone() }.href(None);
            let class = if lq.check { "chip active" } else { "chip" };
            views.push(view! { <A href=href attr:class=class>{t.payment_check}</A> }.into_any());
        }
        if !lq.drill.is_empty() {
            // Orders behind a dashboard figure; the chip clears that condition.
            let href = ListQuery { drill: Drill::default(), ..lq.clone() }.href(None);
            views.push(view! { <A href=href attr:class="chip active drill-chip">{t.from_dashboard} " ✕"</A> }.into_any());
        }
        views
    };
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{t.orders_title}</h1>
                {use_user().can(Perm::CreateOrder).then(|| {
                    let it = crate::intake::text::text(use_lang());
                    view! {
                        <div class="head-actions">
                            <A href="/share" attr:class="button secondary">{it.share_title}</A>
                            <A href="/orders/import" attr:class="button secondary">{it.import_title}</A>
                            <A href="/orders/new" attr:class="button">"+ " {t.new_order}</A>
                        </div>
                    }
                })}
            </div>
            <SearchForm status=Signal::derive(move || list_query().status)/>
            <div class="chips">{chips}</div>
            // The list as filtered, as .xlsx: a plain form post that downloads the file.
            <form method="post" action="/rpc/export_orders" class="export-form">
                {move || list_query().search.map(|s| view! { <input type="hidden" name="filter[search]" value=s/> })}
                {move || list_query().status.map(|s| view! { <input type="hidden" name="filter[status]" value=s.code()/> })}
                {move || list_query().check.then(|| view! { <input type="hidden" name="filter[payment_check]" value="true"/> })}
                <button type="submit" class="secondary" data-testid="export-orders">{t.export_xlsx}</button>
            </form>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => view! { <OrderTable p query=list_query()/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// Posts the search text; works as a plain form before the wasm arrives.
#[component]
fn SearchForm(status: Signal<Option<OrderStatus>>) -> impl IntoView {
    let t = text(use_lang());
    let c = use_common();
    let navigate = use_navigate();
    let q = RwSignal::new(String::new());
    let search = Action::new(|(q, st): &(String, Option<OrderStatus>)| save_search(q.as_str().into(), *st));
    Effect::new(move |_| {
        if let Some(Ok(href)) = search.value().get() {
            navigate(&href, Default::default());
        }
    });
    view! {
        <form class="search" method="post" action="/rpc/save_search" data-ready=ready_marker() on:submit=move |ev| {
            ev.prevent_default();
            search.dispatch((q.get(), status.get()));
        }>
            <input type="search" name="q" placeholder=t.search_placeholder bind:value=q aria-label=c.search maxlength="64"/>
            {move || status.get().map(|st| view! { <input type="hidden" name="status" value=st.code()/> })}
            <button type="submit">{c.search}</button>
        </form>
    }
}

#[component]
fn OrderTable(p: Page<OrderSummary>, query: ListQuery) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    if p.rows.is_empty() {
        let empty = if query == ListQuery::default() { t.no_orders_yet } else { t.no_orders };
        return view! { <Empty text=empty/> }.into_any();
    }
    let rows = p
        .rows
        .into_iter()
        .map(|o| {
            let href = format!("/orders/{}", o.id.0);
            view! {
                <tr>
                    <td data-label=t.order_no><A href=href>{o.order_no}</A></td>
                    <td data-label=t.recipient><div>{o.recipient_name}<div class="sub">{o.mobile}</div></div></td>
                    <td data-label=t.agent>{o.agent_name}</td>
                    <td data-label=t.channel>{o.channel.label(lang)}</td>
                    <td data-label=t.amount class="num">{o.total.to_string()}</td>
                    <td data-label=t.status>
                        <StatusBadge status=o.status/>
                        {o.payment_check.then(|| view! { <span class="badge check" title=t.payment_check_hint>{t.payment_check}</span> })}
                    </td>
                    <td data-label=t.created_at class="sub">{format_ms(o.created_at)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table orders">
            <thead>
                <tr>
                    <th>{t.order_no}</th><th>{t.recipient}</th><th>{t.agent}</th><th>{t.channel}</th>
                    <th class="num">{t.amount}</th><th>{t.status}</th><th>{t.created_at}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <Pager next=p.next prev=p.prev count=p.count href=move |seek| query.href(seek)/>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_keep_filters_but_never_search_text() {
        assert_eq!(ListQuery::default().href(None), "/orders");
        let q = ListQuery { search: Some("ab12".into()), status: Some(OrderStatus::ToShip), check: false, drill: Drill::default(), seek_param: None };
        assert_eq!(q.href(Some("after=5.1".into())), "/orders?s=ab12&status=to_ship&after=5.1");
        assert_eq!(q.with_status(None), "/orders?s=ab12");
    }
}
