//! The text that is left once labels and numbers are taken out, cut at separators into
//! pieces: "张三", "浙江省杭州市西湖区文三路100号". Each piece remembers the label governing it.

use crate::intake::address::labels::{LabelHit, LabelKind};
use crate::intake::address::normalize::{is_han, is_separator};
use crate::intake::address::numbers::NumHit;

/// A run of text between separators, labels and numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece<'a> {
    pub text: &'a str,
    /// Byte span in the normalized text.
    pub start: usize,
    pub end: usize,
    /// Label governing this piece.
    pub label: Option<LabelKind>,
    /// True for the first piece after its label: the labelled value itself.
    pub first: bool,
    /// Line number (0-based) in the message.
    pub line: usize,
    /// A number (phone, postcode) was taken out between the previous piece and this one.
    pub after_number: bool,
    /// A number was taken out between this piece and the next.
    pub before_number: bool,
}

/// Cuts the text into pieces, dropping labels, numbers, separators and text under
/// "other" labels (备注, 商品 …).
pub fn split<'a>(text: &'a str, labels: &[LabelHit], nums: &[NumHit]) -> Vec<Piece<'a>> {
    let mut cuts: Vec<(usize, usize)> = labels.iter().map(|l| (l.start, l.end)).collect();
    cuts.extend(nums.iter().map(|n| (n.start, n.end)));
    cuts.sort_unstable();
    let mut pieces = Vec::new();
    let (mut line, mut start, mut cut) = (0, 0, 0);
    let mut i = 0;
    while i < text.len() {
        while cut < cuts.len() && cuts[cut].1 <= i {
            cut += 1;
        }
        if cut < cuts.len() && cuts[cut].0 <= i {
            push(&mut pieces, text, (start, i, line), labels, nums);
            i = cuts[cut].1;
            start = i;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        if is_separator(c) {
            push(&mut pieces, text, (start, i, line), labels, nums);
            line += usize::from(c == '\n');
            start = i + c.len_utf8();
        }
        i += c.len_utf8();
    }
    push(&mut pieces, text, (start, text.len(), line), labels, nums);
    for k in 0..pieces.len() {
        let (end, next) = (
            pieces[k].end,
            pieces.get(k + 1).map_or(text.len(), |p| p.start),
        );
        pieces[k].before_number = nums.iter().any(|n| n.start >= end && n.start < next);
    }
    pieces
}

/// The span without enclosing parentheses ("(张三)") and stray punctuation left over from
/// phone numbers; `None` when nothing but punctuation remains.
fn trim(text: &str, mut start: usize, mut end: usize) -> Option<(usize, usize)> {
    if start >= end {
        return None;
    }
    let raw = &text[start..end];
    if raw.starts_with('(') && raw.ends_with(')') && raw.len() > 2 {
        start += 1;
        end -= 1;
    }
    let raw = &text[start..end];
    let head = raw.trim_start_matches(['-', '+', '.', '/', ')']);
    let body = head.trim_end_matches(['-', '+', '/', '(']);
    if !body.chars().any(|c| is_han(c) || c.is_ascii_alphanumeric()) {
        return None;
    }
    start += raw.len() - head.len();
    end = start + body.len();
    Some((start, end))
}

fn push<'a>(
    out: &mut Vec<Piece<'a>>,
    text: &'a str,
    (start, end, line): (usize, usize, usize),
    labels: &[LabelHit],
    nums: &[NumHit],
) {
    let Some((start, end)) = trim(text, start, end) else {
        return;
    };
    let trimmed = &text[start..end];
    let governing = labels
        .iter()
        .rposition(|l| l.end <= start && start < l.scope_end);
    let label = governing.map(|k| labels[k].kind);
    if label == Some(LabelKind::Other) {
        return;
    }
    // The labelled value is the first thing after the label: a piece, or a number (电话：138…).
    let first = governing.is_some_and(|k| {
        let from = labels[k].end;
        !out.iter().any(|p| p.start >= from)
            && !nums.iter().any(|n| n.start >= from && n.start < start)
    });
    let prev_end = out.last().map_or(0, |p| p.end);
    let after_number = nums.iter().any(|n| n.start >= prev_end && n.end <= start);
    out.push(Piece {
        text: trimmed,
        start,
        end,
        label,
        first,
        line,
        after_number,
        before_number: false,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intake::address::labels::find_labels;
    use crate::intake::address::numbers::find_numbers;

    fn texts(t: &str) -> Vec<(&str, Option<LabelKind>, bool)> {
        let labels = find_labels(t);
        let nums = find_numbers(t, &labels);
        split(t, &labels, &nums)
            .into_iter()
            .map(|p| (p.text, p.label, p.first))
            .collect()
    }

    #[test]
    fn plain_message() {
        assert_eq!(
            texts("张三 13800138000 浙江省杭州市西湖区文三路100号"),
            vec![
                ("张三", None, false),
                ("浙江省杭州市西湖区文三路100号", None, false)
            ]
        );
    }

    #[test]
    fn glued_message() {
        assert_eq!(
            texts("张三13800138000浙江省杭州市"),
            vec![("张三", None, false), ("浙江省杭州市", None, false)]
        );
    }

    #[test]
    fn labelled_lines() {
        use LabelKind::*;
        assert_eq!(
            texts("收货人:张三 先生\n电话:+86 138-0013-8000\n地址:浙江省 杭州市\n备注:要顺丰"),
            vec![
                ("张三", Some(Name), true),
                ("先生", Some(Name), false),
                ("浙江省", Some(Address), true),
                ("杭州市", Some(Address), false),
            ]
        );
    }

    #[test]
    fn leftover_punctuation_is_dropped() {
        assert_eq!(texts("(0571)88888888 - 张三"), vec![("张三", None, false)]);
        assert_eq!(
            texts("文三路100号(近学院路)"),
            vec![("文三路100号(近学院路)", None, false)]
        );
        assert_eq!(texts("13800138000 (张三)"), vec![("张三", None, false)]);
    }
}
