//! Failures when loading the division data file (`data/divisions.tsv`).

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// Why a division data file could not be loaded by [`crate::intake::address::Divisions::try_parse`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DataError {
    /// The file holds no division at all (wrong file, or an empty download).
    Empty,
    /// A line is not `code<TAB>name` with a 6-digit code and a non-empty name.
    BadLine { line: usize, text: String },
    /// A prefecture or county line whose province line is missing.
    NoProvince { line: usize, code: String },
}

impl DataError {
    /// Stable snake_case identifier for logs and API clients.
    pub fn code(&self) -> &'static str {
        match self {
            DataError::Empty => "divisions_empty",
            DataError::BadLine { .. } => "divisions_bad_line",
            DataError::NoProvince { .. } => "divisions_no_province",
        }
    }

    /// Human-readable message in the requested language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (DataError::Empty, Lang::Zh) => "行政区划数据为空，请重新加载".to_string(),
            (DataError::Empty, Lang::En) => {
                "The administrative division data is empty; please reload it".to_string()
            }
            (DataError::BadLine { line, text }, Lang::Zh) => {
                format!("行政区划数据第 {line} 行格式不正确：「{text}」")
            }
            (DataError::BadLine { line, text }, Lang::En) => {
                format!("Line {line} of the division data is malformed: \"{text}\"")
            }
            (DataError::NoProvince { line, code }, Lang::Zh) => {
                format!("行政区划数据第 {line} 行（代码 {code}）找不到所属省份")
            }
            (DataError::NoProvince { line, code }, Lang::En) => {
                format!("Line {line} of the division data (code {code}) has no province")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_messages() {
        let e = DataError::BadLine {
            line: 3,
            text: "x".into(),
        };
        assert_eq!(e.code(), "divisions_bad_line");
        assert_eq!(e.message(Lang::Zh), "行政区划数据第 3 行格式不正确：「x」");
        assert_eq!(
            e.message(Lang::En),
            "Line 3 of the division data is malformed: \"x\""
        );
        let e = DataError::NoProvince {
            line: 7,
            code: "990101".into(),
        };
        assert_eq!(e.code(), "divisions_no_province");
        assert_eq!(
            e.message(Lang::Zh),
            "行政区划数据第 7 行（代码 990101）找不到所属省份"
        );
        assert_eq!(DataError::Empty.code(), "divisions_empty");
        assert_eq!(
            DataError::Empty.message(Lang::Zh),
            "行政区划数据为空，请重新加载"
        );
    }
}
