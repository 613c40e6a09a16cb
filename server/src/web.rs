//! The web server: Leptos routes and server functions, static files, the login guard.

use app::state::{AppState, Db, Settings};
use app::{shell, App};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

pub fn router(db: Db, leptos_options: LeptosOptions, settings: Settings) -> Router {
    let state = AppState { db, leptos_options, settings };
    let routes = generate_route_list(App);
    let ctx_state = state.clone();
    Router::new()
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(ctx_state.clone()),
            {
                let options = state.leptos_options.clone();
                move || shell(options.clone())
            },
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(middleware::from_fn_with_state(state.clone(), login_guard))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(CompressionLayer::new())
        .with_state(state)
}

/// Pages (not server functions or files) need a session: visitors go to /login,
/// signed-in users asking for /login go home. Server functions check for themselves.
/// Also sets the caching policy of every response.
async fn login_guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let is_page = req.method() == Method::GET
        && !path.starts_with("/rpc/")
        && !path.starts_with("/pkg/")
        && !path.rsplit('/').next().unwrap_or_default().contains('.');
    if !is_page {
        // Server-function answers are one user's data; static files have stable names, so
        // the browser must revalidate them (a cheap 304) or it could pair new HTML with old wasm.
        let policy = if path.starts_with("/rpc/") { "private, no-store" } else { "no-cache" };
        let mut res = next.run(req).await;
        res.headers_mut().entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static(policy));
        return res;
    }
    let caller = match app::ctx::cookie_in(req.headers(), app::ctx::SESSION_COOKIE) {
        Some(token) => app::auth::service::caller_for_token(&state.db, &token).await.ok().flatten(),
        None => None,
    };
    match (path == "/login", caller) {
        (true, Some(_)) => Redirect::to("/").into_response(),
        (false, None) => Redirect::to("/login").into_response(),
        (_, caller) => {
            let mut req = req;
            if let Some(c) = caller {
                // The page's server functions find the caller here (see app::ctx::caller).
                req.extensions_mut().insert(c);
            }
            let mut res = next.run(req).await;
            // Pages carry one user's data: never store them in shared caches.
            res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
            res
        }
    }
}
