//! Picking list (拣货单) for a batch of orders being shipped (O6): every SKU once, with
//! the total quantity and how many orders need it, in walking order through the warehouse.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// One order line of the batch.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickLine {
    pub order_no: String,
    pub sku_code: String,
    pub name: String,
    /// Variant label, e.g. 红色 / XL.
    pub variant: String,
    /// Shelf location such as A-02-3; empty when the SKU has none.
    pub location: String,
    pub qty: i64,
}

/// One row of the picking list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickRow {
    pub sku_code: String,
    pub name: String,
    pub variant: String,
    pub location: String,
    pub total_qty: i64,
    /// Distinct orders containing this SKU.
    pub order_count: usize,
}

/// The picking list with its totals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickList {
    pub rows: Vec<PickRow>,
    pub total_qty: i64,
    /// Distinct orders in the batch.
    pub order_count: usize,
}

/// Why a batch cannot be turned into a picking list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PickingError {
    /// A line has a zero or negative quantity.
    BadQty { order_no: String, sku_code: String, qty: i64 },
    /// A line has no SKU code.
    MissingSku { order_no: String },
}

impl PickingError {
    /// Stable snake_case identifier.
    pub fn code(&self) -> &'static str {
        match self {
            PickingError::BadQty { .. } => "picking_bad_qty",
            PickingError::MissingSku { .. } => "picking_missing_sku",
        }
    }

    /// The message shown to the user.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (PickingError::BadQty { order_no, sku_code, qty }, Lang::Zh) => {
                format!("订单 {order_no} 中商品 {sku_code} 的数量 {qty} 无效，应大于 0")
            }
            (PickingError::BadQty { order_no, sku_code, qty }, Lang::En) => {
                format!("Order {order_no}: quantity {qty} of {sku_code} is invalid; it must be above 0")
            }
            (PickingError::MissingSku { order_no }, Lang::Zh) => format!("订单 {order_no} 有一行商品缺少 SKU 编码"),
            (PickingError::MissingSku { order_no }, Lang::En) => {
                format!("Order {order_no} has a line without a SKU code")
            }
        }
    }
}

/// Sum the lines by SKU code and sort by location (natural order, SKUs without a location
/// last), then by code. Name, variant and location are taken from the SKU's first line.
pub fn picking_list(lines: &[PickLine]) -> Result<PickList, PickingError> {
    let mut by_sku: BTreeMap<&str, (PickRow, BTreeSet<&str>)> = BTreeMap::new();
    let mut orders: BTreeSet<&str> = BTreeSet::new();
    let mut total_qty = 0i64;
    for l in lines {
        let code = l.sku_code.trim();
        if code.is_empty() {
            return Err(PickingError::MissingSku { order_no: l.order_no.clone() });
        }
        if l.qty <= 0 {
            return Err(PickingError::BadQty { order_no: l.order_no.clone(), sku_code: code.to_string(), qty: l.qty });
        }
        let entry = by_sku.entry(code).or_insert_with(|| {
            let row = PickRow {
                sku_code: code.to_string(),
                name: l.name.trim().to_string(),
                variant: l.variant.trim().to_string(),
                location: l.location.trim().to_string(),
                total_qty: 0,
                order_count: 0,
            };
            (row, BTreeSet::new())
        });
        entry.0.total_qty = entry.0.total_qty.saturating_add(l.qty);
        entry.1.insert(l.order_no.as_str());
        orders.insert(l.order_no.as_str());
        total_qty = total_qty.saturating_add(l.qty);
    }
    let mut rows: Vec<PickRow> = by_sku
        .into_values()
        .map(|(mut row, set)| {
            row.order_count = set.len();
            row
        })
        .collect();
    rows.sort_by(|a, b| location_cmp(&a.location, &b.location).then_with(|| natural_cmp(&a.sku_code, &b.sku_code)));
    Ok(PickList { rows, total_qty, order_count: orders.len() })
}

fn location_cmp(a: &str, b: &str) -> Ordering {
    match (a.is_empty(), b.is_empty()) {
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        _ => natural_cmp(a, b),
    }
}

/// Compare strings with digit runs as numbers, case-insensitively: A-2-9 < A-2-10 < a-10-1.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (x.peek().copied(), y.peek().copied()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let (m, n) = (take_number(&mut x), take_number(&mut y));
                let ord = m.trim_start_matches('0').len().cmp(&n.trim_start_matches('0').len());
                let ord = ord.then_with(|| m.trim_start_matches('0').cmp(n.trim_start_matches('0')));
                if ord != Ordering::Equal {
                    return ord;
                }
            }
            (Some(c), Some(d)) => {
                let ord = c.to_lowercase().cmp(d.to_lowercase());
                if ord != Ordering::Equal {
                    return ord;
                }
                x.next();
                y.next();
            }
        }
    }
}

fn take_number(it: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut s = String::new();
    while let Some(c) = it.peek().copied().filter(char::is_ascii_digit) {
        s.push(c);
        it.next();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(order: &str, code: &str, location: &str, qty: i64) -> PickLine {
        PickLine {
            order_no: order.into(),
            sku_code: code.into(),
            name: format!("商品{code}"),
            variant: "默认".into(),
            location: location.into(),
            qty,
        }
    }

    #[test]
    fn sums_by_sku_and_counts_orders() {
        let lines = vec![
            line("ZG1", "DHS-6", "B-1-2", 2),
            line("ZG1", "MM-10", "A-2-10", 1),
            line("ZG2", "DHS-6", "B-1-2", 3),
            line("ZG2", "DHS-6", "B-1-2", 1), // same order twice: one order, qty still adds
            line("ZG3", "MM-9", "A-2-9", 4),
            line("ZG3", "TEA-1", "", 1),
        ];
        let list = picking_list(&lines).unwrap();
        let got: Vec<(&str, &str, i64, usize)> =
            list.rows.iter().map(|r| (r.sku_code.as_str(), r.location.as_str(), r.total_qty, r.order_count)).collect();
        assert_eq!(
            got,
            vec![("MM-9", "A-2-9", 4, 1), ("MM-10", "A-2-10", 1, 1), ("DHS-6", "B-1-2", 6, 2), ("TEA-1", "", 1, 1)]
        );
        assert_eq!(list.total_qty, 12);
        assert_eq!(list.order_count, 3);
        assert_eq!(list.rows[0].name, "商品MM-9");
        assert_eq!(list.rows[0].variant, "默认");
    }

    #[test]
    fn same_location_sorts_by_code_naturally() {
        let lines = vec![line("1", "SKU-10", "A-1", 1), line("1", "SKU-9", "A-1", 1), line("1", "SKU-1", "", 1)];
        let codes: Vec<String> = picking_list(&lines).unwrap().rows.into_iter().map(|r| r.sku_code).collect();
        assert_eq!(codes, vec!["SKU-9", "SKU-10", "SKU-1"]);
    }

    #[test]
    fn empty_batch_is_an_empty_list() {
        assert_eq!(picking_list(&[]).unwrap(), PickList { rows: vec![], total_qty: 0, order_count: 0 });
    }

    #[test]
    fn bad_lines_are_refused() {
        assert_eq!(
            picking_list(&[line("ZG7", "DHS-6", "A", 0)]),
            Err(PickingError::BadQty { order_no: "ZG7".into(), sku_code: "DHS-6".into(), qty: 0 })
        );
        assert_eq!(picking_list(&[line("ZG8", " ", "A", 1)]), Err(PickingError::MissingSku { order_no: "ZG8".into() }));
        let e = PickingError::BadQty { order_no: "ZG7".into(), sku_code: "DHS-6".into(), qty: -1 };
        assert_eq!(e.code(), "picking_bad_qty");
        assert_eq!(e.message(Lang::Zh), "订单 ZG7 中商品 DHS-6 的数量 -1 无效，应大于 0");
    }

    #[test]
    fn natural_order() {
        assert_eq!(natural_cmp("A-2-9", "A-2-10"), Ordering::Less);
        assert_eq!(natural_cmp("A-02-3", "A-2-4"), Ordering::Less);
        assert_eq!(natural_cmp("a-10", "A-9"), Ordering::Greater);
        assert_eq!(natural_cmp("B", "a-1"), Ordering::Greater);
        assert_eq!(natural_cmp("A", "A-1"), Ordering::Less);
        assert_eq!(natural_cmp("x", "x"), Ordering::Equal);
    }
}
