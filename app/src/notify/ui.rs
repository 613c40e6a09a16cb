//! The notifications card on the team page (boss): group robots and webhooks.

use super::api::{create_notifier, list_notifiers, set_notifier_active, test_notifiers};
use super::text::{kind_label, text};
use super::{NewNotifier, NotifierKind};
use crate::ui::session::use_lang;
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{ready_marker, Empty, ErrorBox, Loading};
use leptos::prelude::*;

#[component]
pub fn NotifiersCard() -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let toasts = use_toasts();
    let list = Resource::new(|| (), |_| list_notifiers());
    let (name, kind, url) = (RwSignal::new(String::new()), RwSignal::new(NotifierKind::Wecom.code().to_string()), RwSignal::new(String::new()));
    let add = Action::new(|n: &NewNotifier| create_notifier(n.clone()));
    Effect::new(move |_| match add.value().get() {
        Some(Ok(_)) => {
            toasts.ok(s.added);
            name.set(String::new());
            url.set(String::new());
            list.refetch();
        }
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    let toggle = Action::new(|(id, on): &(i64, bool)| set_notifier_active(*id, *on));
    Effect::new(move |_| {
        if toggle.value().get().is_some() {
            list.refetch();
        }
    });
    let test = Action::new(|_: &()| test_notifiers());
    Effect::new(move |_| match test.value().get() {
        Some(Ok(())) => toasts.ok(s.tested),
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    view! {
        <div class="card" data-testid="notifiers">
            <h2>{s.notifiers_title}</h2>
            <p class="muted">{s.notifiers_hint}</p>
            <form class="form inline-form" method="post" action="/rpc/create_notifier" data-ready=ready_marker() on:submit=move |ev| {
                ev.prevent_default();
                let kind = NotifierKind::parse(&kind.get()).unwrap_or(NotifierKind::Wecom);
                add.dispatch(NewNotifier { name: name.get().into(), kind, url: url.get().into() });
            }>
                <input name="input[name]" bind:value=name placeholder=s.name aria-label=s.name maxlength="40"/>
                <select name="input[kind]" bind:value=kind aria-label=s.kind>
                    {NotifierKind::ALL.into_iter().map(|k| view! { <option value=k.code()>{kind_label(k, lang)}</option> }).collect_view()}
                </select>
                <input name="input[url]" bind:value=url placeholder="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…" aria-label=s.url type="url"/>
                <button type="submit">{s.add}</button>
            </form>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(rows) if rows.is_empty() => view! { <Empty text=s.none/> }.into_any(),
                        Ok(rows) => view! {
                            <ul class="plain notifiers">
                                {rows.into_iter().map(|n| {
                                    let id = n.id;
                                    let on = n.active;
                                    view! {
                                        <li class:inactive=!on>
                                            <strong>{n.name}</strong> " · " {kind_label(n.kind, lang)} " · " {(s.counts)(n.sent, n.failed)}
                                            <div class="sub">{n.url}</div>
                                            <button type="button" class="link" on:click=move |_| { toggle.dispatch((id, !on)); }>
                                                {if on { s.pause } else { s.resume }}
                                            </button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            <button type="button" class="secondary" on:click=move |_| { test.dispatch(()); }>{s.test}</button>
                        }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}
