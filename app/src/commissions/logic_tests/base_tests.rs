//! Commission base: discounts, coupons, freight, grouping, accrual time, reversals.

use super::*;
use crate::commissions::logic::CommissionError;
use crate::commissions::logic_base::*;
use crate::commissions::logic_rules::{AccrueOn, CategoryRate, LineSource};

/// 5% tiers with category 美妆 at 12%.
fn cat_rule() -> RuleSet {
    let mut r = flat5(&["0.10"]);
    r.category_rates = vec![CategoryRate { category: "美妆".into(), rate: d("0.12") }];
    r
}

/// 2 × ¥59.90 (美妆) + 1 × ¥39.90 (服装); 满减 ¥10, coupon ¥5, freight ¥8.
fn coupon_order() -> Order {
    let mut o = order(1, 1, at(2026, 3, 1, 9, 0), vec![line(1, Some("美妆"), 2, 5_990), line(2, Some("服装"), 1, 3_990)]);
    o.discount_fen = 1_000;
    o.coupon_fen = 500;
    o.freight_fen = 800;
    o
}

#[test]
fn coupon_discount_and_freight() {
    let o = coupon_order();
    // Goods 11,980 + 3,990 = 15,970; less 1,000 + 500 = 14,470. Freight never counts.
    assert_eq!(goods_base(&o), Ok(14_470));
    // Groups in source order (tier first): gross 3,990 and 11,980; the 1,500 off is split
    // 3,990 × 1,500 / 15,970 = 374.765 → 375 and 1,500 − 375 = 1,125.
    assert_eq!(
        base_groups(&o, &cat_rule()).unwrap(),
        vec![
            BaseGroup { source: LineSource::Tier, rate: d("0.05"), base_fen: 3_615 },
            BaseGroup { source: LineSource::Category("美妆".into()), rate: d("0.12"), base_fen: 10_855 },
        ]
    );
}

#[test]
fn a_coupon_larger_than_the_goods_leaves_zero() {
    let mut o = order(1, 1, 0, vec![line(1, None, 1, 1_500)]);
    o.coupon_fen = 2_000;
    o.freight_fen = 800;
    assert_eq!(goods_base(&o), Ok(0));
    assert_eq!(base_groups(&o, &flat5(&[])), Ok(vec![]));
}

#[test]
fn line_discounts_count_and_bad_amounts_are_named() {
    let mut o = order(4, 1, 0, vec![line(1, None, 3, 1_000), line(2, None, 1, 500)]);
    o.lines[0].discount_fen = 300;
    assert_eq!(goods_base(&o), Ok(3_200));
    o.lines[1].discount_fen = 501;
    assert_eq!(goods_base(&o), Err(CommissionError::LineDiscountTooLarge { order_id: 4, line: 2 }));
    o.lines[1].discount_fen = 0;
    o.coupon_fen = -1;
    assert_eq!(goods_base(&o), Err(CommissionError::NegativeAmount { order_id: 4, field: "coupon_fen".into() }));
    o.coupon_fen = 0;
    o.refunds.push(Refund { id: 9, at_ms: 0, amount_fen: 100, freight_fen: 200 });
    let e = goods_base(&o).unwrap_err();
    assert_eq!(e, CommissionError::InvalidRefund { order_id: 4, refund_id: 9 });
    assert_eq!(e.code(), "invalid_refund");
    assert_eq!(crate::commissions::text::error_text(&e, crate::i18n::Lang::Zh), "订单 4 的退款 9 金额有误：运费部分须在 0 到退款总额之间");
}

#[test]
fn split_prefix_is_exact_and_half_up() {
    // 1 over (1, 1): prefix 1 → 0.5 → 1; prefix 2 → 1: shares 1, 0.
    assert_eq!(split_prefix(&[1, 1], 1), vec![1, 0]);
    assert_eq!(split_prefix(&[3_990, 11_980], 1_500), vec![375, 1_125]);
    assert_eq!(split_prefix(&[0, 0], 0), vec![0, 0]);
    // 100 over thirds: 33.33 → 33; 66.67 → 67 (34); 100 (33).
    assert_eq!(split_prefix(&[1, 1, 1], 100), vec![33, 34, 33]);
}

#[test]
fn accrual_time_by_rule_and_cancellation() {
    let o = with_status(sale(1, 1, 10_000, 0, at(2026, 3, 5, 0, 0)), OrderStatus::Completed, at(2026, 4, 2, 0, 0));
    assert_eq!(accrual_time(&o, AccrueOn::Shipped), Some(at(2026, 3, 5, 0, 0)));
    assert_eq!(accrual_time(&o, AccrueOn::Completed), Some(at(2026, 4, 2, 0, 0)));
    // Cancelled while waiting to ship, never shipped: nothing accrues.
    let c = with_status(order(2, 1, 0, vec![line(1, None, 1, 10_000)]), OrderStatus::Cancelled, 5);
    assert_eq!(accrual_time(&c, AccrueOn::Shipped), None);
    // A cancellation at the very instant of shipping wins.
    let c = with_status(sale(3, 1, 10_000, 0, 7), OrderStatus::Cancelled, 7);
    assert_eq!(accrual_time(&c, AccrueOn::Shipped), None);
}

#[test]
fn refunds_before_accrual_lower_the_base_later_ones_reverse() {
    let shipped = at(2026, 3, 5, 0, 0);
    let o = sale(1, 1, 10_000, 0, shipped);
    let o = with_refund(o, 11, shipped - 1, 2_800, 800); // 2,000 of goods before shipping
    let o = with_refund(o, 12, shipped + 1, 1_000, 0);
    let o = with_refund(o, 13, shipped + 2, 300, 300); // freight only: no reversal
    let o = with_status(o, OrderStatus::Cancelled, shipped + 3);
    let o = with_refund(o, 14, shipped + 4, 7_000, 0); // after the cancellation: its own money flow
    let t = timeline(&o, &flat5(&[])).unwrap().unwrap();
    assert_eq!(t.base_fen, 8_000);
    assert_eq!(
        t.reversals,
        vec![
            Reversal { at_ms: shipped + 1, refund_id: Some(12), cum_before_fen: 0, cum_after_fen: 1_000 },
            Reversal { at_ms: shipped + 3, refund_id: None, cum_before_fen: 1_000, cum_after_fen: 8_000 },
        ]
    );
}

#[test]
fn refunding_more_than_the_base_is_an_error() {
    let shipped = at(2026, 3, 5, 0, 0);
    let o = with_refund(sale(5, 1, 10_000, 0, shipped), 21, shipped + 1, 6_000, 0);
    let o = with_refund(o, 22, shipped + 2, 4_001, 0);
    assert_eq!(
        timeline(&o, &flat5(&[])),
        Err(CommissionError::RefundExceedsBase { order_id: 5, refund_id: 22, refunded_fen: 10_001, base_fen: 10_000 })
    );
}
