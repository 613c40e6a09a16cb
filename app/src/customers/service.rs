//! Customer use cases (ssr only), and what order entry calls inside its transaction.

use super::db;
use crate::auth::{Caller, Perm};
use crate::error::AppResult;
use crate::state::{Db, Tx};

/// The customer behind a new order: one per agent and mobile, updated with the latest
/// name and address. Runs in the order's transaction.
pub(crate) async fn upsert_for_order(tx: &mut Tx, agent_id: i64, name: &str, mobile: &str, address: &str, now: i64) -> AppResult<i64> {
    Ok(db::upsert(tx, agent_id, name, mobile, address, now).await?)
}

/// How many customers the caller's scope holds.
pub async fn count(db: &Db, caller: &Caller) -> AppResult<i64> {
    caller.require(Perm::ViewOrders)?;
    Ok(db::count(db, caller.scope()).await?)
}

/// Move an agent's customers to another agent in the caller's transaction (a member leaves).
pub(crate) async fn reassign(tx: &mut Tx, from: i64, to: i64) -> AppResult<u64> {
    Ok(db::reassign(tx, from, to).await?)
}
