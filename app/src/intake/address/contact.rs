//! `parse_contact`: assembles name, phones, divisions, street and postcode from a pasted
//! message, grades each field and lists the ones a user should check.

use crate::intake::address::address::{locate, Address};
use crate::intake::address::divisions::Divisions;
use crate::intake::address::labels::{find_labels, LabelKind};
use crate::intake::address::matcher::{Chain, Hints};
use crate::intake::address::name::{bare_name, clean, judge, judge_with, NameKind};
use crate::intake::address::normalize::normalize;
use crate::intake::address::numbers::{find_numbers, NumHit, NumKind};
use crate::intake::address::pieces::{split, Piece};
use crate::intake::address::regions::{area_code_division, postcode_provinces};
use serde::Serialize;

/// How sure the parser is of a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// A guess; the field is listed in `unsure`.
    Low,
    /// Probably right.
    Medium,
    /// Written explicitly or implied with certainty.
    High,
}

/// Confidence of each field; `None` where the field is absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Confidences {
    pub name: Option<Confidence>,
    pub mobile: Option<Confidence>,
    pub phone: Option<Confidence>,
    pub province: Option<Confidence>,
    pub city: Option<Confidence>,
    pub district: Option<Confidence>,
    pub street: Option<Confidence>,
    pub postcode: Option<Confidence>,
    pub code: Option<Confidence>,
}

/// The fields read from a message. Names of divisions are official (浙江省, 杭州市, 西湖区)
/// even when the message used short forms. For 北京/上海/天津/重庆 the city repeats the
/// province; for counties directly under a province (仙桃, 济源) the city is the county and
/// the district is empty; for 东莞/中山/儋州/嘉峪关 the district is empty.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Parsed {
    pub name: Option<String>,
    /// 11-digit mobile, digits only.
    pub mobile: Option<String>,
    /// Landline, 0571-88888888 / 021-12345678-123 / 400-820-8820.
    pub phone: Option<String>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub district: Option<String>,
    /// The rest of the address after the divisions.
    pub street: Option<String>,
    pub postcode: Option<String>,
    /// County-level code, or the prefecture's when no county was found.
    pub code: Option<String>,
    pub confidence: Confidences,
    /// Field names a user should check, in field order.
    pub unsure: Vec<&'static str>,
}

/// The JSON shape the app returns: the fields, absent ones as null, and `unsure`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactJson<'a> {
    pub name: Option<&'a str>,
    pub mobile: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub province: Option<&'a str>,
    pub city: Option<&'a str>,
    pub district: Option<&'a str>,
    pub street: Option<&'a str>,
    pub postcode: Option<&'a str>,
    pub code: Option<&'a str>,
    pub unsure: &'a [&'static str],
}

impl Parsed {
    /// View serializing exactly as {"name","mobile","phone","province","city","district",
    /// "street","postcode","code","unsure"}.
    pub fn json(&self) -> ContactJson<'_> {
        ContactJson {
            name: self.name.as_deref(),
            mobile: self.mobile.as_deref(),
            phone: self.phone.as_deref(),
            province: self.province.as_deref(),
            city: self.city.as_deref(),
            district: self.district.as_deref(),
            street: self.street.as_deref(),
            postcode: self.postcode.as_deref(),
            code: self.code.as_deref(),
            unsure: &self.unsure,
        }
    }
}

/// Reads recipient fields from a pasted message.
pub fn parse_contact(divs: &Divisions, text: &str) -> Parsed {
    let norm = normalize(text);
    let labels = find_labels(&norm);
    let nums = find_numbers(&norm, &labels);
    let pieces = split(&norm, &labels, &nums);
    let mut out = Parsed::default();
    take_numbers(&nums, &mut out);
    let hints = Hints {
        provinces: out
            .postcode
            .as_deref()
            .map(postcode_provinces)
            .unwrap_or_default(),
        city: out.phone.as_deref().and_then(area_code_division),
    };
    let addr = locate(divs, &pieces, &hints);
    let expects_district = fill_divisions(divs, addr.chain.as_ref(), &mut out);
    if !addr.street.is_empty() {
        let conf = if addr.street.chars().count() < 2 {
            Confidence::Low
        } else if addr.chain.is_some() {
            Confidence::High
        } else {
            Confidence::Medium
        };
        out.street = Some(addr.street.clone());
        out.confidence.street = Some(conf);
    }
    if let Some((name, conf)) = pick_name(divs, &pieces, &addr) {
        out.name = Some(name);
        out.confidence.name = Some(conf);
    }
    check_postcode(divs, &mut out);
    out.unsure = unsure(&out, expects_district);
    out
}

fn take_numbers(nums: &[NumHit], out: &mut Parsed) {
    let of = |kind: NumKind| nums.iter().filter(move |n| n.kind == kind);
    let mut mobiles: Vec<&NumHit> = of(NumKind::Mobile)
        .filter(|n| n.label != Some(LabelKind::Other))
        .collect();
    let fallback = mobiles.is_empty();
    if fallback {
        mobiles = of(NumKind::Mobile).collect();
    }
    if let Some(m) = mobiles
        .iter()
        .find(|n| n.label == Some(LabelKind::Phone))
        .or(mobiles.first())
    {
        let several = mobiles.iter().any(|n| n.value != m.value);
        out.mobile = Some(m.value.clone());
        out.confidence.mobile = Some(if several {
            Confidence::Low
        } else if fallback {
            Confidence::Medium
        } else {
            Confidence::High
        });
    }
    if let Some(p) = of(NumKind::Landline).next() {
        out.phone = Some(p.value.clone());
        out.confidence.phone = Some(if p.value.contains('-') {
            Confidence::High
        } else {
            Confidence::Low
        });
    }
    let mut posts = of(NumKind::Postcode);
    let labelled = of(NumKind::Postcode).find(|n| n.label == Some(LabelKind::Postcode));
    if let Some(p) = labelled.or_else(|| posts.next()) {
        out.postcode = Some(p.value.clone());
        let by_label = p.label == Some(LabelKind::Postcode);
        out.confidence.postcode = Some(if by_label {
            Confidence::High
        } else {
            Confidence::Medium
        });
    }
}

/// Sets province/city/district/code from the chain; returns whether a district was expected
/// but not found.
fn fill_divisions(divs: &Divisions, chain: Option<&Chain>, out: &mut Parsed) -> bool {
    let Some(ch) = chain else { return true };
    let all = divs.all();
    let Some(prov) = ch.province else { return true };
    let conf = |lvl: usize| {
        let lone_short = ch.short[2] && !ch.written[0] && !ch.written[1];
        match (ch.ambiguous, ch.by_hint, ch.written[lvl]) {
            (true, false, true) | (true, true, false) => Confidence::Medium,
            (true, false, false) => Confidence::Low,
            _ if lone_short => Confidence::Medium,
            _ => Confidence::High,
        }
    };
    out.province = Some(all[prov].name.clone());
    out.confidence.province = Some(conf(0));
    let county = ch.county.map(|i| (i, &all[i]));
    let muni = divs.is_municipality(prov);
    let (city, city_conf) = match (ch.city, county) {
        (Some(c), _) => (Some(&all[c]), conf(1)),
        (None, _) if muni => (Some(&all[prov]), conf(0)),
        (None, Some((_, k))) => (Some(k), conf(2)), // 仙桃: the county stands as the city
        _ => (None, conf(1)),
    };
    out.city = city.map(|c| c.name.clone());
    out.confidence.city = city.map(|_| city_conf);
    let district = county.filter(|(_, k)| muni || k.city.is_some());
    out.district = district.map(|(_, k)| k.name.clone());
    out.confidence.district = district.map(|_| conf(2));
    let code_div = county.map(|(_, k)| k).or(ch.city.map(|c| &all[c]));
    out.code = code_div.map(|d| format!("{:06}", d.code));
    let missing_district =
        county.is_none() && (muni || ch.city.is_none_or(|c| all[c].counties > 0));
    out.confidence.code = code_div.map(|_| {
        if missing_district {
            Confidence::Medium
        } else {
            conf(2).min(city_conf)
        }
    });
    missing_district
}

/// Labelled name first, then a name-like piece, then a name glued to the address, then a nickname.
fn pick_name(divs: &Divisions, pieces: &[Piece], addr: &Address) -> Option<(String, Confidence)> {
    let labelled = pieces
        .iter()
        .enumerate()
        .find(|(_, p)| p.first && p.label == Some(LabelKind::Name));
    if let Some((i, p)) = labelled {
        if addr.used.first() == Some(&i) {
            if let Some(g) = &addr.glued_name {
                return Some((g.clone(), Confidence::High));
            }
        }
        let conf = if judge(divs, p.text).is_some() {
            Confidence::High
        } else {
            Confidence::Medium
        };
        return Some((labelled_name(pieces, i), conf));
    }
    let mut best: Option<(NameKind, &str)> = None;
    for (i, p) in pieces.iter().enumerate() {
        if addr.used.contains(&i) {
            continue;
        }
        // A leftover piece that is also a place (金华, 江山) may still be a person's name, and
        // one right next to the phone number may be a name with an unlisted surname (扎西).
        let next_to_phone = p.after_number || p.before_number;
        let kind = judge(divs, p.text)
            .or_else(|| judge_with(None, p.text).map(|_| NameKind::Plausible))
            .or_else(|| (next_to_phone && bare_name(p.text)).then_some(NameKind::Nickname));
        if let Some(kind) = kind {
            if best.is_none_or(|(k, _)| kind > k) {
                best = Some((kind, clean(p.text)));
            }
        }
    }
    match (best, &addr.glued_name) {
        (Some((NameKind::Typical, s)), _) => Some((s.to_string(), Confidence::High)),
        (Some((NameKind::Plausible, s)), _) => Some((s.to_string(), Confidence::Medium)),
        (_, Some(g)) => Some((g.clone(), Confidence::Medium)),
        (Some((NameKind::Nickname, s)), None) => Some((s.to_string(), Confidence::Low)),
        (None, None) => None,
    }
}

/// The labelled name; a Latin name split by spaces is joined again ("Name: Wang Fang").
fn labelled_name(pieces: &[Piece], i: usize) -> String {
    let mut name = clean(pieces[i].text).to_string();
    if name.chars().all(|c| c.is_ascii_alphabetic()) {
        for p in pieces[i + 1..]
            .iter()
            .take_while(|p| p.label == pieces[i].label && p.line == pieces[i].line)
        {
            if !p.text.chars().all(|c| c.is_ascii_alphabetic()) {
                break;
            }
            name.push(' ');
            name.push_str(p.text);
        }
    }
    name
}

/// A postcode that contradicts the province is doubtful; one that agrees is confirmed.
fn check_postcode(divs: &Divisions, out: &mut Parsed) {
    let (Some(pc), Some(prov)) = (&out.postcode, &out.province) else {
        return;
    };
    let Some(code) = divs.find(prov).first().map(|d| d.code) else {
        return;
    };
    let zones = postcode_provinces(pc);
    out.confidence.postcode = Some(if zones.contains(&code) {
        Confidence::High
    } else {
        Confidence::Low
    });
}

fn unsure(out: &Parsed, missing_district: bool) -> Vec<&'static str> {
    let c = &out.confidence;
    let low = |x: Option<Confidence>| x == Some(Confidence::Low);
    let checks: [(&'static str, bool); 9] = [
        ("name", c.name.is_none_or(|x| x == Confidence::Low)),
        (
            "mobile",
            (out.mobile.is_none() && out.phone.is_none()) || low(c.mobile),
        ),
        ("phone", low(c.phone)),
        ("province", c.province.is_none_or(|x| x == Confidence::Low)),
        ("city", c.city.is_none_or(|x| x == Confidence::Low)),
        ("district", missing_district || low(c.district)),
        ("street", c.street.is_none_or(|x| x == Confidence::Low)),
        ("postcode", low(c.postcode)),
        (
            "code",
            c.code.is_none_or(|x| x == Confidence::Low) || missing_district,
        ),
    ];
    checks
        .into_iter()
        .filter(|(_, bad)| *bad)
        .map(|(f, _)| f)
        .collect()
}

#[cfg(test)]
#[path = "contact_tests.rs"]
mod tests;
