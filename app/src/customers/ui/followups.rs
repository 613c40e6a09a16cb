//! The follow-up list on the home page: today's customers picked by campaigns for the owning
//! agent (and the boss), with their coupon; done by call or WeChat with a result note.

use crate::customers::api::{finish_follow_up, list_follow_ups};
use crate::customers::text::{coupon_line, text};
use crate::customers::{Contact, FollowUpView};
use crate::time::format_ms;
use crate::ui::session::use_lang;
use crate::ui::toast::use_toasts;
use crate::ui::widgets::{ErrorBox, Loading};
use leptos::prelude::*;

#[component]
pub fn FollowUpList() -> impl IntoView {
    let t = text(use_lang());
    let list = Resource::new(|| (), |_| list_follow_ups());
    view! {
        <div class="card followups" data-testid="followups">
            <h2>{t.followups_title}</h2>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(rows) if rows.is_empty() => view! { <p class="muted">{t.no_followups}</p> }.into_any(),
                        Ok(rows) => view! {
                            <ul class="followup-list">
                                {rows.into_iter().map(|f| view! { <FollowUp f on_done=move || list.refetch()/> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn FollowUp(f: FollowUpView, on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let lang = use_lang();
    let t = text(lang);
    let toasts = use_toasts();
    let id = f.id;
    let result = RwSignal::new(String::new());
    let act = Action::new(move |(c, r): &(Contact, String)| finish_follow_up(id, *c, r.as_str().into()));
    Effect::new(move |_| match act.value().get() {
        Some(Ok(())) => {
            toasts.ok(t.followup_done);
            on_done();
        }
        Some(Err(e)) => toasts.err(e.message(lang)),
        None => {}
    });
    let coupon = f.coupon.as_ref().map(|k| coupon_line(&k.code, &k.discount, k.min_spend.to_fen(), lang));
    let done = f.done;
    view! {
        <li class=if done { "followup done" } else { "followup" } data-followup=f.id.to_string()>
            <div class="followup-head">
                <a href=format!("/customers/{}", f.customer_id.0) data-testid="followup-customer">{f.customer_name.clone()}</a>
                " " <span class="sub">{f.mobile.clone()}</span>
                " " <span class=format!("badge stage-{}", f.stage.code())>{f.stage.label(lang)}</span>
            </div>
            <div class="sub">
                {f.campaign.clone()} " · " {t.spend} " " {f.spend.to_string()}
                {f.last_order_at.map(|at| format!(" · {} {}", t.last_order, format_ms(at)))}
                {(!f.agent_name.is_empty()).then(|| format!(" · {}", f.agent_name))}
            </div>
            {coupon.map(|c| view! { <div class="coupon-line">{t.coupon} "：" <strong>{c}</strong></div> })}
            {(!done).then(|| view! {
                <div class="followup-done row-actions">
                    <input bind:value=result placeholder=t.result_placeholder aria-label=t.result_placeholder maxlength="200"/>
                    <button type="button" class="secondary" on:click=move |_| { act.dispatch((Contact::Call, result.get())); }>{Contact::Call.label(lang)}</button>
                    <button type="button" class="secondary" on:click=move |_| { act.dispatch((Contact::Wechat, result.get())); }>{Contact::Wechat.label(lang)}</button>
                </div>
            })}
        </li>
    }
}
