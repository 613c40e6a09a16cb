//! Server functions of the team settings.

use super::TeamSettings;
use crate::error::AppError;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use {super::service, crate::ctx};

#[server(prefix = "/rpc", endpoint = "get_team_settings")]
pub async fn get_team_settings() -> Result<TeamSettings, AppError> {
    ctx::rpc(async |db, caller| service::get(&db, &caller).await).await
}

#[server(prefix = "/rpc", endpoint = "update_team_settings")]
pub async fn update_team_settings(settings: TeamSettings) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::update(&db, &caller, &settings).await).await
}
