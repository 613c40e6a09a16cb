//! Rule set validation, lookup by date, rate precedence, error texts.

use super::*;
use crate::commissions::logic::CommissionError as RuleError;
use crate::commissions::logic_rules::*;
use crate::commissions::text::error_text;
use crate::i18n::Lang;

fn good() -> RuleSet {
    rule(7, date(2026, 3, 1), TierMode::Marginal, brief_tiers(), &["0.10", "0.05"])
}

#[test]
fn a_good_rule_set_passes() {
    assert_eq!(good().validate(), Ok(()));
    assert!(good().problems().is_empty());
}

#[test]
fn tiers_must_start_at_zero_and_ascend() {
    let mut r = good();
    r.tiers = vec![];
    assert_eq!(r.validate(), Err(RuleError::NoTiers));
    r.tiers = tiers(&[(100, "0.05")]);
    assert_eq!(r.validate(), Err(RuleError::FirstTierNotZero { from_fen: 100 }));
    r.tiers = tiers(&[(0, "0.05"), (1_000_000, "0.08"), (1_000_000, "0.10")]);
    assert_eq!(
        r.validate(),
        Err(RuleError::TierNotAscending { index: 2, from_fen: 1_000_000, previous_from_fen: 1_000_000 })
    );
    r.tiers = tiers(&[(0, "0.05"), (1_000_000, "0.04")]);
    assert_eq!(
        r.validate(),
        Err(RuleError::TierRateDecreasing { index: 1, rate: d("0.04"), previous_rate: d("0.05") })
    );
}

#[test]
fn rates_are_fractions_within_the_cap() {
    let mut r = good();
    // "10" typed for 10%
    r.overrides = vec![d("10")];
    assert_eq!(r.validate(), Err(RuleError::RateOutOfRange { field: RateField::Override(1), rate: d("10") }));
    r.overrides = vec![d("-0.01")];
    assert_eq!(r.validate(), Err(RuleError::RateOutOfRange { field: RateField::Override(1), rate: d("-0.01") }));
    r.overrides = vec![d("0.5")];
    assert_eq!(r.validate(), Ok(()), "50% is allowed");
    r.overrides = vec![d("0.50001")];
    assert_eq!(r.validate(), Err(RuleError::RateOutOfRange { field: RateField::Override(1), rate: d("0.50001") }));
    r.overrides = vec![];
    r.category_rates = vec![CategoryRate { category: "服装".into(), rate: d("0.12345") }];
    assert_eq!(r.validate(), Err(RuleError::RateTooPrecise { field: RateField::Category("服装".into()), rate: d("0.12345") }));
    // Trailing zeros are not precision.
    r.category_rates = vec![CategoryRate { category: "服装".into(), rate: d("0.123400") }];
    assert_eq!(r.validate(), Ok(()));
}

#[test]
fn at_most_three_levels_citing_the_regulation() {
    let mut r = good();
    r.overrides = vec![d("0.10"), d("0.05"), d("0.03")];
    assert_eq!(r.validate(), Ok(()));
    r.overrides.push(d("0.01"));
    let e = r.validate().unwrap_err();
    assert_eq!(e, RuleError::TooManyLevels { levels: 4 });
    assert_eq!(e.code(), "too_many_levels");
    assert!(error_text(&e, Lang::Zh).contains("《禁止传销条例》"));
    assert!(error_text(&e, Lang::Zh).contains("传销"));
    assert!(error_text(&e, Lang::En).contains("pyramid selling"));
}

#[test]
fn one_order_cannot_pay_more_than_its_base() {
    let mut r = good();
    r.tiers = tiers(&[(0, "0.40"), (1_000_000, "0.50")]);
    r.overrides = vec![d("0.30"), d("0.20"), d("0.05")];
    // 50% + 30% + 20% + 5% = 105%
    assert_eq!(r.problems(), vec![RuleError::TotalRateTooHigh { total: d("1.05") }]);
}

#[test]
fn duplicates_and_all_problems_at_once() {
    let mut r = good();
    r.tiers = tiers(&[(5, "0.05"), (0, "0.08")]);
    r.category_rates =
        vec![CategoryRate { category: "服装".into(), rate: d("0.1") }, CategoryRate { category: "服装".into(), rate: d("0.2") }];
    r.product_rates =
        vec![ProductRate { product_id: 9, rate: d("0.1") }, ProductRate { product_id: 9, rate: d("0.1") }];
    assert_eq!(
        r.problems(),
        vec![
            RuleError::FirstTierNotZero { from_fen: 5 },
            RuleError::TierNotAscending { index: 1, from_fen: 0, previous_from_fen: 5 },
            RuleError::DuplicateCategoryRate { category: "服装".into() },
            RuleError::DuplicateProductRate { product_id: 9 },
        ]
    );
}

#[test]
fn the_rule_in_force_is_the_latest_started() {
    let a = rule(1, date(2026, 1, 1), TierMode::Marginal, brief_tiers(), &[]);
    let b = rule(2, date(2026, 3, 16), TierMode::Marginal, brief_tiers(), &[]);
    let sets = vec![b.clone(), a.clone()];
    assert_eq!(rule_in_force(&sets, date(2025, 12, 31)), None);
    assert_eq!(rule_in_force(&sets, date(2026, 3, 15)).map(|r| r.id), Some(1));
    assert_eq!(rule_in_force(&sets, date(2026, 3, 16)).map(|r| r.id), Some(2));
    assert_eq!(validate_schedule(&sets), Ok(()));
    let c = rule(3, date(2026, 3, 16), TierMode::Marginal, brief_tiers(), &[]);
    assert_eq!(
        validate_schedule(&[a, b, c]),
        Err(RuleError::InvalidRuleSet {
            rule_set_id: 3,
            problem: Box::new(RuleError::DuplicateEffectiveDate { effective_from: date(2026, 3, 16) })
        })
    );
}

#[test]
fn effective_date_cannot_fall_in_a_closed_month() {
    assert_eq!(check_effective_date(date(2026, 4, 1), APR), Ok(()));
    assert_eq!(check_effective_date(date(2026, 4, 20), APR), Ok(()));
    let e = check_effective_date(date(2026, 3, 31), APR).unwrap_err();
    assert_eq!(e, RuleError::EffectiveDateInClosedMonth { effective_from: date(2026, 3, 31), first_open_month: APR });
    assert_eq!(error_text(&e, Lang::Zh), "生效日期 2026-03-31 所在月份已结算，不能再改；最早可从 2026-04-01 起生效");
}

#[test]
fn product_beats_category_beats_tier() {
    let mut r = good();
    r.category_rates = vec![CategoryRate { category: "美妆".into(), rate: d("0.12") }];
    r.product_rates = vec![ProductRate { product_id: 99, rate: d("0.03") }];
    assert_eq!(r.own_rate(99, Some("美妆")), (LineSource::Product(99), d("0.03")));
    assert_eq!(r.own_rate(1, Some("美妆")), (LineSource::Category("美妆".into()), d("0.12")));
    assert_eq!(r.own_rate(1, Some("食品")), (LineSource::Tier, d("0.05")));
    assert_eq!(r.own_rate(1, None), (LineSource::Tier, d("0.05")));
}

#[test]
fn messages_and_serde() {
    let e = RuleError::RateOutOfRange { field: RateField::Tier(1), rate: d("0.8") };
    assert_eq!(error_text(&e, Lang::Zh), "第 2 档提成比例为 80%，须在 0% 到 50% 之间");
    assert_eq!(error_text(&e, Lang::En), "the rate of tier 2 is 80%; it must be between 0% and 50%");
    let e = RuleError::TierNotAscending { index: 1, from_fen: 50_000, previous_from_fen: 100_000 };
    assert_eq!(error_text(&e, Lang::Zh), "第 2 档的起点 500.00 元须高于第 1 档的 1000.00 元");
    assert_eq!(error_text(&e, Lang::En), "Tier 2 starts at 500.00, which must be above tier 1's 1000.00");
    let json = serde_json::to_string(&e).unwrap();
    assert_eq!(json, r#"{"code":"tier_not_ascending","index":1,"from_fen":50000,"previous_from_fen":100000}"#);
    assert_eq!(serde_json::from_str::<RuleError>(&json).unwrap(), e);
    let r = good();
    let back: RuleSet = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
    assert_eq!(back, r);
}
