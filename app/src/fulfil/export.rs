//! .xlsx export of a batch's picking list (ssr only), written with rust_xlsxwriter: quantities
//! and order counts are numeric cells; headings follow the caller's language.

use super::logic_picking::PickList;
use super::text::text;
use crate::i18n::Lang;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// The picking list: one row per SKU with its total quantity and number of orders, then the
/// totals row.
pub fn picking(list: &PickList, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let t = text(lang);
    let head = Format::new().set_bold().set_background_color("#F2E6E1");
    let bold = Format::new().set_bold();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(t.picking_list)?;
    let heads = [t.sku_code, t.product, t.variant, t.total_qty, t.order_count];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &head)?;
    }
    for (i, p) in list.rows.iter().enumerate() {
        let r = 1 + i as u32;
        ws.write_string(r, 0, &p.sku_code)?;
        ws.write_string(r, 1, &p.name)?;
        ws.write_string(r, 2, &p.variant)?;
        ws.write_number(r, 3, p.total_qty as f64)?;
        ws.write_number(r, 4, p.order_count as f64)?;
    }
    let r = 1 + list.rows.len() as u32;
    ws.write_string_with_format(r, 0, t.total_label, &bold)?;
    ws.write_number_with_format(r, 3, list.total_qty as f64, &bold)?;
    ws.write_number_with_format(r, 4, list.order_count as f64, &bold)?;
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 28)?;
    ws.set_freeze_panes(1, 0)?;
    wb.save_to_buffer()
}
