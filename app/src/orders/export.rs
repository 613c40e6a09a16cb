//! .xlsx export of the order list as filtered (ssr only), written with rust_xlsxwriter: amounts
//! are numeric cells in yuan, order times are date cells in Beijing time; headings follow the
//! caller's language.

use super::text::text;
use super::OrderSummary;
use crate::i18n::Lang;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

/// The orders, in list order (newest first).
pub fn orders(rows: &[OrderSummary], lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let t = text(lang);
    let head = Format::new().set_bold().set_background_color("#F2E6E1");
    let money = Format::new().set_num_format("#,##0.00");
    let date = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(t.orders_title)?;
    let heads = [t.order_no, t.created_at, t.agent, t.recipient, t.mobile, t.channel, t.status, t.amount];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &head)?;
    }
    for (i, o) in rows.iter().enumerate() {
        let r = 1 + i as u32;
        ws.write_string(r, 0, &o.order_no)?;
        // Beijing wall-clock time: Excel dates carry no zone.
        let at = ExcelDateTime::from_timestamp((o.created_at + 8 * 3_600_000).div_euclid(1000))?;
        ws.write_datetime_with_format(r, 1, &at, &date)?;
        ws.write_string(r, 2, &o.agent_name)?;
        ws.write_string(r, 3, &o.recipient_name)?;
        ws.write_string(r, 4, &o.mobile)?;
        ws.write_string(r, 5, o.channel.label(lang))?;
        ws.write_string(r, 6, o.status.label(lang))?;
        ws.write_number_with_format(r, 7, o.total.0.to_f64().unwrap_or(0.0), &money)?;
    }
    ws.set_column_width(0, 18)?;
    ws.set_column_width(1, 17)?;
    ws.set_column_width(4, 14)?;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, rows.len() as u32, heads.len() as u16 - 1)?;
    wb.save_to_buffer()
}
