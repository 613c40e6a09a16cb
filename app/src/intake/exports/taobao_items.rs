//! Taobao's 宝贝报表 (`ExportOrderDetailList`): one row per line item keyed by 订单编号, with
//! 标题, 价格, 购买数量, 外部系统编号, 商品属性, 套餐信息, 备注, 订单状态, 商家编码. The classic
//! 订单报表 has one row per order and only a joined title, so the item report supplies the real
//! lines.

use super::{ImportedLine, OrderImport};
use crate::imports::cells::Precision;
use crate::imports::errors::{ImportError, RowReason};
use crate::imports::tabular::{locate_table, HeaderSpec, RawRow, RowReader, Table};
use std::collections::{BTreeSet, HashMap};

struct ItemCols {
    order_no: usize,
    title: usize,
    qty: usize,
    price: Option<usize>,
    sku_code: Vec<usize>,
    spec: Option<usize>,
}

impl ItemCols {
    fn find(t: &Table) -> Result<Self, ImportError> {
        Ok(ItemCols {
            order_no: t.require(&["订单编号"])?,
            title: t.require(&["标题"])?,
            qty: t.require(&["购买数量"])?,
            price: t.find(&["价格"]),
            sku_code: t.find_all(&["商家编码", "外部系统编号"]),
            spec: t.find(&["商品属性", "销售属性"]),
        })
    }
}

fn read_item(r: &mut RowReader<'_>, c: &ItemCols) -> Option<ImportedLine> {
    let title = r.required(c.title);
    let qty = r.qty(c.qty);
    let unit_price_fen = r.opt_fen(c.price, Precision::Fen);
    Some(ImportedLine {
        title: title?,
        spec: r.plain(c.spec),
        sku_code: r.first_of(&c.sku_code).map(|(_, v)| v),
        qty: qty?,
        unit_price_fen,
        paid_fen: None,
    })
}

/// Replaces the lines of the orders in `import` by the item report's lines. Item rows of
/// orders that were already rejected are ignored; rows naming an order absent from the order
/// report are errors; an order with a bad item row is moved to `rejected`.
pub fn attach_taobao_item_rows(import: &mut OrderImport, rows: Vec<RawRow>) -> Result<(), ImportError> {
    let table = locate_table(rows, &HeaderSpec { required: super::spec::TAOBAO_ITEMS_DETECT, footer_markers: &[] })?;
    let cols = ItemCols::find(&table)?;
    let index: HashMap<String, usize> = import
        .orders
        .iter()
        .enumerate()
        .filter_map(|(i, o)| o.external_no.clone().map(|n| (n, i)))
        .collect();
    let mut found: HashMap<usize, Vec<ImportedLine>> = HashMap::new();
    let mut bad: BTreeSet<usize> = BTreeSet::new();
    for row in &table.rows {
        let mut r = RowReader::new(&table, row);
        let order_no = r.required(cols.order_no);
        let line = read_item(&mut r, &cols);
        let target = order_no.as_ref().and_then(|n| index.get(n)).copied();
        match (order_no, target, line) {
            (Some(n), None, _) if import.rejected.contains(&n) => {}
            (Some(n), None, _) => r.fail(cols.order_no, RowReason::UnknownOrder { value: n }),
            (_, Some(i), Some(line)) if r.is_ok() => found.entry(i).or_default().push(line),
            (_, Some(i), _) => {
                bad.insert(i);
            }
            (None, None, _) => {}
        }
        import.errors.extend(r.into_errors());
    }
    // `raw_rows` keep pointing into the order report: item-report lines are another file.
    for (i, lines) in found {
        import.orders[i].lines = lines;
    }
    for i in bad.into_iter().rev() {
        let order = import.orders.remove(i);
        import.rejected.extend(order.external_no);
    }
    Ok(())
}
