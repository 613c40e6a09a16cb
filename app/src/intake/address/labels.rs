//! Field labels in pasted messages: 收货人：…, 手机号：…, 详细地址：…, 邮编：…, with a colon or
//! none. A label tells what the text after it is, up to the next label or the end of the line.

use crate::intake::address::normalize::is_separator;

/// What a label announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelKind {
    /// 收货人, 姓名, 联系人 …
    Name,
    /// 手机, 电话, 联系方式 …
    Phone,
    /// 地址, 详细地址, 所在地区 …
    Address,
    /// 邮编, 邮政编码.
    Postcode,
    /// 备注, 商品, 订单号 …: text that is neither contact nor address.
    Other,
}

/// One label found in the normalized text, with the text it governs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabelHit {
    /// Byte offset of the label's first character.
    pub start: usize,
    /// Byte offset just past the label and its colon.
    pub end: usize,
    /// Byte offset where the labelled value ends (next label, or end of its line).
    pub scope_end: usize,
    pub kind: LabelKind,
}

/// Strong labels are taken anywhere; weak ones (common words) only before a colon or at the
/// start of a piece, so that 阿克苏地区 or 发顺丰快递 are not read as labels.
const LABELS: &[(&str, LabelKind, bool)] = {
    use LabelKind::*;
    &[
        ("收货人手机号码", Phone, true),
        ("收件人手机号码", Phone, true),
        ("收货人手机号", Phone, true),
        ("收件人手机号", Phone, true),
        ("收货人姓名", Name, true),
        ("收件人姓名", Name, true),
        ("收货人电话", Phone, true),
        ("收件人电话", Phone, true),
        ("收货人手机", Phone, true),
        ("收件人手机", Phone, true),
        ("收货人地址", Address, true),
        ("收件人地址", Address, true),
        ("联系人电话", Phone, true),
        ("联系人手机", Phone, true),
        ("收货人", Name, true),
        ("收件人", Name, true),
        ("联系人", Name, true),
        ("客户姓名", Name, true),
        ("买家姓名", Name, true),
        ("姓名", Name, true),
        ("名字", Name, true),
        ("称呼", Name, false),
        ("客户", Name, false),
        ("买家", Name, false),
        ("name", Name, false),
        ("手机号码", Phone, true),
        ("手机号", Phone, true),
        ("联系电话", Phone, true),
        ("电话号码", Phone, true),
        ("联系方式", Phone, true),
        ("联系手机", Phone, true),
        ("手机", Phone, true),
        ("电话", Phone, true),
        ("座机", Phone, true),
        ("固话", Phone, true),
        ("号码", Phone, false),
        ("mobile", Phone, false),
        ("phone", Phone, false),
        ("tel", Phone, false),
        ("电邮", Other, false),
        ("收货地址", Address, true),
        ("收件地址", Address, true),
        ("详细地址", Address, true),
        ("所在地区", Address, true),
        ("所在地址", Address, true),
        ("邮寄地址", Address, true),
        ("寄送地址", Address, true),
        ("配送地址", Address, true),
        ("送货地址", Address, true),
        ("省市区", Address, true),
        ("所在地", Address, true),
        ("地址", Address, true),
        ("地区", Address, false),
        ("省市", Address, false),
        ("区域", Address, false),
        ("address", Address, false),
        ("addr", Address, false),
        ("邮政编码", Postcode, true),
        ("邮编", Postcode, true),
        ("订单编号", Other, true),
        ("订单号", Other, true),
        ("快递单号", Other, true),
        ("备注", Other, true),
        ("留言", Other, true),
        ("微信号", Other, true),
        ("微信", Other, false),
        ("单号", Other, false),
        ("商品", Other, false),
        ("产品", Other, false),
        ("数量", Other, false),
        ("规格", Other, false),
        ("型号", Other, false),
        ("尺码", Other, false),
        ("颜色", Other, false),
        ("款式", Other, false),
        ("金额", Other, false),
        ("价格", Other, false),
        ("快递", Other, false),
        ("物流", Other, false),
        ("付款", Other, false),
    ]
};

/// Finds the labels in normalized text, left to right, longest label first at a position.
pub fn find_labels(text: &str) -> Vec<LabelHit> {
    let mut hits: Vec<LabelHit> = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        match match_label(text, i) {
            Some((len, kind)) => {
                let end = skip_colon(text, i + len);
                hits.push(LabelHit {
                    start: i,
                    end,
                    scope_end: text.len(),
                    kind,
                });
                i = end.max(i + len);
            }
            None => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    set_scopes(text, &mut hits);
    hits
}

fn match_label(text: &str, at: usize) -> Option<(usize, LabelKind)> {
    let rest = &text[at..];
    let first = rest.as_bytes()[0].to_ascii_lowercase();
    let piece_start = text[..at].chars().next_back().is_none_or(is_separator);
    let mut best: Option<(usize, LabelKind)> = None;
    for &(label, kind, strong) in LABELS {
        if label.as_bytes()[0] != first || !starts_with_ci(rest, label) {
            continue;
        }
        if best.is_some_and(|(len, _)| len >= label.len()) {
            continue;
        }
        let after = &rest[label.len()..];
        let value = after.trim_start_matches(' ');
        let colon = value.starts_with(':');
        let ascii = label.is_ascii();
        // An ASCII label glued to more letters is part of a word ("telephone", "username").
        let letter = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
        if ascii && (letter(after.chars().next()) || letter(text[..at].chars().next_back())) {
            continue;
        }
        // Without a colon, a phone or postcode label must be followed by its number, so that
        // 华为手机店 in a street is not a label.
        let numeric = matches!(kind, LabelKind::Phone | LabelKind::Postcode);
        let digit_next = value
            .trim_start_matches(['是', '为'])
            .starts_with(|c: char| c.is_ascii_digit() || c == '+' || c == '(');
        if numeric && !colon && !digit_next {
            continue;
        }
        if colon || (!ascii && (strong || piece_start)) {
            best = Some((label.len(), kind));
        }
    }
    best
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Skips spaces, a colon and the filler 是 ("名字是张三") after a label.
fn skip_colon(text: &str, mut at: usize) -> usize {
    let rest = &text[at..];
    let trimmed = rest.trim_start_matches([' ', ':', '-', '=']);
    at += rest.len() - trimmed.len();
    if trimmed.starts_with('是') || trimmed.starts_with('为') {
        at += '是'.len_utf8();
    }
    at
}

/// A label governs the text up to the next label or the end of its line; a label alone on
/// its line ("地址：" then the address below) governs the next line instead.
fn set_scopes(text: &str, hits: &mut [LabelHit]) {
    for k in 0..hits.len() {
        let next = hits.get(k + 1).map_or(text.len(), |h| h.start);
        let from = hits[k].end;
        let line_end = |start: usize| text[start..next].find('\n').map_or(next, |p| start + p);
        let mut end = line_end(from);
        if text[from..end].trim().is_empty() && end < next {
            end = line_end(end + 1);
        }
        hits[k].scope_end = end;
    }
}

/// The label kind governing byte offset `at`, if any.
pub fn kind_at(hits: &[LabelHit], at: usize) -> Option<LabelKind> {
    hits.iter()
        .rev()
        .find(|h| h.end <= at)
        .filter(|h| at < h.scope_end)
        .map(|h| h.kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use LabelKind::*;

    fn kinds(text: &str) -> Vec<(LabelKind, &str)> {
        find_labels(text)
            .iter()
            .map(|h| (h.kind, &text[h.end..h.scope_end]))
            .collect()
    }

    #[test]
    fn colon_and_lines() {
        let t = "收货人:张三\n手机号码:13800138000\n详细地址:浙江省杭州市";
        assert_eq!(
            kinds(t),
            vec![
                (Name, "张三"),
                (Phone, "13800138000"),
                (Address, "浙江省杭州市")
            ]
        );
    }

    #[test]
    fn no_colon_no_space() {
        let t = "收货人张三手机13800138000地址杭州市";
        assert_eq!(
            kinds(t),
            vec![(Name, "张三"), (Phone, "13800138000"), (Address, "杭州市")]
        );
    }

    #[test]
    fn longest_label_wins() {
        assert_eq!(kinds("收货人电话:1"), vec![(Phone, "1")]);
        assert_eq!(kinds("联系电话 1"), vec![(Phone, "1")]);
    }

    #[test]
    fn weak_labels_need_colon_or_piece_start() {
        assert_eq!(kinds("新疆阿克苏地区阿克苏市"), vec![]);
        assert_eq!(kinds("地区:新疆"), vec![(Address, "新疆")]);
        assert_eq!(kinds("Tel: 1 telephone"), vec![(Phone, "1 telephone")]);
        assert_eq!(kinds("发顺丰快递"), vec![]);
        assert_eq!(kinds("username: x"), vec![]);
        assert_eq!(kinds("文三路100号华为手机店"), vec![]);
        assert_eq!(kinds("手机 138"), vec![(Phone, "138")]);
        assert_eq!(kinds("手机号码是138"), vec![(Phone, "138")]);
    }

    #[test]
    fn label_alone_on_its_line_governs_the_next() {
        assert_eq!(kinds("地址:\n杭州市\n张三"), vec![(Address, "\n杭州市")]);
    }

    #[test]
    fn kind_at_offsets() {
        let t = "姓名:张三 电话:1";
        let hits = find_labels(t);
        assert_eq!(kind_at(&hits, t.find('张').unwrap()), Some(Name));
        assert_eq!(kind_at(&hits, t.find('1').unwrap()), Some(Phone));
        assert_eq!(kind_at(&hits, 0), None);
    }
}
