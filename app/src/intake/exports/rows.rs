//! One data row of an order export: resolving the columns of a layout, then reading a row
//! into recipient, address, one line item and the order-level values.

use super::address::{build_address, Address};
use super::spec::{ChannelSpec, PaidScope};
use super::{ColumnMapping, ImportedLine};
use crate::imports::cells::{parse_mobile, MobileProblem, Precision};
use crate::imports::errors::{ImportError, RowReason};
use crate::imports::tabular::{RowReader, Table};

/// Column positions of one file. Lists are tried in order, first non-empty cell wins.
pub(super) struct Cols {
    pub order_no: Option<usize>,
    pub buyer_id: Option<usize>,
    pub recipient: usize,
    pub mobile: Vec<usize>,
    pub levels: [Option<usize>; 4],
    pub address: Vec<usize>,
    pub title: Option<usize>,
    pub spec: Option<usize>,
    pub sku_code: Vec<usize>,
    pub qty: Option<usize>,
    pub unit_price: Option<usize>,
    pub line_total: Option<usize>,
    pub paid: Option<usize>,
    pub created: Vec<usize>,
    pub status: Option<usize>,
    pub note: Option<usize>,
    pub buyer_message: Option<usize>,
    pub scope: PaidScope,
    pub time_format: Option<String>,
}

fn need(cols: Vec<usize>, name: &str) -> Result<Vec<usize>, ImportError> {
    if cols.is_empty() {
        Err(ImportError::MissingColumn { column: name.to_string() })
    } else {
        Ok(cols)
    }
}

impl Cols {
    /// Columns of a marketplace layout; recipient, mobile, an address and an order number
    /// are required.
    pub fn for_spec(t: &Table, s: &ChannelSpec) -> Result<Cols, ImportError> {
        let order_no = Some(t.require(s.order_no)?);
        let recipient = t.require(s.recipient)?;
        let mobile = need(t.find_all(s.mobile), s.mobile[0])?;
        let levels = [t.find(s.province), t.find(s.city), t.find(s.district), t.find(s.street)];
        let address = t.find_all(s.address);
        if address.is_empty() && levels.iter().all(Option::is_none) {
            return Err(ImportError::MissingColumn { column: s.address_label.to_string() });
        }
        let scope = if t.find(s.line_marker).is_some() { PaidScope::Line } else { s.paid_scope };
        Ok(Cols {
            order_no,
            buyer_id: t.find(s.buyer_id),
            recipient,
            mobile,
            levels,
            address,
            title: t.find(s.title),
            spec: t.find(s.spec),
            sku_code: t.find_all(s.sku_code),
            qty: t.find(s.qty),
            unit_price: t.find(s.unit_price),
            line_total: t.find(s.line_total),
            paid: t.find(s.paid),
            created: t.find_all(s.created),
            status: t.find(s.status),
            note: t.find(s.note),
            buyer_message: t.find(s.buyer_message),
            scope,
            time_format: None,
        })
    }

    /// Columns named by a user's saved mapping; every named column must exist.
    pub fn for_mapping(t: &Table, m: &ColumnMapping) -> Result<Cols, ImportError> {
        let opt = |name: &Option<String>| -> Result<Option<usize>, ImportError> {
            name.as_deref().map(|n| t.require(&[n])).transpose()
        };
        Ok(Cols {
            order_no: opt(&m.order_no)?,
            buyer_id: None,
            recipient: t.require(&[&m.recipient_name])?,
            mobile: vec![t.require(&[&m.mobile])?],
            levels: [opt(&m.province)?, opt(&m.city)?, opt(&m.district)?, None],
            address: opt(&m.address)?.into_iter().collect(),
            title: opt(&m.title)?,
            spec: None,
            sku_code: opt(&m.sku_code)?.into_iter().collect(),
            qty: opt(&m.qty)?,
            unit_price: opt(&m.unit_price)?,
            line_total: None,
            paid: opt(&m.paid)?,
            created: opt(&m.created)?.into_iter().collect(),
            status: None,
            note: opt(&m.note)?,
            buyer_message: None,
            scope: if m.paid_is_order_total { PaidScope::Order } else { PaidScope::Line },
            time_format: m.time_format.clone(),
        })
    }
}

/// What one row contributes to its order.
pub(super) struct OrderRow {
    pub line_no: u32,
    pub buyer_id: Option<String>,
    pub recipient: String,
    pub mobile: String,
    pub mobile_ext: Option<String>,
    pub address: Address,
    pub line: ImportedLine,
    pub paid: Option<i64>,
    pub paid_text: String,
    pub created: Option<i64>,
    pub status: String,
    pub note: String,
    pub buyer_message: String,
}

/// Reads a row; `None` when a problem was recorded in `r`.
pub(super) fn read_row(r: &mut RowReader<'_>, c: &Cols) -> Option<OrderRow> {
    let recipient = r.required(c.recipient);
    let mobile = read_mobile(r, c);
    let address = read_address(r, c);
    let line = read_line(r, c);
    let paid = r.opt_fen(c.paid, Precision::Fen);
    let created = read_created(r, c);
    let (mobile, mobile_ext) = mobile?;
    let mut line = line?;
    if c.scope == PaidScope::Line {
        line.paid_fen = paid;
    }
    r.is_ok().then_some(())?;
    Some(OrderRow {
        line_no: r.line(),
        buyer_id: r.opt(c.buyer_id),
        recipient: recipient?,
        mobile,
        mobile_ext,
        address: address?,
        line,
        paid,
        paid_text: r.plain(c.paid),
        created,
        status: r.plain(c.status),
        note: r.plain(c.note),
        buyer_message: r.plain(c.buyer_message),
    })
}

fn read_mobile(r: &mut RowReader<'_>, c: &Cols) -> Option<(String, Option<String>)> {
    let Some((col, raw)) = r.first_of(&c.mobile) else {
        r.fail(c.mobile[0], RowReason::Missing);
        return None;
    };
    match parse_mobile(&raw) {
        Ok(m) => Some(m),
        Err(MobileProblem::Masked) => {
            r.fail(col, RowReason::MobileMasked { value: raw });
            None
        }
        Err(MobileProblem::Invalid) => {
            r.fail(col, RowReason::BadMobile { value: raw });
            None
        }
    }
}

fn read_address(r: &mut RowReader<'_>, c: &Cols) -> Option<Address> {
    let levels = c.levels.map(|col| r.plain(col));
    let detail = r.first_of(&c.address).map(|(_, v)| v).unwrap_or_default();
    let address = build_address(levels.each_ref().map(String::as_str), &detail);
    if address.full.is_empty() {
        let col = c.address.first().copied().or(c.levels.into_iter().flatten().next());
        r.fail(col.expect("an address column exists"), RowReason::Missing);
        return None;
    }
    Some(address)
}

fn read_line(r: &mut RowReader<'_>, c: &Cols) -> Option<ImportedLine> {
    let sku_code = r.first_of(&c.sku_code).map(|(_, v)| v);
    let title = r.opt(c.title).or_else(|| sku_code.clone());
    if title.is_none() {
        let col = c.title.or(c.sku_code.first().copied()).unwrap_or(c.recipient);
        r.fail(col, RowReason::Missing);
    }
    let qty = match c.qty {
        Some(col) => r.qty(col),
        None => Some(1),
    };
    let unit = r.opt_fen(c.unit_price, Precision::Fen);
    let total = r.opt_fen(c.line_total, Precision::Fen);
    let qty = qty?;
    // Pinduoduo gives price × quantity; a unit price is only stated when it divides exactly.
    let unit_price_fen = unit.or_else(|| total.filter(|t| t % qty == 0).map(|t| t / qty));
    Some(ImportedLine { title: title?, spec: r.plain(c.spec), sku_code, qty, unit_price_fen, paid_fen: None })
}

fn read_created(r: &mut RowReader<'_>, c: &Cols) -> Option<i64> {
    let (col, _) = r.first_of(&c.created)?;
    match c.time_format.as_deref() {
        Some(f) => r.time(col, Some(f)),
        None => r.opt_time(Some(col)),
    }
}
