//! Alipay statements (支付宝交易明细), usually GBK bytes.
//!
//! Current layout (app export, 2022+): preamble (`导出信息：`, account, period, `共N笔记录`,
//! `收入：N笔 X元`, notes, a dashed `电子客户回单` line), then header
//! `交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,
//! 商家订单号,备注` (some versions order the columns differently), cells padded with spaces and
//! transaction numbers followed by a tab.
//!
//! Legacy web layout: `支付宝交易记录明细查询` / `账号:[…]` / `起始日期:[…] 终止日期:[…]` (or
//! the same behind `#`), a dashed line, header `交易号,商家订单号,交易创建时间,付款时间,最近修改时间,
//! 交易来源地,类型,交易对方,商品名称,金额（元）,收/支,交易状态,服务费（元）,成功退款（元）,备注,
//! 资金状态`, and a footer of dashed lines, `共N笔记录`, `已收入:N笔,X元`, … `导出时间:[…]`.

use super::summary::text_summary;
use super::{BillFormat, BillImport, BillProvider, BillRow, Direction};
use crate::imports::cells::Precision;
use crate::imports::errors::{ImportError, RowReason};
use crate::imports::tabular::{HeaderSpec, RowReader, Table};

pub(super) const CURRENT_SPEC: HeaderSpec<'static> = HeaderSpec {
    required: &[&["交易时间"], &["交易对方"], &["收/支"], &["金额"], &["交易订单号"]],
    footer_markers: &[],
};

pub(super) const LEGACY_SPEC: HeaderSpec<'static> = HeaderSpec {
    required: &[&["交易号"], &["交易创建时间"], &["金额(元)"], &["收/支"]],
    footer_markers: &[],
};

/// Column positions shared by both layouts (names differ).
struct Cols {
    times: Vec<usize>,
    txn_no: usize,
    direction: usize,
    amount: usize,
    category: Option<usize>,
    counterparty: Option<usize>,
    account: Option<usize>,
    item: Option<usize>,
    status: Option<usize>,
    merchant_order: Option<usize>,
    note: Option<usize>,
    fee: Option<usize>,
}

pub(super) fn read_current(t: &Table) -> Result<BillImport, ImportError> {
    let cols = Cols {
        times: vec![t.require(&["交易时间"])?],
        txn_no: t.require(&["交易订单号"])?,
        direction: t.require(&["收/支"])?,
        amount: t.require(&["金额"])?,
        category: t.find(&["交易分类"]),
        counterparty: t.find(&["交易对方"]),
        account: t.find(&["对方账号"]),
        item: t.find(&["商品说明"]),
        status: t.find(&["交易状态"]),
        merchant_order: t.find(&["商家订单号"]),
        note: t.find(&["备注"]),
        fee: None,
    };
    Ok(read(t, &cols, BillFormat::AlipayCurrent))
}

pub(super) fn read_legacy(t: &Table) -> Result<BillImport, ImportError> {
    // 付款时间 is when money moved; unpaid rows only have 交易创建时间.
    let mut times = t.find_all(&["付款时间"]);
    times.push(t.require(&["交易创建时间"])?);
    let cols = Cols {
        times,
        txn_no: t.require(&["交易号"])?,
        direction: t.require(&["收/支"])?,
        amount: t.require(&["金额(元)"])?,
        category: t.find(&["类型"]),
        counterparty: t.find(&["交易对方"]),
        account: None,
        item: t.find(&["商品名称"]),
        status: t.find(&["交易状态"]),
        merchant_order: t.find(&["商家订单号"]),
        note: t.find(&["备注"]),
        fee: t.find(&["服务费(元)"]),
    };
    Ok(read(t, &cols, BillFormat::AlipayLegacy))
}

fn read(t: &Table, cols: &Cols, format: BillFormat) -> BillImport {
    let mut summary_lines = t.preamble.clone();
    summary_lines.extend(t.trailer.iter().cloned());
    let mut import = BillImport { format, rows: Vec::new(), summary: text_summary(&summary_lines), errors: Vec::new() };
    for row in &t.rows {
        let mut r = RowReader::new(t, row);
        match bill_row(&mut r, cols) {
            Some(b) if r.is_ok() => import.rows.push(b),
            _ => import.errors.extend(r.into_errors()),
        }
    }
    import
}

fn bill_row(r: &mut RowReader<'_>, c: &Cols) -> Option<BillRow> {
    let time = match r.first_of(&c.times) {
        Some((col, _)) => r.time(col, None),
        None => r.time(*c.times.last().expect("at least one time column"), None),
    };
    let txn_no = r.required(c.txn_no);
    let direction = direction(r, c);
    let amount = r.fen(c.amount, Precision::Fen);
    let fee = r.opt_fen(c.fee, Precision::RoundHalfUp).unwrap_or(0);
    Some(BillRow {
        provider: BillProvider::Alipay,
        txn_no: txn_no?,
        merchant_order_no: r.opt(c.merchant_order),
        time_ms: time?,
        direction: direction?,
        amount_fen: amount?.abs(),
        fee_fen: fee,
        counterparty: r.plain(c.counterparty),
        payer_account: r.opt(c.account),
        item: r.plain(c.item),
        status: r.plain(c.status),
        note: r.plain(c.note),
        refund_of: None,
        raw_row: r.line(),
    })
}

/// `收入`/`支出`/`不计收支` (legacy files leave it empty or write `其他`); refunds are
/// recognised by category `退款`, an item `退款-…`, or status `退款成功`.
fn direction(r: &mut RowReader<'_>, c: &Cols) -> Option<Direction> {
    let value = r.text(Some(c.direction));
    let d = match value {
        "收入" => Direction::Income,
        "支出" => Direction::Expense,
        "" | "/" | "不计收支" | "其他" => Direction::Other,
        other => {
            r.fail(c.direction, RowReason::UnknownDirection { value: other.to_string() });
            return None;
        }
    };
    let refund = r.text(c.category).contains("退款")
        || r.text(c.item).starts_with("退款")
        || r.text(c.status) == "退款成功";
    Some(if refund { Direction::Refund } else { d })
}
