//! The session as the UI sees it: the signed-in user and the language.
//!
//! `provide_session` loads it once per page load; [`SessionGate`] waits for it and
//! provides [`Lang`] and the user to everything below. Changing the language
//! reloads the page, so texts need not be reactive.

use crate::auth::api::get_session;
use crate::auth::{SessionInfo, UserInfo};
use crate::error::AppError;
use crate::i18n::Lang;
use leptos::prelude::*;

pub type SessionResource = Resource<Result<SessionInfo, AppError>>;

pub fn provide_session() {
    let session: SessionResource = Resource::new(|| (), |_| get_session());
    provide_context(session);
}

/// The language of this page.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// The shared texts (navigation, buttons, pager) in this page's language.
pub fn use_common() -> &'static crate::i18n::common::Text {
    crate::i18n::common::text(use_lang())
}

/// Whether the server runs in demo mode (known demo sign-ins work).
pub fn use_demo() -> bool {
    use_context::<Demo>().map(|d| d.0).unwrap_or(false)
}

/// Demo mode, as the session reported it.
#[derive(Clone, Copy, Debug)]
pub struct Demo(pub bool);

/// The signed-in user; only inside a [`SessionGate`] with `require_user`.
pub fn use_user() -> UserInfo {
    expect_context::<UserInfo>()
}

/// Renders `children` once the session is known, with `Lang` (and the user, if any) in context.
#[component]
pub fn SessionGate(children: ChildrenFn) -> impl IntoView {
    let session = expect_context::<SessionResource>();
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=|| view! { <div class="boot-spinner" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                let info = session.await.unwrap_or(SessionInfo { user: None, lang: Lang::Zh, demo: false });
                provide_context(info.lang);
                provide_context(Demo(info.demo));
                if let Some(user) = info.user {
                    provide_context(user);
                }
                children.with_value(|c| c())
            })}
        </Suspense>
    }
}

/// Switch the language for this user and browser, then reload.
pub fn switch_lang(to: Lang) {
    leptos::task::spawn_local(async move {
        let _ = crate::auth::api::set_lang(to).await;
        let _ = window().location().reload();
    });
}
