//! The 34 provincial-level divisions of China and a normaliser that accepts the names people
//! actually type: full (浙江省, 内蒙古自治区), short (浙江, 内蒙古), colloquial (内蒙), the
//! one-character 简称 (浙, 沪) and pinyin/English (Zhejiang, Inner Mongolia).
//!
//! Codes are the two-digit GB/T 2260 prefixes, a stable key for storage. Used where a rule
//! names provinces: warehouses serving regions, courier routing.


/// Fold a full-width ASCII variant (Ａ, １, ，…) or the ideographic space to its
/// half-width form; other characters are returned unchanged.
pub fn half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Full-width folding plus ASCII lower-casing, the common first step of every key.
pub fn fold(s: &str) -> String {
    s.chars().map(|c| half_width(c).to_ascii_lowercase()).collect()
}

/// One provincial-level division.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Province {
    /// GB/T 2260 two-digit code, e.g. "33" for 浙江.
    pub code: &'static str,
    /// Short name as used in addresses and rules: 浙江, 内蒙古, 广西.
    pub short: &'static str,
    /// Official full name: 浙江省, 内蒙古自治区, 广西壮族自治区.
    pub full: &'static str,
    /// One-character abbreviation (简称): 浙, 蒙, 桂.
    pub abbr: &'static str,
    /// English/pinyin name, shown in the en UI.
    pub en: &'static str,
    /// Other spellings seen in addresses (colloquial or shortened full names).
    pub aliases: &'static [&'static str],
}

const fn p(
    code: &'static str,
    short: &'static str,
    full: &'static str,
    abbr: &'static str,
    en: &'static str,
    aliases: &'static [&'static str],
) -> Province {
    Province { code, short, full, abbr, en, aliases }
}

/// All 34 divisions, in GB/T 2260 code order.
pub static PROVINCES: [Province; 34] = [
    p("11", "北京", "北京市", "京", "Beijing", &[]),
    p("12", "天津", "天津市", "津", "Tianjin", &[]),
    p("13", "河北", "河北省", "冀", "Hebei", &[]),
    p("14", "山西", "山西省", "晋", "Shanxi", &[]),
    p("15", "内蒙古", "内蒙古自治区", "蒙", "Inner Mongolia", &["内蒙", "nei mongol", "neimenggu"]),
    p("21", "辽宁", "辽宁省", "辽", "Liaoning", &[]),
    p("22", "吉林", "吉林省", "吉", "Jilin", &[]),
    p("23", "黑龙江", "黑龙江省", "黑", "Heilongjiang", &[]),
    p("31", "上海", "上海市", "沪", "Shanghai", &[]),
    p("32", "江苏", "江苏省", "苏", "Jiangsu", &[]),
    p("33", "浙江", "浙江省", "浙", "Zhejiang", &[]),
    p("34", "安徽", "安徽省", "皖", "Anhui", &[]),
    p("35", "福建", "福建省", "闽", "Fujian", &[]),
    p("36", "江西", "江西省", "赣", "Jiangxi", &[]),
    p("37", "山东", "山东省", "鲁", "Shandong", &[]),
    p("41", "河南", "河南省", "豫", "Henan", &[]),
    p("42", "湖北", "湖北省", "鄂", "Hubei", &[]),
    p("43", "湖南", "湖南省", "湘", "Hunan", &[]),
    p("44", "广东", "广东省", "粤", "Guangdong", &[]),
    p("45", "广西", "广西壮族自治区", "桂", "Guangxi", &["广西自治区"]),
    p("46", "海南", "海南省", "琼", "Hainan", &[]),
    p("50", "重庆", "重庆市", "渝", "Chongqing", &[]),
    p("51", "四川", "四川省", "川", "Sichuan", &[]),
    p("52", "贵州", "贵州省", "贵", "Guizhou", &[]),
    p("53", "云南", "云南省", "云", "Yunnan", &[]),
    p("54", "西藏", "西藏自治区", "藏", "Tibet", &["xizang"]),
    p("61", "陕西", "陕西省", "陕", "Shaanxi", &[]),
    p("62", "甘肃", "甘肃省", "甘", "Gansu", &[]),
    p("63", "青海", "青海省", "青", "Qinghai", &[]),
    p("64", "宁夏", "宁夏回族自治区", "宁", "Ningxia", &["宁夏自治区"]),
    p("65", "新疆", "新疆维吾尔自治区", "新", "Xinjiang", &["新疆自治区"]),
    p("71", "台湾", "台湾省", "台", "Taiwan", &["臺灣"]),
    p("81", "香港", "香港特别行政区", "港", "Hong Kong", &["香港特区"]),
    p("82", "澳门", "澳门特别行政区", "澳", "Macao", &["澳门特区", "macau"]),
];

/// Latin names compare without case or spaces: "Inner Mongolia" = "innermongolia".
fn latin_key(s: &str) -> String {
    fold(s).chars().filter(|c| !c.is_whitespace()).collect()
}

/// The province a whole input names, in any accepted spelling; `None` if it names none.
///
/// The one-character 简称 is accepted only as the whole input (a rule list entry "沪"),
/// never as an address prefix, where 新/宁/青 begin ordinary place names.
pub fn normalize(input: &str) -> Option<&'static Province> {
    let s: String = input.trim().chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() {
        return None;
    }
    if s.chars().all(|c| half_width(c).is_ascii()) {
        let key = latin_key(&s);
        return PROVINCES
            .iter()
            .find(|p| latin_key(p.en) == key || p.aliases.iter().any(|a| a.is_ascii() && latin_key(a) == key));
    }
    PROVINCES.iter().find(|p| p.short == s || p.full == s || p.abbr == s || p.aliases.contains(&s.as_str()))
}

/// The province an address starts with and the byte length of the name as written
/// ("浙江省杭州市…" → 浙江, 9). Longer spellings are tried first so that 内蒙古自治区
/// is consumed whole rather than as 内蒙 + "古自治区".
pub fn strip_prefix(address: &str) -> Option<(&'static Province, usize)> {
    let mut best: Option<(&'static Province, usize)> = None;
    for p in PROVINCES.iter() {
        let names = [p.full, p.short].into_iter().chain(p.aliases.iter().copied());
        for name in names.filter(|n| !n.is_ascii()) {
            if address.starts_with(name) && best.is_none_or(|(_, len)| name.len() > len) {
                best = Some((p, name.len()));
            }
        }
    }
    best
}

/// Whether two inputs name the same province (both must be recognised).
pub fn same(a: &str, b: &str) -> bool {
    matches!((normalize(a), normalize(b)), (Some(x), Some(y)) if x.code == y.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirty_four_unique_divisions() {
        assert_eq!(PROVINCES.len(), 34);
        for (i, a) in PROVINCES.iter().enumerate() {
            for b in &PROVINCES[i + 1..] {
                assert_ne!(a.code, b.code);
                assert_ne!(a.short, b.short);
                assert_ne!(a.abbr, b.abbr, "{} / {}", a.short, b.short);
            }
        }
    }

    #[test]
    fn accepts_full_short_colloquial_and_abbreviation() {
        for (input, code) in [
            ("浙江省", "33"),
            ("浙江", "33"),
            ("浙", "33"),
            (" 浙江 省 ", "33"),
            ("内蒙古自治区", "15"),
            ("内蒙古", "15"),
            ("内蒙", "15"),
            ("广西壮族自治区", "45"),
            ("广西", "45"),
            ("广西自治区", "45"),
            ("新疆维吾尔自治区", "65"),
            ("宁夏回族自治区", "64"),
            ("西藏自治区", "54"),
            ("上海市", "31"),
            ("沪", "31"),
            ("香港特别行政区", "81"),
            ("澳门", "82"),
            ("黑龙江省", "23"),
        ] {
            assert_eq!(normalize(input).map(|p| p.code), Some(code), "{input}");
        }
    }

    #[test]
    fn accepts_latin_names_in_any_case() {
        assert_eq!(normalize("Zhejiang").map(|p| p.short), Some("浙江"));
        assert_eq!(normalize("inner mongolia").map(|p| p.short), Some("内蒙古"));
        assert_eq!(normalize("ＸＩＮＪＩＡＮＧ").map(|p| p.short), Some("新疆"));
        assert_eq!(normalize("Shaanxi").map(|p| p.short), Some("陕西"));
        assert_eq!(normalize("Shanxi").map(|p| p.short), Some("山西"));
        assert_eq!(normalize("Macau").map(|p| p.short), Some("澳门"));
    }

    #[test]
    fn rejects_non_provinces() {
        assert_eq!(normalize("杭州"), None);
        assert_eq!(normalize("江浙沪"), None);
        assert_eq!(normalize(""), None);
        assert_eq!(normalize("蒙古"), None);
    }

    #[test]
    fn address_prefix_takes_longest_spelling() {
        let s = |a: &str| strip_prefix(a).map(|(p, n)| (p.short, n));
        assert_eq!(s("浙江省杭州市西湖区"), Some(("浙江", 9)));
        assert_eq!(s("浙江杭州市"), Some(("浙江", 6)));
        assert_eq!(s("内蒙古自治区呼和浩特市"), Some(("内蒙古", 18)));
        assert_eq!(s("内蒙呼和浩特"), Some(("内蒙古", 6)));
        assert_eq!(s("广西壮族自治区南宁市"), Some(("广西", 21)));
        assert_eq!(s("新昌县"), None, "简称 never matches as a prefix");
        assert_eq!(s("杭州市西湖区"), None);
    }

    #[test]
    fn same_province() {
        assert!(same("内蒙", "内蒙古自治区"));
        assert!(!same("山西", "陕西"));
        assert!(!same("火星", "火星"));
    }
}
