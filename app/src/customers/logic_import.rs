//! Customer import (P6), the pure part: a table of text cells (read from .xlsx or .csv by the
//! service) becomes checked rows, and every bad row is listed with its column and reason.
//!
//! The first row is the header. Recognised columns (Chinese or English names):
//! 姓名/name and 手机号/mobile (required), 代理账号/agent (username), 微信号/wechat_id,
//! 地址/address, 生日/birthday (`YYYY-MM-DD`), 标签/tags (manual tag names separated by
//! `,` `，` `;` `；` or `/`), and any custom field by its name. Other columns are ignored.
//! Blank rows are skipped. The key of a customer is agent + mobile, so a row repeating an
//! earlier row's agent and mobile is an error, and importing the same file again finds every
//! row unchanged.

use super::logic::{parse_birthday, parse_field_value, CustomerError, MAX_NAME, MAX_WECHAT};
use super::logic_tags::{FieldDef, FieldValue};
use crate::error::AppError;
use crate::orders::logic::{bounded_text, parse_mobile};
use std::collections::{BTreeMap, HashMap};

/// Most data rows in one import.
pub const MAX_ROWS: u32 = 20_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Col {
    Name,
    Mobile,
    Agent,
    Wechat,
    Address,
    Birthday,
    Tags,
    Field(usize),
}

fn column_of(header: &str, defs: &[FieldDef]) -> Option<Col> {
    let h = header.trim();
    let lower = h.to_lowercase();
    let col = match lower.as_str() {
        "姓名" | "客户姓名" | "name" => Col::Name,
        "手机号" | "手机" | "手机号码" | "mobile" => Col::Mobile,
        "代理" | "代理账号" | "agent" => Col::Agent,
        "微信号" | "微信" | "wechat" | "wechat_id" => Col::Wechat,
        "地址" | "收货地址" | "address" => Col::Address,
        "生日" | "birthday" => Col::Birthday,
        "标签" | "tags" => Col::Tags,
        _ => return defs.iter().position(|d| d.name == h).map(Col::Field),
    };
    Some(col)
}

/// One checked row of an import file.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportRow {
    /// Row number as in the file (the header is row 1).
    pub row: u32,
    /// The agent's username, when the file has an agent column and the cell is filled in.
    pub agent: Option<String>,
    pub name: String,
    pub mobile: String,
    pub wechat_id: String,
    pub address: String,
    pub birthday: Option<i64>,
    pub tags: Vec<String>,
    pub fields: BTreeMap<String, FieldValue>,
}

/// A bad row: its number, the column, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct BadRow {
    pub row: u32,
    pub field: String,
    pub error: AppError,
}

/// Check every data row of `table` (header first). A missing required column or too many
/// rows refuses the whole file; otherwise the good rows and the bad ones come back.
pub fn parse_rows(table: &[Vec<String>], defs: &[FieldDef]) -> Result<(Vec<ImportRow>, Vec<BadRow>), CustomerError> {
    let Some(header) = table.first() else {
        return Err(CustomerError::ImportMissingColumn { column: "姓名 / name".into() });
    };
    let cols: Vec<Option<Col>> = header.iter().map(|h| column_of(h, defs)).collect();
    for (need, label) in [(Col::Name, "姓名 / name"), (Col::Mobile, "手机号 / mobile")] {
        if !cols.contains(&Some(need)) {
            return Err(CustomerError::ImportMissingColumn { column: label.into() });
        }
    }
    let data: Vec<(u32, &Vec<String>)> =
        table.iter().enumerate().skip(1).filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty())).map(|(i, r)| (i as u32 + 1, r)).collect();
    if data.len() as u32 > MAX_ROWS {
        return Err(CustomerError::ImportTooManyRows { max: MAX_ROWS });
    }
    let mut rows = Vec::new();
    let mut bad = Vec::new();
    let mut seen: HashMap<(String, String), u32> = HashMap::new();
    for (n, cells) in data {
        match parse_row(n, &cols, cells, defs) {
            Ok(row) => {
                let key = (row.agent.clone().unwrap_or_default(), row.mobile.clone());
                if let Some(first_row) = seen.get(&key) {
                    bad.push(BadRow { row: n, field: "mobile".into(), error: CustomerError::ImportDuplicateRow { first_row: *first_row }.into() });
                } else {
                    seen.insert(key, n);
                    rows.push(row);
                }
            }
            Err(b) => bad.push(b),
        }
    }
    Ok((rows, bad))
}

fn parse_row(n: u32, cols: &[Option<Col>], cells: &[String], defs: &[FieldDef]) -> Result<ImportRow, BadRow> {
    let cell = |want: Col| cols.iter().position(|c| *c == Some(want)).and_then(|i| cells.get(i)).map(|s| s.trim()).unwrap_or("");
    let bad = |field: &str, error: AppError| BadRow { row: n, field: field.into(), error };
    let name = bounded_text("name", cell(Col::Name), MAX_NAME, true).map_err(|e| bad("name", e.into()))?;
    let mobile = parse_mobile(cell(Col::Mobile)).map_err(|e| bad("mobile", e.into()))?;
    let wechat_id = bounded_text("wechat_id", cell(Col::Wechat), MAX_WECHAT, false).map_err(|e| bad("wechat_id", e.into()))?;
    let address = bounded_text("address", cell(Col::Address), crate::orders::logic::MAX_ADDRESS, false).map_err(|e| bad("address", e.into()))?;
    let birthday = parse_birthday(cell(Col::Birthday)).map_err(|e| bad("birthday", e.into()))?;
    let agent = Some(cell(Col::Agent).to_string()).filter(|a| !a.is_empty());
    let tags: Vec<String> = cell(Col::Tags)
        .split([',', '，', ';', '；', '/'])
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    if tags.iter().any(|t| t.chars().count() > super::logic::MAX_TAG_NAME as usize) {
        let e = crate::error::CommonError::TooLong { field: "tags".into(), max: super::logic::MAX_TAG_NAME };
        return Err(bad("tags", e.into()));
    }
    let mut fields = BTreeMap::new();
    for (i, c) in cols.iter().enumerate() {
        if let Some(Col::Field(d)) = c {
            let def = &defs[*d];
            let value = cells.get(i).map(|s| s.as_str()).unwrap_or("");
            match parse_field_value(def, value) {
                Ok(Some(v)) => {
                    fields.insert(def.name.clone(), v);
                }
                Ok(None) => {}
                Err(e) => return Err(bad(&def.name, e)),
            }
        }
    }
    Ok(ImportRow { row: n, agent, name, mobile, wechat_id, address, birthday, tags, fields })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customers::logic_tags::FieldKind;
    use crate::error::CommonError;
    use rust_decimal::Decimal;

    fn table(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
    }

    #[test]
    fn reads_good_rows_and_lists_every_bad_one() {
        let defs = vec![FieldDef { name: "宝宝月龄".into(), kind: FieldKind::Number }];
        let t = table(&[
            &["姓名", "手机号", "代理账号", "微信号", "生日", "标签", "宝宝月龄", "备注"],
            &["王芳", "138 0013 8000", "a06", "wf88", "1990-05-01", "VIP，老客户", "8", "随便"],
            &["", "13800138001", "", "", "", "", "", ""],
            &["李娜", "1380013", "", "", "", "", "", ""],
            &["", "", "", "", "", "", "", ""],
            &["赵敏", "13800138002", "", "", "1990-02-30", "", "", ""],
            &["孙丽", "13800138003", "", "", "", "", "八", ""],
            &["王芳2", "13800138000", "a06", "", "", "", "", ""],
            &["周杰", "13800138004", "", "", "", "", "", ""],
        ]);
        let (rows, bad) = parse_rows(&t, &defs).unwrap();
        assert_eq!(rows.len(), 2);
        let first = &rows[0];
        assert_eq!((first.row, first.name.as_str(), first.mobile.as_str(), first.agent.as_deref()), (2, "王芳", "13800138000", Some("a06")));
        assert_eq!(first.tags, vec!["VIP".to_string(), "老客户".to_string()]);
        assert_eq!(first.birthday, Some(7425)); // 1990-05-01
        assert_eq!(first.fields.get("宝宝月龄"), Some(&FieldValue::Number(Decimal::from(8))));
        assert_eq!((rows[1].row, rows[1].agent.as_deref()), (9, None));
        let got: Vec<(u32, &str, AppError)> = bad.iter().map(|b| (b.row, b.field.as_str(), b.error.clone())).collect();
        assert_eq!(
            got,
            vec![
                (3, "name", CommonError::Required { field: "name".into() }.into()),
                (4, "mobile", CommonError::BadMobile { field: "mobile".into() }.into()),
                (6, "birthday", CustomerError::BadBirthday { value: "1990-02-30".into() }.into()),
                (7, "宝宝月龄", CustomerError::NotANumber { name: "宝宝月龄".into(), value: "八".into() }.into()),
                (8, "mobile", CustomerError::ImportDuplicateRow { first_row: 2 }.into()),
            ]
        );
    }

    #[test]
    fn header_problems_refuse_the_file() {
        assert_eq!(parse_rows(&table(&[&["name", "wechat"]]), &[]), Err(CustomerError::ImportMissingColumn { column: "手机号 / mobile".into() }));
        assert_eq!(parse_rows(&[], &[]), Err(CustomerError::ImportMissingColumn { column: "姓名 / name".into() }));
        let mut big = table(&[&["name", "mobile"]]);
        big.extend((0..=MAX_ROWS).map(|i| vec![format!("n{i}"), "13800138000".to_string()]));
        assert_eq!(parse_rows(&big, &[]), Err(CustomerError::ImportTooManyRows { max: MAX_ROWS }));
        // English headers work too.
        let (rows, bad) = parse_rows(&table(&[&["Name", "Mobile"], &["Amy", "13900000000"]]), &[]).unwrap();
        assert_eq!((rows.len(), bad.len()), (1, 0));
    }
}
