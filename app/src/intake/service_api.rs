//! The REST intake API's use cases (ssr only; the HTTP side is `server/src/rest`).
//!
//! Every request is signed: `X-ZG-Key` (the key id), `X-ZG-Timestamp` (epoch seconds, within
//! 5 minutes of the server's clock) and `X-ZG-Signature` = hex HMAC-SHA256 with the key's
//! secret over `METHOD\npath\ntimestamp\nsha256-hex(body)`. A signature is accepted once
//! (replays are refused). A POST with an `Idempotency-Key` gets the first answer again when
//! retried (re-signed) with the same body, and creates one order.

use super::db;
use super::logic::{check_timestamp, string_to_sign, IntakeError, MAX_SKEW_MS};
use super::rest::{ApiAddress, ApiCreated, ApiError, ApiNewOrder, ApiOrder, ApiOrderLine, ApiOrderPage};
use crate::auth::{self, Caller, Origin};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::orders::service::{Created, Intake};
use crate::orders::{Channel, NewOrder, NewOrderLine, OrderDetail, OrderFilter, OrderId, OrderSummary};
use crate::page::{Cursor, Seek};
use crate::state::Db;
use crate::time::now_ms;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// The signature headers of a request, as sent.
#[derive(Clone, Debug, Default)]
pub struct Signed<'a> {
    pub method: &'a str,
    /// Path and query, as requested (`/api/v1/orders?after=…`).
    pub path: &'a str,
    pub key: Option<&'a str>,
    pub timestamp: Option<&'a str>,
    pub signature: Option<&'a str>,
    pub body: &'a [u8],
}

/// Hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The signature a client sends (hex HMAC-SHA256 of [`string_to_sign`]); also for tests and
/// the README's example client.
pub fn sign(secret: &str, method: &str, path: &str, timestamp: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(string_to_sign(method, path, timestamp, &sha256_hex(body)).as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The caller behind a signed request: the key must exist and be unrevoked, the timestamp
/// fresh, the signature right (compared in constant time) and never seen before.
pub async fn authenticate(db: &Db, r: &Signed<'_>) -> AppResult<Caller> {
    let header = |name: &str, v: Option<&str>| v.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).ok_or(IntakeError::BadHeader { name: name.into() });
    let key = header("X-ZG-Key", r.key).map_err(|_| AppError::Unauthenticated)?;
    let ts = header("X-ZG-Timestamp", r.timestamp)?;
    let sig = header("X-ZG-Signature", r.signature)?;
    let now = now_ms();
    check_timestamp(&ts, now)?;
    let Some((caller, secret)) = auth::service::caller_for_api_key(db, &key).await? else {
        return Err(AppError::Unauthenticated);
    };
    let given = hex::decode(sig.to_ascii_lowercase()).map_err(|_| IntakeError::BadSignature)?;
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).map_err(AppError::internal)?;
    mac.update(string_to_sign(r.method, r.path, &ts, &sha256_hex(r.body)).as_bytes());
    mac.verify_slice(&given).map_err(|_| IntakeError::BadSignature)?;
    let mut tx = db.begin_write().await?;
    if !db::remember_signature(&mut tx, &sig.to_ascii_lowercase(), key_row(&caller)?, now).await? {
        return Err(IntakeError::Replayed.into());
    }
    tx.commit().await?;
    Ok(caller)
}

fn key_row(caller: &Caller) -> AppResult<i64> {
    match caller.origin() {
        Origin::ApiKey { key_id } => Ok(*key_id),
        _ => Err(AppError::Forbidden),
    }
}

/// An error as the API answers it: (HTTP status, body). Authentication faults are 401.
pub fn error_body(e: &AppError, lang: Lang) -> (u16, ApiError) {
    let status = match e.fault() {
        Some(crate::error::Fault::Intake(i)) if i.is_auth() => 401,
        _ => e.status(),
    };
    let body = ApiError { code: e.code(), message: e.message(lang), field: e.field().map(str::to_string), params: e.fault().map(|f| f.params()) };
    (status, body)
}

fn api_order(s: OrderSummary, detail: Option<&OrderDetail>) -> ApiOrder {
    ApiOrder {
        id: s.id.0,
        order_no: s.order_no,
        status: s.status.code().into(),
        channel: s.channel.code().into(),
        agent_name: s.agent_name,
        recipient_name: s.recipient_name,
        mobile: s.mobile,
        address: detail.map(|d| d.address.clone()),
        total: plain(s.total),
        created_at: s.created_at,
        items: detail.map(|d| {
            d.lines
                .iter()
                .map(|l| ApiOrderLine {
                    sku_code: l.sku_code.clone(),
                    name: crate::inventory::sku_label(&l.product_name, &l.color, &l.size),
                    qty: l.qty,
                    unit_price: plain(l.unit_price),
                    line_total: plain(l.line_total),
                })
                .collect()
        }),
    }
}

/// `59.80`: yuan with two decimals, no sign or separators.
fn plain(m: crate::money::Money) -> String {
    let fen = m.to_fen();
    format!("{}{}.{:02}", if fen < 0 { "-" } else { "" }, fen.unsigned_abs() / 100, fen.unsigned_abs() % 100)
}

pub async fn get_order(db: &Db, caller: &Caller, id: i64) -> AppResult<ApiOrder> {
    let d = crate::orders::service::get_order(db, caller, OrderId(id)).await?;
    Ok(api_order(d.summary.clone(), Some(&d)))
}

/// A page of the orders in the key's scope, newest first, after the cursor `after`.
pub async fn list_orders(db: &Db, caller: &Caller, after: Option<&str>) -> AppResult<ApiOrderPage> {
    let seek = match after {
        Some(a) => Seek::After(Cursor::decode(a).ok_or_else(|| AppError::BadRequest { detail: "after".into() })?),
        None => Seek::First,
    };
    let page = crate::orders::service::list_orders(db, caller, &OrderFilter { seek, ..Default::default() }).await?;
    Ok(ApiOrderPage { next: page.next.map(Cursor::encode), orders: page.rows.into_iter().map(|s| api_order(s, None)).collect() })
}

pub fn parse_address(text: &str) -> AppResult<ApiAddress> {
    let p = super::service::parse_text(text)?;
    Ok(ApiAddress {
        name: p.name,
        mobile: p.mobile,
        phone: p.phone,
        province: p.province,
        city: p.city,
        district: p.district,
        street: p.street,
        postcode: p.postcode,
        code: p.code,
        unsure: p.unsure,
    })
}

/// The order a request describes, with SKUs found by code or barcode.
async fn new_order(db: &Db, caller: &Caller, input: &ApiNewOrder) -> AppResult<(NewOrder, Option<String>)> {
    let agent_id = match (input.agent_id, caller.role()) {
        (Some(a), _) => a,
        (None, auth::Role::Agent) => caller.id(),
        (None, _) => return Err(crate::orders::OrderError::AgentRequired.into()),
    };
    if !auth::service::is_agent_in_scope(db, caller, agent_id).await? {
        return Err(crate::orders::OrderError::AgentRequired.into());
    }
    let channel = match input.channel.as_deref() {
        None => Channel::MiniProgram,
        Some(c) => Channel::parse(c).ok_or(crate::error::CommonError::BadChoice { field: "channel".into() })?,
    };
    let external = input.external_no.as_deref().map(str::trim).filter(|s| !s.is_empty());
    if let Some(e) = external {
        crate::orders::logic::bounded_text("external_no", e, 64, true)?;
    }
    let mut lines = Vec::with_capacity(input.items.len());
    if input.items.len() > crate::orders::logic::MAX_LINES {
        return Err(crate::orders::OrderError::TooManyLines { max: crate::orders::logic::MAX_LINES as u32 }.into());
    }
    let keys: Vec<String> = input.items.iter().map(|i| i.sku_code.trim().to_uppercase()).collect();
    let found = db::skus_by_keys(&mut *db.pool.acquire().await?, &keys).await?;
    for (item, key) in input.items.iter().zip(&keys) {
        let sku = found.iter().find(|s| s.code == *key || s.barcode.as_deref() == Some(key.as_str())).ok_or(crate::orders::OrderError::UnknownItem)?;
        lines.push(NewOrderLine { sku_id: sku.id, qty: item.qty });
    }
    let order = NewOrder {
        agent_id,
        customer_name: input.recipient_name.as_str().into(),
        mobile: input.mobile.as_str().into(),
        address: input.address.as_str().into(),
        channel,
        lines,
        coupon_code: Default::default(),
    };
    Ok((order, external.map(str::to_string)))
}

/// Create an order. With an Idempotency-Key the first answer (success or refusal) is stored
/// and returned again for a retry with the same body; a retry with another body is refused.
/// A success is stored in the order's own transaction, so a retry can never create a second
/// order. Without the header, a known `external_no` of the channel answers the existing
/// order with `created: false`.
pub async fn create_order(db: &Db, caller: &Caller, idem_key: Option<&str>, body: &[u8]) -> AppResult<(u16, String)> {
    let key_id = key_row(caller)?;
    let idem = idem_key.map(str::trim).filter(|k| !k.is_empty());
    if idem.is_some_and(|k| k.len() > 64) {
        return Err(IntakeError::BadHeader { name: "Idempotency-Key".into() }.into());
    }
    let hash = sha256_hex(body);
    let mut tx = db.begin_write().await?;
    if let Some(k) = idem {
        // Claim the key; on PostgreSQL a concurrent twin waits here until this one ends.
        db::store_idempotent(&mut tx, key_id, k, &hash, 0, "", now_ms()).await?;
        if let Some((stored_hash, status, body)) = db::idempotent(&mut tx, key_id, k).await? {
            if status != 0 {
                return if stored_hash == hash { Ok((status as u16, body)) } else { Err(IntakeError::IdempotencyMismatch.into()) };
            }
        }
    }
    let refusal = match create_in(db, &mut tx, caller, body).await {
        Ok(c) => {
            let answer = (if c.created { 201 } else { 200 }, serde_json::to_string(&c).map_err(AppError::internal)?);
            if let Some(k) = idem {
                db::finish_idempotent(&mut tx, key_id, k, i64::from(answer.0), &answer.1).await?;
            }
            tx.commit().await?;
            return Ok(answer);
        }
        Err(e @ AppError::Internal { .. }) => return Err(e),
        Err(e) => e,
    };
    // A refusal changes nothing (its transaction is dropped); its answer is remembered too.
    drop(tx);
    let (status, err) = error_body(&refusal, caller.lang());
    let answer = (status, serde_json::to_string(&err).map_err(AppError::internal)?);
    if let Some(k) = idem {
        let mut tx = db.begin_write().await?;
        db::store_idempotent(&mut tx, key_id, k, &hash, i64::from(status), &answer.1, now_ms()).await?;
        tx.commit().await?;
    }
    Ok(answer)
}

async fn create_in(db: &Db, tx: &mut crate::state::Tx, caller: &Caller, body: &[u8]) -> AppResult<ApiCreated> {
    let input: ApiNewOrder = serde_json::from_slice(body).map_err(|e| AppError::BadRequest { detail: e.to_string().chars().take(200).collect() })?;
    let (order, external) = new_order(db, caller, &input).await?;
    let intake = Intake { external_no: external.as_deref(), note: "api", ..Default::default() };
    let (created, id) = match crate::orders::service::create_in(tx, caller, &order, &intake).await? {
        Created::New(id, _) => (true, id),
        Created::Known(id, _) => (false, id),
    };
    let d = crate::orders::service::detail_in(tx, caller, id).await?;
    Ok(ApiCreated { created, order: api_order(d.summary.clone(), Some(&d)) })
}

/// The clock window a signature is remembered for (twice the allowed skew).
pub const REMEMBER_MS: i64 = 2 * MAX_SKEW_MS;
