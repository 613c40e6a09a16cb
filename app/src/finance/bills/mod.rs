//! Finance F2: payment bills and bank statements read into [`BillRow`]s for reconciliation.
//!
//! Layouts (recognised by content, never by file name — [`detect_bill_format`]):
//! - WeChat Pay merchant bill (商户平台交易账单, ALL/SUCCESS/REFUND): backtick-guarded CSV,
//!   detail rows then a `总交易单数…` summary;
//! - WeChat Pay personal bill (微信支付账单明细): preamble with totals, `¥` amounts, tab padding;
//! - Alipay statement (支付宝交易明细), current layout (`交易时间,交易分类,…,交易订单号`) and the
//!   older web layout (`交易号,商家订单号,交易创建时间,…`) with `#`/dash footers; GBK bytes;
//! - bank statements through a user-saved [`BankMapping`].
//!
//! Columns are located by name, so reordered or extra columns are fine. A file with bad rows
//! still yields all good rows plus one [`RowError`] per problem.

mod alipay;
mod bank;
mod summary;
mod wechat;

pub use bank::{parse_bank_rows, BankAmount, BankMapping};

use crate::imports::errors::{FileKind, ImportError, RowError};
use crate::imports::tabular::{header_found, locate_table, HeaderSpec, RawRow};
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Who issued the bill.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BillProvider {
    WechatPay,
    Alipay,
    Bank,
}

text_codes!(BillProvider { WechatPay = "wechat", Alipay = "alipay", Bank = "bank" });

/// Which way the money moved, seen from the account owner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Income,
    Expense,
    /// Money returned for an earlier payment.
    Refund,
    /// Neither: transfers between own accounts, closed or revoked payments, …
    Other,
}

text_codes!(Direction { Income = "income", Expense = "expense", Refund = "refund", Other = "other" });

/// A supported bill layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BillFormat {
    WechatMerchant,
    WechatPersonal,
    AlipayCurrent,
    AlipayLegacy,
    Bank,
}

text_codes!(BillFormat {
    WechatMerchant = "wechat_merchant",
    WechatPersonal = "wechat_personal",
    AlipayCurrent = "alipay_current",
    AlipayLegacy = "alipay_legacy",
    Bank = "bank",
});

impl BillFormat {
    pub fn provider(self) -> BillProvider {
        match self {
            Self::WechatMerchant | Self::WechatPersonal => BillProvider::WechatPay,
            Self::AlipayCurrent | Self::AlipayLegacy => BillProvider::Alipay,
            Self::Bank => BillProvider::Bank,
        }
    }

    /// Name shown in the import preview.
    pub fn label(self, lang: Lang) -> &'static str {
        crate::finance::text::format_label(self, lang)
    }
}

/// One transaction of a bill.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillRow {
    pub provider: BillProvider,
    /// The provider's transaction number; for a WeChat Pay refund, the refund number.
    pub txn_no: String,
    /// The merchant's own order number when the bill carries one.
    pub merchant_order_no: Option<String>,
    /// UTC epoch ms (files show Asia/Shanghai time).
    pub time_ms: i64,
    pub direction: Direction,
    /// Always positive; the direction says which way.
    pub amount_fen: i64,
    /// Provider fee, rounded half-up to the fen: positive when charged, negative when
    /// returned with a refund (WeChat Pay shows it so), 0 when the bill has none.
    pub fee_fen: i64,
    pub counterparty: String,
    /// Payer identity when given (WeChat Pay openid, Alipay 对方账号, bank account).
    pub payer_account: Option<String>,
    pub item: String,
    /// The provider's status text as written (`SUCCESS`, `REFUND/SUCCESS`, `已收钱`, `交易成功`).
    pub status: String,
    pub note: String,
    /// For a refund: the transaction number of the payment it returns, when known.
    pub refund_of: Option<String>,
    /// 1-based line/row number in the original file.
    pub raw_row: u32,
}

/// A count and a sum, as in `收入：12笔 1,234.00元`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub count: u64,
    pub fen: i64,
}

/// Totals printed in the file itself; fields a layout does not print are `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillSummary {
    /// `共N笔记录` / `总交易单数`.
    pub record_count: Option<u64>,
    pub income: Option<Tally>,
    pub expense: Option<Tally>,
    /// `中性交易` (WeChat) / `不计收支` (Alipay).
    pub neutral: Option<Tally>,
    /// WeChat Pay `应结订单总金额`.
    pub settled_fen: Option<i64>,
    /// WeChat Pay `退款总金额`.
    pub refund_fen: Option<i64>,
    /// WeChat Pay `手续费总金额`, rounded half-up.
    pub fee_fen: Option<i64>,
    /// WeChat Pay `订单总金额`.
    pub order_total_fen: Option<i64>,
}

/// Result of reading one bill file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillImport {
    pub format: BillFormat,
    pub rows: Vec<BillRow>,
    pub summary: Option<BillSummary>,
    pub errors: Vec<RowError>,
}

/// The layouts tried by detection, most specific first.
const DETECT_ORDER: [BillFormat; 4] =
    [BillFormat::WechatMerchant, BillFormat::AlipayLegacy, BillFormat::WechatPersonal, BillFormat::AlipayCurrent];

fn header_spec(format: BillFormat) -> Option<HeaderSpec<'static>> {
    match format {
        BillFormat::WechatMerchant => Some(wechat::MERCHANT_SPEC),
        BillFormat::WechatPersonal => Some(wechat::PERSONAL_SPEC),
        BillFormat::AlipayCurrent => Some(alipay::CURRENT_SPEC),
        BillFormat::AlipayLegacy => Some(alipay::LEGACY_SPEC),
        BillFormat::Bank => None,
    }
}

/// The layout of already-read rows, judged by their header row.
pub fn detect_format_in_rows(rows: &[RawRow]) -> Option<BillFormat> {
    DETECT_ORDER.into_iter().find(|f| header_spec(*f).is_some_and(|spec| header_found(rows, &spec)))
}

/// Reads rows in a known provider layout. For [`BillFormat::Bank`] use [`parse_bank_rows`].
pub fn parse_bill_rows(rows: Vec<RawRow>, format: BillFormat) -> Result<BillImport, ImportError> {
    let spec = header_spec(format).ok_or(ImportError::UnknownFormat { kind: FileKind::Bill })?;
    let table = locate_table(rows, &spec)?;
    let mut import = match format {
        BillFormat::WechatMerchant => wechat::read_merchant(&table)?,
        BillFormat::WechatPersonal => wechat::read_personal(&table)?,
        BillFormat::AlipayCurrent => alipay::read_current(&table)?,
        BillFormat::AlipayLegacy => alipay::read_legacy(&table)?,
        BillFormat::Bank => unreachable!("no header spec"),
    };
    link_refunds(&mut import.rows);
    Ok(import)
}

/// Reads rows, detecting the layout.
pub fn parse_bill_auto(rows: Vec<RawRow>) -> Result<BillImport, ImportError> {
    if rows.iter().all(RawRow::is_blank) {
        return Err(ImportError::Empty);
    }
    let format = detect_format_in_rows(&rows).ok_or(ImportError::UnknownFormat { kind: FileKind::Bill })?;
    parse_bill_rows(rows, format)
}

/// Layout of an uploaded bill file, judged by its content (server only).
#[cfg(feature = "ssr")]
pub fn detect_bill_format(bytes: &[u8]) -> Option<BillFormat> {
    let rows = crate::imports::tabular::read_rows_limited(bytes, 300).ok()?;
    detect_format_in_rows(&rows)
}

/// Reads an uploaded bill file of any supported provider layout (server only).
#[cfg(feature = "ssr")]
pub fn parse_bill(bytes: &[u8]) -> Result<BillImport, ImportError> {
    parse_bill_auto(crate::imports::tabular::read_rows(bytes)?)
}

/// Reads an uploaded bill file in the layout the user chose (server only).
#[cfg(feature = "ssr")]
pub fn parse_bill_as(bytes: &[u8], format: BillFormat) -> Result<BillImport, ImportError> {
    parse_bill_rows(crate::imports::tabular::read_rows(bytes)?, format)
}

/// Reads an uploaded bank statement through the user's saved mapping (server only).
#[cfg(feature = "ssr")]
pub fn parse_bank_statement(bytes: &[u8], mapping: &BankMapping) -> Result<BillImport, ImportError> {
    parse_bank_rows(crate::imports::tabular::read_rows(bytes)?, mapping)
}

/// Personal bills and Alipay do not say which payment a refund returns. Within one file, a
/// refund is linked to the payment with the same merchant order number, or — Alipay writes
/// refund numbers as `<payment>_<suffix>` — to the payment whose number prefixes its own.
fn link_refunds(rows: &mut [BillRow]) {
    let mut by_order: HashMap<String, String> = HashMap::new();
    let mut payments: HashSet<String> = HashSet::new();
    for r in rows.iter().filter(|r| r.direction != Direction::Refund) {
        if let Some(m) = &r.merchant_order_no {
            by_order.entry(m.clone()).or_insert_with(|| r.txn_no.clone());
        }
        payments.insert(r.txn_no.clone());
    }
    for r in rows.iter_mut().filter(|r| r.direction == Direction::Refund && r.refund_of.is_none()) {
        let by_merchant = r.merchant_order_no.as_ref().and_then(|m| by_order.get(m)).cloned();
        let by_prefix = r
            .txn_no
            .split_once('_')
            .map(|(p, _)| p.to_string())
            .filter(|p| payments.contains(p));
        r.refund_of = by_merchant.or(by_prefix);
    }
}
