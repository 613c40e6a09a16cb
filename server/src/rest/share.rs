//! The share pages' public files: a product's picture and the Moments poster of a product on
//! an agent's page (SVG). No sign-in; each is counted against the client's address like a
//! view of the page.

use app::ctx::ClientAddr;
use app::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;

fn addr(a: Option<Extension<ClientAddr>>) -> String {
    a.map(|Extension(a)| a.0).unwrap_or_default()
}

fn refusal(e: app::error::AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], e.message(app::i18n::Lang::Zh)).into_response()
}

/// `GET /s/img/{product_id}`: the product's picture.
pub async fn image(State(state): State<AppState>, client: Option<Extension<ClientAddr>>, Path(product_id): Path<i64>) -> Response {
    match app::intake::service_share::image(&state.db, product_id, &addr(client)).await {
        Ok((content_type, bytes)) => {
            ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=300".to_string())], bytes).into_response()
        }
        Err(e) => refusal(e),
    }
}

/// `GET /s/{code}/poster/{product_id}`: the poster as SVG, the QR code pointing at this
/// server's address as the request named it (https when the server runs with secure cookies).
pub async fn poster(State(state): State<AppState>, client: Option<Extension<ClientAddr>>, headers: HeaderMap, Path((code, product_id)): Path<(String, i64)>) -> Response {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let scheme = if state.settings.secure_cookies { "https" } else { "http" };
    let origin = format!("{scheme}://{host}");
    match app::intake::service_share::poster(&state.db, &code, product_id, &origin, &addr(client)).await {
        Ok(svg) => (
            [
                (header::CONTENT_TYPE, "image/svg+xml; charset=utf-8".to_string()),
                (header::CONTENT_DISPOSITION, format!("inline; filename=\"poster-{product_id}.svg\"")),
                (header::CACHE_CONTROL, "no-cache".to_string()),
            ],
            svg,
        )
            .into_response(),
        Err(e) => refusal(e),
    }
}
