//! Which pieces of a message form the address, where its divisions are, and what is left as
//! the street. Labelled address pieces (地址：, 所在地区：, 详细地址：) are used when present;
//! otherwise the first piece in which a division chain starts, plus the pieces after it that
//! still look like address, up to a piece that looks like a name.

use crate::intake::address::divisions::Divisions;
use crate::intake::address::labels::LabelKind;
use crate::intake::address::matcher::{find_chain, Chain, Hints};
use crate::intake::address::name::{bare_name, clean, judge_with, trailing_name, NameKind};
use crate::intake::address::pieces::Piece;

/// The address part of a message.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Address {
    /// Divisions found, with offsets into the joined address text.
    pub chain: Option<Chain>,
    /// What follows the divisions: 文三路100号.
    pub street: String,
    /// Indexes of the pieces the address was read from.
    pub used: Vec<usize>,
    /// A name glued to the address: 张三浙江省… or …100号张三.
    pub glued_name: Option<String>,
    /// The address came from labelled pieces.
    pub labelled: bool,
}

/// Characters typical of street addresses and rare in names, used to tell address pieces
/// from other text.
const ADDRESS_CHARS: &str = "路街巷弄号楼栋幢室层村镇乡区县市省苑院座厦坊寓舍组屯庄湾";

/// Address words made of characters that also occur in names.
const ADDRESS_WORDS: &[&str] = &[
    "胡同", "单元", "中心", "花园", "家园", "公园", "广场", "大道", "街道", "小区", "园区",
];

/// Finds the address among the pieces.
pub fn locate(divs: &Divisions, pieces: &[Piece], hints: &Hints) -> Address {
    let labelled: Vec<usize> = (0..pieces.len())
        .filter(|&i| pieces[i].label == Some(LabelKind::Address))
        .collect();
    if !labelled.is_empty() {
        let mut a = read_run(divs, pieces, &labelled, hints, None);
        a.labelled = true;
        return a;
    }
    // Every piece may start the address; the one whose chain explains most text wins, so a
    // name that happens to be a place (武强, 金秀) loses to the real address.
    let mut best: Option<Address> = None;
    for i in 0..pieces.len() {
        let p = &pieces[i];
        let name_value = p.first && p.label == Some(LabelKind::Name);
        if p.first && matches!(p.label, Some(LabelKind::Phone | LabelKind::Postcode)) {
            continue;
        }
        let a = read_run(
            divs,
            pieces,
            &run_from(pieces, i),
            hints,
            Some(p.text.len()),
        );
        let Some(c) = a.chain else { continue };
        // A labelled name may have the address glued on (收货人：张三浙江省…), but a name
        // that merely is a place (黄山) stays a name.
        if name_value && c.start == 0 {
            continue;
        }
        if best
            .as_ref()
            .and_then(|b| b.chain)
            .is_none_or(|b| c.score > b.score)
        {
            best = Some(a);
        }
    }
    if let Some(a) = best {
        return a;
    }
    // No divisions anywhere: the first address-looking run is the street.
    match (0..pieces.len()).find(|&i| pieces[i].label.is_none() && address_like(pieces[i].text)) {
        Some(i) => read_run(divs, pieces, &run_from(pieces, i), hints, Some(0)),
        None => Address::default(),
    }
}

/// True for text that looks like part of an address.
pub fn address_like(s: &str) -> bool {
    s.chars()
        .any(|c| ADDRESS_CHARS.contains(c) || c.is_ascii_digit())
        || ADDRESS_WORDS.iter().any(|w| s.contains(w))
}

/// Piece `i` and the following pieces that may continue an address: up to another label's
/// value, or a piece on a new line or after a phone number that does not look like address.
fn run_from(pieces: &[Piece], i: usize) -> Vec<usize> {
    let mut run = vec![i];
    for j in i + 1..pieces.len() {
        let p = &pieces[j];
        let other_label = p.label.is_some_and(|k| k != LabelKind::Address) && p.first;
        let new_line = p.line != pieces[j - 1].line;
        if other_label || ((new_line || p.after_number) && !address_like(p.text)) {
            break;
        }
        run.push(j);
    }
    run
}

/// Reads divisions and street from the joined run; `first_only` limits where the chain may
/// start (within the first piece), `Some(0)` means no divisions are looked for. After the
/// divisions, the run ends at the first piece that reads as a name (… 文三路100号 张三 …).
fn read_run(
    divs: &Divisions,
    pieces: &[Piece],
    run: &[usize],
    hints: &Hints,
    first_only: Option<usize>,
) -> Address {
    let mut offsets = Vec::with_capacity(run.len());
    let mut joined = String::new();
    for &i in run {
        if !joined.is_empty() {
            joined.push(' ');
        }
        offsets.push(joined.len());
        joined.push_str(pieces[i].text);
    }
    let chain = find_chain(divs, &joined, 0, first_only.unwrap_or(joined.len()), hints);
    let body_from = chain.map_or(pieces[run[0]].text.len(), |c| c.end);
    let cut = name_cut(divs, pieces, run, &offsets, body_from);
    let body_end = if cut < run.len() {
        offsets[cut] - 1
    } else {
        joined.len()
    };
    let (street, glued_name) = street_and_name(divs, &joined[..body_end], chain.as_ref());
    Address {
        chain,
        street,
        used: run[..cut].to_vec(),
        glued_name,
        labelled: false,
    }
}

/// Where the address stops: at a piece after the divisions that reads as a name — the last
/// of several in a row (万州区 高笋塘 张无忌: 高笋塘 is a place) — or at a last piece right
/// before the phone number that could be a name with an unlisted surname (… 扎西 139…).
fn name_cut(
    _divs: &Divisions,
    pieces: &[Piece],
    run: &[usize],
    offsets: &[usize],
    body_from: usize,
) -> usize {
    let eligible = |k: usize| {
        let p = &pieces[run[k]];
        offsets[k] >= body_from && !p.first && !address_like(p.text)
    };
    let namey = |k: usize| {
        eligible(k)
            && matches!(
                judge_with(None, pieces[run[k]].text),
                Some(NameKind::Typical | NameKind::Plausible)
            )
    };
    if let Some(mut k) = (1..run.len()).find(|&k| namey(k)) {
        while k + 1 < run.len() && namey(k + 1) {
            k += 1;
        }
        return k;
    }
    let last = run.len() - 1;
    if last >= 1
        && eligible(last)
        && pieces[run[last]].before_number
        && bare_name(pieces[run[last]].text)
    {
        return last;
    }
    run.len()
}

/// The street after the divisions, and a name glued before them (张三浙江省…) or after the
/// house number (…100号张三).
fn street_and_name(
    divs: &Divisions,
    text: &str,
    chain: Option<&Chain>,
) -> (String, Option<String>) {
    let (street, mut glued) = match chain {
        Some(c) => {
            let prefix = text[..c.start].trim();
            let rest = &text[c.end.min(text.len())..];
            // Whatever place the prefix might name, the chain after it won: 贺兰 is a person.
            let kind = judge_with(None, prefix);
            if !prefix.contains(' ')
                && matches!(kind, Some(NameKind::Typical | NameKind::Plausible))
            {
                (rest.to_string(), Some(clean(prefix).to_string()))
            } else if address_like(prefix) {
                // 详细地址 given before 所在地区: the detail goes after the divisions.
                (format!("{rest} {prefix}"), None)
            } else {
                // Chat words before the address: 亲帮我发到…
                (rest.to_string(), None)
            }
        }
        None => (text.to_string(), None),
    };
    let mut street = tidy(&street);
    if glued.is_none() {
        if let Some(at) = trailing_name(divs, &street) {
            glued = Some(clean(&street[at..]).to_string());
            street.truncate(at);
        }
    }
    (street, glued)
}

/// Drops spaces except between ASCII words (Room 5), and stray punctuation at the ends.
pub fn tidy(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (k, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let before = out
                .chars()
                .next_back()
                .is_some_and(|b| b.is_ascii_alphanumeric());
            let after = chars.get(k + 1).is_some_and(|a| a.is_ascii_alphanumeric());
            if !(before && after) {
                continue;
            }
        }
        out.push(c);
    }
    out.trim_matches(|c: char| c == ' ' || c == '-' || c == ',' || c == '.' || c == '/')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_spaces() {
        assert_eq!(tidy(" 文三路 100号 "), "文三路100号");
        assert_eq!(tidy("Room 5 B座"), "Room 5 B座");
        assert_eq!(tidy("-文三路-"), "文三路");
    }

    #[test]
    fn address_likeness() {
        assert!(address_like("文三路100号"));
        assert!(address_like("翠苑一区"));
        assert!(address_like("锦绣花园"));
        assert!(!address_like("胡女士"));
        assert!(address_like("B2"));
        assert!(!address_like("张三"));
        assert!(!address_like("Lily"));
    }
}
