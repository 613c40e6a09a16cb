//! Intake use cases of the order form (ssr only): the paste parser, the SKU picker, the
//! customer lookup; the pinyin index and housekeeping. Imports, share pages and the REST
//! API have their own `service_*` modules.

use super::address::{parse_contact, Confidence, Divisions};
use super::{db, CustomerHit, CustomerQuery, ParsedContact, SkuHit, SkuQuery, Sureness};
use crate::auth::{Caller, Perm};
use crate::error::{AppError, AppResult, CommonError};
use crate::money::Money;
use crate::state::Db;
use crate::time::{now_ms, DAY_MS};
use std::sync::OnceLock;

/// Longest message the parser takes.
pub const MAX_PASTE: usize = 500;

/// The national divisions, parsed once (about 3,200 rows, a few milliseconds).
pub fn divisions() -> &'static Divisions {
    static DIVS: OnceLock<Divisions> = OnceLock::new();
    DIVS.get_or_init(|| Divisions::parse(include_str!("address/divisions.tsv")))
}

/// Read a pasted chat message into recipient fields (no permission: pure text in, text out;
/// callers are the order form, the share page and the REST API, each behind its own guard).
pub fn parse_text(text: &str) -> AppResult<ParsedContact> {
    if text.chars().count() > MAX_PASTE {
        return Err(CommonError::TooLong { field: "text".into(), max: MAX_PASTE as u32 }.into());
    }
    let p = parse_contact(divisions(), text);
    let sure = |c: Confidence| match c {
        Confidence::Low => Sureness::Low,
        Confidence::Medium => Sureness::Medium,
        Confidence::High => Sureness::High,
    };
    let c = p.confidence;
    let graded = [
        ("name", c.name),
        ("mobile", c.mobile),
        ("phone", c.phone),
        ("province", c.province),
        ("city", c.city),
        ("district", c.district),
        ("street", c.street),
        ("postcode", c.postcode),
        ("code", c.code),
    ];
    Ok(ParsedContact {
        confidence: graded.into_iter().filter_map(|(f, c)| Some((f.to_string(), sure(c?)))).collect(),
        unsure: p.unsure.iter().map(|f| f.to_string()).collect(),
        name: p.name,
        mobile: p.mobile,
        phone: p.phone,
        province: p.province,
        city: p.city,
        district: p.district,
        street: p.street,
        postcode: p.postcode,
        code: p.code,
    })
}

/// The order form's preview of a pasted message.
pub async fn parse_for_order(caller: &Caller, text: &str) -> AppResult<ParsedContact> {
    caller.require(Perm::CreateOrder)?;
    parse_text(text)
}

/// SKUs matched by the picker, at most this many.
pub const PICK_LIMIT: usize = 20;
/// Candidates read from the database before ranking.
const CANDIDATES: i64 = 400;
/// How far back "recent" looks.
const RECENT_DAYS: i64 = 90;

/// The SKU picker: with a query, the best matches by code, barcode, pinyin initials and name
/// (a scanned code first, flagged `exact`); the agent's frequent items first among equals.
/// Without a query, the agent's recent and frequent items.
pub async fn search_skus(db: &Db, caller: &Caller, query: &SkuQuery) -> AppResult<Vec<SkuHit>> {
    caller.require(Perm::CreateOrder)?;
    let agent = match query.agent_id {
        Some(a) if caller.scope().contains(a) => Some(a),
        Some(_) => return Err(AppError::NotFound),
        None => caller.scope().agent_ids().and_then(|ids| ids.contains(&caller.id()).then_some(caller.id())),
    };
    let recent = match agent {
        Some(a) => db::recent_skus(db, a, now_ms() - RECENT_DAYS * DAY_MS, 50).await?,
        None => Vec::new(),
    };
    let times = |sku: i64| recent.iter().find(|r| r.0 == sku).map_or(0, |r| r.1);
    let q: String = query.q.trim().chars().map(|c| c.to_ascii_lowercase()).collect();
    if q.is_empty() {
        let ids: Vec<i64> = recent.iter().take(PICK_LIMIT).map(|r| r.0).collect();
        let mut rows = db::pick_by_ids(db, &ids).await?;
        rows.sort_by_key(|r| ids.iter().position(|i| *i == r.id));
        return Ok(rows.into_iter().map(|r| hit(r, times, false)).collect());
    }
    let mut rows = db::pick_candidates(db, &q, CANDIDATES).await?;
    if rows.iter().any(|r| r.initials.is_empty()) {
        index_missing(db).await?;
        rows = db::pick_candidates(db, &q, CANDIDATES).await?;
    }
    let mut scored: Vec<(u32, i64, db::PickRow)> = rows
        .into_iter()
        .filter_map(|r| {
            let name = format!("{}{}{}", r.name, r.color, r.size);
            let score = super::pinyin::matches(&q, &name, &r.code, &r.barcode, &r.initials)
                .or_else(|| super::pinyin::matches(&q, &r.name, &r.code, &r.barcode, &r.initials))?;
            Some((score, times(r.id), r))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.id.cmp(&b.2.id)));
    Ok(scored.into_iter().take(PICK_LIMIT).map(|(s, _, r)| hit(r, times, s == super::pinyin::SCORE_EXACT_CODE)).collect())
}

fn hit(r: db::PickRow, times: impl Fn(i64) -> i64, exact: bool) -> SkuHit {
    SkuHit {
        sku_id: r.id,
        label: crate::inventory::sku_label(&r.name, &r.color, &r.size),
        recent: times(r.id),
        code: r.code,
        barcode: r.barcode,
        price: Money::from_fen(r.price_fen),
        qty: r.qty,
        exact,
    }
}

/// Give every SKU without pinyin initials its initials (product name, colour and size).
/// New products are indexed by the first search that meets them, and by housekeeping.
pub async fn index_missing(db: &Db) -> AppResult<u64> {
    let mut done = 0;
    loop {
        let rows = db::unindexed_skus(db, 1000).await?;
        if rows.is_empty() {
            return Ok(done);
        }
        let mut tx = db.begin_write().await?;
        for (id, name, color, size) in &rows {
            let initials = super::pinyin::initials_with_alternates(&format!("{name}{color}{size}"));
            // A name without any letter still gets a row, so it is not recomputed each time.
            db::index_sku(&mut tx, *id, if initials.is_empty() { "-" } else { &initials }).await?;
        }
        tx.commit().await?;
        done += rows.len() as u64;
    }
}

/// The customer lookup of the order form: by the start of a mobile number (3 digits or
/// more) or of a name, in the caller's scope (and the chosen agent's customers only).
pub async fn find_customers(db: &Db, caller: &Caller, query: &CustomerQuery) -> AppResult<Vec<CustomerHit>> {
    caller.require(Perm::CreateOrder)?;
    let q = query.q.trim();
    let digits = q.bytes().all(|b| b.is_ascii_digit());
    if q.is_empty() || (digits && q.len() < 3) {
        return Ok(Vec::new());
    }
    if let Some(a) = query.agent_id {
        if !caller.scope().contains(a) {
            return Err(AppError::NotFound);
        }
    }
    let rows = db::find_customers(db, caller.scope(), query.agent_id, q, 10).await?;
    Ok(rows.into_iter().map(|(id, agent_id, name, mobile, address)| CustomerHit { id, agent_id, name, mobile, address }).collect())
}

/// Housekeeping: forget uploads a day old, signatures past the clock window, idempotent
/// answers a day old and share-page counters two hours old; index new SKUs.
pub async fn housekeeping(db: &Db) -> AppResult<()> {
    let now = now_ms();
    for id in db::stale_uploads(db, now - DAY_MS).await? {
        let mut tx = db.begin_write().await?;
        db::delete_upload(&mut tx, id).await?;
        tx.commit().await?;
    }
    db::purge_signatures(db, now - 2 * super::logic::MAX_SKEW_MS).await?;
    db::purge_idempotency(db, now - DAY_MS).await?;
    db::purge_throttle(db, now - 2 * 3_600_000).await?;
    index_missing(db).await?;
    Ok(())
}

/// `server check`: channels whose recorded imports claim more orders than exist with an
/// external number on that channel (imports create orders only in their own transaction).
pub async fn check(db: &Db, caller: &Caller) -> AppResult<Vec<String>> {
    caller.require(Perm::ViewOrders)?;
    Ok(db::import_mismatches(db).await?)
}
