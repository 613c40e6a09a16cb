//! Server functions of the dashboard area.

use super::{BossView, DashChart, DashFilter, NewTarget, Overview, SalesView, StockView, WallView};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{ByteStream, Streaming};
#[cfg(feature = "ssr")]
use {super::service, crate::ctx};

#[cfg(feature = "ssr")]
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[server(prefix = "/rpc", endpoint = "get_overview")]
pub async fn get_overview() -> Result<Overview, AppError> {
    ctx::rpc(async |db, caller| service::overview(&db, &caller).await).await
}

#[server(prefix = "/rpc", endpoint = "get_boss_view")]
pub async fn get_boss_view(#[server(default)] filter: DashFilter) -> Result<BossView, AppError> {
    ctx::rpc(async |db, caller| service::boss_view(&db, &caller, &filter).await).await
}

#[server(prefix = "/rpc", endpoint = "get_sales_view")]
pub async fn get_sales_view(#[server(default)] filter: DashFilter, #[server(default)] level: Option<u32>) -> Result<SalesView, AppError> {
    ctx::rpc(async |db, caller| service::sales_view(&db, &caller, &filter, level).await).await
}

#[server(prefix = "/rpc", endpoint = "set_sales_target")]
pub async fn set_sales_target(target: NewTarget) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::set_target(&db, &caller, &target).await).await
}

#[server(prefix = "/rpc", endpoint = "get_stock_view")]
pub async fn get_stock_view() -> Result<StockView, AppError> {
    ctx::rpc(async |db, caller| service::stock_view(&db, &caller).await).await
}

#[server(prefix = "/rpc", endpoint = "get_wall")]
pub async fn get_wall() -> Result<WallView, AppError> {
    ctx::rpc(async |db, caller| service::wall(&db, &caller).await).await
}

/// One chart's data table of the boss view as .xlsx (a plain form post downloads it).
#[server(prefix = "/rpc", endpoint = "export_dashboard", output = Streaming)]
pub async fn export_dashboard(#[server(default)] filter: DashFilter, chart: DashChart) -> Result<ByteStream<AppError>, AppError> {
    ctx::rpc(async |db, caller| {
        let bytes = service::export(&db, &caller, &filter, chart).await?;
        ctx::attachment(&format!("{}.xlsx", chart.code()), XLSX);
        Ok(ByteStream::from(futures::stream::once(async move { bytes })))
    })
    .await
}
