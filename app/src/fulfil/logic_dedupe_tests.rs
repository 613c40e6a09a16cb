//! Tests for duplicate detection, with address variants as agents actually paste them.

use super::*;

fn key(s: &str) -> String {
    normalize_address(s)
}

fn r(name: &str, mobile: &str, address: &str) -> Recipient {
    Recipient { name: name.into(), mobile: mobile.into(), address: address.into() }
}

#[test]
fn province_city_district_suffixes_unify() {
    for v in [
        "浙江省杭州市西湖区文三路1号",
        "浙江杭州西湖区文三路1号",
        "杭州市西湖区文三路1号",
        "杭州西湖文三路1号",
        "浙江省 杭州市 西湖区 文三路１号",
        "浙江省杭州市西湖区文三路一号",
        "  浙江省杭州市西湖区 文三路 1 号。",
    ] {
        assert_eq!(key(v), "杭州西湖文三路1号", "{v}");
    }
}

#[test]
fn trailing_name_and_mobile_are_stripped() {
    for v in [
        "浙江省杭州市西湖区文三路1号 张三 13800138000",
        "浙江省杭州市西湖区文三路1号，138-0013-8000，王女士",
        "浙江省杭州市西湖区文三路1号 +86 138 0013 8000",
        "浙江省杭州市西湖区文三路1号 收件人：张三收 电话：13800138000",
        "浙江省杭州市西湖区文三路1号（李先生）",
        // 林 also ends place names, but next to a mobile the token is a name.
        "浙江省杭州市西湖区文三路1号 王林 13800138000",
        "浙江省杭州市西湖区文三路1号 13800138000 王林",
    ] {
        assert_eq!(key(v), "杭州西湖文三路1号", "{v}");
    }
}

#[test]
fn buildings_units_and_rooms_unify() {
    for v in [
        "上海市浦东新区张杨路500弄3号楼2单元301室",
        "上海 上海市 浦东新区 张杨路500弄3幢二单元301",
        "上海浦东新区张杨路500弄3栋2单元301室 李先生 139 1234 5678",
        "上海市上海市浦东新区张杨路500弄3號樓2單元301房",
    ] {
        assert_eq!(key(v), "浦东新张杨路500弄3栋2单元301", "{v}");
    }
    assert_eq!(key("江苏省南京市鼓楼区中山路18#楼302"), "南京鼓楼中山路18栋302");
    assert_eq!(key("江苏南京鼓楼区中山路十八栋302室"), "南京鼓楼中山路18栋302");
}

#[test]
fn room_number_before_mobile_is_kept() {
    assert_eq!(key("广东省深圳市南山区科技园路8号1801 13912345678"), "深圳南山科技园路8号1801");
}

#[test]
fn latin_is_folded_and_lower_cased() {
    assert_eq!(key("北京市朝阳区建国路ＳＯＨＯ现代城Ｂ座"), key("北京朝阳区建国路soho现代城b座"));
    assert_eq!(key("北京市朝阳区建国路SOHO现代城B座"), "朝阳建国路soho现代城b座");
}

#[test]
fn city_with_province_name_keeps_its_name() {
    // 吉林市 is a city in 吉林省; 吉林 must not be taken as the province there.
    assert_eq!(key("吉林省吉林市船营区北京路5号"), "吉林船营北京路5号");
    assert_eq!(key("吉林市船营区北京路5号"), "吉林船营北京路5号");
}

#[test]
fn address_parts_that_look_like_names_stay() {
    // No delimiter: a name cannot be told from a place name, so nothing is stripped.
    assert_eq!(key("杭州市西湖区文三路1号张三"), "杭州西湖文三路1号张三");
    // The last token ends like a place (园, 村), so it is part of the address.
    assert_eq!(key("杭州市 西湖区 蒋村花园"), "杭州西湖蒋村花园");
    assert_eq!(key("杭州市 西湖区 周浦村"), "杭州西湖周浦村");
    // Without a mobile next to it, a token ending like a place name (林) stays.
    assert_eq!(key("杭州市 西湖区 枫林"), "杭州西湖枫林");
    // A 小区 is not a district.
    assert_eq!(key("杭州市阳光小区3幢"), "杭州阳光小区3栋");
    // Numerals in place names are not units.
    assert_eq!(key("北京市朝阳区三里屯路十号"), "朝阳三里屯路10号");
}

#[test]
fn different_addresses_stay_different() {
    assert_ne!(key("杭州市西湖区文三路1号"), key("杭州市西湖区文三路11号"));
    assert_ne!(key("杭州市西湖区文三路1号"), key("杭州市滨江区文三路1号"));
    assert_ne!(key("上海浦东张杨路500弄3栋2单元301"), key("上海浦东张杨路500弄3栋2单元302"));
    assert_ne!(key("江苏省苏州市姑苏区人民路1号"), key("浙江省杭州市上城区人民路1号"));
}

#[test]
fn mobiles_normalise() {
    assert_eq!(normalize_mobile("138 0013 8000"), Some("13800138000".to_string()));
    assert_eq!(normalize_mobile("+86-138-0013-8000"), Some("13800138000".to_string()));
    assert_eq!(normalize_mobile("0086 13800138000"), Some("13800138000".to_string()));
    assert_eq!(normalize_mobile("１３８００１３８０００"), Some("13800138000".to_string()));
    assert_eq!(normalize_mobile("12800138000"), None);
    assert_eq!(normalize_mobile("0571-88886666"), None);
    assert_eq!(normalize_mobile(""), None);
}

#[test]
fn same_mobile_wins_over_address() {
    let a = r("王姐", "13800138000", "浙江省杭州市西湖区文三路1号");
    let b = r("王丽", "+86 138-0013-8000", "江苏省南京市鼓楼区中山路1号");
    assert_eq!(same_recipient(&a, &b), Some(Reason::SameMobile { mobile: "13800138000".into() }));
}

#[test]
fn same_address_with_different_mobiles() {
    let a = r("王姐", "13800138000", "浙江省杭州市西湖区文三路1号");
    let b = r("王先生", "13900139000", "杭州西湖区文三路1号 王先生 13900139000");
    assert_eq!(same_recipient(&a, &b), Some(Reason::SameAddress { key: "杭州西湖文三路1号".into() }));
}

#[test]
fn unrelated_or_vague_is_none() {
    let a = r("王姐", "13800138000", "浙江省杭州市西湖区文三路1号");
    let b = r("李四", "13900139000", "浙江省杭州市西湖区文三路2号");
    assert_eq!(same_recipient(&a, &b), None);
    // Both keys are only "杭州": too vague to merge on.
    let c = r("甲", "", "浙江省杭州市");
    let d = r("乙", "", "杭州");
    assert_eq!(same_recipient(&c, &d), None);
    // Two invalid mobiles never count as "the same mobile".
    let e = r("甲", "123", "浙江省杭州市西湖区文三路1号");
    let f = r("乙", "123", "江苏省南京市鼓楼区中山路1号");
    assert_eq!(same_recipient(&e, &f), None);
}

#[test]
fn reason_messages() {
    let m = Reason::SameMobile { mobile: "13800138000".into() };
    assert_eq!(m.code(), "same_mobile");
    assert_eq!(m.message(Lang::Zh), "收货手机号相同（13800138000）");
    assert_eq!(m.message(Lang::En), "Same recipient mobile (13800138000)");
    let a = Reason::SameAddress { key: "x".into() };
    assert_eq!(a.code(), "same_address");
    assert_eq!(a.message(Lang::Zh), "收货地址相同");
}
