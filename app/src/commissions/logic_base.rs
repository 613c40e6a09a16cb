//! What an order contributes to commissions — its commission base, split by rate, and how that
//! base changes over time (accrual, refunds, cancellation) — and the agent tree (上下级).
//!
//! - The commission base is what the customer pays for goods: Σ(qty × unit price − line
//!   discount) − order discount − coupon, never below 0 (a coupon larger than the goods leaves a
//!   base of 0, not a negative one). Freight is never part of it.
//! - The order's lines are grouped by where their rate comes from (product > category > tier);
//!   order-level discount and coupon are spread over the groups in proportion to their amounts.
//! - The base accrues at the first status change to `Shipped` or `Completed` (or `Completed`
//!   only, per the rule set's `accrue_on`), unless the order was cancelled before. Refunds
//!   before accrual just lower the accrued base. After accrual, each refund (its amount less the
//!   freight it returns) and a cancellation (the whole remaining base) is a reversal.
//! - Refunds are spread over the order's groups in proportion, not by item: refund records
//!   carry amounts, not items.
//! - The tree given to a month-end run decides who receives overrides on the orders accrued in
//!   that month. Clawbacks never consult the tree: they reverse the original lines, so they land
//!   on whoever was paid even if an agent has since moved.

use super::logic::{fen_share, AgentId, CommissionError};
use super::logic_rules::{AccrueOn, LineSource, RuleSet};
use crate::orders::OrderStatus;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One entry of an order's status history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub at_ms: i64,
    pub status: OrderStatus,
}

/// A goods line of an order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLine {
    pub product_id: i64,
    pub category: Option<String>,
    pub qty: i64,
    pub unit_price_fen: i64,
    /// Discount on this line only (e.g. a product promotion).
    pub discount_fen: i64,
}

/// Money returned to the customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refund {
    pub id: i64,
    pub at_ms: i64,
    /// Total returned, freight included.
    pub amount_fen: i64,
    /// The part of `amount_fen` that returns freight; it does not touch commissions.
    pub freight_fen: i64,
}

/// An order with everything commissions need.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub id: i64,
    pub agent_id: AgentId,
    /// Selects the governing rule set (by its business date).
    pub placed_at_ms: i64,
    pub lines: Vec<OrderLine>,
    /// Order-level discount (整单优惠, 满减).
    pub discount_fen: i64,
    pub coupon_fen: i64,
    /// Charged to the customer, never commissioned.
    pub freight_fen: i64,
    pub status_changes: Vec<StatusChange>,
    pub refunds: Vec<Refund>,
}

/// The part of an order's base paid at one rate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaseGroup {
    pub source: LineSource,
    pub rate: Decimal,
    pub base_fen: i64,
}

/// A reduction of the accrued base after accrual: cumulative reversed base before and after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reversal {
    pub at_ms: i64,
    /// `None` for a cancellation.
    pub refund_id: Option<i64>,
    pub cum_before_fen: i64,
    pub cum_after_fen: i64,
}

/// An accrued order's base over time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeline {
    pub accrued_at_ms: i64,
    /// Groups at accrual (after refunds made before it); bases > 0.
    pub groups: Vec<BaseGroup>,
    /// Σ groups' bases.
    pub base_fen: i64,
    /// In time order; their cumulative total never exceeds `base_fen`.
    pub reversals: Vec<Reversal>,
}

/// Split `amount` (0 ≤ amount ≤ Σ parts) over `parts` in proportion, rounding each share
/// half-up yet summing exactly to `amount`: share i is the rounded proportional prefix up to i
/// minus the one up to i−1. Each share stays within 0..=its part.
pub fn split_prefix(parts: &[i64], amount: i64) -> Vec<i64> {
    let total: i64 = parts.iter().sum();
    if total == 0 {
        return vec![0; parts.len()];
    }
    let mut prefix = 0;
    let mut prev_share = 0;
    parts
        .iter()
        .map(|p| {
            prefix += p;
            let cum = fen_share(prefix, amount, total);
            let share = cum - prev_share;
            prev_share = cum;
            share
        })
        .collect()
}

/// The order's commission base, grouped by rate under `rule` (before any refund).
pub fn base_groups(order: &Order, rule: &RuleSet) -> Result<Vec<BaseGroup>, CommissionError> {
    check_amounts(order)?;
    let mut gross: BTreeMap<LineSource, (Decimal, i64)> = BTreeMap::new();
    for l in &order.lines {
        let (source, rate) = rule.own_rate(l.product_id, l.category.as_deref());
        gross.entry(source).or_insert((rate, 0)).1 += l.qty * l.unit_price_fen - l.discount_fen;
    }
    let amounts: Vec<i64> = gross.values().map(|(_, a)| *a).collect();
    let goods: i64 = amounts.iter().sum();
    let off = (order.discount_fen + order.coupon_fen).min(goods);
    let shares = split_prefix(&amounts, off);
    Ok(gross
        .into_iter()
        .zip(shares)
        .map(|((source, (rate, amount)), share)| BaseGroup { source, rate, base_fen: amount - share })
        .filter(|g| g.base_fen > 0)
        .collect())
}

fn check_amounts(order: &Order) -> Result<(), CommissionError> {
    let neg = |field: &str| CommissionError::NegativeAmount { order_id: order.id, field: field.into() };
    if order.discount_fen < 0 {
        return Err(neg("discount_fen"));
    }
    if order.coupon_fen < 0 {
        return Err(neg("coupon_fen"));
    }
    for (i, l) in order.lines.iter().enumerate() {
        if l.qty < 0 || l.unit_price_fen < 0 || l.discount_fen < 0 {
            return Err(neg("lines"));
        }
        if l.discount_fen > l.qty * l.unit_price_fen {
            return Err(CommissionError::LineDiscountTooLarge { order_id: order.id, line: i + 1 });
        }
    }
    for r in &order.refunds {
        if r.amount_fen < 0 || r.freight_fen < 0 || r.freight_fen > r.amount_fen {
            return Err(CommissionError::InvalidRefund { order_id: order.id, refund_id: r.id });
        }
    }
    Ok(())
}

/// When the order accrues under `accrue_on`, or `None` if it has not (yet), or was cancelled
/// first (a cancellation at the same instant wins).
pub fn accrual_time(order: &Order, accrue_on: AccrueOn) -> Option<i64> {
    let accrues = |s: OrderStatus| match accrue_on {
        AccrueOn::Shipped => matches!(s, OrderStatus::Shipped | OrderStatus::Completed),
        AccrueOn::Completed => s == OrderStatus::Completed,
    };
    let at = order.status_changes.iter().filter(|c| accrues(c.status)).map(|c| c.at_ms).min()?;
    let cancelled_first = order.status_changes.iter().any(|c| c.status == OrderStatus::Cancelled && c.at_ms <= at);
    (!cancelled_first).then_some(at)
}

/// The order's base over time under `rule`, or `None` if it never accrued.
pub fn timeline(order: &Order, rule: &RuleSet) -> Result<Option<Timeline>, CommissionError> {
    let groups0 = base_groups(order, rule)?;
    let Some(accrued_at_ms) = accrual_time(order, rule.accrue_on) else {
        return Ok(None);
    };
    let base0: i64 = groups0.iter().map(|g| g.base_fen).sum();
    let pre = refunded_before(order, accrued_at_ms, base0)?;
    let groups = reduce_groups(groups0, pre);
    let base_fen: i64 = groups.iter().map(|g| g.base_fen).sum();
    let reversals = reversals_after(order, accrued_at_ms, base_fen)?;
    Ok(Some(Timeline { accrued_at_ms, groups, base_fen, reversals }))
}

/// The commission base before refunds, whatever the rates (checks the order's amounts).
pub fn goods_base(order: &Order) -> Result<i64, CommissionError> {
    check_amounts(order)?;
    let goods: i64 = order.lines.iter().map(|l| l.qty * l.unit_price_fen - l.discount_fen).sum();
    Ok((goods - order.discount_fen - order.coupon_fen).max(0))
}

fn sorted_refunds(order: &Order) -> Vec<&Refund> {
    let mut refunds: Vec<&Refund> = order.refunds.iter().collect();
    refunds.sort_by_key(|r| (r.at_ms, r.id));
    refunds
}

/// Goods refunded strictly before `at_ms` (they lower the base that accrues then); an error if
/// more than `base0_fen`.
pub fn refunded_before(order: &Order, at_ms: i64, base0_fen: i64) -> Result<i64, CommissionError> {
    let mut pre = 0;
    for r in sorted_refunds(order).into_iter().filter(|r| r.at_ms < at_ms) {
        pre += r.amount_fen - r.freight_fen;
        if pre > base0_fen {
            return Err(exceeds(order.id, r.id, pre, base0_fen));
        }
    }
    Ok(pre)
}

fn exceeds(order_id: i64, refund_id: i64, refunded_fen: i64, base_fen: i64) -> CommissionError {
    CommissionError::RefundExceedsBase { order_id, refund_id, refunded_fen, base_fen }
}

fn reduce_groups(groups: Vec<BaseGroup>, by: i64) -> Vec<BaseGroup> {
    let parts: Vec<i64> = groups.iter().map(|g| g.base_fen).collect();
    let shares = split_prefix(&parts, by);
    groups
        .into_iter()
        .zip(shares)
        .map(|(g, s)| BaseGroup { base_fen: g.base_fen - s, ..g })
        .filter(|g| g.base_fen > 0)
        .collect()
}

/// Reversals of an order that accrued `base_fen` at `accrued_at_ms`: each later refund (at or
/// after accrual), then a later cancellation for whatever remains.
pub fn reversals_after(order: &Order, accrued_at_ms: i64, base_fen: i64) -> Result<Vec<Reversal>, CommissionError> {
    let cancel_at = order
        .status_changes
        .iter()
        .filter(|c| c.status == OrderStatus::Cancelled && c.at_ms > accrued_at_ms)
        .map(|c| c.at_ms)
        .min();
    let mut out = Vec::new();
    let mut cum = 0;
    // Refunds after a cancellation are the cancellation's own money flow: already reversed.
    let later = sorted_refunds(order).into_iter().filter(|r| r.at_ms >= accrued_at_ms && cancel_at.is_none_or(|c| r.at_ms < c));
    for r in later {
        let after = cum + r.amount_fen - r.freight_fen;
        if after > base_fen {
            return Err(exceeds(order.id, r.id, after, base_fen));
        }
        if after > cum {
            out.push(Reversal { at_ms: r.at_ms, refund_id: Some(r.id), cum_before_fen: cum, cum_after_fen: after });
        }
        cum = after;
    }
    if let Some(at_ms) = cancel_at.filter(|_| cum < base_fen) {
        out.push(Reversal { at_ms, refund_id: None, cum_before_fen: cum, cum_after_fen: base_fen });
    }
    Ok(out)
}

/// An agent and its upline, as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agent {
    pub id: AgentId,
    pub parent_id: Option<AgentId>,
}

/// A checked agent tree: every parent exists and there is no cycle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentTree {
    parent: BTreeMap<AgentId, Option<AgentId>>,
}

impl AgentTree {
    /// Check and index the agents.
    pub fn new(agents: &[Agent]) -> Result<AgentTree, CommissionError> {
        let mut parent = BTreeMap::new();
        for a in agents {
            if parent.insert(a.id, a.parent_id).is_some() {
                return Err(CommissionError::DuplicateAgent { agent_id: a.id });
            }
        }
        for a in agents {
            if let Some(p) = a.parent_id {
                if !parent.contains_key(&p) {
                    return Err(CommissionError::UnknownParent { agent_id: a.id, parent_id: p });
                }
            }
        }
        let tree = AgentTree { parent };
        for a in agents {
            tree.check_no_cycle(a.id)?;
        }
        Ok(tree)
    }

    fn check_no_cycle(&self, start: AgentId) -> Result<(), CommissionError> {
        let mut cur = start;
        // A cycle through `start` is at most as long as the agent list. A chain that runs into
        // a cycle not through `start` is reported when one of that cycle's agents is checked.
        for _ in 0..self.parent.len() {
            match self.parent.get(&cur).copied().flatten() {
                None => return Ok(()),
                Some(p) if p == start => return Err(CommissionError::AgentCycle { agent_id: start }),
                Some(p) => cur = p,
            }
        }
        Ok(())
    }

    pub fn contains(&self, agent: AgentId) -> bool {
        self.parent.contains_key(&agent)
    }

    /// Up to `max` uplines, nearest first: `[parent, grandparent, …]`.
    pub fn uplines(&self, agent: AgentId, max: usize) -> Vec<AgentId> {
        let mut out = Vec::with_capacity(max);
        let mut cur = agent;
        while out.len() < max {
            match self.parent.get(&cur).copied().flatten() {
                Some(p) => {
                    out.push(p);
                    cur = p;
                }
                None => break,
            }
        }
        out
    }
}
