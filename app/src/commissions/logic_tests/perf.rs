//! Timing of a large month (run with `cargo test perf -- --ignored --nocapture`).

use super::*;
use crate::commissions::logic_month::month_end;
use crate::commissions::logic_month::preview;
use crate::commissions::logic_rules::CategoryRate;
use std::time::Instant;

/// 200 agents (each with up to 3 direct downlines), `n` March orders of two lines, and a
/// quarter as many February orders refunded in March.
fn big_inputs(n: i64) -> (MonthEndInputs, MonthEndInputs) {
    let list: Vec<(i64, Option<i64>)> = (0..200).map(|i| (i, if i == 0 { None } else { Some((i - 1) / 3) })).collect();
    let mut r = rule(1, date(2026, 1, 1), TierMode::Marginal, brief_tiers(), &["0.10", "0.05", "0.02"]);
    r.category_rates = vec![CategoryRate { category: "3".into(), rate: d("0.12") }];
    let mut seed: i64 = 12345;
    let mut next = move |m: i64| {
        seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
        seed % m
    };
    let mut mk = |id: i64, month: u32| {
        let lines = vec![
            OrderLine { category: Some(next(5).to_string()), ..line(next(50), None, 1 + next(3), 1_000 + next(50_000)) },
            line(7, None, 1, 2_000 + next(9_000)),
        ];
        let placed = at(2026, month, 1 + next(25) as u32, next(24), 0);
        let mut o = with_status(order(id, next(200), placed, lines), OrderStatus::Shipped, placed + 3_600_000);
        o.coupon_fen = next(1_000);
        o
    };
    let feb: Vec<_> = (0..n / 4).map(|i| mk(1_000_000 + i, 2)).collect();
    let mut mar: Vec<_> = (0..n).map(|i| mk(i, 3)).collect();
    for o in &feb {
        let refund = crate::commissions::logic_base::Refund { id: o.id, at_ms: at(2026, 3, 10, 9, 0), amount_fen: 500, freight_fen: 0 };
        let mut o = o.clone();
        o.refunds.push(refund);
        mar.push(o);
    }
    let feb_in = inputs(Month { year: 2026, month: 2 }, agents(&list), vec![r.clone()], feb);
    (feb_in, inputs(MAR, agents(&list), vec![r], mar))
}

#[test]
#[ignore]
fn perf_month_end() {
    let (feb_in, mut mar_in) = big_inputs(20_000);
    mar_in.prior_lines = month_end(&feb_in).unwrap().lines;
    let t = Instant::now();
    let r = month_end(&mar_in).unwrap();
    let month = t.elapsed();
    let t = Instant::now();
    let p = preview(&mar_in, &flat5(&["0.10"])).unwrap();
    let prev = t.elapsed();
    eprintln!(
        "orders {} prior lines {} -> lines {} statements {}: month_end {:?}, preview {:?} (candidate total {})",
        mar_in.orders.len(),
        mar_in.prior_lines.len(),
        r.lines.len(),
        r.statements.len(),
        month,
        prev,
        p.candidate_total_fen
    );
}
