//! .xlsx exports of the inventory area (ssr only), written with rust_xlsxwriter: the stock
//! board and the ledger as filtered. Quantities and amounts are numeric cells (amounts in
//! yuan, two decimals), times are date cells in Beijing time; headings follow the caller's
//! language.

use super::text::text;
use super::{Movement, SkuStock};
use crate::i18n::Lang;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

fn yuan(m: crate::money::Money) -> f64 {
    m.0.to_f64().unwrap_or(0.0)
}

fn head() -> Format {
    Format::new().set_bold().set_background_color("#F2E6E1")
}

/// The stock board. Costs and stock value only for staff.
pub fn stock(rows: &[SkuStock], staff: bool, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let t = text(lang);
    let money = Format::new().set_num_format("#,##0.00");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(t.inventory_title)?;
    let mut heads = vec![t.code, t.barcode, t.product, t.category, t.color, t.size, t.price, t.on_hand, t.reserved, t.available, t.low_stock_level];
    if staff {
        heads.extend([t.avg_cost, t.stock_value]);
    }
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &head())?;
    }
    for (i, s) in rows.iter().enumerate() {
        let r = 1 + i as u32;
        ws.write_string(r, 0, &s.code)?;
        ws.write_string(r, 1, &s.barcode)?;
        ws.write_string(r, 2, &s.product_name)?;
        ws.write_string(r, 3, &s.category)?;
        ws.write_string(r, 4, &s.color)?;
        ws.write_string(r, 5, &s.size)?;
        ws.write_number_with_format(r, 6, yuan(s.price), &money)?;
        ws.write_number(r, 7, s.qty as f64)?;
        ws.write_number(r, 8, s.reserved as f64)?;
        ws.write_number(r, 9, s.available() as f64)?;
        ws.write_number(r, 10, s.low_stock_qty as f64)?;
        if staff {
            ws.write_number_with_format(r, 11, yuan(s.avg_cost), &money)?;
            ws.write_number_with_format(r, 12, yuan(s.avg_cost.times(s.qty)), &money)?;
        }
    }
    ws.set_column_width(2, 28)?;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, rows.len() as u32, heads.len() as u16 - 1)?;
    wb.save_to_buffer()
}

/// The ledger rows, newest first.
pub fn ledger(rows: &[Movement], lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let t = text(lang);
    let money = Format::new().set_num_format("#,##0.00");
    let date = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(t.movements)?;
    let heads = [t.time, t.code, t.sku, t.warehouse, t.kind, t.quantity, t.unit_cost, t.document, t.note, t.operator];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &head())?;
    }
    for (i, m) in rows.iter().enumerate() {
        let r = 1 + i as u32;
        // Beijing wall-clock time: Excel dates carry no zone.
        let at = ExcelDateTime::from_timestamp((m.at + 8 * 3_600_000).div_euclid(1000))?;
        ws.write_datetime_with_format(r, 0, &at, &date)?;
        ws.write_string(r, 1, &m.sku_code)?;
        ws.write_string(r, 2, &m.sku_label)?;
        ws.write_string(r, 3, &m.warehouse)?;
        ws.write_string(r, 4, m.kind.label(lang))?;
        ws.write_number(r, 5, m.delta as f64)?;
        ws.write_number_with_format(r, 6, yuan(m.unit_cost), &money)?;
        ws.write_string(r, 7, super::text::document_label(m.ref_type.as_deref(), m.ref_id, lang))?;
        ws.write_string(r, 8, &m.note)?;
        ws.write_string(r, 9, &m.user_name)?;
    }
    ws.set_column_width(0, 17)?;
    ws.set_column_width(2, 28)?;
    ws.set_freeze_panes(1, 0)?;
    wb.save_to_buffer()
}

/// The catalog in the product sheet's columns ([`super::catalog_io::COLUMNS`]), one row per
/// SKU; codes and barcodes as text so Excel keeps every digit.
pub fn products(known: &super::catalog_io::Known, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    use super::catalog_io::COLUMNS;
    let money = Format::new().set_num_format("0.00");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(lang.pick("商品", "Products"))?;
    for (c, (zh, en, _)) in COLUMNS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, lang.pick(*zh, *en), &head())?;
    }
    let products: std::collections::HashMap<i64, &super::catalog_io::KnownProduct> = known.products.iter().map(|p| (p.id, p)).collect();
    let suppliers: std::collections::HashMap<i64, &str> = known.suppliers.iter().map(|(id, n)| (*id, n.as_str())).collect();
    for (i, s) in known.skus.iter().enumerate() {
        let r = 1 + i as u32;
        let Some(p) = products.get(&s.product_id) else { continue };
        ws.write_string(r, 0, &p.name)?;
        ws.write_string(r, 1, &p.category)?;
        ws.write_string(r, 2, &s.code)?;
        ws.write_string(r, 3, &s.color)?;
        ws.write_string(r, 4, &s.size)?;
        ws.write_number_with_format(r, 5, yuan(s.price), &money)?;
        ws.write_number_with_format(r, 6, yuan(s.cost), &money)?;
        ws.write_string(r, 7, s.barcode.as_deref().unwrap_or(""))?;
        ws.write_number(r, 8, s.weight_g as f64)?;
        ws.write_number(r, 9, s.low_stock_qty as f64)?;
        ws.write_string(r, 10, p.supplier_id.and_then(|id| suppliers.get(&id).copied()).unwrap_or(""))?;
        ws.write_string(r, 11, &p.image)?;
    }
    ws.set_column_width(0, 28)?;
    ws.set_column_width(2, 14)?;
    ws.set_column_width(7, 16)?;
    ws.set_freeze_panes(1, 0)?;
    wb.save_to_buffer()
}
