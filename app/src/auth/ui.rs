//! The login page, the team page (members, adding, disabling, one-time passwords, handing
//! over a leaver's data) and the account page (own password, signed-in devices).

use super::api::{change_password, create_api_key, create_user, end_session, list_agents, list_api_keys, list_sessions, list_team};
use super::api::{reset_password, revoke_api_key, set_member_active, transfer_member, Login};
use super::text::text;
use super::{validate_password, Member, NewUser, Perm, Role};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::time::format_ms;
use crate::ui::session::{switch_lang, use_common, use_demo, use_lang, use_user, SessionGate};
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{confirm, ready_marker, Empty, ErrorBox, Loading};
use leptos::prelude::*;

#[component]
pub fn LoginPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    view! { <SessionGate><LoginForm/></SessionGate> }
}

#[component]
fn LoginForm() -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let c = use_common();
    let login = ServerAction::<Login>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = login.value().get() {
            let _ = window().location().set_href("/");
        }
    });
    let error = move || match login.value().get() {
        Some(Err(e)) => Some(view! { <p class="form-error" role="alert" data-testid="login-error" data-error=e.code()>{e.message(lang)}</p> }),
        _ => None,
    };
    let other = if lang == Lang::Zh { Lang::En } else { Lang::Zh };
    view! {
        <div class="centered login">
            <div class="card narrow">
                <div class="login-brand">
                    <img src="/icons/icon-192.png" alt="" width="56" height="56"/>
                    <div>
                        <h1>{s.login_title}</h1>
                        <p class="muted">{s.login_tagline}</p>
                    </div>
                </div>
                {use_demo().then(|| view! { <p class="demo-banner" role="note" data-testid="demo-warning">{c.demo_warning}</p> })}
                <ActionForm action=login attr:class="form" attr:data-ready=ready_marker()>
                    <label>{s.username}<input name="username" autocomplete="username" required autocapitalize="off" maxlength="32"/></label>
                    <label>{s.password}<input name="password" type="password" autocomplete="current-password" required maxlength="128"/></label>
                    <button type="submit" disabled=move || login.pending().get()>{s.login_button}</button>
                    {error}
                </ActionForm>
                <button class="link" type="button" on:click=move |_| switch_lang(other)>{c.switch_lang}</button>
            </div>
        </div>
    }
}

#[component]
pub fn TeamPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let s = text(use_lang());
    let can_manage = use_user().can(Perm::ManageUsers);
    let team = Resource::new(|| (), |_| list_team());
    view! {
        <section class="page">
            <h1>{s.team_title}</h1>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match team.await {
                        Ok(members) => view! {
                            {can_manage.then(|| view! { <NewMemberForm members=members.clone() on_done=move || team.refetch()/> })}
                            <MemberTable members on_change=move || team.refetch()/>
                        }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
            {can_manage.then(|| view! { <crate::settings::ui::TeamSettingsCard/> <crate::notify::ui::NotifiersCard/> <ApiKeysCard/> })}
        </section>
    }
}

#[component]
fn MemberTable(members: Vec<Member>, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let me = use_user();
    let toasts = use_toasts();
    let agents: Vec<(i64, String)> = members.iter().filter(|m| m.role == Role::Agent && m.active).map(|m| (m.id, m.display_name.clone())).collect();
    let visible: Vec<Member> = members.into_iter().filter(|m| m.id != me.id).collect();
    if visible.is_empty() {
        return view! { <Empty text=s.no_team/> }.into_any();
    }
    let manage = me.can(Perm::ManageUsers);
    let one_time = RwSignal::new(None::<(String, String)>);
    let reset = Action::new(|(id, _): &(i64, String)| reset_password(*id));
    Effect::new(move |_| match reset.value().get() {
        Some(Ok(pw)) => {
            let who = reset.input().get().map(|(_, n)| n).unwrap_or_default();
            one_time.set(Some((who, pw)));
        }
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    let toggle = Action::new(|(id, active): &(i64, bool)| set_member_active(*id, *active));
    Effect::new(move |_| match toggle.value().get() {
        Some(Ok(())) => {
            let on = toggle.input().get().map(|(_, a)| a).unwrap_or(false);
            toasts.ok(if on { s.member_enabled } else { s.member_disabled });
            on_change();
        }
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    let agents = StoredValue::new(agents);
    let rows = visible
        .into_iter()
        .map(|m| {
            let (id, name) = (m.id, m.display_name.clone());
            let status = if m.active { s.active } else { s.disabled };
            let username = m.username.clone();
            view! {
                <tr class:inactive=!m.active data-user=username>
                    <td data-label=s.display_name><div>{m.display_name}<div class="sub">{m.username}</div></div></td>
                    <td data-label=s.role>{m.role.label(lang)}</td>
                    <td data-label=s.parent_agent>{m.parent_name.unwrap_or_else(|| "—".into())}</td>
                    <td data-label=s.status>{status}</td>
                    <td class="row-actions">{manage.then(|| view! {
                        <button type="button" class="link" on:click=move |_| {
                            if confirm(s.confirm_reset) { reset.dispatch((id, name.clone())); }
                        }>{s.reset_password}</button>
                        {if m.active {
                            view! { <button type="button" class="link danger" on:click=move |_| {
                                if confirm(s.confirm_disable) { toggle.dispatch((id, false)); }
                            }>{s.disable}</button> }.into_any()
                        } else {
                            view! { <button type="button" class="link" on:click=move |_| { toggle.dispatch((id, true)); }>{s.enable}</button> }.into_any()
                        }}
                        {(m.role == Role::Agent).then(|| view! { <TransferButton from=id agents=agents.get_value() on_done=on_change/> })}
                    })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {move || one_time.get().map(|(who, pw)| view! {
            <div class="card notice" role="alert" data-testid="one-time-password">
                <strong>{s.one_time_title} " · " {who}</strong>
                <p class="otp"><code>{pw}</code></p>
                <p class="muted">{s.one_time_hint}</p>
                <button type="button" class="secondary" on:click=move |_| one_time.set(None)>"OK"</button>
            </div>
        })}
        <table class="table team">
            <thead><tr><th>{s.display_name}</th><th>{s.role}</th><th>{s.parent_agent}</th><th>{s.status}</th><th></th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// Hand over a member's customers and orders to another agent.
#[component]
fn TransferButton(from: i64, agents: Vec<(i64, String)>, on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let c = use_common();
    let toasts = use_toasts();
    let to = RwSignal::new(String::new());
    let act = Action::new(move |to: &i64| transfer_member(from, *to));
    Effect::new(move |_| match act.value().get() {
        Some(Ok((customers, orders))) => {
            toasts.ok((s.transferred)(customers, orders));
            on_done();
        }
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    let options = agents.into_iter().filter(|(id, _)| *id != from).map(|(id, n)| view! { <option value=id.to_string()>{n}</option> }).collect_view();
    view! {
        <details class="inline-details">
            <summary class="link">{s.transfer}</summary>
            <select bind:value=to aria-label=s.transfer_to><option value="">{c.choose}</option>{options}</select>
            <button type="button" class="secondary" on:click=move |_| {
                if let Ok(id) = to.get().parse::<i64>() {
                    if confirm(s.confirm_transfer) { act.dispatch(id); }
                }
            }>{s.transfer}</button>
        </details>
    }
}

#[component]
fn NewMemberForm(members: Vec<Member>, on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let c = use_common();
    let toasts = use_toasts();
    let username = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Agent.code().to_string());
    let parent = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let act = Action::new(|u: &NewUser| create_user(u.clone()));
    Effect::new(move |_| match act.value().get() {
        Some(Ok(_)) => {
            toasts.ok(s.user_created);
            username.set(String::new());
            display_name.set(String::new());
            password.set(String::new());
            error.set(None);
            on_done();
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let agents: Vec<(i64, String)> =
        members.into_iter().filter(|m| m.role == Role::Agent && m.active).map(|m| (m.id, m.display_name)).collect();
    view! {
        <details class="card">
            <summary>"+ " {s.new_user}</summary>
            <form class="form" method="post" action="/rpc/create_user" data-ready=ready_marker() on:submit=move |ev| {
                ev.prevent_default();
                let r = Role::parse(&role.get()).unwrap_or(Role::Agent);
                act.dispatch(NewUser {
                    username: username.get().into(),
                    display_name: display_name.get().into(),
                    password: password.get().into(),
                    role: r,
                    parent_id: if r == Role::Agent { parent.get().parse().ok() } else { None },
                });
            }>
                <div class="row">
                    <label>{s.username}<input bind:value=username autocapitalize="off" name="input[username]" maxlength="32"/></label>
                    <label>{s.display_name}<input bind:value=display_name name="input[display_name]" maxlength="40"/></label>
                </div>
                <div class="row">
                    <label>{s.password}<input type="password" bind:value=password autocomplete="new-password" name="input[password]" maxlength="128"/></label>
                    <label>{s.role}
                        <select bind:value=role name="input[role]">
                            {Role::ALL.into_iter().filter(|r| *r != Role::Boss)
                                .map(|r| view! { <option value=r.code()>{r.label(lang)}</option> }).collect_view()}
                        </select>
                    </label>
                    <label>{s.parent_agent}
                        <select bind:value=parent name="input[parent_id]" disabled=move || role.get() != Role::Agent.code()>
                            <option value="">{c.none}</option>
                            {agents.into_iter().map(|(id, n)| view! { <option value=id.to_string()>{n}</option> }).collect_view()}
                        </select>
                    </label>
                </div>
                <button type="submit" disabled=move || act.pending().get()>{s.create_user}</button>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-error=e.code()>{e.message(lang)}</p> })}
            </form>
        </details>
    }
}

/// The own account: change the password (required first after a one-time password) and
/// see and end the sessions on other devices.
#[component]
pub fn AccountPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    let lang = use_lang();
    let s = text(lang);
    let user = use_user();
    let sessions = Resource::new(|| (), |_| list_sessions());
    view! {
        <section class="page">
            <h1>{s.account_title}</h1>
            <p class="muted">{user.display_name.clone()} " · " {user.username.clone()} " · " {user.role.label(lang)}</p>
            {user.must_change_password.then(|| view! { <p class="notice" role="alert" data-testid="must-change">{s.must_change_note}</p> })}
            <PasswordForm must_change=user.must_change_password/>
            <div class="card">
                <h2>{s.sessions_title}</h2>
                <Transition fallback=|| view! { <Loading/> }>
                    {move || Suspend::new(async move {
                        match sessions.await {
                            Ok(rows) => view! { <SessionList rows on_change=move || sessions.refetch()/> }.into_any(),
                            Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                        }
                    })}
                </Transition>
            </div>
        </section>
    }
}

#[component]
fn PasswordForm(must_change: bool) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let toasts = use_toasts();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let act = Action::new(|(c, n): &(String, String)| change_password(c.as_str().into(), n.as_str().into()));
    Effect::new(move |_| match act.value().get() {
        Some(Ok(())) => {
            toasts.ok(s.password_changed);
            if must_change {
                // Signed-in pages were closed to this user until now.
                let _ = window().location().set_href("/");
            }
            current.set(String::new());
            new.set(String::new());
            error.set(None);
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    view! {
        <form class="card form" method="post" action="/rpc/change_password" data-ready=ready_marker() on:submit=move |ev| {
            ev.prevent_default();
            match validate_password(&new.get()) {
                Ok(()) => { act.dispatch((current.get(), new.get())); }
                Err(e) => error.set(Some(e.into())),
            }
        }>
            <h2>{s.change_password}</h2>
            <div class="row">
                <label>{s.current_password}<input type="password" name="current" bind:value=current autocomplete="current-password" maxlength="128"/></label>
                <label>{s.new_password}<input type="password" name="new_password" bind:value=new autocomplete="new-password" maxlength="128"/></label>
            </div>
            <button type="submit" disabled=move || act.pending().get()>{s.change_password}</button>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-error=e.code()>{e.message(lang)}</p> })}
        </form>
    }
}

#[component]
fn SessionList(rows: Vec<super::SessionView>, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let toasts = use_toasts();
    let end = Action::new(|id: &String| end_session(id.as_str().into()));
    Effect::new(move |_| match end.value().get() {
        Some(Ok(())) => {
            toasts.ok(s.session_ended);
            on_change();
        }
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    let items = rows
        .into_iter()
        .map(|r| {
            let id = r.id.clone();
            view! {
                <li class="session" data-current=r.current.to_string()>
                    <div>{summarize_agent(&r.user_agent)} {r.current.then(|| view! { " · " <strong>{s.this_device}</strong> })}</div>
                    <div class="sub">{s.signed_in_at} " " {format_ms(r.created_at)} " · " {s.last_seen} " " {format_ms(r.last_seen_at)}</div>
                    {(!r.current).then(|| view! {
                        <button type="button" class="link danger" on:click=move |_| { end.dispatch(id.clone()); }>{s.end_session}</button>
                    })}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="sessions">{items}</ul> }
}

/// A short name for a browser from its user agent ("Chrome · Android").
fn summarize_agent(ua: &str) -> String {
    let browser = ["Edg", "MicroMessenger", "Chrome", "Firefox", "Safari"].into_iter().find(|b| ua.contains(b)).unwrap_or("Browser");
    let browser = match browser {
        "Edg" => "Edge",
        "MicroMessenger" => "WeChat",
        other => other,
    };
    let os = ["Android", "iPhone", "iPad", "Windows", "Mac OS", "Linux"].into_iter().find(|o| ua.contains(o)).unwrap_or("");
    if os.is_empty() { browser.to_string() } else { format!("{browser} · {os}") }
}

#[cfg(test)]
mod tests {
    #[test]
    fn user_agents_are_summarized() {
        let android = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36";
        assert_eq!(super::summarize_agent(android), "Chrome · Android");
        assert_eq!(super::summarize_agent("curl/8"), "Browser");
    }
}

/// REST API keys (boss): create one for an agent's line or the team, see it once, revoke.
#[component]
fn ApiKeysCard() -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let toasts = use_toasts();
    let keys = Resource::new(|| (), |_| list_api_keys());
    let agents = Resource::new(|| (), |_| list_agents());
    let name = RwSignal::new(String::new());
    let agent = RwSignal::new(String::new());
    let shown = RwSignal::new(None::<(String, String)>);
    let create = Action::new(|(n, a): &(String, Option<i64>)| create_api_key(n.as_str().into(), *a));
    Effect::new(move |_| match create.value().get() {
        Some(Ok(pair)) => {
            shown.set(Some(pair));
            name.set(String::new());
            keys.refetch();
        }
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    let revoke = Action::new(|id: &i64| revoke_api_key(*id));
    Effect::new(move |_| match revoke.value().get() {
        Some(Ok(())) => keys.refetch(),
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    view! {
        <div class="card" data-testid="api-keys">
            <h2>{s.api_keys_title}</h2>
            <p class="muted">{s.api_keys_hint}</p>
            {move || shown.get().map(|(id, secret)| view! {
                <div class="notice" role="alert" data-testid="new-key">
                    <strong>{s.key_created}</strong>
                    <p><code data-testid="key-id">{id}</code></p>
                    <p class="otp"><code data-testid="key-secret">{secret}</code></p>
                </div>
            })}
            <form class="form inline-form" method="post" action="/rpc/create_api_key" data-ready=ready_marker() on:submit=move |ev| {
                ev.prevent_default();
                create.dispatch((name.get(), agent.get().parse().ok()));
            }>
                <input bind:value=name name="name" placeholder=s.key_name aria-label=s.key_name maxlength="40"/>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let options = agents.await.unwrap_or_default().into_iter()
                            .map(|a| view! { <option value=a.id.to_string()>{a.display_name}</option> }).collect_view();
                        view! {
                            <select bind:value=agent name="agent_id" aria-label=s.key_scope>
                                <option value="">{s.whole_team}</option>
                                {options}
                            </select>
                        }
                    })}
                </Suspense>
                <button type="submit" disabled=move || create.pending().get()>{s.create_key}</button>
            </form>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match keys.await {
                        Ok(list) if list.is_empty() => view! { <Empty text=s.no_keys/> }.into_any(),
                        Ok(list) => {
                            let rows = list.into_iter().map(|k| {
                                let id = k.id;
                                let live = k.revoked_at.is_none();
                                view! {
                                    <tr class:inactive=!live>
                                        <td data-label=s.key_name><div>{k.name}<div class="sub"><code>{k.key_id}</code></div></div></td>
                                        <td data-label=s.key_scope>{k.agent_name.unwrap_or_else(|| s.whole_team.to_string())}</td>
                                        <td class="sub">{format_ms(k.created_at)}</td>
                                        <td>{if live {
                                            view! { <button type="button" class="link danger" on:click=move |_| {
                                                if confirm(s.confirm_revoke) { revoke.dispatch(id); }
                                            }>{s.revoke}</button> }.into_any()
                                        } else {
                                            view! { <span class="sub">{s.revoked}</span> }.into_any()
                                        }}</td>
                                    </tr>
                                }
                            }).collect_view();
                            view! { <table class="table keys"><tbody>{rows}</tbody></table> }.into_any()
                        }
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}
