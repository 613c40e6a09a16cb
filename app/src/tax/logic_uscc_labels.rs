//! Names of the codes inside a 统一社会信用代码: 登记管理部门 (position 1), 机构类别
//! (position 2) and the province-level prefixes of GB/T 2260 region codes (positions 3–4).
//! Tables from GB 32100-2015 and the authority codes added to it since (外交, 司法行政,
//! 文化, 旅游, 宗教, 工会, 中央军委改革和编制办公室, 农业).

use crate::i18n::Lang;

/// (authority code, zh, en, categories as (code, zh, en)).
type Authority = (char, &'static str, &'static str, &'static [(char, &'static str, &'static str)]);

const AUTHORITIES: &[Authority] = &[
    ('1', "机构编制", "Public sector staffing", &[
        ('1', "机关", "Government organ"),
        ('2', "事业单位", "Public institution"),
        ('3', "中央编办直接管理机构编制的群众团体", "Mass organisation staffed by the central staffing office"),
        ('9', "其他", "Other"),
    ]),
    ('2', "外交", "Foreign affairs", &[('1', "外国常驻新闻机构", "Resident foreign news agency"), ('9', "其他", "Other")]),
    ('3', "司法行政", "Judicial administration", &[
        ('1', "律师执业机构", "Law firm"),
        ('2', "公证处", "Notary office"),
        ('3', "基层法律服务所", "Grassroots legal service office"),
        ('4', "司法鉴定机构", "Forensic appraisal institution"),
        ('5', "仲裁委员会", "Arbitration commission"),
        ('9', "其他", "Other"),
    ]),
    ('4', "文化", "Culture", &[('1', "外国在华文化中心", "Foreign cultural centre in China"), ('9', "其他", "Other")]),
    ('5', "民政", "Civil affairs", &[
        ('1', "社会团体", "Social organisation"),
        ('2', "民办非企业单位", "Private non-enterprise unit"),
        ('3', "基金会", "Foundation"),
        ('9', "其他", "Other"),
    ]),
    ('6', "旅游", "Tourism", &[
        ('1', "外国旅游部门常驻代表机构", "Representative office of a foreign tourism authority"),
        ('2', "港澳台地区旅游部门常驻内地（大陆）代表机构", "Representative office of a Hong Kong, Macao or Taiwan tourism authority"),
        ('9', "其他", "Other"),
    ]),
    ('7', "宗教", "Religious affairs", &[
        ('1', "宗教活动场所", "Place of religious activity"),
        ('2', "宗教院校", "Religious school"),
        ('9', "其他", "Other"),
    ]),
    ('8', "工会", "Trade unions", &[('1', "基层工会", "Grassroots trade union"), ('9', "其他", "Other")]),
    ('9', "工商（市场监管）", "Market regulation", &[
        ('1', "企业", "Enterprise"),
        ('2', "个体工商户", "Individual business"),
        ('3', "农民专业合作社", "Farmers' cooperative"),
    ]),
    ('A', "中央军委改革和编制办公室", "CMC reform and staffing office", &[
        ('1', "军队事业单位", "Military public institution"),
        ('9', "其他", "Other"),
    ]),
    ('N', "农业", "Agriculture", &[
        ('1', "组级集体经济组织", "Group-level collective economic organisation"),
        ('2', "村级集体经济组织", "Village-level collective economic organisation"),
        ('3', "乡镇级集体经济组织", "Township-level collective economic organisation"),
        ('9', "其他", "Other"),
    ]),
    ('Y', "其他", "Other", &[('1', "其他", "Other")]),
];

/// Province-level prefixes of GB/T 2260 codes; `10` is the central level (100000).
const REGION_PREFIXES: &[&str] = &[
    "10", "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82",
];

fn authority(code: char) -> Option<&'static Authority> {
    AUTHORITIES.iter().find(|a| a.0 == code)
}

/// Category codes listed for an authority, or `None` for an unknown authority.
pub fn categories(authority_code: char) -> Option<Vec<char>> {
    authority(authority_code).map(|a| a.3.iter().map(|c| c.0).collect())
}

pub fn authority_label(code: char, lang: Lang) -> Option<&'static str> {
    authority(code).map(|a| if lang == Lang::Zh { a.1 } else { a.2 })
}

pub fn category_label(authority_code: char, category: char, lang: Lang) -> Option<&'static str> {
    let c = authority(authority_code)?.3.iter().find(|c| c.0 == category)?;
    Some(if lang == Lang::Zh { c.1 } else { c.2 })
}

pub fn is_region_prefix(two: &str) -> bool {
    REGION_PREFIXES.contains(&two)
}
