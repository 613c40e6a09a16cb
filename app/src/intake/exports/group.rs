//! Grouping rows into orders by external order number, in file order.
//!
//! An order any of whose rows has a problem is left out (its number goes to `rejected`), so
//! the preview never shows a half order; the problems themselves are all reported.

use super::rows::OrderRow;
use super::spec::PaidScope;
use super::{ImportChannel, ImportedOrder};
use crate::imports::errors::{RowError, RowReason};
use std::collections::HashMap;

struct Acc {
    external_no: Option<String>,
    order: Option<ImportedOrder>,
    /// Row that set the order-level paid amount, for the "differs from row N" message.
    paid_row: u32,
    bad: bool,
}

pub(super) struct Grouper {
    channel: ImportChannel,
    scope: PaidScope,
    paid_field: String,
    accs: Vec<Acc>,
    index: HashMap<String, usize>,
    pub errors: Vec<RowError>,
}

impl Grouper {
    pub fn new(channel: ImportChannel, scope: PaidScope, paid_field: String) -> Self {
        Grouper { channel, scope, paid_field, accs: Vec::new(), index: HashMap::new(), errors: Vec::new() }
    }

    fn slot(&mut self, external_no: Option<String>) -> usize {
        if let Some(i) = external_no.as_ref().and_then(|n| self.index.get(n)) {
            return *i;
        }
        if let Some(n) = &external_no {
            self.index.insert(n.clone(), self.accs.len());
        }
        self.accs.push(Acc { external_no, order: None, paid_row: 0, bad: false });
        self.accs.len() - 1
    }

    /// A row that could not be read; its order (when the number is known) is left out.
    pub fn add_bad(&mut self, external_no: Option<String>, errors: Vec<RowError>) {
        let i = self.slot(external_no);
        self.accs[i].bad = true;
        self.errors.extend(errors);
    }

    pub fn add(&mut self, external_no: Option<String>, row: OrderRow) {
        let i = self.slot(external_no.clone());
        let (scope, line_no) = (self.scope, row.line_no);
        let acc = &mut self.accs[i];
        let Some(order) = acc.order.as_mut() else {
            acc.paid_row = line_no;
            acc.order = Some(new_order(self.channel, external_no, row, scope));
            return;
        };
        match (scope, row.paid, order.paid_fen) {
            (PaidScope::Order, Some(p), None) => {
                order.paid_fen = Some(p);
                acc.paid_row = line_no;
            }
            (PaidScope::Order, Some(p), Some(q)) if p != q => {
                let reason = RowReason::Inconsistent { value: row.paid_text, first_row: acc.paid_row };
                self.errors.push(RowError::new(line_no, self.paid_field.clone(), reason));
                acc.bad = true;
                return;
            }
            _ => {}
        }
        order.lines.push(row.line);
        order.raw_rows.push(line_no);
    }

    /// Good orders in file order, and the numbers of orders left out.
    pub fn finish(self) -> (Vec<ImportedOrder>, Vec<String>, Vec<RowError>) {
        let mut orders = Vec::new();
        let mut rejected = Vec::new();
        for acc in self.accs {
            match (acc.bad, acc.order) {
                (false, Some(mut o)) => {
                    if self.scope == PaidScope::Line {
                        o.paid_fen = o.lines.iter().map(|l| l.paid_fen).sum();
                    }
                    orders.push(o)
                }
                _ => rejected.extend(acc.external_no),
            }
        }
        (orders, rejected, self.errors)
    }
}

fn new_order(channel: ImportChannel, external_no: Option<String>, row: OrderRow, scope: PaidScope) -> ImportedOrder {
    ImportedOrder {
        channel,
        external_no,
        buyer_id: row.buyer_id,
        recipient_name: row.recipient,
        mobile: row.mobile,
        mobile_ext: row.mobile_ext,
        province: row.address.province,
        city: row.address.city,
        district: row.address.district,
        address: row.address.full,
        lines: vec![row.line],
        paid_fen: if scope == PaidScope::Order { row.paid } else { None },
        created_ms: row.created,
        status: row.status,
        note: row.note,
        buyer_message: row.buyer_message,
        raw_rows: vec![row.line_no],
    }
}
