//! Descriptions, validation errors, seed tags and the stored JSON shape.

use super::*;
use crate::customers::logic_tags::*;
use crate::i18n::Lang;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::str::FromStr;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn cond(c: Condition) -> Rule {
    Rule::Cond(c)
}

fn field(name: &str, test: FieldTest) -> Rule {
    cond(Condition::Field { name: name.into(), test })
}

fn schema() -> RuleSchema {
    RuleSchema {
        fields: vec![
            FieldDef { name: "宝宝月龄".into(), kind: FieldKind::Number },
            FieldDef { name: "肤质".into(), kind: FieldKind::Text },
        ],
        categories: vec!["护肤".into(), "彩妆".into(), "运动鞋".into(), "配件".into()],
    }
}

fn example() -> Rule {
    Rule::And(vec![
        cond(Condition::Spend { days: 90, cmp: Cmp::Gte(200_000) }),
        cond(Condition::OrderCount { days: None, cmp: Cmp::Gte(3) }),
    ])
}

#[test]
fn describes_the_brief_example() {
    assert_eq!(describe(&example(), Lang::Zh), "近 90 天消费 ≥ ¥2,000 且 订单数 ≥ 3");
    assert_eq!(describe(&example(), Lang::En), "Spend in the last 90 days ≥ ¥2,000 and orders ≥ 3");
}

#[test]
fn describes_seed_rules() {
    assert_eq!(
        describe(&high_value(), Lang::Zh),
        "近 365 天消费 ≥ ¥5,000 或 (近 90 天消费 ≥ ¥2,000 且 近 90 天订单数 ≥ 3)"
    );
    assert_eq!(
        describe(&high_value(), Lang::En),
        "Spend in the last 365 days ≥ ¥5,000 or (spend in the last 90 days ≥ ¥2,000 and orders in the last 90 days ≥ 3)"
    );
    assert_eq!(describe(&potential(), Lang::Zh), "近 365 天消费在 ¥1,000 至 ¥4,999.99 之间 且 近 90 天订单数 ≥ 1");
    assert_eq!(
        describe(&potential(), Lang::En),
        "Spend in the last 365 days between ¥1,000 and ¥4,999.99 and orders in the last 90 days ≥ 1"
    );
    assert_eq!(describe(&active(), Lang::Zh), "近 30 天订单数 ≥ 1 或 近 90 天订单数 ≥ 2");
    assert_eq!(describe(&dormant(), Lang::Zh), "距上次下单天数 ≥ 90");
    assert_eq!(describe(&dormant(), Lang::En), "Days since last order ≥ 90");
    assert_eq!(describe(&prefers_category("护肤"), Lang::Zh), "近 365 天「护肤」类消费占比 ≥ 50%");
    assert_eq!(describe(&prefers_category("护肤"), Lang::En), "Share of spend on “护肤” in the last 365 days ≥ 50%");
}

#[test]
fn describes_purchases_fields_and_negation() {
    let sneakers = cond(Condition::Bought { target: Target::Category("运动鞋".into()), from: date(2024, 11, 1), to: date(2024, 11, 11) });
    assert_eq!(describe(&sneakers, Lang::Zh), "2024-11-01 至 2024-11-11 购买过「运动鞋」类商品");
    assert_eq!(describe(&sneakers, Lang::En), "Bought category “运动鞋” from 2024-11-01 to 2024-11-11");
    let one_day = cond(Condition::Bought { target: Target::Product { id: 7, name: "跑鞋X".into() }, from: date(2024, 11, 11), to: date(2024, 11, 11) });
    assert_eq!(describe(&one_day, Lang::Zh), "2024-11-11 购买过商品「跑鞋X」");
    assert_eq!(describe(&one_day, Lang::En), "Bought product “跑鞋X” on 2024-11-11");
    let mom = Rule::And(vec![
        field("宝宝月龄", FieldTest::Number(Cmp::Lte(dec("12")))),
        field("肤质", FieldTest::TextEquals("油性".into())),
        Rule::Not(Box::new(cond(Condition::ConsultedNoOrder))),
    ]);
    assert_eq!(describe(&mom, Lang::Zh), "宝宝月龄 ≤ 12 且 肤质 = 油性 且 不满足 (咨询过但未下单)");
    assert_eq!(describe(&mom, Lang::En), "宝宝月龄 ≤ 12 and 肤质 = 油性 and not (consulted but never ordered)");
    let months = field("宝宝月龄", FieldTest::Number(Cmp::Between(dec("0"), dec("6.5"))));
    assert_eq!(describe(&months, Lang::Zh), "宝宝月龄在 0 至 6.5 之间");
    assert_eq!(describe(&field("肤质", FieldTest::TextContains("敏感".into())), Lang::Zh), "肤质 包含「敏感」");
    assert_eq!(describe(&cond(Condition::ConsultedNoOrder), Lang::En), "Consulted but never ordered");
    let single = Rule::Or(vec![Rule::And(vec![example()])]);
    assert_eq!(describe(&single, Lang::Zh), "近 90 天消费 ≥ ¥2,000 且 订单数 ≥ 3");
    assert_eq!(describe(&Rule::Or(vec![]), Lang::En), "(no conditions)");
}

#[test]
fn seeds_validate_and_are_named() {
    let tags = seed_tags(&["护肤".into(), "彩妆".into()], Lang::Zh);
    let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, vec!["高净值", "潜力", "活跃", "沉睡", "偏好护肤", "偏好彩妆"]);
    for t in &tags {
        assert_eq!(validate(&t.rule, &schema()), Ok(()), "{}", t.name);
    }
    assert_eq!(seed_tags(&["护肤".into()], Lang::En)[4].name, "Prefers 护肤");
}

#[test]
fn reports_every_problem_in_tree_order() {
    let rule = Rule::And(vec![
        cond(Condition::Spend { days: 0, cmp: Cmp::Gte(-5) }),
        Rule::Or(vec![
            cond(Condition::CategoryShare { category: "美妆".into(), days: 365, cmp: Cmp::Between(dec("60"), dec("50")) }),
            cond(Condition::Bought { target: Target::Category("运动鞋".into()), from: date(2024, 11, 11), to: date(2024, 11, 1) }),
        ]),
        field("肤质", FieldTest::TextEquals("  ".into())),
    ]);
    assert_eq!(
        validate(&rule, &schema()),
        Err(vec![
            TagError::BadWindow { at: "1".into(), days: 0 },
            TagError::BadAmount { at: "1".into(), fen: -5 },
            TagError::UnknownCategory { at: "2.1".into(), name: "美妆".into() },
            TagError::RangeReversed { at: "2.1".into(), min: "60%".into(), max: "50%".into() },
            TagError::DateRangeReversed { at: "2.2".into(), from: date(2024, 11, 11), to: date(2024, 11, 1) },
            TagError::EmptyText { at: "3".into() },
        ])
    );
}

#[test]
fn unknown_fields_and_wrong_kinds() {
    let unknown = field("星座", FieldTest::TextEquals("狮子".into()));
    assert_eq!(validate(&unknown, &schema()), Err(vec![TagError::UnknownField { at: "".into(), name: "星座".into() }]));
    let wrong = Rule::Or(vec![field("宝宝月龄", FieldTest::TextEquals("12".into()))]);
    let errors = validate(&wrong, &schema()).unwrap_err();
    assert_eq!(errors, vec![TagError::FieldKindMismatch { at: "1".into(), name: "宝宝月龄".into(), kind: FieldKind::Number }]);
    assert_eq!(errors[0].message(Lang::Zh), "条件 1：「宝宝月龄」是数字字段，不能这样比较");
    assert_eq!(errors[0].message(Lang::En), "Condition 1: '宝宝月龄' is a number field and cannot be compared this way");
    let reversed = field("宝宝月龄", FieldTest::Number(Cmp::Between(dec("12"), dec("6"))));
    assert_eq!(validate(&reversed, &schema()), Err(vec![TagError::RangeReversed { at: "".into(), min: "12".into(), max: "6".into() }]));
}

#[test]
fn bad_numbers() {
    let pct = cond(Condition::CategoryShare { category: "护肤".into(), days: 3651, cmp: Cmp::Gte(dec("120")) });
    let errors = validate(&pct, &schema()).unwrap_err();
    assert_eq!(errors, vec![TagError::BadWindow { at: "".into(), days: 3651 }, TagError::BadPercent { at: "".into(), value: dec("120") }]);
    assert_eq!(errors[0].message(Lang::Zh), "天数 3651 无效，应在 1–3650 之间");
    assert_eq!(errors[1].message(Lang::En), "120% is not a valid percentage (0–100)");
    let money = cond(Condition::Spend { days: 30, cmp: Cmp::Between(500_000, 100_000) });
    let errors = validate(&money, &schema()).unwrap_err();
    assert_eq!(errors, vec![TagError::RangeReversed { at: "".into(), min: "¥5,000".into(), max: "¥1,000".into() }]);
    assert_eq!(errors[0].message(Lang::Zh), "范围下限 ¥5,000 大于上限 ¥1,000");
    let product = cond(Condition::Bought { target: Target::Product { id: 0, name: " ".into() }, from: date(2024, 1, 1), to: date(2024, 1, 2) });
    assert_eq!(
        validate(&product, &schema()),
        Err(vec![TagError::BadProductId { at: "".into(), id: 0 }, TagError::EmptyText { at: "".into() }])
    );
    let counts = cond(Condition::OrderCount { days: Some(0), cmp: Cmp::Between(5, 2) });
    assert_eq!(
        validate(&counts, &schema()),
        Err(vec![TagError::BadWindow { at: "".into(), days: 0 }, TagError::RangeReversed { at: "".into(), min: "5".into(), max: "2".into() }])
    );
}

#[test]
fn structure_limits() {
    let leaf = || cond(Condition::ConsultedNoOrder);
    // Five group levels: and › or › and › or › and.
    let deep = Rule::And(vec![Rule::Or(vec![Rule::And(vec![Rule::Or(vec![Rule::And(vec![leaf()])])])])]);
    assert_eq!(validate(&deep, &schema()), Err(vec![TagError::TooDeep { at: "1.1.1.1".into(), max: 4 }]));
    let four = Rule::And(vec![Rule::Or(vec![Rule::And(vec![Rule::Not(Box::new(leaf()))])])]);
    assert_eq!(validate(&four, &schema()), Ok(()));
    let many = Rule::Or((0..21).map(|_| leaf()).collect());
    let errors = validate(&many, &schema()).unwrap_err();
    assert_eq!(errors, vec![TagError::TooManyConditions { count: 21, max: 20 }]);
    assert_eq!(errors[0].message(Lang::Zh), "规则有 21 个条件，最多 20 个");
    assert_eq!(validate(&Rule::Or((0..20).map(|_| leaf()).collect()), &schema()), Ok(()));
    let empty = Rule::And(vec![leaf(), Rule::Or(vec![])]);
    let errors = validate(&empty, &schema()).unwrap_err();
    assert_eq!(errors, vec![TagError::EmptyGroup { at: "2".into() }]);
    assert_eq!(errors[0].message(Lang::Zh), "条件 2：条件组不能为空");
}

#[test]
fn stored_json_shape() {
    let json = serde_json::to_string(&example()).unwrap();
    assert_eq!(json, r#"{"and":[{"cond":{"spend":{"days":90,"cmp":{"gte":200000}}}},{"cond":{"order_count":{"cmp":{"gte":3}}}}]}"#);
    let stored = r#"{"or":[
        {"cond":{"bought":{"target":{"category":"运动鞋"},"from":"2024-11-01","to":"2024-11-11"}}},
        {"not":{"cond":"consulted_no_order"}},
        {"cond":{"category_share":{"category":"护肤","days":365,"cmp":{"between":["50","100"]}}}},
        {"cond":{"field":{"name":"宝宝月龄","test":{"number":{"lte":"12"}}}}},
        {"cond":{"bought":{"target":{"product":{"id":7,"name":"跑鞋X"}},"from":"2024-11-11","to":"2024-11-11"}}}
    ]}"#;
    let rule: Rule = serde_json::from_str(stored).unwrap();
    assert_eq!(
        rule,
        Rule::Or(vec![
            cond(Condition::Bought { target: Target::Category("运动鞋".into()), from: date(2024, 11, 1), to: date(2024, 11, 11) }),
            Rule::Not(Box::new(cond(Condition::ConsultedNoOrder))),
            cond(Condition::CategoryShare { category: "护肤".into(), days: 365, cmp: Cmp::Between(dec("50"), dec("100")) }),
            field("宝宝月龄", FieldTest::Number(Cmp::Lte(dec("12")))),
            cond(Condition::Bought { target: Target::Product { id: 7, name: "跑鞋X".into() }, from: date(2024, 11, 11), to: date(2024, 11, 11) }),
        ])
    );
    let back: Rule = serde_json::from_str(&serde_json::to_string(&rule).unwrap()).unwrap();
    assert_eq!(back, rule);
    // A misspelt key is refused instead of silently ignored.
    let err = serde_json::from_str::<Rule>(r#"{"cond":{"spend":{"days":90,"cmp":{"gte":1},"dyas":3}}}"#).unwrap_err();
    assert!(err.to_string().starts_with("unknown field `dyas`"), "{err}");
}

#[test]
fn every_error_round_trips_and_has_both_texts() {
    let errors = vec![
        TagError::EmptyGroup { at: "1".into() },
        TagError::TooDeep { at: "1.1".into(), max: 4 },
        TagError::TooManyConditions { count: 21, max: 20 },
        TagError::UnknownField { at: "".into(), name: "x".into() },
        TagError::FieldKindMismatch { at: "".into(), name: "x".into(), kind: FieldKind::Text },
        TagError::UnknownCategory { at: "".into(), name: "x".into() },
        TagError::BadWindow { at: "".into(), days: 0 },
        TagError::BadAmount { at: "".into(), fen: -1 },
        TagError::BadPercent { at: "".into(), value: dec("101") },
        TagError::RangeReversed { at: "".into(), min: "2".into(), max: "1".into() },
        TagError::DateRangeReversed { at: "".into(), from: date(2024, 2, 1), to: date(2024, 1, 1) },
        TagError::EmptyText { at: "".into() },
        TagError::TextTooLong { at: "".into(), max: 50 },
        TagError::BadProductId { at: "".into(), id: -3 },
    ];
    let mut codes = std::collections::BTreeSet::new();
    for e in errors {
        let back: TagError = serde_json::from_str(&serde_json::to_string(&e).unwrap()).unwrap();
        assert_eq!(back, e);
        assert!(codes.insert(e.code()));
        assert_ne!(e.message(Lang::Zh), e.message(Lang::En));
    }
    assert_eq!(codes.len(), 14);
    assert_eq!(TagError::BadAmount { at: "2".into(), fen: -1 }.message(Lang::Zh), "条件 2：金额 -¥0.01 无效，应在 ¥0–¥100,000,000 之间");
}
