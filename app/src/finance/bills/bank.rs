//! Bank statements: every bank exports its own columns, so the user maps them once and the
//! mapping is saved. The header row is found by the mapped names.

use super::{BillFormat, BillImport, BillProvider, BillRow, Direction};
use crate::imports::cells::Precision;
use crate::imports::errors::{ImportError, RowReason};
use crate::imports::tabular::{locate_table, HeaderSpec, RawRow, RowReader};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Where the amount is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BankAmount {
    /// One signed column: positive is money in.
    Signed { column: String },
    /// Separate columns for money in (收入/贷方) and money out (支出/借方).
    Split { credit: String, debit: String },
}

/// A user-saved description of one bank's statement columns (header names as in the file).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankMapping {
    /// Date or date-time column.
    pub time: String,
    /// A separate time-of-day column, when the bank splits date and time.
    pub time_of_day: Option<String>,
    /// chrono format of `time` (plus `" " + time_of_day` when set); `None` = recognise.
    pub time_format: Option<String>,
    pub amount: BankAmount,
    pub counterparty: Option<String>,
    pub counterparty_account: Option<String>,
    /// Transaction serial number. Without it a key is made from time, amount and the
    /// occurrence among identical (time, amount) rows, so re-importing the file matches.
    pub txn_no: Option<String>,
    pub note: Option<String>,
}

impl BankMapping {
    fn names(&self) -> Vec<&str> {
        let mut v = vec![self.time.as_str()];
        match &self.amount {
            BankAmount::Signed { column } => v.push(column.as_str()),
            BankAmount::Split { credit, debit } => v.extend([credit.as_str(), debit.as_str()]),
        }
        let optional = [&self.time_of_day, &self.counterparty, &self.counterparty_account, &self.txn_no, &self.note];
        v.extend(optional.into_iter().flatten().map(String::as_str));
        v
    }
}

struct Cols {
    time: usize,
    time_of_day: Option<usize>,
    amount: (usize, Option<usize>),
    counterparty: Option<usize>,
    account: Option<usize>,
    txn_no: Option<usize>,
    note: Option<usize>,
}

/// Reads bank statement rows through `mapping`.
pub fn parse_bank_rows(rows: Vec<RawRow>, mapping: &BankMapping) -> Result<BillImport, ImportError> {
    let names = mapping.names();
    let groups: Vec<[&str; 1]> = names.iter().map(|n| [*n]).collect();
    let required: Vec<&[&str]> = groups.iter().map(|g| &g[..]).collect();
    let table = locate_table(rows, &HeaderSpec { required: &required, footer_markers: &[] })?;
    let find = |name: &Option<String>| name.as_deref().and_then(|n| table.find(&[n]));
    let cols = Cols {
        time: table.require(&[&mapping.time])?,
        time_of_day: find(&mapping.time_of_day),
        amount: match &mapping.amount {
            BankAmount::Signed { column } => (table.require(&[column])?, None),
            BankAmount::Split { credit, debit } => (table.require(&[credit])?, Some(table.require(&[debit])?)),
        },
        counterparty: find(&mapping.counterparty),
        account: find(&mapping.counterparty_account),
        txn_no: find(&mapping.txn_no),
        note: find(&mapping.note),
    };
    let mut import = BillImport { format: BillFormat::Bank, rows: Vec::new(), summary: None, errors: Vec::new() };
    let mut seen: HashMap<(i64, i64), u32> = HashMap::new();
    for row in &table.rows {
        let mut r = RowReader::new(&table, row);
        match bank_row(&mut r, &cols, mapping.time_format.as_deref()) {
            Some(mut b) if r.is_ok() => {
                if b.txn_no.is_empty() {
                    b.txn_no = synthetic_key(&mut seen, &b);
                }
                import.rows.push(b)
            }
            _ => import.errors.extend(r.into_errors()),
        }
    }
    Ok(import)
}

fn bank_row(r: &mut RowReader<'_>, c: &Cols, format: Option<&str>) -> Option<BillRow> {
    let time = bank_time(r, c, format);
    let signed = signed_amount(r, c);
    let txn_no = match c.txn_no {
        Some(col) => r.required(col),
        None => Some(String::new()),
    };
    let signed = signed?;
    Some(BillRow {
        provider: BillProvider::Bank,
        txn_no: txn_no?,
        merchant_order_no: None,
        time_ms: time?,
        direction: match signed {
            s if s > 0 => Direction::Income,
            s if s < 0 => Direction::Expense,
            _ => Direction::Other,
        },
        amount_fen: signed.abs(),
        fee_fen: 0,
        counterparty: r.plain(c.counterparty),
        payer_account: r.opt(c.account),
        item: String::new(),
        status: String::new(),
        note: r.plain(c.note),
        refund_of: None,
        raw_row: r.line(),
    })
}

fn bank_time(r: &mut RowReader<'_>, c: &Cols, format: Option<&str>) -> Option<i64> {
    let Some(tod) = c.time_of_day else {
        return r.time(c.time, format);
    };
    let date = r.required(c.time)?;
    let combined = format!("{} {}", date, r.plain(Some(tod)));
    let parsed = match format {
        Some(f) => crate::imports::cells::parse_local_time_with(&combined, f),
        None => crate::imports::cells::parse_local_time_ms(&combined),
    };
    if parsed.is_none() {
        r.fail(c.time, RowReason::BadTime { value: combined });
    }
    parsed
}

/// Money in is positive. In split layouts a debit may be written with or without a minus.
fn signed_amount(r: &mut RowReader<'_>, c: &Cols) -> Option<i64> {
    match c.amount {
        (col, None) => r.fen(col, Precision::Fen),
        (credit, Some(debit)) => {
            let cr = r.opt_fen(Some(credit), Precision::Fen).filter(|v| *v != 0);
            let dr = r.opt_fen(Some(debit), Precision::Fen).filter(|v| *v != 0);
            match (cr, dr) {
                (Some(v), _) => Some(v.abs()),
                (None, Some(v)) => Some(-v.abs()),
                (None, None) => {
                    if r.is_ok() {
                        r.fail(credit, RowReason::Missing);
                    }
                    None
                }
            }
        }
    }
}

fn synthetic_key(seen: &mut HashMap<(i64, i64), u32>, b: &BillRow) -> String {
    let signed = if b.direction == Direction::Expense { -b.amount_fen } else { b.amount_fen };
    let n = seen.entry((b.time_ms, signed)).or_insert(0);
    *n += 1;
    format!("bank-{}-{}-{}", b.time_ms, signed, n)
}
