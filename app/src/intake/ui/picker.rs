//! The order form's SKU picker and customer lookup.
//!
//! The picker searches by name, code, barcode and pinyin initials ("dhs" → 蛋黄酥) on the
//! server, shows price and stock, and lists the agent's frequent items while empty. By
//! keyboard: type, ↑/↓, Enter picks; a barcode scanner types the code and Enter, which adds
//! the exact match at once (also when Enter comes before the answer). On a phone each result
//! is a full-width row to tap.

use crate::intake::api::{find_customers, search_skus};
use crate::intake::text::text;
use crate::intake::{CustomerHit, CustomerQuery, SkuHit, SkuQuery};
use crate::ui::session::use_lang;
use leptos::prelude::*;
use std::time::Duration;

#[component]
pub fn SkuPicker(#[prop(into)] agent: Signal<Option<i64>>, on_pick: Callback<SkuHit>) -> impl IntoView {
    let t = text(use_lang());
    let q = RwSignal::new(String::new());
    let hits = RwSignal::new(Vec::<SkuHit>::new());
    let answered = RwSignal::new(None::<String>);
    let active = RwSignal::new(0usize);
    let open = RwSignal::new(false);
    let enter_waiting = StoredValue::new(false);
    let seq = StoredValue::new(0u64);
    let pick = move |h: SkuHit| {
        on_pick.run(h);
        q.set(String::new());
        answered.set(None);
        hits.set(Vec::new());
        active.set(0);
    };
    // Enter: the exact code (a scan) if there is one, else the highlighted row.
    let choose = move |list: &[SkuHit]| list.iter().find(|h| h.exact).or_else(|| list.get(active.get_untracked())).cloned();
    let search = move |text: String, delay: u64| {
        let n = seq.get_value() + 1;
        seq.set_value(n);
        set_timeout(
            move || {
                if seq.get_value() != n {
                    return;
                }
                let query = SkuQuery { q: text.clone().into(), agent_id: agent.get_untracked() };
                leptos::task::spawn_local(async move {
                    let Ok(list) = search_skus(query).await else { return };
                    if seq.get_value() != n {
                        return;
                    }
                    active.set(0);
                    if enter_waiting.get_value() {
                        enter_waiting.set_value(false);
                        if let Some(h) = choose(&list) {
                            return pick(h);
                        }
                    }
                    hits.set(list);
                    answered.set(Some(text));
                });
            },
            Duration::from_millis(delay),
        );
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "ArrowDown" => {
            ev.prevent_default();
            open.set(true);
            active.update(|a| *a = (*a + 1).min(hits.with_untracked(|h| h.len().saturating_sub(1))));
        }
        "ArrowUp" => {
            ev.prevent_default();
            active.update(|a| *a = a.saturating_sub(1));
        }
        "Enter" => {
            // Never submit the order from the search box.
            ev.prevent_default();
            let current = answered.get_untracked().as_deref() == Some(q.get_untracked().as_str());
            match hits.with_untracked(|h| choose(h)) {
                Some(h) if current => pick(h),
                _ if !q.get_untracked().trim().is_empty() => {
                    enter_waiting.set_value(true);
                    search(q.get_untracked(), 0);
                }
                _ => {}
            }
        }
        "Escape" => open.set(false),
        _ => {}
    };
    let rows = move || {
        let list = hits.get();
        if list.is_empty() {
            let typed = answered.get().is_some_and(|a| !a.is_empty());
            return typed.then(|| view! { <li class="picker-empty muted">{t.picker_none}</li> }).into_any();
        }
        list.into_iter()
            .enumerate()
            .map(|(i, h)| {
                let chosen = h.clone();
                let stock_class = if h.qty > 0 { "picker-stock" } else { "picker-stock out" };
                let recent = (h.recent > 0).then(|| view! { <span class="badge recent">{format!("{} {}{}", t.picker_recent, h.recent, t.picker_times)}</span> });
                view! {
                    <li role="option" class=move || if active.get() == i { "picker-row active" } else { "picker-row" } aria-selected=move || (active.get() == i).to_string()
                        data-sku=h.sku_id.to_string() data-code=h.code.clone()
                        on:mousedown=move |ev| { ev.prevent_default(); pick(chosen.clone()); }>
                        <span class="picker-label">{h.label.clone()}</span>
                        <span class="picker-meta">
                            <code>{h.code.clone()}</code>
                            <span class="picker-price">{h.price.to_string()}</span>
                            <span class=stock_class>{format!("{} {}", t.picker_stock, h.qty)}</span>
                            {recent}
                        </span>
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <div class="picker">
            <label class="picker-input">{t.picker_label}
                <input type="search" inputmode="search" autocomplete="off" enterkeyhint="enter" data-testid="sku-search"
                    placeholder=t.picker_placeholder role="combobox" aria-expanded=move || open.get().to_string()
                    prop:value=move || q.get()
                    on:focus=move |_| { open.set(true); if q.get_untracked().is_empty() { search(String::new(), 0); } }
                    on:blur=move |_| open.set(false)
                    on:input=move |ev| { let v = event_target_value(&ev); q.set(v.clone()); open.set(true); search(v, 150); }
                    on:keydown=on_key/>
            </label>
            <Show when=move || open.get()>
                <ul class="picker-list" role="listbox" data-testid="sku-results">{rows}</ul>
            </Show>
        </div>
    }
}

/// Look a returning customer up by mobile (3+ digits) or name; "使用" fills the recipient.
#[component]
pub fn CustomerLookup(#[prop(into)] agent: Signal<Option<i64>>, on_pick: Callback<CustomerHit>) -> impl IntoView {
    let t = text(use_lang());
    let q = RwSignal::new(String::new());
    let hits = RwSignal::new(None::<Vec<CustomerHit>>);
    let seq = StoredValue::new(0u64);
    let search = move |text: String| {
        let n = seq.get_value() + 1;
        seq.set_value(n);
        set_timeout(
            move || {
                if seq.get_value() != n {
                    return;
                }
                let query = CustomerQuery { q: text.into(), agent_id: agent.get_untracked() };
                leptos::task::spawn_local(async move {
                    let r = find_customers(query).await.ok();
                    if seq.get_value() == n {
                        hits.set(r);
                    }
                });
            },
            Duration::from_millis(200),
        );
    };
    let list = move || {
        hits.get().map(|list| {
            if list.is_empty() {
                return view! { <p class="muted small">{t.customer_none}</p> }.into_any();
            }
            list.into_iter()
                .map(|c| {
                    let chosen = c.clone();
                    view! {
                        <li class="customer-row">
                            <span><strong>{c.name.clone()}</strong> " " {c.mobile.clone()}<br/><span class="muted small">{c.address.clone()}</span></span>
                            <button type="button" class="secondary" data-testid="customer-use"
                                on:click=move |_| { on_pick.run(chosen.clone()); hits.set(None); q.set(String::new()); }>{t.customer_use}</button>
                        </li>
                    }
                })
                .collect_view()
                .into_any()
        })
    };
    view! {
        <div class="customer-lookup">
            <label>{t.customer_lookup}
                <input type="search" autocomplete="off" data-testid="customer-search" maxlength="32" prop:value=move || q.get()
                    on:input=move |ev| { let v = event_target_value(&ev); q.set(v.clone()); search(v); }
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Enter" { ev.prevent_default(); }/>
            </label>
            <ul class="customer-list">{list}</ul>
        </div>
    }
}
