//! Cleaning one cell of an export, and normalising header names for comparison.
//!
//! Exports protect long digit strings from Excel in several ways that must all go:
//! WeChat Pay puts a backtick before every cell, Taobao writes `="123…"` or `'138…`, many
//! files pad cells with tabs or full-width spaces.

/// Whitespace that exports pad cells with: ASCII whitespace (tabs included), full-width space,
/// no-break space, and a stray byte-order mark or zero-width space.
fn is_pad(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{3000}' | '\u{00A0}' | '\u{FEFF}' | '\u{200B}')
}

/// Trim padding and strip Excel text guards: `="…"`, a leading `'`, WeChat Pay's leading `` ` ``.
pub fn clean_cell(raw: &str) -> String {
    let t = raw.trim_matches(is_pad);
    let t = if let Some(inner) = t.strip_prefix("=\"").and_then(|s| s.strip_suffix('"')) {
        inner
    } else if let Some(rest) = t.strip_prefix('`').or_else(|| t.strip_prefix('\'')) {
        rest
    } else {
        t
    };
    t.trim_matches(is_pad).to_string()
}

/// A header name reduced for comparison: no padding or inner spaces, full-width brackets and
/// colons as ASCII, ASCII letters lower-case. `金额（元） ` and `金额(元)` compare equal.
pub fn normalize_header(name: &str) -> String {
    clean_cell(name)
        .chars()
        .filter(|c| !is_pad(*c))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            _ => c.to_ascii_lowercase(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_padding_and_guards() {
        assert_eq!(clean_cell("\t13800138000"), "13800138000");
        assert_eq!(clean_cell("=\"1930679858170647\""), "1930679858170647");
        assert_eq!(clean_cell("'18618486065"), "18618486065");
        assert_eq!(clean_cell("`4200000012"), "4200000012");
        assert_eq!(clean_cell("` 0.01 "), "0.01");
        assert_eq!(clean_cell("\u{3000}张三\u{3000}"), "张三");
        assert_eq!(clean_cell("\u{FEFF}交易时间"), "交易时间");
        assert_eq!(clean_cell("  商户消费 \t"), "商户消费");
        // Inner spaces stay: they belong to the value.
        assert_eq!(clean_cell(" 吉林省 通化市 "), "吉林省 通化市");
        assert_eq!(clean_cell(""), "");
    }

    #[test]
    fn header_names_compare_loosely() {
        assert_eq!(normalize_header("金额（元） "), "金额(元)");
        assert_eq!(normalize_header("商品id"), normalize_header("商品ID"));
        assert_eq!(normalize_header("收货地址 "), "收货地址");
        assert_eq!(normalize_header("交易号                  "), "交易号");
    }
}
