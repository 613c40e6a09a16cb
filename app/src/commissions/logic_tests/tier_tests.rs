//! Tier formula and month-end settlement at the tier boundaries (tiers 0: 5%, ¥10,000: 8%,
//! ¥30,000: 10%).

use super::*;
use crate::commissions::logic_month::month_end;
use crate::commissions::logic::round_fen;
use crate::commissions::logic_rules::TierMode::{Marginal, WholeAmount};
use crate::commissions::logic_rules::{tier_commission, tier_index};

fn formula(mode: TierMode, volume: i64) -> i64 {
    round_fen(tier_commission(mode, &brief_tiers(), volume))
}

#[test]
fn whole_amount_at_boundaries() {
    // ¥9,999.99 × 5% = 499.9995 → ¥500.00
    assert_eq!(formula(WholeAmount, 999_999), 50_000);
    // ¥10,000.00 reaches tier 2: × 8% = ¥800.00 (the 全额累进 cliff: +1 fen, +¥300)
    assert_eq!(formula(WholeAmount, 1_000_000), 80_000);
    // ¥10,000.01 × 8% = 800.0008 → ¥800.00
    assert_eq!(formula(WholeAmount, 1_000_001), 80_000);
    // ¥30,000.00 × 10% = ¥3,000.00
    assert_eq!(formula(WholeAmount, 3_000_000), 300_000);
    // ¥45,000 × 10% = ¥4,500.00
    assert_eq!(formula(WholeAmount, 4_500_000), 450_000);
}

#[test]
fn marginal_at_boundaries() {
    // ¥9,999.99 × 5% = 499.9995 → ¥500.00
    assert_eq!(formula(Marginal, 999_999), 50_000);
    // ¥10,000 × 5% = ¥500.00 (nothing above the threshold yet)
    assert_eq!(formula(Marginal, 1_000_000), 50_000);
    // ¥500 + ¥0.01 × 8% = 500.0008 → ¥500.00
    assert_eq!(formula(Marginal, 1_000_001), 50_000);
    // ¥500 + ¥20,000 × 8% = ¥2,100.00
    assert_eq!(formula(Marginal, 3_000_000), 210_000);
    // ¥500 + ¥1,600 + ¥15,000 × 10% = ¥3,600.00
    assert_eq!(formula(Marginal, 4_500_000), 360_000);
}

#[test]
fn tier_reached_and_negative_volume() {
    let t = brief_tiers();
    assert_eq!(tier_index(&t, 999_999), 0);
    assert_eq!(tier_index(&t, 1_000_000), 1);
    assert_eq!(tier_index(&t, 2_999_999), 1);
    assert_eq!(tier_index(&t, 3_000_000), 2);
    assert_eq!(tier_index(&t, -5), 0);
    // A net negative volume is paid at the first rate: −¥100 × 5% = −¥5.00
    assert_eq!(tier_commission(Marginal, &t, -10_000), d("-500.00"));
}

/// Agent 1 sells `volume` in March in one order; returns (provisional, adjustment, own total).
fn month_of(mode: TierMode, volume: i64) -> (i64, i64, i64) {
    let r = rule(1, date(2026, 1, 1), mode, brief_tiers(), &[]);
    let o = sale(1, 1, volume, at(2026, 3, 2, 10, 0), at(2026, 3, 3, 10, 0));
    let res = month_end(&inputs(MAR, agents(&[(1, None)]), vec![r], vec![o])).unwrap();
    let s = stmt(&res, 1);
    check_statement(s);
    assert_eq!(s.volume_fen(), volume);
    (s.own.amount_fen, s.tier_adjustment_fen, s.total_fen)
}

#[test]
fn month_end_settles_to_the_formula_at_boundaries() {
    // Provisional 5% per order, then the adjustment up to the formula.
    assert_eq!(month_of(WholeAmount, 999_999), (50_000, 0, 50_000));
    assert_eq!(month_of(WholeAmount, 1_000_000), (50_000, 30_000, 80_000));
    // 1,000,001 × 5% = 50,000.05 → 50,000; target 80,000
    assert_eq!(month_of(WholeAmount, 1_000_001), (50_000, 30_000, 80_000));
    assert_eq!(month_of(WholeAmount, 4_500_000), (225_000, 225_000, 450_000));
    assert_eq!(month_of(Marginal, 999_999), (50_000, 0, 50_000));
    assert_eq!(month_of(Marginal, 1_000_000), (50_000, 0, 50_000));
    assert_eq!(month_of(Marginal, 1_000_001), (50_000, 0, 50_000));
    assert_eq!(month_of(Marginal, 4_500_000), (225_000, 135_000, 360_000));
}

#[test]
fn adjustment_absorbs_per_line_rounding() {
    // ¥10,000.01 in three orders: 333,333 / 333,334 / 333,334 fen.
    // Provisional: 16,666.65 → 16,667; 16,666.70 → 16,667 (twice): Σ 50,001.
    for (mode, target, adj) in [(WholeAmount, 80_000, 29_999), (Marginal, 50_000, -1)] {
        let r = rule(1, date(2026, 1, 1), mode, brief_tiers(), &[]);
        let (p, s) = (at(2026, 3, 2, 9, 0), at(2026, 3, 20, 9, 0));
        let orders = vec![sale(1, 1, 333_333, p, s), sale(2, 1, 333_334, p, s), sale(3, 1, 333_334, p, s)];
        let res = month_end(&inputs(MAR, agents(&[(1, None)]), vec![r], orders)).unwrap();
        let st = stmt(&res, 1);
        assert_eq!(st.own.amount_fen, 50_001);
        assert_eq!(adjustment(&res, 1), Some(adj));
        assert_eq!(st.total_fen, target);
        let set = st.settlement.as_ref().unwrap();
        assert_eq!((set.volume_fen, set.target_fen, set.provisional_fen), (1_000_001, target, 50_001));
        assert_eq!((set.parts[0].tier_index, set.parts[0].tier_rate), (1, d("0.08")));
    }
}
