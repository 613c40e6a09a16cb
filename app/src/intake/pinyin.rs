//! SKU search by pinyin initials ("dhs" finds 蛋黄酥, "mm" finds 面膜), by code, barcode
//! and name.
//!
//! Initials are computed on the server with the `pinyin` crate (feature `ssr`) and stored in
//! a column next to the SKU; the browser only runs [`matches`], which compares strings, so
//! the ~100 KB character table never ships in the wasm bundle.
//!
//! Polyphones: each character takes the reading the `pinyin` crate's data lists first
//! (pinyin-data, the most common reading), except for the characters in [`POLYPHONES`], where
//! product names use another reading (长袖 cháng, 番茄 qié, 人参 shēn, 调料 tiáo, 弹力 tán,
//! 蛤蜊 gé). [`initials_with_alternates`] also stores the other common initials of such
//! characters (重庆 → "zqxm cqxm"), space-separated, and [`matches`] accepts any of them.


/// Polyphonic characters: (character, initial used by [`initials`], other initials worth
/// matching). Only characters whose readings start with different letters matter here.
pub const POLYPHONES: &[(char, char, &str)] = &[
    ('长', 'c', "z"),
    ('茄', 'q', "j"),
    ('调', 't', "d"),
    ('参', 's', "c"),
    ('蛤', 'g', "h"),
    ('弹', 't', "d"),
    ('重', 'z', "c"),
    ('行', 'x', "h"),
    ('乐', 'l', "y"),
    ('朝', 'c', "z"),
    ('会', 'h', "k"),
    ('解', 'j', "x"),
    ('藏', 'c', "z"),
    ('便', 'b', "p"),
    ('传', 'c', "z"),
    ('曾', 'c', "z"),
    ('省', 's', "x"),
    ('厦', 's', "x"),
    ('阿', 'a', "e"),
    ('查', 'c', "z"),
    ('单', 'd', "sc"),
    ('奇', 'q', "j"),
    ('折', 'z', "s"),
    ('卡', 'k', "q"),
    ('虾', 'x', "h"),
];

/// At most this many initials strings are stored per name, the common reading first.
pub const MAX_ALTERNATES: usize = 4;

/// Score of an exact code or barcode match.
pub const SCORE_EXACT_CODE: u32 = 1000;
/// Score of an exact name match.
pub const SCORE_EXACT_NAME: u32 = 900;
/// Base score of an initials prefix match, minus the number of initials left over.
pub const SCORE_INITIALS_PREFIX: u32 = 800;
/// Base score of a name substring match, minus the character position.
pub const SCORE_NAME_SUBSTRING: u32 = 700;
/// Base score of a code prefix match, minus the characters left over.
pub const SCORE_CODE_PREFIX: u32 = 500;
/// Score of initials matching in the middle ("mm" in 补水面膜 = bsmm).
pub const SCORE_INITIALS_SUBSTRING: u32 = 300;
/// Score of a code matching in the middle.
pub const SCORE_CODE_SUBSTRING: u32 = 200;

/// Penalties are capped so that tiers never overlap.
fn penalty(n: usize) -> u32 {
    n.min(99) as u32
}

/// The initials of each character: Han characters by their first pinyin letter, ASCII
/// letters and digits kept (lower-cased, full-width folded), everything else dropped.
/// Each element lists the primary letter first, then alternates.
#[cfg(feature = "ssr")]
fn letters(name: &str) -> Vec<Vec<char>> {
    use ::pinyin::ToPinyin;
    name.chars()
        .filter_map(|c| {
            let h = half_width(c);
            if h.is_ascii_alphanumeric() {
                return Some(vec![h.to_ascii_lowercase()]);
            }
            if let Some((_, primary, alts)) = POLYPHONES.iter().find(|(p, _, _)| *p == c) {
                return Some(std::iter::once(*primary).chain(alts.chars()).collect());
            }
            let py = c.to_pinyin()?;
            py.first_letter().chars().next().map(|l| vec![l])
        })
        .collect()
}

/// Pinyin initials of a name with the common reading of each character:
/// 蛋黄酥 → "dhs", 长袖T恤 → "cxtx", SK-II 神仙水 → "skiisxs".
#[cfg(feature = "ssr")]
pub fn initials(name: &str) -> String {
    letters(name).iter().map(|l| l[0]).collect()
}

/// The value to store in the SKU's initials column: the common initials first, then up to
/// [`MAX_ALTERNATES`]` - 1` variants from other readings, space-separated (人参 → "rs rc").
#[cfg(feature = "ssr")]
pub fn initials_with_alternates(name: &str) -> String {
    let letters = letters(name);
    let mut out: Vec<String> = vec![letters.iter().map(|l| l[0]).collect()];
    for (pos, options) in letters.iter().enumerate() {
        for alt in options.iter().skip(1) {
            for k in 0..out.len() {
                let variant: String =
                    out[k].chars().enumerate().map(|(i, c)| if i == pos { *alt } else { c }).collect();
                if out.len() < MAX_ALTERNATES && !out.contains(&variant) {
                    out.push(variant);
                }
            }
        }
    }
    out.join(" ")
}

/// How well a SKU matches the search box, higher is better; `None` if it does not match.
///
/// Tiers, best first: exact code or barcode; exact name; a prefix of the initials (any
/// stored alternate); a substring of the name; a prefix of the code; initials or code
/// containing the query. Within a tier a shorter remainder or earlier position wins.
/// Matching ignores case, surrounding spaces and full-width forms.
pub fn matches(query: &str, name: &str, code: &str, barcode: &str, initials: &str) -> Option<u32> {
    let q = fold(query.trim());
    if q.is_empty() {
        return None;
    }
    let (name, code) = (fold(name.trim()), fold(code.trim()));
    if (!code.is_empty() && code == q) || (!barcode.trim().is_empty() && fold(barcode.trim()) == q) {
        return Some(SCORE_EXACT_CODE);
    }
    if name == q {
        return Some(SCORE_EXACT_NAME);
    }
    let ascii_query = q.chars().all(|c| c.is_ascii_alphanumeric());
    let alternates = || initials.split_whitespace().map(|s| s.to_ascii_lowercase());
    if ascii_query {
        let best = alternates().filter(|a| a.starts_with(&q)).map(|a| a.len() - q.len()).min();
        if let Some(extra) = best {
            return Some(SCORE_INITIALS_PREFIX - penalty(extra));
        }
    }
    if let Some(byte_pos) = name.find(&q) {
        return Some(SCORE_NAME_SUBSTRING - penalty(name[..byte_pos].chars().count()));
    }
    if code.starts_with(&q) {
        return Some(SCORE_CODE_PREFIX - penalty(code.chars().count() - q.chars().count()));
    }
    if ascii_query && alternates().any(|a| a.contains(&q)) {
        return Some(SCORE_INITIALS_SUBSTRING);
    }
    code.contains(&q).then_some(SCORE_CODE_SUBSTRING)
}

/// Indexes of the matching items, best first (ties keep the input order).
/// `fields` returns `(name, code, barcode, initials)` of an item.
pub fn rank<'a, T>(
    query: &str,
    items: &'a [T],
    fields: impl Fn(&'a T) -> (&'a str, &'a str, &'a str, &'a str),
) -> Vec<usize> {
    let mut hits: Vec<(usize, u32)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, it)| {
            let (n, c, b, ini) = fields(it);
            matches(query, n, c, b, ini).map(|s| (i, s))
        })
        .collect();
    hits.sort_by_key(|h| std::cmp::Reverse(h.1));
    hits.into_iter().map(|(i, _)| i).collect()
}

/// A full-width ASCII variant (Ａ, １, ，) or the ideographic space as its half-width form.
fn half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Full-width folding plus ASCII lower-casing: the key every comparison uses.
fn fold(s: &str) -> String {
    s.chars().map(|c| half_width(c).to_ascii_lowercase()).collect()
}

#[cfg(test)]
#[path = "pinyin_tests.rs"]
mod tests;
