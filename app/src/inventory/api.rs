//! Server functions of the inventory area.

use super::{Inbound, Movement, SkuStock};
use crate::error::AppError;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use crate::ctx;

#[server(prefix = "/rpc", endpoint = "list_stock")]
pub async fn list_stock() -> Result<Vec<SkuStock>, AppError> {
    ctx::respond(async {
        let (db, caller) = ctx::caller().await?;
        super::service::list_stock(&db, &caller).await
    }.await)
}

#[server(prefix = "/rpc", endpoint = "list_movements")]
pub async fn list_movements(sku_id: Option<i64>) -> Result<Vec<Movement>, AppError> {
    ctx::respond(async {
        let (db, caller) = ctx::caller().await?;
        super::service::list_movements(&db, &caller, sku_id).await
    }.await)
}

/// Returns the new on-hand quantity.
#[server(prefix = "/rpc", endpoint = "receive_stock")]
pub async fn receive_stock(input: Inbound) -> Result<i64, AppError> {
    ctx::respond(async {
        let (db, caller) = ctx::caller().await?;
        super::service::receive(&db, &caller, &input).await
    }.await)
}

#[server(prefix = "/rpc", endpoint = "create_product")]
pub async fn create_product(input: super::NewProduct) -> Result<i64, AppError> {
    ctx::respond(async {
        let (db, caller) = ctx::caller().await?;
        super::service::create_product(&db, &caller, &input).await
    }.await)
}
