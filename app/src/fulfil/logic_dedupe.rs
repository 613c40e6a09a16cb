//! Duplicate-recipient detection (O4): a new order going to the same person or address as an
//! earlier unshipped one prompts "是否合并订单?".
//!
//! [`normalize_address`] builds a comparison key meant to be stored in an indexed column
//! next to the order, so the lookup is one equality query. Every step is applied to both
//! sides alike, so a step is "safe" when it never merges two genuinely different addresses;
//! steps that could (dropping 县, reading 3-2-301 as 3栋2单元301) are deliberately left out.

use serde::{Deserialize, Serialize};

use crate::region::fold;
use super::logic_numerals::cn_number;
use crate::i18n::Lang;
use crate::region as province;

/// The recipient block of an order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipient {
    pub name: String,
    pub mobile: String,
    /// Full address as entered, province to room.
    pub address: String,
}

/// Why two orders look like they go to the same recipient.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    /// Same mobile number (normalised to 11 digits).
    SameMobile { mobile: String },
    /// Same address after normalisation; carries the shared key.
    SameAddress { key: String },
}

impl Reason {
    /// Stable snake_case identifier.
    pub fn code(&self) -> &'static str {
        match self {
            Reason::SameMobile { .. } => "same_mobile",
            Reason::SameAddress { .. } => "same_address",
        }
    }

    /// The prompt line shown with "是否合并订单?".
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Reason::SameMobile { mobile }, Lang::Zh) => format!("收货手机号相同（{mobile}）"),
            (Reason::SameMobile { mobile }, Lang::En) => format!("Same recipient mobile ({mobile})"),
            (Reason::SameAddress { .. }, Lang::Zh) => "收货地址相同".to_string(),
            (Reason::SameAddress { .. }, Lang::En) => "Same delivery address".to_string(),
        }
    }
}

/// Keys shorter than this (in characters) are too vague to call two orders duplicates.
const MIN_KEY_CHARS: usize = 6;

/// Whether `a` and `b` go to the same recipient: same mobile first, else same address key.
pub fn same_recipient(a: &Recipient, b: &Recipient) -> Option<Reason> {
    if let (Some(x), Some(y)) = (normalize_mobile(&a.mobile), normalize_mobile(&b.mobile)) {
        if x == y {
            return Some(Reason::SameMobile { mobile: x });
        }
    }
    let (ka, kb) = (normalize_address(&a.address), normalize_address(&b.address));
    (ka == kb && ka.chars().count() >= MIN_KEY_CHARS).then_some(Reason::SameAddress { key: ka })
}

/// A mainland mobile as 11 digits, dropping separators and a +86/0086/86 prefix;
/// `None` if the input is not one.
pub fn normalize_mobile(input: &str) -> Option<String> {
    let digits: String = fold(input).chars().filter(char::is_ascii_digit).collect();
    let d = match digits.len() {
        15 if digits.starts_with("0086") => &digits[4..],
        13 if digits.starts_with("86") => &digits[2..],
        _ => &digits[..],
    };
    let b = d.as_bytes();
    (b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])).then(|| d.to_string())
}

/// The comparison key of an address; see the module doc.
///
/// Steps: full-width → half-width and lower-case; traditional 號/棟/單/區/縣/樓 → simplified;
/// strip a trailing recipient name and/or mobile; `18#` → `18号`; drop spaces and
/// punctuation; Chinese numerals before 栋/幢/号/单元/层/楼/室 → digits; drop the province
/// and the 市/区 suffixes of the leading city and district; 号楼/幢 → 栋; drop a trailing
/// 室/房 after the room number.
pub fn normalize_address(address: &str) -> String {
    let s: String = fold(address).chars().map(simplified).collect();
    let s = strip_trailing_contact(&s);
    let s = hash_to_hao(&s);
    let s: String = s.chars().filter(|c| c.is_alphanumeric()).collect();
    let s = numerals_before_units(&s);
    let s = strip_admin_prefix(&s);
    unify_units(&s)
}

fn simplified(c: char) -> char {
    match c {
        '號' => '号',
        '棟' => '栋',
        '單' => '单',
        '區' => '区',
        '縣' => '县',
        '樓' => '楼',
        '門' => '门',
        _ => c,
    }
}

/// Last characters of address parts (路, 号, 小区…): a trailing 2–4 character Han token
/// ending in one of these is part of the address, not the recipient's name.
const ADDRESS_ENDINGS: &str = concat!(
    "号室楼栋幢层元村组社路街道巷弄同里区市县镇乡苑园府城庭座门店厦院坊湾期所站场馆部司厂处心",
    "屯庄寨堡桥岛港湖山坡岭塘铺营口坝墅舍寓宅居阁轩学校局委会队团厅堂亭廊台滩江河溪田集圩宫殿谷林旗盟州省",
);

/// Field labels pasted along with the contact; longer ones first so 联系电话 goes whole.
const LABELS: [&str; 10] = ["联系电话", "收件人", "收货人", "联系人", "手机号", "姓名", "手机", "电话", "phone", "tel"];

fn is_delim(c: char) -> bool {
    c.is_whitespace() || (c.is_ascii_punctuation() && c != '#') || "，。、；：（）【】「」“”‘’".contains(c)
}

/// Endings that almost never close a given name: next to a mobile number, a token is taken
/// as a name unless it ends in one of these (so 王林 goes, though 林 also ends place names).
const STRONG_ADDRESS_ENDINGS: &str = "号室楼栋幢层元村组路街道巷弄区市县镇乡苑园府座门店厦院";

/// Drop a recipient name and/or mobile pasted after the address ("…1号 张三 13800138000",
/// "…301室，138-0013-8000，王女士"). A name is only recognised after a delimiter, since
/// "…路1号张三" cannot be told apart from a place name reliably.
fn strip_trailing_contact(s: &str) -> String {
    let t = s.trim_end_matches(is_delim);
    // "… name mobile"
    let (rest, had_mobile) = strip_trailing_mobile(t);
    if had_mobile {
        let rest = strip_trailing_label(&rest);
        return strip_trailing_label(&strip_trailing_name(&rest, STRONG_ADDRESS_ENDINGS));
    }
    // "… mobile name"
    let no_name = strip_trailing_label(&strip_trailing_name(t, STRONG_ADDRESS_ENDINGS));
    let (rest, had_mobile) = strip_trailing_mobile(&no_name);
    if had_mobile {
        return strip_trailing_label(&rest);
    }
    // A name alone must not look like any address part.
    strip_trailing_label(&strip_trailing_name(t, ADDRESS_ENDINGS))
}

fn strip_trailing_label(s: &str) -> String {
    let t = s.trim_end_matches(is_delim);
    let t = LABELS.iter().find_map(|l| t.strip_suffix(l)).unwrap_or(t);
    t.trim_end_matches(is_delim).to_string()
}

/// Removes a mobile at the very end; the run of digits, spaces, dashes and + before the end
/// may also hold the room number ("301 13800138000"), so each digit group is tried as a start.
fn strip_trailing_mobile(s: &str) -> (String, bool) {
    let mut run: Vec<(usize, char)> =
        s.char_indices().rev().take_while(|(_, c)| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+')).collect();
    run.reverse();
    for (k, &(i, c)) in run.iter().enumerate() {
        let group_start = k == 0 || !run[k - 1].1.is_ascii_digit();
        if group_start && (c.is_ascii_digit() || c == '+') && normalize_mobile(&s[i..]).is_some() {
            return (s[..i].trim_end_matches(is_delim).to_string(), true);
        }
    }
    (s.to_string(), false)
}

fn strip_trailing_name(s: &str, address_endings: &str) -> String {
    let Some(split) = s.char_indices().rev().find(|(_, c)| is_delim(*c)).map(|(i, c)| i + c.len_utf8()) else {
        return s.to_string();
    };
    let token = &s[split..];
    let token_body = token.strip_suffix('收').unwrap_or(token);
    let n = token_body.chars().count();
    let han = token_body.chars().all(is_han);
    let last_is_address = token_body.chars().last().is_some_and(|c| address_endings.contains(c));
    if (2..=4).contains(&n) && han && !last_is_address {
        s[..split].trim_end_matches(is_delim).to_string()
    } else {
        s.to_string()
    }
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// `18#楼` and `18#` mean 18号; the # would otherwise vanish with the punctuation.
fn hash_to_hao(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev = ' ';
    for c in s.chars() {
        out.push(if c == '#' && prev.is_ascii_digit() { '号' } else { c });
        prev = c;
    }
    out
}

const UNIT_WORDS: [&str; 8] = ["单元", "号", "栋", "幢", "层", "楼", "室", "组"];

/// 三单元 → 3单元, 十二栋 → 12栋: only numerals directly before a unit word, so place names
/// such as 三里屯 or 五道口 are untouched.
fn numerals_before_units(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..].iter().take_while(|c| super::logic_numerals::cn_digit(**c).is_some() || **c == '十').count();
        if run > 0 {
            let rest: String = chars[i + run..].iter().take(2).collect();
            let before_unit = UNIT_WORDS.iter().any(|u| rest.starts_with(u));
            if let Some(n) = cn_number(&chars[i..i + run]).filter(|_| before_unit) {
                out.push_str(&n.to_string());
                i += run;
                continue;
            }
            out.extend(&chars[i..i + run]);
            i += run;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// GB/T 2260 codes of 北京, 天津, 上海, 重庆: province and city at once.
const MUNICIPALITIES: [&str; 4] = ["11", "12", "31", "50"];

/// Drop the province, the 市 of the leading city and the 区 of the leading district, so
/// "浙江省杭州市西湖区" and "杭州西湖区" agree.
fn strip_admin_prefix(s: &str) -> String {
    let mut t = s;
    if let Some((p, len)) = province::strip_prefix(t) {
        // 吉林市 is a city of 吉林省: keep its name if 市 follows directly.
        if !t[len..].starts_with('市') {
            t = &t[len..];
            // Municipalities are often written twice: 上海 上海市 浦东新区.
            if MUNICIPALITIES.contains(&p.code) {
                t = t.strip_prefix(p.short).unwrap_or(t);
            }
        }
    }
    let t = t.strip_prefix('市').unwrap_or(t);
    let mut chars: Vec<char> = t.chars().collect();
    if let Some(pos) = chars.iter().position(|c| *c == '市').filter(|p| (2..=4).contains(p)) {
        chars.remove(pos);
    }
    // 小区, 社区, 园区, 校区, 景区, 街区, 厂区 are places, not districts.
    let not_district = "小社园校景街厂";
    if let Some(pos) = chars.iter().take(9).position(|c| *c == '区').filter(|p| *p >= 2) {
        if !not_district.contains(chars[pos - 1]) {
            chars.remove(pos);
        }
    }
    chars.into_iter().collect()
}

/// 3号楼 / 3幢 → 3栋; a trailing 301室 / 301房 → 301.
fn unify_units(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let after_digit = out.last().is_some_and(|c| c.is_ascii_digit());
        match chars[i] {
            '号' if after_digit && chars.get(i + 1) == Some(&'楼') => {
                out.push('栋');
                i += 2;
            }
            '幢' => {
                out.push('栋');
                i += 1;
            }
            '室' | '房' if after_digit && i + 1 == chars.len() => i += 1,
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
#[path = "logic_dedupe_tests.rs"]
mod tests;
