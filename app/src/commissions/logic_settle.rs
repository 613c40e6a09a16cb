//! Month-end tier settlement and the monthly statement per agent (佣金对账单).
//!
//! Settlement: one `TierAdjustment` line per agent so that the agent's own tier-rate commission
//! for the month equals the tier formula on the month's volume, exactly.
//! - **Volume** `V`: the agent's own commission base accrued in the month, net of refunds and
//!   cancellations in the same month of those orders — special-rate lines included (they count
//!   toward the tier but are paid at their own rate). Reversals of orders accrued in earlier
//!   months do not touch it (those months are closed).
//! - **Target**: with one rule set and no special-rate lines, `round(f(V))`, where `f` is the
//!   tier formula (`tier_commission`). In general, each rule set `r` whose tier-rate lines carry
//!   a net base `Bᵣ` contributes `fᵣ(V) × Bᵣ / V` — its tier-rate base at the average rate that
//!   its formula gives the whole volume — and the sum is rounded once. For 全额累进 this is just
//!   "the rate of the tier that V reaches, under the order's own rule set".
//! - **Adjustment** = target − Σ amounts of the month's own tier-rate lines (provisional accruals
//!   and same-month clawbacks). It is ≥ 0 but for a few fen of per-line rounding, since the
//!   provisional rate is the lowest tier's. It is emitted for every agent with tier-rate lines
//!   that month, even when 0, so a settled month is visibly settled.
//!
//! Statement groups, each a sum of whole lines so that they add up exactly to the total: own
//! sales (accruals and same-month clawbacks, special rates included), the tier adjustment, level
//! 1 / 2 / 3 overrides, and previous-month adjustments — clawbacks landing this month for orders
//! accrued in earlier months (any level), shown apart because they reverse money already paid.
//! Statement total = Σ line amounts, always.

use super::logic::{round_fen, AgentId, CommissionError, Month};
use super::logic_accrual::{CommissionLine, LineKind};
use super::logic_rules::{tier_commission, tier_index, LineSource, RuleSet};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One rule set's share of an agent's month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettlementPart {
    pub rule_set_id: i64,
    /// Net base of this set's tier-rate own lines.
    pub tiered_base_fen: i64,
    /// 0-based index of the tier the month's volume reaches under this set.
    pub tier_index: usize,
    pub tier_from_fen: i64,
    pub tier_rate: Decimal,
}

/// An agent's month-end tier figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settlement {
    pub agent_id: AgentId,
    pub month: Month,
    /// Own volume `V` (all own lines of orders accrued this month, net).
    pub volume_fen: i64,
    pub parts: Vec<SettlementPart>,
    /// What the tier-rate lines must total.
    pub target_fen: i64,
    /// What they total before the adjustment.
    pub provisional_fen: i64,
}

impl Settlement {
    pub fn adjustment_fen(&self) -> i64 {
        self.target_fen - self.provisional_fen
    }

    /// The part with the largest tier-rate base: the tier to show for the month.
    pub fn main_part(&self) -> Option<&SettlementPart> {
        self.parts.iter().max_by_key(|p| (p.tiered_base_fen, p.rule_set_id))
    }
}

/// Lines of this agent's own sales accrued in the month (no adjustment, no late clawback).
fn own_month_lines(lines: &[CommissionLine], agent: AgentId, month: Month) -> impl Iterator<Item = &CommissionLine> {
    lines.iter().filter(move |l| {
        l.agent_id == agent && l.month == month && l.accrued_month == month && l.level == 0 && l.kind != LineKind::TierAdjustment
    })
}

/// The agent's settlement for `month` from its lines, or `None` if it had no tier-rate lines.
pub fn settlement(lines: &[CommissionLine], agent: AgentId, month: Month, rules: &[RuleSet]) -> Result<Option<Settlement>, CommissionError> {
    let volume_fen: i64 = own_month_lines(lines, agent, month).map(|l| l.base_fen).sum();
    let mut by_rule: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
    for l in own_month_lines(lines, agent, month).filter(|l| l.source == LineSource::Tier) {
        let id = l.rule_set_id.expect("tier lines name their rule set");
        let e = by_rule.entry(id).or_default();
        e.0 += l.base_fen;
        e.1 += l.amount_fen;
    }
    if by_rule.is_empty() {
        return Ok(None);
    }
    let mut exact = Decimal::ZERO;
    let mut parts = Vec::new();
    for (&rule_set_id, &(tiered_base_fen, _)) in &by_rule {
        let rule = rules.iter().find(|r| r.id == rule_set_id).ok_or(CommissionError::UnknownRuleSet { rule_set_id })?;
        exact += share_of_formula(rule, volume_fen, tiered_base_fen);
        let tier_index = tier_index(&rule.tiers, volume_fen);
        let (tier_from_fen, tier_rate) = rule.tiers.get(tier_index).map_or((0, Decimal::ZERO), |t| (t.from_fen, t.rate));
        parts.push(SettlementPart { rule_set_id, tiered_base_fen, tier_index, tier_from_fen, tier_rate });
    }
    let provisional_fen = by_rule.values().map(|(_, a)| a).sum();
    Ok(Some(Settlement { agent_id: agent, month, volume_fen, parts, target_fen: round_fen(exact), provisional_fen }))
}

/// `f(V) × B / V`, exact when `B == V` (no division) and 0 when `B == 0`.
fn share_of_formula(rule: &RuleSet, volume_fen: i64, tiered_base_fen: i64) -> Decimal {
    let f = tier_commission(rule.mode, &rule.tiers, volume_fen);
    if tiered_base_fen == volume_fen {
        f
    } else if tiered_base_fen == 0 || volume_fen == 0 {
        Decimal::ZERO
    } else {
        f * Decimal::from(tiered_base_fen) / Decimal::from(volume_fen)
    }
}

/// The month's adjustment lines, one per agent with tier-rate lines, by agent id.
pub fn adjustment_lines(lines: &[CommissionLine], month: Month, rules: &[RuleSet]) -> Result<Vec<CommissionLine>, CommissionError> {
    // Group once: scanning every line per agent would cost agents × lines.
    let mut own: BTreeMap<AgentId, Vec<CommissionLine>> = BTreeMap::new();
    for l in lines.iter().filter(|l| l.month == month && l.level == 0) {
        own.entry(l.agent_id).or_default().push(l.clone());
    }
    let mut out = Vec::with_capacity(own.len());
    for (agent, mine) in &own {
        if let Some(s) = settlement(mine, *agent, month, rules)? {
            out.push(adjustment_line(&s));
        }
    }
    Ok(out)
}

fn adjustment_line(s: &Settlement) -> CommissionLine {
    CommissionLine {
        month: s.month,
        accrued_month: s.month,
        agent_id: s.agent_id,
        seller_id: None,
        order_id: None,
        level: 0,
        kind: LineKind::TierAdjustment,
        source: LineSource::Settlement,
        refund_id: None,
        rule_set_id: None,
        at_ms: s.month.last_ms(),
        base_fen: 0,
        rate: Decimal::ZERO,
        amount_fen: s.adjustment_fen(),
    }
}

/// A sum of lines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineGroup {
    pub base_fen: i64,
    pub amount_fen: i64,
    pub line_count: usize,
}

impl LineGroup {
    fn add(&mut self, l: &CommissionLine) {
        self.base_fen += l.base_fen;
        self.amount_fen += l.amount_fen;
        self.line_count += 1;
    }
}

/// One agent's month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub month: Month,
    pub agent_id: AgentId,
    /// Own sales accrued this month; `own.base_fen` is the tier volume.
    pub own: LineGroup,
    /// The month-end tier adjustment (0 when there is none).
    pub tier_adjustment_fen: i64,
    /// Overrides on level 1, 2 and 3 downlines' sales accrued this month.
    pub levels: [LineGroup; 3],
    /// Clawbacks this month of orders accrued in earlier months.
    pub previous_months: LineGroup,
    /// Volume and tier reached (per rule set), when the agent had tier-rate sales.
    pub settlement: Option<Settlement>,
    /// Σ of every line's amount.
    pub total_fen: i64,
    /// The lines, in time order.
    pub lines: Vec<CommissionLine>,
}

impl Statement {
    /// Own sales commission including the tier adjustment.
    pub fn own_total_fen(&self) -> i64 {
        self.own.amount_fen + self.tier_adjustment_fen
    }

    /// The month's tier volume.
    pub fn volume_fen(&self) -> i64 {
        self.own.base_fen
    }

    /// Overrides of all levels (this month's downline sales).
    pub fn overrides_fen(&self) -> i64 {
        self.levels.iter().map(|g| g.amount_fen).sum()
    }
}

/// Statements for `month` of every agent with a line in it, by agent id. Lines of other months
/// are ignored. `rules` must include every rule set the lines name.
pub fn statements(lines: &[CommissionLine], month: Month, rules: &[RuleSet]) -> Result<Vec<Statement>, CommissionError> {
    // Group once: scanning every line per agent would cost agents × lines.
    let mut by_agent: BTreeMap<AgentId, Vec<CommissionLine>> = BTreeMap::new();
    for l in lines.iter().filter(|l| l.month == month) {
        by_agent.entry(l.agent_id).or_default().push(l.clone());
    }
    by_agent.into_iter().map(|(a, mine)| statement(&mine, a, month, rules)).collect()
}

/// One agent's statement for `month`.
pub fn statement(lines: &[CommissionLine], agent: AgentId, month: Month, rules: &[RuleSet]) -> Result<Statement, CommissionError> {
    let mut mine: Vec<CommissionLine> = lines.iter().filter(|l| l.month == month && l.agent_id == agent).cloned().collect();
    mine.sort_by(|a, b| a.at_ms.cmp(&b.at_ms).then_with(|| a.cmp_key(b)));
    let mut s = Statement {
        month,
        agent_id: agent,
        own: LineGroup::default(),
        tier_adjustment_fen: 0,
        levels: [LineGroup::default(); 3],
        previous_months: LineGroup::default(),
        settlement: settlement(&mine, agent, month, rules)?,
        total_fen: mine.iter().map(|l| l.amount_fen).sum(),
        lines: Vec::new(),
    };
    for l in &mine {
        match (l.accrued_month < month, l.kind, l.level) {
            (true, _, _) => s.previous_months.add(l),
            (false, LineKind::TierAdjustment, _) => s.tier_adjustment_fen += l.amount_fen,
            (false, _, 0) => s.own.add(l),
            (false, _, level) => s.levels[usize::from(level.clamp(1, 3)) - 1].add(l),
        }
    }
    s.lines = mine;
    Ok(s)
}

/// What one downline seller contributed to an agent's overrides this month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contribution {
    pub level: u8,
    pub seller_id: AgentId,
    /// Net base of the seller's sales (accruals less same-month clawbacks).
    pub base_fen: i64,
    pub amount_fen: i64,
    /// Orders accrued this month.
    pub orders: usize,
}

/// The downline's contribution to a statement: this month's override lines summed per level
/// and seller, by level then seller. Only sums of the agent's own lines: nothing of the
/// downline's own commission.
pub fn contributions(lines: &[CommissionLine], month: Month) -> Vec<Contribution> {
    let mut by: BTreeMap<(u8, AgentId), Contribution> = BTreeMap::new();
    for l in lines.iter().filter(|l| l.month == month && l.accrued_month == month && l.level > 0) {
        let Some(seller_id) = l.seller_id else { continue };
        let c = by.entry((l.level, seller_id)).or_insert(Contribution { level: l.level, seller_id, base_fen: 0, amount_fen: 0, orders: 0 });
        c.base_fen += l.base_fen;
        c.amount_fen += l.amount_fen;
        if l.kind == LineKind::Accrual {
            c.orders += 1;
        }
    }
    by.into_values().collect()
}
