//! Clawbacks: partial refunds in later months, cancellations reversing to exactly zero.

use super::*;
use crate::commissions::logic::CommissionError;
use crate::commissions::logic_accrual::{CommissionLine, LineKind};
use crate::commissions::logic_month::{month_end, preview, MonthEndResult};
use crate::commissions::logic_rules::{CategoryRate, TierMode::WholeAmount};

/// P (1) ← A (2); tiers 0: 5%, ¥10,000: 8% (全额累进); level 1 override 10%.
fn payout_rule() -> RuleSet {
    rule(1, date(2026, 1, 1), WholeAmount, tiers(&[(0, "0.05"), (1_000_000, "0.08")]), &["0.10"])
}

/// A's ¥12,000 order of March; refunded ¥3,333.33 (+ ¥8 freight) on 5 April and the rest on 3 May.
fn big_order() -> crate::commissions::logic_base::Order {
    let o = sale(1, 2, 1_200_000, at(2026, 3, 9, 10, 0), at(2026, 3, 10, 10, 0));
    let o = with_refund(o, 1, at(2026, 4, 5, 10, 0), 334_133, 800);
    with_refund(o, 2, at(2026, 5, 3, 10, 0), 866_667, 0)
}

fn run(month: Month, orders: Vec<crate::commissions::logic_base::Order>, prior: &[CommissionLine]) -> MonthEndResult {
    let mut ins = inputs(month, agents(&[(1, None), (2, Some(1))]), vec![payout_rule()], orders);
    ins.prior_lines = prior.to_vec();
    let r = month_end(&ins).unwrap();
    r.statements.iter().for_each(check_statement);
    r
}

#[test]
fn partial_refund_after_payout_lands_in_later_months() {
    let mar = run(MAR, vec![big_order()], &[]);
    // A: 1,200,000 × 5% = 60,000, settled to 8% = 96,000 (adjustment 36,000). P: 120,000.
    assert_eq!(
        (stmt(&mar, 2).own.amount_fen, adjustment(&mar, 2), stmt(&mar, 2).total_fen),
        (60_000, Some(36_000), 96_000)
    );
    assert_eq!(stmt(&mar, 1).total_fen, 120_000);

    let o2 = sale(2, 2, 100_000, at(2026, 4, 7, 10, 0), at(2026, 4, 8, 10, 0));
    let apr = run(APR, vec![big_order(), o2], &mar.lines);
    // Refund 1 returns 333,333 of goods: A −60,000 × 333,333 / 1,200,000 = −16,666.65 → −16,667;
    // P −120,000 × 333,333 / 1,200,000 = −33,333.3 → −33,333. March stays as it was.
    let a = stmt(&apr, 2);
    assert_eq!((a.previous_months.base_fen, a.previous_months.amount_fen), (-333_333, -16_667));
    // April's own volume is just order 2 (100,000 × 5% = 5,000); the refund does not reopen tiers.
    assert_eq!((a.volume_fen(), a.own.amount_fen, a.tier_adjustment_fen, a.total_fen), (100_000, 5_000, 0, -11_667));
    let p = stmt(&apr, 1);
    assert_eq!((p.levels[0].amount_fen, p.previous_months.amount_fen, p.total_fen), (10_000, -33_333, -23_333));
    assert!(apr.lines.iter().filter(|l| l.order_id == Some(1)).all(|l| l.accrued_month == MAR && l.month == APR));

    let prior: Vec<CommissionLine> = mar.lines.iter().chain(&apr.lines).cloned().collect();
    let may = run(MAY, vec![big_order()], &prior);
    // The rest (866,667): A −(60,000 − 16,667) = −43,333; P −(120,000 − 33,333) = −86,667.
    assert_eq!(amounts_for(&may, 2, 1), vec![(0, -43_333)]);
    assert_eq!(amounts_for(&may, 1, 1), vec![(1, -86_667)]);
    // Order 1's per-order lines over three months net to exactly 0 for each agent.
    for agent in [1, 2] {
        let net: i64 = [&mar, &apr, &may]
            .iter()
            .flat_map(|r| r.lines.iter())
            .filter(|l| l.order_id == Some(1) && l.agent_id == agent)
            .map(|l| l.amount_fen)
            .sum();
        assert_eq!(net, 0, "agent {agent}");
    }
}

/// A (1) ← B (2) ← C (3); 5% tier, category 美妆 at 12%, overrides 10% / 5%.
/// C's order: 3 × ¥33.33 (美妆) + 1 × ¥77.77, coupon ¥3 → groups 7,646 / 9,830.
fn cancel_setup(cancel_at: i64) -> (RuleSet, crate::commissions::logic_base::Order) {
    let mut r = flat5(&["0.10", "0.05"]);
    r.category_rates = vec![CategoryRate { category: "美妆".into(), rate: d("0.12") }];
    let mut o = order(7, 3, at(2026, 3, 1, 9, 0), vec![line(1, Some("美妆"), 3, 3_333), line(2, None, 1, 7_777)]);
    o.coupon_fen = 300;
    let o = with_status(o, OrderStatus::Shipped, at(2026, 3, 3, 9, 0));
    let o = with_refund(o, 1, at(2026, 3, 10, 9, 0), 5_000, 0);
    (r, with_status(o, OrderStatus::Cancelled, cancel_at))
}

fn run_tree(month: Month, rule: &RuleSet, o: &crate::commissions::logic_base::Order, prior: &[CommissionLine]) -> MonthEndResult {
    let mut ins = inputs(month, agents(&[(1, None), (2, Some(1)), (3, Some(2))]), vec![rule.clone()], vec![o.clone()]);
    ins.prior_lines = prior.to_vec();
    let r = month_end(&ins).unwrap();
    r.statements.iter().for_each(check_statement);
    r
}

#[test]
fn cancellation_next_month_reverses_to_zero() {
    let (rule, o) = cancel_setup(at(2026, 4, 2, 9, 0));
    let mar = run_tree(MAR, &rule, &o, &[]);
    // Accrual: tier 7,646 × 5% = 382.3 → 382; category 9,830 × 12% = 1,179.6 → 1,180;
    // B 17,476 × 10% = 1,747.6 → 1,748; A 17,476 × 5% = 873.8 → 874.
    // Refund 5,000 of 17,476: bases split 2,188 / 2,812 (7,646 × 5,000 / 17,476 = 2,187.57 → 2,188);
    // amounts 382 → 109.29 → 109; 1,180 → 337.6 → 338; 1,748 → 500.11 → 500; 874 → 250.06 → 250.
    assert_eq!(amounts_for(&mar, 3, 7), vec![(0, 382), (0, 1_180), (0, -109), (0, -338)]);
    assert_eq!(amounts_for(&mar, 2, 7), vec![(1, 1_748), (1, -500)]);
    assert_eq!(amounts_for(&mar, 1, 7), vec![(2, 874), (2, -250)]);
    // Volume 12,476; tier base 5,458 × 5% = 272.9 → 273 = provisional 382 − 109: adjustment 0.
    assert_eq!((stmt(&mar, 3).volume_fen(), adjustment(&mar, 3)), (12_476, Some(0)));
    assert_eq!([1, 2, 3].map(|a| stmt(&mar, a).total_fen), [624, 1_248, 1_115]);

    let apr = run_tree(APR, &rule, &o, &mar.lines);
    // The cancellation reverses what is left: bases 5,458 / 7,018, amounts 273 / 842; 1,248; 624.
    let bases: Vec<i64> = apr.lines.iter().filter(|l| l.agent_id == 3).map(|l| l.base_fen).collect();
    assert_eq!(bases, vec![-5_458, -7_018]);
    assert_eq!(amounts_for(&apr, 3, 7), vec![(0, -273), (0, -842)]);
    assert_eq!([1, 2, 3].map(|a| stmt(&apr, a).previous_months.amount_fen), [-624, -1_248, -1_115]);
    assert!(apr.lines.iter().all(|l| l.kind == LineKind::Clawback && l.refund_id.is_none()));
    assert_eq!(adjustment(&apr, 3), None, "late clawbacks are not settled again");
}

#[test]
fn cancellation_in_the_same_month_nets_to_zero() {
    let (rule, o) = cancel_setup(at(2026, 3, 20, 9, 0));
    let mar = run_tree(MAR, &rule, &o, &[]);
    assert_eq!([1, 2, 3].map(|a| stmt(&mar, a).total_fen), [0, 0, 0]);
    assert_eq!((stmt(&mar, 3).volume_fen(), adjustment(&mar, 3)), (0, Some(0)));
    assert_eq!(mar.total_fen, 0);
}

#[test]
fn closed_months_must_be_supplied_and_unchanged() {
    let mar = run(MAR, vec![big_order()], &[]);
    let ins = inputs(APR, agents(&[(1, None), (2, Some(1))]), vec![payout_rule()], vec![big_order()]);
    assert_eq!(
        month_end(&ins),
        Err(CommissionError::MissingPriorLines { order_id: 1, accrued_month: MAR })
    );
    // Without a reversal this month (say the order was only completed), nothing is needed.
    let quiet = with_status(
        sale(1, 2, 1_200_000, at(2026, 3, 9, 10, 0), at(2026, 3, 10, 10, 0)),
        OrderStatus::Completed,
        at(2026, 4, 2, 0, 0),
    );
    let ins = inputs(APR, agents(&[(1, None), (2, Some(1))]), vec![payout_rule()], vec![quiet]);
    assert_eq!(month_end(&ins).map(|r| r.lines.len()), Ok(0));
    let mut edited = big_order();
    edited.lines[0].unit_price_fen = 1_300_000;
    let mut ins = inputs(APR, agents(&[(1, None), (2, Some(1))]), vec![payout_rule()], vec![edited]);
    ins.prior_lines = mar.lines.clone();
    assert_eq!(
        month_end(&ins),
        Err(CommissionError::PriorLinesMismatch { order_id: 1, paid_on_fen: 1_200_000, now_fen: 1_300_000 })
    );
}

#[test]
fn preview_keeps_clawbacks_of_what_was_paid() {
    let mar = run(MAR, vec![big_order()], &[]);
    let o2 = sale(2, 2, 100_000, at(2026, 4, 7, 10, 0), at(2026, 4, 8, 10, 0));
    let mut ins = inputs(APR, agents(&[(1, None), (2, Some(1))]), vec![payout_rule()], vec![big_order(), o2]);
    ins.prior_lines = mar.lines.clone();
    let candidate = rule(9, date(2026, 5, 1), WholeAmount, tiers(&[(0, "0.06")]), &[]);
    let p = preview(&ins, &candidate).unwrap();
    // P: no override any more, but March's override is still clawed back: −33,333.
    // A: 100,000 × 6% = 6,000 − 16,667 = −10,667.
    assert_eq!(
        p.agents.iter().map(|a| (a.agent_id, a.current_fen, a.candidate_fen)).collect::<Vec<_>>(),
        vec![(1, -23_333, -33_333), (2, -11_667, -10_667)]
    );
}
