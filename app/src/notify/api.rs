//! Server functions of the notifications settings.

use super::{NewNotifier, NotifierView};
use crate::error::AppError;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use {super::service, crate::ctx};

#[server(prefix = "/rpc", endpoint = "list_notifiers")]
pub async fn list_notifiers() -> Result<Vec<NotifierView>, AppError> {
    ctx::rpc(async |db, caller| service::list(&db, &caller).await).await
}

#[server(prefix = "/rpc", endpoint = "create_notifier")]
pub async fn create_notifier(input: NewNotifier) -> Result<i64, AppError> {
    ctx::rpc(async |db, caller| service::create(&db, &caller, &input).await).await
}

#[server(prefix = "/rpc", endpoint = "set_notifier_active")]
pub async fn set_notifier_active(id: i64, active: bool) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::set_active(&db, &caller, id, active).await).await
}

#[server(prefix = "/rpc", endpoint = "test_notifiers")]
pub async fn test_notifiers() -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::send_test(&db, &caller).await).await
}
