//! Team settings use cases (ssr only).

use super::{db, TeamSettings};
use crate::auth::{Caller, Perm};
use crate::error::AppResult;
use crate::state::Db;
use crate::time::now_ms;
use sqlx::AnyConnection;

/// The team's settings, read inside the caller's connection or transaction.
pub(crate) async fn team(conn: &mut AnyConnection) -> AppResult<TeamSettings> {
    Ok(TeamSettings::from_pairs(&db::all(conn).await?))
}

pub async fn get(db: &Db, caller: &Caller) -> AppResult<TeamSettings> {
    caller.require(Perm::ManageSettings)?;
    let mut conn = db.pool.acquire().await?;
    team(&mut conn).await
}

pub async fn update(db: &Db, caller: &Caller, s: &TeamSettings) -> AppResult<()> {
    caller.require(Perm::ManageSettings)?;
    if !s.digest_time.trim().is_empty() {
        crate::dashboard::logic::parse_time(&s.digest_time)?;
    }
    let mut tx = db.begin_write().await?;
    for (k, v) in s.to_pairs() {
        db::put(&mut tx, k, &v).await?;
        crate::audit::record(&mut tx, caller.actor(), "setting", None, k, &v, now_ms()).await?;
    }
    tx.commit().await?;
    Ok(())
}
