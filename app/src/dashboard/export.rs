//! .xlsx exports of the dashboards (ssr only), written with rust_xlsxwriter: one chart's data
//! table as shown, amounts as numeric cells in yuan (two decimals), headings in the caller's
//! language.

use super::text::{text, weekday_label};
use super::{BossView, DashChart};
use crate::i18n::Lang;
use crate::money::Money;
use crate::time::date_of_day;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

fn yuan(m: Money) -> f64 {
    m.0.to_f64().unwrap_or(0.0)
}

fn date(day: i64) -> String {
    date_of_day(day).format("%Y-%m-%d").to_string()
}

pub fn chart(v: &BossView, chart: DashChart, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let t = text(lang);
    let head = Format::new().set_bold().set_background_color("#F2E6E1");
    let money = Format::new().set_num_format("#,##0.00");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let (title, heads): (&str, Vec<&str>) = match chart {
        DashChart::Trend => (t.trend, vec![t.day, t.sales, t.orders]),
        DashChart::Categories => (t.category_share, vec![t.category, t.sales, t.units]),
        DashChart::Heat => (t.weekday, std::iter::once(t.weekday).chain(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23"]).collect()),
        DashChart::Customers => (t.new_vs_returning, vec![t.month, t.new_customers, t.returning]),
        DashChart::Top => (t.top10, vec![t.code, t.product, t.units, t.sales]),
    };
    ws.set_name(title.chars().filter(|c| !"[]:*?/\\（）()".contains(*c)).take(31).collect::<String>())?;
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &head)?;
    }
    match chart {
        DashChart::Trend => {
            for (i, p) in v.trend.iter().enumerate() {
                let r = 1 + i as u32;
                ws.write_string(r, 0, date(p.day))?;
                ws.write_number_with_format(r, 1, yuan(p.sales), &money)?;
                ws.write_number(r, 2, p.orders as f64)?;
            }
        }
        DashChart::Categories => {
            for (i, c) in v.categories.iter().enumerate() {
                let r = 1 + i as u32;
                ws.write_string(r, 0, &c.category)?;
                ws.write_number_with_format(r, 1, yuan(c.sales), &money)?;
                ws.write_number(r, 2, c.qty as f64)?;
            }
        }
        DashChart::Heat => {
            for (w, row) in v.heat.iter().enumerate() {
                let r = 1 + w as u32;
                ws.write_string(r, 0, weekday_label(w, lang))?;
                for (h, n) in row.iter().enumerate() {
                    ws.write_number(r, 1 + h as u16, *n as f64)?;
                }
            }
        }
        DashChart::Customers => {
            for (i, m) in v.customers.iter().enumerate() {
                let r = 1 + i as u32;
                ws.write_string(r, 0, date_of_day(m.month).format("%Y-%m").to_string())?;
                ws.write_number(r, 1, m.new as f64)?;
                ws.write_number(r, 2, m.returning as f64)?;
            }
        }
        DashChart::Top => {
            for (i, p) in v.top.iter().enumerate() {
                let r = 1 + i as u32;
                ws.write_string(r, 0, &p.code)?;
                ws.write_string(r, 1, &p.name)?;
                ws.write_number(r, 2, p.qty as f64)?;
                ws.write_number_with_format(r, 3, yuan(p.sales), &money)?;
            }
        }
    }
    ws.set_column_width(0, 14)?;
    wb.save_to_buffer()
}
