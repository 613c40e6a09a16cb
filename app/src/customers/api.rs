//! Server functions of the customers area: caller → service → DTO.

use super::{
    AddressInput, CampaignInput, CampaignRunReport, CampaignView, ConflictDecision, ConflictView, Contact, CrmSettings, CustomerEdit, CustomerFilter,
    CustomerId, CustomerProfile, CustomerSummary, DiscountKind, FieldKind, FollowUpView, ImportInput, ImportReport, LifecycleConfig,
    NewCustomer, NoteKind, OrderCustomer, OrderLookup, RefreshReport, RepurchaseReport, SegmentOverview, TagInput, TagView,
};
use crate::bounded::Bounded;
use crate::error::AppError;
use crate::page::Page;
use leptos::prelude::*;
use leptos::server_fn::codec::{ByteStream, Streaming};
#[cfg(feature = "ssr")]
use {super::service, crate::ctx};

#[server(prefix = "/rpc", endpoint = "list_customers")]
pub async fn list_customers(#[server(default)] filter: CustomerFilter) -> Result<Page<CustomerSummary>, AppError> {
    ctx::rpc(async |db, caller| service::list_customers(&db, &caller, &filter).await).await
}

/// Save a search and return the list URL for it (a form post is redirected there).
#[server(prefix = "/rpc", endpoint = "save_customer_search")]
pub async fn save_customer_search(q: Bounded<128>, #[server(default)] rest: Bounded<256>) -> Result<String, AppError> {
    ctx::rpc(async |db, caller| {
        let href = service::save_search(&db, &caller, &q, &rest).await?;
        ctx::redirect_form_post(&href);
        Ok(href)
    })
    .await
}

#[server(prefix = "/rpc", endpoint = "customer_agents")]
pub async fn customer_agents() -> Result<Vec<(i64, String)>, AppError> {
    ctx::rpc(async |db, caller| service::agent_choices(&db, &caller).await).await
}

#[server(prefix = "/rpc", endpoint = "get_customer")]
pub async fn get_customer(id: CustomerId) -> Result<CustomerProfile, AppError> {
    ctx::rpc(async |db, caller| service::get_customer(&db, &caller, id).await).await
}

/// A plain form post (no wasm yet) is redirected to the new customer's page.
#[server(prefix = "/rpc", endpoint = "create_customer")]
pub async fn create_customer(input: NewCustomer) -> Result<CustomerId, AppError> {
    ctx::rpc(async |db, caller| {
        let id = service::create_customer(&db, &caller, &input).await?;
        ctx::redirect_form_post(&format!("/customers/{}", id.0));
        Ok(id)
    })
    .await
}

#[server(prefix = "/rpc", endpoint = "update_customer")]
pub async fn update_customer(id: CustomerId, input: CustomerEdit) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::update_customer(&db, &caller, id, &input).await).await
}

#[server(prefix = "/rpc", endpoint = "add_customer_note")]
pub async fn add_customer_note(id: CustomerId, kind: NoteKind, body: Bounded<2000>) -> Result<i64, AppError> {
    ctx::rpc(async |db, caller| {
        let note = service::add_note(&db, &caller, id, kind, &body).await?;
        ctx::redirect_form_post(&format!("/customers/{}", id.0));
        Ok(note)
    })
    .await
}

#[server(prefix = "/rpc", endpoint = "save_customer_address")]
pub async fn save_customer_address(id: CustomerId, input: AddressInput) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::save_address(&db, &caller, id, &input).await).await
}

#[server(prefix = "/rpc", endpoint = "set_default_address")]
pub async fn set_default_address(id: CustomerId, address_id: i64) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::set_default_address(&db, &caller, id, address_id).await).await
}

#[server(prefix = "/rpc", endpoint = "delete_customer_address")]
pub async fn delete_customer_address(id: CustomerId, address_id: i64) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::delete_address(&db, &caller, id, address_id).await).await
}

#[server(prefix = "/rpc", endpoint = "set_customer_tag")]
pub async fn set_customer_tag(id: CustomerId, tag_id: i64, on: bool) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::set_customer_tag(&db, &caller, id, tag_id, on).await).await
}

#[server(prefix = "/rpc", endpoint = "list_tags")]
pub async fn list_tags() -> Result<Vec<TagView>, AppError> {
    ctx::rpc(async |db, caller| service::list_tags(&db, &caller).await).await
}

#[server(prefix = "/rpc", endpoint = "save_tag")]
pub async fn save_tag(input: TagInput) -> Result<i64, AppError> {
    ctx::rpc(async |db, caller| service::save_tag(&db, &caller, &input).await).await
}

#[server(prefix = "/rpc", endpoint = "delete_tag")]
pub async fn delete_tag(id: i64) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::delete_tag(&db, &caller, id).await).await
}

#[server(prefix = "/rpc", endpoint = "get_crm_settings")]
pub async fn get_crm_settings() -> Result<CrmSettings, AppError> {
    ctx::rpc(async |db, caller| service::crm_settings(&db, &caller).await).await
}

#[server(prefix = "/rpc", endpoint = "save_lifecycle")]
pub async fn save_lifecycle(config: LifecycleConfig) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::save_lifecycle(&db, &caller, &config).await).await
}

#[server(prefix = "/rpc", endpoint = "add_custom_field")]
pub async fn add_custom_field(name: Bounded<40>, kind: FieldKind) -> Result<i64, AppError> {
    ctx::rpc(async |db, caller| service::add_field(&db, &caller, &name, kind).await).await
}

#[server(prefix = "/rpc", endpoint = "delete_custom_field")]
pub async fn delete_custom_field(id: i64) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::delete_field(&db, &caller, id).await).await
}

/// Re-evaluate every customer now (the daily job does it each morning).
#[server(prefix = "/rpc", endpoint = "refresh_customers")]
pub async fn refresh_customers() -> Result<RefreshReport, AppError> {
    ctx::rpc(async |db, caller| service::refresh_all(&db, &caller).await).await
}

#[server(prefix = "/rpc", endpoint = "get_segment_overview")]
pub async fn get_segment_overview(#[server(default)] agent_id: Option<i64>) -> Result<SegmentOverview, AppError> {
    ctx::rpc(async |db, caller| service::segment_overview(&db, &caller, agent_id).await).await
}

/// Repurchase figures for months `from ..= to` (`2025-01`); by default the last 12 months.
#[server(prefix = "/rpc", endpoint = "get_repurchase_report")]
pub async fn get_repurchase_report(#[server(default)] from: Bounded<16>, #[server(default)] to: Bounded<16>) -> Result<RepurchaseReport, AppError> {
    ctx::rpc(async |db, caller| {
        let (f, t) = super::logic::month_range(&from, &to, crate::time::day_of(crate::time::now_ms()))?;
        service::repurchase(&db, &caller, f, t).await
    })
    .await
}

#[server(prefix = "/rpc", endpoint = "list_campaigns")]
pub async fn list_campaigns() -> Result<Vec<CampaignView>, AppError> {
    ctx::rpc(async |db, caller| service::list_campaigns(&db, &caller).await).await
}

#[server(prefix = "/rpc", endpoint = "save_campaign")]
pub async fn save_campaign(input: CampaignInput) -> Result<i64, AppError> {
    ctx::rpc(async |db, caller| service::save_campaign(&db, &caller, &input).await).await
}

#[server(prefix = "/rpc", endpoint = "run_campaigns")]
pub async fn run_campaigns() -> Result<CampaignRunReport, AppError> {
    ctx::rpc(async |db, caller| service::run_campaigns(&db, &caller).await).await
}

#[server(prefix = "/rpc", endpoint = "issue_coupon")]
pub async fn issue_coupon(id: CustomerId, kind: DiscountKind, value: Bounded<32>, #[server(default)] min_spend: Bounded<32>, valid_days: i64) -> Result<String, AppError> {
    ctx::rpc(async |db, caller| service::issue_coupon(&db, &caller, id, kind, &value, &min_spend, valid_days).await).await
}

#[server(prefix = "/rpc", endpoint = "list_follow_ups")]
pub async fn list_follow_ups() -> Result<Vec<FollowUpView>, AppError> {
    ctx::rpc(async |db, caller| service::list_follow_ups(&db, &caller).await).await
}

#[server(prefix = "/rpc", endpoint = "finish_follow_up")]
pub async fn finish_follow_up(id: i64, contact: Contact, result: Bounded<2000>) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::finish_follow_up(&db, &caller, id, contact, &result).await).await
}

#[server(prefix = "/rpc", endpoint = "list_conflicts")]
pub async fn list_conflicts() -> Result<Vec<ConflictView>, AppError> {
    ctx::rpc(async |db, caller| service::list_conflicts(&db, &caller).await).await
}

#[server(prefix = "/rpc", endpoint = "resolve_conflict")]
pub async fn resolve_conflict(id: i64, decision: ConflictDecision) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::resolve_conflict(&db, &caller, id, decision).await).await
}

/// Addresses and usable coupons of the customer an order is being entered for.
#[server(prefix = "/rpc", endpoint = "lookup_order_customer")]
pub async fn lookup_order_customer(#[server(default)] lookup: OrderLookup) -> Result<Option<OrderCustomer>, AppError> {
    ctx::rpc(async |db, caller| service::order_customer(&db, &caller, &lookup).await).await
}

#[server(prefix = "/rpc", endpoint = "import_customers")]
pub async fn import_customers(input: ImportInput) -> Result<ImportReport, AppError> {
    ctx::rpc(async |db, caller| service::import_customers(&db, &caller, &input).await).await
}

/// The filtered customer list as .xlsx, as a file download (also from a plain form post).
#[server(prefix = "/rpc", endpoint = "export_customers", output = Streaming)]
pub async fn export_customers(#[server(default)] filter: CustomerFilter) -> Result<ByteStream<AppError>, AppError> {
    ctx::rpc(async |db, caller| {
        let (name, bytes) = service::export_customers(&db, &caller, &filter).await?;
        ctx::attachment(&name, service::XLSX);
        Ok(ByteStream::from(futures::stream::once(async move { bytes })))
    })
    .await
}

/// Everything stored about one customer, as a JSON file download (PIPL).
#[server(prefix = "/rpc", endpoint = "export_personal_data", output = Streaming)]
pub async fn export_personal_data(id: CustomerId) -> Result<ByteStream<AppError>, AppError> {
    ctx::rpc(async |db, caller| {
        let (name, bytes) = service::export_personal_data(&db, &caller, id).await?;
        ctx::attachment(&name, "application/json");
        Ok(ByteStream::from(futures::stream::once(async move { bytes })))
    })
    .await
}

#[server(prefix = "/rpc", endpoint = "erase_customer")]
pub async fn erase_customer(id: CustomerId) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::erase_customer(&db, &caller, id).await).await
}
