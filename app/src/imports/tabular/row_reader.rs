//! Reading typed values out of one data row while collecting every problem as a [`RowError`]
//! that names the row number and the column header as written in the file.

use super::{RawRow, Table};
use crate::imports::cells::{self, Precision};
use crate::imports::errors::{RowError, RowReason};

/// One data row of a [`Table`], read cell by cell; problems accumulate instead of stopping,
/// so a user sees every bad cell of the row at once.
pub struct RowReader<'a> {
    table: &'a Table,
    row: &'a RawRow,
    errors: Vec<RowError>,
}

impl<'a> RowReader<'a> {
    pub fn new(table: &'a Table, row: &'a RawRow) -> Self {
        RowReader { table, row, errors: Vec::new() }
    }

    /// 1-based line/row number in the original file.
    pub fn line(&self) -> u32 {
        self.row.line
    }

    /// The cell of `col`, `""` when the column is absent.
    pub fn text(&self, col: Option<usize>) -> &'a str {
        col.map(|c| self.row.cell(c)).unwrap_or("")
    }

    /// The cell of `col` unless empty or a placeholder such as `/`.
    pub fn opt(&self, col: Option<usize>) -> Option<String> {
        cells::non_placeholder(self.text(col))
    }

    /// Like [`RowReader::opt`] but an empty string instead of `None`.
    pub fn plain(&self, col: Option<usize>) -> String {
        self.opt(col).unwrap_or_default()
    }

    /// The first non-empty cell among `cols`, with its column.
    pub fn first_of(&self, cols: &[usize]) -> Option<(usize, String)> {
        cols.iter().find_map(|&c| self.opt(Some(c)).map(|v| (c, v)))
    }

    /// Records a problem with column `col`.
    pub fn fail(&mut self, col: usize, reason: RowReason) {
        let field = self.table.name(col).to_string();
        self.errors.push(RowError::new(self.row.line, field, reason));
    }

    /// A cell that must not be empty.
    pub fn required(&mut self, col: usize) -> Option<String> {
        let v = self.opt(Some(col));
        if v.is_none() {
            self.fail(col, RowReason::Missing);
        }
        v
    }

    /// An amount that must be present.
    pub fn fen(&mut self, col: usize, precision: Precision) -> Option<i64> {
        let raw = self.required(col)?;
        let v = cells::parse_fen(&raw, precision);
        if v.is_none() {
            self.fail(col, RowReason::BadAmount { value: raw });
        }
        v
    }

    /// An optional amount: `None` when empty, an error when present but unreadable.
    pub fn opt_fen(&mut self, col: Option<usize>, precision: Precision) -> Option<i64> {
        let raw = self.opt(col)?;
        let v = cells::parse_fen(&raw, precision);
        if v.is_none() {
            self.fail(col.expect("a value implies a column"), RowReason::BadAmount { value: raw });
        }
        v
    }

    /// A local date-time that must be present; with `format`, only that format is accepted.
    pub fn time(&mut self, col: usize, format: Option<&str>) -> Option<i64> {
        let raw = self.required(col)?;
        self.parse_time(col, raw, format)
    }

    /// An optional local date-time.
    pub fn opt_time(&mut self, col: Option<usize>) -> Option<i64> {
        let raw = self.opt(col)?;
        self.parse_time(col.expect("a value implies a column"), raw, None)
    }

    fn parse_time(&mut self, col: usize, raw: String, format: Option<&str>) -> Option<i64> {
        let v = match format {
            Some(f) => cells::parse_local_time_with(&raw, f),
            None => cells::parse_local_time_ms(&raw),
        };
        if v.is_none() {
            self.fail(col, RowReason::BadTime { value: raw });
        }
        v
    }

    /// A positive whole quantity that must be present.
    pub fn qty(&mut self, col: usize) -> Option<i64> {
        let raw = self.required(col)?;
        let v = cells::parse_qty(&raw);
        if v.is_none() {
            self.fail(col, RowReason::BadQty { value: raw });
        }
        v
    }

    /// True while no problem has been recorded.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// The problems recorded, in the order found.
    pub fn into_errors(self) -> Vec<RowError> {
        self.errors
    }
}
