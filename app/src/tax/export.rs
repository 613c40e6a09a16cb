//! .xlsx exports of the tax area (ssr only), written with rust_xlsxwriter: the VAT summary
//! with the return's lines in the form's order, and the invoice list. Amounts are numeric
//! cells in yuan with two decimals (Excel keeps numbers as doubles, exact for any amount
//! below 2^53 fen); texts follow the caller's language.

use super::logic_vat::Period;
use super::text::{status_label, text};
use super::text_titles::{general_line_title, small_line_title};
use super::{InvoiceSummary, TaxProfile, VatSummary};
use crate::i18n::Lang;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

fn yuan(fen: i64) -> f64 {
    crate::money::Money::from_fen(fen).0.to_f64().unwrap_or(0.0)
}

struct Formats {
    money: Format,
    bold: Format,
    head: Format,
}

fn formats() -> Formats {
    Formats {
        money: Format::new().set_num_format("#,##0.00"),
        bold: Format::new().set_bold(),
        head: Format::new().set_bold().set_background_color("#F2E6E1").set_align(FormatAlign::Center),
    }
}

fn money(ws: &mut Worksheet, row: u32, col: u16, fen: i64, f: &Formats) -> Result<(), XlsxError> {
    ws.write_number_with_format(row, col, yuan(fen), &f.money)?;
    Ok(())
}

/// The VAT summary: a heading (company, tax id, taxpayer type, period), then the main
/// table's lines in the return's order.
pub fn vat(s: &VatSummary, profile: &TaxProfile, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let t = text(lang);
    let f = formats();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(t.tab_vat)?;
    ws.write_string_with_format(0, 0, t.vat_title, &f.bold)?;
    let facts = [
        (t.company_name, profile.name.clone()),
        (t.tax_id, profile.tax_id.clone()),
        (t.taxpayer_type, s.taxpayer.label(lang).to_string()),
        (t.period, period_text(s.period, lang)),
    ];
    for (i, (k, v)) in facts.iter().enumerate() {
        ws.write_string(1 + i as u32, 0, *k)?;
        ws.write_string(1 + i as u32, 1, v)?;
    }
    let top = 6;
    ws.set_column_width(0, 8)?;
    ws.set_column_width(1, 46)?;
    if let Some(r) = &s.small {
        for (c, h) in [t.line_no, t.line_title, t.goods_col, t.services_col].iter().enumerate() {
            ws.write_string_with_format(top, c as u16, *h, &f.head)?;
        }
        for (i, l) in r.lines.iter().enumerate() {
            let row = top + 1 + i as u32;
            ws.write_number(row, 0, f64::from(l.no))?;
            ws.write_string(row, 1, small_line_title(l.no, lang).unwrap_or_default())?;
            money(ws, row, 2, l.goods_fen, &f)?;
            money(ws, row, 3, l.services_fen, &f)?;
        }
        ws.set_column_width(2, 18)?;
        ws.set_column_width(3, 18)?;
    }
    if let Some(r) = &s.general {
        let mut heads = vec![t.line_no.to_string(), t.line_title.to_string(), t.this_period.to_string()];
        heads.extend(s.general_months.iter().map(|m| period_text(m.period, lang)));
        for (c, h) in heads.iter().enumerate() {
            ws.write_string_with_format(top, c as u16, h, &f.head)?;
            if c >= 2 {
                ws.set_column_width(c as u16, 18)?;
            }
        }
        for (i, l) in r.lines.iter().enumerate() {
            let row = top + 1 + i as u32;
            ws.write_number(row, 0, f64::from(l.no))?;
            ws.write_string(row, 1, general_line_title(l.no, lang).unwrap_or_default())?;
            money(ws, row, 2, l.fen, &f)?;
            for (k, m) in s.general_months.iter().enumerate() {
                money(ws, row, 3 + k as u16, m.line(l.no), &f)?;
            }
        }
    }
    wb.save_to_buffer()
}

fn period_text(p: Period, lang: Lang) -> String {
    p.label(lang)
}

/// The invoice list: one row per invoice, oldest first.
pub fn invoices(rows: &[InvoiceSummary], lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let t = text(lang);
    let f = formats();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(t.invoices_title)?;
    let heads = [t.number, t.issued_on, t.invoice_kind, t.status, t.red_letter, t.buyer_name, t.buyer_tax_id, t.amount_excl, t.tax, t.gross, t.created_at];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &f.head)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_string(row, 0, r.number.as_deref().unwrap_or_default())?;
        ws.write_string(row, 1, r.issued_on.as_deref().unwrap_or_default())?;
        ws.write_string(row, 2, r.kind.label(lang))?;
        ws.write_string(row, 3, status_label(r.status, lang))?;
        ws.write_string(row, 4, if r.red { t.red_letter } else { "" })?;
        ws.write_string(row, 5, &r.buyer_name)?;
        ws.write_string(row, 6, &r.buyer_tax_id)?;
        money(ws, row, 7, r.amount.to_fen(), &f)?;
        money(ws, row, 8, r.tax.to_fen(), &f)?;
        money(ws, row, 9, r.gross.to_fen(), &f)?;
        ws.write_string(row, 10, crate::time::format_ms(r.created_at))?;
    }
    for (c, w) in [(0u16, 24.0), (1, 12.0), (2, 28.0), (5, 30.0), (6, 22.0), (7, 14.0), (8, 12.0), (9, 14.0), (10, 18.0)] {
        ws.set_column_width(c, w)?;
    }
    wb.save_to_buffer()
}
