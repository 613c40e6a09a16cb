//! Tracking-number entry (O6): rows of (order no., tracking no.) from pasted or scanned
//! text, or from the table of a courier's CSV/xlsx export.

use super::logic::{FulfilError, MAX_IMPORT_ROWS};

/// One row to ship: its 1-based line, the order number and the tracking number as given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrackingLine {
    pub line: u32,
    pub order_no: String,
    pub tracking_no: String,
}

fn cap(rows: Vec<TrackingLine>) -> Result<Vec<TrackingLine>, FulfilError> {
    if rows.is_empty() {
        return Err(FulfilError::ImportEmpty);
    }
    if rows.len() > MAX_IMPORT_ROWS as usize {
        return Err(FulfilError::ImportTooManyRows { max: MAX_IMPORT_ROWS });
    }
    Ok(rows)
}

/// Lines of "order no. <sep> tracking no." where the separator is spaces, a tab, a comma
/// (also full-width) or a semicolon; blank lines and a header line (订单号 …) are skipped.
/// A line with one field is refused by its number.
pub fn parse_pasted(text: &str) -> Result<Vec<TrackingLine>, FulfilError> {
    let mut rows = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let folded: String = raw.chars().map(crate::region::half_width).collect();
        let fields: Vec<&str> = folded.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '、')).filter(|f| !f.is_empty()).collect();
        match fields.as_slice() {
            [] => continue,
            [first, ..] if i == 0 && first.contains("订单") => continue,
            [order, .., tracking] => rows.push(TrackingLine { line, order_no: order.to_ascii_uppercase(), tracking_no: tracking.to_ascii_uppercase() }),
            [_] => return Err(FulfilError::ImportBadRow { line }),
        }
        if rows.len() > MAX_IMPORT_ROWS as usize {
            break;
        }
    }
    cap(rows)
}

fn is_order_header(h: &str) -> bool {
    let h = h.trim().to_lowercase();
    h.contains("订单") || h.contains("order")
}

fn is_tracking_header(h: &str) -> bool {
    let h = h.trim().to_lowercase();
    ["运单", "快递单", "物流单", "面单", "tracking", "waybill"].iter().any(|k| h.contains(k))
}

/// Rows of a spreadsheet or CSV: the header row (among the first five) names an order
/// column (订单号 / order) and a tracking column (运单号 / 快递单号 / 物流单号 / tracking /
/// waybill); the rows below it are read, blank ones skipped. Lines count from 1 = the
/// file's first row.
pub fn parse_table(rows: &[Vec<String>]) -> Result<Vec<TrackingLine>, FulfilError> {
    let header = rows.iter().take(5).enumerate().find_map(|(i, r)| {
        let t = r.iter().position(|h| is_tracking_header(h))?;
        let o = r.iter().enumerate().position(|(j, h)| j != t && is_order_header(h))?;
        Some((i, o, t))
    });
    let (start, oc, tc) = header.ok_or(FulfilError::ImportUnreadable)?;
    let mut out = Vec::new();
    for (i, r) in rows.iter().enumerate().skip(start + 1) {
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let cell = |c: usize| r.get(c).map(|s| s.chars().map(crate::region::half_width).collect::<String>().trim().to_ascii_uppercase()).unwrap_or_default();
        let (order_no, tracking_no) = (cell(oc), cell(tc));
        // Spreadsheets turn long numbers into 1.2345E+11 or 123.0; a trailing ".0" is dropped.
        let tracking_no = tracking_no.strip_suffix(".0").map(str::to_string).unwrap_or(tracking_no);
        match (order_no.is_empty(), tracking_no.is_empty()) {
            (true, true) => continue,
            (false, false) => out.push(TrackingLine { line, order_no, tracking_no }),
            _ => return Err(FulfilError::ImportBadRow { line }),
        }
        if out.len() > MAX_IMPORT_ROWS as usize {
            break;
        }
    }
    cap(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(line: u32, o: &str, t: &str) -> TrackingLine {
        TrackingLine { line, order_no: o.into(), tracking_no: t.into() }
    }

    #[test]
    fn pasted_lines_with_any_separator() {
        let text = "订单号 运单号\nZG20261129000001 YT1234567890\n\n zg20261129000002,\tZT998877 \nZG20261129000003，SF1001";
        assert_eq!(
            parse_pasted(text),
            Ok(vec![l(2, "ZG20261129000001", "YT1234567890"), l(4, "ZG20261129000002", "ZT998877"), l(5, "ZG20261129000003", "SF1001")])
        );
        assert_eq!(parse_pasted("ZG1 YT1\nZG2\n"), Err(FulfilError::ImportBadRow { line: 2 }));
        assert_eq!(parse_pasted(" \n\n"), Err(FulfilError::ImportEmpty));
        let many: String = (0..2001).map(|i| format!("ZG{i} YT{i}\n")).collect();
        assert_eq!(parse_pasted(&many), Err(FulfilError::ImportTooManyRows { max: 2000 }));
    }

    #[test]
    fn table_columns_found_by_header() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let rows = vec![
            s(&["中通快递 批量导出"]),
            s(&["序号", "运单号", "收件人", "订单号"]),
            s(&["1", "ZT100200300", "王女士", "ZG20261129000001"]),
            s(&["", "", "", ""]),
            s(&["2", "75312345678.0", "李先生", "zg20261129000002"]),
        ];
        assert_eq!(parse_table(&rows), Ok(vec![l(3, "ZG20261129000001", "ZT100200300"), l(5, "ZG20261129000002", "75312345678")]));
        assert_eq!(parse_table(&[s(&["a", "b"]), s(&["1", "2"])]), Err(FulfilError::ImportUnreadable));
        let rows = vec![s(&["Order No", "Tracking"]), s(&["ZG1", ""])];
        assert_eq!(parse_table(&rows), Err(FulfilError::ImportBadRow { line: 2 }));
    }
}
