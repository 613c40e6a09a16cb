//! Finance (F1–F3, P6, P7): payments matched to orders, WeChat Pay / Alipay / bank bill files
//! and the reconciliation per day and provider, expenses, the P&L (revenue at shipment, cost of
//! goods, expenses, cash by method, receivables) exported to .xlsx, and the month close.
//!
//! Boss and finance use it; an agent sees only the payment state of its own line's orders
//! ([`api::order_payments`]).

pub mod api;
pub mod bills;
pub mod logic;
pub mod logic_expenses;
pub mod logic_match;
pub mod logic_pnl;
pub mod text;
pub mod ui;
#[cfg(feature = "ssr")]
mod db;
#[cfg(feature = "ssr")]
mod export;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod service_bills;
#[cfg(feature = "ssr")]
pub mod service_expenses;
#[cfg(feature = "ssr")]
pub mod service_pnl;

pub use logic::FinanceError;
pub use logic_match::MatchReason;

use crate::bounded::Bounded;
use crate::i18n::Lang;
use crate::imports::errors::RowError;
use crate::money::Money;
use crate::orders::{OrderId, OrderStatus};
use crate::page::Seek;
use bills::{BillFormat, BillProvider};
use serde::{Deserialize, Serialize};

/// A payment's (or bill refund's) id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PaymentId(pub i64);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ExpenseId(pub i64);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BillImportId(pub i64);

/// How money arrived (F1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Wechat,
    Alipay,
    Bank,
    Cash,
}

text_codes!(Method { Wechat = "wechat", Alipay = "alipay", Bank = "bank", Cash = "cash" });

impl Method {
    pub fn label(self, lang: Lang) -> &'static str {
        text::method_label(self, lang)
    }

    /// The method of a bill's provider.
    pub fn of(provider: BillProvider) -> Method {
        match provider {
            BillProvider::WechatPay => Method::Wechat,
            BillProvider::Alipay => Method::Alipay,
            BillProvider::Bank => Method::Bank,
        }
    }
}

/// Money in (a payment) or money returned from a bill (a refund of an earlier payment).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentKind {
    Payment,
    Refund,
}

text_codes!(PaymentKind { Payment = "payment", Refund = "refund" });

/// Where a payment stands with respect to orders.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentState {
    /// No open order fits.
    Unmatched,
    /// Several orders fit about equally: a person decides.
    Ambiguous,
    Matched,
}

text_codes!(PaymentState { Unmatched = "unmatched", Ambiguous = "ambiguous", Matched = "matched" });

/// How a payment was matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// The order number was in the reference or note.
    Reference,
    /// Amount, payer and time scored high enough.
    Scored,
    /// A person chose the order.
    Manual,
    /// A refund follows the payment it returns.
    Refund,
}

text_codes!(MatchKind { Reference = "reference", Scored = "scored", Manual = "manual", Refund = "refund" });

/// Something finance should look at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentFlag {
    Unmatched,
    Ambiguous,
    /// Matched, the order is still not fully paid.
    Partial,
    /// One payment for more than the order's total.
    Overpaid,
    /// Two or more payments for one order, together more than its total.
    Duplicate,
    Refund,
    /// A refund whose original payment is not known.
    RefundWithoutPayment,
    /// Dated in a closed month, booked in the next open month.
    Adjustment,
}

/// Which payments a list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentView {
    #[default]
    All,
    /// Unmatched and ambiguous payments (a person's work).
    Open,
    Matched,
    /// Payments of orders paid twice.
    Duplicates,
    Refunds,
}

text_codes!(PaymentView { All = "all", Open = "open", Matched = "matched", Duplicates = "duplicates", Refunds = "refunds" });

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PaymentFilter {
    pub view: PaymentView,
    pub method: Option<Method>,
    pub seek: Seek,
}

/// A payment in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentRow {
    pub id: PaymentId,
    pub kind: PaymentKind,
    pub method: Method,
    pub amount: Money,
    pub fee: Money,
    pub payer: String,
    pub txn_no: String,
    pub paid_at: i64,
    /// Business day it counts in (later than `paid_at`'s for an adjustment).
    pub book_day: i64,
    pub state: PaymentState,
    pub order_id: Option<OrderId>,
    pub order_no: Option<String>,
    pub flags: Vec<PaymentFlag>,
}

/// An order's money as finance sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderBalance {
    pub order_id: OrderId,
    pub order_no: String,
    pub recipient: String,
    pub status: OrderStatus,
    pub total: Money,
    /// Σ matched payments.
    pub paid: Money,
    /// Σ bill refunds of those payments.
    pub refunded: Money,
    pub payments: i64,
}

impl OrderBalance {
    /// What is still to be paid (negative when overpaid).
    pub fn due(&self) -> Money {
        self.total - self.paid
    }
}

/// An order a payment may belong to, with its score and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateView {
    pub order_id: OrderId,
    pub order_no: String,
    pub recipient: String,
    pub mobile: String,
    pub agent_name: String,
    pub total: Money,
    pub due: Money,
    pub created_at: i64,
    pub score: i32,
    pub reason: MatchReason,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentDetail {
    pub row: PaymentRow,
    pub payer_account: String,
    pub reference: String,
    pub note: String,
    pub match_kind: Option<MatchKind>,
    pub reason: Option<MatchReason>,
    pub matched_by: String,
    pub matched_at: Option<i64>,
    pub import_id: Option<BillImportId>,
    pub refund_of: Option<PaymentId>,
    /// Refunds of this payment.
    pub refunds: Vec<PaymentRow>,
    pub order: Option<OrderBalance>,
    /// Orders that fit an unmatched payment, best first.
    pub candidates: Vec<CandidateView>,
}

/// A payment entered by hand (form fields as typed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPayment {
    pub method: Method,
    /// Yuan, e.g. `128` or `99.50`.
    pub amount: Bounded<32>,
    pub payer: Bounded<80>,
    /// Mobile, WeChat or Alipay account of the payer (optional).
    pub payer_account: Bounded<64>,
    /// `2026-11-29T10:05` (the form's local date-time) or `2026-11-29 10:05`.
    pub paid_at: Bounded<32>,
    /// The provider's transaction number (optional; with it a bill line finds this payment).
    pub txn_no: Bounded<64>,
    /// Where the order number usually is: the transfer's message (optional).
    pub reference: Bounded<64>,
    pub note: Bounded<400>,
}

/// What recording or matching did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchResult {
    pub id: PaymentId,
    pub state: PaymentState,
    pub order_no: Option<String>,
    pub reason: Option<MatchReason>,
    /// The order became fully paid and moved to 待发货.
    pub order_confirmed: bool,
}

/// Payment state of one order, for anyone who may see the order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderPayments {
    pub balance: OrderBalance,
    pub payments: Vec<PaymentRow>,
}

// ---- bill files --------------------------------------------------------------------------

/// A file as the browser read it (base64, since server functions speak forms and JSON).
/// At most [`logic::MAX_UPLOAD_BYTES`] once decoded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Upload {
    pub file_name: Bounded<200>,
    pub content_b64: Bounded<{ logic::MAX_UPLOAD_B64 }>,
}

/// What kind of file an upload is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UploadKind {
    Bill,
    Expenses,
}

text_codes!(UploadKind { Bill = "bill", Expenses = "expenses" });

/// How to read an uploaded bill: detected, a layout the user chose, or a saved bank mapping.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BillChoice {
    pub format: Option<BillFormat>,
    pub mapping_id: Option<i64>,
}

/// One bill line in a preview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillLineView {
    pub row: u32,
    pub txn_no: String,
    pub at: i64,
    pub direction: bills::Direction,
    pub amount: Money,
    pub fee: Money,
    pub counterparty: String,
    pub merchant_order_no: String,
    /// Already imported from an earlier file.
    pub known: bool,
}

/// A count and a sum.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub count: i64,
    pub amount: Money,
}

/// What importing an uploaded bill would do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillPreview {
    pub token: String,
    pub file_name: String,
    pub format: BillFormat,
    pub provider: BillProvider,
    pub lines: i64,
    pub income: Tally,
    pub refunds: Tally,
    pub expense: Tally,
    pub other: i64,
    pub fees: Money,
    /// Lines not imported before (the rest are skipped).
    pub new_lines: i64,
    /// New lines dated in a closed month (booked in the next open month).
    pub adjustments: i64,
    pub first_at: Option<i64>,
    pub last_at: Option<i64>,
    /// The same file was imported before: committing changes nothing.
    pub same_file: Option<BillImportId>,
    /// The file's own totals, when it prints them, next to what was read.
    pub file_totals: Vec<(String, String, String)>,
    pub sample: Vec<BillLineView>,
    /// Every bad row (the import is refused while there are any).
    pub errors: Vec<RowError>,
}

/// What an import did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub id: Option<BillImportId>,
    pub lines_new: i64,
    pub lines_known: i64,
    pub payments_new: i64,
    /// Existing hand-entered payments the bill confirmed.
    pub payments_linked: i64,
    pub matched: i64,
    pub ambiguous: i64,
    pub unmatched: i64,
    pub refunds: i64,
    pub duplicates: i64,
    pub orders_confirmed: i64,
    pub fees: Money,
    pub adjustments: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillImportRow {
    pub id: BillImportId,
    pub provider: BillProvider,
    pub format: BillFormat,
    pub file_name: String,
    pub lines_total: i64,
    pub lines_new: i64,
    pub payments_new: i64,
    pub matched: i64,
    pub first_at: Option<i64>,
    pub last_at: Option<i64>,
    pub by: String,
    pub at: i64,
}

/// A bank's statement columns, as the user names them (header texts of the file).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BankMappingInput {
    pub name: Bounded<40>,
    pub time: Bounded<64>,
    pub time_of_day: Bounded<64>,
    pub time_format: Bounded<64>,
    /// One signed amount column (money in positive) …
    pub amount: Bounded<64>,
    /// … or separate columns for money in and out.
    pub credit: Bounded<64>,
    pub debit: Bounded<64>,
    pub counterparty: Bounded<64>,
    pub counterparty_account: Bounded<64>,
    pub txn_no: Bounded<64>,
    pub note: Bounded<64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankMappingView {
    pub id: i64,
    pub name: String,
    pub mapping: bills::BankMapping,
}

// ---- reconciliation ----------------------------------------------------------------------

/// `2026-11` style month, as in URLs and forms.
pub type MonthText = Bounded<7>;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReconFilter {
    /// Empty: the current month.
    pub month: MonthText,
    pub provider: Option<BillProvider>,
}

/// A difference between a bill and what was recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReconItem {
    /// A payment recorded for a day the bill covers, but not in the bill.
    NotInBill { payment_id: PaymentId, amount: Money, payer: String, at: i64 },
    /// The bill line's amount differs from the payment it confirmed.
    AmountDiffers { payment_id: PaymentId, txn_no: String, recorded: Money, bill: Money },
    /// A bill refund whose original payment is unknown.
    RefundWithoutPayment { payment_id: PaymentId, txn_no: String, amount: Money },
}

/// One day of one provider.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconDay {
    pub day: i64,
    pub provider: BillProvider,
    /// The day is inside an imported bill's period.
    pub covered: bool,
    pub bill: Tally,
    pub recorded: Tally,
    pub bill_refunds: Money,
    pub fees: Money,
    /// Recorded − bill.
    pub difference: Money,
    pub items: Vec<ReconItem>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reconciliation {
    pub month: String,
    pub days: Vec<ReconDay>,
}

// ---- expenses ----------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: i64,
    /// Built-in categories have a code (`freight`, `payment_fees`, …) and a label in each language.
    pub code: Option<String>,
    pub name: String,
}

impl Category {
    pub fn label(&self, lang: Lang) -> String {
        self.code.as_deref().and_then(|c| text::category_label(c, lang)).map(str::to_string).unwrap_or_else(|| self.name.clone())
    }
}

/// Where an expense came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExpenseSource {
    Manual,
    Import,
    /// Payment fees of a bill file, one per import and day.
    BillFee,
}

text_codes!(ExpenseSource { Manual = "manual", Import = "import", BillFee = "bill_fee" });

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewExpense {
    pub category_id: i64,
    pub amount: Bounded<32>,
    /// `2026-11-29`.
    pub spent_on: Bounded<32>,
    pub note: Bounded<400>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExpenseFilter {
    /// Empty: every month.
    pub month: MonthText,
    pub category_id: Option<i64>,
    pub seek: Seek,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpenseRow {
    pub id: ExpenseId,
    pub category: Category,
    pub amount: Money,
    pub spent_at: i64,
    pub book_day: i64,
    pub note: String,
    pub source: ExpenseSource,
    pub by: String,
}

impl ExpenseRow {
    pub fn is_adjustment(&self) -> bool {
        crate::time::day_of(self.spent_at) != self.book_day
    }
}

/// What importing an expense sheet would do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpensePreview {
    pub token: String,
    pub file_name: String,
    pub rows: i64,
    pub total: Money,
    pub by_category: Vec<(String, Money)>,
    pub adjustments: i64,
    pub errors: Vec<RowError>,
}

// ---- P&L and close -----------------------------------------------------------------------

/// One business day (or the month's total) of the P&L.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PnlLine {
    /// Orders shipped (revenue recognised at shipment).
    pub revenue: Money,
    pub shipped_orders: i64,
    /// Refunds made (deducted when made).
    pub refunds: Money,
    pub cogs: Money,
    pub expenses: Money,
    /// Cash received by method (`Method::ALL` order), refunds paid out not deducted.
    pub cash: Vec<Money>,
    /// Bill refunds paid out.
    pub cash_refunded: Money,
}

impl PnlLine {
    pub fn net_revenue(&self) -> Money {
        self.revenue - self.refunds
    }

    pub fn gross_profit(&self) -> Money {
        self.net_revenue() - self.cogs
    }

    pub fn net_profit(&self) -> Money {
        self.gross_profit() - self.expenses
    }

    pub fn cash_total(&self) -> Money {
        self.cash.iter().copied().sum()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PnlDay {
    pub day: i64,
    pub line: PnlLine,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceivableRow {
    pub order_id: OrderId,
    pub order_no: String,
    pub recipient: String,
    pub agent_name: String,
    pub total: Money,
    pub paid: Money,
    pub shipped_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receivables {
    pub count: i64,
    pub total: Money,
    /// The oldest first, at most 50.
    pub rows: Vec<ReceivableRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosedInfo {
    pub by: String,
    pub at: i64,
    /// Net profit as it was when closed.
    pub net_profit: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pnl {
    pub month: String,
    pub first_day: i64,
    pub total: PnlLine,
    /// Gross margin in percent of net revenue, one decimal (`None` without revenue).
    pub margin: Option<String>,
    pub expenses_by_category: Vec<(Category, Money)>,
    pub days: Vec<PnlDay>,
    pub receivables: Receivables,
    pub closed: Option<ClosedInfo>,
    /// The month has ended and is open: the boss may close it.
    pub can_close: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosedPeriod {
    pub month: String,
    pub by: String,
    pub at: i64,
    pub net_profit: Money,
}

/// An .xlsx file for the browser to save.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct XlsxFile {
    pub file_name: String,
    pub content_b64: String,
}
