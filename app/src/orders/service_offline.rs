//! Offline order entry (P4, ssr only): the catalog a phone keeps for entering orders without
//! a signal, and the submission of an order from its outbox, made exactly once per key.

use super::db;
use super::logic::{check_new_order, check_seen_prices};
use super::service::{create_in, Created, Intake};
use super::{Channel, OfflineAgent, OfflineCatalog, OfflineChannel, OfflineOrder, OfflineOutcome, OfflineSku, OrderError, OrderId};
use crate::auth::{self, Caller, Perm};
use crate::error::{AppError, AppResult, CommonError};
use crate::i18n::Lang;
use crate::inventory;
use crate::state::Db;
use crate::time::now_ms;

/// What the offline form needs for this caller: the agents it may order for (an agent:
/// itself and its downline; the boss: every active agent), the channels, and every SKU on
/// sale at the price an order is charged (the same `inventory::service::prices` the order
/// path uses) with what is available. No customers.
pub async fn catalog(db: &Db, caller: &Caller) -> AppResult<OfflineCatalog> {
    caller.require(Perm::CreateOrder)?;
    let agents = auth::service::agent_choices(db, caller).await?.into_iter().map(|m| OfflineAgent { id: m.id, name: m.display_name }).collect();
    let channels = Channel::ALL
        .into_iter()
        .map(|c| OfflineChannel { code: c.code().to_string(), zh: c.label(Lang::Zh).to_string(), en: c.label(Lang::En).to_string() })
        .collect();
    let mut conn = db.pool.acquire().await?;
    let rows = inventory::service::sellable(&mut conn).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let prices = if ids.is_empty() { Default::default() } else { inventory::service::prices(&mut conn, &ids).await? };
    let skus = rows
        .into_iter()
        .filter_map(|r| {
            let price = prices.get(&r.id)?;
            Some(OfflineSku { id: r.id, code: r.code, product_name: r.product_name, color: r.color, size: r.size, price_fen: price.to_fen(), available: r.available })
        })
        .collect();
    Ok(OfflineCatalog { agents, channels, skus, synced_at: now_ms() })
}

/// Create an order sent from a phone's outbox, exactly once per (user, key): the key is
/// written in the order's transaction, so a repeat — a retry, a double tap, two requests
/// at once — answers `Known` with the same order. The order is checked and priced like one
/// from the order form; a SKU off sale, a price other than the phone showed, short stock or
/// any other refusal of the order path comes back as `Conflict` with its texts, nothing made.
/// Not being allowed to enter orders at all stays an error.
pub async fn submit(db: &Db, caller: &Caller, input: &OfflineOrder) -> AppResult<OfflineOutcome> {
    caller.require(Perm::CreateOrder)?;
    let key = input.key.trim();
    if key.is_empty() {
        return Err(CommonError::Required { field: "key".into() }.into());
    }
    match attempt(db, caller, input, key).await {
        Ok(Some((id, no))) => Ok(OfflineOutcome::Created { id, no }),
        Ok(None) => known(db, caller, key).await?.ok_or_else(|| AppError::internal("offline key taken but not found")),
        // A concurrent submission of this key may have won (and made this one fail on a
        // row it also wrote): then its order is the answer.
        Err(e) => match known(db, caller, key).await? {
            Some(k) => Ok(k),
            None => match e {
                AppError::Unauthenticated | AppError::Forbidden | AppError::Internal { .. } | AppError::Transport { .. } => Err(e),
                e => Ok(OfflineOutcome::Conflict { code: e.code(), zh: e.message(Lang::Zh), en: e.message(Lang::En) }),
            },
        },
    }
}

async fn known(db: &Db, caller: &Caller, key: &str) -> AppResult<Option<OfflineOutcome>> {
    let found = db::offline_key(&mut *db.pool.acquire().await?, caller.id(), key).await?;
    Ok(found.map(|(id, no)| OfflineOutcome::Known { id: OrderId(id), no }))
}

/// One transaction: the key looked up, the prices compared, the order made, the key kept.
/// `Ok(None)`: the key is taken (before, or meanwhile: rolled back).
async fn attempt(db: &Db, caller: &Caller, input: &OfflineOrder, key: &str) -> AppResult<Option<(OrderId, String)>> {
    let order = check_new_order(&input.order)?;
    if !auth::service::is_agent_in_scope(db, caller, input.order.agent_id).await? {
        return Err(OrderError::AgentRequired.into());
    }
    let mut tx = db.begin_write().await?;
    if db::offline_key(&mut tx, caller.id(), key).await?.is_some() {
        return Ok(None);
    }
    let ids: Vec<i64> = order.lines.iter().map(|l| l.sku_id).collect();
    let prices = inventory::service::prices(&mut tx, &ids).await?;
    let labels = inventory::service::sku_labels(&mut tx, &ids).await?;
    check_seen_prices(&order.lines, &input.seen, &prices, |id| labels.get(&id).cloned().unwrap_or_else(|| format!("#{id}")))?;
    let note = format!("offline:{}", input.entered_at);
    let (id, no) = match create_in(&mut tx, caller, &input.order, &Intake { note: &note, ..Default::default() }).await? {
        Created::New(id, no) | Created::Known(id, no) => (id, no),
    };
    let now = now_ms();
    if db::insert_offline_key(&mut tx, caller.id(), key, id.0, now).await? != 1 {
        tx.rollback().await?;
        return Ok(None);
    }
    tx.commit().await?;
    Ok(Some((id, no)))
}
