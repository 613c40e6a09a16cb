//! Server functions of the commissions area: caller → service → DTO.

use super::{Month, MonthEndOutcome, MonthOverview, PayoutInput, PreviewView, RuleChoices, RuleSetInput, RuleSetView};
use super::{StatementDetail, StatementFilter, StatementId, StatementSummary};
use crate::error::AppError;
use crate::page::{Page, Seek};
use leptos::prelude::*;
use leptos::server_fn::codec::{ByteStream, Streaming};
#[cfg(feature = "ssr")]
use {super::service, crate::ctx};

#[server(prefix = "/rpc", endpoint = "list_rule_sets")]
pub async fn list_rule_sets() -> Result<Vec<RuleSetView>, AppError> {
    ctx::rpc(async |db, caller| service::list_rule_sets(&db, &caller).await).await
}

#[server(prefix = "/rpc", endpoint = "get_rule_choices")]
pub async fn get_rule_choices() -> Result<RuleChoices, AppError> {
    ctx::rpc(async |db, caller| service::rule_choices(&db, &caller).await).await
}

/// Returns the rule set's id. A plain form post (no wasm yet) is redirected to the rules page.
#[server(prefix = "/rpc", endpoint = "save_rule_set")]
pub async fn save_rule_set(input: RuleSetInput) -> Result<i64, AppError> {
    ctx::rpc(async |db, caller| {
        let id = service::save_rule_set(&db, &caller, &input).await?;
        ctx::redirect_form_post("/commissions/rules");
        Ok(id)
    })
    .await
}

#[server(prefix = "/rpc", endpoint = "preview_rule_set")]
pub async fn preview_rule_set(input: RuleSetInput) -> Result<PreviewView, AppError> {
    ctx::rpc(async |db, caller| service::preview_rule_set(&db, &caller, &input).await).await
}

/// A plain form post is redirected back to the month.
#[server(prefix = "/rpc", endpoint = "run_month_end")]
pub async fn run_month_end(month: Month) -> Result<MonthEndOutcome, AppError> {
    ctx::rpc(async |db, caller| {
        let outcome = service::run_month_end(&db, &caller, month).await?;
        ctx::redirect_form_post(&format!("/commissions?month={month}"));
        Ok(outcome)
    })
    .await
}

/// Returns the number of statements confirmed.
#[server(prefix = "/rpc", endpoint = "approve_month")]
pub async fn approve_month(month: Month) -> Result<u64, AppError> {
    ctx::rpc(async |db, caller| {
        let n = service::approve_month(&db, &caller, month).await?;
        ctx::redirect_form_post(&format!("/commissions?month={month}"));
        Ok(n)
    })
    .await
}

/// `None`: last month (the one to close now). With a page of its statements from `seek`.
#[server(prefix = "/rpc", endpoint = "get_commission_month")]
pub async fn get_commission_month(month: Option<Month>, #[server(default)] seek: Seek) -> Result<MonthOverview, AppError> {
    ctx::rpc(async |db, caller| service::month_overview(&db, &caller, month, seek).await).await
}

#[server(prefix = "/rpc", endpoint = "list_statements")]
pub async fn list_statements(#[server(default)] filter: StatementFilter) -> Result<Page<StatementSummary>, AppError> {
    ctx::rpc(async |db, caller| service::list_statements(&db, &caller, &filter).await).await
}

#[server(prefix = "/rpc", endpoint = "get_statement")]
pub async fn get_statement(id: StatementId) -> Result<StatementDetail, AppError> {
    ctx::rpc(async |db, caller| service::get_statement(&db, &caller, id).await).await
}

/// A plain form post is redirected back to the statement.
#[server(prefix = "/rpc", endpoint = "record_payout")]
pub async fn record_payout(input: PayoutInput) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| {
        service::record_payout(&db, &caller, &input).await?;
        ctx::redirect_form_post(&format!("/commissions/statements/{}", input.statement_id.0));
        Ok(())
    })
    .await
}

/// The month's statements as an .xlsx download (an agent's own only). Posted by a plain form,
/// so the browser saves the answer as a file.
#[server(prefix = "/rpc", endpoint = "export_statements", output = Streaming)]
pub async fn export_statements(month: Month) -> Result<ByteStream<AppError>, AppError> {
    ctx::rpc(async |db, caller| {
        let bytes = service::export_month(&db, &caller, month).await?;
        ctx::attachment(&format!("commissions-{month}.xlsx"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        Ok(ByteStream::new(futures::stream::once(async move { Ok::<_, AppError>(bytes) })))
    })
    .await
}
