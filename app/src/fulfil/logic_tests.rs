//! Tests for routing-configuration validation.

use super::*;
use super::super::logic_courier::{Area, Conditions, Courier, RoutingRule, SenderAddress};

fn sender() -> SenderAddress {
    SenderAddress {
        name: "王姐".into(),
        mobile: "13800138000".into(),
        province: "浙江".into(),
        city: "杭州".into(),
        district: "".into(),
        detail: "文一西路 998 号".into(),
    }
}

fn seed() -> RoutingConfig {
    RoutingConfig::seed(sender())
}

fn courier(code: &str, name: &str, sender: SenderAddress) -> Courier {
    Courier { code: code.into(), name: name.into(), sender, account: "".into(), active: true }
}

fn catch_all(courier: &str, force: bool) -> RoutingRule {
    RoutingRule {
        name: "全部".into(), courier_code: courier.into(), enabled: true, force, when: Conditions::default()
    }
}

#[test]
fn courier_rows() {
    let mut cfg = seed();
    cfg.couriers.push(courier("yto", "小写编码", sender()));
    cfg.couriers.push(courier("ZTO", " ", SenderAddress { mobile: "".into(), ..sender() }));
    cfg.couriers.push(courier("", "无编码", sender()));
    let mut inactive = courier("SF", "顺丰速运", SenderAddress::default());
    inactive.active = false; // an inactive courier needs no sender
    cfg.couriers.push(inactive);
    assert_eq!(
        cfg.validate(),
        Err(vec![
            FulfilError::CourierCodeInvalid { courier: "yto".into() },
            FulfilError::CourierCodeDuplicate { courier: "ZTO".into() },
            FulfilError::CourierNameEmpty { courier: "ZTO".into() },
            FulfilError::SenderIncomplete { courier: "ZTO".into(), field: SenderField::Mobile },
            FulfilError::CourierCodeEmpty { index: 5 },
        ])
    );
}

#[test]
fn default_courier_must_exist_and_be_active() {
    let mut cfg = seed();
    cfg.default_courier = "SF".into();
    assert_eq!(cfg.validate(), Err(vec![FulfilError::DefaultCourierUnknown { courier: "SF".into() }]));
    let mut cfg = seed();
    cfg.couriers[1].active = false; // ZTO
    assert_eq!(cfg.validate(), Err(vec![FulfilError::DefaultCourierInactive { courier: "ZTO".into() }]));
}

#[test]
fn rule_fields() {
    let mut cfg = seed();
    let mut bad = catch_all("JD", false);
    bad.name = "  ".into();
    bad.when.provinces = vec!["江浙沪".into(), "浙江".into()];
    bad.when.weight_g = Range { min: Some(5000), max: Some(1000) };
    bad.when.amount_fen = Range { min: Some(-1), max: None };
    cfg.rules.push(bad);
    assert_eq!(
        cfg.validate(),
        Err(vec![
            FulfilError::RuleNameEmpty { rule: 2 },
            FulfilError::RuleCourierUnknown { rule: 2, courier: "JD".into() },
            FulfilError::RuleUnknownProvince { rule: 2, name: "江浙沪".into() },
            FulfilError::RuleRangeInverted { rule: 2, field: RangeField::WeightG, min: 5000, max: 1000 },
            FulfilError::RuleNegativeBound { rule: 2, field: RangeField::AmountFen, value: -1 },
        ])
    );
}

#[test]
fn remote_list() {
    let mut cfg = seed();
    cfg.remote_areas.clear();
    assert_eq!(cfg.validate(), Err(vec![FulfilError::RuleRemoteListEmpty { rule: 1 }]));
    let mut cfg = seed();
    cfg.remote_areas.push(Area { province: "火星".into(), city: "".into() });
    assert_eq!(cfg.validate(), Err(vec![FulfilError::RemoteAreaUnknownProvince { index: 6, name: "火星".into() }]));
}

#[test]
fn catch_all_shadows_later_rules() {
    let mut cfg = seed();
    cfg.rules.insert(0, catch_all("ZTO", false));
    assert_eq!(
        cfg.validate(),
        Err(vec![
            FulfilError::RuleUnreachable { rule: 1, shadowed_by: 0 },
            FulfilError::RuleUnreachable { rule: 2, shadowed_by: 0 },
        ])
    );
    // A forced catch-all runs before every unforced rule, wherever it stands.
    let mut cfg = seed();
    cfg.rules.push(catch_all("ZTO", true));
    assert_eq!(
        cfg.validate(),
        Err(vec![
            FulfilError::RuleUnreachable { rule: 0, shadowed_by: 2 },
            FulfilError::RuleUnreachable { rule: 1, shadowed_by: 2 },
        ])
    );
    // A disabled catch-all, or one whose courier is inactive, shadows nothing;
    // an unforced catch-all at the end is the usual "else" and is fine.
    let mut cfg = seed();
    let mut off = catch_all("ZTO", false);
    off.enabled = false;
    cfg.rules.insert(0, off);
    cfg.rules.push(catch_all("ZTO", false));
    assert_eq!(cfg.validate(), Ok(()));
}

#[test]
fn messages() {
    let e = FulfilError::RuleUnreachable { rule: 1, shadowed_by: 0 };
    assert_eq!(e.code(), "rule_unreachable");
    assert_eq!(e.message(Lang::Zh), "规则 2 永远不会生效：规则 1 没有任何条件，会先匹配所有订单");
    assert_eq!(e.message(Lang::En), "Rule 2 can never apply: rule 1 has no conditions and matches every order first");
    let e = FulfilError::RuleRangeInverted { rule: 0, field: RangeField::AmountFen, min: 5000, max: 1000 };
    assert_eq!(e.message(Lang::Zh), "规则 1 的金额范围下限 ¥50.00 大于上限 ¥10.00");
    assert_eq!(e.message(Lang::En), "Rule 1: the amount range minimum ¥50.00 is above the maximum ¥10.00");
    let e = FulfilError::SenderIncomplete { courier: "ZTO".into(), field: SenderField::Mobile };
    assert_eq!(e.code(), "sender_incomplete");
    assert_eq!(e.message(Lang::Zh), "快递「ZTO」的寄件人信息缺少电话");
    let e = FulfilError::RuleUnknownProvince { rule: 0, name: "江浙沪".into() };
    assert_eq!(e.message(Lang::Zh), "规则 1 中的「江浙沪」不是省份名称");
    assert_eq!(super::super::logic_courier::yuan(123_456_789), "¥1,234,567.89");
    assert_eq!(super::super::logic_courier::yuan(-5), "-¥0.05");
}
