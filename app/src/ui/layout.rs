//! The app frame: top bar, navigation (side bar on desktop, bottom tabs on a phone),
//! toasts, and the not-found page.

use super::session::{switch_lang, use_common, use_demo, use_lang, use_user, SessionGate};
use super::toast::{ToastHost, Toasts};
use crate::auth::{Perm, UserInfo};
use crate::i18n::Lang;
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect, A};
use leptos_router::hooks::use_location;

/// Every signed-in page sits in this layout. Visitors are sent to the login page.
#[component]
pub fn AppLayout() -> impl IntoView {
    view! {
        <SessionGate>
            {move || match use_context::<UserInfo>() {
                None => view! { <Redirect path="/login"/> }.into_any(),
                // A one-time password must be replaced before anything else.
                Some(u) if u.must_change_password && use_location().pathname.get_untracked() != "/account" => {
                    view! { <Redirect path="/account"/> }.into_any()
                }
                Some(_) => view! { <Frame/> }.into_any(),
            }}
        </SessionGate>
    }
}

#[component]
fn Frame() -> impl IntoView {
    Toasts::provide();
    let s = use_common();
    let user = use_user();
    let lang = use_lang();
    let other = if lang == Lang::Zh { Lang::En } else { Lang::Zh };
    let logout = ServerAction::<crate::auth::api::Logout>::new();
    let offline = offline_signal();
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            let _ = window().location().set_href("/login");
        }
    });
    view! {
        <div class="app" data-role=user.role.code()>
            <header class="topbar">
                <A href="/" attr:class="brand">
                    <img src="/icons/icon-192.png" alt="" width="28" height="28"/>
                    <span>{s.app_name}</span>
                </A>
                <div class="topbar-right">
                    <span class="who" data-testid="who">
                        {user.display_name.clone()} " · " {user.role.label(lang)}
                    </span>
                    <button class="link" type="button" on:click=move |_| switch_lang(other)>{s.switch_lang}</button>
                    <ActionForm action=logout attr:class="inline">
                        <button class="link" type="submit">{s.logout}</button>
                    </ActionForm>
                </div>
            </header>
            <Nav user=user.clone()/>
            <main class="content">
                {use_demo().then(|| view! { <div class="demo-banner" role="note">{s.demo_warning}</div> })}
                <Show when=move || offline.get()>
                    <div class="offline-banner" role="status">{s.offline_note}</div>
                </Show>
                <Outlet/>
            </main>
            <ToastHost/>
        </div>
    }
}

/// True while the browser reports no network (always false on the server).
fn offline_signal() -> ReadSignal<bool> {
    let (offline, set_offline) = signal(false);
    Effect::new(move |_| {
        set_offline.set(!window().navigator().on_line());
        let on = window_event_listener(leptos::ev::online, move |_| set_offline.set(false));
        let off = window_event_listener(leptos::ev::offline, move |_| set_offline.set(true));
        on_cleanup(move || {
            on.remove();
            off.remove();
        });
    });
    offline
}

#[component]
fn Nav(user: UserInfo) -> impl IntoView {
    let s = use_common();
    let location = use_location();
    // Only what the role may open; the warehouse starts on its shipping queue.
    let items: Vec<(&'static str, &'static str, &'static str, bool)> = vec![
        ("/", s.nav_home, "⌂", user.can(Perm::ViewDashboard)),
        ("/dashboard", crate::dashboard::text::text(use_lang()).nav_dashboards, "◔", user.can(Perm::ViewDashboard)),
        ("/ship", s.nav_ship, "⇪", user.can(Perm::Ship)),
        ("/orders", s.nav_orders, "▤", user.can(Perm::ViewOrders)),
        ("/customers", s.nav_customers, "☻", user.can(Perm::ViewCustomers)),
        ("/inventory", s.nav_inventory, "▦", user.can(Perm::ViewStock)),
        ("/finance", s.nav_finance, "¤", user.can(Perm::ViewFinance)),
        ("/tax", crate::tax::text::text(use_lang()).nav_tax, "¥", user.can(Perm::Tax)),
        ("/couriers", crate::fulfil::text::text(use_lang()).nav_couriers, "✈", user.can(Perm::ManageCouriers)),
        ("/team", s.nav_team, "☷", user.can(Perm::ViewTeam)),
        ("/commissions", crate::commissions::text::text(use_lang()).title, "％", user.can(Perm::ViewCommissions)),
        ("/account", s.nav_account, "☺", true),
    ];
    // Open low-stock alerts, counted once per page load for those who keep the stock, in the
    // browser only. Not a resource: a local resource never resolves on the server and held the
    // page's Suspense open there, so every page of the boss and the warehouse was sent as a
    // spinner and drawn only once the wasm had loaded (first paint ~10 s on slow 4G).
    let alerts = user.can(Perm::MoveStock).then(|| {
        let count = RwSignal::new(None::<i64>);
        Effect::new(move |_| {
            leptos::task::spawn_local(async move {
                if let Ok(n) = crate::inventory::api::open_alert_count().await {
                    count.set(Some(n));
                }
            });
        });
        count
    });
    let links = items
        .into_iter()
        .filter(|i| i.3)
        .map(|(href, label, icon, _)| {
            let active = move || {
                let p = location.pathname.get();
                if href == "/" { p == "/" } else { p.starts_with(href) }
            };
            let badge = (href == "/inventory").then_some(alerts).flatten().map(|r| {
                move || match r.get() {
                    Some(n) if n > 0 => Some(view! {
                        <span class="nav-badge" data-testid="alert-badge" title=crate::inventory::text::text(use_lang()).low_alerts>{n}</span>
                    }),
                    _ => None,
                }
            });
            view! {
                <A href=href attr:class=move || if active() { "nav-item active" } else { "nav-item" }>
                    <span class="nav-icon" aria-hidden="true">{icon}</span>
                    <span class="nav-label">{label}</span>
                    {badge}
                </A>
            }
        })
        .collect_view();
    view! { <nav class="nav" aria-label="main">{links}</nav> }
}

#[component]
pub fn NotFoundPage() -> impl IntoView {
    crate::ui::widgets::page_hydrated();
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <SessionGate>
            {move || {
                let s = use_common();
                view! {
                    <div class="centered">
                        <div class="card narrow">
                            <h1>"404 · " {s.not_found_title}</h1>
                            <p>{s.not_found_body}</p>
                            <a class="button" href="/">{s.go_home}</a>
                        </div>
                    </div>
                }
            }}
        </SessionGate>
    }
}
