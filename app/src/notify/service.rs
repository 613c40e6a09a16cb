//! Notification use cases (ssr only): queue messages inside other areas' transactions,
//! the boss's notifier settings, and the worker's claim / report calls.

use super::db;
pub use super::db::Claimed;
use super::logic::{check_url, retry_delay_ms, MAX_ATTEMPTS};
use super::{NewNotifier, NotifierView};
use crate::auth::{Caller, Perm};
use crate::error::{AppError, AppResult};
use crate::orders::logic::bounded_text;
use crate::state::{Db, Tx};
use crate::time::now_ms;

/// Queue a message for every active notifier, once per event (`topic`, `ref_id`), inside
/// the caller's transaction: it is sent only if that transaction commits.
pub(crate) async fn enqueue(tx: &mut Tx, topic: &str, ref_id: i64, title: &str, body: &str) -> AppResult<()> {
    Ok(db::enqueue(tx, topic, ref_id, title, body, now_ms()).await?)
}

pub async fn list(db: &Db, caller: &Caller) -> AppResult<Vec<NotifierView>> {
    caller.require(Perm::ManageSettings)?;
    Ok(db::notifiers(db).await?)
}

pub async fn create(db: &Db, caller: &Caller, input: &NewNotifier) -> AppResult<i64> {
    caller.require(Perm::ManageSettings)?;
    let name = bounded_text("name", &input.name, 40, true)?;
    let url = check_url(&input.url)?;
    let mut tx = db.begin_write().await?;
    let id = db::insert_notifier(&mut tx, &name, input.kind, &url, now_ms()).await?;
    crate::audit::record(&mut tx, caller.actor(), "notifier", Some(id), "create", input.kind.code(), now_ms()).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn set_active(db: &Db, caller: &Caller, id: i64, active: bool) -> AppResult<()> {
    caller.require(Perm::ManageSettings)?;
    let mut tx = db.begin_write().await?;
    if db::set_notifier_active(&mut tx, id, active).await? == 0 {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

/// Queue a test message to every active notifier (each test is its own event).
pub async fn send_test(db: &Db, caller: &Caller) -> AppResult<()> {
    caller.require(Perm::ManageSettings)?;
    let mut tx = db.begin_write().await?;
    let body = "**微掌柜测试消息**\n> 收到这条消息，说明通知设置正确。";
    enqueue(&mut tx, "test", now_ms(), "微掌柜测试消息", body).await?;
    tx.commit().await?;
    Ok(())
}

/// For the worker: claim due messages (each goes to exactly one server).
pub async fn claim(db: &Db, caller: &Caller, limit: i64) -> AppResult<Vec<Claimed>> {
    caller.require(Perm::ManageSettings)?;
    Ok(db::claim(db, now_ms(), 60_000, limit).await?)
}

/// For the worker: how a send went. A failure is retried with backoff, then given up.
pub async fn report(db: &Db, caller: &Caller, message: &Claimed, result: Result<(), String>) -> AppResult<()> {
    caller.require(Perm::ManageSettings)?;
    match result {
        Ok(()) => db::mark_sent(db, message.id, now_ms()).await?,
        Err(e) => {
            let next = (message.attempts < MAX_ATTEMPTS).then(|| now_ms() + retry_delay_ms(message.attempts));
            let error: String = e.chars().take(300).collect();
            db::mark_failed(db, message.id, &error, next).await?
        }
    }
    Ok(())
}
