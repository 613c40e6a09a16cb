//! The customer list: search (posted, never in the URL), filters by agent, tag, lifecycle
//! stage, RFM segment and last-order dates (in the URL), keyset pages, export to .xlsx; and
//! the new-customer form.

use super::{day_text, parse_day, segment_text, StageBadge};
use crate::auth::Perm;
use crate::customers::api::{create_customer, customer_agents, list_customers, list_tags, save_customer_search};
use crate::customers::logic::check_new_customer;
use crate::customers::text::text;
use crate::customers::{CustomerFilter, CustomerSummary, NewCustomer, Segment, Stage};
use crate::error::AppError;
use crate::page::{Page, Seek};
use crate::time::format_ms;
use crate::ui::session::{use_common, use_lang, use_user};
use crate::ui::widgets::{ready_marker, with_query, Empty, ErrorBox, Loading, Pager};
use leptos::prelude::*;
use leptos_router::components::{Form, A};
use leptos_router::hooks::{use_navigate, use_query_map};

/// The list's filters as URL parameters (the search only as its token).
#[derive(Clone, Debug, Default, PartialEq)]
struct ListQuery {
    search: Option<String>,
    agent: Option<i64>,
    tag: Option<i64>,
    stage: Option<Stage>,
    segment: Option<Segment>,
    from: Option<i64>,
    to: Option<i64>,
}

impl ListQuery {
    fn params(&self) -> Vec<String> {
        vec![
            self.agent.map(|a| format!("agent={a}")).unwrap_or_default(),
            self.tag.map(|t| format!("tag={t}")).unwrap_or_default(),
            self.stage.map(|s| format!("stage={}", s.code())).unwrap_or_default(),
            self.segment.map(|s| format!("segment={}", s.code())).unwrap_or_default(),
            self.from.map(|d| format!("from={}", day_text(d))).unwrap_or_default(),
            self.to.map(|d| format!("to={}", day_text(d))).unwrap_or_default(),
        ]
    }

    fn href(&self, seek: Option<String>) -> String {
        let mut parts = vec![self.search.as_ref().map(|s| format!("s={s}")).unwrap_or_default()];
        parts.extend(self.params());
        parts.push(seek.unwrap_or_default());
        with_query("/customers", &parts)
    }

    fn filter(&self, seek: Seek) -> CustomerFilter {
        CustomerFilter {
            q: Default::default(),
            search: self.search.clone().map(Into::into),
            agent_id: self.agent,
            tag_id: self.tag,
            stage: self.stage,
            segment: self.segment,
            last_from: self.from,
            last_to: self.to,
            seek,
        }
    }
}

#[component]
pub fn CustomerListPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let lang = use_lang();
    let t = text(lang);
    let user = use_user();
    let query = use_query_map();
    let list_query = move || {
        let q = query.read();
        let num = |k: &str| q.get(k).and_then(|v| v.parse::<i64>().ok());
        ListQuery {
            search: q.get("s").filter(|s| s.len() <= 64 && s.chars().all(|c| c.is_ascii_alphanumeric())),
            agent: num("agent"),
            tag: num("tag"),
            stage: q.get("stage").and_then(|v| Stage::parse(&v)),
            segment: q.get("segment").and_then(|v| Segment::parse(&v)),
            from: q.get("from").and_then(|v| parse_day(&v)),
            to: q.get("to").and_then(|v| parse_day(&v)),
        }
    };
    let filter = move || {
        let q = query.read();
        list_query().filter(Seek::from_query(q.get("after").as_deref(), q.get("before").as_deref()))
    };
    let page = Resource::new(filter, list_customers);
    let choices = Resource::new(|| (), |_| async { (customer_agents().await, list_tags().await) });
    let manage = user.can(Perm::ManageCrm);
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{t.customers_title}</h1>
                {user.can(Perm::EditCustomers).then(|| view! { <A href="/customers/new" attr:class="button">"+ " {t.new_customer}</A> })}
            </div>
            <nav class="chips" aria-label=t.customers_title>
                <A href="/customers/segments" attr:class="chip">{t.segments_title}</A>
                <A href="/customers/tags" attr:class="chip">{t.tags_title}</A>
                {user.can(Perm::EditCustomers).then(|| view! { <A href="/customers/import" attr:class="chip">{t.import_title}</A> })}
                {manage.then(|| view! { <A href="/customers/campaigns" attr:class="chip">{t.campaigns_title}</A> })}
                {manage.then(|| view! { <A href="/customers/settings" attr:class="chip">{t.settings_title}</A> })}
            </nav>
            <SearchForm rest=Signal::derive(move || list_query().params().into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join("&"))/>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let (agents, tags) = choices.await;
                    let lq = list_query();
                    view! { <FilterForm lq agents=agents.unwrap_or_default() tags=tags.unwrap_or_default()/> }
                })}
            </Suspense>
            // A plain form post: the server answers with the .xlsx file itself.
            <form method="post" action="/rpc/export_customers" class="actions list-actions">
                {move || {
                    let lq = list_query();
                    let hidden = |name: &'static str, v: Option<String>| v.map(|v| view! { <input type="hidden" name=name value=v/> });
                    view! {
                        {hidden("filter[search]", lq.search.clone())}
                        {hidden("filter[agent_id]", lq.agent.map(|a| a.to_string()))}
                        {hidden("filter[tag_id]", lq.tag.map(|a| a.to_string()))}
                        {hidden("filter[stage]", lq.stage.map(|s| s.code().to_string()))}
                        {hidden("filter[segment]", lq.segment.map(|s| s.code().to_string()))}
                        {hidden("filter[last_from]", lq.from.map(|d| d.to_string()))}
                        {hidden("filter[last_to]", lq.to.map(|d| d.to_string()))}
                    }
                }}
                <button type="submit" class="secondary">{t.export_xlsx}</button>
            </form>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => view! { <CustomerTable p query=list_query()/> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// Posts the search text; works as a plain form before the wasm arrives.
#[component]
fn SearchForm(rest: Signal<String>) -> impl IntoView {
    let t = text(use_lang());
    let c = use_common();
    let navigate = use_navigate();
    let q = RwSignal::new(String::new());
    let search = Action::new(|(q, rest): &(String, String)| save_customer_search(q.as_str().into(), rest.as_str().into()));
    Effect::new(move |_| {
        if let Some(Ok(href)) = search.value().get() {
            navigate(&href, Default::default());
        }
    });
    view! {
        <form class="search" method="post" action="/rpc/save_customer_search" data-ready=ready_marker() on:submit=move |ev| {
            ev.prevent_default();
            search.dispatch((q.get(), rest.get()));
        }>
            <input type="search" name="q" placeholder=t.search_placeholder bind:value=q aria-label=c.search maxlength="64"/>
            <input type="hidden" name="rest" prop:value=rest/>
            <button type="submit">{c.search}</button>
        </form>
    }
}

#[component]
fn FilterForm(lq: ListQuery, agents: Vec<(i64, String)>, tags: Vec<crate::customers::TagView>) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let selected = |a: Option<i64>, b: i64| a == Some(b);
    view! {
        <Form action="/customers" attr:class="filters">
            {lq.search.clone().map(|s| view! { <input type="hidden" name="s" value=s/> })}
            {(agents.len() > 1).then(|| view! {
                <select name="agent" aria-label=t.agent>
                    <option value="">{t.all_agents}</option>
                    {agents.iter().map(|(id, n)| view! { <option value=id.to_string() selected=selected(lq.agent, *id)>{n.clone()}</option> }).collect_view()}
                </select>
            })}
            <select name="tag" aria-label=t.tag>
                <option value="">{format!("{}：{}", t.tag, t.any)}</option>
                {tags.iter().map(|g| view! { <option value=g.id.to_string() selected=selected(lq.tag, g.id)>{g.name.clone()}</option> }).collect_view()}
            </select>
            <select name="stage" aria-label=t.stage>
                <option value="">{format!("{}：{}", t.stage, t.any)}</option>
                {Stage::ALL.into_iter().map(|s| view! { <option value=s.code() selected=lq.stage == Some(s)>{s.label(lang)}</option> }).collect_view()}
            </select>
            <select name="segment" aria-label=t.segment>
                <option value="">{format!("{}：{}", t.segment, t.any)}</option>
                {Segment::ALL.into_iter().map(|s| view! { <option value=s.code() selected=lq.segment == Some(s)>{s.label(lang)}</option> }).collect_view()}
            </select>
            <label class="date">{t.last_order_from}<input type="date" name="from" value=lq.from.map(day_text)/></label>
            <label class="date">{t.last_order_to}<input type="date" name="to" value=lq.to.map(day_text)/></label>
            <button type="submit" class="secondary">{t.filter}</button>
            <A href="/customers" attr:class="link">{t.clear_filters}</A>
        </Form>
    }
}

#[component]
fn CustomerTable(p: Page<CustomerSummary>, query: ListQuery) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    if p.rows.is_empty() {
        let empty = if query == ListQuery::default() { t.no_customers_yet } else { t.no_customers };
        return view! { <Empty text=empty/> }.into_any();
    }
    let rows = p
        .rows
        .into_iter()
        .map(|c| {
            let href = format!("/customers/{}", c.id.0);
            let tags = c.tags.iter().take(4).map(|g| view! { <span class="badge tag">{g.clone()}</span> }).collect_view();
            view! {
                <tr data-customer=c.id.0.to_string()>
                    <td data-label=t.name><div><A href=href>{c.name.clone()}</A><div class="sub">{c.mobile.clone()}</div></div></td>
                    <td data-label=t.agent>{c.agent_name.clone()}</td>
                    <td data-label=t.stage><StageBadge stage=c.stage/></td>
                    <td data-label=t.segment>{segment_text(c.segment, lang)}</td>
                    <td data-label=t.orders class="num">{c.orders}</td>
                    <td data-label=t.spend class="num">{c.spend.to_string()}</td>
                    <td data-label=t.last_order class="sub">{c.last_order_at.map(format_ms).unwrap_or_default()}</td>
                    <td data-label=t.tags class="tags">{tags}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table customers">
            <thead>
                <tr>
                    <th>{t.name}</th><th>{t.agent}</th><th>{t.stage}</th><th>{t.segment}</th>
                    <th class="num">{t.orders}</th><th class="num">{t.spend}</th><th>{t.last_order}</th><th>{t.tags}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <Pager next=p.next prev=p.prev count=p.count href=move |seek| query.href(seek)/>
    }
    .into_any()
}

/// A customer entered by hand: a prospect who asked, with a first consultation note.
#[component]
pub fn NewCustomerPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let lang = use_lang();
    let t = text(lang);
    let c = use_common();
    let navigate = use_navigate();
    let agents = Resource::new(|| (), |_| crate::auth::api::list_agents());
    let (agent, name, mobile, wechat, address, note) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let error = RwSignal::new(None::<AppError>);
    let act = Action::new(|n: &NewCustomer| create_customer(n.clone()));
    Effect::new(move |_| match act.value().get() {
        Some(Ok(id)) => navigate(&format!("/customers/{}", id.0), Default::default()),
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let build = move || NewCustomer {
        agent_id: agent.get().parse().unwrap_or(0),
        name: name.get().into(),
        mobile: mobile.get().into(),
        wechat_id: wechat.get().into(),
        address: address.get().into(),
        note: note.get().into(),
    };
    view! {
        <section class="page">
            <div class="page-head"><h1>{t.new_customer}</h1><a class="button secondary" href="/customers">{c.back}</a></div>
            <form class="card form" method="post" action="/rpc/create_customer" data-ready=ready_marker() on:submit=move |ev| {
                ev.prevent_default();
                let n = build();
                match check_new_customer(&n) {
                    Ok(_) => { error.set(None); act.dispatch(n); }
                    Err(e) => error.set(Some(e)),
                }
            }>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let list = agents.await.unwrap_or_default();
                        if list.len() == 1 && agent.get_untracked().is_empty() {
                            agent.set(list[0].id.to_string());
                        }
                        view! {
                            <label>{t.agent}
                                <select bind:value=agent name="input[agent_id]">
                                    <option value="">{c.choose}</option>
                                    {list.into_iter().map(|a| view! { <option value=a.id.to_string()>{a.display_name}</option> }).collect_view()}
                                </select>
                            </label>
                        }
                    })}
                </Suspense>
                <div class="row">
                    <label>{t.name}<input name="input[name]" bind:value=name maxlength="40"/></label>
                    <label>{t.mobile}<input name="input[mobile]" type="tel" inputmode="numeric" bind:value=mobile maxlength="20"/></label>
                    <label>{t.wechat_id}<input name="input[wechat_id]" bind:value=wechat maxlength="40"/></label>
                </div>
                <label>{t.address}<textarea name="input[address]" rows="2" bind:value=address maxlength="200"></textarea></label>
                <label>{t.note_placeholder}<textarea name="input[note]" rows="3" bind:value=note maxlength="1000"></textarea></label>
                <button type="submit" disabled=move || act.pending().get()>{t.save}</button>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-error=e.code()>{e.message(lang)}</p> })}
            </form>
        </section>
    }
}
