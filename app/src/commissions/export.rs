//! The .xlsx export of a month's statements (ssr only), made with rust_xlsxwriter: a summary
//! sheet (one row per statement, with totals) and a sheet with every commission line. Amounts
//! are numbers in yuan formatted `#,##0.00`, rates are percentages, so finance can sum and
//! filter them in Excel.

use super::logic::Month;
use super::logic_accrual::CommissionLine;
use super::logic_rules::LineSource;
use super::text::{kind_label, text};
use super::StatementSummary;
use crate::i18n::Lang;
use crate::time::format_ms;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use std::collections::HashMap;

/// What goes into the workbook.
pub(super) struct Sheet<'a> {
    pub month: Month,
    pub statements: &'a [StatementSummary],
    pub lines: &'a [CommissionLine],
    pub names: &'a HashMap<i64, String>,
    pub order_numbers: &'a HashMap<i64, String>,
    pub source: &'a dyn Fn(&LineSource) -> String,
}

fn yuan(fen: i64) -> f64 {
    fen as f64 / 100.0
}

fn header(ws: &mut Worksheet, titles: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (c, t) in titles.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *t, bold)?;
        ws.set_column_width(c as u16, 14)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The workbook's bytes.
pub(super) fn workbook(s: &Sheet<'_>, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let t = text(lang);
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    let money_bold = Format::new().set_num_format("#,##0.00").set_bold();
    let pct = Format::new().set_num_format("0.00%");
    let mut wb = Workbook::new();

    let ws = wb.add_worksheet();
    ws.set_name(lang.pick("对账单汇总", "Statements"))?;
    header(ws, &[t.month, t.agent, t.status, t.volume, t.own, t.overrides, t.previous, t.total, t.tier, t.pay_date], &bold)?;
    let mut row = 1u32;
    for st in s.statements {
        ws.write_string(row, 0, s.month.to_string())?;
        ws.write_string(row, 1, &st.agent_name)?;
        ws.write_string(row, 2, st.status.label(lang))?;
        for (c, m) in [(3, st.volume), (4, st.own), (5, st.overrides), (6, st.previous), (7, st.total)] {
            ws.write_number_with_format(row, c, yuan(m.to_fen()), &money)?;
        }
        if let Some(tier) = &st.tier {
            ws.write_string(row, 8, (t.tier_label)(tier.no, &super::logic::percent(tier.rate)))?;
        }
        if let Some(d) = st.paid_on {
            ws.write_string(row, 9, d.to_string())?;
        }
        row += 1;
    }
    ws.write_string_with_format(row, 1, t.total, &bold)?;
    let sum = |f: fn(&StatementSummary) -> i64| s.statements.iter().map(f).sum::<i64>();
    let sums: [(u16, i64); 5] = [
        (3, sum(|x| x.volume.to_fen())),
        (4, sum(|x| x.own.to_fen())),
        (5, sum(|x| x.overrides.to_fen())),
        (6, sum(|x| x.previous.to_fen())),
        (7, sum(|x| x.total.to_fen())),
    ];
    for (c, fen) in sums {
        ws.write_number_with_format(row, c, yuan(fen), &money_bold)?;
    }

    let ws = wb.add_worksheet();
    ws.set_name(lang.pick("佣金明细", "Lines"))?;
    header(ws, &[t.agent, t.time, t.kind, t.level, t.order_no, t.contribution, t.rate, t.base, t.rate, t.amount, t.month], &bold)?;
    ws.write_string_with_format(0, 6, lang.pick("比例来源", "Rate from"), &bold)?;
    let name = |id: i64| s.names.get(&id).cloned().unwrap_or_else(|| id.to_string());
    for (i, l) in s.lines.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, name(l.agent_id))?;
        ws.write_string(r, 1, format_ms(l.at_ms))?;
        ws.write_string(r, 2, kind_label(l.kind, lang))?;
        ws.write_number(r, 3, f64::from(l.level))?;
        if let Some(no) = l.order_id.and_then(|o| s.order_numbers.get(&o)) {
            ws.write_string(r, 4, no)?;
        }
        if let Some(seller) = l.seller_id.filter(|_| l.level > 0) {
            ws.write_string(r, 5, name(seller))?;
        }
        ws.write_string(r, 6, (s.source)(&l.source))?;
        ws.write_number_with_format(r, 7, yuan(l.base_fen), &money)?;
        ws.write_number_with_format(r, 8, l.rate.to_f64().unwrap_or(0.0), &pct)?;
        ws.write_number_with_format(r, 9, yuan(l.amount_fen), &money)?;
        ws.write_string(r, 10, l.accrued_month.to_string())?;
    }
    wb.save_to_buffer()
}
