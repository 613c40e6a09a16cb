//! The web app: Leptos pages and server functions, static files, health probes, and the
//! middleware that guards them (login guard, same-origin check, security headers, limits).

use crate::security::{self, Security};
use app::auth::Caller;
use app::ctx::ClientAddr;
use app::state::{AppState, Db, Settings};
use app::{shell, App};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

/// Every request gets an id (kept from a proxy's `x-request-id` if it set one), logged with
/// the request and returned in the response, so a user's report can be found in the logs.
const REQUEST_ID: axum::http::HeaderName = axum::http::HeaderName::from_static("x-request-id");

#[derive(Clone, Copy)]
struct NewRequestId;

impl MakeRequestId for NewRequestId {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        let id = format!("{:016x}", rand::random::<u64>());
        HeaderValue::from_str(&id).ok().map(RequestId::new)
    }
}

/// Largest request body: generous for forms and JSON, small enough that a flood of large
/// bodies cannot exhaust memory. (Imports get their own, larger limit.)
pub const BODY_LIMIT: usize = 1024 * 1024;
/// Server functions that carry a whole file (base64 of at most 20 MB) and their limit.
pub const UPLOAD_PATHS: [&str; 1] = ["/rpc/upload_file"];
pub const UPLOAD_LIMIT: usize = 28 * 1024 * 1024;

/// The body limit of a path.
pub fn body_limit(path: &str) -> usize {
    if UPLOAD_PATHS.contains(&path) { UPLOAD_LIMIT } else { BODY_LIMIT }
}
/// A request (headers read to response ready) may take at most this long.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

pub fn router(db: Db, leptos_options: LeptosOptions, settings: Settings, sec: Security) -> Router {
    let state = AppState { db, leptos_options, settings };
    let routes = generate_route_list(App);
    let ctx_state = state.clone();
    let context = move || provide_context(ctx_state.clone());
    let site_root = state.leptos_options.site_root.to_string();
    let page_404 = leptos_axum::render_app_to_stream_with_context(context.clone(), {
        let options = state.leptos_options.clone();
        move || shell(options.clone())
    });
    // Built assets are precompressed (brotli, gzip) at build time; ServeDir picks the file
    // matching Accept-Encoding. A missing file is a bare 404, never a page with session data.
    let files = ServeDir::new(&site_root).precompressed_br().precompressed_gzip().append_index_html_on_directories(false);
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .leptos_routes_with_context(&state, routes, context, {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(move |req: Request| {
            let files = files.clone();
            let page_404 = page_404.clone();
            async move {
                if is_page_path(req.uri().path()) && req.method() == Method::GET {
                    page_404(req).await.into_response()
                } else {
                    tower::ServiceExt::oneshot(files, req).await.map(IntoResponse::into_response).unwrap_or_else(|e| match e {})
                }
            }
        })
        .layer(middleware::from_fn_with_state(state.clone(), login_guard))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn_with_state(sec.clone(), security::same_origin))
        .layer(middleware::from_fn_with_state(sec, security::headers))
        .layer(middleware::from_fn(limit_body))
        .layer(RequestBodyLimitLayer::new(UPLOAD_LIMIT))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        .layer(CatchPanicLayer::new())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request| {
                    let id = req.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or_default();
                    tracing::info_span!("request", id = %id, method = %req.method(), path = %req.uri().path())
                })
                .on_request(())
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, NewRequestId))
        .with_state(state)
}

/// Bodies beyond the path's limit are refused (413) before anything reads them; a body
/// without a length is cut off at the limit while it is read.
async fn limit_body(req: Request, next: Next) -> Response {
    let limit = body_limit(req.uri().path());
    let declared = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    }
    let (parts, body) = req.into_parts();
    next.run(Request::from_parts(parts, Body::new(http_body_util::Limited::new(body, limit)))).await
}

/// A path a person navigates to (as opposed to a file, a server function or an API route).
pub fn is_page_path(path: &str) -> bool {
    !path.starts_with("/rpc/")
        && !path.starts_with("/api/")
        && !path.starts_with("/pkg/")
        && !path.rsplit('/').next().unwrap_or_default().contains('.')
}

/// The process is up.
async fn healthz() -> &'static str {
    "ok"
}

/// The database answers and every migration this binary knows is applied.
async fn readyz(State(state): State<AppState>) -> Response {
    match crate::db::ready(&state.db).await {
        Ok(()) => "ready".into_response(),
        Err(e) => (StatusCode::SERVICE_UNAVAILABLE, format!("not ready: {e}")).into_response(),
    }
}

/// Pages need a session: visitors go to /login, signed-in users asking for /login go to
/// their home. Server functions check for themselves. Also sets every response's caching:
/// anything personal is `private, no-store`; static files revalidate (or are immutable
/// when their names carry a content hash).
async fn login_guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    if req.method() != Method::GET || !is_page_path(&path) || path == "/healthz" || path == "/readyz" {
        let policy = if path.starts_with("/pkg/") && security::is_hashed_asset(&path) {
            "public, max-age=31536000, immutable"
        } else if path.starts_with("/pkg/") || (!path.starts_with("/rpc/") && !path.starts_with("/api/") && path.contains('.')) {
            "no-cache"
        } else {
            "private, no-store"
        };
        let mut res = next.run(req).await;
        res.headers_mut().entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static(policy));
        return res;
    }
    let caller = match app::ctx::cookie_in(req.headers(), app::ctx::session_cookie(&state.settings)) {
        Some(token) => app::auth::service::caller_for_token(&state.db, &state.settings.session, &token).await.ok().flatten(),
        None => None,
    };
    match (path == "/login", caller) {
        (true, Some(c)) => Redirect::to(c.role().home()).into_response(),
        (false, None) => Redirect::to("/login").into_response(),
        (_, caller) => {
            let mut req = req;
            if let Some(c) = caller {
                // The page's server functions find the caller here (see app::ctx).
                req.extensions_mut().insert::<Caller>(c);
            }
            let mut res = next.run(req).await;
            res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
            res
        }
    }
}

/// Put the client's address into the request (for throttling and logs).
pub fn with_client_addr(mut req: Request<Body>, addr: String) -> Request<Body> {
    req.extensions_mut().insert(ClientAddr(addr));
    req
}
