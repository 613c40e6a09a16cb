//! Finding the table inside a file: the header row (by expected column names), the data rows,
//! and the preamble and footer lines around them.

use super::{normalize_header, RawRow};
use crate::imports::errors::ImportError;

/// How many rows from the top are searched for the header. Real preambles are under 30 lines.
const HEADER_SEARCH_ROWS: usize = 200;

/// Lines after the data that begin a footer when they fill less than half of the columns.
const FOOTER_PREFIXES: [&str; 9] = ["导出时间", "已收入", "待收入", "已支出", "待支出", "合计", "总计", "汇总", "共计"];

/// What identifies a layout's header row.
#[derive(Clone, Copy, Debug)]
pub struct HeaderSpec<'a> {
    /// One group per required column, each listing accepted names (compared after
    /// [`normalize_header`]); the first name of each group is the one shown in errors.
    pub required: &'a [&'a [&'a str]],
    /// First cells of a summary header that starts the footer (WeChat Pay's `总交易单数`).
    pub footer_markers: &'a [&'a str],
}

/// The table found in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// Header names as written in the file (cleaned).
    pub header: Vec<String>,
    /// Line/row number of the header.
    pub header_line: u32,
    /// Data rows, blank rows removed.
    pub rows: Vec<RawRow>,
    /// Non-blank lines before the header (titles, account, period, totals).
    pub preamble: Vec<RawRow>,
    /// Non-blank lines from the first footer line on.
    pub trailer: Vec<RawRow>,
    normalized: Vec<String>,
}

impl Table {
    /// Index of the first column whose name matches one of `names`, trying them in order.
    pub fn find(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|n| {
            let n = normalize_header(n);
            self.normalized.iter().position(|h| *h == n)
        })
    }

    /// Indexes of every column matching one of `names`, in the order of `names`.
    pub fn find_all(&self, names: &[&str]) -> Vec<usize> {
        let mut found = Vec::new();
        for n in names {
            let n = normalize_header(n);
            if let Some(i) = self.normalized.iter().position(|h| *h == n) {
                if !found.contains(&i) {
                    found.push(i);
                }
            }
        }
        found
    }

    /// Like [`Table::find`], but a missing column is an error naming `names[0]`.
    pub fn require(&self, names: &[&str]) -> Result<usize, ImportError> {
        self.find(names).ok_or_else(|| ImportError::MissingColumn { column: names[0].to_string() })
    }

    /// The header name of column `index` as written in the file.
    pub fn name(&self, index: usize) -> &str {
        self.header.get(index).map(String::as_str).unwrap_or("")
    }
}

fn header_matches(row: &RawRow, spec: &HeaderSpec<'_>) -> bool {
    let cells: Vec<String> = row.cells.iter().map(|c| normalize_header(c)).collect();
    spec.required
        .iter()
        .all(|group| group.iter().any(|name| cells.contains(&normalize_header(name))))
}

/// True when one of the first rows of `rows` is a header matching `spec`.
pub fn header_found(rows: &[RawRow], spec: &HeaderSpec<'_>) -> bool {
    find_header(rows, spec).is_some()
}

/// Index of the header row in `rows`, if any of the first rows matches `spec`.
pub(crate) fn find_header(rows: &[RawRow], spec: &HeaderSpec<'_>) -> Option<usize> {
    rows.iter().take(HEADER_SEARCH_ROWS).position(|r| header_matches(r, spec))
}

/// Splits `rows` into preamble, header, data and footer.
pub fn locate_table(rows: Vec<RawRow>, spec: &HeaderSpec<'_>) -> Result<Table, ImportError> {
    if rows.iter().all(RawRow::is_blank) {
        return Err(ImportError::Empty);
    }
    let Some(at) = find_header(&rows, spec) else {
        let expected = spec.required.iter().map(|g| g[0].to_string()).collect();
        return Err(ImportError::HeaderNotFound { expected });
    };
    let mut iter = rows.into_iter();
    let preamble: Vec<RawRow> = iter.by_ref().take(at).filter(|r| !r.is_blank()).collect();
    let header_row = iter.next().expect("header index is in range");
    let width = header_row.cells.iter().filter(|c| !c.is_empty()).count();
    let markers: Vec<String> = spec.footer_markers.iter().map(|m| normalize_header(m)).collect();
    let mut rows = Vec::new();
    let mut trailer = Vec::new();
    for row in iter.filter(|r| !r.is_blank()) {
        if !trailer.is_empty() || starts_footer(&row, width, &markers) {
            trailer.push(row);
        } else {
            rows.push(row);
        }
    }
    let normalized = header_row.cells.iter().map(|c| normalize_header(c)).collect();
    Ok(Table { header: header_row.cells, header_line: header_row.line, rows, preamble, trailer, normalized })
}

fn starts_footer(row: &RawRow, width: usize, markers: &[String]) -> bool {
    let Some(first) = row.cells.iter().find(|c| !c.is_empty()) else {
        return false;
    };
    if first.starts_with('#') || ["--", "——", "==", "**"].iter().any(|p| first.starts_with(p)) {
        return true;
    }
    if markers.contains(&normalize_header(first)) || is_record_count(first) {
        return true;
    }
    let filled = row.cells.iter().filter(|c| !c.is_empty()).count();
    filled * 2 <= width.max(2) && FOOTER_PREFIXES.iter().any(|p| first.starts_with(p))
}

/// `共66笔记录`, `共 66 笔`.
pub(crate) fn is_record_count(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('共') else {
        return false;
    };
    let rest = rest.trim_start();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && rest[digits..].trim_start().starts_with('笔')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: &[&[&str]]) -> Vec<RawRow> {
        lines
            .iter()
            .enumerate()
            .map(|(i, cells)| RawRow { line: i as u32 + 1, cells: cells.iter().map(|c| c.to_string()).collect() })
            .collect()
    }

    const SPEC: HeaderSpec<'static> = HeaderSpec { required: &[&["交易时间"], &["金额(元)", "金额"]], footer_markers: &["总交易单数"] };

    #[test]
    fn preamble_data_and_footer() {
        let t = locate_table(
            rows(&[
                &["微信支付账单明细"],
                &["共2笔记录"],
                &[""],
                &["交易时间", "金额（元）", "备注"],
                &["2024-01-01 10:00:00", "1.00", "a"],
                &["", "", ""],
                &["2024-01-02 10:00:00", "2.00", "b"],
                &["总交易单数", "总金额"],
                &["2", "3.00"],
            ]),
            &SPEC,
        )
        .unwrap();
        assert_eq!(t.header_line, 4);
        assert_eq!(t.preamble.len(), 2);
        assert_eq!(t.rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![5, 7]);
        assert_eq!(t.trailer.iter().map(|r| r.line).collect::<Vec<_>>(), vec![8, 9]);
        assert_eq!(t.find(&["金额(元)"]), Some(1));
        assert_eq!(t.find(&["不存在", "备注"]), Some(2));
        assert_eq!(t.require(&["商户单号"]), Err(ImportError::MissingColumn { column: "商户单号".into() }));
    }

    #[test]
    fn dash_and_count_lines_end_the_data() {
        let t = locate_table(
            rows(&[
                &["交易时间", "金额", "c", "d"],
                &["2024-01-01", "1", "x", "y"],
                &["------------------------------------"],
                &["共1笔记录"],
                &["已收入:1笔", "1.00元"],
            ]),
            &SPEC,
        )
        .unwrap();
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.trailer.len(), 3);
    }

    #[test]
    fn footer_prefix_needs_a_mostly_empty_row() {
        let t = locate_table(
            rows(&[&["交易时间", "金额", "c", "d"], &["合计礼盒", "1", "x", "y"], &["合计", "1.00"]]),
            &SPEC,
        )
        .unwrap();
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.trailer.len(), 1);
    }

    #[test]
    fn header_errors() {
        assert_eq!(locate_table(rows(&[&[""]]), &SPEC), Err(ImportError::Empty));
        assert_eq!(
            locate_table(rows(&[&["a", "b"]]), &SPEC),
            Err(ImportError::HeaderNotFound { expected: vec!["交易时间".into(), "金额(元)".into()] })
        );
    }

    #[test]
    fn record_counts() {
        assert!(is_record_count("共66笔记录"));
        assert!(is_record_count("共 3 笔"));
        assert!(!is_record_count("共享单车"));
    }
}
