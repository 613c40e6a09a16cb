//! Commission lines per order event: accrual, and clawback on refund or cancellation.
//!
//! - **Accrual** (the order reached `accrue_on`): one own line (level 0) per rate group, and one
//!   override line per upline level the rule set pays (level 1 = parent, … up to 3), each on the
//!   order's whole base. Each line's amount is `base × rate` rounded half-up to the fen.
//! - **Provisional rate**: own lines at the tier rate use the *first (lowest) tier's* rate, not
//!   the rate of the tier reached so far. That way an order's line never depends on which other
//!   orders happened to accrue before it (re-runs, late or back-dated events and the order of
//!   processing cannot change it); interim figures only go up at month end (bar a fen or two of
//!   per-line rounding); and the single month-end `TierAdjustment` line per agent brings the
//!   month to the exact tier formula (see `logic_month`).
//! - **Special rates**: product/category lines are paid at their own rate, final at accrual, but
//!   their base counts toward the month's tier volume.
//! - **Clawback**: a refund or cancellation after accrual yields negative lines in the month it
//!   happens, never touching the closed month. Each original line is reversed in proportion
//!   `reversed base / accrued base`, computed on the *cumulative* reversed base and differenced
//!   (share up to this refund minus share up to the previous one), so the clawbacks of an order
//!   refunded in full always add up to exactly minus its original lines, fen for fen. Own lines'
//!   bases are split with `split_prefix`, so the reversed volume equals the refund exactly.
//!   A clawback's amount is the proportional reversal of the original amount, not `base × rate`.
//! - The tier adjustment of a closed month is not reopened by a later refund: the agent keeps
//!   that month's tier; the refund reverses the per-order lines only. Choose `accrue_on:
//!   Completed` where late returns are common.

use super::logic::{business_date, fen_share, fen_times_rate, AgentId, CommissionError, Month};
use super::logic_base::{goods_base, refunded_before, reversals_after, split_prefix, timeline, AgentTree, Order, Reversal, Timeline};
use super::logic_rules::{rule_in_force, LineSource, RuleSet};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What a commission line records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    Accrual,
    Clawback,
    TierAdjustment,
}

text_codes!(LineKind { Accrual = "accrual", Clawback = "clawback", TierAdjustment = "tier_adjustment" });

/// One commission line: the unit that is stored, summed into statements, and paid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommissionLine {
    /// Statement month the line belongs to (when its event happened).
    pub month: Month,
    /// Month in which the order accrued; earlier than `month` for a late clawback.
    pub accrued_month: Month,
    /// Who earns (or gives back) the amount.
    pub agent_id: AgentId,
    /// Whose sale it is: the agent itself on own lines, the downline on overrides; `None` for a
    /// tier adjustment.
    pub seller_id: Option<AgentId>,
    /// `None` for a tier adjustment.
    pub order_id: Option<i64>,
    /// 0 = own sales, 1–3 = override level.
    pub level: u8,
    pub kind: LineKind,
    pub source: LineSource,
    /// The refund a clawback reverses; `None` for a cancellation and for other kinds.
    pub refund_id: Option<i64>,
    /// The governing rule set; `None` for a tier adjustment (it may span several).
    pub rule_set_id: Option<i64>,
    /// Event time, UTC ms (the month's last instant for a tier adjustment).
    pub at_ms: i64,
    /// Commission base; negative on clawbacks, 0 on a tier adjustment (so that Σ bases of own
    /// lines is the volume).
    pub base_fen: i64,
    /// The line's rate; 0 on a tier adjustment.
    pub rate: Decimal,
    pub amount_fen: i64,
}

/// What identifies a line within a month: at most one line per key. Used to sort and to diff.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LineKey {
    pub month: Month,
    pub agent_id: AgentId,
    pub order_id: Option<i64>,
    pub level: u8,
    pub kind: LineKind,
    pub source: LineSource,
    pub refund_id: Option<i64>,
}

impl CommissionLine {
    /// Order by key without building keys (sorting a month's lines compares them often).
    pub fn cmp_key(&self, other: &CommissionLine) -> std::cmp::Ordering {
        let k = |l: &CommissionLine| (l.month, l.agent_id, l.order_id, l.level, l.kind);
        k(self).cmp(&k(other)).then_with(|| self.source.cmp(&other.source)).then_with(|| self.refund_id.cmp(&other.refund_id))
    }

    pub fn key(&self) -> LineKey {
        LineKey {
            month: self.month,
            agent_id: self.agent_id,
            order_id: self.order_id,
            level: self.level,
            kind: self.kind,
            source: self.source.clone(),
            refund_id: self.refund_id,
        }
    }
}

/// How orders find their rule set.
#[derive(Clone, Copy, Debug)]
pub enum RuleChoice<'a> {
    /// The rule set in force on the order's placing date (the normal case).
    Schedule(&'a [RuleSet]),
    /// One rule set for every order (a preview).
    Only(&'a RuleSet),
}

impl<'a> RuleChoice<'a> {
    /// Every rule set that can govern an order.
    pub fn sets(&self) -> &'a [RuleSet] {
        match *self {
            RuleChoice::Schedule(sets) => sets,
            RuleChoice::Only(r) => std::slice::from_ref(r),
        }
    }

    /// The rule set governing an order; `None` when the order was placed before any rule set
    /// took effect (it earns no commission).
    pub fn for_order(&self, order: &Order) -> Option<&'a RuleSet> {
        match *self {
            RuleChoice::Only(r) => Some(r),
            RuleChoice::Schedule(sets) => rule_in_force(sets, business_date(order.placed_at_ms)),
        }
    }
}

/// The accrual lines of an order: own lines per rate group, then overrides up the tree.
pub fn accrual_lines(order: &Order, rule: &RuleSet, t: &Timeline, uplines: &[AgentId]) -> Vec<CommissionLine> {
    let month = Month::of_ms(t.accrued_at_ms);
    let line = |agent_id, level, source, base_fen, rate| CommissionLine {
        month,
        accrued_month: month,
        agent_id,
        seller_id: Some(order.agent_id),
        order_id: Some(order.id),
        level,
        kind: LineKind::Accrual,
        source,
        refund_id: None,
        rule_set_id: Some(rule.id),
        at_ms: t.accrued_at_ms,
        base_fen,
        rate,
        amount_fen: fen_times_rate(base_fen, rate),
    };
    let own = t.groups.iter().map(|g| line(order.agent_id, 0, g.source.clone(), g.base_fen, g.rate));
    let overrides = rule
        .overrides
        .iter()
        .zip(uplines)
        .enumerate()
        .filter(|(_, (rate, _))| !rate.is_zero())
        .map(|(i, (rate, up))| line(*up, i as u8 + 1, LineSource::Override, t.base_fen, *rate));
    own.chain(overrides).collect()
}

/// The clawback lines for one reversal of an order whose accrual lines are `originals` (all of
/// them, every level) and whose accrued base is `base_fen` (> 0).
pub fn clawback_lines(originals: &[CommissionLine], base_fen: i64, rev: &Reversal) -> Vec<CommissionLine> {
    let month = Month::of_ms(rev.at_ms);
    // Same order as at accrual (by source), so stored lines split exactly as fresh ones.
    let mut own: Vec<&CommissionLine> = originals.iter().filter(|l| l.level == 0).collect();
    own.sort_by(|a, b| a.source.cmp(&b.source));
    let own_bases: Vec<i64> = own.iter().map(|l| l.base_fen).collect();
    let before = split_prefix(&own_bases, rev.cum_before_fen);
    let after = split_prefix(&own_bases, rev.cum_after_fen);
    let own_shares = own.iter().enumerate().map(|(i, l)| (*l, after[i] - before[i]));
    let others = originals.iter().filter(|l| l.level != 0).map(|l| {
        let share = |cum| fen_share(l.base_fen, cum, base_fen);
        (l, share(rev.cum_after_fen) - share(rev.cum_before_fen))
    });
    own_shares
        .chain(others)
        .map(|(l, base_share)| {
            let amount = |cum| fen_share(l.amount_fen, cum, base_fen);
            let amount_share = amount(rev.cum_after_fen) - amount(rev.cum_before_fen);
            CommissionLine {
                month,
                kind: LineKind::Clawback,
                refund_id: rev.refund_id,
                at_ms: rev.at_ms,
                base_fen: -base_share,
                amount_fen: -amount_share,
                ..l.clone()
            }
        })
        .filter(|l| l.base_fen != 0 || l.amount_fen != 0)
        .collect()
}

/// Every line an order produces in `month`: its accrual (if it accrued in `month`) and the
/// clawbacks of reversals in `month`. `prior` holds lines of earlier months; an order with
/// accrual lines there is taken as accrued then, on the base it was paid on, whatever the rule
/// set says now (closed months are facts, also when previewing another rule set).
pub fn order_lines(
    order: &Order,
    rules: RuleChoice<'_>,
    tree: &AgentTree,
    prior: &[CommissionLine],
    month: Month,
) -> Result<Vec<CommissionLine>, CommissionError> {
    let originals: Vec<CommissionLine> =
        prior.iter().filter(|l| l.order_id == Some(order.id) && l.kind == LineKind::Accrual && l.month < month).cloned().collect();
    if !originals.is_empty() {
        return prior_order_lines(order, &originals, month);
    }
    let Some(rule) = rules.for_order(order) else {
        return Ok(Vec::new());
    };
    let Some(t) = timeline(order, rule)? else {
        return Ok(Vec::new());
    };
    let accrued = Month::of_ms(t.accrued_at_ms);
    if accrued > month || t.base_fen == 0 {
        return Ok(Vec::new());
    }
    if accrued < month {
        // Only a reversal this month needs the closed month's lines (a mere completion does not).
        return match reversals_in(&t.reversals, month).next() {
            Some(_) => Err(CommissionError::MissingPriorLines { order_id: order.id, accrued_month: accrued }),
            None => Ok(Vec::new()),
        };
    }
    if !tree.contains(order.agent_id) {
        return Err(CommissionError::UnknownAgent { order_id: order.id, agent_id: order.agent_id });
    }
    let uplines = tree.uplines(order.agent_id, rule.overrides.len());
    let mut lines = accrual_lines(order, rule, &t, &uplines);
    let claws: Vec<CommissionLine> =
        reversals_in(&t.reversals, month).flat_map(|rev| clawback_lines(&lines, t.base_fen, rev)).collect();
    lines.extend(claws);
    Ok(lines)
}

fn reversals_in(revs: &[Reversal], month: Month) -> impl Iterator<Item = &Reversal> {
    revs.iter().filter(move |r| Month::of_ms(r.at_ms) == month)
}

/// Whether an order has a reversal (refund or cancellation) in `month`: only such orders
/// need the lines of the month they accrued in.
pub fn reverses_in(order: &Order, month: Month) -> bool {
    use crate::orders::OrderStatus;
    order.refunds.iter().any(|r| Month::of_ms(r.at_ms) == month)
        || order.status_changes.iter().any(|c| c.status == OrderStatus::Cancelled && Month::of_ms(c.at_ms) == month)
}

/// Clawbacks in `month` of an order accrued in an earlier month, from its recorded lines.
fn prior_order_lines(order: &Order, originals: &[CommissionLine], month: Month) -> Result<Vec<CommissionLine>, CommissionError> {
    let accrued_at = originals.iter().map(|l| l.at_ms).min().expect("non-empty");
    let paid_on: i64 = originals.iter().filter(|l| l.level == 0).map(|l| l.base_fen).sum();
    let base0 = goods_base(order)?;
    let now = base0 - refunded_before(order, accrued_at, base0)?;
    if now != paid_on {
        return Err(CommissionError::PriorLinesMismatch { order_id: order.id, paid_on_fen: paid_on, now_fen: now });
    }
    let revs = reversals_after(order, accrued_at, paid_on)?;
    Ok(reversals_in(&revs, month).flat_map(|rev| clawback_lines(originals, paid_on, rev)).collect())
}
