//! Errors of invoice drafts, order limits and red-letter reversals, with their zh-CN and en
//! messages. `line` numbers are 1-based, as the user sees them on the form.

use crate::tax::logic_rate::{TaxRate, TaxpayerType};
use crate::tax::logic_split::SplitError;
use crate::tax::logic_uscc::UsccError;
use serde::{Deserialize, Serialize};

/// Why an invoice draft, an order limit or a red-letter request was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvoiceError {
    SellerNameMissing,
    SellerTaxId { error: UsccError },
    BuyerNameMissing,
    /// 专票 buyers must give their taxpayer id.
    BuyerTaxIdMissing,
    BuyerTaxId { error: UsccError },
    BuyerAddressPhoneMissing,
    BuyerBankAccountMissing,
    /// A 专票 cannot be issued to a natural person.
    NaturalPersonOnSpecial,
    TooManyLines { max: usize },
    TaxCodeMissing { line: usize },
    TaxCodeInvalid { line: usize, code: String },
    RateNotAllowed { line: usize, rate: TaxRate, taxpayer: TaxpayerType },
    /// General taxpayer: 3%/5% only for items marked as simplified-method, and those only at 3%/5%.
    SimplifiedRateMismatch { line: usize, rate: TaxRate, simplified: bool },
    ExemptOnSpecial { line: usize },
    ZeroRateOnSpecial { line: usize },
    LineNotPositive { line: usize },
    Line { error: SplitError },
    /// The invoice total cannot be written in capitals (beyond any real invoice).
    TotalTooLarge,
    /// Invoicing `requested` would take the order's invoiced total past its amount.
    ExceedsOrder { order_fen: i64, invoiced_fen: i64, requested_fen: i64, remaining_fen: i64 },
    /// The records already show more invoiced than the order's amount.
    OrderOverInvoiced { order_fen: i64, invoiced_fen: i64 },
    OrderAmountNegative { order_fen: i64 },
    OriginalNumberInvalid { number: String },
    OriginalIsRed,
    ReversedListMismatch { lines: usize, given: usize },
    NothingLeftToReverse,
    RedNoLines,
    RedLineUnknown { line: usize },
    RedLineDuplicate { line: usize },
    RedAmountNotPositive { line: usize },
    RedExceedsRemaining { line: usize, remaining_fen: i64, requested_fen: i64 },
    RedQtyInvalid { line: usize },
}

impl InvoiceError {
    pub fn code(&self) -> &'static str {
        use InvoiceError::*;
        match self {
            SellerNameMissing => "invoice_seller_name_missing",
            SellerTaxId { .. } => "invoice_seller_tax_id",
            BuyerNameMissing => "invoice_buyer_name_missing",
            BuyerTaxIdMissing => "invoice_buyer_tax_id_missing",
            BuyerTaxId { .. } => "invoice_buyer_tax_id",
            BuyerAddressPhoneMissing => "invoice_buyer_address_phone_missing",
            BuyerBankAccountMissing => "invoice_buyer_bank_account_missing",
            NaturalPersonOnSpecial => "invoice_natural_person_on_special",
            TooManyLines { .. } => "invoice_too_many_lines",
            TaxCodeMissing { .. } => "invoice_tax_code_missing",
            TaxCodeInvalid { .. } => "invoice_tax_code_invalid",
            RateNotAllowed { .. } => "invoice_rate_not_allowed",
            SimplifiedRateMismatch { .. } => "invoice_simplified_rate_mismatch",
            ExemptOnSpecial { .. } => "invoice_exempt_on_special",
            ZeroRateOnSpecial { .. } => "invoice_zero_rate_on_special",
            LineNotPositive { .. } => "invoice_line_not_positive",
            Line { error } => error.code(),
            TotalTooLarge => "invoice_total_too_large",
            ExceedsOrder { .. } => "invoice_exceeds_order",
            OrderOverInvoiced { .. } => "invoice_order_over_invoiced",
            OrderAmountNegative { .. } => "invoice_order_amount_negative",
            OriginalNumberInvalid { .. } => "red_original_number_invalid",
            OriginalIsRed => "red_original_is_red",
            ReversedListMismatch { .. } => "red_reversed_list_mismatch",
            NothingLeftToReverse => "red_nothing_left",
            RedNoLines => "red_no_lines",
            RedLineUnknown { .. } => "red_line_unknown",
            RedLineDuplicate { .. } => "red_line_duplicate",
            RedAmountNotPositive { .. } => "red_amount_not_positive",
            RedExceedsRemaining { .. } => "red_exceeds_remaining",
            RedQtyInvalid { .. } => "red_qty_invalid",
        }
    }
}
