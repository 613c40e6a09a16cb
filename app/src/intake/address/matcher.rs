//! Finds the division chain at the head of an address — 浙江省杭州市西湖区, 杭州西湖区,
//! 北京朝阳区, 湖北仙桃, 西湖区 — and fills in the levels that were left out.
//!
//! Every way of reading consecutive names as province → prefecture → county is tried (there
//! are only a handful); the reading covering the most text with official names wins. When
//! several divisions fit equally (朝阳区 is in 北京 and in 长春), the tie is broken by the
//! postcode / area code if they point to one, else by preferring a municipality, then a
//! provincial capital, then the lowest code — and the chain is flagged ambiguous.

use crate::intake::address::divisions::{Divisions, Level, NameHit};
use crate::intake::address::normalize::{is_han, is_separator};

/// Outside evidence for breaking ties.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hints {
    /// Province codes the message's postcode belongs to.
    pub provinces: Vec<u32>,
    /// Prefecture (or municipality) code given by a landline's area code.
    pub city: Option<u32>,
}

/// The divisions found at the head of an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Chain {
    /// Indexes into [`Divisions::all`].
    pub province: Option<usize>,
    pub city: Option<usize>,
    pub county: Option<usize>,
    /// Which of province, city, county were written (the others were inferred).
    pub written: [bool; 3],
    /// Which were written in a short form (杭州, 西湖).
    pub short: [bool; 3],
    /// Byte span of the chain in the searched text.
    pub start: usize,
    pub end: usize,
    /// Several divisions fitted equally well and one was preferred.
    pub ambiguous: bool,
    /// The ambiguity was settled by the postcode or area code.
    pub by_hint: bool,
    /// How much text the chain explains: 3 per character of an official name (+1), 2 per
    /// character of a short name, 1 per character of a repeated name.
    pub score: i32,
    /// How much the last name may really be a street's first word: 0 not, 1 only before a
    /// road word (short name after a parent), 2 also before a landmark word (no parent).
    risky_end: u8,
}

/// Words copied from address pickers that carry no information.
const FILLERS: &[&str] = &[
    "中华人民共和国",
    "中国大陆",
    "中国",
    "自治区直辖县级行政区划",
    "省直辖县级行政区划",
    "省直辖县级市",
    "省直辖县",
    "直辖县级",
    "市辖区",
];

/// What may follow a short name when it is really the start of a street (中山路, 杭州湾,
/// 北京西路), in which case it is not read as a division.
const STREETISH: &[&str] = &[
    "路", "街", "大街", "大道", "道", "巷", "弄", "胡同", "桥", "湾", "港", "广场", "公园", "东路",
    "西路", "南路", "北路", "中路", "东街", "西街", "南街", "北街",
];

/// Further words that, after a short name with nothing before it, suggest a landmark
/// (中山大学, 黄山小区) rather than a division. After a province they are let through:
/// 广东中山学院路 is 中山市.
const LANDMARKISH: &[&str] = &[
    "村",
    "里",
    "苑",
    "园",
    "站",
    "场",
    "花园",
    "小区",
    "中学",
    "小学",
    "大学",
    "学院",
    "医院",
    "大厦",
    "中心",
    "饭店",
    "酒店",
    "宾馆",
    "商场",
    "超市",
    "市场",
    "机场",
    "火车站",
    "新村",
    "人民",
    "号",
    "家",
    "店",
    "厂",
    "社区",
    "县城",
    "城区",
];

/// Finds the best chain starting at a character position in `from..to` of `text`; on equal
/// scores the earliest. Trying every position lets a name glued in front (田红河北省…) lose to
/// the real chain (河北省…) rather than be read as 红河.
pub fn find_chain(
    divs: &Divisions,
    text: &str,
    from: usize,
    to: usize,
    hints: &Hints,
) -> Option<Chain> {
    let mut best: Option<Chain> = None;
    let mut at = from;
    while at < to.min(text.len()) {
        if let Some(c) = chain_at(divs, text, at, hints) {
            if best.is_none_or(|b| c.score > b.score) {
                best = Some(c);
            }
        }
        at += text[at..].chars().next().map_or(1, char::len_utf8);
    }
    best
}

/// The best chain whose first name starts at byte `at` (after fillers), if any.
pub fn chain_at(divs: &Divisions, text: &str, at: usize, hints: &Hints) -> Option<Chain> {
    let m = Matcher { divs, text };
    let mut leaves = Vec::new();
    let start = m.skip(at);
    m.extend(
        Chain {
            start,
            end: start,
            ..Chain::default()
        },
        start,
        &mut leaves,
        0,
    );
    let best = leaves.iter().map(|c| c.score).max()?;
    let mut top: Vec<Chain> = leaves.into_iter().filter(|c| c.score == best).collect();
    top.sort_by_key(|c| (c.province, c.city, c.county));
    top.dedup_by_key(|c| (c.province, c.city, c.county));
    let mut chosen = pick(divs, &top, hints);
    chosen.ambiguous = top.len() > 1;
    Some(chosen)
}

struct Matcher<'a> {
    divs: &'a Divisions,
    text: &'a str,
}

impl Matcher<'_> {
    /// Skips separators (and the / or - of 浙江省/杭州市/余杭区) and filler words.
    fn skip(&self, mut at: usize) -> usize {
        loop {
            let rest = &self.text[at..];
            let trimmed = rest.trim_start_matches(|c| is_separator(c) || c == '/' || c == '-');
            at += rest.len() - trimmed.len();
            match FILLERS.iter().find(|f| trimmed.starts_with(*f)) {
                Some(f) => at += f.len(),
                None => return at,
            }
        }
    }

    fn extend(&self, st: Chain, pos: usize, leaves: &mut Vec<Chain>, depth: u8) {
        if st.score > 0 && self.may_end(&st) {
            leaves.push(st);
        }
        if depth >= 6 {
            return;
        }
        let p = self.skip(pos);
        let mut hits: Vec<NameHit> = Vec::new();
        self.divs.names_at(self.text, p, &mut hits);
        for h in hits {
            if let Some(next) = self.link(&st, p, &h) {
                self.extend(next, h.end, leaves, depth + 1);
            }
        }
    }

    /// The chain extended by name `h`, if `h` fits below what the chain already holds.
    fn link(&self, st: &Chain, at: usize, h: &NameHit) -> Option<Chain> {
        let d = &self.divs.all()[h.div];
        let len = self.text[at..h.end].chars().count() as i32;
        let mut next = Chain { end: h.end, ..*st };
        if [st.province, st.city, st.county].contains(&Some(h.div)) {
            // The same official name again (北京北京市, a pasted address repeated): consume it.
            // A repeated short name is more likely a street (天河区天河路).
            return (!h.short).then(|| Chain {
                score: st.score + len,
                ..next
            });
        }
        let first = st.score == 0;
        let fits = match d.level {
            Level::Province => first,
            Level::City => {
                st.city.is_none()
                    && st.county.is_none()
                    && st.province.is_none_or(|p| p == d.province)
            }
            Level::County => {
                st.county.is_none()
                    && st.city.is_none_or(|c| d.city == Some(c))
                    && st.province.is_none_or(|p| p == d.province)
            }
        };
        // A short county name or a generic two-character one (城区) needs a parent, unless unique.
        let lone = first && d.level == Level::County && h.same > 1 && (h.short || len <= 2);
        if !fits || lone {
            return None;
        }
        let lvl = d.level as usize;
        next.province = Some(d.province);
        next.city = match d.level {
            Level::City => Some(h.div),
            _ => d.city.or(st.city),
        };
        next.county = (d.level == Level::County).then_some(h.div);
        next.written[lvl] = true;
        next.short[lvl] = h.short;
        next.score += if h.short { 2 * len } else { 3 * len + 1 };
        next.risky_end = match (h.short, first) {
            (true, true) => 2,
            (true, false) => 1,
            (false, true) if len <= 2 => 1,
            _ => 0,
        };
        Some(next)
    }

    /// A chain may stop here unless its last name may be a street's first word and the text
    /// goes on like a street: 中山路, 杭州湾, 北京西路.
    fn may_end(&self, st: &Chain) -> bool {
        let rest = self.text[st.end..].trim_start_matches(' ');
        // 中山一路, 余杭塘路: one more character, then a road word.
        let mut chars = rest.chars();
        let one_then_road = chars.next().is_some_and(is_han)
            && chars.next().is_some_and(|c| "路街巷道".contains(c));
        let road =
            st.risky_end >= 1 && (one_then_road || STREETISH.iter().any(|s| rest.starts_with(s)));
        let landmark = st.risky_end >= 2 && LANDMARKISH.iter().any(|s| rest.starts_with(s));
        !(road || landmark)
    }
}

/// Sub-provincial cities outside the capitals (计划单列市): 大连, 宁波, 厦门, 青岛, 深圳.
const MAJOR_CITIES: [u32; 5] = [210200, 330200, 350200, 370200, 440300];

/// Chooses among equally good chains: hint agreement, then fewer inferred levels, then
/// municipality, then provincial capital or sub-provincial city, then the lowest code.
fn pick(divs: &Divisions, top: &[Chain], hints: &Hints) -> Chain {
    let all = divs.all();
    let code = |i: Option<usize>| i.map_or(0, |i| all[i].code);
    let hinted = |c: &Chain| {
        let by_post = !hints.provinces.is_empty() && hints.provinces.contains(&code(c.province));
        let by_area = hints
            .city
            .is_some_and(|h| h == code(c.city) || h == code(c.province));
        by_post || by_area
    };
    let rank = |c: &Chain| {
        let deepest = c.county.or(c.city).or(c.province);
        let depth = [c.province, c.city, c.county]
            .iter()
            .filter(|x| x.is_some())
            .count();
        let muni = deepest.is_some_and(|d| divs.is_municipality(d));
        let capital = c
            .city
            .is_some_and(|x| all[x].code % 10000 == 100 || MAJOR_CITIES.contains(&all[x].code));
        (!hinted(c), depth, !muni, !capital, code(deepest))
    };
    let mut best = *top.iter().min_by_key(|c| rank(c)).unwrap_or(&top[0]);
    best.by_hint = top.len() > 1 && hinted(&best) && top.iter().filter(|c| hinted(c)).count() == 1;
    best
}

#[cfg(test)]
#[path = "matcher_tests.rs"]
mod tests;
