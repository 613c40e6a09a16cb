//! Tax (SPEC F5): the company's tax profile, per-product tax settings, output invoices
//! (数电票) prepared from orders or by hand and recorded once issued on the tax bureau's
//! platform, red-letter reversals, input invoices, and the VAT summary of a month or a
//! quarter for a small-scale or a general taxpayer, with .xlsx exports. No connection to
//! the tax bureau: the app prepares, validates, records and exports.
//!
//! The pure rules are the `logic_*` modules (tax ids, amounts in capitals, price/tax splits,
//! drafts, red-letter reversal, the two returns, the dated policy); `logic.rs` holds the
//! area's fault [`TaxError`] and the glue between stored records and those rules.

pub mod api;
pub mod logic;
pub mod logic_capitals;
pub mod logic_fen;
pub mod logic_invoice;
pub mod logic_invoice_error;
pub mod logic_invoice_red;
pub mod logic_rate;
pub mod logic_split;
pub mod logic_uscc;
pub mod logic_uscc_labels;
pub mod logic_vat;
pub mod logic_vat_general;
pub mod logic_vat_policy;
pub mod logic_vat_small;
pub mod text;
mod text_faults;
pub mod text_titles;
pub mod ui;
#[cfg(feature = "ssr")]
mod db;
#[cfg(feature = "ssr")]
mod export;
#[cfg(feature = "ssr")]
pub mod service;

pub use logic::TaxError;
pub use logic_invoice::{Invoice, InvoiceKind, RedReason};
pub use logic_rate::{TaxRate, TaxpayerType};
pub use logic_uscc::TaxIdWarning;
pub use logic_vat::{CityTier, Period};

use crate::bounded::Bounded;
use crate::money::Money;
use crate::page::Seek;
use logic_vat_general::GeneralReturn;
use logic_vat_policy::{PolicyInForce, PolicyRule};
use logic_vat_small::SmallScaleReturn;
use serde::{Deserialize, Serialize};

/// An output invoice's id (blue or red-letter).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct InvoiceId(pub i64);

/// An input invoice's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct InputInvoiceId(pub i64);

/// 待开票 → 已开票 (number and date recorded) → 已红冲 (fully reversed by issued red-letter invoices).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    Pending,
    Issued,
    Reversed,
}

text_codes!(InvoiceStatus { Pending = "pending", Issued = "issued", Reversed = "reversed" });

/// The company as seller and taxpayer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxProfile {
    pub taxpayer: TaxpayerType,
    pub name: String,
    /// 统一社会信用代码 (or a legacy number), normalised.
    pub tax_id: String,
    pub address: String,
    pub phone: String,
    pub bank: String,
    pub bank_account: String,
    pub city: CityTier,
    /// 个体工商户 (small-scale exemption goes to line 11 instead of 10).
    pub individual_business: bool,
    /// 六税两费 relief for a general taxpayer (small low-profit enterprise or individual business).
    pub surcharge_relief: bool,
    /// `2026-01`: the first month whose credit brought forward is known (general taxpayers).
    pub credit_month: String,
    /// 上期留抵税额 at the start of `credit_month`.
    pub opening_credit: Money,
    /// Accepted with a warning (e.g. a legacy 15-character number).
    pub warnings: Vec<TaxIdWarning>,
}

/// The profile form. Money and dates as typed; checked by `logic::check_profile`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProfileInput {
    pub taxpayer: TaxpayerType,
    pub name: Bounded<100>,
    pub tax_id: Bounded<40>,
    pub address: Bounded<200>,
    pub phone: Bounded<40>,
    pub bank: Bounded<100>,
    pub bank_account: Bounded<60>,
    pub city: CityTier,
    pub individual_business: bool,
    pub surcharge_relief: bool,
    pub credit_month: Bounded<8>,
    pub opening_credit: Bounded<32>,
}

impl Default for ProfileInput {
    fn default() -> Self {
        ProfileInput {
            taxpayer: TaxpayerType::SmallScale,
            name: Bounded::default(),
            tax_id: Bounded::default(),
            address: Bounded::default(),
            phone: Bounded::default(),
            bank: Bounded::default(),
            bank_account: Bounded::default(),
            city: CityTier::Urban,
            individual_business: false,
            surcharge_relief: false,
            credit_month: Bounded::default(),
            opening_credit: Bounded::default(),
        }
    }
}

/// A product's tax settings: 税收分类编码, its short name, rate, unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxSettings {
    pub tax_code: String,
    /// e.g. 焙烤食品, printed as `*焙烤食品*商品名`.
    pub short_name: String,
    pub rate: TaxRate,
    /// 简易计税 item of a general taxpayer.
    pub simplified: bool,
    pub unit: String,
}

/// A product (name from the inventory area) with its tax settings, if set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductTax {
    pub product_id: i64,
    pub name: String,
    pub category: String,
    pub settings: Option<TaxSettings>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaxSettingsInput {
    pub product_id: i64,
    pub tax_code: Bounded<24>,
    pub short_name: Bounded<40>,
    pub rate: TaxRate,
    pub simplified: bool,
    pub unit: Bounded<16>,
}

impl Default for TaxSettingsInput {
    fn default() -> Self {
        TaxSettingsInput {
            product_id: 0,
            tax_code: Bounded::default(),
            short_name: Bounded::default(),
            rate: TaxRate::R1,
            simplified: false,
            unit: Bounded::default(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProductTaxFilter {
    /// Product name contains.
    pub q: Bounded<64>,
    pub seek: Seek,
}

/// A sold order that can go on an invoice, with what is left to invoice on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceableOrder {
    pub order_id: i64,
    pub order_no: String,
    pub customer_id: i64,
    pub customer_name: String,
    pub mobile: String,
    pub total: Money,
    pub invoiced: Money,
    pub created_at: i64,
}

/// One line typed on a hand-made invoice: price including tax per unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HandLine {
    pub name: Bounded<100>,
    pub short_name: Bounded<40>,
    pub tax_code: Bounded<24>,
    pub spec: Bounded<40>,
    pub unit: Bounded<16>,
    pub qty: Bounded<24>,
    /// Unit price including tax, in yuan.
    pub price: Bounded<32>,
    pub rate: TaxRate,
    pub simplified: bool,
}

impl Default for HandLine {
    fn default() -> Self {
        HandLine {
            name: Bounded::default(),
            short_name: Bounded::default(),
            tax_code: Bounded::default(),
            spec: Bounded::default(),
            unit: Bounded::default(),
            qty: "1".into(),
            price: Bounded::default(),
            rate: TaxRate::R1,
            simplified: false,
        }
    }
}

/// An invoice to prepare: from sold orders of one buyer (`order_ids`), or by hand (`lines`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewInvoice {
    pub kind: InvoiceKind,
    pub buyer_name: Bounded<100>,
    pub buyer_tax_id: Bounded<40>,
    pub buyer_address_phone: Bounded<200>,
    pub buyer_bank_account: Bounded<200>,
    pub natural_person: bool,
    pub note: Bounded<200>,
    pub order_ids: Vec<i64>,
    pub lines: Vec<HandLine>,
}

impl Default for NewInvoice {
    fn default() -> Self {
        NewInvoice {
            kind: InvoiceKind::Ordinary,
            buyer_name: Bounded::default(),
            buyer_tax_id: Bounded::default(),
            buyer_address_phone: Bounded::default(),
            buyer_bank_account: Bounded::default(),
            natural_person: false,
            note: Bounded::default(),
            order_ids: Vec::new(),
            lines: Vec::new(),
        }
    }
}

/// An order as it goes on an invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceOrderRef {
    pub order_id: i64,
    pub order_no: String,
    pub gross: Money,
}

/// A checked draft as it would be recorded: the invoice (lines, totals, capitals, warnings)
/// and the orders it takes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoicePreview {
    pub invoice: Invoice,
    pub orders: Vec<InvoiceOrderRef>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InvoiceFilter {
    pub status: Option<InvoiceStatus>,
    /// `2026-11` or `2026-Q4`: issued in that period (empty: any).
    pub period: Bounded<8>,
    pub seek: Seek,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceSummary {
    pub id: InvoiceId,
    pub kind: InvoiceKind,
    pub status: InvoiceStatus,
    pub red: bool,
    pub number: Option<String>,
    /// `2026-11-29`, once issued.
    pub issued_on: Option<String>,
    pub buyer_name: String,
    pub buyer_tax_id: String,
    pub amount: Money,
    pub tax: Money,
    pub gross: Money,
    pub created_at: i64,
}

/// A red-letter invoice of an original, as the original lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedRef {
    pub id: InvoiceId,
    pub status: InvoiceStatus,
    pub number: Option<String>,
    pub gross: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDetail {
    pub summary: InvoiceSummary,
    /// Lines, totals and 价税合计 in capitals (negative for a red-letter invoice).
    pub invoice: Invoice,
    pub note: String,
    pub orders: Vec<InvoiceOrderRef>,
    /// The original of a red-letter invoice.
    pub red_of: Option<InvoiceSummary>,
    pub reds: Vec<RedRef>,
    /// 价税合计 still reversible per line (issued blue invoices).
    pub reversible: Vec<Money>,
}

/// One line of a partial reversal: 1-based line number, 价税合计 to reverse, quantity returned.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RedLineInput {
    pub line: usize,
    pub gross: Bounded<32>,
    pub qty: Bounded<24>,
}

/// A red-letter request: no lines = everything still left on the original.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReverseInput {
    pub reason: RedReason,
    pub lines: Vec<RedLineInput>,
}

impl Default for ReverseInput {
    fn default() -> Self {
        ReverseInput { reason: RedReason::SalesReturn, lines: Vec::new() }
    }
}

/// An input invoice (进项发票) as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputInvoice {
    pub id: InputInvoiceId,
    pub kind: InvoiceKind,
    pub seller_name: String,
    pub seller_tax_id: String,
    pub number: String,
    pub issued_on: String,
    pub amount: Money,
    pub tax: Money,
    pub deductible: bool,
    /// 勾选/认证 date.
    pub selected_on: Option<String>,
    /// The purchase receipt the goods came in with, if linked.
    pub receipt_id: Option<i64>,
    pub note: String,
    pub created_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewInputInvoice {
    pub kind: InvoiceKind,
    pub seller_name: Bounded<100>,
    pub seller_tax_id: Bounded<40>,
    pub number: Bounded<24>,
    pub issued_on: Bounded<10>,
    pub amount: Bounded<32>,
    pub tax: Bounded<32>,
    pub deductible: bool,
    pub selected_on: Bounded<10>,
    pub receipt_id: Option<i64>,
    pub note: Bounded<200>,
}

impl Default for NewInputInvoice {
    fn default() -> Self {
        NewInputInvoice {
            kind: InvoiceKind::Special,
            seller_name: Bounded::default(),
            seller_tax_id: Bounded::default(),
            number: Bounded::default(),
            issued_on: Bounded::default(),
            amount: Bounded::default(),
            tax: Bounded::default(),
            deductible: false,
            selected_on: Bounded::default(),
            receipt_id: None,
            note: Bounded::default(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InputFilter {
    pub seek: Seek,
}

/// One row of the dated policy table, as the boss sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyRow {
    pub from: String,
    pub to: Option<String>,
    pub rule: PolicyRule,
    pub source: String,
}

/// The VAT summary of a period for the profile's taxpayer type: the main table of the
/// return (one of the two), the rules in force, and the period's invoice totals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VatSummary {
    pub period: Period,
    pub taxpayer: TaxpayerType,
    pub policy: PolicyInForce,
    pub small: Option<SmallScaleReturn>,
    pub general: Option<GeneralReturn>,
    /// A general taxpayer's quarter, month by month.
    pub general_months: Vec<GeneralReturn>,
    /// Sales on issued invoices (net of red-letter ones) and their tax.
    pub invoiced_sales: Money,
    pub output_tax: Money,
    /// Sold orders not (yet) invoiced, including tax.
    pub uninvoiced_sales: Money,
    /// Deductible input tax confirmed in the period (general taxpayers deduct it).
    pub input_tax: Money,
}
