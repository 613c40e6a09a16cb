//! Server functions of the finance area: caller → service → DTO. Plain form posts (before the
//! wasm arrives) are redirected to the page showing the result.

use super::{
    BankMappingInput, BankMappingView, BillChoice, BillImportRow, BillPreview, Category, ClosedPeriod, ExpenseFilter, ExpenseId, ExpensePreview,
    ExpenseRow, ImportReport, MatchResult, MonthText, NewExpense, NewPayment, OrderPayments, PaymentDetail, PaymentFilter, PaymentId, PaymentRow,
    Pnl, ReconFilter, Reconciliation, Upload, UploadKind, XlsxFile,
};
use crate::bounded::Bounded;
use crate::error::AppError;
use crate::orders::OrderId;
use crate::page::Page;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use {
    super::{service, service_bills, service_expenses, service_pnl},
    crate::ctx,
};

#[server(prefix = "/rpc", endpoint = "list_payments")]
pub async fn list_payments(#[server(default)] filter: PaymentFilter) -> Result<Page<PaymentRow>, AppError> {
    ctx::rpc(async |db, caller| service::list_payments(&db, &caller, &filter).await).await
}

#[server(prefix = "/rpc", endpoint = "get_payment")]
pub async fn get_payment(id: PaymentId) -> Result<PaymentDetail, AppError> {
    ctx::rpc(async |db, caller| service::get_payment(&db, &caller, id).await).await
}

#[server(prefix = "/rpc", endpoint = "record_payment")]
pub async fn record_payment(input: NewPayment) -> Result<MatchResult, AppError> {
    ctx::rpc(async |db, caller| {
        let r = service::record_payment(&db, &caller, &input).await?;
        ctx::redirect_form_post(&format!("/finance/payments/{}", r.id.0));
        Ok(r)
    })
    .await
}

/// Match a payment to an order chosen by id (from the candidates) or typed by number.
#[server(prefix = "/rpc", endpoint = "match_payment")]
pub async fn match_payment(id: PaymentId, order_id: Option<i64>, #[server(default)] order_no: Bounded<32>) -> Result<MatchResult, AppError> {
    ctx::rpc(async |db, caller| {
        let target = match order_id {
            Some(o) => service::OrderRef::Id(OrderId(o)),
            None => service::OrderRef::No(order_no.into_string()),
        };
        let r = service::match_payment(&db, &caller, id, target).await?;
        ctx::redirect_form_post(&format!("/finance/payments/{}", id.0));
        Ok(r)
    })
    .await
}

#[server(prefix = "/rpc", endpoint = "unmatch_payment")]
pub async fn unmatch_payment(id: PaymentId) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::unmatch_payment(&db, &caller, id).await).await
}

/// The payments of an order (anyone who may see the order).
#[server(prefix = "/rpc", endpoint = "get_order_payments")]
pub async fn get_order_payments(id: OrderId) -> Result<OrderPayments, AppError> {
    ctx::rpc(async |db, caller| service::order_payments(&db, &caller, id).await).await
}

/// Keep a file for an import's preview; returns its token.
#[server(prefix = "/rpc", endpoint = "upload_file")]
pub async fn upload_file(kind: UploadKind, file: Upload) -> Result<String, AppError> {
    ctx::rpc(async |db, caller| service_bills::upload(&db, &caller, kind, &file).await).await
}

#[server(prefix = "/rpc", endpoint = "preview_bill")]
pub async fn preview_bill(token: Bounded<64>, #[server(default)] choice: BillChoice) -> Result<BillPreview, AppError> {
    ctx::rpc(async |db, caller| service_bills::preview_bill(&db, &caller, &token, &choice).await).await
}

#[server(prefix = "/rpc", endpoint = "import_bill")]
pub async fn import_bill(token: Bounded<64>, #[server(default)] choice: BillChoice) -> Result<ImportReport, AppError> {
    ctx::rpc(async |db, caller| {
        let r = service_bills::import_bill(&db, &caller, &token, &choice).await?;
        ctx::redirect_form_post("/finance/bills");
        Ok(r)
    })
    .await
}

#[server(prefix = "/rpc", endpoint = "list_bill_imports")]
pub async fn list_bill_imports() -> Result<Vec<BillImportRow>, AppError> {
    ctx::rpc(async |db, caller| service_bills::list_imports(&db, &caller).await).await
}

#[server(prefix = "/rpc", endpoint = "list_bank_mappings")]
pub async fn list_bank_mappings() -> Result<Vec<BankMappingView>, AppError> {
    ctx::rpc(async |db, caller| service_bills::list_bank_mappings(&db, &caller).await).await
}

#[server(prefix = "/rpc", endpoint = "save_bank_mapping")]
pub async fn save_bank_mapping(input: BankMappingInput) -> Result<i64, AppError> {
    ctx::rpc(async |db, caller| {
        let id = service_bills::save_bank_mapping(&db, &caller, &input).await?;
        ctx::redirect_form_post("/finance/bills");
        Ok(id)
    })
    .await
}

#[server(prefix = "/rpc", endpoint = "get_reconciliation")]
pub async fn get_reconciliation(#[server(default)] filter: ReconFilter) -> Result<Reconciliation, AppError> {
    ctx::rpc(async |db, caller| service_bills::reconciliation(&db, &caller, &filter).await).await
}

#[server(prefix = "/rpc", endpoint = "expense_categories")]
pub async fn expense_categories() -> Result<Vec<Category>, AppError> {
    ctx::rpc(async |db, caller| service_expenses::categories(&db, &caller).await).await
}

#[server(prefix = "/rpc", endpoint = "create_expense_category")]
pub async fn create_expense_category(name: Bounded<40>) -> Result<Category, AppError> {
    ctx::rpc(async |db, caller| {
        let c = service_expenses::create_category(&db, &caller, &name).await?;
        ctx::redirect_form_post("/finance/expenses");
        Ok(c)
    })
    .await
}

#[server(prefix = "/rpc", endpoint = "list_expenses")]
pub async fn list_expenses(#[server(default)] filter: ExpenseFilter) -> Result<Page<ExpenseRow>, AppError> {
    ctx::rpc(async |db, caller| service_expenses::list_expenses(&db, &caller, &filter).await).await
}

#[server(prefix = "/rpc", endpoint = "record_expense")]
pub async fn record_expense(input: NewExpense) -> Result<ExpenseId, AppError> {
    ctx::rpc(async |db, caller| {
        let id = service_expenses::record_expense(&db, &caller, &input).await?;
        ctx::redirect_form_post("/finance/expenses");
        Ok(id)
    })
    .await
}

#[server(prefix = "/rpc", endpoint = "delete_expense")]
pub async fn delete_expense(id: ExpenseId) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service_expenses::delete_expense(&db, &caller, id).await).await
}

#[server(prefix = "/rpc", endpoint = "preview_expenses")]
pub async fn preview_expenses(token: Bounded<64>) -> Result<ExpensePreview, AppError> {
    ctx::rpc(async |db, caller| service_expenses::preview_expenses(&db, &caller, &token).await).await
}

#[server(prefix = "/rpc", endpoint = "import_expenses")]
pub async fn import_expenses(token: Bounded<64>) -> Result<i64, AppError> {
    ctx::rpc(async |db, caller| {
        let n = service_expenses::import_expenses(&db, &caller, &token).await?;
        ctx::redirect_form_post("/finance/expenses");
        Ok(n)
    })
    .await
}

#[server(prefix = "/rpc", endpoint = "get_pnl")]
pub async fn get_pnl(#[server(default)] month: MonthText) -> Result<Pnl, AppError> {
    ctx::rpc(async |db, caller| service_pnl::pnl(&db, &caller, &month).await).await
}

#[server(prefix = "/rpc", endpoint = "export_pnl")]
pub async fn export_pnl(#[server(default)] month: MonthText) -> Result<XlsxFile, AppError> {
    ctx::rpc(async |db, caller| service_pnl::export_pnl(&db, &caller, &month).await).await
}

#[server(prefix = "/rpc", endpoint = "close_period")]
pub async fn close_period(month: MonthText) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| {
        service_pnl::close_period(&db, &caller, &month).await?;
        ctx::redirect_form_post(&format!("/finance/pnl?month={}", month.trim()));
        Ok(())
    })
    .await
}

#[server(prefix = "/rpc", endpoint = "closed_periods")]
pub async fn closed_periods() -> Result<Vec<ClosedPeriod>, AppError> {
    ctx::rpc(async |db, caller| service_pnl::closed_periods(&db, &caller).await).await
}
