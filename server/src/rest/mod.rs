//! The REST intake API (`/api/v1`) for a mini-program or another shop: create, get and list
//! orders, read an address from text. Every request is signed with an API key the boss
//! made (see `app::intake::service_api` for the scheme); answers and errors are JSON, errors
//! as `{"code", "message", "field"?, "params"?}` with a stable code. The OpenAPI 3 document
//! is generated from the handlers and the body types (`utoipa`) at `/api/v1/openapi.json`.
//! Also the share pages' public files: posters and product pictures ([`share`]).

pub mod share;

use app::auth::Caller;
use app::ctx::ClientAddr;
use app::intake::rest::{ApiAddress, ApiCreated, ApiError, ApiItem, ApiNewOrder, ApiOrder, ApiOrderLine, ApiOrderPage, ApiParseInput};
use app::intake::service_api::{self, Signed};
use app::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use utoipa::OpenApi;

/// The API's routes (merged into the web router, under its middleware).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/orders", post(create_order).get(list_orders))
        .route("/api/v1/orders/{id}", get(get_order))
        .route("/api/v1/address/parse", post(parse_address))
        .route("/api/v1/openapi.json", get(openapi))
        .route("/s/img/{product_id}", get(share::image))
        .route("/s/{code}/poster/{product_id}", get(share::poster))
}

#[derive(OpenApi)]
#[openapi(
    info(title = "微掌柜 Zhanggui intake API", version = "1", description = "Push orders from a mini-program or another shop. \
        Sign every request: X-ZG-Key (key id), X-ZG-Timestamp (epoch seconds), X-ZG-Signature = hex HMAC-SHA256(secret, \
        METHOD + \"\\n\" + path + \"\\n\" + timestamp + \"\\n\" + hex SHA-256 of the body). A signature is accepted once; \
        the timestamp must be within 5 minutes. POST /api/v1/orders takes an Idempotency-Key header."),
    paths(create_order, list_orders, get_order, parse_address),
    components(schemas(ApiNewOrder, ApiItem, ApiOrder, ApiOrderLine, ApiCreated, ApiOrderPage, ApiParseInput, ApiAddress, ApiError))
)]
pub struct ApiDoc;

/// The OpenAPI 3 document of the API.
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

async fn openapi() -> Response {
    match document().to_pretty_json() {
        Ok(json) => json_response(StatusCode::OK, json),
        Err(e) => app::error::AppError::internal(e).into_api(app::i18n::Lang::Zh),
    }
}

fn json_response(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json; charset=utf-8")], body).into_response()
}

trait IntoApi {
    fn into_api(self, lang: app::i18n::Lang) -> Response;
}

impl IntoApi for app::error::AppError {
    fn into_api(self, lang: app::i18n::Lang) -> Response {
        let (status, body) = service_api::error_body(&self, lang);
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        json_response(status, serde_json::to_string(&body).unwrap_or_default())
    }
}

fn ok<T: serde::Serialize>(status: StatusCode, value: &T) -> Response {
    json_response(status, serde_json::to_string(value).unwrap_or_default())
}

/// Authenticate a signed request, or the JSON error to answer with.
async fn caller(state: &AppState, method: &Method, uri: &Uri, headers: &HeaderMap, body: &[u8]) -> Result<Caller, Response> {
    let h = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let signed = Signed {
        method: method.as_str(),
        path: uri.path_and_query().map(|p| p.as_str()).unwrap_or(uri.path()),
        key: h("x-zg-key"),
        timestamp: h("x-zg-timestamp"),
        signature: h("x-zg-signature"),
        body,
    };
    service_api::authenticate(&state.db, &signed).await.map_err(|e| e.into_api(app::i18n::Lang::Zh))
}

/// Create an order (待付款) for an agent in the key's scope.
#[utoipa::path(
    post,
    path = "/api/v1/orders",
    request_body = ApiNewOrder,
    params(
        ("X-ZG-Key" = String, Header, description = "API key id (zk_…)"),
        ("X-ZG-Timestamp" = String, Header, description = "Epoch seconds"),
        ("X-ZG-Signature" = String, Header, description = "Hex HMAC-SHA256"),
        ("Idempotency-Key" = Option<String>, Header, description = "Up to 64 characters; a retry with the same key and body gets the first answer")
    ),
    responses(
        (status = 201, description = "Created", body = ApiCreated),
        (status = 200, description = "The channel's external_no was known: the existing order", body = ApiCreated),
        (status = 401, description = "Unsigned, unknown or revoked key, bad signature, stale timestamp, replay", body = ApiError),
        (status = 409, description = "Idempotency-Key used with another body", body = ApiError),
        (status = 422, description = "Invalid order (field and code say why)", body = ApiError)
    )
)]
async fn create_order(State(state): State<AppState>, method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let c = match caller(&state, &method, &uri, &headers, &body).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let idem = headers.get("idempotency-key").and_then(|v| v.to_str().ok());
    match service_api::create_order(&state.db, &c, idem, &body).await {
        Ok((status, body)) => json_response(StatusCode::from_u16(status).unwrap_or(StatusCode::OK), body),
        Err(e) => e.into_api(c.lang()),
    }
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
struct ListQuery {
    /// The `next` cursor of the previous page.
    after: Option<String>,
}

/// Orders in the key's scope, newest first, 20 a page.
#[utoipa::path(
    get,
    path = "/api/v1/orders",
    params(ListQuery, ("X-ZG-Key" = String, Header, description = "API key id"), ("X-ZG-Timestamp" = String, Header, description = "Epoch seconds"), ("X-ZG-Signature" = String, Header, description = "Hex HMAC-SHA256 over an empty body")),
    responses((status = 200, body = ApiOrderPage), (status = 401, body = ApiError))
)]
async fn list_orders(State(state): State<AppState>, method: Method, uri: Uri, headers: HeaderMap) -> Response {
    let c = match caller(&state, &method, &uri, &headers, b"").await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let q: ListQuery = match axum::extract::Query::try_from_uri(&uri) {
        Ok(axum::extract::Query(q)) => q,
        Err(_) => return app::error::AppError::BadRequest { detail: "query".into() }.into_api(c.lang()),
    };
    match service_api::list_orders(&state.db, &c, q.after.as_deref()).await {
        Ok(page) => ok(StatusCode::OK, &page),
        Err(e) => e.into_api(c.lang()),
    }
}

/// One order with its lines; another line's order answers 404 like a missing one.
#[utoipa::path(
    get,
    path = "/api/v1/orders/{id}",
    params(("id" = i64, Path, description = "Order id"), ("X-ZG-Key" = String, Header, description = "API key id"), ("X-ZG-Timestamp" = String, Header, description = "Epoch seconds"), ("X-ZG-Signature" = String, Header, description = "Hex HMAC-SHA256 over an empty body")),
    responses((status = 200, body = ApiOrder), (status = 401, body = ApiError), (status = 404, body = ApiError))
)]
async fn get_order(State(state): State<AppState>, method: Method, uri: Uri, headers: HeaderMap, Path(id): Path<i64>) -> Response {
    let c = match caller(&state, &method, &uri, &headers, b"").await {
        Ok(c) => c,
        Err(r) => return r,
    };
    match service_api::get_order(&state.db, &c, id).await {
        Ok(o) => ok(StatusCode::OK, &o),
        Err(e) => e.into_api(c.lang()),
    }
}

/// Read name, mobile, landline, province/city/district, street, postcode and the county's
/// 6-digit code from a pasted message (智能识别).
#[utoipa::path(
    post,
    path = "/api/v1/address/parse",
    request_body = ApiParseInput,
    params(("X-ZG-Key" = String, Header, description = "API key id"), ("X-ZG-Timestamp" = String, Header, description = "Epoch seconds"), ("X-ZG-Signature" = String, Header, description = "Hex HMAC-SHA256")),
    responses((status = 200, body = ApiAddress), (status = 401, body = ApiError), (status = 422, body = ApiError))
)]
async fn parse_address(State(state): State<AppState>, method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let c = match caller(&state, &method, &uri, &headers, &body).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let input: ApiParseInput = match serde_json::from_slice(&body) {
        Ok(i) => i,
        Err(e) => return app::error::AppError::BadRequest { detail: e.to_string().chars().take(200).collect() }.into_api(c.lang()),
    };
    match service_api::parse_address(&input.text) {
        Ok(a) => ok(StatusCode::OK, &a),
        Err(e) => e.into_api(c.lang()),
    }
}

/// The client's address as the accept loop resolved it.
pub fn client_addr(req: &Request) -> String {
    req.extensions().get::<ClientAddr>().map(|a| a.0.clone()).unwrap_or_default()
}
