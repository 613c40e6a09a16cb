//! The P&L as an .xlsx workbook (rust_xlsxwriter), ssr only: amounts are numbers with a
//! money format and dates are dates, so the workbook sums and sorts like any other.

use super::text::{method_label, text};
use super::{Method, Pnl};
use crate::i18n::Lang;
use crate::money::Money;
use crate::time::{date_of_day, format_ms};
use chrono::Datelike;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

/// Yuan as a number (exact to the fen as Excel displays it).
fn yuan(m: Money) -> f64 {
    m.round_fen().0.to_f64().unwrap_or(0.0)
}

pub fn pnl_xlsx(p: &Pnl, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let s = text(lang);
    let money = Format::new().set_num_format("#,##0.00");
    let bold = Format::new().set_bold();
    let bold_money = Format::new().set_bold().set_num_format("#,##0.00");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let mut book = Workbook::new();

    let sheet = book.add_worksheet();
    sheet.set_name(s.pnl_title)?;
    sheet.write_string_with_format(0, 0, format!("{} {}", s.pnl_title, p.month), &bold)?;
    let t = &p.total;
    let mut rows: Vec<(&str, Money, bool)> = vec![
        (s.revenue, t.revenue, false),
        (s.refunds_made, t.refunds, false),
        (s.net_revenue, t.net_revenue(), true),
        (s.cogs, t.cogs, false),
        (s.gross_profit, t.gross_profit(), true),
    ];
    let expense_start = rows.len();
    let cats: Vec<(String, Money)> = p.expenses_by_category.iter().map(|(c, m)| (c.label(lang), *m)).collect();
    rows.push((s.expenses_total, t.expenses, false));
    rows.push((s.net_profit, t.net_profit(), true));
    let mut r = 2;
    for (i, (label, amount, strong)) in rows.iter().enumerate() {
        if i == expense_start {
            for (name, m) in &cats {
                sheet.write_string(r, 0, format!("  {name}"))?;
                sheet.write_number_with_format(r, 1, yuan(*m), &money)?;
                r += 1;
            }
        }
        if *strong {
            sheet.write_string_with_format(r, 0, *label, &bold)?;
            sheet.write_number_with_format(r, 1, yuan(*amount), &bold_money)?;
        } else {
            sheet.write_string(r, 0, *label)?;
            sheet.write_number_with_format(r, 1, yuan(*amount), &money)?;
        }
        r += 1;
    }
    sheet.write_string(r, 0, s.margin)?;
    if let Some(m) = &p.margin {
        sheet.write_number_with_format(r, 1, m.parse::<f64>().unwrap_or(0.0) / 100.0, &Format::new().set_num_format("0.0%"))?;
    }
    r += 1;
    sheet.write_string(r, 0, s.shipped_orders)?;
    sheet.write_number(r, 1, t.shipped_orders as f64)?;
    r += 2;
    sheet.write_string(r, 0, s.definitions)?;
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(1, 16)?;

    let days = book.add_worksheet();
    days.set_name(s.daily)?;
    let mut head: Vec<String> = [s.day, s.revenue, s.refunds_made, s.net_revenue, s.cogs, s.gross_profit, s.expenses_total, s.net_profit]
        .iter()
        .map(|h| h.to_string())
        .collect();
    head.extend(Method::ALL.iter().map(|m| method_label(*m, lang).to_string()));
    head.push(s.cash_refunded.to_string());
    for (c, h) in head.iter().enumerate() {
        days.write_string_with_format(0, c as u16, h, &bold)?;
    }
    for (i, d) in p.days.iter().enumerate() {
        let row = i as u32 + 1;
        let dt = date_of_day(d.day);
        days.write_datetime_with_format(row, 0, ExcelDateTime::from_ymd(dt.year() as u16, dt.month() as u8, dt.day() as u8)?, &date)?;
        let l = &d.line;
        let mut values = vec![l.revenue, l.refunds, l.net_revenue(), l.cogs, l.gross_profit(), l.expenses, l.net_profit()];
        values.extend(l.cash.iter().copied());
        values.push(l.cash_refunded);
        for (c, v) in values.iter().enumerate() {
            days.write_number_with_format(row, c as u16 + 1, yuan(*v), &money)?;
        }
    }
    days.set_column_width(0, 12)?;
    for c in 1..head.len() as u16 {
        days.set_column_width(c, 14)?;
    }
    days.set_freeze_panes(1, 1)?;

    let rec = book.add_worksheet();
    rec.set_name(s.receivables)?;
    for (c, h) in [s.order, s.recipient, s.order_total, s.order_paid, s.order_due, s.shipped_at].iter().enumerate() {
        rec.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (i, o) in p.receivables.rows.iter().enumerate() {
        let row = i as u32 + 1;
        rec.write_string(row, 0, &o.order_no)?;
        rec.write_string(row, 1, &o.recipient)?;
        rec.write_number_with_format(row, 2, yuan(o.total), &money)?;
        rec.write_number_with_format(row, 3, yuan(o.paid), &money)?;
        rec.write_number_with_format(row, 4, yuan(o.total - o.paid), &money)?;
        rec.write_string(row, 5, format_ms(o.shipped_at))?;
    }
    rec.set_column_width(0, 18)?;
    book.save_to_buffer()
}
