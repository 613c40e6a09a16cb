//! The login page and the team page (members, adding members, resetting passwords).

use super::api::{create_user, list_team, reset_password, Login};
use super::{Member, NewUser, Perm, Role};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::ui::session::{switch_lang, use_lang, use_strings, use_user, SessionGate};
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{ready_marker, Empty, ErrorBox, Loading};
use leptos::prelude::*;

#[component]
pub fn LoginPage() -> impl IntoView {
    view! { <SessionGate><LoginForm/></SessionGate> }
}

#[component]
fn LoginForm() -> impl IntoView {
    let s = use_strings();
    let lang = use_lang();
    let login = ServerAction::<Login>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = login.value().get() {
            let _ = window().location().set_href("/");
        }
    });
    let error = move || match login.value().get() {
        Some(Err(e)) => Some(view! { <p class="form-error" role="alert" data-testid="login-error">{e.message(lang)}</p> }),
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
                <ActionForm action=login attr:class="form" attr:data-ready=ready_marker()>
                    <label>{s.username}<input name="username" autocomplete="username" required autocapitalize="off"/></label>
                    <label>{s.password}<input name="password" type="password" autocomplete="current-password" required/></label>
                    <button type="submit" disabled=move || login.pending().get()>{s.login_button}</button>
                    {error}
                </ActionForm>
                <button class="link" type="button" on:click=move |_| switch_lang(other)>{s.switch_lang}</button>
            </div>
        </div>
    }
}

#[component]
pub fn TeamPage() -> impl IntoView {
    let s = use_strings();
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
                            <MemberTable members/>
                        }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn MemberTable(members: Vec<Member>) -> impl IntoView {
    let s = use_strings();
    let lang = use_lang();
    let me = use_user();
    let toasts = use_toasts();
    let visible: Vec<Member> = members.into_iter().filter(|m| m.id != me.id).collect();
    if visible.is_empty() {
        return view! { <Empty text=s.no_team/> }.into_any();
    }
    let manage = me.can(Perm::ManageUsers);
    let reset = Action::new(|(id, pw): &(i64, String)| reset_password(*id, pw.clone()));
    Effect::new(move |_| match reset.value().get() {
        Some(Ok(())) => toasts.ok(s.password_reset_done),
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    let rows = visible
        .into_iter()
        .map(|m| {
            let id = m.id;
            let prompt = format!("{} · {}：{}", s.reset_password, m.display_name, s.new_password);
            view! {
                <tr>
                    <td data-label=s.display_name><div>{m.display_name}<div class="sub">{m.username}</div></div></td>
                    <td data-label=s.role>{m.role.label(lang)}</td>
                    <td data-label=s.parent_agent>{m.parent_name.unwrap_or_else(|| "—".into())}</td>
                    <td>{manage.then(|| view! {
                        <button type="button" class="link" on:click=move |_| {
                            if let Ok(Some(pw)) = window().prompt_with_message(&prompt) {
                                if !pw.is_empty() {
                                    reset.dispatch((id, pw));
                                }
                            }
                        }>{s.reset_password}</button>
                    })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table team">
            <thead><tr><th>{s.display_name}</th><th>{s.role}</th><th>{s.parent_agent}</th><th></th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

#[component]
fn NewMemberForm(members: Vec<Member>, on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let s = use_strings();
    let lang = use_lang();
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
        members.into_iter().filter(|m| m.role == Role::Agent).map(|m| (m.id, m.display_name)).collect();
    view! {
        <details class="card">
            <summary>"+ " {s.new_user}</summary>
            <form class="form" data-ready=ready_marker() on:submit=move |ev| {
                ev.prevent_default();
                let r = Role::parse(&role.get()).unwrap_or(Role::Agent);
                act.dispatch(NewUser {
                    username: username.get(),
                    display_name: display_name.get(),
                    password: password.get(),
                    role: r,
                    parent_id: if r == Role::Agent { parent.get().parse().ok() } else { None },
                });
            }>
                <div class="row">
                    <label>{s.username}<input bind:value=username autocapitalize="off" name="new_username"/></label>
                    <label>{s.display_name}<input bind:value=display_name name="new_display_name"/></label>
                </div>
                <div class="row">
                    <label>{s.password}<input type="password" bind:value=password autocomplete="new-password" name="new_password"/></label>
                    <label>{s.role}
                        <select bind:value=role name="new_role">
                            {Role::ALL.into_iter().filter(|r| *r != Role::Boss)
                                .map(|r| view! { <option value=r.code()>{r.label(lang)}</option> }).collect_view()}
                        </select>
                    </label>
                    <label>{s.parent_agent}
                        <select bind:value=parent name="new_parent" disabled=move || role.get() != Role::Agent.code()>
                            <option value="">{s.none}</option>
                            {agents.into_iter().map(|(id, n)| view! { <option value=id.to_string()>{n}</option> }).collect_view()}
                        </select>
                    </label>
                </div>
                <button type="submit" disabled=move || act.pending().get()>{s.create_user}</button>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e.message(lang)}</p> })}
            </form>
        </details>
    }
}
