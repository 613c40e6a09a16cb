//! Server functions of the dashboard area.

use super::Overview;
use crate::error::AppError;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use {super::service, crate::ctx};

#[server(prefix = "/rpc", endpoint = "get_overview")]
pub async fn get_overview() -> Result<Overview, AppError> {
    ctx::rpc(async |db, caller| service::overview(&db, &caller).await).await
}
