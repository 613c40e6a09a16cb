//! Pure dashboard rules: turning sparse daily sums into a full series.

use super::DayPoint;
use crate::money::Money;

/// What one sold order adds to the aggregates: its business day and hour of creation, agent,
/// channel, total and lines (SKU, quantity, amount in fen).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaleFacts {
    pub day: i64,
    pub hour: i64,
    pub agent_id: i64,
    pub channel: String,
    pub total_fen: i64,
    pub lines: Vec<(i64, i64, i64)>,
}

/// Fill the days without sales with zero, oldest first.
pub fn fill_days(first_day: i64, days: i64, sparse: &[(i64, i64)]) -> Vec<DayPoint> {
    (first_day..first_day + days)
        .map(|day| {
            let fen = sparse.iter().find(|(d, _)| *d == day).map(|(_, f)| *f).unwrap_or(0);
            DayPoint { day, sales: Money::from_fen(fen) }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn fills_missing_days() {
        let pts = super::fill_days(10, 3, &[(11, 500)]);
        let fen: Vec<i64> = pts.iter().map(|p| p.sales.to_fen()).collect();
        assert_eq!(fen, vec![0, 500, 0]);
        assert_eq!(pts[2].day, 12);
    }
}
