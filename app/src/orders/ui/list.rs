//! The order list: search by mobile / order number / recipient, filter by status, pages.

use crate::auth::Perm;
use crate::orders::api::list_orders;
use crate::orders::{OrderFilter, OrderPage, OrderStatus};
use crate::time::format_ms;
use crate::ui::session::{use_lang, use_strings, use_user};
use crate::ui::widgets::{Empty, ErrorBox, Loading, Pager, StatusBadge};
use leptos::prelude::*;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

/// `/orders?q=…&status=…&page=…`
fn list_href(q: &str, status: Option<OrderStatus>, page: i64) -> String {
    let mut parts = Vec::new();
    if !q.is_empty() {
        parts.push(format!("q={}", url_encode(q)));
    }
    if let Some(s) = status {
        parts.push(format!("status={}", s.code()));
    }
    if page > 1 {
        parts.push(format!("page={page}"));
    }
    if parts.is_empty() { "/orders".into() } else { format!("/orders?{}", parts.join("&")) }
}

/// Percent-encode a query value (only what can appear in a search box).
fn url_encode(v: &str) -> String {
    let mut out = String::new();
    for b in v.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[component]
pub fn OrderListPage() -> impl IntoView {
    let s = use_strings();
    let lang = use_lang();
    let user = use_user();
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        OrderFilter {
            q: q.get("q").unwrap_or_default(),
            status: q.get("status").and_then(|v| OrderStatus::parse(&v)),
            page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
        }
    };
    let page = Resource::new(filter, list_orders);
    let chips = move || {
        let f = filter();
        let mut all = vec![(None, s.all)];
        all.extend(OrderStatus::ALL.iter().map(|st| (Some(*st), st.label(lang))));
        all.into_iter()
            .map(|(st, label)| {
                let class = if f.status == st { "chip active" } else { "chip" };
                view! { <A href=list_href(&f.q, st, 1) attr:class=class>{label}</A> }
            })
            .collect_view()
    };
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{s.orders_title}</h1>
                {user.can(Perm::CreateOrder).then(|| view! { <A href="/orders/new" attr:class="button">"+ " {s.new_order}</A> })}
            </div>
            <Form action="/orders" attr:class="search">
                <input type="search" name="q" placeholder=s.search_orders_placeholder
                    prop:value=move || filter().q aria-label=s.search/>
                {move || filter().status.map(|st| view! { <input type="hidden" name="status" value=st.code()/> })}
                <button type="submit">{s.search}</button>
            </Form>
            <div class="chips">{chips}</div>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => view! { <OrderTable p filter=filter()/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn OrderTable(p: OrderPage, filter: OrderFilter) -> impl IntoView {
    let s = use_strings();
    let lang = use_lang();
    if p.rows.is_empty() {
        return view! { <Empty text=s.no_orders/> }.into_any();
    }
    let rows = p
        .rows
        .into_iter()
        .map(|o| {
            let href = format!("/orders/{}", o.id);
            view! {
                <tr>
                    <td data-label=s.order_no><A href=href>{o.order_no}</A></td>
                    <td data-label=s.recipient><div>{o.recipient_name}<div class="sub">{o.mobile}</div></div></td>
                    <td data-label=s.agent>{o.agent_name}</td>
                    <td data-label=s.channel>{o.channel.label(lang)}</td>
                    <td data-label=s.amount class="num">{o.total.to_string()}</td>
                    <td data-label=s.status><StatusBadge status=o.status/></td>
                    <td data-label=s.created_at class="sub">{format_ms(o.created_at)}</td>
                </tr>
            }
        })
        .collect_view();
    let (q, st) = (filter.q.clone(), filter.status);
    view! {
        <table class="table orders">
            <thead>
                <tr>
                    <th>{s.order_no}</th><th>{s.recipient}</th><th>{s.agent}</th><th>{s.channel}</th>
                    <th class="num">{s.amount}</th><th>{s.status}</th><th>{s.created_at}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <Pager page=p.page pages=p.pages total=p.total href=move |n| list_href(&q, st, n)/>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_keep_filters() {
        assert_eq!(list_href("", None, 1), "/orders");
        assert_eq!(list_href("王 姐", Some(OrderStatus::ToShip), 2), "/orders?q=%E7%8E%8B%20%E5%A7%90&status=to_ship&page=2");
    }
}
