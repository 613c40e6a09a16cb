//! Server functions of the intake area: caller → service → DTO. The share page's three are
//! public (no sign-in; the service counts them per client address).

use super::{
    CustomerHit, CustomerQuery, ImageUpload, ImportChoice, ImportPreview, ImportReport, MappingInput, MappingView, NewUpload, ParsedContact, ShareAdmin,
    ShareOrder, ShareReceipt, ShareView, SkuHit, SkuQuery,
};
use crate::bounded::Bounded;
use crate::error::AppError;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use {super::service, super::service_import, super::service_share, crate::ctx};

#[server(prefix = "/rpc", endpoint = "parse_address")]
pub async fn parse_address(text: Bounded<500>) -> Result<ParsedContact, AppError> {
    ctx::rpc(async |_db, caller| service::parse_for_order(&caller, &text).await).await
}

#[server(prefix = "/rpc", endpoint = "search_skus")]
pub async fn search_skus(#[server(default)] query: SkuQuery) -> Result<Vec<SkuHit>, AppError> {
    ctx::rpc(async |db, caller| service::search_skus(&db, &caller, &query).await).await
}

#[server(prefix = "/rpc", endpoint = "find_customers")]
pub async fn find_customers(#[server(default)] query: CustomerQuery) -> Result<Vec<CustomerHit>, AppError> {
    ctx::rpc(async |db, caller| service::find_customers(&db, &caller, &query).await).await
}

/// Returns the upload's token; the file follows in chunks of at most 384 KB.
#[server(prefix = "/rpc", endpoint = "start_upload")]
pub async fn start_upload(input: NewUpload) -> Result<String, AppError> {
    ctx::rpc(async |db, caller| service_import::start_upload(&db, &caller, &input).await).await
}

/// One chunk (base64) at byte `offset`; returns the bytes received so far.
#[server(prefix = "/rpc", endpoint = "upload_chunk")]
pub async fn upload_chunk(token: Bounded<64>, offset: i64, data: Bounded<600_000>) -> Result<i64, AppError> {
    ctx::rpc(async |db, caller| service_import::upload_chunk(&db, &caller, &token, offset, &data).await).await
}

#[server(prefix = "/rpc", endpoint = "preview_import")]
pub async fn preview_import(#[server(default)] choice: ImportChoice) -> Result<ImportPreview, AppError> {
    ctx::rpc(async |db, caller| service_import::preview(&db, &caller, &choice).await).await
}

#[server(prefix = "/rpc", endpoint = "commit_import")]
pub async fn commit_import(#[server(default)] choice: ImportChoice) -> Result<ImportReport, AppError> {
    ctx::rpc(async |db, caller| service_import::commit(&db, &caller, &choice).await).await
}

#[server(prefix = "/rpc", endpoint = "list_mappings")]
pub async fn list_mappings() -> Result<Vec<MappingView>, AppError> {
    ctx::rpc(async |db, caller| service_import::list_mappings(&db, &caller).await).await
}

#[server(prefix = "/rpc", endpoint = "save_mapping")]
pub async fn save_mapping(input: MappingInput) -> Result<i64, AppError> {
    ctx::rpc(async |db, caller| service_import::save_mapping(&db, &caller, &input).await).await
}

#[server(prefix = "/rpc", endpoint = "delete_mapping")]
pub async fn delete_mapping(id: i64) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service_import::delete_mapping(&db, &caller, id).await).await
}

#[server(prefix = "/rpc", endpoint = "get_share_admin")]
pub async fn get_share_admin(#[server(default)] agent_id: Option<i64>) -> Result<ShareAdmin, AppError> {
    ctx::rpc(async |db, caller| service_share::admin(&db, &caller, agent_id).await).await
}

#[server(prefix = "/rpc", endpoint = "reset_share_code")]
pub async fn reset_share_code(#[server(default)] agent_id: Option<i64>) -> Result<ShareAdmin, AppError> {
    ctx::rpc(async |db, caller| service_share::reset_code(&db, &caller, agent_id).await).await
}

#[server(prefix = "/rpc", endpoint = "set_share_active")]
pub async fn set_share_active(#[server(default)] agent_id: Option<i64>, active: bool) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service_share::set_active(&db, &caller, agent_id, active).await).await
}

#[server(prefix = "/rpc", endpoint = "upload_product_image")]
pub async fn upload_product_image(input: ImageUpload) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service_share::upload_image(&db, &caller, &input).await).await
}

/// The public share page (no sign-in).
#[server(prefix = "/rpc", endpoint = "get_share")]
pub async fn get_share(code: Bounded<32>) -> Result<ShareView, AppError> {
    ctx::public(async |db, _settings, _caller| service_share::public_view(&db, &code, &ctx::client().addr).await).await
}

/// The paste parser of the public order form (no sign-in).
#[server(prefix = "/rpc", endpoint = "parse_share_address")]
pub async fn parse_share_address(code: Bounded<32>, text: Bounded<500>) -> Result<ParsedContact, AppError> {
    ctx::public(async |db, _settings, _caller| service_share::public_parse(&db, &code, &text, &ctx::client().addr).await).await
}

/// An order from the public share page (no sign-in).
#[server(prefix = "/rpc", endpoint = "place_share_order")]
pub async fn place_share_order(order: ShareOrder) -> Result<ShareReceipt, AppError> {
    ctx::public(async |db, _settings, _caller| service_share::place_order(&db, &order, &ctx::client().addr).await).await
}
