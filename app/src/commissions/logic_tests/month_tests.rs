//! Month end: overrides, special rates, rule changes, idempotency, preview, errors.

use super::*;
use crate::commissions::logic::CommissionError;
use crate::commissions::logic_accrual::LineKind;
use crate::commissions::logic_month::{diff_lines, month_end, preview, AgentComparison};
use crate::commissions::logic_rules::{CategoryRate, ProductRate, TierMode::WholeAmount};
use crate::commissions::text::error_text;
use crate::i18n::Lang;

/// A (1) ← B (2) ← C (3) ← D (4); flat 5%, overrides 10% / 5%.
/// C sells ¥123.45, B ¥200, A ¥400, D ¥300.
fn tree_month() -> MonthEndInputs {
    let (p, s) = (at(2026, 3, 1, 10, 0), at(2026, 3, 2, 10, 0));
    let orders = vec![
        sale(31, 3, 12_345, p, s),
        sale(21, 2, 20_000, p, s),
        sale(11, 1, 40_000, p, s),
        sale(41, 4, 30_000, p, s),
    ];
    inputs(MAR, agents(&[(1, None), (2, Some(1)), (3, Some(2)), (4, Some(3))]), vec![flat5(&["0.10", "0.05"])], orders)
}

#[test]
fn two_level_overrides_on_a_three_level_tree() {
    let r = month_end(&tree_month()).unwrap();
    // C's ¥123.45: C 5% = 617.25 → 617; B 10% = 1,234.5 → 1,235 (half-up); A 5% = 617.25 → 617.
    assert_eq!(amounts_for(&r, 3, 31), vec![(0, 617)]);
    assert_eq!(amounts_for(&r, 2, 31), vec![(1, 1_235)]);
    assert_eq!(amounts_for(&r, 1, 31), vec![(2, 617)]);
    // D's ¥300 pays C (level 1) and B (level 2) but not A: only two levels are configured.
    assert_eq!(amounts_for(&r, 3, 41), vec![(1, 3_000)]);
    assert_eq!(amounts_for(&r, 2, 41), vec![(2, 1_500)]);
    assert_eq!(amounts_for(&r, 1, 41), vec![]);
    // A is the root: B's sale pays A at level 1 only; A's own sale pays no one above.
    assert_eq!(amounts_for(&r, 1, 21), vec![(1, 2_000)]);
    let (a, b, c, dd) = (stmt(&r, 1), stmt(&r, 2), stmt(&r, 3), stmt(&r, 4));
    // A: own 2,000 + L1 2,000 + L2 617
    assert_eq!(
        (a.own.amount_fen, a.levels[0].amount_fen, a.levels[1].amount_fen, a.total_fen),
        (2_000, 2_000, 617, 4_617)
    );
    assert_eq!(a.levels[1].base_fen, 12_345);
    // B: own 1,000 + L1 1,235 + L2 1,500; C: own 617 + L1 3,000; D: own 1,500.
    assert_eq!(
        (b.own.amount_fen, b.levels[0].amount_fen, b.levels[1].amount_fen, b.total_fen),
        (1_000, 1_235, 1_500, 3_735)
    );
    assert_eq!((c.total_fen, dd.total_fen), (3_617, 1_500));
    // One tier only: the adjustment lines exist and are 0.
    assert_eq!([1, 2, 3, 4].map(|a| adjustment(&r, a)), [Some(0); 4]);
    assert_eq!(r.total_fen, 13_469);
    r.statements.iter().for_each(check_statement);
}

#[test]
fn category_and_product_rates_count_toward_the_tier() {
    let mut rule = rule(1, date(2026, 1, 1), WholeAmount, tiers(&[(0, "0.05"), (1_000_000, "0.08")]), &[]);
    rule.category_rates = vec![CategoryRate { category: "美妆".into(), rate: d("0.12") }];
    rule.product_rates = vec![ProductRate { product_id: 99, rate: d("0.03") }];
    let (p, s) = (at(2026, 3, 1, 10, 0), at(2026, 3, 2, 10, 0));
    let mixed = vec![line(1, Some("美妆"), 2, 5_000), line(2, Some("服装"), 1, 20_000), line(99, Some("美妆"), 1, 10_000)];
    let o1 = with_status(order(1, 1, p, mixed), OrderStatus::Shipped, s);
    let o2 = sale(2, 1, 970_000, p, s);
    let r = month_end(&inputs(MAR, agents(&[(1, None)]), vec![rule], vec![o1, o2])).unwrap();
    // Order 1: tier 20,000 × 5% = 1,000; category 美妆: 10,000 × 12% = 1,200; product 99 (in
    // category 美妆, product wins): 10,000 × 3% = 300. Order 2: 970,000 × 5% = 48,500.
    assert_eq!(amounts_for(&r, 1, 1), vec![(0, 1_000), (0, 1_200), (0, 300)]);
    assert_eq!(amounts_for(&r, 1, 2), vec![(0, 48_500)]);
    // Volume 1,010,000 ≥ 1,000,000 only thanks to the special lines: 8% on the 990,000 at
    // tier rate = 79,200; provisional 49,500; adjustment 29,700. Specials stay 1,500.
    let st = stmt(&r, 1);
    assert_eq!(st.volume_fen(), 1_010_000);
    assert_eq!(adjustment(&r, 1), Some(29_700));
    assert_eq!(st.own_total_fen(), 80_700);
    assert_eq!(st.settlement.as_ref().unwrap().target_fen, 79_200);
    check_statement(st);
}

#[test]
fn coupon_order_with_freight_end_to_end() {
    let mut rule = flat5(&["0.10"]);
    rule.category_rates = vec![CategoryRate { category: "美妆".into(), rate: d("0.12") }];
    let mut o = order(1, 2, at(2026, 3, 1, 9, 0), vec![line(1, Some("美妆"), 2, 5_990), line(2, Some("服装"), 1, 3_990)]);
    (o.discount_fen, o.coupon_fen, o.freight_fen) = (1_000, 500, 800);
    let o = with_status(o, OrderStatus::Shipped, at(2026, 3, 2, 9, 0));
    let r = month_end(&inputs(MAR, agents(&[(1, None), (2, Some(1))]), vec![rule], vec![o])).unwrap();
    // Base 14,470 (see base_tests): tier 3,615 × 5% = 180.75 → 181; category 10,855 × 12% =
    // 1,302.6 → 1,303; upline 14,470 × 10% = 1,447. Freight ¥8 earns nothing.
    assert_eq!(amounts_for(&r, 2, 1), vec![(0, 181), (0, 1_303)]);
    assert_eq!(amounts_for(&r, 1, 1), vec![(1, 1_447)]);
    assert_eq!(stmt(&r, 2).volume_fen(), 14_470);
    // Tier target 3,615 × 5% = 180.75 → 181: no adjustment needed.
    assert_eq!(adjustment(&r, 2), Some(0));
    assert_eq!(stmt(&r, 2).total_fen, 1_484);
}

#[test]
fn rule_change_mid_month_by_placing_date() {
    let r1 = rule(1, date(2026, 1, 1), WholeAmount, tiers(&[(0, "0.05")]), &["0.10"]);
    let r2 = rule(2, date(2026, 3, 16), WholeAmount, tiers(&[(0, "0.06"), (500_000, "0.09")]), &["0.12"]);
    let shipped = at(2026, 3, 20, 12, 0);
    let orders = vec![
        sale(1, 1, 100_000, at(2026, 3, 15, 23, 59), shipped), // last minute under R1 (15:59 UTC)
        sale(2, 1, 200_000, at(2026, 3, 16, 0, 0), shipped),   // first minute under R2 (3-15 16:00 UTC)
        sale(3, 1, 300_000, at(2026, 3, 1, 8, 0), at(2026, 3, 2, 8, 0)),
    ];
    let r = month_end(&inputs(MAR, agents(&[(9, None), (1, Some(9))]), vec![r2, r1], orders)).unwrap();
    let rule_of = |o: i64| r.lines.iter().find(|l| l.order_id == Some(o)).unwrap().rule_set_id;
    assert_eq!((rule_of(1), rule_of(2), rule_of(3)), (Some(1), Some(2), Some(1)));
    // Provisional: 5,000 (5%), 12,000 (6%), 15,000 (5%); overrides 10,000, 24,000 (12%), 30,000.
    assert_eq!(amounts_for(&r, 1, 2), vec![(0, 12_000)]);
    assert_eq!(amounts_for(&r, 9, 2), vec![(1, 24_000)]);
    // Volume 600,000. R1's 400,000 at R1's 5% = 20,000; R2's 200,000 at R2's tier reached by
    // the month (9%) = 18,000. Target 38,000 − provisional 32,000 = adjustment 6,000.
    assert_eq!(adjustment(&r, 1), Some(6_000));
    let st = stmt(&r, 1);
    assert_eq!(st.total_fen, 38_000);
    let parts = &st.settlement.as_ref().unwrap().parts;
    assert_eq!(
        parts.iter().map(|p| (p.rule_set_id, p.tiered_base_fen, p.tier_rate)).collect::<Vec<_>>(),
        vec![(1, 400_000, d("0.05")), (2, 200_000, d("0.09"))]
    );
    assert_eq!(stmt(&r, 9).total_fen, 64_000);
}

#[test]
fn accrue_on_completed_moves_the_order_to_the_completion_month() {
    let mut rule = flat5(&[]);
    rule.accrue_on = crate::commissions::logic_rules::AccrueOn::Completed;
    let o = sale(1, 1, 10_000, at(2026, 3, 1, 0, 0), at(2026, 3, 30, 0, 0));
    let o = with_status(o, OrderStatus::Completed, at(2026, 4, 3, 0, 0));
    let ins = |m| inputs(m, agents(&[(1, None)]), vec![rule.clone()], vec![o.clone()]);
    assert!(month_end(&ins(MAR)).unwrap().lines.is_empty());
    let apr = month_end(&ins(APR)).unwrap();
    assert_eq!(amounts_for(&apr, 1, 1), vec![(0, 500)]);
    assert_eq!(apr.lines[0].accrued_month, APR);
}

#[test]
fn rerun_is_identical_and_diff_reports_no_change() {
    let ins = tree_month();
    let (a, b) = (month_end(&ins).unwrap(), month_end(&ins).unwrap());
    assert_eq!(a, b);
    let mut stored = a.lines.clone();
    stored.reverse();
    assert!(diff_lines(&stored, &b.lines).is_unchanged());
    // Input order does not matter either.
    let mut shuffled = ins.clone();
    shuffled.orders.reverse();
    shuffled.agents.reverse();
    assert_eq!(month_end(&shuffled).unwrap(), a);
    // A late refund of C's order (¥23.45 of goods, same month) changes the lines.
    let mut changed = ins.clone();
    let c = changed.orders.iter_mut().find(|o| o.id == 31).unwrap();
    c.refunds.push(crate::commissions::logic_base::Refund { id: 5, at_ms: at(2026, 3, 9, 0, 0), amount_fen: 2_345, freight_fen: 0 });
    let diff = diff_lines(&a.lines, &month_end(&changed).unwrap().lines);
    assert!(!diff.is_unchanged());
    // Clawbacks for C (own), B (L1) and A (L2); C's adjustment moves: own 617 − 117 = 500 vs
    // target 10,000 × 5% = 500 → still 0, so no line changes.
    assert_eq!(
        diff.added.iter().map(|l| (l.agent_id, l.level, l.amount_fen)).collect::<Vec<_>>(),
        vec![(1, 2, -117), (2, 1, -235), (3, 0, -117)]
    );
    assert!(diff.removed.is_empty() && diff.changed.is_empty());
}

#[test]
fn preview_applies_a_candidate_to_last_month() {
    let candidate = rule(5, date(2026, 4, 1), WholeAmount, tiers(&[(0, "0.06")]), &["0.10"]);
    let p = preview(&tree_month(), &candidate).unwrap();
    // Candidate: C 12,345 × 6% = 740.7 → 741, B L1 1,235; B 1,200 + A L1 2,000; A 2,400;
    // D 1,800 + C L1 3,000; no level 2 any more.
    assert_eq!(
        p.agents,
        vec![
            AgentComparison { agent_id: 1, current_fen: 4_617, candidate_fen: 4_400 },
            AgentComparison { agent_id: 2, current_fen: 3_735, candidate_fen: 2_435 },
            AgentComparison { agent_id: 3, current_fen: 3_617, candidate_fen: 3_741 },
            AgentComparison { agent_id: 4, current_fen: 1_500, candidate_fen: 1_800 },
        ]
    );
    assert_eq!((p.current_total_fen, p.candidate_total_fen), (13_469, 12_376));
    assert_eq!(p.agents[1].change_fen(), -1_300);
    assert!(p.statements.iter().all(|s| s.lines.iter().all(|l| l.rule_set_id.is_none_or(|id| id == 5))));
    let mut bad = candidate.clone();
    bad.overrides = vec![d("0.1"), d("0.05"), d("0.02"), d("0.01")];
    let e = preview(&tree_month(), &bad).unwrap_err();
    assert_eq!(e, CommissionError::InvalidCandidate { problems: vec![CommissionError::TooManyLevels { levels: 4 }] });
    assert!(error_text(&e, Lang::Zh).starts_with("新规则有以下问题：\n返佣最多 3 级"), "{}", error_text(&e, Lang::Zh));
}

#[test]
fn month_end_errors_are_specific() {
    let mut ins = tree_month();
    ins.agents = agents(&[(1, None), (2, Some(1)), (3, Some(7)), (4, Some(3))]);
    assert_eq!(month_end(&ins), Err(CommissionError::UnknownParent { agent_id: 3, parent_id: 7 }));
    let mut ins = tree_month();
    ins.agents = agents(&[(1, None), (2, Some(1)), (3, Some(2))]);
    assert_eq!(month_end(&ins), Err(CommissionError::UnknownAgent { order_id: 41, agent_id: 4 }));
    ins.agents = agents(&[(1, Some(3)), (2, Some(1)), (3, Some(2)), (4, Some(3))]);
    assert_eq!(month_end(&ins), Err(CommissionError::AgentCycle { agent_id: 1 }));
    let mut ins = tree_month();
    ins.rule_sets[0].overrides.push(d("9"));
    let e = month_end(&ins).unwrap_err();
    assert_eq!(e.code(), "invalid_rule_set");
    assert_eq!(
        e,
        CommissionError::InvalidRuleSet {
            rule_set_id: 1,
            problem: Box::new(CommissionError::RateOutOfRange { field: crate::commissions::logic_rules::RateField::Override(3), rate: d("9") })
        }
    );
    let mut ins = tree_month();
    ins.orders.push(ins.orders[0].clone());
    assert_eq!(month_end(&ins), Err(CommissionError::DuplicateOrder { order_id: 31 }));
}

#[test]
fn orders_placed_before_the_first_rule_set_earn_nothing() {
    // The rules start on 2 March; all four orders were placed on 1 March (shipped the 2nd).
    let mut ins = tree_month();
    ins.rule_sets[0].effective_from = date(2026, 3, 2);
    let r = month_end(&ins).unwrap();
    assert!(r.lines.is_empty() && r.statements.is_empty());
    // One order placed on the 2nd: only it earns.
    ins.orders.push(sale(51, 4, 10_000, at(2026, 3, 2, 0, 0), at(2026, 3, 3, 0, 0)));
    let r = month_end(&ins).unwrap();
    assert_eq!(amounts_for(&r, 4, 51), vec![(0, 500)]);
    assert_eq!(amounts_for(&r, 3, 51), vec![(1, 1_000)]);
    assert_eq!(r.total_fen, 500 + 1_000 + 500);
}

#[test]
fn result_round_trips_through_json() {
    let r = month_end(&tree_month()).unwrap();
    let json = serde_json::to_string(&r).unwrap();
    assert!(json.contains(r#""rate":"0.05""#), "rates travel as exact strings");
    assert_eq!(serde_json::from_str::<crate::commissions::logic_month::MonthEndResult>(&json).unwrap(), r);
    assert!(r.lines.iter().any(|l| l.kind == LineKind::TierAdjustment && l.order_id.is_none()));
}
