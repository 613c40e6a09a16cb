//! Server functions of the dashboard area.

use super::Overview;
use crate::error::AppError;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use crate::ctx;

#[server(prefix = "/rpc", endpoint = "get_overview")]
pub async fn get_overview() -> Result<Overview, AppError> {
    ctx::respond(async {
        let (db, caller) = ctx::caller().await?;
        super::service::overview(&db, &caller).await
    }.await)
}
