//! Property tests: statement total = Σ lines = an independent recomputation from the orders
//! with the tier formula; full reversals net to zero across months; re-runs change nothing.

use super::*;
use crate::commissions::logic_base::Refund;
use crate::commissions::logic_month::{diff_lines, month_end};
use crate::commissions::logic_rules::{CategoryRate, LineSource, ProductRate};
use proptest::prelude::*;
use rust_decimal::RoundingStrategy;
use std::collections::BTreeMap;

fn bp(n: u32) -> Decimal {
    Decimal::new(i64::from(n), 4)
}

fn rule_strategy(id: i64, effective: NaiveDate) -> impl Strategy<Value = RuleSet> {
    let tiers = prop::collection::vec((1i64..2_000_000, 0u32..=3_000), 1..=4);
    let overrides = prop::collection::vec(0u32..=1_000, 0..=3);
    let specials = (prop::option::of(0u32..=3_000), prop::option::of(0u32..=3_000));
    (any::<bool>(), tiers, overrides, specials).prop_map(move |(marginal, raw, ov, (cat, prod))| {
        let mut rates: Vec<u32> = raw.iter().map(|(_, r)| *r).collect();
        rates.sort_unstable();
        let mut from = 0;
        let tiers = raw
            .iter()
            .zip(rates)
            .enumerate()
            .map(|(i, ((step, _), rate))| {
                if i > 0 {
                    from += step;
                }
                Tier { from_fen: from, rate: bp(rate) }
            })
            .collect();
        let mode = if marginal { TierMode::Marginal } else { TierMode::WholeAmount };
        let mut r = rule(id, effective, mode, tiers, &[]);
        r.overrides = ov.into_iter().map(bp).collect();
        r.category_rates = cat.map(|c| CategoryRate { category: "1".into(), rate: bp(c) }).into_iter().collect();
        r.product_rates = prod.map(|p| ProductRate { product_id: 1, rate: bp(p) }).into_iter().collect();
        r
    })
}

/// (product, category, qty, price, line discount ‰)
type RawLine = (i64, Option<i64>, i64, i64, i64);
/// (agent index, placed day, hour, lines, discount ‰, coupon, ship delay h, refund ‰s, cancel)
type RawOrder = (usize, u32, i64, Vec<RawLine>, i64, i64, Option<i64>, Vec<i64>, bool);

fn order_strategy() -> impl Strategy<Value = RawOrder> {
    let line = (1i64..=4, prop::option::of(1i64..=3), 1i64..=3, 1i64..=600_000, 0i64..=300);
    (
        0usize..6,
        1u32..=25,
        0i64..24,
        prop::collection::vec(line, 1..=3),
        0i64..=300,
        0i64..=5_000,
        prop::option::of(0i64..=48),
        prop::collection::vec(1i64..=1_000, 0..=2),
        any::<bool>(),
    )
}

#[derive(Clone, Debug)]
struct Case {
    parents: Vec<Option<usize>>,
    rules: Vec<RuleSet>,
    raw: Vec<RawOrder>,
}

fn case_strategy() -> impl Strategy<Value = Case> {
    let parents = prop::collection::vec(prop::option::of(0usize..6), 1..=6);
    let second = prop::option::of(rule_strategy(2, date(2026, 3, 16)));
    let orders = prop::collection::vec(order_strategy(), 0..=12);
    (parents, rule_strategy(1, date(2026, 1, 1)), second, orders).prop_map(|(p, r1, r2, raw)| {
        // Parents only point to earlier agents, so the list is a tree.
        let parents = p.iter().enumerate().map(|(i, x)| x.filter(|_| i > 0).map(|x| x % i)).collect();
        Case { parents, rules: std::iter::once(r1).chain(r2).collect(), raw }
    })
}

/// Agent ids are 101, 102, …
fn agent_id(i: usize) -> i64 {
    101 + i as i64
}

/// Build the orders; refunds and cancellation `later` hours after shipping when `late` is set
/// (April and May), else within hours of it (March).
fn build_orders(case: &Case, late: bool) -> Vec<Order> {
    let n = case.parents.len();
    case.raw
        .iter()
        .enumerate()
        .map(|(k, (agent, day, hour, lines, disc, coupon, ship, refunds, cancel))| {
            let lines: Vec<OrderLine> = lines
                .iter()
                .map(|&(p, c, q, price, ld)| OrderLine {
                    product_id: p,
                    category: c.map(|c| c.to_string()),
                    qty: q,
                    unit_price_fen: price,
                    discount_fen: q * price * ld / 1000,
                })
                .collect();
            let goods: i64 = lines.iter().map(|l| l.qty * l.unit_price_fen - l.discount_fen).sum();
            let mut o = order(k as i64 + 1, agent_id(agent % n), at(2026, 3, *day, *hour, 0), lines);
            o.discount_fen = goods * disc / 1000;
            o.coupon_fen = *coupon;
            o.freight_fen = 1_000;
            let Some(delay) = ship else { return o };
            let shipped = o.placed_at_ms + delay * 3_600_000;
            o.status_changes.push(StatusChange { at_ms: shipped, status: OrderStatus::Shipped });
            let mut remaining = (goods - o.discount_fen - o.coupon_fen).max(0);
            let when = |i: i64| if late { at(2026, 4, 10, i, 0) } else { shipped + (i + 1) * 3_600_000 };
            for (i, permille) in refunds.iter().enumerate() {
                let goods_back = remaining * permille / 1000;
                remaining -= goods_back;
                o.refunds.push(Refund {
                    id: i as i64 + 1,
                    at_ms: when(i as i64),
                    amount_fen: goods_back + 100,
                    freight_fen: 100,
                });
            }
            if *cancel || late {
                let c = if late { at(2026, 5, 5, 9, 0) } else { shipped + 30 * 3_600_000 };
                o.status_changes.push(StatusChange { at_ms: c, status: OrderStatus::Cancelled });
            }
            o
        })
        .collect()
}

fn round(x: Decimal) -> i64 {
    use rust_decimal::prelude::ToPrimitive;
    x.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero).to_i64().unwrap()
}

/// Proportional split with a rounded running prefix (the documented allocation).
fn split(parts: &[i64], amount: i64) -> Vec<i64> {
    let total: i64 = parts.iter().sum();
    let mut prev = 0;
    let mut acc = 0;
    parts
        .iter()
        .map(|p| {
            acc += p;
            let cum =
                if total == 0 { 0 } else { round(Decimal::from(acc) * Decimal::from(amount) / Decimal::from(total)) };
            let s = cum - prev;
            prev = cum;
            s
        })
        .collect()
}

/// The tier formula, written out plainly.
fn formula(r: &RuleSet, v: i64) -> Decimal {
    let mut total = Decimal::ZERO;
    for (i, t) in r.tiers.iter().enumerate() {
        let top = r.tiers.get(i + 1).map_or(i64::MAX, |n| n.from_fen);
        match r.mode {
            TierMode::WholeAmount if v >= t.from_fen && v < top => return Decimal::from(v) * t.rate,
            TierMode::Marginal if v > t.from_fen => total += Decimal::from(v.min(top) - t.from_fen) * t.rate,
            _ => {}
        }
    }
    total
}

/// An order's base by rate source under `r`, discount and coupon spread by running prefix.
fn groups_of(r: &RuleSet, o: &Order) -> Vec<(LineSource, Decimal, i64)> {
    let mut groups: BTreeMap<LineSource, (Decimal, i64)> = BTreeMap::new();
    for l in &o.lines {
        let (src, rate) = if r.product_rates.iter().any(|p| p.product_id == l.product_id) {
            (LineSource::Product(l.product_id), r.product_rates[0].rate)
        } else if let Some(c) = r.category_rates.iter().find(|c| Some(&c.category) == l.category.as_ref()) {
            (LineSource::Category(c.category.clone()), c.rate)
        } else {
            (LineSource::Tier, r.tiers[0].rate)
        };
        groups.entry(src).or_insert((rate, 0)).1 += l.qty * l.unit_price_fen - l.discount_fen;
    }
    let gross: Vec<i64> = groups.values().map(|g| g.1).collect();
    let off = (o.discount_fen + o.coupon_fen).min(gross.iter().sum());
    groups.into_iter().zip(split(&gross, off)).map(|((src, (rate, g)), s)| (src, rate, g - s)).collect()
}

/// Expected March total per agent, from the orders alone.
fn expected(case: &Case, orders: &[Order]) -> BTreeMap<i64, i64> {
    let mut total: BTreeMap<i64, i64> = BTreeMap::new();
    let mut volume: BTreeMap<i64, i64> = BTreeMap::new();
    let mut tiered: BTreeMap<(i64, i64), i64> = BTreeMap::new();
    for o in orders.iter().filter(|o| !o.status_changes.is_empty()) {
        let r = if o.placed_at_ms >= at(2026, 3, 16, 0, 0) && case.rules.len() == 2 {
            &case.rules[1]
        } else {
            &case.rules[0]
        };
        let groups = groups_of(r, o);
        let bases: Vec<i64> = groups.iter().map(|g| g.2).collect();
        let b: i64 = bases.iter().sum();
        if b == 0 {
            continue;
        }
        let cancelled = o.status_changes.iter().any(|c| c.status == OrderStatus::Cancelled);
        let c = if cancelled { b } else { o.refunds.iter().map(|r| r.amount_fen - r.freight_fen).sum() };
        let net = |a: i64| a - round(Decimal::from(a) * Decimal::from(c) / Decimal::from(b));
        let reversed = split(&bases, c);
        *volume.entry(o.agent_id).or_default() += b - c;
        for (i, (src, rate, _)) in groups.iter().enumerate() {
            if *src == LineSource::Tier {
                *tiered.entry((o.agent_id, r.id)).or_default() += bases[i] - reversed[i];
            } else {
                *total.entry(o.agent_id).or_default() += net(round(Decimal::from(bases[i]) * rate));
            }
        }
        let mut up = o.agent_id;
        for rate in &r.overrides {
            let Some(p) = case.parents[(up - 101) as usize] else { break };
            up = agent_id(p);
            if !rate.is_zero() {
                *total.entry(up).or_default() += net(round(Decimal::from(b) * rate));
            }
        }
    }
    let agents_with_tier: std::collections::BTreeSet<i64> = tiered.keys().map(|k| k.0).collect();
    for agent in agents_with_tier {
        let v = volume[&agent];
        let mut exact = Decimal::ZERO;
        for r in &case.rules {
            let br = tiered.get(&(agent, r.id)).copied().unwrap_or(0);
            if br == v {
                exact += formula(r, v);
            } else if br != 0 {
                exact += formula(r, v) * Decimal::from(br) / Decimal::from(v);
            }
        }
        *total.entry(agent).or_default() += round(exact);
    }
    total
}

fn case_inputs(case: &Case, month: Month, orders: Vec<Order>) -> MonthEndInputs {
    let list: Vec<(i64, Option<i64>)> =
        case.parents.iter().enumerate().map(|(i, p)| (agent_id(i), p.map(agent_id))).collect();
    inputs(month, agents(&list), case.rules.clone(), orders)
}

proptest! {
    #[test]
    fn statement_total_is_sum_of_lines_and_the_formula(case in case_strategy()) {
        let orders = build_orders(&case, false);
        let ins = case_inputs(&case, MAR, orders.clone());
        let r = month_end(&ins).unwrap();
        let exp = expected(&case, &orders);
        for s in &r.statements {
            check_statement(s);
            let from_lines: i64 = r.lines.iter().filter(|l| l.agent_id == s.agent_id).map(|l| l.amount_fen).sum();
            prop_assert_eq!(s.total_fen, from_lines);
            prop_assert_eq!(s.total_fen, exp.get(&s.agent_id).copied().unwrap_or(0), "agent {}", s.agent_id);
        }
        for (agent, fen) in &exp {
            if *fen != 0 {
                prop_assert!(r.statements.iter().any(|s| s.agent_id == *agent));
            }
        }
        prop_assert_eq!(r.total_fen, r.statements.iter().map(|s| s.total_fen).sum::<i64>());
        let again = month_end(&ins).unwrap();
        prop_assert!(diff_lines(&r.lines, &again.lines).is_unchanged());
        prop_assert_eq!(again, r);
    }

    #[test]
    fn full_reversal_across_months_nets_to_zero(case in case_strategy()) {
        let orders = build_orders(&case, true);
        let mar = month_end(&case_inputs(&case, MAR, orders.clone())).unwrap();
        let mut ins = case_inputs(&case, APR, orders.clone());
        ins.prior_lines = mar.lines.clone();
        let apr = month_end(&ins).unwrap();
        let mut ins = case_inputs(&case, MAY, orders.clone());
        ins.prior_lines = mar.lines.iter().chain(&apr.lines).cloned().collect();
        let may = month_end(&ins).unwrap();
        let mut net: BTreeMap<(i64, Option<i64>, u8), (i64, i64)> = BTreeMap::new();
        for l in mar.lines.iter().chain(&apr.lines).chain(&may.lines).filter(|l| l.order_id.is_some()) {
            let e = net.entry((l.agent_id, l.order_id, l.level)).or_default();
            e.0 += l.base_fen;
            e.1 += l.amount_fen;
        }
        for (key, sums) in net {
            prop_assert_eq!(sums, (0, 0), "{:?}", key);
        }
        prop_assert!(apr.lines.iter().chain(&may.lines).all(|l| l.accrued_month == MAR));
    }
}
