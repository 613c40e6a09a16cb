//! Mobiles, landlines and postcodes in normalized text.
//!
//! Digits are read as maximal ASCII digit runs ("groups"); a number may span several groups
//! joined by a space or a dash (138 0013 8000, 0571-88888888-123, +86 138…). A group glued to
//! more digits is never cut, so a postcode is never taken out of a mobile, nor a mobile out of
//! a tracking number, and digits followed by 号/室/栋… are house numbers, not phones.

use crate::intake::address::labels::{kind_at, LabelHit, LabelKind};

/// What a number was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumKind {
    /// 11-digit mainland mobile, 1[3-9]xxxxxxxxx.
    Mobile,
    /// Landline with area code (0571-88888888, 021-12345678-123), a 400/800 number, or,
    /// under a phone label only, a bare 7–8 digit local number.
    Landline,
    /// 6-digit postcode.
    Postcode,
}

/// A number found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumHit {
    pub kind: NumKind,
    /// Canonical form: 13800138000, 0571-88888888, 021-12345678-123, 310000.
    pub value: String,
    /// Byte span in the normalized text, including a leading `+` or `(`.
    pub start: usize,
    pub end: usize,
    /// Label governing the number (电话：…, 邮编：…), if any.
    pub label: Option<LabelKind>,
}

#[derive(Clone, Copy)]
struct Group {
    start: usize,
    end: usize,
}

struct Scan<'a> {
    text: &'a str,
    groups: Vec<Group>,
}

/// Characters that make a preceding number part of an address or a quantity.
const UNITS: &str = "号室栋幢楼层单座弄户门米元块件个期区组排巷路街年月日斤克盒箱包瓶支套岁楼";

/// Finds all numbers, left to right, without overlaps.
pub fn find_numbers(text: &str, labels: &[LabelHit]) -> Vec<NumHit> {
    let scan = Scan {
        text,
        groups: digit_groups(text),
    };
    let mut hits = Vec::new();
    let mut i = 0;
    while i < scan.groups.len() {
        let label = kind_at(labels, scan.groups[i].start);
        let found = scan
            .mobile(i)
            .map(|(v, j)| (NumKind::Mobile, v, j))
            .or_else(|| {
                if label == Some(LabelKind::Other) {
                    return None;
                }
                (scan.landline(i).or_else(|| scan.service(i)))
                    .map(|(v, j)| (NumKind::Landline, v, j))
                    .or_else(|| scan.postcode(i).map(|v| (NumKind::Postcode, v, i)))
                    .or_else(|| {
                        (label == Some(LabelKind::Phone))
                            .then(|| scan.bare(i))
                            .flatten()
                            .map(|v| (NumKind::Landline, v, i))
                    })
            });
        match found {
            Some((kind, value, last)) => {
                let start = scan.span_start(i);
                hits.push(NumHit {
                    kind,
                    value,
                    start,
                    end: scan.groups[last].end,
                    label,
                });
                i = last + 1;
            }
            None => i += 1,
        }
    }
    hits
}

fn digit_groups(text: &str) -> Vec<Group> {
    let b = text.as_bytes();
    let mut groups = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            groups.push(Group { start, end: i });
        } else {
            i += 1;
        }
    }
    groups
}

fn is_mobile(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])
}

impl<'a> Scan<'a> {
    fn digits(&self, i: usize) -> &'a str {
        &self.text[self.groups[i].start..self.groups[i].end]
    }

    /// The text between group `i` and group `i + 1`, if there is a next group.
    fn gap(&self, i: usize) -> Option<&'a str> {
        let next = self.groups.get(i + 1)?;
        Some(&self.text[self.groups[i].end..next.start])
    }

    /// A gap that may sit inside one number: a space or a dash, nothing else.
    fn joins(&self, i: usize, extra: &[&str]) -> bool {
        self.gap(i).is_some_and(|g| {
            let t = g.trim_matches(' ');
            g.len() <= 3 && (t.is_empty() || t == "-" || extra.contains(&t))
        })
    }

    fn prev_char(&self, i: usize) -> Option<char> {
        self.text[..self.groups[i].start].chars().next_back()
    }

    fn next_char(&self, i: usize) -> Option<char> {
        self.text[self.groups[i].end..].chars().next()
    }

    fn span_start(&self, i: usize) -> usize {
        let s = self.groups[i].start;
        match self.prev_char(i) {
            Some('+') | Some('(') => s - 1,
            _ => s,
        }
    }

    /// Joins groups from `k` while they are glued by spaces/dashes until exactly `want` digits.
    fn concat(&self, k: usize, want: usize, extra: &[&str]) -> Option<(String, usize)> {
        let mut acc = String::new();
        for j in k..self.groups.len().min(k + 4) {
            if j > k && !self.joins(j - 1, extra) {
                return None;
            }
            acc.push_str(self.digits(j));
            if acc.len() == want {
                return Some((acc, j));
            }
            if acc.len() > want {
                return None;
            }
        }
        None
    }

    /// 13800138000, 138 0013 8000, 138-0013-8000, +86 138…, 86-138…, 8613800138000.
    fn mobile(&self, i: usize) -> Option<(String, usize)> {
        let d = self.digits(i);
        for prefix in ["86", "0086"] {
            if d.len() == prefix.len() + 11
                && d.starts_with(prefix)
                && is_mobile(&d[prefix.len()..])
            {
                return Some((d[prefix.len()..].to_string(), i));
            }
            if d == prefix && self.joins(i, &[")"]) {
                let ok = |(m, j): &(String, usize)| is_mobile(m) && self.mobile_grouping(i + 1, *j);
                if let Some((m, j)) = self.concat(i + 1, 11, &[]).filter(ok) {
                    return Some((m, j));
                }
            }
        }
        self.concat(i, 11, &[])
            .filter(|(m, j)| is_mobile(m) && self.mobile_grouping(i, *j))
    }

    /// Mobiles are written 11, 3-4-4, 3-8 or 7-4; other splits are other numbers that happen
    /// to sit next to each other (a room number, then a mobile: "1804 136-9593-3207").
    fn mobile_grouping(&self, i: usize, j: usize) -> bool {
        let lens: Vec<usize> = (i..=j).map(|k| self.digits(k).len()).collect();
        matches!(lens.as_slice(), [11] | [3, 4, 4] | [3, 8] | [7, 4])
    }

    /// 0571-88888888, (0571)88888888, 021 1234 5678, 057188888888, with -123 / 转123 extension.
    fn landline(&self, i: usize) -> Option<(String, usize)> {
        let d = self.digits(i);
        if !d.starts_with('0') || d.len() < 3 {
            return None;
        }
        let area_len = if matches!(d.as_bytes()[1], b'1' | b'2') {
            3
        } else {
            4
        };
        let (area, local, last) = if d.len() == area_len && self.joins(i, &[")", ")-"]) {
            let (local, last) = self
                .concat(i + 1, 8, &[])
                .or_else(|| self.concat(i + 1, 7, &[]))?;
            (d, local, last)
        } else if (area_len + 7..=area_len + 8).contains(&d.len()) {
            (&d[..area_len], d[area_len..].to_string(), i)
        } else {
            return None;
        };
        // 3-digit area codes are 010 and 02x only; a local number never starts with 0.
        let bad_area = area_len == 3 && area.as_bytes()[1] == b'1' && area != "010";
        if bad_area || local.starts_with('0') {
            return None;
        }
        let mut value = format!("{area}-{local}");
        let mut end = last;
        if let Some(ext) = self.extension(last) {
            value.push('-');
            value.push_str(self.digits(ext));
            end = ext;
        }
        Some((value, end))
    }

    fn extension(&self, last: usize) -> Option<usize> {
        let gap = self.gap(last)?.trim_matches(' ');
        let ok = matches!(gap, "-" | "转" | "-转" | "ext" | "ext." | "x" | "分机");
        (ok && (1..=5).contains(&self.digits(last + 1).len())).then_some(last + 1)
    }

    /// 400-123-4567, 800 123 4567, 4001234567.
    fn service(&self, i: usize) -> Option<(String, usize)> {
        let (all, last) = self.concat(i, 10, &[])?;
        (all.starts_with("400") || all.starts_with("800"))
            .then(|| (format!("{}-{}-{}", &all[..3], &all[3..6], &all[6..]), last))
    }

    /// A lone 6-digit group that is not a house number and has a real postal prefix (01–86).
    fn postcode(&self, i: usize) -> Option<String> {
        let d = self.digits(i);
        if d.len() != 6 || self.glued(i) {
            return None;
        }
        let zone: u32 = d[..2].parse().ok()?;
        ((1..=86).contains(&zone) || d == "999077" || d == "999078").then(|| d.to_string())
    }

    /// A bare 7–8 digit local number (only asked for under a phone label).
    fn bare(&self, i: usize) -> Option<String> {
        let d = self.digits(i);
        let ok =
            (7..=8).contains(&d.len()) && matches!(d.as_bytes()[0], b'2'..=b'9') && !self.glued(i);
        ok.then(|| d.to_string())
    }

    /// True when the group belongs to something longer: a house number (100号), a code
    /// (A-310000, #310000) or a dashed sequence.
    fn glued(&self, i: usize) -> bool {
        let before = self
            .prev_char(i)
            .is_some_and(|c| c.is_ascii_alphabetic() || "#-./".contains(c));
        let after = self
            .next_char(i)
            .is_some_and(|c| c.is_ascii_alphabetic() || "#-./".contains(c) || UNITS.contains(c));
        before || after
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intake::address::labels::find_labels;

    fn found(text: &str) -> Vec<(NumKind, String)> {
        find_numbers(text, &find_labels(text))
            .into_iter()
            .map(|h| (h.kind, h.value))
            .collect()
    }

    fn one(kind: NumKind, v: &str) -> Vec<(NumKind, String)> {
        vec![(kind, v.to_string())]
    }

    #[test]
    fn mobile_shapes() {
        use NumKind::Mobile;
        for t in [
            "13800138000",
            "+86 13800138000",
            "+8613800138000",
            "86-138-0013-8000",
            "138-0013-8000",
            "138 0013 8000",
            "(+86)13800138000",
            "0086 13800138000",
            "张三13800138000浙江",
        ] {
            assert_eq!(found(t), one(Mobile, "13800138000"), "{t}");
        }
    }

    #[test]
    fn room_number_before_a_dashed_mobile() {
        assert_eq!(
            found("2单元1804 136-9593-3207"),
            one(NumKind::Mobile, "13695933207")
        );
    }

    #[test]
    fn not_mobiles() {
        assert_eq!(found("12800138000"), vec![]);
        assert_eq!(found("138001380001"), vec![]);
        assert_eq!(found("13800138000310000"), vec![]);
        assert_eq!(found("SF1380013800012"), vec![]);
    }

    #[test]
    fn landlines() {
        use NumKind::Landline;
        assert_eq!(found("0571-88888888"), one(Landline, "0571-88888888"));
        assert_eq!(found("(0571)88888888"), one(Landline, "0571-88888888"));
        assert_eq!(found("021-12345678-123"), one(Landline, "021-12345678-123"));
        assert_eq!(found("010 6512 3456"), one(Landline, "010-65123456"));
        assert_eq!(found("057188888888"), one(Landline, "0571-88888888"));
        assert_eq!(
            found("0571-8888888转802"),
            one(Landline, "0571-8888888-802")
        );
        assert_eq!(found("400-820-8820"), one(Landline, "400-820-8820"));
        assert_eq!(found("电话:88888888"), one(Landline, "88888888"));
        assert_eq!(found("88888888"), vec![]);
    }

    #[test]
    fn postcodes_and_house_numbers() {
        use NumKind::*;
        assert_eq!(found("邮编310000"), one(Postcode, "310000"));
        assert_eq!(
            found("13800138000 310000"),
            vec![(Mobile, "13800138000".into()), (Postcode, "310000".into())]
        );
        assert_eq!(found("文三路100号"), vec![]);
        assert_eq!(found("100200室"), vec![]);
        assert_eq!(found("3-502"), vec![]);
        assert_eq!(found("990000"), vec![]);
        assert_eq!(found("订单号:310000"), vec![]);
        assert_eq!(
            found("310000 138 0013 8000"),
            vec![(Postcode, "310000".into()), (Mobile, "13800138000".into())]
        );
    }

    #[test]
    fn spans_include_plus_and_parenthesis() {
        let t = "Tel:+86 13800138000;(0571)88888888";
        let hits = find_numbers(t, &[]);
        assert_eq!(&t[hits[0].start..hits[0].end], "+86 13800138000");
        assert_eq!(&t[hits[1].start..hits[1].end], "(0571)88888888");
    }
}
