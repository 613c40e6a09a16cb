//! Server functions of the tax area: caller → service → DTO. The two exports answer with
//! the .xlsx file itself (a plain form post downloads it, also before the wasm arrives).

use super::{
    InputFilter, InputInvoice, InputInvoiceId, InvoiceDetail, InvoiceFilter, InvoiceId, InvoicePreview, InvoiceSummary, InvoiceableOrder,
    NewInputInvoice, NewInvoice, PolicyRow, ProductTax, ProductTaxFilter, ProfileInput, ReverseInput, TaxIdWarning, TaxProfile,
    TaxSettingsInput, VatSummary,
};
use crate::bounded::Bounded;
use crate::error::AppError;
use crate::page::Page;
use leptos::prelude::*;
use leptos::server_fn::codec::{ByteStream, Streaming};
#[cfg(feature = "ssr")]
use {super::service, crate::ctx};

#[cfg(feature = "ssr")]
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[server(prefix = "/rpc", endpoint = "get_tax_profile")]
pub async fn get_tax_profile() -> Result<Option<TaxProfile>, AppError> {
    ctx::rpc(async |db, caller| service::get_profile(&db, &caller).await).await
}

/// Returns the warnings the tax id was accepted with.
#[server(prefix = "/rpc", endpoint = "save_tax_profile")]
pub async fn save_tax_profile(input: ProfileInput) -> Result<Vec<TaxIdWarning>, AppError> {
    ctx::rpc(async |db, caller| service::save_profile(&db, &caller, &input).await).await
}

#[server(prefix = "/rpc", endpoint = "list_tax_policy")]
pub async fn list_tax_policy() -> Result<Vec<PolicyRow>, AppError> {
    ctx::rpc(async |db, caller| service::list_policy(&db, &caller).await).await
}

#[server(prefix = "/rpc", endpoint = "list_product_tax")]
pub async fn list_product_tax(#[server(default)] filter: ProductTaxFilter) -> Result<Page<ProductTax>, AppError> {
    ctx::rpc(async |db, caller| service::list_product_tax(&db, &caller, &filter).await).await
}

#[server(prefix = "/rpc", endpoint = "save_product_tax")]
pub async fn save_product_tax(input: TaxSettingsInput) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::save_product_tax(&db, &caller, &input).await).await
}

#[server(prefix = "/rpc", endpoint = "invoiceable_orders")]
pub async fn invoiceable_orders(q: Bounded<64>) -> Result<Vec<InvoiceableOrder>, AppError> {
    ctx::rpc(async |db, caller| service::invoiceable_orders(&db, &caller, &q).await).await
}

#[server(prefix = "/rpc", endpoint = "preview_invoice")]
pub async fn preview_invoice(input: NewInvoice) -> Result<InvoicePreview, AppError> {
    ctx::rpc(async |db, caller| service::preview_invoice(&db, &caller, &input).await).await
}

/// A plain form post is redirected to the new invoice's page.
#[server(prefix = "/rpc", endpoint = "create_invoice")]
pub async fn create_invoice(input: NewInvoice) -> Result<InvoiceId, AppError> {
    ctx::rpc(async |db, caller| {
        let id = service::create_invoice(&db, &caller, &input).await?;
        ctx::redirect_form_post(&format!("/tax/invoices/{}", id.0));
        Ok(id)
    })
    .await
}

#[server(prefix = "/rpc", endpoint = "list_invoices")]
pub async fn list_invoices(#[server(default)] filter: InvoiceFilter) -> Result<Page<InvoiceSummary>, AppError> {
    ctx::rpc(async |db, caller| service::list_invoices(&db, &caller, &filter).await).await
}

#[server(prefix = "/rpc", endpoint = "get_invoice")]
pub async fn get_invoice(id: InvoiceId) -> Result<InvoiceDetail, AppError> {
    ctx::rpc(async |db, caller| service::get_invoice(&db, &caller, id).await).await
}

/// Record the 20-digit number and date of an invoice issued on the tax bureau's platform.
#[server(prefix = "/rpc", endpoint = "issue_invoice")]
pub async fn issue_invoice(id: InvoiceId, number: Bounded<24>, date: Bounded<10>) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::issue_invoice(&db, &caller, id, &number, &date).await).await
}

#[server(prefix = "/rpc", endpoint = "delete_invoice")]
pub async fn delete_invoice(id: InvoiceId) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::delete_invoice(&db, &caller, id).await).await
}

/// Returns the red-letter invoice's id.
#[server(prefix = "/rpc", endpoint = "reverse_invoice")]
pub async fn reverse_invoice(id: InvoiceId, input: ReverseInput) -> Result<InvoiceId, AppError> {
    ctx::rpc(async |db, caller| service::reverse_invoice(&db, &caller, id, &input).await).await
}

#[server(prefix = "/rpc", endpoint = "list_input_invoices")]
pub async fn list_input_invoices(#[server(default)] filter: InputFilter) -> Result<Page<InputInvoice>, AppError> {
    ctx::rpc(async |db, caller| service::list_inputs(&db, &caller, &filter).await).await
}

/// Purchase orders with goods received, to link an input invoice to.
#[server(prefix = "/rpc", endpoint = "list_purchase_receipts")]
pub async fn list_purchase_receipts() -> Result<Vec<crate::inventory::ReceivedPurchase>, AppError> {
    ctx::rpc(async |db, caller| service::purchase_receipts(&db, &caller).await).await
}

#[server(prefix = "/rpc", endpoint = "create_input_invoice")]
pub async fn create_input_invoice(input: NewInputInvoice) -> Result<InputInvoiceId, AppError> {
    ctx::rpc(async |db, caller| service::create_input(&db, &caller, &input).await).await
}

/// Record the 勾选/认证 date of an input invoice.
#[server(prefix = "/rpc", endpoint = "select_input_invoice")]
pub async fn select_input_invoice(id: InputInvoiceId, date: Bounded<10>) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::select_input(&db, &caller, id, &date).await).await
}

#[server(prefix = "/rpc", endpoint = "delete_input_invoice")]
pub async fn delete_input_invoice(id: InputInvoiceId) -> Result<(), AppError> {
    ctx::rpc(async |db, caller| service::delete_input(&db, &caller, id).await).await
}

/// `period`: `2026-11` (month) or `2026-Q4` (quarter).
#[server(prefix = "/rpc", endpoint = "get_vat_summary")]
pub async fn get_vat_summary(period: Bounded<8>) -> Result<VatSummary, AppError> {
    ctx::rpc(async |db, caller| service::vat_summary(&db, &caller, &period).await).await
}

/// The VAT summary as .xlsx (the return's lines in order).
#[server(prefix = "/rpc", endpoint = "export_vat_summary", output = Streaming)]
pub async fn export_vat_summary(period: Bounded<8>) -> Result<ByteStream<AppError>, AppError> {
    ctx::rpc(async |db, caller| {
        let bytes = service::export_vat(&db, &caller, &period).await?;
        ctx::attachment(&format!("vat-{}.xlsx", period.trim()), XLSX);
        Ok(ByteStream::from(futures::stream::once(async move { bytes })))
    })
    .await
}

/// The invoice list (status and period of the filter) as .xlsx.
#[server(prefix = "/rpc", endpoint = "export_invoices", output = Streaming)]
pub async fn export_invoices(#[server(default)] filter: InvoiceFilter) -> Result<ByteStream<AppError>, AppError> {
    ctx::rpc(async |db, caller| {
        let bytes = service::export_invoices(&db, &caller, &filter).await?;
        ctx::attachment("invoices.xlsx", XLSX);
        Ok(ByteStream::from(futures::stream::once(async move { bytes })))
    })
    .await
}
