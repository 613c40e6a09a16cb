//! Shipping addresses from export columns: separate province/city/district/street/detail
//! columns (Pinduoduo, 微信小店) or one column with levels separated by spaces (Taobao
//! `吉林省 通化市 柳河县 柳河镇紫御府   七号楼 201室(135300)`).

use serde::{Deserialize, Serialize};

/// An address with its administrative levels where they are known.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub province: String,
    pub city: String,
    pub district: String,
    /// All levels and the detail joined by single spaces.
    pub full: String,
}

/// Runs of any whitespace (tabs, full-width spaces) become one ASCII space.
fn squeeze(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{3000}')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Taobao appends the postcode: `…201室(135300)`.
fn strip_postcode(text: &str) -> &str {
    for (open, close) in [('(', ')'), ('（', '）')] {
        if let Some(inner) = text.strip_suffix(close).and_then(|t| t.rsplit_once(open)) {
            if inner.1.len() == 6 && inner.1.bytes().all(|b| b.is_ascii_digit()) {
                return inner.0.trim_end();
            }
        }
    }
    text
}

const PROVINCE_ENDS: [&str; 4] = ["省", "市", "自治区", "特别行政区"];
const MUNICIPALITIES: [&str; 4] = ["北京", "上海", "天津", "重庆"];
const CITY_ENDS: [&str; 5] = ["市", "州", "盟", "地区", "区"];
const DISTRICT_ENDS: [&str; 4] = ["区", "县", "市", "旗"];

fn ends_with_any(text: &str, ends: &[&str]) -> bool {
    ends.iter().any(|e| text.ends_with(e) && text.chars().count() > e.chars().count())
}

/// Province, city and (when plausible) district from the first space-separated words.
fn infer_levels(detail: &str) -> Option<(String, String, String, String)> {
    let words: Vec<&str> = detail.split(' ').collect();
    if words.len() < 3 {
        return None;
    }
    let province_ok = ends_with_any(words[0], &PROVINCE_ENDS) || MUNICIPALITIES.contains(&words[0]);
    if !province_ok || !ends_with_any(words[1], &CITY_ENDS) {
        return None;
    }
    let has_district = words.len() >= 4 && ends_with_any(words[2], &DISTRICT_ENDS);
    let district = if has_district { words[2].to_string() } else { String::new() };
    let rest = words[if has_district { 3 } else { 2 }..].join(" ");
    Some((words[0].to_string(), words[1].to_string(), district, rest))
}

/// Builds an address from level columns (`[province, city, district, street]`, empty when the
/// export has none) and a detail or full-address column. Levels repeated at the start of the
/// detail are not repeated in `full`.
pub fn build_address(levels: [&str; 4], detail: &str) -> Address {
    let [mut province, mut city, mut district, street] = levels.map(squeeze);
    let mut detail = squeeze(strip_postcode(detail.trim()));
    if province.is_empty() && city.is_empty() {
        if let Some((p, c, d, rest)) = infer_levels(&detail) {
            (province, city, district, detail) = (p, c, d, rest);
        }
    }
    for level in [&province, &city, &district, &street] {
        if !level.is_empty() {
            if let Some(rest) = detail.strip_prefix(level.as_str()) {
                detail = rest.trim_start().to_string();
            }
        }
    }
    let mut parts: Vec<&str> = Vec::new();
    for p in [&province, &city, &district, &street, &detail] {
        if !p.is_empty() && parts.last() != Some(&p.as_str()) {
            parts.push(p);
        }
    }
    Address { full: parts.join(" "), province, city, district }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taobao_single_column() {
        let a = build_address(["", "", "", ""], "吉林省 通化市 柳河县 柳河镇紫御府   七号楼    3单元   201室(135300)");
        assert_eq!(a.province, "吉林省");
        assert_eq!(a.city, "通化市");
        assert_eq!(a.district, "柳河县");
        assert_eq!(a.full, "吉林省 通化市 柳河县 柳河镇紫御府 七号楼 3单元 201室");
    }

    #[test]
    fn municipality_written_twice() {
        let a = build_address(["", "", "", ""], "北京 北京市 朝阳区 建国路88号（100022）");
        assert_eq!((a.province.as_str(), a.city.as_str(), a.district.as_str()), ("北京", "北京市", "朝阳区"));
        assert_eq!(a.full, "北京 北京市 朝阳区 建国路88号");
    }

    #[test]
    fn level_columns_and_detail() {
        let a = build_address(["浙江省", "杭州市", "西湖区", "文新街道"], "文三路 90号\t东部软件园");
        assert_eq!(a.full, "浙江省 杭州市 西湖区 文新街道 文三路 90号 东部软件园");
        assert_eq!(a.district, "西湖区");
    }

    #[test]
    fn detail_repeating_the_levels() {
        let a = build_address(["浙江省", "杭州市", "西湖区", ""], "浙江省杭州市西湖区文三路90号");
        assert_eq!(a.full, "浙江省 杭州市 西湖区 文三路90号");
    }

    #[test]
    fn plain_detail_without_levels() {
        let a = build_address(["", "", "", ""], "文三路90号");
        assert_eq!(a, Address { full: "文三路90号".into(), ..Address::default() });
    }
}
