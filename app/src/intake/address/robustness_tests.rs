//! parse_contact must never panic, whatever is pasted: random mixes of Chinese, digits,
//! full-width forms, labels, emoji and punctuation (seeded, no extra crates).

use super::labelled::gen::Rng;
use super::{parse_contact, Divisions};

const POOL: &[&str] = &[
    "浙江",
    "省",
    "杭州",
    "市",
    "西湖",
    "区",
    "朝阳",
    "北京",
    "县",
    "路",
    "号",
    "张三",
    "收货人",
    "：",
    ":",
    "电话",
    "手机",
    "地址",
    "邮编",
    "1",
    "3",
    "8",
    "0",
    "5",
    "-",
    " ",
    "\n",
    "+86",
    "(",
    ")",
    "（",
    "）",
    "１",
    "８",
    "，",
    ",",
    "😊",
    "·",
    "#",
    "/",
    "收",
    "先生",
    "省直辖县级行政区划",
    "市辖区",
    "中国",
    "\u{200B}",
    "a",
    "Tel",
    "室",
    "栋",
    "仙桃",
    "东莞",
    "内蒙",
    "自治州",
    "恩施州",
    "\r\n",
    "\t",
    "转",
    "400",
];

#[test]
fn random_text_never_panics() {
    let divs = Divisions::parse(include_str!("divisions.tsv"));
    let mut rng = Rng::new(7);
    for _ in 0..20_000 {
        let len = rng.below(30);
        let text: String = (0..len).map(|_| *rng.pick(POOL)).collect();
        let p = parse_contact(&divs, &text);
        // Whatever came out is consistent with itself.
        if let Some(m) = &p.mobile {
            assert_eq!(m.len(), 11, "{text:?}");
        }
        if let Some(c) = &p.code {
            assert_eq!(c.len(), 6, "{text:?}");
        }
        assert!(p.district.is_none() || p.city.is_some(), "{text:?}");
    }
}

#[test]
fn empty_divisions_still_parse_phones_and_names() {
    let divs = Divisions::parse("");
    let p = parse_contact(&divs, "张三 13800138000 浙江省杭州市西湖区文三路100号");
    assert_eq!(p.name.as_deref(), Some("张三"));
    assert_eq!(p.mobile.as_deref(), Some("13800138000"));
    assert_eq!(p.province, None);
    assert_eq!(p.street.as_deref(), Some("浙江省杭州市西湖区文三路100号"));
}
