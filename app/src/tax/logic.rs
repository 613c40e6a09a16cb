//! The tax area's fault ([`TaxError`]) and the pure glue between what the app stores and the
//! rules of the `logic_*` modules: checking the profile, product settings and input
//! invoices; turning order lines and typed lines into invoice draft lines; turning recorded
//! invoices and orders into the sale records of the VAT summaries; chaining a general
//! taxpayer's credit from month to month. No IO.

use super::logic_fen::fen_to_yuan;
use super::logic_invoice::{is_tax_code, DraftLine, InvoiceKind, RedReason};
use super::logic_invoice_error::InvoiceError;
use super::logic_rate::{tax_in_gross, TaxRate, TaxpayerType};
use super::logic_split::{LineInput, PriceInput};
use super::logic_uscc::{parse_tax_id, TaxId, UsccError};
use super::logic_vat::{CityTier, InputTax, Period, SaleDoc, SaleKind, SaleRecord, VatError};
use super::logic_vat_general::{general_quarter, general_return, GeneralParams, GeneralReturn};
use super::logic_vat_policy::TaxPolicy;
use super::{HandLine, NewInputInvoice, ProfileInput, TaxSettings, TaxSettingsInput};
use crate::error::{AreaError, CommonError};
use crate::money::Money;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// A refusal of the tax area. Drafts, reversals and summaries report every problem at once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum TaxError {
    /// The draft, the order limit or the red-letter request broke these rules.
    Invoice { errors: Vec<InvoiceError> },
    /// The records of the period cannot be summarised.
    Vat { errors: Vec<VatError> },
    /// A taxpayer id typed in `field` is wrong.
    TaxId { field: String, error: UsccError },
    /// The company's tax profile is not filled in yet.
    ProfileMissing,
    /// These products have no tax settings (税收分类编码 etc.).
    SettingsMissing { products: Vec<String> },
    BadTaxCode { value: String },
    ShortNameMissing,
    RateNotAllowed { rate: TaxRate, taxpayer: TaxpayerType },
    NoOrders,
    /// The orders belong to more than one buyer.
    SeveralBuyers,
    /// The order is not a sale (unpaid or cancelled).
    OrderNotSold { order_no: String },
    /// The order is already invoiced (up to its amount).
    OrderInvoiced { order_no: String, error: InvoiceError },
    /// Only a 待开票 invoice can be issued or deleted.
    NotPending,
    /// Only an issued blue invoice can be reversed.
    NotReversible,
    InvoiceNumber { number: String },
    NumberTaken { number: String },
    BadDate { field: String },
    BadPeriod { text: String },
    /// 勾选 before the invoice's date.
    SelectedBeforeIssued,
    /// A deductible input invoice needs its 勾选/认证 date.
    SelectedDateMissing,
    InputNumber { number: String },
    InputTaxTooHigh,
    InputDuplicate { number: String },
    /// The linked purchase order does not exist or has received nothing yet.
    UnknownReceipt { id: i64 },
}

impl AreaError for TaxError {
    fn code(&self) -> &'static str {
        use TaxError::*;
        match self {
            Invoice { .. } => "invoice",
            Vat { .. } => "vat",
            TaxId { .. } => "tax_id",
            ProfileMissing => "profile_missing",
            SettingsMissing { .. } => "settings_missing",
            BadTaxCode { .. } => "bad_tax_code",
            ShortNameMissing => "short_name_missing",
            RateNotAllowed { .. } => "rate_not_allowed",
            NoOrders => "no_orders",
            SeveralBuyers => "several_buyers",
            OrderNotSold { .. } => "order_not_sold",
            OrderInvoiced { .. } => "order_invoiced",
            NotPending => "not_pending",
            NotReversible => "not_reversible",
            InvoiceNumber { .. } => "invoice_number",
            NumberTaken { .. } => "number_taken",
            BadDate { .. } => "bad_date",
            BadPeriod { .. } => "bad_period",
            SelectedBeforeIssued => "selected_before_issued",
            SelectedDateMissing => "selected_date_missing",
            InputNumber { .. } => "input_number",
            InputTaxTooHigh => "input_tax_too_high",
            InputDuplicate { .. } => "input_duplicate",
            UnknownReceipt { .. } => "unknown_receipt",
        }
    }

    fn field(&self) -> Option<&str> {
        use TaxError::*;
        match self {
            TaxId { field, .. } | BadDate { field } => Some(field),
            Invoice { errors } => errors.first().and_then(invoice_field),
            BadTaxCode { .. } => Some("tax_code"),
            ShortNameMissing => Some("short_name"),
            RateNotAllowed { .. } => Some("rate"),
            InvoiceNumber { .. } | NumberTaken { .. } | InputNumber { .. } | InputDuplicate { .. } => Some("number"),
            SelectedBeforeIssued | SelectedDateMissing => Some("selected_on"),
            InputTaxTooHigh => Some("tax"),
            BadPeriod { .. } => Some("period"),
            UnknownReceipt { .. } => Some("receipt_id"),
            _ => None,
        }
    }

    fn is_conflict(&self) -> bool {
        use TaxError::*;
        match self {
            Invoice { errors } => errors.iter().any(|e| {
                matches!(
                    e,
                    InvoiceError::ExceedsOrder { .. } | InvoiceError::OrderOverInvoiced { .. } | InvoiceError::NothingLeftToReverse | InvoiceError::RedExceedsRemaining { .. }
                )
            }),
            OrderInvoiced { .. } | NotPending | NotReversible | NumberTaken { .. } | InputDuplicate { .. } => true,
            _ => false,
        }
    }
}

/// The form field a draft error points at.
fn invoice_field(e: &InvoiceError) -> Option<&'static str> {
    use InvoiceError::*;
    match e {
        BuyerNameMissing => Some("buyer_name"),
        BuyerTaxIdMissing | BuyerTaxId { .. } | NaturalPersonOnSpecial => Some("buyer_tax_id"),
        BuyerAddressPhoneMissing => Some("buyer_address_phone"),
        BuyerBankAccountMissing => Some("buyer_bank_account"),
        _ => None,
    }
}

impl TaxError {
    pub fn code(&self) -> &'static str {
        AreaError::code(self)
    }

    pub fn field(&self) -> Option<&str> {
        AreaError::field(self)
    }

    #[cfg(test)]
    pub fn examples() -> Vec<TaxError> {
        use TaxError::*;
        vec![
            Invoice { errors: vec![InvoiceError::BuyerNameMissing, InvoiceError::TaxCodeMissing { line: 2 }] },
            Vat { errors: vec![VatError::NegativeOpeningCredit { fen: -1 }] },
            TaxId { field: "buyer_tax_id".into(), error: UsccError::CheckChar { expected: '3', found: '4' } },
            ProfileMissing,
            SettingsMissing { products: vec!["流心蛋黄酥".into()] },
            BadTaxCode { value: "123".into() },
            ShortNameMissing,
            RateNotAllowed { rate: TaxRate::R13, taxpayer: TaxpayerType::SmallScale },
            NoOrders,
            SeveralBuyers,
            OrderNotSold { order_no: "ZG261129000042".into() },
            OrderInvoiced { order_no: "ZG261129000042".into(), error: InvoiceError::ExceedsOrder { order_fen: 100, invoiced_fen: 100, requested_fen: 100, remaining_fen: 0 } },
            NotPending,
            NotReversible,
            InvoiceNumber { number: "123".into() },
            NumberTaken { number: "26352000000012345678".into() },
            BadDate { field: "issued_on".into() },
            BadPeriod { text: "2026-13".into() },
            SelectedBeforeIssued,
            SelectedDateMissing,
            InputNumber { number: "12".into() },
            InputTaxTooHigh,
            InputDuplicate { number: "26352000000012345678".into() },
            UnknownReceipt { id: 7 },
        ]
    }
}

impl From<Vec<InvoiceError>> for TaxError {
    fn from(errors: Vec<InvoiceError>) -> Self {
        TaxError::Invoice { errors }
    }
}

impl From<Vec<VatError>> for TaxError {
    fn from(errors: Vec<VatError>) -> Self {
        TaxError::Vat { errors }
    }
}

/// Codes of the rates as stored: `13`, `9`, …, `0`, `exempt`.
impl TaxRate {
    pub fn code(self) -> &'static str {
        match self {
            TaxRate::R13 => "13",
            TaxRate::R9 => "9",
            TaxRate::R6 => "6",
            TaxRate::R5 => "5",
            TaxRate::R3 => "3",
            TaxRate::R1 => "1",
            TaxRate::Zero => "0",
            TaxRate::Exempt => "exempt",
        }
    }

    pub fn parse(code: &str) -> Option<TaxRate> {
        TaxRate::ALL.into_iter().find(|r| r.code() == code)
    }
}

text_codes!(TaxpayerType { SmallScale = "small_scale", General = "general" });
text_codes!(CityTier { Urban = "urban", CountyTown = "county_town", Other = "other" });
text_codes!(InvoiceKind { Special = "special", Ordinary = "ordinary" });
text_codes!(RedReason { InvoicingError = "invoicing_error", SalesReturn = "sales_return", ServiceStopped = "service_stopped", SalesAllowance = "sales_allowance" });

impl Period {
    /// `2026-11` for a month, `2026-Q4` for a quarter (URLs and forms).
    pub fn code(self) -> String {
        match self {
            Period::Month { year, month } => format!("{year}-{month:02}"),
            Period::Quarter { year, quarter } => format!("{year}-Q{quarter}"),
        }
    }

    /// The month or quarter containing `day` (a business day number).
    pub fn month_of(date: NaiveDate) -> Period {
        Period::Month { year: date.year(), month: date.month() }
    }

    pub fn quarter_of(date: NaiveDate) -> Period {
        Period::Quarter { year: date.year(), quarter: (date.month() - 1) / 3 + 1 }
    }

    /// The period `n` months or quarters away (same kind), e.g. −1 for the previous one.
    pub fn shift(self, n: i32) -> Period {
        match self {
            Period::Month { year, month } => {
                let k = year * 12 + month as i32 - 1 + n;
                Period::Month { year: k.div_euclid(12), month: k.rem_euclid(12) as u32 + 1 }
            }
            Period::Quarter { year, quarter } => {
                let k = year * 4 + quarter as i32 - 1 + n;
                Period::Quarter { year: k.div_euclid(4), quarter: k.rem_euclid(4) as u32 + 1 }
            }
        }
    }

    /// The quarter of a month (a quarter stays itself).
    pub fn to_quarter(self) -> Period {
        Period::quarter_of(self.first_day())
    }

    /// The first month of a quarter (a month stays itself).
    pub fn to_month(self) -> Period {
        Period::month_of(self.first_day())
    }
}

/// Parse `2026-11` or `2026-Q4` (also `2026q4`).
pub fn parse_period(text: &str) -> Result<Period, TaxError> {
    let t = text.trim();
    let bad = || TaxError::BadPeriod { text: t.chars().take(12).collect() };
    let (y, rest) = t.split_once('-').ok_or_else(bad)?;
    let year: i32 = y.parse().map_err(|_| bad())?;
    let p = if let Some(q) = rest.strip_prefix(['Q', 'q']) {
        Period::Quarter { year, quarter: q.parse().map_err(|_| bad())? }
    } else {
        Period::Month { year, month: rest.parse().map_err(|_| bad())? }
    };
    p.check().map_err(|_| bad())
}

/// Parse a date typed as `2026-11-29` (also `2026/11/29`).
pub fn parse_date(field: &str, text: &str) -> Result<NaiveDate, TaxError> {
    let t = text.trim().replace('/', "-");
    NaiveDate::parse_from_str(&t, "%Y-%m-%d")
        .ok()
        .filter(|d| (2000..=2099).contains(&d.year()))
        .ok_or(TaxError::BadDate { field: field.into() })
}

/// UTC ms of the start of a business date (how dates are stored).
pub fn date_ms(date: NaiveDate) -> i64 {
    crate::time::day_start_ms(crate::time::day_of_date(date))
}

/// The business date of a stored instant, as `2026-11-29`.
pub fn ms_date(ms: i64) -> String {
    crate::time::date_of_day(crate::time::day_of(ms)).format("%Y-%m-%d").to_string()
}

/// A checked profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedProfile {
    pub name: String,
    pub tax_id: TaxId,
    pub credit_month: Period,
    pub opening_credit_fen: i64,
}

/// Trimmed text of at most `max` characters; `required` refuses empty.
fn text(field: &str, v: &str, max: u32, required: bool) -> Result<String, Refusal> {
    Ok(crate::orders::logic::bounded_text(field, v, max, required)?)
}

/// A refusal of an input check: a common input fault (required, too long, bad amount) or
/// a tax one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    Common(CommonError),
    Tax(TaxError),
}

impl From<CommonError> for Refusal {
    fn from(e: CommonError) -> Self {
        Refusal::Common(e)
    }
}

impl From<TaxError> for Refusal {
    fn from(e: TaxError) -> Self {
        Refusal::Tax(e)
    }
}

impl From<Refusal> for crate::error::AppError {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::Common(e) => e.into(),
            Refusal::Tax(e) => e.into(),
        }
    }
}

/// Check the profile form.
pub fn check_profile(p: &ProfileInput) -> Result<CheckedProfile, Refusal> {
    let name = text("name", &p.name, 100, true)?;
    let tax_id = parse_tax_id(&p.tax_id).map_err(|error| TaxError::TaxId { field: "tax_id".into(), error })?;
    for (field, v, max) in [("address", p.address.as_str(), 200), ("phone", p.phone.as_str(), 40), ("bank", p.bank.as_str(), 100), ("bank_account", p.bank_account.as_str(), 60)] {
        text(field, v, max, false)?;
    }
    let credit_month = match parse_period(&p.credit_month)? {
        m @ Period::Month { .. } => m,
        Period::Quarter { .. } => return Err(TaxError::BadPeriod { text: p.credit_month.to_string() }.into()),
    };
    let opening = if p.opening_credit.trim().is_empty() { Money::ZERO } else { Money::parse_field("opening_credit", &p.opening_credit)? };
    Ok(CheckedProfile { name, tax_id, credit_month, opening_credit_fen: opening.to_fen() })
}

/// Check a product's tax settings against the taxpayer type (when the profile exists).
pub fn check_settings(s: &TaxSettingsInput, taxpayer: Option<TaxpayerType>) -> Result<TaxSettings, Refusal> {
    let code = s.tax_code.trim();
    if !is_tax_code(code) {
        return Err(TaxError::BadTaxCode { value: code.chars().take(24).collect() }.into());
    }
    let short = s.short_name.trim().trim_matches('*').trim();
    if short.is_empty() {
        return Err(TaxError::ShortNameMissing.into());
    }
    let short_name = text("short_name", short, 20, true)?;
    let unit = text("unit", &s.unit, 8, false)?;
    let simplified = s.simplified && taxpayer != Some(TaxpayerType::SmallScale);
    if let Some(t) = taxpayer {
        if super::logic_invoice::check_rate(1, t, s.rate, simplified).is_err() {
            return Err(TaxError::RateNotAllowed { rate: s.rate, taxpayer: t }.into());
        }
    }
    Ok(TaxSettings { tax_code: code.to_string(), short_name, rate: s.rate, simplified, unit })
}

/// An order line as it goes on an invoice (merged per product, spec and unit price).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderItem {
    pub product_id: i64,
    pub name: String,
    /// Colour / size.
    pub spec: String,
    pub qty: i64,
    pub unit_price_fen: i64,
    pub gross_fen: i64,
}

/// Draft lines for order items: 价税合计 from the orders, the rest from the products' tax
/// settings. Items of the same product, spec and price are merged into one line.
/// `settings(product_id)` is `None` for a product without settings: all such products are
/// reported together.
pub fn order_lines(items: &[OrderItem], settings: impl Fn(i64) -> Option<TaxSettings>) -> Result<(Vec<DraftLine>, Vec<i64>), TaxError> {
    let mut merged: Vec<OrderItem> = Vec::new();
    for it in items {
        match merged.iter_mut().find(|m| m.product_id == it.product_id && m.spec == it.spec && m.unit_price_fen == it.unit_price_fen) {
            Some(m) => {
                m.qty += it.qty;
                m.gross_fen += it.gross_fen;
            }
            None => merged.push(it.clone()),
        }
    }
    let mut missing: Vec<String> = Vec::new();
    let mut lines = Vec::new();
    let mut products = Vec::new();
    for m in &merged {
        let Some(s) = settings(m.product_id) else {
            if !missing.contains(&m.name) {
                missing.push(m.name.clone());
            }
            continue;
        };
        products.push(m.product_id);
        lines.push(DraftLine {
            line: LineInput {
                name: m.name.clone(),
                tax_short_name: s.short_name.clone(),
                spec: m.spec.clone(),
                unit: s.unit.clone(),
                qty: Some(Decimal::from(m.qty)),
                price: PriceInput::Gross { fen: m.gross_fen },
                rate: s.rate,
            },
            tax_code: s.tax_code.clone(),
            simplified: s.simplified,
        });
    }
    if !missing.is_empty() {
        return Err(TaxError::SettingsMissing { products: missing });
    }
    Ok((lines, products))
}

/// Draft lines for lines typed by hand (unit price including tax).
pub fn hand_lines(lines: &[HandLine]) -> Result<Vec<DraftLine>, Refusal> {
    let mut out = Vec::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        let field = |f: &str| format!("lines.{i}.{f}");
        let qty = Decimal::from_str(l.qty.trim()).map_err(|_| CommonError::BadAmount { field: field("qty") })?;
        let price = Money::parse_field(&field("price"), &l.price)?;
        out.push(DraftLine {
            line: LineInput {
                name: text(&field("name"), &l.name, 100, false)?,
                tax_short_name: text(&field("short_name"), &l.short_name, 20, false)?,
                spec: text(&field("spec"), &l.spec, 40, false)?,
                unit: text(&field("unit"), &l.unit, 8, false)?,
                qty: Some(qty),
                price: PriceInput::UnitPriceInclTax { price: price.0 },
                rate: l.rate,
            },
            tax_code: l.tax_code.trim().to_string(),
            simplified: l.simplified,
        });
    }
    Ok(out)
}

/// A checked input invoice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedInput {
    pub seller_name: String,
    pub seller_tax_id: String,
    pub number: String,
    pub issued_at: i64,
    pub amount_fen: i64,
    pub tax_fen: i64,
    pub selected_at: Option<i64>,
    pub note: String,
}

/// A 数电票 number (20 digits) or a pre-数电 invoice number (8 digits).
pub fn is_input_number(s: &str) -> bool {
    (s.len() == 20 || s.len() == 8) && s.bytes().all(|b| b.is_ascii_digit())
}

pub fn check_input(i: &NewInputInvoice) -> Result<CheckedInput, Refusal> {
    let seller_name = text("seller_name", &i.seller_name, 100, true)?;
    let seller_tax_id = parse_tax_id(&i.seller_tax_id).map_err(|error| TaxError::TaxId { field: "seller_tax_id".into(), error })?.normalized;
    let number = i.number.trim().to_string();
    if !is_input_number(&number) {
        return Err(TaxError::InputNumber { number: number.chars().take(24).collect() }.into());
    }
    let issued = parse_date("issued_on", &i.issued_on)?;
    let amount = Money::parse_field("amount", &i.amount)?;
    let tax = if i.tax.trim().is_empty() { Money::ZERO } else { Money::parse_field("tax", &i.tax)? };
    if amount.to_fen() == 0 {
        return Err(CommonError::Required { field: "amount".into() }.into());
    }
    if tax > amount {
        return Err(TaxError::InputTaxTooHigh.into());
    }
    let selected = if i.selected_on.trim().is_empty() { None } else { Some(parse_date("selected_on", &i.selected_on)?) };
    if selected.is_some_and(|s| s < issued) {
        return Err(TaxError::SelectedBeforeIssued.into());
    }
    if i.deductible && selected.is_none() {
        return Err(TaxError::SelectedDateMissing.into());
    }
    Ok(CheckedInput {
        seller_name,
        seller_tax_id,
        number,
        issued_at: date_ms(issued),
        amount_fen: amount.to_fen(),
        tax_fen: tax.to_fen(),
        selected_at: selected.map(date_ms),
        note: text("note", &i.note, 200, false)?,
    })
}

/// What a line is, for the return's columns: 1 = 货物, 2 = 劳务, else 服务/无形资产/不动产.
pub fn sale_kind(tax_code: &str) -> SaleKind {
    match tax_code.as_bytes().first() {
        Some(b'1') => SaleKind::Goods,
        Some(b'2') => SaleKind::Labour,
        _ => SaleKind::Service,
    }
}

/// The item's own rate for the summaries. A small-scale taxpayer's 1% line is a 3% item at
/// the reduced rate, and its 免税 line a 3% item under the small-business exemption; a
/// general taxpayer's lines are at their item's rate.
pub fn item_rate(taxpayer: TaxpayerType, rate: TaxRate) -> TaxRate {
    match (taxpayer, rate) {
        (TaxpayerType::SmallScale, TaxRate::R1 | TaxRate::R3 | TaxRate::Exempt) => TaxRate::R3,
        (_, r) => r,
    }
}

/// One recorded invoice line, for the summaries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineFact {
    /// Issue day's start (UTC ms).
    pub at_ms: i64,
    pub kind: InvoiceKind,
    pub tax_code: String,
    pub rate: TaxRate,
    pub gross_fen: i64,
    pub amount_fen: i64,
    pub tax_fen: i64,
    /// The invoice was made from orders: those orders leave the "not invoiced" sales.
    pub from_orders: bool,
}

/// Sale records of issued invoice lines. A line of an invoice made from orders also takes
/// its 价税合计 out of the sales without invoice (a negative 未开具发票 record on the same
/// day), since the orders were counted there when sold; a red-letter line (negative)
/// puts it back.
pub fn invoice_sales(taxpayer: TaxpayerType, lines: &[LineFact]) -> Vec<SaleRecord> {
    let mut out = Vec::with_capacity(lines.len() * 2);
    for l in lines {
        let doc = if l.kind == InvoiceKind::Special { SaleDoc::Special } else { SaleDoc::OtherInvoice };
        let kind = sale_kind(&l.tax_code);
        let item = item_rate(taxpayer, l.rate);
        out.push(SaleRecord { at_ms: l.at_ms, kind, doc, item_rate: item, rate: l.rate, gross_fen: l.gross_fen, amount_fen: l.amount_fen, tax_fen: l.tax_fen });
        if l.from_orders {
            out.push(uninvoiced(taxpayer, l.at_ms, kind, l.rate, -l.gross_fen));
        }
    }
    out
}

/// A sale without invoice of `gross_fen` (including tax) of an item at `rate`: a
/// small-scale taxpayer charged no tax on it (the return decides whether it is exempt or
/// converted at the levy rate); a general taxpayer owes the tax contained in it.
pub fn uninvoiced(taxpayer: TaxpayerType, at_ms: i64, kind: SaleKind, rate: TaxRate, gross_fen: i64) -> SaleRecord {
    let item = item_rate(taxpayer, rate);
    let (charged, tax) = match taxpayer {
        TaxpayerType::SmallScale => (TaxRate::Exempt, 0),
        TaxpayerType::General => (rate, tax_in_gross(gross_fen, rate)),
    };
    SaleRecord { at_ms, kind, doc: SaleDoc::NotInvoiced, item_rate: item, rate: charged, gross_fen, amount_fen: gross_fen - tax, tax_fen: tax }
}

/// The general taxpayer's return for `target` (a month or a quarter), with the credit
/// brought forward chained month by month from `start` (a month with known opening
/// credit). A target before `start` opens with no credit. Returns the return and, for a
/// quarter, its months.
pub fn general_chain(
    base: &GeneralParams,
    start: Period,
    target: Period,
    sales: &[SaleRecord],
    inputs: &[InputTax],
    policy: &TaxPolicy,
) -> Result<(GeneralReturn, Vec<GeneralReturn>), Vec<VatError>> {
    let target = target.check().map_err(|e| vec![e])?;
    let first = target.first_day();
    let mut opening = 0;
    if start.first_day() <= first {
        opening = base.opening_credit_fen;
        let mut m = start;
        while m.first_day() < first {
            let p = GeneralParams { period: m, opening_credit_fen: opening, transfer_out_fen: 0, ..*base };
            opening = general_return(&p, sales, inputs, policy)?.closing_credit_fen();
            m = next_month(m);
        }
    }
    let p = GeneralParams { period: target, opening_credit_fen: opening, transfer_out_fen: 0, ..*base };
    match target {
        Period::Month { .. } => Ok((general_return(&p, sales, inputs, policy)?, Vec::new())),
        Period::Quarter { .. } => {
            let q = general_quarter(&p, [0, 0, 0], sales, inputs, policy)?;
            Ok((q.total, q.months))
        }
    }
}

/// The month after `m` (a quarter is treated as its first month).
pub fn next_month(m: Period) -> Period {
    let d = m.first_day();
    Period::month_of(d.checked_add_months(chrono::Months::new(1)).unwrap_or(d))
}

/// Sum of a line's figures as money, for display.
pub fn yuan(fen: i64) -> Money {
    Money(fen_to_yuan(fen))
}

#[cfg(test)]
#[path = "logic_tests.rs"]
mod tests;
