//! Tests for parse_contact on single messages; the broad accuracy set is in tests/.

use super::*;
use std::sync::OnceLock;

fn divs() -> &'static Divisions {
    static D: OnceLock<Divisions> = OnceLock::new();
    D.get_or_init(|| Divisions::parse(include_str!("divisions.tsv")))
}

#[test]
fn basic_message() {
    let p = parse_contact(divs(), "张三 13800138000 浙江省杭州市西湖区文三路100号");
    assert_eq!(p.name.as_deref(), Some("张三"));
    assert_eq!(p.mobile.as_deref(), Some("13800138000"));
    assert_eq!(p.province.as_deref(), Some("浙江省"));
    assert_eq!(p.city.as_deref(), Some("杭州市"));
    assert_eq!(p.district.as_deref(), Some("西湖区"));
    assert_eq!(p.street.as_deref(), Some("文三路100号"));
    assert_eq!(p.code.as_deref(), Some("330106"));
    assert_eq!(p.unsure, Vec::<&str>::new());
    assert_eq!(p.confidence.name, Some(Confidence::High));
}

#[test]
fn json_shape() {
    let p = parse_contact(divs(), "张三 13800138000 浙江省杭州市西湖区文三路100号");
    let v = serde_json::to_string(&p.json()).unwrap();
    assert_eq!(
        v,
        r#"{"name":"张三","mobile":"13800138000","phone":null,"province":"浙江省","city":"杭州市","district":"西湖区","street":"文三路100号","postcode":null,"code":"330106","unsure":[]}"#
    );
}

#[test]
fn absent_fields_are_null_in_json() {
    let p = parse_contact(
        divs(),
        "收件人：郑一 电话：0571-88888888 地址：广东省东莞市长安镇振安路1号 邮编523850",
    );
    let v = serde_json::to_string(&p.json()).unwrap();
    assert_eq!(
        v,
        r#"{"name":"郑一","mobile":null,"phone":"0571-88888888","province":"广东省","city":"东莞市","district":null,"street":"长安镇振安路1号","postcode":"523850","code":"441900","unsure":[]}"#
    );
}

#[test]
fn ambiguous_district_is_unsure_about_its_parents() {
    let p = parse_contact(divs(), "朝阳区建国路88号 李四 13912345678");
    assert_eq!(
        (p.province.as_deref(), p.city.as_deref()),
        (Some("北京市"), Some("北京市"))
    );
    assert_eq!(p.unsure, vec!["province", "city", "code"]);
    assert_eq!(p.confidence.province, Some(Confidence::Low));
    assert_eq!(p.confidence.district, Some(Confidence::Medium));
}

#[test]
fn hint_settles_the_ambiguity_without_unsure() {
    let p = parse_contact(divs(), "朝阳区红旗街100号 王五 0431-88888888");
    assert_eq!(p.city.as_deref(), Some("长春市"));
    assert_eq!(p.confidence.city, Some(Confidence::Medium));
    assert_eq!(p.unsure, Vec::<&str>::new());
}

#[test]
fn missing_district_and_street_are_unsure() {
    let p = parse_contact(divs(), "四川省成都市 李四 13800138000");
    assert_eq!(p.code.as_deref(), Some("510100"));
    assert_eq!(p.district, None);
    assert_eq!(p.unsure, vec!["district", "street", "code"]);
    // 东莞 has no districts: nothing missing there.
    let p = parse_contact(divs(), "广东省东莞市长安镇 李四 13800138000");
    assert_eq!(p.unsure, Vec::<&str>::new());
}

#[test]
fn no_divisions_found() {
    let p = parse_contact(divs(), "张三 13800138000 文三路100号");
    assert_eq!(p.street.as_deref(), Some("文三路100号"));
    assert_eq!(p.confidence.street, Some(Confidence::Medium));
    assert_eq!(p.unsure, vec!["province", "city", "district", "code"]);
    let p = parse_contact(divs(), "");
    assert_eq!(
        p.unsure,
        vec!["name", "mobile", "province", "city", "district", "street", "code"]
    );
}

#[test]
fn doubtful_numbers_and_names() {
    // Two different mobiles: the labelled one is kept, but flagged.
    let p = parse_contact(
        divs(),
        "张三 13900139000 手机:13800138000 浙江省杭州市西湖区文三路1号",
    );
    assert_eq!(p.mobile.as_deref(), Some("13800138000"));
    assert_eq!(p.unsure, vec!["mobile"]);
    // A postcode from another province.
    let p = parse_contact(
        divs(),
        "张三 13800138000 浙江省杭州市西湖区文三路1号 邮编100020",
    );
    assert_eq!(p.postcode.as_deref(), Some("100020"));
    assert_eq!(p.unsure, vec!["postcode"]);
    // A local number without area code, under a phone label.
    let p = parse_contact(divs(), "张三 电话:88888888 浙江省杭州市西湖区文三路1号");
    assert_eq!(p.phone.as_deref(), Some("88888888"));
    assert_eq!(p.unsure, vec!["phone"]);
    // A nickname.
    let p = parse_contact(divs(), "小美 13800138000 浙江省杭州市西湖区文三路1号");
    assert_eq!(p.name.as_deref(), Some("小美"));
    assert_eq!(p.unsure, vec!["name"]);
}

#[test]
fn direct_county_and_municipality_fields() {
    let p = parse_contact(divs(), "湖北省仙桃市干河街道 钱七 13800138000");
    assert_eq!(
        (p.city.as_deref(), p.district.as_deref(), p.code.as_deref()),
        (Some("仙桃市"), None, Some("429004"))
    );
    let p = parse_contact(divs(), "上海浦东新区张江镇 马化腾 13800138000");
    assert_eq!(
        (
            p.province.as_deref(),
            p.city.as_deref(),
            p.district.as_deref()
        ),
        (Some("上海市"), Some("上海市"), Some("浦东新区"))
    );
}
