//! Tests for the division chain matcher, on the real data file.

use super::*;
use std::sync::OnceLock;

fn divs() -> &'static Divisions {
    static D: OnceLock<Divisions> = OnceLock::new();
    D.get_or_init(|| Divisions::parse(include_str!("divisions.tsv")))
}

/// (province, city, county) codes of the chain at the start of `text`, and its end text.
fn chain(text: &str, hints: &Hints) -> Option<(u32, u32, u32, String, bool)> {
    let d = divs();
    let c = find_chain(d, text, 0, text.len(), hints)?;
    let code = |i: Option<usize>| i.map_or(0, |i| d.all()[i].code);
    Some((
        code(c.province),
        code(c.city),
        code(c.county),
        text[c.end..].to_string(),
        c.ambiguous,
    ))
}

fn plain(text: &str) -> Option<(u32, u32, u32, String, bool)> {
    chain(text, &Hints::default())
}

#[test]
fn full_names() {
    assert_eq!(
        plain("浙江省杭州市西湖区文三路100号"),
        Some((330000, 330100, 330106, "文三路100号".into(), false))
    );
    assert_eq!(
        plain("浙江省 杭州市 西湖区 文三路"),
        Some((330000, 330100, 330106, " 文三路".into(), false))
    );
}

#[test]
fn short_and_missing_levels() {
    assert_eq!(
        plain("杭州西湖区文三路"),
        Some((330000, 330100, 330106, "文三路".into(), false))
    );
    assert_eq!(
        plain("浙江余杭区"),
        Some((330000, 330100, 330110, "".into(), false))
    );
    assert_eq!(
        plain("余杭区良渚"),
        Some((330000, 330100, 330110, "良渚".into(), false))
    );
    assert_eq!(
        plain("济南市中区"),
        Some((370000, 370100, 370103, "".into(), false))
    );
    assert_eq!(
        plain("新疆巴州库尔勒市"),
        Some((650000, 652800, 652801, "".into(), false))
    );
    assert_eq!(
        plain("内蒙呼和浩特"),
        Some((150000, 150100, 0, "".into(), false))
    );
}

#[test]
fn municipalities_and_direct_counties() {
    assert_eq!(
        plain("北京市朝阳区建国路"),
        Some((110000, 0, 110105, "建国路".into(), false))
    );
    assert_eq!(
        plain("北京北京市朝阳区"),
        Some((110000, 0, 110105, "".into(), false))
    );
    assert_eq!(
        plain("上海浦东张江"),
        Some((310000, 0, 310115, "张江".into(), false))
    );
    assert_eq!(
        plain("湖北省仙桃市"),
        Some((420000, 0, 429004, "".into(), false))
    );
    assert_eq!(
        plain("湖北省省直辖县级行政区划仙桃市"),
        Some((420000, 0, 429004, "".into(), false))
    );
    assert_eq!(
        plain("广东东莞市长安镇"),
        Some((440000, 441900, 0, "长安镇".into(), false))
    );
}

#[test]
fn ambiguous_districts_prefer_municipality_then_capital_then_hint() {
    assert_eq!(
        plain("朝阳区建国路"),
        Some((110000, 0, 110105, "建国路".into(), true))
    );
    assert_eq!(
        plain("西湖区文三路"),
        Some((330000, 330100, 330106, "文三路".into(), true))
    );
    let nanchang = Hints {
        provinces: vec![360000],
        city: None,
    };
    assert_eq!(
        chain("西湖区", &nanchang),
        Some((360000, 360100, 360103, "".into(), true))
    );
    let changchun = Hints {
        provinces: vec![],
        city: Some(220100),
    };
    assert_eq!(
        chain("朝阳区", &changchun),
        Some((220000, 220100, 220104, "".into(), true))
    );
    assert_eq!(plain("吉林"), Some((220000, 0, 0, "".into(), true)));
}

#[test]
fn street_words_are_not_divisions() {
    assert_eq!(plain("中山路100号"), None);
    assert_eq!(plain("杭州湾"), None);
    assert_eq!(plain("城区文化路"), None);
    assert_eq!(plain("西湖大道"), None);
    assert_eq!(
        plain("浙江省杭州市滨江路"),
        Some((330000, 330100, 0, "滨江路".into(), false))
    );
}

#[test]
fn chain_may_start_after_a_glued_word() {
    let d = divs();
    let c = find_chain(d, "张三浙江省杭州市", 0, 24, &Hints::default()).unwrap();
    assert_eq!(c.start, "张三".len());
}
