//! Server functions of the orders area: authorize → service → DTO.

use super::{NewOrder, OrderDetail, OrderFilter, OrderPage, OrderStatus, Transition};
use crate::error::AppError;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use crate::ctx;

#[server(prefix = "/rpc", endpoint = "list_orders")]
pub async fn list_orders(filter: OrderFilter) -> Result<OrderPage, AppError> {
    ctx::respond(async {
        let (db, caller) = ctx::caller().await?;
        super::service::list_orders(&db, &caller, &filter).await
    }.await)
}

#[server(prefix = "/rpc", endpoint = "get_order")]
pub async fn get_order(id: i64) -> Result<OrderDetail, AppError> {
    ctx::respond(async {
        let (db, caller) = ctx::caller().await?;
        super::service::get_order(&db, &caller, id).await
    }.await)
}

/// Returns the new order's id and number.
#[server(prefix = "/rpc", endpoint = "create_order")]
pub async fn create_order(input: NewOrder) -> Result<(i64, String), AppError> {
    ctx::respond(async {
        let (db, caller) = ctx::caller().await?;
        super::service::create_order(&db, &caller, &input).await
    }.await)
}

#[server(prefix = "/rpc", endpoint = "transition_order")]
pub async fn transition_order(id: i64, transition: Transition) -> Result<OrderStatus, AppError> {
    ctx::respond(async {
        let (db, caller) = ctx::caller().await?;
        super::service::transition(&db, &caller, id, transition).await
    }.await)
}
