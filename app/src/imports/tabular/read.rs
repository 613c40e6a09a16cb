//! Server-only byte readers: container and encoding detection, CSV splitting, workbook cells.
//! Needs the `server` feature (csv, encoding_rs, calamine).

use super::{clean_cell, RawRow};
use crate::imports::errors::ImportError;
use calamine::{open_workbook_auto_from_rs, Data, Reader};
use std::io::Cursor;

/// Most rows one upload may have (about 40 MB of CSV); protects a small server.
pub const MAX_ROWS: usize = 200_000;

/// All rows of the file (first sheet of a workbook), cells cleaned, blank rows kept.
pub fn read_rows(bytes: &[u8]) -> Result<Vec<RawRow>, ImportError> {
    let rows = read_rows_limited(bytes, MAX_ROWS + 1)?;
    if rows.len() > MAX_ROWS {
        return Err(ImportError::TooManyRows { rows: rows.len(), max: MAX_ROWS });
    }
    Ok(rows)
}

/// At most `limit` rows from the top; enough to recognise a layout without reading it all.
pub fn read_rows_limited(bytes: &[u8], limit: usize) -> Result<Vec<RawRow>, ImportError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::Empty);
    }
    if is_workbook(bytes) {
        read_workbook(bytes, limit)
    } else {
        read_csv(&decode_text(bytes), limit)
    }
}

/// .xlsx/.ods are zip archives, .xls is an OLE compound file.
fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// UTF-8 (BOM or not), UTF-16 with a BOM, otherwise GB18030 — a superset of GBK, which
/// Alipay and older Taobao exports use.
fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return encoding_rs::UTF_16LE.decode(bytes).0.into_owned();
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return encoding_rs::UTF_16BE.decode(bytes).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// Comma, unless the first line that looks like a table row uses tabs and no commas.
fn pick_delimiter(text: &str) -> u8 {
    for line in text.lines().take(50) {
        let commas = line.matches(',').count();
        let tabs = line.matches('\t').count();
        if commas >= 2 {
            return b',';
        }
        if tabs >= 2 && commas == 0 {
            return b'\t';
        }
    }
    b','
}

fn read_csv(text: &str, limit: usize) -> Result<Vec<RawRow>, ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(pick_delimiter(text))
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut rows = Vec::new();
    let mut lines = LineCounter::default();
    while rows.len() < limit {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(ImportError::Unreadable { detail: e.to_string() }),
        }
        let start = record.position().map(|p| p.byte() as usize).unwrap_or(0);
        let line = lines.line_at(text.as_bytes(), start);
        rows.push(RawRow { line, cells: record.iter().map(clean_cell).collect() });
    }
    Ok(rows)
}

/// Line numbers from byte offsets. The csv crate's own line numbers lag behind after CRLF
/// line ends and skipped blank lines, and users must find the row the message names.
#[derive(Default)]
struct LineCounter {
    counted_to: usize,
    newlines: u32,
}

impl LineCounter {
    /// 1-based line of the record whose reported start is `start` (records come in order).
    fn line_at(&mut self, text: &[u8], start: usize) -> u32 {
        // The reported start may sit on the previous line's terminator or on blank lines.
        let skipped = text[start.min(text.len())..].iter().take_while(|b| matches!(b, b'\r' | b'\n')).count();
        let start = (start + skipped).max(self.counted_to);
        self.newlines += text[self.counted_to..start].iter().filter(|b| **b == b'\n').count() as u32;
        self.counted_to = start;
        self.newlines + 1
    }
}

fn read_workbook(bytes: &[u8], limit: usize) -> Result<Vec<RawRow>, ImportError> {
    let unreadable = |e: calamine::Error| ImportError::Unreadable { detail: e.to_string() };
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(unreadable)?;
    let range = match book.worksheet_range_at(0) {
        Some(r) => r.map_err(unreadable)?,
        None => return Err(ImportError::Empty),
    };
    let (top, left) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .take(limit)
        .enumerate()
        .map(|(i, cells)| {
            let mut out: Vec<String> = vec![String::new(); left as usize];
            out.extend(cells.iter().map(cell_text));
            RawRow { line: top + i as u32 + 1, cells: out }
        })
        .collect();
    Ok(rows)
}

/// A workbook cell as the text a user sees: whole numbers without `.0` or exponent
/// (`13800138000`), other numbers to Excel's 15 significant digits (`12.5`, never
/// `12.499999999999998`), dates as ISO text.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => clean_cell(s),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => {
            let (y, mo, d, h, mi, s, _ms) = dt.to_ymd_hms_milli();
            if dt.is_duration() || (h, mi, s) != (0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02}")
            }
        }
        Data::DateTimeIso(s) => s.replacen('T', " ", 1),
        Data::DurationIso(s) => s.clone(),
    }
}

fn float_text(f: f64) -> String {
    if !f.is_finite() {
        return String::new();
    }
    // Integers up to 2^53 are exact in a double: print every digit (16-digit order numbers).
    if f == f.trunc() && f.abs() <= 9_007_199_254_740_992.0 {
        return format!("{}", f as i64);
    }
    // Round to 15 significant digits, as Excel displays, then print the shortest form.
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    format!("{rounded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_like_excel() {
        assert_eq!(float_text(13_800_138_000.0), "13800138000");
        assert_eq!(float_text(12.5), "12.5");
        assert_eq!(float_text(12.499_999_999_999_998), "12.5");
        assert_eq!(float_text(0.1 + 0.2), "0.3");
        assert_eq!(float_text(-3.0), "-3");
        assert_eq!(float_text(1_930_679_858_170_647.0), "1930679858170647");
    }

    #[test]
    fn delimiter_choice() {
        assert_eq!(pick_delimiter("title\n订单编号\t买家会员名\t收货地址\n1\t2\t3"), b'\t');
        assert_eq!(pick_delimiter("微信支付账单明细,,,,\n交易时间,金额\n"), b',');
        assert_eq!(pick_delimiter("a,b,c\n1\t,2\t,3\t"), b',');
    }

    #[test]
    fn line_numbers_survive_crlf_and_blank_lines() {
        let rows = read_csv("a\r\nb\r\n\r\n\"x\ny\",1\r\nc\nd\n\ne", 100).unwrap();
        let lines: Vec<u32> = rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![1, 2, 4, 6, 7, 9]);
    }

    #[test]
    fn decodes_each_encoding() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFab"), "ab");
        assert_eq!(decode_text(&[0xFF, 0xFE, b'a', 0, 0x2D, 0x4E]), "a中");
        // "交易" in GBK.
        assert_eq!(decode_text(&[0xBD, 0xBB, 0xD2, 0xD7]), "交易");
        assert_eq!(decode_text("交易".as_bytes()), "交易");
    }
}
