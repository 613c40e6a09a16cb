//! Tests of the commission maths with hand-worked figures, and shared fixtures. (Moved from
//! the standalone prototype with its figures unchanged; categories are names here.)

mod base_tests;
mod month_tests;
mod perf;
mod props;
mod refund_tests;
mod rules_tests;
mod tier_tests;

mod flow_tests;

use crate::commissions::logic::{date_start_ms, AgentId, Month};
use crate::commissions::logic_base::Agent;
use crate::commissions::logic_base::{Order, OrderLine, Refund, StatusChange};
use crate::commissions::logic_month::{MonthEndInputs, MonthEndResult};
use crate::commissions::logic_rules::{AccrueOn, RuleSet, Tier, TierMode};
use crate::commissions::logic_settle::Statement;
pub use crate::orders::OrderStatus;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::str::FromStr;

pub fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

pub fn date(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// An instant given in Shanghai local time.
pub fn at(y: i32, m: u32, day: u32, h: i64, min: i64) -> i64 {
    date_start_ms(date(y, m, day)) + h * 3_600_000 + min * 60_000
}

pub const MAR: Month = Month { year: 2026, month: 3 };
pub const APR: Month = Month { year: 2026, month: 4 };
pub const MAY: Month = Month { year: 2026, month: 5 };

pub fn tiers(list: &[(i64, &str)]) -> Vec<Tier> {
    list.iter().map(|(from_fen, rate)| Tier { from_fen: *from_fen, rate: d(rate) }).collect()
}

/// The brief's tiers: 0: 5%, ¥10,000: 8%, ¥30,000: 10%.
pub fn brief_tiers() -> Vec<Tier> {
    tiers(&[(0, "0.05"), (1_000_000, "0.08"), (3_000_000, "0.10")])
}

pub fn rule(id: i64, from: NaiveDate, mode: TierMode, tiers: Vec<Tier>, overrides: &[&str]) -> RuleSet {
    RuleSet {
        id,
        effective_from: from,
        mode,
        tiers,
        overrides: overrides.iter().map(|r| d(r)).collect(),
        category_rates: vec![],
        product_rates: vec![],
        accrue_on: AccrueOn::Shipped,
    }
}

/// Flat 5% (one tier), effective 2026-01-01, with the given overrides.
pub fn flat5(overrides: &[&str]) -> RuleSet {
    rule(1, date(2026, 1, 1), TierMode::WholeAmount, tiers(&[(0, "0.05")]), overrides)
}

pub fn line(product_id: i64, category: Option<&str>, qty: i64, unit_price_fen: i64) -> OrderLine {
    OrderLine { product_id, category: category.map(String::from), qty, unit_price_fen, discount_fen: 0 }
}

pub fn order(id: i64, agent_id: AgentId, placed_at_ms: i64, lines: Vec<OrderLine>) -> Order {
    Order {
        id,
        agent_id,
        placed_at_ms,
        lines,
        discount_fen: 0,
        coupon_fen: 0,
        freight_fen: 0,
        status_changes: vec![],
        refunds: vec![],
    }
}

pub fn with_status(mut o: Order, status: OrderStatus, at_ms: i64) -> Order {
    o.status_changes.push(StatusChange { at_ms, status });
    o
}

pub fn with_refund(mut o: Order, id: i64, at_ms: i64, amount_fen: i64, freight_fen: i64) -> Order {
    o.refunds.push(Refund { id, at_ms, amount_fen, freight_fen });
    o
}

/// One line of product 1000 (no category) worth `base_fen`, placed and shipped at the given times.
pub fn sale(id: i64, agent: AgentId, base_fen: i64, placed: i64, shipped: i64) -> Order {
    let o = order(id, agent, placed, vec![line(1000, None, 1, base_fen)]);
    with_status(o, OrderStatus::Shipped, shipped)
}

pub fn agents(list: &[(AgentId, Option<AgentId>)]) -> Vec<Agent> {
    list.iter().map(|(id, parent_id)| Agent { id: *id, parent_id: *parent_id }).collect()
}

pub fn inputs(month: Month, agents: Vec<Agent>, rule_sets: Vec<RuleSet>, orders: Vec<Order>) -> MonthEndInputs {
    MonthEndInputs { month, agents, rule_sets, orders, prior_lines: vec![] }
}

pub fn stmt(r: &MonthEndResult, agent: AgentId) -> &Statement {
    r.statements.iter().find(|s| s.agent_id == agent).unwrap_or_else(|| panic!("no statement for agent {agent}"))
}

/// `(level, amount)` of an agent's lines for an order, in key order.
pub fn amounts_for(r: &MonthEndResult, agent: AgentId, order: i64) -> Vec<(u8, i64)> {
    r.lines
        .iter()
        .filter(|l| l.agent_id == agent && l.order_id == Some(order))
        .map(|l| (l.level, l.amount_fen))
        .collect()
}

/// The agent's tier adjustment this month, if a line was emitted.
pub fn adjustment(r: &MonthEndResult, agent: AgentId) -> Option<i64> {
    r.lines
        .iter()
        .find(|l| l.agent_id == agent && l.kind == crate::commissions::logic_accrual::LineKind::TierAdjustment)
        .map(|l| l.amount_fen)
}

/// Statement invariants every test checks: groups add up to the total, total = Σ lines.
pub fn check_statement(s: &Statement) {
    let lines: i64 = s.lines.iter().map(|l| l.amount_fen).sum();
    let groups = s.own.amount_fen
        + s.tier_adjustment_fen
        + s.levels.iter().map(|g| g.amount_fen).sum::<i64>()
        + s.previous_months.amount_fen;
    assert_eq!(s.total_fen, lines, "total = Σ lines for agent {}", s.agent_id);
    assert_eq!(s.total_fen, groups, "total = Σ groups for agent {}", s.agent_id);
}
