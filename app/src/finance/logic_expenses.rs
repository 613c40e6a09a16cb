//! Expenses (F3): checks of a hand-entered expense and reading an expense sheet
//! (`日期, 类别, 金额, 备注` in CSV or Excel) into lines, every bad row reported.

use super::logic::parse_time_field;
use super::NewExpense;
use crate::error::{AppError, CommonError};
use crate::imports::cells::Precision;
use crate::imports::errors::{FileKind, ImportError, RowError, RowReason};
use crate::imports::tabular::{header_found, locate_table, HeaderSpec, RawRow, RowReader};
use crate::money::Money;
use crate::orders::logic::bounded_text;

/// Built-in categories: code and Chinese name (labels in both languages are in `text.rs`).
pub const BUILT_IN: [(&str, &str); 7] =
    [("freight", "运费"), ("packaging", "包材"), ("promotion", "推广"), ("salary", "工资"), ("rent", "房租"), ("payment_fees", "平台手续费"), ("other", "其他")];
/// The category payment fees from bill files go to.
pub const FEES_CODE: &str = "payment_fees";

/// A hand-entered expense after its checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedExpense {
    pub category_id: i64,
    pub amount: Money,
    pub spent_at: i64,
    pub note: String,
}

pub fn check_new_expense(input: &NewExpense, now_ms: i64) -> Result<CheckedExpense, AppError> {
    if input.category_id <= 0 {
        return Err(CommonError::Required { field: "category_id".into() }.into());
    }
    let amount = Money::parse_field("amount", &input.amount)?;
    if amount.to_fen() <= 0 {
        return Err(CommonError::BadAmount { field: "amount".into() }.into());
    }
    let spent_at = parse_time_field("spent_on", &input.spent_on, now_ms)?;
    Ok(CheckedExpense { category_id: input.category_id, amount, spent_at, note: bounded_text("note", &input.note, 200, false)? })
}

/// A new category's name: 1–20 characters.
pub fn check_category_name(name: &str) -> Result<String, AppError> {
    Ok(bounded_text("name", name, 20, true)?)
}

pub const SHEET_SPEC: HeaderSpec<'static> =
    HeaderSpec { required: &[&["日期", "费用日期", "date"], &["类别", "费用类别", "category"], &["金额", "金额(元)", "amount"]], footer_markers: &[] };

/// One line of an expense sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetLine {
    pub row: u32,
    pub category_id: i64,
    pub amount_fen: i64,
    pub spent_at: i64,
    pub note: String,
}

/// Read an expense sheet. `category` finds a category by the name written in the file (its
/// Chinese or English label, or a custom name). Good lines and every bad row are returned.
pub fn read_sheet(rows: Vec<RawRow>, category: impl Fn(&str) -> Option<i64>, now_ms: i64) -> Result<(Vec<SheetLine>, Vec<RowError>), ImportError> {
    if !header_found(&rows, &SHEET_SPEC) && rows.iter().any(|r| !r.is_blank()) {
        return Err(ImportError::UnknownFormat { kind: FileKind::Expenses });
    }
    let t = locate_table(rows, &SHEET_SPEC)?;
    let (date, cat, amount) = (t.require(&["日期", "费用日期", "date"])?, t.require(&["类别", "费用类别", "category"])?, t.require(&["金额", "金额(元)", "amount"])?);
    let note = t.find(&["备注", "说明", "note"]);
    let (mut lines, mut errors) = (Vec::new(), Vec::new());
    for row in &t.rows {
        let mut r = RowReader::new(&t, row);
        let spent_at = r.time(date, None);
        let category_id = r.required(cat).and_then(|name| {
            let id = category(&name);
            if id.is_none() {
                r.fail(cat, RowReason::UnknownCategory { value: name });
            }
            id
        });
        let amount_fen = r.fen(amount, Precision::Fen).and_then(|fen| {
            if fen <= 0 || fen > Money::MAX_INPUT_YUAN * 100 {
                r.fail(amount, RowReason::OutOfRange { value: r.text(Some(amount)).to_string() });
                return None;
            }
            Some(fen)
        });
        if let Some(at) = spent_at.filter(|at| *at > now_ms + 60_000) {
            r.fail(date, RowReason::OutOfRange { value: crate::time::format_ms(at) });
        }
        let note_text: String = r.plain(note).chars().take(200).collect();
        match (spent_at, category_id, amount_fen) {
            (Some(spent_at), Some(category_id), Some(amount_fen)) if r.is_ok() => {
                lines.push(SheetLine { row: row.line, category_id, amount_fen, spent_at, note: note_text })
            }
            _ => errors.extend(r.into_errors()),
        }
    }
    Ok((lines, errors))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: &[&[&str]]) -> Vec<RawRow> {
        lines.iter().enumerate().map(|(i, c)| RawRow { line: i as u32 + 1, cells: c.iter().map(|s| s.to_string()).collect() }).collect()
    }

    fn cat(name: &str) -> Option<i64> {
        match name {
            "运费" | "Freight" => Some(1),
            "包材" => Some(2),
            _ => None,
        }
    }

    #[test]
    fn sheet_lines_and_bad_rows() {
        let now = crate::imports::cells::parse_local_time_ms("2026-11-29 12:00").unwrap();
        let (lines, errors) = read_sheet(
            rows(&[
                &["十一月费用"],
                &["日期", "类别", "金额（元）", "备注"],
                &["2026-11-03", "运费", "1,280.50", "顺丰月结"],
                &["2026/11/5", "Freight", "12", ""],
                &["2026-11-06", "打车", "30", ""],
                &["2026-11-07", "包材", "-5", ""],
                &["2026-12-07", "包材", "5", ""],
                &["11月8日", "包材", "5", ""],
            ]),
            cat,
            now,
        )
        .unwrap();
        let nov3 = crate::imports::cells::parse_local_time_ms("2026-11-03").unwrap();
        assert_eq!(lines[0], SheetLine { row: 3, category_id: 1, amount_fen: 128_050, spent_at: nov3, note: "顺丰月结".into() });
        assert_eq!((lines[1].row, lines[1].category_id, lines[1].amount_fen), (4, 1, 1200));
        assert_eq!(lines.len(), 2);
        assert_eq!(
            errors,
            vec![
                RowError::new(5, "类别", RowReason::UnknownCategory { value: "打车".into() }),
                RowError::new(6, "金额（元）", RowReason::OutOfRange { value: "-5".into() }),
                RowError::new(7, "日期", RowReason::OutOfRange { value: "2026-12-07 00:00".into() }),
                RowError::new(8, "日期", RowReason::BadTime { value: "11月8日".into() }),
            ]
        );
    }

    #[test]
    fn not_an_expense_sheet() {
        let e = read_sheet(rows(&[&["交易时间", "金额"], &["2026-11-03", "1"]]), cat, 0).unwrap_err();
        assert_eq!(e, ImportError::UnknownFormat { kind: FileKind::Expenses });
    }

    #[test]
    fn hand_entered_expense() {
        let now = crate::imports::cells::parse_local_time_ms("2026-11-29 12:00").unwrap();
        let input = NewExpense { category_id: 3, amount: "¥2,000".into(), spent_on: "2026-11-28".into(), note: " 11月推广 ".into() };
        let e = check_new_expense(&input, now).unwrap();
        assert_eq!((e.amount.to_fen(), e.note.as_str(), crate::time::format_ms(e.spent_at)), (200_000, "11月推广", "2026-11-28 00:00".to_string()));
        let zero = NewExpense { amount: "0.00".into(), ..input.clone() };
        assert_eq!(check_new_expense(&zero, now), Err(CommonError::BadAmount { field: "amount".into() }.into()));
        let none = NewExpense { category_id: 0, ..input };
        assert_eq!(check_new_expense(&none, now), Err(CommonError::Required { field: "category_id".into() }.into()));
    }
}
