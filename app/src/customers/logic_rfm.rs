//! RFM analysis (SPEC C2/C4): recency, frequency and monetary scores 1–5 by quintiles over a set
//! of customers, the eight classic segments (重要价值客户 … 一般挽留客户) and a segment overview.
//!
//! # Definitions
//! - Only customers with at least one counted order (and a last order day) take part; the others
//!   get no score and are listed in [`RfmResult::excluded`].
//! - Raw values: R = days since the last order (`today − last_order_day`, never negative),
//!   F = number of counted orders, M = counted spend in fen. Which period F and M cover is the
//!   caller's choice (all time, or e.g. the last 365 days).
//! - **Scores** (rank-based quintiles, ties take the lower bucket): for each customer let
//!   `worse` = the number of scored customers whose value is strictly worse (for R: more days since
//!   the last order; for F and M: a smaller value), and `n` the number of scored customers.
//!   Then `score = 1 + floor(5 × worse / n)`, which lies in 1..=5. Customers with equal values get
//!   equal scores; a score of k means "strictly better than at least (k − 1)/5 of the customers".
//!   With n distinct values each score holds n/5 customers; with many ties (F = 1 is typical)
//!   some scores stay empty, e.g. if 60% have one order they all score 1 and the next value scores 4.
//!   With n < 5 the top score is below 5 (n = 2 gives 1 and 3).
//! - **High / low** per dimension, by default ([`SegmentBasis::Score`]): high when the customer's
//!   score is strictly above the mean score of all scored customers ("高于平均值"), low otherwise.
//!   The alternative [`SegmentBasis::Value`] compares raw values with the raw mean (R high when the
//!   days are strictly below the mean days). Both are found in practice; scores are the default
//!   because a few very large spenders pull the raw mean of M up and would make almost everyone
//!   "low". When every customer has the same value, nobody is above the mean: all are low.
//! - **Segments** (the standard mapping; R high = bought recently):
//!
//!   | R | F | M | segment |
//!   |---|---|---|---|
//!   | high | high | high | 重要价值客户 |
//!   | high | low  | high | 重要发展客户 |
//!   | low  | high | high | 重要保持客户 |
//!   | low  | low  | high | 重要挽留客户 |
//!   | high | high | low  | 一般价值客户 |
//!   | high | low  | low  | 一般发展客户 |
//!   | low  | high | low  | 一般保持客户 |
//!   | low  | low  | low  | 一般挽留客户 |

use crate::customers::logic_util::{days_since, percent_2dp};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What the app supplies per customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RfmInput {
    pub customer_id: i64,
    /// Business day of the last counted order; `None` when the customer never ordered.
    pub last_order_day: Option<i64>,
    /// Counted orders (not cancelled, not fully refunded).
    pub order_count: u32,
    /// Counted spend in fen.
    pub spend_fen: i64,
}

/// How "high" and "low" are decided per dimension; see the module docs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentBasis {
    /// Score strictly above the mean score.
    #[default]
    Score,
    /// Raw value strictly better than the mean raw value.
    Value,
}

/// The eight RFM segments, in the order of the standard table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    ImportantValue,
    ImportantDevelop,
    ImportantKeep,
    ImportantRetain,
    GeneralValue,
    GeneralDevelop,
    GeneralKeep,
    GeneralRetain,
}

impl Segment {
    pub const ALL: [Segment; 8] = [
        Segment::ImportantValue,
        Segment::ImportantDevelop,
        Segment::ImportantKeep,
        Segment::ImportantRetain,
        Segment::GeneralValue,
        Segment::GeneralDevelop,
        Segment::GeneralKeep,
        Segment::GeneralRetain,
    ];

    /// The segment for high/low recency, frequency and monetary levels.
    pub fn from_levels(r_high: bool, f_high: bool, m_high: bool) -> Self {
        use Segment::*;
        match (r_high, f_high, m_high) {
            (true, true, true) => ImportantValue,
            (true, false, true) => ImportantDevelop,
            (false, true, true) => ImportantKeep,
            (false, false, true) => ImportantRetain,
            (true, true, false) => GeneralValue,
            (true, false, false) => GeneralDevelop,
            (false, true, false) => GeneralKeep,
            (false, false, false) => GeneralRetain,
        }
    }

    /// Stable code for storage, e.g. `important_value`.
    pub fn code(self) -> &'static str {
        use Segment::*;
        match self {
            ImportantValue => "important_value",
            ImportantDevelop => "important_develop",
            ImportantKeep => "important_keep",
            ImportantRetain => "important_retain",
            GeneralValue => "general_value",
            GeneralDevelop => "general_develop",
            GeneralKeep => "general_keep",
            GeneralRetain => "general_retain",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Segment::ALL.into_iter().find(|s| s.code() == code)
    }

}

/// Scores and segment of one customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RfmScore {
    pub customer_id: i64,
    pub recency_days: i64,
    pub order_count: u32,
    pub spend_fen: i64,
    pub r: u8,
    pub f: u8,
    pub m: u8,
    pub r_high: bool,
    pub f_high: bool,
    pub m_high: bool,
    pub segment: Segment,
}

/// Means over the scored customers, rounded half-up to two decimals, for display
/// ("R 平均分 2.75"); the high/low decision itself is made with exact integers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RfmMeans {
    pub r_score: Decimal,
    pub f_score: Decimal,
    pub m_score: Decimal,
    pub recency_days: Decimal,
    pub order_count: Decimal,
    pub spend_fen: Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RfmResult {
    /// In input order, scored customers only.
    pub scores: Vec<RfmScore>,
    /// Customers without orders, in input order.
    pub excluded: Vec<i64>,
    /// `None` when nobody was scored.
    pub means: Option<RfmMeans>,
    pub basis: SegmentBasis,
}

/// One row of the segment overview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentOverview {
    pub segment: Segment,
    pub customers: u32,
    pub spend_fen: i64,
    /// Share of scored customers, percent, two decimals.
    pub customer_share_pct: Decimal,
    /// Share of the scored customers' spend, percent, two decimals.
    pub spend_share_pct: Decimal,
}

/// Why an RFM input was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RfmError {
    /// The same customer appears twice in the input.
    DuplicateCustomer { customer_id: i64 },
    /// A negative spend (refunds larger than purchases) cannot be ranked meaningfully.
    NegativeSpend { customer_id: i64, spend_fen: i64 },
}

impl RfmError {
    pub fn code(&self) -> &'static str {
        match self {
            RfmError::DuplicateCustomer { .. } => "rfm_duplicate_customer",
            RfmError::NegativeSpend { .. } => "rfm_negative_spend",
        }
    }

}

/// Score every customer with orders and assign segments; see the module docs for the rules.
pub fn score_customers(inputs: &[RfmInput], today: i64, basis: SegmentBasis) -> Result<RfmResult, RfmError> {
    let mut seen = BTreeSet::new();
    let mut scored: Vec<(&RfmInput, i64)> = Vec::new();
    let mut excluded = Vec::new();
    for c in inputs {
        if !seen.insert(c.customer_id) {
            return Err(RfmError::DuplicateCustomer { customer_id: c.customer_id });
        }
        if c.spend_fen < 0 {
            return Err(RfmError::NegativeSpend { customer_id: c.customer_id, spend_fen: c.spend_fen });
        }
        match c.last_order_day {
            Some(day) if c.order_count > 0 => scored.push((c, days_since(day, today))),
            _ => excluded.push(c.customer_id),
        }
    }
    // Fewer days since the last order is better, so recency is ranked on the negated days.
    let r = quintile_scores(&scored.iter().map(|(_, days)| -days).collect::<Vec<_>>());
    let f = quintile_scores(&scored.iter().map(|(c, _)| i64::from(c.order_count)).collect::<Vec<_>>());
    let m = quintile_scores(&scored.iter().map(|(c, _)| c.spend_fen).collect::<Vec<_>>());
    let levels = Levels::new(&scored, &r, &f, &m);
    let scores = scored
        .iter()
        .enumerate()
        .map(|(i, (c, days))| {
            let (r_high, f_high, m_high) = levels.high(basis, *days, c, r[i], f[i], m[i]);
            RfmScore {
                customer_id: c.customer_id,
                recency_days: *days,
                order_count: c.order_count,
                spend_fen: c.spend_fen,
                r: r[i],
                f: f[i],
                m: m[i],
                r_high,
                f_high,
                m_high,
                segment: Segment::from_levels(r_high, f_high, m_high),
            }
        })
        .collect();
    Ok(RfmResult { scores, excluded, means: levels.means(), basis })
}

/// Rank-based quintile scores 1–5 for `keys`, where a larger key is better:
/// `1 + floor(5 × (number of strictly smaller keys) / n)`.
pub fn quintile_scores(keys: &[i64]) -> Vec<u8> {
    let n = keys.len();
    let mut sorted = keys.to_vec();
    sorted.sort_unstable();
    keys.iter()
        .map(|k| {
            let worse = sorted.partition_point(|x| x < k);
            // worse ≤ n − 1, so the quotient is at most 4.
            (1 + 5 * worse / n) as u8
        })
        .collect()
}

/// Sums needed for the mean comparisons, kept exact as integers.
struct Levels {
    n: i128,
    sum_r: i128,
    sum_f: i128,
    sum_m: i128,
    sum_days: i128,
    sum_orders: i128,
    sum_spend: i128,
}

impl Levels {
    fn new(scored: &[(&RfmInput, i64)], r: &[u8], f: &[u8], m: &[u8]) -> Self {
        let sum_u8 = |v: &[u8]| v.iter().map(|x| i128::from(*x)).sum::<i128>();
        Levels {
            n: scored.len() as i128,
            sum_r: sum_u8(r),
            sum_f: sum_u8(f),
            sum_m: sum_u8(m),
            sum_days: scored.iter().map(|(_, d)| i128::from(*d)).sum(),
            sum_orders: scored.iter().map(|(c, _)| i128::from(c.order_count)).sum(),
            sum_spend: scored.iter().map(|(c, _)| i128::from(c.spend_fen)).sum(),
        }
    }

    /// `x > sum / n` is decided as `x × n > sum`, so no rounding can flip a customer.
    fn high(&self, basis: SegmentBasis, days: i64, c: &RfmInput, r: u8, f: u8, m: u8) -> (bool, bool, bool) {
        let above = |x: i128, sum: i128| x * self.n > sum;
        match basis {
            SegmentBasis::Score => (
                above(r.into(), self.sum_r),
                above(f.into(), self.sum_f),
                above(m.into(), self.sum_m),
            ),
            SegmentBasis::Value => (
                i128::from(days) * self.n < self.sum_days,
                above(c.order_count.into(), self.sum_orders),
                above(c.spend_fen.into(), self.sum_spend),
            ),
        }
    }

    fn means(&self) -> Option<RfmMeans> {
        if self.n == 0 {
            return None;
        }
        let mean = |sum: i128| {
            (Decimal::from_i128_with_scale(sum, 0) / Decimal::from_i128_with_scale(self.n, 0))
                .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        };
        Some(RfmMeans {
            r_score: mean(self.sum_r),
            f_score: mean(self.sum_f),
            m_score: mean(self.sum_m),
            recency_days: mean(self.sum_days),
            order_count: mean(self.sum_orders),
            spend_fen: mean(self.sum_spend),
        })
    }
}

/// Count, spend and shares per segment, all eight segments in table order (empty ones included).
pub fn overview(scores: &[RfmScore]) -> Vec<SegmentOverview> {
    let total_customers = scores.len() as i64;
    let total_spend: i64 = scores.iter().map(|s| s.spend_fen).sum();
    Segment::ALL
        .into_iter()
        .map(|segment| {
            let members = scores.iter().filter(|s| s.segment == segment);
            let (customers, spend_fen) = members.fold((0u32, 0i64), |(n, sum), s| (n + 1, sum + s.spend_fen));
            SegmentOverview {
                segment,
                customers,
                spend_fen,
                customer_share_pct: percent_2dp(i64::from(customers), total_customers),
                spend_share_pct: percent_2dp(spend_fen, total_spend),
            }
        })
        .collect()
}

/// The quintile boundaries and mean scores of one scoring run, kept so that a single
/// customer whose orders changed can be placed between full runs exactly as the run would
/// have placed a customer with those values.
///
/// For rank quintiles `score = 1 + floor(5 × worse / n)`, a score of at least `k + 1` means
/// `worse ≥ ceil(k × n / 5)`, i.e. the value is above the `ceil(k × n / 5)`-th smallest value.
/// So the four cuts per dimension are those order statistics, and a value's score is one plus
/// the number of cuts it exceeds. Recency is kept as the last order day (a later day is
/// better), so the cuts stay valid on later days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RfmCuts {
    pub n: i64,
    pub last_day: [i64; 4],
    pub orders: [i64; 4],
    pub spend: [i64; 4],
    /// Sums of the scores, for the above-the-mean test (`score × n > sum`).
    pub sum_r: i64,
    pub sum_f: i64,
    pub sum_m: i64,
}

impl RfmCuts {
    /// The cuts of a population (customers with orders only); `None` when nobody was scored.
    pub fn from_result(inputs: &[RfmInput], result: &RfmResult) -> Option<RfmCuts> {
        let n = result.scores.len();
        if n == 0 {
            return None;
        }
        let mut last: Vec<i64> = inputs.iter().filter(|c| c.order_count > 0).filter_map(|c| c.last_order_day).collect();
        let mut orders: Vec<i64> = result.scores.iter().map(|s| i64::from(s.order_count)).collect();
        let mut spend: Vec<i64> = result.scores.iter().map(|s| s.spend_fen).collect();
        last.sort_unstable();
        orders.sort_unstable();
        spend.sort_unstable();
        let cut = |sorted: &[i64]| -> [i64; 4] {
            let mut c = [0; 4];
            for (k, slot) in c.iter_mut().enumerate() {
                let w = ((k + 1) * n).div_ceil(5);
                *slot = sorted[w.max(1) - 1];
            }
            c
        };
        let sum = |f: fn(&RfmScore) -> u8| result.scores.iter().map(|s| i64::from(f(s))).sum::<i64>();
        Some(RfmCuts {
            n: n as i64,
            last_day: cut(&last),
            orders: cut(&orders),
            spend: cut(&spend),
            sum_r: sum(|s| s.r),
            sum_f: sum(|s| s.f),
            sum_m: sum(|s| s.m),
        })
    }

    fn score(cuts: &[i64; 4], v: i64) -> u8 {
        1 + cuts.iter().filter(|c| v > **c).count() as u8
    }

    /// Scores and segment of one customer against these cuts (score basis); `None` without orders.
    pub fn place(&self, c: &RfmInput) -> Option<(u8, u8, u8, Segment)> {
        let last = c.last_order_day.filter(|_| c.order_count > 0)?;
        let (r, f, m) = (Self::score(&self.last_day, last), Self::score(&self.orders, i64::from(c.order_count)), Self::score(&self.spend, c.spend_fen));
        let above = |s: u8, sum: i64| i64::from(s) * self.n > sum;
        Some((r, f, m, Segment::from_levels(above(r, self.sum_r), above(f, self.sum_f), above(m, self.sum_m))))
    }
}

#[cfg(test)]
#[path = "logic_rfm_tests.rs"]
mod tests;
