//! Server functions of the orders area: caller → service → DTO.

use super::{NewOrder, OfflineOrder, OfflineOutcome, OrderDetail, OrderFilter, OrderId, OrderStatus, OrderSummary, Transition};
use crate::bounded::Bounded;
use crate::error::AppError;
use crate::page::Page;
use leptos::prelude::*;
use leptos::server_fn::codec::{ByteStream, Json, Streaming};
#[cfg(feature = "ssr")]
use {super::service, super::service_offline, crate::ctx};

#[server(prefix = "/rpc", endpoint = "list_orders")]
pub async fn list_orders(#[server(default)] filter: OrderFilter) -> Result<Page<OrderSummary>, AppError> {
    ctx::rpc(async |db, caller| service::list_orders(&db, &caller, &filter).await).await
}

#[server(prefix = "/rpc", endpoint = "get_order")]
pub async fn get_order(id: OrderId) -> Result<OrderDetail, AppError> {
    ctx::rpc(async |db, caller| service::get_order(&db, &caller, id).await).await
}

/// Returns the new order's id and number. A plain form post (no wasm yet) is redirected
/// to the new order's page.
#[server(prefix = "/rpc", endpoint = "create_order")]
pub async fn create_order(input: NewOrder) -> Result<(OrderId, String), AppError> {
    ctx::rpc(async |db, caller| {
        let (id, no) = service::create_order(&db, &caller, &input).await?;
        ctx::redirect_form_post(&format!("/orders/{}", id.0));
        Ok((id, no))
    })
    .await
}

#[server(prefix = "/rpc", endpoint = "transition_order")]
pub async fn transition_order(id: OrderId, transition: Transition) -> Result<OrderStatus, AppError> {
    ctx::rpc(async |db, caller| service::transition(&db, &caller, id, transition).await).await
}

/// Finance marks an agent-confirmed payment as checked.
/// Ship an open order from another warehouse.
#[server(prefix = "/rpc", endpoint = "change_order_warehouse")]
pub async fn change_order_warehouse(id: OrderId, warehouse_id: i64) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::change_warehouse(&db, &caller, id, warehouse_id).await).await
}

#[server(prefix = "/rpc", endpoint = "check_payment")]
pub async fn check_payment(id: OrderId) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::check_payment(&db, &caller, id).await).await
}

/// Save a search and return the list URL for it (a form post is redirected there).
#[server(prefix = "/rpc", endpoint = "save_search")]
pub async fn save_search(q: Bounded<128>, status: Option<OrderStatus>) -> Result<String, AppError> {
    ctx::rpc(async |db, caller| {
        let href = service::save_search(&db, &caller, &q, status).await?;
        ctx::redirect_form_post(&href);
        Ok(href)
    })
    .await
}

/// Give an open order another courier; `remember` makes it the customer's courier.
#[server(prefix = "/rpc", endpoint = "set_order_courier")]
pub async fn set_order_courier(id: OrderId, code: Bounded<16>, #[server(default)] remember: bool) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::set_courier(&db, &caller, id, &code, remember).await).await
}

/// Change an open order's delivery address (the old one is kept in its history).
#[server(prefix = "/rpc", endpoint = "edit_order_address")]
pub async fn edit_order_address(id: OrderId, address: Bounded<400>) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::edit_address(&db, &caller, id, &address).await).await
}

/// Add an internal note to an order's history.
#[server(prefix = "/rpc", endpoint = "add_order_note")]
pub async fn add_order_note(id: OrderId, note: Bounded<500>) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::add_note(&db, &caller, id, &note).await).await
}

/// The open orders to the same recipient as an order being entered (是否合并订单?).
#[server(prefix = "/rpc", endpoint = "find_duplicates")]
pub async fn find_duplicates(agent_id: i64, mobile: Bounded<32>, address: Bounded<400>) -> Result<Vec<super::DuplicateOrder>, AppError> {
    ctx::rpc(async |db, caller| service::duplicates(&db, &caller, agent_id, &mobile, &address).await).await
}

/// Merge order `from` into order `keep` (its lines move over; both histories are kept).
/// A form post is redirected to the kept order.
#[server(prefix = "/rpc", endpoint = "merge_orders")]
pub async fn merge_orders(keep: OrderId, from: OrderId) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| {
        service::merge_orders(&db, &caller, keep, from).await?;
        ctx::redirect_form_post(&format!("/orders/{}", keep.0));
        Ok(())
    })
    .await
}

/// The order list of a filter as .xlsx (a plain form post downloads it).
#[server(prefix = "/rpc", endpoint = "export_orders", output = Streaming)]
pub async fn export_orders(#[server(default)] filter: OrderFilter) -> Result<ByteStream<AppError>, AppError> {
    ctx::rpc(async |db, caller| {
        let bytes = service::export_orders(&db, &caller, &filter).await?;
        ctx::attachment("orders.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        Ok(ByteStream::from(futures::stream::once(async move { bytes })))
    })
    .await
}

/// The offline order form's catalog for this caller (JSON in and out: the installed app's
/// plain script calls it and keeps the answer in IndexedDB).
#[server(prefix = "/rpc", endpoint = "offline_catalog", input = Json)]
pub async fn offline_catalog() -> Result<super::OfflineCatalog, AppError> {
    ctx::rpc(async |db, caller| service_offline::catalog(&db, &caller).await).await
}

/// An order from the phone's outbox, made at most once per key (JSON: `{"input": {…}}`).
#[server(prefix = "/rpc", endpoint = "submit_offline_order", input = Json)]
pub async fn submit_offline_order(input: OfflineOrder) -> Result<OfflineOutcome, AppError> {
    ctx::rpc(async |db, caller| service_offline::submit(&db, &caller, &input).await).await
}
