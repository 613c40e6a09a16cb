//! WeChat Pay bills.
//!
//! Merchant bill (商户平台/API 交易账单, types ALL, SUCCESS, REFUND): every cell starts with a
//! backtick; detail header `交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,
//! 用户标识,交易类型,交易状态,…,应结订单金额,…,微信退款单号,…,退款金额,…,手续费,费率,订单金额,
//! 申请退款金额,费率备注`, then `总交易单数,应结订单总金额,…` and one row of totals. A refund
//! row (交易状态 `REFUND`) carries the refund number, the refund amount and a negative fee.
//! Early bills say `总金额` instead of `应结订单金额`.
//!
//! Personal bill (微信支付账单明细): preamble up to `-----微信支付账单明细列表-----`, header
//! `交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注`.

use super::summary::text_summary;
use super::{BillFormat, BillImport, BillRow, BillProvider, BillSummary, Direction};
use crate::imports::cells::{parse_fen, Precision};
use crate::imports::errors::{ImportError, RowReason};
use crate::imports::tabular::{normalize_header, HeaderSpec, RawRow, RowReader, Table};

pub(super) const MERCHANT_SPEC: HeaderSpec<'static> = HeaderSpec {
    required: &[&["交易时间"], &["公众账号ID"], &["微信订单号"], &["交易状态"]],
    footer_markers: &["总交易单数"],
};

pub(super) const PERSONAL_SPEC: HeaderSpec<'static> = HeaderSpec {
    required: &[&["交易时间"], &["交易类型"], &["交易对方"], &["收/支"], &["金额(元)"], &["交易单号"]],
    footer_markers: &[],
};

/// Columns of the merchant bill; `None` where this bill type lacks the column.
struct MerchantCols {
    time: usize,
    wx_order: usize,
    status: usize,
    merchant_order: Option<usize>,
    openid: Option<usize>,
    settled: Option<usize>,
    refund_no: Option<usize>,
    refund_amount: Option<usize>,
    refund_applied: Option<usize>,
    refund_status: Option<usize>,
    refund_times: Vec<usize>,
    item: Option<usize>,
    attach: Option<usize>,
    fee: Option<usize>,
}

impl MerchantCols {
    fn find(t: &Table) -> Result<Self, ImportError> {
        Ok(MerchantCols {
            time: t.require(&["交易时间"])?,
            wx_order: t.require(&["微信订单号"])?,
            status: t.require(&["交易状态"])?,
            merchant_order: t.find(&["商户订单号"]),
            openid: t.find(&["用户标识"]),
            settled: t.find(&["应结订单金额", "总金额", "订单金额"]),
            refund_no: t.find(&["微信退款单号"]),
            refund_amount: t.find(&["退款金额"]),
            refund_applied: t.find(&["申请退款金额"]),
            refund_status: t.find(&["退款状态"]),
            refund_times: t.find_all(&["退款成功时间", "退款申请时间"]),
            item: t.find(&["商品名称"]),
            attach: t.find(&["商户数据包"]),
            fee: t.find(&["手续费"]),
        })
    }
}

pub(super) fn read_merchant(t: &Table) -> Result<BillImport, ImportError> {
    let cols = MerchantCols::find(t)?;
    if cols.settled.is_none() {
        return Err(ImportError::MissingColumn { column: "应结订单金额".into() });
    }
    let mut import = empty(BillFormat::WechatMerchant, merchant_summary(&t.trailer));
    for row in &t.rows {
        let mut r = RowReader::new(t, row);
        let bill = merchant_row(&mut r, &cols);
        match bill {
            Some(b) if r.is_ok() => import.rows.push(b),
            _ => import.errors.extend(r.into_errors()),
        }
    }
    Ok(import)
}

fn merchant_row(r: &mut RowReader<'_>, c: &MerchantCols) -> Option<BillRow> {
    let status = r.required(c.status).unwrap_or_default();
    let refund_no = r.opt(c.refund_no).filter(|n| n != "0");
    let is_refund = status == "REFUND" || refund_no.is_some();
    let wx_order = r.required(c.wx_order);
    let time = match (is_refund, r.first_of(&c.refund_times)) {
        (true, Some((col, _))) => r.time(col, None),
        _ => r.time(c.time, None),
    };
    let fee = r.opt_fen(c.fee, Precision::RoundHalfUp).unwrap_or(0);
    let (txn_no, amount) = if is_refund {
        let no = refund_or_missing(r, c, refund_no);
        (no, refund_amount(r, c))
    } else {
        (wx_order.clone(), r.fen(c.settled.expect("checked"), Precision::Fen))
    };
    let refund_status = r.plain(c.refund_status);
    Some(BillRow {
        provider: BillProvider::WechatPay,
        txn_no: txn_no?,
        merchant_order_no: r.opt(c.merchant_order),
        time_ms: time?,
        direction: merchant_direction(&status),
        amount_fen: amount?.abs(),
        fee_fen: fee,
        counterparty: r.plain(c.openid),
        payer_account: r.opt(c.openid),
        item: r.plain(c.item),
        status: if is_refund && !refund_status.is_empty() { format!("{status}/{refund_status}") } else { status },
        note: r.plain(c.attach),
        refund_of: if is_refund { wx_order } else { None },
        raw_row: r.line(),
    })
}

fn refund_or_missing(r: &mut RowReader<'_>, c: &MerchantCols, no: Option<String>) -> Option<String> {
    if no.is_none() {
        match c.refund_no {
            Some(col) => r.fail(col, RowReason::Missing),
            None => r.fail(c.status, RowReason::Missing),
        }
    }
    no
}

/// The amount actually refunded; bills where it is zero only show the amount applied for.
fn refund_amount(r: &mut RowReader<'_>, c: &MerchantCols) -> Option<i64> {
    let refunded = r.opt_fen(c.refund_amount, Precision::Fen).filter(|f| *f != 0);
    let applied = || r.opt_fen(c.refund_applied, Precision::Fen);
    let v = refunded.or_else(applied);
    if v.is_none() && r.is_ok() {
        r.fail(c.refund_amount.or(c.refund_applied).unwrap_or(c.status), RowReason::Missing);
    }
    v
}

fn merchant_direction(status: &str) -> Direction {
    match status {
        "SUCCESS" => Direction::Income,
        "REFUND" => Direction::Refund,
        // REVOKED (撤销), CLOSED, NOTPAY, PAYERROR: no money stayed with the merchant.
        _ => Direction::Other,
    }
}

/// The two lines after the data: summary header and values.
fn merchant_summary(trailer: &[RawRow]) -> Option<BillSummary> {
    let at = trailer.iter().position(|r| normalize_header(r.cell(0)) == "总交易单数")?;
    let (names, values) = (&trailer[at], trailer.get(at + 1)?);
    let value = |wanted: &[&str], p: Precision| {
        let i = names.cells.iter().position(|n| wanted.contains(&normalize_header(n).as_str()))?;
        parse_fen(values.cell(i), p)
    };
    Some(BillSummary {
        record_count: values.cell(0).parse().ok(),
        settled_fen: value(&["应结订单总金额", "总交易额"], Precision::Fen),
        refund_fen: value(&["退款总金额", "总退款金额"], Precision::Fen),
        fee_fen: value(&["手续费总金额"], Precision::RoundHalfUp),
        order_total_fen: value(&["订单总金额"], Precision::Fen),
        ..BillSummary::default()
    })
}

fn empty(format: BillFormat, summary: Option<BillSummary>) -> BillImport {
    BillImport { format, rows: Vec::new(), summary, errors: Vec::new() }
}

struct PersonalCols {
    time: usize,
    kind: usize,
    counterparty: usize,
    direction: usize,
    amount: usize,
    txn_no: usize,
    item: Option<usize>,
    status: Option<usize>,
    merchant_order: Option<usize>,
    note: Option<usize>,
}

pub(super) fn read_personal(t: &Table) -> Result<BillImport, ImportError> {
    let c = PersonalCols {
        time: t.require(&["交易时间"])?,
        kind: t.require(&["交易类型"])?,
        counterparty: t.require(&["交易对方"])?,
        direction: t.require(&["收/支"])?,
        amount: t.require(&["金额(元)"])?,
        txn_no: t.require(&["交易单号"])?,
        item: t.find(&["商品"]),
        status: t.find(&["当前状态"]),
        merchant_order: t.find(&["商户单号"]),
        note: t.find(&["备注"]),
    };
    let mut import = empty(BillFormat::WechatPersonal, text_summary(&t.preamble));
    for row in &t.rows {
        let mut r = RowReader::new(t, row);
        match personal_row(&mut r, &c) {
            Some(b) if r.is_ok() => import.rows.push(b),
            _ => import.errors.extend(r.into_errors()),
        }
    }
    Ok(import)
}

fn personal_row(r: &mut RowReader<'_>, c: &PersonalCols) -> Option<BillRow> {
    let time = r.time(c.time, None);
    let kind = r.plain(Some(c.kind));
    let direction = personal_direction(r, c.direction, &kind);
    let txn_no = r.required(c.txn_no);
    let amount = r.fen(c.amount, Precision::Fen);
    let note = r.plain(c.note);
    Some(BillRow {
        provider: BillProvider::WechatPay,
        txn_no: txn_no?,
        merchant_order_no: r.opt(c.merchant_order),
        time_ms: time?,
        direction: direction?,
        amount_fen: amount?.abs(),
        fee_fen: service_fee(&note),
        counterparty: r.plain(Some(c.counterparty)),
        payer_account: None,
        item: r.plain(c.item),
        status: r.plain(c.status),
        note,
        refund_of: None,
        raw_row: r.line(),
    })
}

/// `收入`/`支出`/`/`; a `…-退款` transaction type is a refund whatever the column says.
fn personal_direction(r: &mut RowReader<'_>, col: usize, kind: &str) -> Option<Direction> {
    let value = r.text(Some(col));
    let d = match value {
        "收入" => Direction::Income,
        "支出" => Direction::Expense,
        "" | "/" | "不计收支" | "中性交易" => Direction::Other,
        other => {
            r.fail(col, RowReason::UnknownDirection { value: other.to_string() });
            return None;
        }
    };
    Some(if kind.contains("退款") { Direction::Refund } else { d })
}

/// Withdrawals note their fee as `服务费¥0.10`.
fn service_fee(note: &str) -> i64 {
    note.split_once("服务费")
        .map(|(_, rest)| rest.trim_start_matches([':', '：']))
        .map(|rest| rest.split(|c: char| c.is_whitespace() || c == ',' || c == '，').next().unwrap_or(""))
        .and_then(|amount| parse_fen(amount, Precision::RoundHalfUp))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_fee_in_note() {
        assert_eq!(service_fee("服务费¥0.10"), 10);
        assert_eq!(service_fee("服务费￥1.00"), 100);
        assert_eq!(service_fee("/"), 0);
        assert_eq!(service_fee(""), 0);
    }

    #[test]
    fn merchant_status_to_direction() {
        assert_eq!(merchant_direction("SUCCESS"), Direction::Income);
        assert_eq!(merchant_direction("REFUND"), Direction::Refund);
        assert_eq!(merchant_direction("REVOKED"), Direction::Other);
    }
}
