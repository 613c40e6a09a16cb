//! Short names people write instead of official ones: 浙江 for 浙江省, 广西 for 广西壮族自治区,
//! 杭州 for 杭州市, 恩施/恩施州 for 恩施土家族苗族自治州, 阿克苏 for 阿克苏地区, 西湖 for 西湖区.
//! Derived from the official names by rule, plus a few customary ones no rule yields.

use crate::intake::address::divisions::Level;

/// The 55 minority nationalities' names as they appear inside 自治区/自治州/自治县/自治旗 names.
const ETHNIC: &[&str] = &[
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
];

/// Customary short forms that no suffix rule gives: (short name, official name).
pub(crate) const EXTRA: &[(&str, &str)] = &[
    ("内蒙", "内蒙古自治区"),
    ("博州", "博尔塔拉蒙古自治州"),
    ("巴州", "巴音郭楞蒙古自治州"),
    ("克州", "克孜勒苏柯尔克孜自治州"),
    ("大兴安岭", "大兴安岭地区"),
];

const PROVINCE_SUFFIXES: &[&str] = &[
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "省",
    "市",
];
const CITY_SUFFIXES: &[&str] = &["地区", "盟", "市"];
const COUNTY_SUFFIXES: &[&str] = &["新区", "林区", "特区", "矿区", "区", "县", "市", "旗"];

/// Short names for an official name at a level; each has at least two characters.
pub(crate) fn short_names(name: &str, level: Level) -> Vec<String> {
    let mut out = Vec::new();
    match level {
        Level::Province => out.extend(strip_one(name, PROVINCE_SUFFIXES)),
        Level::City => {
            if let Some(base) = strip_autonomous(name, "自治州") {
                out.push(format!("{base}州"));
                out.push(base);
            } else {
                out.extend(strip_one(name, CITY_SUFFIXES));
            }
        }
        Level::County => {
            if name.ends_with("自治县") || name.ends_with("自治旗") {
                out.extend(
                    strip_autonomous(name, "自治县").or_else(|| strip_autonomous(name, "自治旗")),
                );
            } else {
                out.extend(strip_one(name, COUNTY_SUFFIXES));
            }
        }
    }
    out.retain(|s| s.chars().count() >= 2 && s != name);
    out
}

fn strip_one(name: &str, suffixes: &[&str]) -> Option<String> {
    let s = suffixes.iter().find_map(|suf| name.strip_suffix(suf))?;
    Some(s.to_string())
}

/// 恩施土家族苗族自治州 → 恩施: drops the suffix and the trailing run of nationality names.
fn strip_autonomous(name: &str, suffix: &str) -> Option<String> {
    let body = name.strip_suffix(suffix)?;
    let starts: Vec<usize> = body.char_indices().map(|(i, _)| i).skip(1).collect();
    starts
        .into_iter()
        .find(|&i| all_ethnic(&body[i..]))
        .map(|i| body[..i].to_string())
}

/// True when `s` is one or more nationality names, each optionally followed by 族.
fn all_ethnic(s: &str) -> bool {
    s.is_empty()
        || ETHNIC.iter().any(|e| {
            s.strip_prefix(e)
                .is_some_and(|rest| all_ethnic(rest.strip_prefix('族').unwrap_or(rest)))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn short(name: &str, level: Level) -> Vec<String> {
        short_names(name, level)
    }

    #[test]
    fn provinces() {
        assert_eq!(short("浙江省", Level::Province), vec!["浙江"]);
        assert_eq!(short("广西壮族自治区", Level::Province), vec!["广西"]);
        assert_eq!(short("新疆维吾尔自治区", Level::Province), vec!["新疆"]);
        assert_eq!(short("宁夏回族自治区", Level::Province), vec!["宁夏"]);
        assert_eq!(short("西藏自治区", Level::Province), vec!["西藏"]);
        assert_eq!(short("内蒙古自治区", Level::Province), vec!["内蒙古"]);
        assert_eq!(short("北京市", Level::Province), vec!["北京"]);
        assert_eq!(short("香港特别行政区", Level::Province), vec!["香港"]);
        assert_eq!(short("黑龙江省", Level::Province), vec!["黑龙江"]);
    }

    #[test]
    fn prefectures() {
        assert_eq!(short("杭州市", Level::City), vec!["杭州"]);
        assert_eq!(
            short("恩施土家族苗族自治州", Level::City),
            vec!["恩施州", "恩施"]
        );
        assert_eq!(short("大理白族自治州", Level::City), vec!["大理州", "大理"]);
        assert_eq!(
            short("巴音郭楞蒙古自治州", Level::City),
            vec!["巴音郭楞州", "巴音郭楞"]
        );
        assert_eq!(
            short("海西蒙古族藏族自治州", Level::City),
            vec!["海西州", "海西"]
        );
        assert_eq!(
            short("黔东南苗族侗族自治州", Level::City),
            vec!["黔东南州", "黔东南"]
        );
        assert_eq!(
            short("伊犁哈萨克自治州", Level::City),
            vec!["伊犁州", "伊犁"]
        );
        assert_eq!(short("阿克苏地区", Level::City), vec!["阿克苏"]);
        assert_eq!(short("锡林郭勒盟", Level::City), vec!["锡林郭勒"]);
    }

    #[test]
    fn counties() {
        assert_eq!(short("西湖区", Level::County), vec!["西湖"]);
        assert_eq!(short("浦东新区", Level::County), vec!["浦东"]);
        assert_eq!(short("神农架林区", Level::County), vec!["神农架"]);
        assert_eq!(short("沙县区", Level::County), vec!["沙县"]);
        assert_eq!(short("大厂回族自治县", Level::County), vec!["大厂"]);
        assert_eq!(
            short("莫力达瓦达斡尔族自治旗", Level::County),
            vec!["莫力达瓦"]
        );
        assert_eq!(short("白沙黎族自治县", Level::County), vec!["白沙"]);
        assert_eq!(
            short("双江拉祜族佤族布朗族傣族自治县", Level::County),
            vec!["双江"]
        );
        assert_eq!(
            short("积石山保安族东乡族撒拉族自治县", Level::County),
            vec!["积石山"]
        );
        assert!(short("鄂温克族自治旗", Level::County).is_empty());
        assert!(short("城区", Level::County).is_empty());
        assert!(short("忠县", Level::County).is_empty());
    }
}
