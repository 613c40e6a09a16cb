//! Agents' share pages (O1), ssr only: each agent's public page `/s/<code>` with the team's
//! products and prices and a simple order form, its Moments posters, product pictures.
//!
//! The public side shows the agent's display name and the products, nothing of any customer.
//! Abuse guard without a captcha: a hidden honeypot field, and per-address limits on views
//! and orders (counted in the database, so several servers share them). Orders land with
//! the agent as 待付款, channel 朋友圈/分享, entered "by" the agent (its history says so).

use super::db::{self, ShareSkuRow};
use super::logic::{check_image, is_share_code, required, share_code, IntakeError, Limit};
use super::poster::{poster_svg, PosterInput};
use super::{ImageUpload, ShareAdmin, ShareOrder, ShareProduct, ShareReceipt, ShareSku, ShareView};
use crate::auth::{self, Caller, Perm, Role};
use crate::error::{AppError, AppResult};
use crate::money::Money;
use crate::orders::service::{Created, Intake};
use crate::orders::{Channel, NewOrder};
use crate::state::Db;
use crate::time::now_ms;
use rand::RngCore;
use sqlx::AnyConnection;

/// The agent whose page the caller manages: its own for an agent (or one of its line when
/// asked), any agent for the boss.
async fn agent_for(db: &Db, caller: &Caller, agent_id: Option<i64>) -> AppResult<i64> {
    caller.require(Perm::CreateOrder)?;
    let id = match (agent_id, caller.role()) {
        (Some(a), _) => a,
        (None, Role::Agent) => caller.id(),
        (None, _) => return Err(crate::orders::OrderError::AgentRequired.into()),
    };
    if !auth::service::is_agent_in_scope(db, caller, id).await? {
        return Err(AppError::NotFound);
    }
    Ok(id)
}

/// An agent's share page for its owner (made on first use), with the products it shows.
pub async fn admin(db: &Db, caller: &Caller, agent_id: Option<i64>) -> AppResult<ShareAdmin> {
    let agent = agent_for(db, caller, agent_id).await?;
    let mut conn = db.pool.acquire().await?;
    if db::share_by_agent(&mut conn, agent).await?.is_none() {
        drop(conn);
        new_code(db, agent).await?;
        conn = db.pool.acquire().await?;
    }
    let (agent_id, code, active, agent_name, _) = db::share_by_agent(&mut conn, agent).await?.ok_or(AppError::NotFound)?;
    let products = products(&mut conn, None).await?;
    Ok(ShareAdmin {
        agent_id,
        agent_name,
        path: format!("/s/{code}"),
        code,
        active: active == 1,
        products,
        can_edit_images: caller.role().can(Perm::ManageProducts),
    })
}

/// Give the agent a new random code (the old link and posters stop working).
async fn new_code(db: &Db, agent: i64) -> AppResult<()> {
    for _ in 0..5 {
        let mut raw = [0u8; 8];
        rand::rngs::OsRng.fill_bytes(&mut raw);
        let mut tx = db.begin_write().await?;
        if db::set_share_code(&mut tx, agent, &share_code(raw), now_ms()).await? {
            tx.commit().await?;
            return Ok(());
        }
    }
    Err(AppError::internal("no free share code after 5 tries"))
}

/// A new link for the agent's page: the old one (and its posters) stop working.
pub async fn reset_code(db: &Db, caller: &Caller, agent_id: Option<i64>) -> AppResult<ShareAdmin> {
    let agent = agent_for(db, caller, agent_id).await?;
    new_code(db, agent).await?;
    let mut tx = db.begin_write().await?;
    crate::audit::record(&mut tx, caller.actor(), "share_page", Some(agent), "new_code", "", now_ms()).await?;
    tx.commit().await?;
    admin(db, caller, Some(agent)).await
}

/// Open or close the agent's page (a closed page answers like a missing one).
pub async fn set_active(db: &Db, caller: &Caller, agent_id: Option<i64>, active: bool) -> AppResult<()> {
    let agent = agent_for(db, caller, agent_id).await?;
    admin(db, caller, Some(agent)).await?;
    let mut tx = db.begin_write().await?;
    db::set_share_active(&mut tx, agent, active).await?;
    crate::audit::record(&mut tx, caller.actor(), "share_page", Some(agent), if active { "open" } else { "close" }, "", now_ms()).await?;
    tx.commit().await?;
    Ok(())
}

async fn products(conn: &mut AnyConnection, product: Option<i64>) -> AppResult<Vec<ShareProduct>> {
    let rows = db::share_skus(conn, product).await?;
    let mut out: Vec<ShareProduct> = Vec::new();
    for r in rows {
        let ShareSkuRow { product_id, name, has_image, sku_id, color, size, price_fen, qty } = r;
        let variant = [color, size].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" / ");
        let sku = ShareSku { sku_id, variant, price: Money::from_fen(price_fen), in_stock: qty > 0 };
        match out.last_mut() {
            Some(p) if p.product_id == product_id => {
                if sku.price < p.from_price {
                    p.from_price = sku.price;
                }
                p.skus.push(sku);
            }
            _ => out.push(ShareProduct { product_id, name, has_image: has_image == 1, from_price: sku.price, skus: vec![sku] }),
        }
    }
    Ok(out)
}

/// Count one hit of `kind` from `addr`; too many in the window answers 429.
async fn hit(db: &Db, kind: &str, addr: &str, limit: Limit) -> AppResult<()> {
    let key = format!("{kind}:{}", addr.chars().take(64).collect::<String>());
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let (hits, start) = db::throttle(&mut tx, &key).await?.unwrap_or((0, now));
    match limit.admit(hits, start, now) {
        Ok((hits, start)) => {
            db::set_throttle(&mut tx, &key, hits, start).await?;
            tx.commit().await?;
            Ok(())
        }
        Err(wait) => Err(AppError::TooManyAttempts { retry_after_secs: wait }),
    }
}

/// (agent id, display name, code) of an open page of an active agent; anything else is 404.
async fn open_page(conn: &mut AnyConnection, code: &str) -> AppResult<(i64, String, String)> {
    if !is_share_code(code) {
        return Err(AppError::NotFound);
    }
    match db::share_by_code(conn, code).await? {
        Some((agent, code, 1, name, 1)) => Ok((agent, name, code)),
        _ => Err(AppError::NotFound),
    }
}

/// The public page (no sign-in), counted against the visitor's address.
pub async fn public_view(db: &Db, code: &str, addr: &str) -> AppResult<ShareView> {
    hit(db, "view", addr, Limit::SHARE_VIEWS).await?;
    let mut conn = db.pool.acquire().await?;
    let (_, agent_name, code) = open_page(&mut conn, code).await?;
    Ok(ShareView { code, agent_name, products: products(&mut conn, None).await? })
}

/// The paste parser for the public form, counted like a view.
pub async fn public_parse(db: &Db, code: &str, text: &str, addr: &str) -> AppResult<super::ParsedContact> {
    hit(db, "view", addr, Limit::SHARE_VIEWS).await?;
    let mut conn = db.pool.acquire().await?;
    open_page(&mut conn, code).await?;
    drop(conn);
    super::service::parse_text(text)
}

/// An order from the public page: the honeypot must be empty and the address within its
/// hourly limit; the order goes to the page's agent as 待付款, channel 朋友圈/分享.
pub async fn place_order(db: &Db, input: &ShareOrder, addr: &str) -> AppResult<ShareReceipt> {
    if !input.website.trim().is_empty() {
        return Err(IntakeError::SpamSuspected.into());
    }
    let (agent, _, _) = open_page(&mut *db.pool.acquire().await?, &input.code).await?;
    hit(db, "order", addr, Limit::SHARE_ORDERS).await?;
    let name = required("customer_name", &input.name, crate::orders::logic::MAX_NAME)?;
    let address = required("address", &input.address, crate::orders::logic::MAX_ADDRESS)?;
    let note = crate::orders::logic::bounded_text("note", &input.note, 200, false)?;
    let caller = auth::service::act_as(db, &auth::service::system(), agent).await?;
    let order = NewOrder {
        agent_id: agent,
        customer_name: name.into(),
        mobile: input.mobile.clone().into_string().into(),
        address: address.into(),
        channel: Channel::Moments,
        lines: input.lines.clone(),
        coupon_code: Default::default(),
    };
    let note = if note.is_empty() { "share".to_string() } else { format!("share: {note}") };
    let mut tx = db.begin_write().await?;
    let created = crate::orders::service::create_in(&mut tx, &caller, &order, &Intake { note: &note, ..Default::default() }).await?;
    tx.commit().await?;
    let (Created::New(id, order_no) | Created::Known(id, order_no)) = created;
    let detail = crate::orders::service::get_order(db, &caller, id).await?;
    Ok(ShareReceipt { order_no, total: detail.summary.total })
}

/// A product picture, public (product pictures are no secret), counted like a view.
pub async fn image(db: &Db, product_id: i64, addr: &str) -> AppResult<(String, Vec<u8>)> {
    hit(db, "view", addr, Limit::SHARE_VIEWS).await?;
    db::image(db, product_id).await?.map(|(t, d, _)| (t, d)).ok_or(AppError::NotFound)
}

/// Set a product's picture (the boss and the warehouse, who keep the products).
pub async fn upload_image(db: &Db, caller: &Caller, input: &ImageUpload) -> AppResult<()> {
    caller.require(Perm::ManageProducts)?;
    use base64::Engine;
    let raw = input.data_base64.split_once("base64,").map_or(input.data_base64.as_str(), |(_, d)| d);
    let bytes = base64::engine::general_purpose::STANDARD.decode(raw.trim()).map_err(|_| IntakeError::BadUpload)?;
    let content_type = check_image(&bytes)?;
    let mut tx = db.begin_write().await?;
    if !db::product_exists(&mut tx, input.product_id).await? {
        return Err(AppError::NotFound);
    }
    db::set_image(&mut tx, input.product_id, content_type, &bytes, now_ms()).await?;
    crate::audit::record(&mut tx, caller.actor(), "product", Some(input.product_id), "image", content_type, now_ms()).await?;
    tx.commit().await?;
    Ok(())
}

/// The Moments poster of one product of an agent's page, for `origin` (`https://host`).
pub async fn poster(db: &Db, code: &str, product_id: i64, origin: &str, addr: &str) -> AppResult<String> {
    hit(db, "view", addr, Limit::SHARE_VIEWS).await?;
    let mut conn = db.pool.acquire().await?;
    let (_, agent_name, code) = open_page(&mut conn, code).await?;
    let product = products(&mut conn, Some(product_id)).await?.pop().ok_or(AppError::NotFound)?;
    drop(conn);
    let image = match product.has_image {
        true => db::image(db, product_id).await?.map(|(t, d, _)| {
            use base64::Engine;
            format!("data:{t};base64,{}", base64::engine::general_purpose::STANDARD.encode(d))
        }),
        false => None,
    };
    let several = product.skus.iter().any(|s| s.price != product.from_price);
    let price = if several { format!("{} 起", product.from_price) } else { product.from_price.to_string() };
    let url = format!("{}/s/{code}", origin.trim_end_matches('/'));
    let input = PosterInput { product_name: &product.name, price: &price, agent_name: &agent_name, url: &url, image: image.as_deref() };
    Ok(poster_svg(&input)?)
}
