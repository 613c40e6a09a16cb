//! 数电票 drafts: check a draft (parties, 税收分类编码, rates allowed for the seller's taxpayer
//! type and the invoice kind) and turn it into an invoice with its totals — 合计金额, 合计税额,
//! 价税合计 in figures and in capitals — plus the order rule "an order cannot be invoiced
//! beyond its amount". Red-letter reversal is in `logic_invoice_red`.
//!
//! Rates allowed (our reading of the rules, kept deliberately narrow for a merchant app):
//! * 小规模纳税人: 3% and 1% (the 3% levy rate and its reduced rate), 5% (levy rate for
//!   real-estate sales and leases), and 免税. Never 13/9/6/0.
//! * 一般纳税人: 13%, 9%, 6%, 0% and 免税 for general-method items; 3% and 5% only for items
//!   marked as simplified-method (简易计税), and such items only at 3% or 5%. No 1%.
//! * 专票 (数电专票): never 免税 and never 0% lines; buyer name, taxpayer id, address/phone and
//!   bank/account all required; never to a natural person.
//! * 普票 (数电普票): buyer name required; taxpayer id optional, checked when given (an
//!   18-character resident id for a natural person, a taxpayer id otherwise).

use crate::tax::logic_capitals::capitals_fen;
pub use crate::tax::logic_invoice_error::InvoiceError;
use crate::tax::logic_rate::{TaxRate, TaxpayerType};
use crate::tax::logic_split::{split_lines, LineInput, PriceInput, RateTotal, Split, SplitLine};
use crate::tax::logic_uscc::{parse_resident_id, parse_tax_id, TaxIdWarning};
use serde::{Deserialize, Serialize};

/// Most lines one 数电票 may carry.
pub const MAX_LINES: usize = 2000;

/// 数电票 kinds this app issues.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InvoiceKind {
    /// 电子发票（增值税专用发票）, "数电专票".
    Special,
    /// 电子发票（普通发票）, "数电普票".
    Ordinary,
}


/// 销售方: the merchant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seller {
    pub name: String,
    pub tax_id: String,
    pub taxpayer: TaxpayerType,
}

/// 购买方.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Buyer {
    pub name: String,
    /// 统一社会信用代码/纳税人识别号; a resident id number for a natural person; may be empty on 普票.
    pub tax_id: String,
    /// 地址、电话.
    pub address_phone: String,
    /// 开户银行及账号.
    pub bank_account: String,
    /// The buyer is a natural person (个人), not a business.
    pub natural_person: bool,
}

/// One line of a draft: what the user typed plus its 税收分类编码.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftLine {
    pub line: LineInput,
    /// 19-digit 商品和服务税收分类编码.
    pub tax_code: String,
    /// 简易计税 item of a general taxpayer (ignored for small-scale taxpayers, always simplified).
    pub simplified: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDraft {
    pub kind: InvoiceKind,
    pub seller: Seller,
    pub buyer: Buyer,
    pub lines: Vec<DraftLine>,
}

/// A printed line: the split figures plus the code they were issued under.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    pub line: SplitLine,
    pub tax_code: String,
    pub simplified: bool,
}

/// Why a red-letter invoice was issued (the reasons of a 红字发票信息确认单).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RedReason {
    /// 开票有误
    InvoicingError,
    /// 销货退回
    SalesReturn,
    /// 服务中止
    ServiceStopped,
    /// 销售折让
    SalesAllowance,
}


/// Link from a red-letter invoice to the invoice it reverses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedLink {
    /// 20-digit 数电票 number of the original (blue) invoice.
    pub original_number: String,
    pub reason: RedReason,
}

/// A checked invoice, ready to be recorded and exported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    pub kind: InvoiceKind,
    /// Tax id normalised.
    pub seller: Seller,
    /// Tax id normalised.
    pub buyer: Buyer,
    pub lines: Vec<InvoiceLine>,
    pub by_rate: Vec<RateTotal>,
    /// 合计金额.
    pub amount_fen: i64,
    /// 合计税额.
    pub tax_fen: i64,
    /// 价税合计（小写）.
    pub gross_fen: i64,
    /// 价税合计（大写）.
    pub gross_capitals: String,
    /// Set on red-letter invoices.
    pub red_of: Option<RedLink>,
    /// Accepted with a warning (legacy numbers and the like), to show next to the ids.
    pub seller_warnings: Vec<TaxIdWarning>,
    pub buyer_warnings: Vec<TaxIdWarning>,
}

/// Rates the form offers for a taxpayer type and item method.
pub fn allowed_rates(taxpayer: TaxpayerType, simplified: bool) -> &'static [TaxRate] {
    match (taxpayer, simplified) {
        (TaxpayerType::SmallScale, _) => &[TaxRate::R3, TaxRate::R1, TaxRate::R5, TaxRate::Exempt],
        (TaxpayerType::General, false) => &[TaxRate::R13, TaxRate::R9, TaxRate::R6, TaxRate::Zero, TaxRate::Exempt],
        (TaxpayerType::General, true) => &[TaxRate::R3, TaxRate::R5],
    }
}

/// Check a draft and compute its totals. Every problem is reported.
pub fn validate_draft(draft: &InvoiceDraft) -> Result<Invoice, Vec<InvoiceError>> {
    let mut errors = Vec::new();
    let (seller, seller_warnings) = check_seller(&draft.seller, &mut errors);
    let (buyer, buyer_warnings) = check_buyer(draft.kind, &draft.buyer, &mut errors);
    if draft.lines.len() > MAX_LINES {
        errors.push(InvoiceError::TooManyLines { max: MAX_LINES });
    }
    // A non-positive line already has its error; splitting would only repeat it as a sign error.
    let mut positive = true;
    for (i, l) in draft.lines.iter().enumerate() {
        positive &= check_line(i + 1, draft.kind, draft.seller.taxpayer, l, &mut errors);
    }
    let split = if positive { split_or_collect(&draft.lines, &mut errors) } else { None };
    let split = match split {
        Some(split) if errors.is_empty() => split,
        _ => return Err(errors),
    };
    let small = draft.seller.taxpayer == TaxpayerType::SmallScale;
    let codes = draft.lines.iter().map(|l| (l.tax_code.trim().to_string(), l.simplified || small)).collect();
    let mut invoice = assemble(draft.kind, seller, buyer, split, codes, None)?;
    invoice.seller_warnings = seller_warnings;
    invoice.buyer_warnings = buyer_warnings;
    Ok(invoice)
}

/// Split the lines; split errors join the draft's other errors.
fn split_or_collect(lines: &[DraftLine], errors: &mut Vec<InvoiceError>) -> Option<Split> {
    let inputs: Vec<LineInput> = lines.iter().map(|l| l.line.clone()).collect();
    match split_lines(&inputs) {
        Ok(split) => Some(split),
        Err(e) => {
            errors.extend(e.into_iter().map(|error| InvoiceError::Line { error }));
            None
        }
    }
}

fn check_seller(s: &Seller, errors: &mut Vec<InvoiceError>) -> (Seller, Vec<TaxIdWarning>) {
    let mut out = Seller { name: s.name.trim().to_string(), ..s.clone() };
    if out.name.is_empty() {
        errors.push(InvoiceError::SellerNameMissing);
    }
    match parse_tax_id(&s.tax_id) {
        Ok(id) => {
            out.tax_id = id.normalized;
            (out, id.warnings)
        }
        Err(error) => {
            errors.push(InvoiceError::SellerTaxId { error });
            (out, Vec::new())
        }
    }
}

fn check_buyer(kind: InvoiceKind, b: &Buyer, errors: &mut Vec<InvoiceError>) -> (Buyer, Vec<TaxIdWarning>) {
    let mut out = Buyer {
        name: b.name.trim().to_string(),
        tax_id: b.tax_id.trim().to_string(),
        address_phone: b.address_phone.trim().to_string(),
        bank_account: b.bank_account.trim().to_string(),
        natural_person: b.natural_person,
    };
    if out.name.is_empty() {
        errors.push(InvoiceError::BuyerNameMissing);
    }
    if kind == InvoiceKind::Special {
        if b.natural_person {
            errors.push(InvoiceError::NaturalPersonOnSpecial);
        } else if out.tax_id.is_empty() {
            errors.push(InvoiceError::BuyerTaxIdMissing);
        }
        if out.address_phone.is_empty() {
            errors.push(InvoiceError::BuyerAddressPhoneMissing);
        }
        if out.bank_account.is_empty() {
            errors.push(InvoiceError::BuyerBankAccountMissing);
        }
    }
    let mut warnings = Vec::new();
    if !out.tax_id.is_empty() {
        let parsed = if b.natural_person {
            parse_resident_id(&out.tax_id).map(|id| (id, Vec::new()))
        } else {
            parse_tax_id(&out.tax_id).map(|id| (id.normalized, id.warnings))
        };
        match parsed {
            Ok((id, w)) => {
                out.tax_id = id;
                warnings = w;
            }
            Err(error) => errors.push(InvoiceError::BuyerTaxId { error }),
        }
    }
    (out, warnings)
}

/// Rules of one line that the split does not know; returns false for a non-positive line.
fn check_line(line: usize, kind: InvoiceKind, taxpayer: TaxpayerType, l: &DraftLine, errors: &mut Vec<InvoiceError>) -> bool {
    let code = l.tax_code.trim();
    if code.is_empty() {
        errors.push(InvoiceError::TaxCodeMissing { line });
    } else if !is_tax_code(code) {
        errors.push(InvoiceError::TaxCodeInvalid { line, code: code.to_string() });
    }
    if let Err(e) = check_rate(line, taxpayer, l.line.rate, l.simplified) {
        errors.push(e);
    }
    if kind == InvoiceKind::Special && l.line.rate == TaxRate::Exempt {
        errors.push(InvoiceError::ExemptOnSpecial { line });
    }
    if kind == InvoiceKind::Special && l.line.rate == TaxRate::Zero {
        errors.push(InvoiceError::ZeroRateOnSpecial { line });
    }
    let negative_qty = l.line.qty.is_some_and(|q| q.is_sign_negative() && !q.is_zero());
    let negative_gross = matches!(l.line.price, PriceInput::Gross { fen } if fen < 0);
    if negative_qty || negative_gross {
        errors.push(InvoiceError::LineNotPositive { line });
        return false;
    }
    true
}

/// A 商品和服务税收分类编码: 19 digits, the first being the category 1–6
/// (货物, 劳务, 服务, 无形资产, 不动产, 未发生销售行为的不征税项目).
pub fn is_tax_code(code: &str) -> bool {
    code.len() == 19 && code.bytes().all(|b| b.is_ascii_digit()) && (b'1'..=b'6').contains(&code.as_bytes()[0])
}

/// Whether a taxpayer type may issue a line at `rate` (see the module rules).
pub fn check_rate(line: usize, taxpayer: TaxpayerType, rate: TaxRate, simplified: bool) -> Result<(), InvoiceError> {
    match taxpayer {
        TaxpayerType::SmallScale if allowed_rates(taxpayer, false).contains(&rate) => Ok(()),
        TaxpayerType::SmallScale => Err(InvoiceError::RateNotAllowed { line, rate, taxpayer }),
        TaxpayerType::General if allowed_rates(taxpayer, simplified).contains(&rate) => Ok(()),
        TaxpayerType::General if allowed_rates(taxpayer, !simplified).contains(&rate) => {
            Err(InvoiceError::SimplifiedRateMismatch { line, rate, simplified })
        }
        TaxpayerType::General => Err(InvoiceError::RateNotAllowed { line, rate, taxpayer }),
    }
}

/// Build the invoice from split lines; shared by blue and red invoices.
pub(crate) fn assemble(
    kind: InvoiceKind,
    seller: Seller,
    buyer: Buyer,
    split: Split,
    codes: Vec<(String, bool)>,
    red_of: Option<RedLink>,
) -> Result<Invoice, Vec<InvoiceError>> {
    // Lines are capped so that this cannot fail; the error keeps it from ever panicking.
    let gross_capitals = capitals_fen(split.gross_fen).map_err(|_| vec![InvoiceError::TotalTooLarge])?;
    let lines = split
        .lines
        .into_iter()
        .zip(codes)
        .map(|(line, (tax_code, simplified))| InvoiceLine { line, tax_code, simplified })
        .collect();
    Ok(Invoice {
        kind,
        seller,
        buyer,
        lines,
        by_rate: split.by_rate,
        amount_fen: split.amount_fen,
        tax_fen: split.tax_fen,
        gross_fen: split.gross_fen,
        gross_capitals,
        red_of,
        seller_warnings: Vec::new(),
        buyer_warnings: Vec::new(),
    })
}

/// What is still invoiceable on an order: its 价税合计 minus what has been invoiced so far
/// (blue invoices minus red-letter ones).
pub fn remaining_invoiceable(order_gross_fen: i64, invoiced_fen: i64) -> Result<i64, InvoiceError> {
    if order_gross_fen < 0 {
        return Err(InvoiceError::OrderAmountNegative { order_fen: order_gross_fen });
    }
    if invoiced_fen > order_gross_fen {
        return Err(InvoiceError::OrderOverInvoiced { order_fen: order_gross_fen, invoiced_fen });
    }
    Ok(order_gross_fen - invoiced_fen)
}

/// Check that invoicing `requested_fen` more stays within the order; returns what remains after.
pub fn check_within_order(order_gross_fen: i64, invoiced_fen: i64, requested_fen: i64) -> Result<i64, InvoiceError> {
    let remaining = remaining_invoiceable(order_gross_fen, invoiced_fen)?;
    if requested_fen > remaining {
        return Err(InvoiceError::ExceedsOrder {
            order_fen: order_gross_fen,
            invoiced_fen,
            requested_fen,
            remaining_fen: remaining,
        });
    }
    Ok(remaining - requested_fen)
}

#[cfg(test)]
#[path = "logic_invoice_tests.rs"]
pub(crate) mod tests;
