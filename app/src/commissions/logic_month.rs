//! Month end (月结): all commission lines and statements of one month, deterministically; a
//! digest of the lines so that a re-run that changes nothing says so; a line diff; and the
//! preview (试算) of a candidate rule set on a month.
//!
//! Choices, in one place (details on each module):
//! - an order is governed by the rule set in force on the business date it was **placed**
//!   (`logic_rules`); a mid-month change applies to orders placed from its date on;
//! - lines belong to the month of their event: accrual when the order reaches `accrue_on`,
//!   clawbacks when the refund or cancellation happens; a closed month is never edited;
//! - tier-rate own lines accrue at the first tier's rate and one `TierAdjustment` line per agent
//!   settles the month to the tier formula on the month's volume (`logic_settle`);
//! - special-rate (product > category) lines are final at accrual and count toward volume;
//! - overrides are on the downline's whole base, per level, from the order's rule set, and go to
//!   the uplines in the tree given to the run;
//! - refunds claw back proportionally, cumulative and differenced, so a full refund nets to 0.
//!
//! Inputs: every order with a status change or refund in the month (extra orders are harmless:
//! they produce nothing), and the earlier months' accrual lines of those orders.

use super::logic::{AgentId, CommissionError, Month};
use super::logic_accrual::{order_lines, CommissionLine, LineKey, LineKind, RuleChoice};
use super::logic_base::{Agent, AgentTree, Order};
use super::logic_rules::{validate_schedule, RuleSet};
use super::logic_settle::{adjustment_lines, statements, Statement};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Everything a month end needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthEndInputs {
    pub month: Month,
    pub agents: Vec<Agent>,
    /// The whole schedule (older sets govern orders placed before later ones took effect).
    pub rule_sets: Vec<RuleSet>,
    pub orders: Vec<Order>,
    /// Lines of earlier months for these orders (at least their accrual lines).
    pub prior_lines: Vec<CommissionLine>,
}

/// The month's lines (sorted by key) and statements (by agent).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthEndResult {
    pub month: Month,
    pub lines: Vec<CommissionLine>,
    pub statements: Vec<Statement>,
    /// Σ of every line (= Σ statement totals).
    pub total_fen: i64,
}

impl MonthEndResult {
    /// A fingerprint of the lines: equal digests, equal months.
    pub fn digest(&self) -> String {
        digest(&self.lines)
    }
}

/// Compute the month under the rule-set schedule.
pub fn month_end(inputs: &MonthEndInputs) -> Result<MonthEndResult, CommissionError> {
    validate_schedule(&inputs.rule_sets)?;
    run(inputs, RuleChoice::Schedule(&inputs.rule_sets))
}

/// Compute the month with the given rule choice (already validated).
fn run(inputs: &MonthEndInputs, rules: RuleChoice<'_>) -> Result<MonthEndResult, CommissionError> {
    let tree = AgentTree::new(&inputs.agents)?;
    let mut orders: Vec<&Order> = inputs.orders.iter().collect();
    orders.sort_by_key(|o| o.id);
    if let Some(w) = orders.windows(2).find(|w| w[0].id == w[1].id) {
        return Err(CommissionError::DuplicateOrder { order_id: w[0].id });
    }
    // Index earlier months' accrual lines by order once, rather than scanning them per order.
    let mut prior: BTreeMap<i64, Vec<CommissionLine>> = BTreeMap::new();
    for l in inputs.prior_lines.iter().filter(|l| l.kind == LineKind::Accrual && l.month < inputs.month) {
        if let Some(id) = l.order_id {
            prior.entry(id).or_default().push(l.clone());
        }
    }
    let mut lines = Vec::new();
    for order in orders {
        let mine = prior.get(&order.id).map_or(&[][..], Vec::as_slice);
        lines.extend(order_lines(order, rules, &tree, mine, inputs.month)?);
    }
    let adjustments = adjustment_lines(&lines, inputs.month, rules.sets())?;
    lines.extend(adjustments);
    lines.sort_by(CommissionLine::cmp_key);
    let statements = statements(&lines, inputs.month, rules.sets())?;
    let total_fen = lines.iter().map(|l| l.amount_fen).sum();
    Ok(MonthEndResult { month: inputs.month, lines, statements, total_fen })
}

/// A stored line and its recomputed value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineChange {
    pub before: CommissionLine,
    pub after: CommissionLine,
}

/// Differences between stored lines and a re-run's lines, by line key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineDiff {
    pub added: Vec<CommissionLine>,
    pub removed: Vec<CommissionLine>,
    pub changed: Vec<LineChange>,
}

impl LineDiff {
    /// "No change": the re-run reproduces the stored lines exactly.
    pub fn is_unchanged(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// Compare stored lines with recomputed ones (either order). Lines are matched by key; a
/// duplicate key among the stored lines shows up as removed.
pub fn diff_lines(existing: &[CommissionLine], computed: &[CommissionLine]) -> LineDiff {
    let sorted = |ls: &[CommissionLine]| {
        let mut v = ls.to_vec();
        v.sort_by(CommissionLine::cmp_key);
        v
    };
    let (old, new) = (sorted(existing), sorted(computed));
    let mut diff = LineDiff::default();
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        let ko: Option<LineKey> = old.get(i).map(CommissionLine::key);
        let kn: Option<LineKey> = new.get(j).map(CommissionLine::key);
        match (ko, kn) {
            (Some(a), Some(b)) if a == b => {
                if old[i] != new[j] {
                    diff.changed.push(LineChange { before: old[i].clone(), after: new[j].clone() });
                }
                i += 1;
                j += 1;
            }
            (Some(a), kn) if kn.as_ref().is_none_or(|b| a < *b) => {
                diff.removed.push(old[i].clone());
                i += 1;
            }
            _ => {
                diff.added.push(new[j].clone());
                j += 1;
            }
        }
    }
    diff
}

/// FNV-1a (64 bit) over every field of the lines in key order, as 16 hex digits. Stored with
/// a month's run: a re-run with the same digest has nothing to write. (Not a security hash:
/// it detects change, it does not resist forgery — the lines sit in the same database.)
pub fn digest(lines: &[CommissionLine]) -> String {
    let mut sorted: Vec<&CommissionLine> = lines.iter().collect();
    sorted.sort_by(|a, b| a.cmp_key(b));
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    for l in sorted {
        let (source, key) = l.source.code_and_key();
        for n in [l.month.key(), l.accrued_month.key(), l.agent_id, l.seller_id.unwrap_or(-1), l.order_id.unwrap_or(-1), i64::from(l.level)] {
            h.int(n);
        }
        h.bytes(l.kind.code().as_bytes());
        h.bytes(source.as_bytes());
        h.bytes(key.as_bytes());
        for n in [l.refund_id.unwrap_or(-1), l.rule_set_id.unwrap_or(-1), l.at_ms, l.base_fen, super::logic::rate_bp(l.rate), l.amount_fen] {
            h.int(n);
        }
    }
    format!("{:016x}", h.0)
}

struct Fnv(u64);

impl Fnv {
    fn byte(&mut self, b: u8) {
        self.0 ^= u64::from(b);
        self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
    }

    fn int(&mut self, n: i64) {
        n.to_le_bytes().into_iter().for_each(|b| self.byte(b));
    }

    /// Length first, so that ("ab", "c") and ("a", "bc") differ.
    fn bytes(&mut self, s: &[u8]) {
        self.int(s.len() as i64);
        s.iter().for_each(|b| self.byte(*b));
    }
}

/// One agent's total now and under the candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentComparison {
    pub agent_id: AgentId,
    pub current_fen: i64,
    pub candidate_fen: i64,
}

impl AgentComparison {
    /// Candidate minus current.
    pub fn change_fen(&self) -> i64 {
        self.candidate_fen - self.current_fen
    }
}

/// The month under the candidate, and the comparison per agent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    pub month: Month,
    /// Statements under the candidate.
    pub statements: Vec<Statement>,
    pub candidate_total_fen: i64,
    pub current_total_fen: i64,
    /// Every agent with a statement in either, by agent id.
    pub agents: Vec<AgentComparison>,
}

/// Apply `candidate` to a month's inputs (normally last month's) and compare with its rules.
/// The candidate governs every order of the month, whatever its effective date (that date is
/// checked on save). Clawbacks of orders accrued in earlier months are unchanged: they reverse
/// what was actually paid then.
pub fn preview(inputs: &MonthEndInputs, candidate: &RuleSet) -> Result<Preview, CommissionError> {
    let problems = candidate.problems();
    if !problems.is_empty() {
        return Err(CommissionError::InvalidCandidate { problems });
    }
    let current = month_end(inputs)?;
    let cand = run(inputs, RuleChoice::Only(candidate))?;
    let mut per_agent: BTreeMap<AgentId, AgentComparison> = BTreeMap::new();
    let blank = |agent_id| AgentComparison { agent_id, current_fen: 0, candidate_fen: 0 };
    for s in &current.statements {
        per_agent.entry(s.agent_id).or_insert_with(|| blank(s.agent_id)).current_fen = s.total_fen;
    }
    for s in &cand.statements {
        per_agent.entry(s.agent_id).or_insert_with(|| blank(s.agent_id)).candidate_fen = s.total_fen;
    }
    Ok(Preview {
        month: inputs.month,
        statements: cand.statements,
        candidate_total_fen: cand.total_fen,
        current_total_fen: current.total_fen,
        agents: per_agent.into_values().collect(),
    })
}
