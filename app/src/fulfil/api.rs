//! Server functions of the fulfilment area: caller → service → DTO.

use super::{AfterSaleAction, AfterSaleState, AfterSaleView, ImportRow, LabelSize, NewAfterSale, PickList, RoutingConfig, Selection, ToShipFilter, ToShipRow, Waybill};
use crate::bounded::Bounded;
use crate::error::AppError;
use crate::page::Page;
use leptos::prelude::*;
use leptos::server_fn::codec::{ByteStream, Streaming};
#[cfg(feature = "ssr")]
use {super::service, crate::ctx};

#[server(prefix = "/rpc", endpoint = "get_routing")]
pub async fn get_routing() -> Result<RoutingConfig, AppError> {
    ctx::rpc(async |db, caller| service::get_routing(&db, &caller).await).await
}

#[server(prefix = "/rpc", endpoint = "save_routing")]
pub async fn save_routing(config: RoutingConfig) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::save_routing(&db, &caller, &config).await).await
}

#[server(prefix = "/rpc", endpoint = "list_to_ship")]
pub async fn list_to_ship(#[server(default)] filter: ToShipFilter) -> Result<Page<ToShipRow>, AppError> {
    ctx::rpc(async |db, caller| service::list_to_ship(&db, &caller, &filter).await).await
}

#[server(prefix = "/rpc", endpoint = "get_waybills")]
pub async fn get_waybills(#[server(default)] selection: Selection, #[server(default)] size: LabelSize) -> Result<Vec<Waybill>, AppError> {
    ctx::rpc(async |db, caller| service::waybills(&db, &caller, &selection, size).await).await
}

#[server(prefix = "/rpc", endpoint = "get_picking_list")]
pub async fn get_picking_list(#[server(default)] selection: Selection) -> Result<PickList, AppError> {
    ctx::rpc(async |db, caller| service::picking_list(&db, &caller, &selection).await).await
}

/// Tracking numbers as text: one "order no. tracking no." per line.
#[server(prefix = "/rpc", endpoint = "import_tracking")]
pub async fn import_tracking(text: Bounded<200000>) -> Result<Vec<ImportRow>, AppError> {
    ctx::rpc(async |db, caller| service::import_tracking(&db, &caller, &text).await).await
}

/// A courier's CSV or xlsx file, base64-encoded by the page.
#[server(prefix = "/rpc", endpoint = "import_tracking_file")]
pub async fn import_tracking_file(data: Bounded<1000000>) -> Result<Vec<ImportRow>, AppError> {
    ctx::rpc(async |db, caller| {
        use base64::Engine;
        let bytes = base64::engine::general_purpose::STANDARD.decode(data.trim()).map_err(|_| super::FulfilError::ImportUnreadable)?;
        service::import_tracking_file(&db, &caller, &bytes).await
    })
    .await
}

#[server(prefix = "/rpc", endpoint = "request_after_sale")]
pub async fn request_after_sale(input: NewAfterSale) -> Result<i64, AppError> {
    ctx::rpc(async |db, caller| service::request_after_sale(&db, &caller, &input).await).await
}

#[server(prefix = "/rpc", endpoint = "after_sale_step")]
pub async fn after_sale_step(id: i64, action: AfterSaleAction) -> Result<AfterSaleState, AppError> {
    ctx::rpc(async |db, caller| service::after_sale_step(&db, &caller, id, action).await).await
}

#[server(prefix = "/rpc", endpoint = "list_after_sales")]
pub async fn list_after_sales(order_id: i64) -> Result<Vec<AfterSaleView>, AppError> {
    ctx::rpc(async |db, caller| service::after_sales_of_order(&db, &caller, order_id).await).await
}

/// The picking list of a selection as .xlsx (a plain form post downloads it).
#[server(prefix = "/rpc", endpoint = "export_picking", output = Streaming)]
pub async fn export_picking(#[server(default)] selection: Selection) -> Result<ByteStream<AppError>, AppError> {
    ctx::rpc(async |db, caller| {
        let bytes = service::export_picking(&db, &caller, &selection).await?;
        ctx::attachment("picking.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        Ok(ByteStream::from(futures::stream::once(async move { bytes })))
    })
    .await
}
