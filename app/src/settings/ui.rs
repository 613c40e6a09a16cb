//! The team settings card on the team page (boss only).

use super::api::{get_team_settings, update_team_settings};
use super::text::text;
use super::TeamSettings;
use crate::ui::session::use_lang;
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{ErrorBox, Loading};
use leptos::prelude::*;

#[component]
pub fn TeamSettingsCard() -> impl IntoView {
    let lang = use_lang();
    let s = text(lang);
    let toasts = use_toasts();
    let settings = Resource::new(|| (), |_| get_team_settings());
    let save = Action::new(|t: &TeamSettings| update_team_settings(t.clone()));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => toasts.ok(s.saved),
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    view! {
        <div class="card">
            <h2>{s.settings_title}</h2>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match settings.await {
                        Ok(t) => {
                            let current = t.clone();
                            let digest = RwSignal::new(t.digest_time.to_string());
                            view! {
                            <label class="check">
                                <input type="checkbox" name="agents_confirm_payment" prop:checked=t.agents_confirm_payment
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        save.dispatch(TeamSettings { agents_confirm_payment: on, ..current.clone() });
                                    }/>
                                {s.agents_confirm_payment}
                            </label>
                            <p class="muted">{s.agents_confirm_payment_hint}</p>
                            <form class="form inline-form" method="post" action="/rpc/update_team_settings" data-testid="digest-form" on:submit=move |ev| {
                                ev.prevent_default();
                                save.dispatch(TeamSettings { agents_confirm_payment: t.agents_confirm_payment, digest_time: digest.get().as_str().into() });
                            }>
                                <label>{s.digest_time}
                                    <input type="time" name="settings[digest_time]" bind:value=digest/>
                                </label>
                                <button type="submit">{s.save}</button>
                            </form>
                            <p class="muted">{s.digest_hint}</p>
                        }.into_any()
                        }
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}
