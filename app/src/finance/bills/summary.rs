//! Totals printed in a bill's preamble or footer: `共66笔记录`, `收入：1笔 28.50元`,
//! `已收入:2笔,12.00元`, `中性交易：0笔 0.00元`, `不计收支：2笔 16.37元`.

use super::{BillSummary, Tally};
use crate::imports::cells::{parse_fen, Precision};
use crate::imports::tabular::RawRow;

const INCOME: [&str; 2] = ["收入", "已收入"];
const EXPENSE: [&str; 2] = ["支出", "已支出"];
const NEUTRAL: [&str; 2] = ["中性交易", "不计收支"];

/// Totals found in free-text lines; `None` when there are none at all.
pub(super) fn text_summary(lines: &[RawRow]) -> Option<BillSummary> {
    let mut s = BillSummary::default();
    for line in lines {
        let text = line.joined();
        // Older Alipay files put `#` before every preamble and footer line.
        let text = text.trim().trim_start_matches('#');
        s.record_count = s.record_count.or_else(|| record_count(text));
        s.income = s.income.or_else(|| tally(text, &INCOME));
        s.expense = s.expense.or_else(|| tally(text, &EXPENSE));
        s.neutral = s.neutral.or_else(|| tally(text, &NEUTRAL));
    }
    (s != BillSummary::default()).then_some(s)
}

fn record_count(text: &str) -> Option<u64> {
    let rest = text.strip_prefix('共')?.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    rest[digits.len()..].trim_start().starts_with('笔').then_some(())?;
    digits.parse().ok()
}

/// `<label>[:：] N笔 [,，] amount` for one of `labels`.
fn tally(text: &str, labels: &[&str]) -> Option<Tally> {
    let rest = labels.iter().find_map(|l| text.strip_prefix(l))?;
    let rest = rest.trim_start_matches([':', '：', ' ']);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let count = digits.parse().ok()?;
    let rest = rest[digits.len()..].trim_start().strip_prefix('笔')?;
    let amount = rest.trim_start_matches([',', '，', ' ']);
    let amount = amount.split_whitespace().next().unwrap_or("");
    Some(Tally { count, fen: parse_fen(amount, Precision::Fen)? })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(cells: &[&str]) -> RawRow {
        RawRow { line: 1, cells: cells.iter().map(|c| c.to_string()).collect() }
    }

    #[test]
    fn reads_each_spelling() {
        let s = text_summary(&[
            line(&["共43笔记录", "", ""]),
            line(&["收入：1笔 0.35元"]),
            line(&["支出：2笔 ¥1,028.16"]),
            line(&["中性交易：0笔 0.00元"]),
        ])
        .unwrap();
        assert_eq!(s.record_count, Some(43));
        assert_eq!(s.income, Some(Tally { count: 1, fen: 35 }));
        assert_eq!(s.expense, Some(Tally { count: 2, fen: 102_816 }));
        assert_eq!(s.neutral, Some(Tally { count: 0, fen: 0 }));
    }

    #[test]
    fn legacy_alipay_footer_split_at_commas() {
        let s = text_summary(&[line(&["已收入:2笔", "12.00元"]), line(&["待收入:0笔", "0.00元"])]).unwrap();
        assert_eq!(s.income, Some(Tally { count: 2, fen: 1200 }));
        assert_eq!(s.expense, None);
    }

    #[test]
    fn nothing_found() {
        assert_eq!(text_summary(&[line(&["微信昵称：[小王]"])]), None);
    }
}
