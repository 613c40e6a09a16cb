//! The month's workflow, the rule editor's input, months, digests and contributions.

use super::*;
use crate::commissions::logic::{fen_share, fen_times_rate, rate_bp, rate_from_bp, CommissionError};
use crate::commissions::logic_flow::*;
use crate::commissions::logic_input::{parse_percent, parse_rule_set};
use crate::commissions::logic_month::{digest, month_end};
use crate::commissions::logic_rules::RateField;
use crate::commissions::logic_settle::contributions;
use crate::commissions::{CategoryRateInput, ProductRateInput, RuleSetInput, TierInput};
use crate::error::{AppError, CommonError};

const FEB: Month = Month { year: 2026, month: 2 };
const JAN: Month = Month { year: 2026, month: 1 };

#[test]
fn months_parse_print_and_bound_instants() {
    assert_eq!(Month::parse("2026-03"), Some(MAR));
    assert_eq!(Month::parse("2026-3"), Some(MAR));
    assert_eq!(Month::parse("202603"), Some(MAR));
    assert_eq!(Month::parse("2026-13"), None);
    assert_eq!(Month::parse("26-03"), None);
    assert_eq!(MAR.to_string(), "2026-03");
    assert_eq!((MAR.key(), Month::from_key(202_603)), (202_603, Some(MAR)));
    assert_eq!(Month { year: 2026, month: 12 }.next(), Month { year: 2027, month: 1 });
    assert_eq!(JAN.prev(), Month { year: 2025, month: 12 });
    // 1 March 00:00 in Shanghai is 28 February 16:00 UTC.
    assert_eq!(MAR.start_ms(), at(2026, 3, 1, 0, 0));
    assert_eq!(Month::of_ms(MAR.start_ms() - 1), FEB);
    assert_eq!(Month::of_ms(MAR.last_ms()), MAR);
    assert_eq!(MAR.last_day(), date(2026, 3, 31));
    assert_eq!(serde_json::to_string(&MAR).unwrap(), "\"2026-03\"");
    assert!(serde_json::from_str::<Month>("\"March\"").is_err());
}

#[test]
fn rounding_goes_through_money() {
    // ¥123.45 × 10% = 12.345 → ¥12.35 (half-up); −0.5 fen → −1 fen (away from zero).
    assert_eq!(fen_times_rate(12_345, d("0.10")), 1_235);
    assert_eq!(fen_share(-1, 1, 2), -1);
    assert_eq!(fen_share(60_000, 333_333, 1_200_000), 16_667);
    assert_eq!((rate_bp(d("0.0825")), rate_from_bp(825)), (825, d("0.0825")));
    assert_eq!(rate_from_bp(1_000).to_string(), "0.1");
}

#[test]
fn months_run_in_order_and_close_when_over() {
    // Rules start in January, nothing closed: January first, then in order.
    assert_eq!(check_run(JAN, MAR, None, Some(JAN)), Ok(()));
    assert_eq!(check_run(FEB, MAR, None, Some(JAN)), Err(CommissionError::PreviousMonthOpen { month: JAN }));
    assert_eq!(check_run(Month { year: 2025, month: 12 }, MAR, None, Some(JAN)), Err(CommissionError::NoRulesInForce { month: Month { year: 2025, month: 12 } }));
    assert_eq!(check_run(JAN, MAR, None, None), Err(CommissionError::NoRulesInForce { month: JAN }));
    // January closed: February may run (again and again), January not, March not yet.
    assert_eq!(check_run(FEB, MAR, Some(JAN), Some(JAN)), Ok(()));
    assert_eq!(check_run(JAN, MAR, Some(JAN), Some(JAN)), Err(CommissionError::MonthClosed { month: JAN }));
    assert_eq!(check_run(MAR, MAR, Some(JAN), Some(JAN)), Err(CommissionError::PreviousMonthOpen { month: FEB }));
    // The current month may be run (drafts so far); a future one not.
    assert_eq!(check_run(MAR, MAR, Some(FEB), Some(JAN)), Ok(()));
    assert_eq!(check_run(APR, MAR, Some(MAR), Some(JAN)), Err(CommissionError::MonthInFuture { month: APR }));
    // Approval: run first, once, after the month.
    assert_eq!(check_approve(MAR, None, APR.start_ms()), Err(CommissionError::MonthNotRun { month: MAR }));
    assert_eq!(check_approve(MAR, Some(MonthStatus::Draft), MAR.last_ms()), Err(CommissionError::MonthNotOver { month: MAR }));
    assert_eq!(check_approve(MAR, Some(MonthStatus::Draft), APR.start_ms()), Ok(()));
    assert_eq!(check_approve(MAR, Some(MonthStatus::Closed), APR.start_ms()), Err(CommissionError::MonthClosed { month: MAR }));
}

#[test]
fn payout_dates_and_rule_dates() {
    assert_eq!(check_pay_date(MAR, date(2026, 4, 5), date(2026, 4, 6)), Ok(()));
    let range = Err(CommissionError::PayDateOutOfRange { earliest: date(2026, 3, 1), latest: date(2026, 4, 6) });
    assert_eq!(check_pay_date(MAR, date(2026, 4, 7), date(2026, 4, 6)), range);
    assert_eq!(check_pay_date(MAR, date(2026, 2, 28), date(2026, 4, 6)), range);
    // Nothing closed: any date. February closed: from 1 March; a set effective in February is locked.
    assert_eq!(check_rule_date(None, date(2025, 1, 1), None), Ok(()));
    assert_eq!(check_rule_date(None, date(2026, 3, 1), Some(FEB)), Ok(()));
    assert_eq!(
        check_rule_date(None, date(2026, 2, 28), Some(FEB)),
        Err(CommissionError::EffectiveDateInClosedMonth { effective_from: date(2026, 2, 28), first_open_month: MAR })
    );
    assert_eq!(
        check_rule_date(Some(date(2026, 2, 10)), date(2026, 3, 10), Some(FEB)),
        Err(CommissionError::RuleSetLocked { effective_from: date(2026, 2, 10) })
    );
    assert_eq!(check_rule_date(Some(date(2026, 3, 10)), date(2026, 3, 20), Some(FEB)), Ok(()));
}

fn input() -> RuleSetInput {
    RuleSetInput {
        id: None,
        effective_from: "2026-03-16".into(),
        mode: TierMode::WholeAmount,
        accrue_on: AccrueOn::Shipped,
        tiers: vec![
            TierInput { from: "0".into(), rate: "5".into() },
            TierInput { from: "10,000".into(), rate: "8%".into() },
            TierInput { from: "".into(), rate: "".into() },
            TierInput { from: "30000".into(), rate: "10".into() },
        ],
        overrides: vec!["10".into(), "5".into(), "".into()],
        category_rates: vec![CategoryRateInput { category: " 美妆 ".into(), rate: "12".into() }],
        product_rates: vec![ProductRateInput { product_id: "99".into(), rate: "3.5".into() }, ProductRateInput::default()],
        note: "".into(),
    }
}

#[test]
fn the_editor_input_becomes_a_rule_set() {
    let r = parse_rule_set(&input(), 7).unwrap();
    assert_eq!(r.id, 7);
    assert_eq!(r.effective_from, date(2026, 3, 16));
    assert_eq!(r.tiers, tiers(&[(0, "0.05"), (1_000_000, "0.08"), (3_000_000, "0.10")]));
    assert_eq!(r.overrides, vec![d("0.10"), d("0.05")], "a trailing blank level is dropped");
    assert_eq!(r.category_rates[0].category, "美妆");
    assert_eq!((r.product_rates.len(), r.product_rates[0].rate), (1, d("0.035")));
    assert_eq!(parse_percent("8.5%"), Some(d("0.085")));
    assert_eq!(parse_percent("abc"), None);
}

#[test]
fn the_editor_input_names_every_problem() {
    let mut i = input();
    i.overrides = vec!["10".into(), "5".into(), "2".into(), "1".into()];
    assert_eq!(parse_rule_set(&i, 0), Err(CommissionError::TooManyLevels { levels: 4 }.into()));
    let mut i = input();
    i.effective_from = "2026/03/16".into();
    i.tiers[1].rate = "八".into();
    let e = parse_rule_set(&i, 0).unwrap_err();
    assert_eq!(
        e,
        CommissionError::InvalidCandidate {
            problems: vec![CommissionError::BadDate { field: "effective_from".into() }, CommissionError::BadRate { field: RateField::Tier(1) }]
        }
        .into()
    );
    let mut i = input();
    i.tiers[1].from = "1万".into();
    assert_eq!(parse_rule_set(&i, 0), Err(CommissionError::BadThreshold { index: 1 }.into()));
    let mut i = input();
    i.product_rates[0].product_id = "x".into();
    assert_eq!(parse_rule_set(&i, 0), Err(AppError::from(CommonError::BadChoice { field: "product_rates".into() })));
    let mut i = input();
    i.tiers = vec![TierInput { from: "".into(), rate: "5".into() }];
    assert_eq!(parse_rule_set(&i, 0).unwrap().tiers, tiers(&[(0, "0.05")]), "a blank first threshold is 0");
}

#[test]
fn digest_changes_with_any_field_and_not_with_order() {
    let r = month_end(&inputs(MAR, agents(&[(1, None), (2, Some(1))]), vec![flat5(&["0.10"])], vec![sale(1, 2, 10_000, at(2026, 3, 1, 9, 0), at(2026, 3, 2, 9, 0))]))
        .unwrap();
    let d0 = digest(&r.lines);
    assert_eq!(d0.len(), 16);
    let mut rev = r.lines.clone();
    rev.reverse();
    assert_eq!(digest(&rev), d0);
    let mut changed = r.lines.clone();
    changed[0].amount_fen += 1;
    assert_ne!(digest(&changed), d0);
    assert_ne!(digest(&[]), d0);
}

#[test]
fn contributions_sum_override_lines_per_seller() {
    // A (1) ← B (2) ← C (3): B and C sell; A sees B at level 1 and C at level 2.
    let p = at(2026, 3, 1, 9, 0);
    let orders = vec![sale(1, 2, 10_000, p, p + 1), sale(2, 3, 20_000, p, p + 1), sale(3, 3, 5_000, p, p + 1)];
    let r = month_end(&inputs(MAR, agents(&[(1, None), (2, Some(1)), (3, Some(2))]), vec![flat5(&["0.10", "0.05"])], orders)).unwrap();
    let a = stmt(&r, 1);
    let c = contributions(&a.lines, MAR);
    assert_eq!(
        c.iter().map(|c| (c.level, c.seller_id, c.base_fen, c.amount_fen, c.orders)).collect::<Vec<_>>(),
        vec![(1, 2, 10_000, 1_000, 1), (2, 3, 25_000, 1_250, 2)]
    );
}
