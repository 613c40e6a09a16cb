//! Tests for courier routing and its validation.

use proptest::prelude::*;

use super::*;

fn sender() -> SenderAddress {
    SenderAddress {
        name: "王姐".into(),
        mobile: "13800138000".into(),
        province: "浙江省".into(),
        city: "杭州市".into(),
        district: "余杭区".into(),
        detail: "仓前街道文一西路 998 号 5 幢".into(),
    }
}

fn seed() -> RoutingConfig {
    RoutingConfig::seed(sender())
}

fn facts(province: &str, city: &str) -> OrderFacts {
    OrderFacts {
        province: province.into(),
        city: city.into(),
        weight_g: 500,
        amount_fen: 9900,
        preferred_courier: None,
    }
}

fn prefer(mut f: OrderFacts, code: &str) -> OrderFacts {
    f.preferred_courier = Some(code.into());
    f
}

fn add_courier(cfg: &mut RoutingConfig, code: &str, name: &str, active: bool) {
    cfg.couriers.push(Courier { code: code.into(), name: name.into(), sender: sender(), account: "".into(), active });
}

fn rule(name: &str, courier: &str, when: Conditions) -> RoutingRule {
    RoutingRule { name: name.into(), courier_code: courier.into(), enabled: true, force: false, when }
}

#[test]
fn seed_is_valid() {
    assert_eq!(seed().validate(), Ok(()));
}

#[test]
fn jiangzhehu_goes_yto_with_any_spelling() {
    for p in ["浙江省", "浙江", "江苏省", "上海市", "沪"] {
        let r = route(&seed(), &facts(p, "某市"));
        assert_eq!((r.courier_code.as_str(), r.rule_index, r.source), ("YTO", Some(0), RouteSource::Rule), "{p}");
    }
    let r = route(&seed(), &facts("浙江省", "杭州市"));
    assert_eq!(r.reason_zh, "规则 1「江浙沪走圆通」：收货省份为浙江");
    assert_eq!(r.reason_en, "Rule 1 \"江浙沪走圆通\": destination province Zhejiang");
}

#[test]
fn remote_provinces_go_ems() {
    for p in ["新疆维吾尔自治区", "西藏", "青海省", "内蒙古自治区", "内蒙", "甘肃", "宁夏回族自治区"]
    {
        let r = route(&seed(), &facts(p, ""));
        assert_eq!((r.courier_code.as_str(), r.rule_index), ("EMS", Some(1)), "{p}");
    }
    let r = route(&seed(), &facts("内蒙", "呼和浩特"));
    assert_eq!(r.reason_zh, "规则 2「偏远地区走邮政」：偏远地区");
    assert_eq!(r.reason_en, "Rule 2 \"偏远地区走邮政\": remote area");
}

#[test]
fn everything_else_goes_to_the_default() {
    let r = route(&seed(), &facts("广东省", "深圳市"));
    assert_eq!(r.courier_code, "ZTO");
    assert_eq!((r.rule_index, r.source), (None, RouteSource::Default));
    assert_eq!(r.reason_zh, "未命中任何规则，使用默认快递：中通快递");
    assert_eq!(r.reason_en, "No rule matched; default courier: 中通快递");
    // An unrecognised province matches no province rule either.
    assert_eq!(route(&seed(), &facts("火星", "")).courier_code, "ZTO");
}

#[test]
fn customer_preference_beats_ordinary_rules() {
    let r = route(&seed(), &prefer(facts("新疆", "乌鲁木齐"), "YTO"));
    assert_eq!((r.courier_code.as_str(), r.source, r.rule_index), ("YTO", RouteSource::Preference, None));
    assert_eq!(r.reason_zh, "客户指定快递：圆通速递");
    assert_eq!(r.reason_en, "Customer's preferred courier: 圆通速递");
}

#[test]
fn forced_rule_beats_customer_preference() {
    let mut cfg = seed();
    cfg.rules[1].force = true;
    let r = route(&cfg, &prefer(facts("新疆", "乌鲁木齐"), "YTO"));
    assert_eq!((r.courier_code.as_str(), r.source, r.rule_index), ("EMS", RouteSource::ForcedRule, Some(1)));
    assert_eq!(r.reason_zh, "规则 2「偏远地区走邮政」：偏远地区（强制规则，优先于客户指定快递）");
    // Without a preference the note is left out.
    let r = route(&cfg, &facts("新疆", ""));
    assert_eq!(r.reason_zh, "规则 2「偏远地区走邮政」：偏远地区");
    // Elsewhere the preference still wins over the unforced 江浙沪 rule.
    assert_eq!(route(&cfg, &prefer(facts("浙江", ""), "ZTO")).courier_code, "ZTO");
}

#[test]
fn inactive_or_unknown_preference_falls_through_with_a_note() {
    let mut cfg = seed();
    add_courier(&mut cfg, "SF", "顺丰速运", false);
    let r = route(&cfg, &prefer(facts("浙江", "杭州"), "SF"));
    assert_eq!(r.courier_code, "YTO");
    assert_eq!(r.reason_zh, "规则 1「江浙沪走圆通」：收货省份为浙江（客户指定的「顺丰速运」已停用）");
    assert_eq!(
        r.reason_en,
        "Rule 1 \"江浙沪走圆通\": destination province Zhejiang (the customer's preferred 顺丰速运 is inactive)"
    );
    let r = route(&cfg, &prefer(facts("广东", ""), "JD"));
    assert_eq!(r.courier_code, "ZTO");
    assert_eq!(r.reason_zh, "未命中任何规则，使用默认快递：中通快递（客户指定的快递「JD」不存在）");
    // A blank preference is no preference.
    assert_eq!(route(&cfg, &prefer(facts("广东", ""), " ")).reason_zh, "未命中任何规则，使用默认快递：中通快递");
}

#[test]
fn disabled_rules_and_inactive_couriers_are_skipped() {
    let mut cfg = seed();
    cfg.rules[0].enabled = false;
    assert_eq!(route(&cfg, &facts("浙江", "")).courier_code, "ZTO");
    let mut cfg = seed();
    cfg.couriers[0].active = false; // YTO
    assert_eq!(route(&cfg, &facts("浙江", "")).courier_code, "ZTO");
}

#[test]
fn weight_range_is_inclusive() {
    let mut cfg = seed();
    let heavy = Conditions { weight_g: Range { min: Some(3000), max: None }, ..Conditions::default() };
    cfg.rules.insert(0, rule("3 公斤以上走邮政", "EMS", heavy));
    let mut f = facts("浙江", "");
    f.weight_g = 3000;
    let r = route(&cfg, &f);
    assert_eq!((r.courier_code.as_str(), r.rule_index), ("EMS", Some(0)));
    assert_eq!(r.reason_zh, "规则 1「3 公斤以上走邮政」：重量 3000 克（不少于 3000 克）");
    assert_eq!(r.reason_en, "Rule 1 \"3 公斤以上走邮政\": weight 3000 g (at least 3000 g)");
    f.weight_g = 2999;
    assert_eq!(route(&cfg, &f).courier_code, "YTO");
}

#[test]
fn amount_and_city_conditions() {
    let mut cfg = seed();
    let cheap_hz = Conditions {
        cities: vec!["杭州".into()],
        amount_fen: Range { min: Some(1000), max: Some(5000) },
        ..Conditions::default()
    };
    cfg.rules.insert(0, rule("杭州小单走中通", "ZTO", cheap_hz));
    let mut f = facts("浙江省", "杭州市");
    f.amount_fen = 4990;
    let r = route(&cfg, &f);
    assert_eq!((r.courier_code.as_str(), r.rule_index), ("ZTO", Some(0)));
    assert_eq!(r.reason_zh, "规则 1「杭州小单走中通」：收货城市为杭州市，金额 ¥49.90（¥10.00–¥50.00）");
    assert_eq!(r.reason_en, "Rule 1 \"杭州小单走中通\": destination city 杭州市, amount ¥49.90 (¥10.00–¥50.00)");
    f.amount_fen = 5001;
    assert_eq!(route(&cfg, &f).rule_index, Some(1));
    f.amount_fen = 4990;
    f.city = "宁波市".into();
    assert_eq!(route(&cfg, &f).rule_index, Some(1));
}

#[test]
fn remote_list_by_city_and_non_remote_condition() {
    let mut cfg = seed();
    cfg.remote_areas.push(Area { province: "海南省".into(), city: "三沙市".into() });
    assert!(cfg.is_remote("海南", "三沙"));
    assert!(!cfg.is_remote("海南", "海口"));
    assert!(cfg.is_remote("新疆", "任何城市"));
    assert_eq!(route(&cfg, &facts("海南省", "三沙市")).courier_code, "EMS");
    let not_remote = Conditions { remote: Some(false), ..Conditions::default() };
    cfg.rules = vec![rule("非偏远走圆通", "YTO", not_remote)];
    assert_eq!(route(&cfg, &facts("海南", "海口")).courier_code, "YTO");
    assert_eq!(route(&cfg, &facts("海南", "三沙")).courier_code, "ZTO");
}

#[test]
fn city_names_compare_without_suffixes() {
    assert!(same_city("杭州", "杭州市"));
    assert!(same_city("甘孜", "甘孜藏族自治州"));
    assert!(same_city("甘孜州", "甘孜藏族自治州"));
    assert!(same_city("阿拉善盟", "阿拉善"));
    assert!(same_city("阿里地区", "阿里"));
    assert!(!same_city("张家口", "张家界"));
    assert!(!same_city("杭州", "湖州"));
    assert!(!same_city("", ""));
}

#[test]
fn parcel_weight_sums_lines() {
    assert_eq!(order_weight_g([(250, 4), (1200, 1)]), 2200);
    assert_eq!(order_weight_g([]), 0);
    assert_eq!(order_weight_g([(i64::MAX, 2)]), i64::MAX);
}

#[test]
fn config_round_trips_and_fills_defaults() {
    let cfg = seed();
    let json = serde_json::to_string(&cfg).unwrap();
    assert_eq!(serde_json::from_str::<RoutingConfig>(&json).unwrap(), cfg);
    let hand = r#"{
        "couriers": [{"code": "ZTO", "name": "中通快递", "active": true,
                      "sender": {"name": "王姐", "mobile": "13800138000", "province": "浙江",
                                 "city": "杭州", "district": "", "detail": "文一西路 998 号"}}],
        "rules": [{"name": "全部中通", "courier_code": "ZTO", "enabled": true}],
        "default_courier": "ZTO"
    }"#;
    let cfg: RoutingConfig = serde_json::from_str(hand).unwrap();
    assert_eq!(cfg.rules[0].when, Conditions::default());
    assert!(!cfg.rules[0].force);
    assert!(cfg.remote_areas.is_empty());
    assert_eq!(cfg.validate(), Ok(()));
    assert_eq!(route(&cfg, &facts("西藏", "")).reason_zh, "规则 1「全部中通」：无条件");
}

proptest! {
    /// Whatever the order, the seed routes to an active courier, and a rule index always
    /// points at a rule naming that courier.
    #[test]
    fn route_is_consistent(
        p in prop::sample::select(crate::region::PROVINCES.iter().map(|p| p.full).collect::<Vec<_>>()),
        weight in 0i64..100_000,
        amount in 0i64..10_000_000,
        pref in prop::option::of(prop::sample::select(vec!["YTO", "ZTO", "EMS", "SF", ""])),
        force in any::<bool>(),
    ) {
        let mut cfg = seed();
        cfg.rules[1].force = force;
        let f = OrderFacts { province: p.into(), city: "".into(), weight_g: weight, amount_fen: amount,
                             preferred_courier: pref.map(str::to_string) };
        let r = route(&cfg, &f);
        prop_assert!(cfg.courier(&r.courier_code).is_some_and(|c| c.active));
        if let Some(i) = r.rule_index {
            prop_assert_eq!(&cfg.rules[i].courier_code, &r.courier_code);
        }
        prop_assert!(!r.reason_zh.is_empty() && !r.reason_en.is_empty());
    }
}

#[test]
fn place_of_an_address() {
    assert_eq!(place_of("浙江省杭州市西湖区文三路 1 号"), ("浙江".into(), "杭州市".into()));
    assert_eq!(place_of("新疆维吾尔自治区乌鲁木齐市天山区"), ("新疆".into(), "乌鲁木齐市".into()));
    assert_eq!(place_of("四川甘孜藏族自治州康定市"), ("四川".into(), "甘孜藏族自治州".into()));
    assert_eq!(place_of("上海市浦东新区世纪大道 100 号"), ("上海".into(), "上海".into()));
    assert_eq!(place_of("西藏那曲地区色尼区"), ("西藏".into(), "那曲地区".into()));
    assert_eq!(place_of("文三路 1 号"), (String::new(), String::new()));
}
