//! Rule evaluation, validation and JSON shape, on hand-built facts.
//!
//! TODAY = day 20200 = 2025-04-22; 2024-11-11 (双11) = day 20038 = TODAY − 162.
//! Customer A's purchases (fen): 20038 跑鞋X(7, 运动鞋) 59,900 and 运动袜(9, 配件) 3,000;
//! 20100 跑鞋X 40,000; 20160 精华(12, 护肤) 150,000; 20195 精华 120,000. Orders on 20038, 20100,
//! 20160, 20195. Last 90 days (20111..=20200): spend 270,000, 2 orders; last 30 days: 1 order;
//! last 365 days: spend 372,900, 护肤 share 270,000 / 372,900 = 72.4%, 运动鞋 26.8%.

use super::*;
use crate::customers::logic_util::day_of_date;
use std::collections::BTreeMap;
use std::str::FromStr;

const TODAY: i64 = 20_200;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn buy(day: i64, product_id: i64, category: &str, spend_fen: i64) -> Purchase {
    Purchase { day, product_id, category: category.into(), spend_fen }
}

fn customer_a() -> CustomerFacts {
    let mut fields = BTreeMap::new();
    fields.insert("肤质".to_string(), FieldValue::Text(" 油性 ".into()));
    fields.insert("宝宝月龄".to_string(), FieldValue::Number(dec("10")));
    CustomerFacts {
        order_count: 4,
        last_order_day: Some(20_195),
        consultations: 2,
        order_days: vec![20_038, 20_100, 20_160, 20_195],
        purchases: vec![
            buy(20_038, 7, "运动鞋", 59_900),
            buy(20_038, 9, "配件", 3_000),
            buy(20_100, 7, "运动鞋", 40_000),
            buy(20_160, 12, "护肤", 150_000),
            buy(20_195, 12, "护肤", 120_000),
        ],
        fields,
    }
}

/// Someone who asked questions but never bought.
fn prospect() -> CustomerFacts {
    CustomerFacts { consultations: 1, ..CustomerFacts::default() }
}

fn cond(c: Condition) -> Rule {
    Rule::Cond(c)
}

fn double11_sneakers() -> Rule {
    cond(Condition::Bought { target: Target::Category("运动鞋".into()), from: date(2024, 11, 1), to: date(2024, 11, 11) })
}

fn text_field(name: &str, test: FieldTest) -> Rule {
    cond(Condition::Field { name: name.into(), test })
}

#[test]
fn spend_and_order_count() {
    let rule = Rule::And(vec![
        cond(Condition::Spend { days: 90, cmp: Cmp::Gte(200_000) }),
        cond(Condition::OrderCount { days: None, cmp: Cmp::Gte(3) }),
    ]);
    assert!(evaluate(&rule, &customer_a(), TODAY));
    assert!(!evaluate(&rule, &prospect(), TODAY));
    let a = customer_a();
    assert!(evaluate(&cond(Condition::Spend { days: 365, cmp: Cmp::Eq(372_900) }), &a, TODAY));
    assert!(evaluate(&cond(Condition::Spend { days: 90, cmp: Cmp::Between(270_000, 270_000) }), &a, TODAY));
    assert!(!evaluate(&cond(Condition::Spend { days: 90, cmp: Cmp::Lte(269_999) }), &a, TODAY));
    assert!(evaluate(&cond(Condition::OrderCount { days: Some(90), cmp: Cmp::Eq(2) }), &a, TODAY));
    assert!(evaluate(&cond(Condition::OrderCount { days: Some(30), cmp: Cmp::Eq(1) }), &a, TODAY));
}

#[test]
fn window_edges() {
    let facts = CustomerFacts {
        order_count: 2,
        last_order_day: Some(TODAY - 89),
        order_days: vec![TODAY - 90, TODAY - 89],
        purchases: vec![buy(TODAY - 90, 1, "护肤", 500), buy(TODAY - 89, 1, "护肤", 700)],
        ..CustomerFacts::default()
    };
    // The last 90 days are TODAY − 89 ..= TODAY.
    assert!(evaluate(&cond(Condition::Spend { days: 90, cmp: Cmp::Eq(700) }), &facts, TODAY));
    assert!(evaluate(&cond(Condition::OrderCount { days: Some(90), cmp: Cmp::Eq(1) }), &facts, TODAY));
    assert!(evaluate(&cond(Condition::DaysSinceLastOrder { cmp: Cmp::Eq(89) }), &facts, TODAY));
    assert!(!evaluate(&dormant(), &facts, TODAY));
    assert!(evaluate(&dormant(), &facts, TODAY + 1));
}

#[test]
fn double_eleven_sneakers() {
    let a = customer_a();
    assert!(evaluate(&double11_sneakers(), &a, TODAY));
    let after = cond(Condition::Bought { target: Target::Category("运动鞋".into()), from: date(2024, 11, 12), to: date(2024, 11, 30) });
    assert!(!evaluate(&after, &a, TODAY));
    let eve = cond(Condition::Bought { target: Target::Category("运动鞋".into()), from: date(2024, 11, 1), to: date(2024, 11, 10) });
    assert!(!evaluate(&eve, &a, TODAY));
    let product = |id| cond(Condition::Bought { target: Target::Product { id, name: "跑鞋X".into() }, from: date(2024, 11, 11), to: date(2024, 11, 11) });
    assert!(evaluate(&product(7), &a, TODAY));
    assert!(!evaluate(&product(12), &a, TODAY));
    assert!(!evaluate(&double11_sneakers(), &prospect(), TODAY));
}

#[test]
fn nested_and_or() {
    let big_spender = Rule::And(vec![
        cond(Condition::Spend { days: 90, cmp: Cmp::Gte(300_000) }),
        cond(Condition::OrderCount { days: None, cmp: Cmp::Gte(1) }),
    ]);
    let young_baby = |months: &str| text_field("宝宝月龄", FieldTest::Number(Cmp::Lte(dec(months))));
    let rule = |months: &str| {
        Rule::Or(vec![
            big_spender.clone(),
            Rule::And(vec![
                text_field("肤质", FieldTest::TextEquals("油性".into())),
                Rule::Or(vec![young_baby(months), cond(Condition::ConsultedNoOrder)]),
            ]),
        ])
    };
    let a = customer_a();
    assert!(!evaluate(&big_spender, &a, TODAY));
    assert!(evaluate(&rule("12"), &a, TODAY));
    assert!(!evaluate(&rule("6"), &a, TODAY));
    assert!(!evaluate(&rule("12"), &prospect(), TODAY));
    assert!(evaluate(&Rule::And(vec![]), &a, TODAY));
    assert!(!evaluate(&Rule::Or(vec![]), &a, TODAY));
}

#[test]
fn consultation_without_order() {
    assert!(evaluate(&cond(Condition::ConsultedNoOrder), &prospect(), TODAY));
    assert!(!evaluate(&cond(Condition::ConsultedNoOrder), &customer_a(), TODAY));
    assert!(!evaluate(&cond(Condition::ConsultedNoOrder), &CustomerFacts::default(), TODAY));
}

#[test]
fn category_share() {
    let a = customer_a();
    assert!(evaluate(&prefers_category("护肤"), &a, TODAY));
    assert!(!evaluate(&prefers_category("运动鞋"), &a, TODAY));
    let share = |cat: &str, days, cmp| cond(Condition::CategoryShare { category: cat.into(), days, cmp });
    assert!(evaluate(&share("运动鞋", 365, Cmp::Between(dec("26.7"), dec("26.8"))), &a, TODAY));
    assert!(evaluate(&share("护肤", 90, Cmp::Eq(dec("100"))), &a, TODAY));
    let half = CustomerFacts { purchases: vec![buy(TODAY, 1, "护肤", 50_000), buy(TODAY, 2, "彩妆", 50_000)], ..CustomerFacts::default() };
    assert!(evaluate(&prefers_category("护肤"), &half, TODAY));
    assert!(evaluate(&prefers_category("彩妆"), &half, TODAY));
    // No spend in the window: the share is undefined and the test false, even for ≤.
    assert!(!evaluate(&share("护肤", 365, Cmp::Lte(dec("10"))), &prospect(), TODAY));
}

#[test]
fn custom_fields() {
    let a = customer_a();
    assert!(evaluate(&text_field("肤质", FieldTest::TextContains("油".into())), &a, TODAY));
    assert!(!evaluate(&text_field("肤质", FieldTest::TextEquals("干性".into())), &a, TODAY));
    assert!(evaluate(&text_field("宝宝月龄", FieldTest::Number(Cmp::Between(dec("6"), dec("12")))), &a, TODAY));
    // Wrong kind and missing value are both false; `not` turns them true.
    assert!(!evaluate(&text_field("宝宝月龄", FieldTest::TextEquals("10".into())), &a, TODAY));
    let oily = text_field("肤质", FieldTest::TextEquals("油性".into()));
    assert!(!evaluate(&oily, &prospect(), TODAY));
    assert!(evaluate(&Rule::Not(Box::new(oily)), &prospect(), TODAY));
    let mut latin = CustomerFacts::default();
    latin.fields.insert("Note".into(), FieldValue::Text("VIP customer".into()));
    assert!(evaluate(&text_field("Note", FieldTest::TextContains("vip".into())), &latin, TODAY));
}

#[test]
fn seed_rules_on_customer_a() {
    let a = customer_a();
    // 365-day spend ¥3,729 < ¥5,000; 90-day spend ¥2,700 ≥ ¥2,000 but only 2 orders in 90 days.
    assert!(!evaluate(&high_value(), &a, TODAY));
    assert!(evaluate(&potential(), &a, TODAY));
    assert!(evaluate(&active(), &a, TODAY));
    assert!(!evaluate(&dormant(), &a, TODAY));
    assert!(!evaluate(&dormant(), &prospect(), TODAY));
    let mut whale = a.clone();
    whale.purchases.push(buy(20_190, 12, "护肤", 130_000));
    whale.order_days.push(20_190);
    assert!(evaluate(&high_value(), &whale, TODAY));
    assert!(!evaluate(&potential(), &whale, TODAY));
}

#[test]
fn lookback_covers_the_longest_window_and_earliest_date() {
    assert_eq!(lookback_day(&[high_value(), double11_sneakers()], TODAY), Some(TODAY - 364));
    let old = cond(Condition::Bought { target: Target::Category("运动鞋".into()), from: date(2023, 11, 11), to: date(2023, 11, 11) });
    assert_eq!(lookback_day(&[active(), old], TODAY), Some(day_of_date(date(2023, 11, 11))));
    assert_eq!(lookback_day(&[dormant(), cond(Condition::ConsultedNoOrder)], TODAY), None);
}
