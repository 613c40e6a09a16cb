//! Server functions of the inventory area: caller → service → DTO.

use super::{Inbound, Movement, NewProduct, SkuStock, StockFilter};
use crate::error::AppError;
use crate::page::Page;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use {super::service, crate::ctx};

#[server(prefix = "/rpc", endpoint = "list_stock")]
pub async fn list_stock(#[server(default)] filter: StockFilter) -> Result<Page<SkuStock>, AppError> {
    ctx::rpc(async |db, caller| service::list_stock(&db, &caller, &filter).await).await
}

#[server(prefix = "/rpc", endpoint = "sku_choices")]
pub async fn sku_choices() -> Result<Vec<SkuStock>, AppError> {
    ctx::rpc(async |db, caller| service::sku_choices(&db, &caller).await).await
}

#[server(prefix = "/rpc", endpoint = "list_movements")]
pub async fn list_movements(sku_id: Option<i64>) -> Result<Vec<Movement>, AppError> {
    ctx::rpc(async |db, caller| service::list_movements(&db, &caller, sku_id).await).await
}

/// Returns the new on-hand quantity.
#[server(prefix = "/rpc", endpoint = "receive_stock")]
pub async fn receive_stock(input: Inbound) -> Result<i64, AppError> {
    ctx::rpc(async |db, caller| service::receive(&db, &caller, &input).await).await
}

/// Returns the new SKUs' ids.
#[server(prefix = "/rpc", endpoint = "create_product")]
pub async fn create_product(input: NewProduct) -> Result<Vec<i64>, AppError> {
    ctx::rpc(async |db, caller| service::create_product(&db, &caller, &input).await).await
}
