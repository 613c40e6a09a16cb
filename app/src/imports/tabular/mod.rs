//! From an uploaded file's bytes to a table of trimmed cell strings.
//!
//! - [`read_rows`] (server only): detects the container and encoding — .xlsx/.xls by magic
//!   bytes (first sheet, via calamine), otherwise text in UTF-8 (with or without BOM),
//!   UTF-16 with BOM, or GB18030/GBK — then splits CSV (comma, or tab when the header-like
//!   lines use tabs and no commas) and cleans every cell ([`clean_cell`]).
//! - [`locate_table`]: finds the header row by expected column names, keeps the lines before it
//!   as preamble and detects footer lines after the data (`#-----`, `共N笔记录`, summary blocks).
//!
//! Every row keeps its 1-based line (CSV) or row (sheet) number in the original file, which is
//! the number users see in error messages.

mod clean;
mod row_reader;
mod table;
#[cfg(feature = "ssr")]
mod read;

pub use clean::{clean_cell, normalize_header};
pub use row_reader::RowReader;
pub use table::{header_found, locate_table, HeaderSpec, Table};
#[cfg(feature = "ssr")]
pub use read::{read_rows, read_rows_limited, MAX_ROWS};

use serde::{Deserialize, Serialize};

/// One row of the file with its cells already cleaned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawRow {
    /// 1-based line (CSV) or row (sheet) number in the original file.
    pub line: u32,
    pub cells: Vec<String>,
}

impl RawRow {
    /// The cell at `index`, or `""` when the row is shorter.
    pub fn cell(&self, index: usize) -> &str {
        self.cells.get(index).map(String::as_str).unwrap_or("")
    }

    /// True when every cell is empty.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.is_empty())
    }

    /// The non-empty cells joined with `,` — for reading free-text preamble and footer lines
    /// that a CSV reader split at their commas (`已收入:2笔,12.00元`).
    pub fn joined(&self) -> String {
        let parts: Vec<&str> = self.cells.iter().map(String::as_str).filter(|c| !c.is_empty()).collect();
        parts.join(",")
    }
}
