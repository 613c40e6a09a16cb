//! The P&L's arithmetic (F3): days filled in, the month's total, the gross margin.
//! Definitions (README "Finance"): revenue is recognised when an order ships (its total);
//! refunds are deducted in the period they are made; cost of goods is the cost recorded on the
//! shipment movements (less goods returned); expenses count on their booking day; net profit is
//! net revenue − cost of goods − expenses. Days are Asia/Shanghai business days.

use super::{Method, PnlDay, PnlLine};
use crate::money::Money;
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::BTreeMap;

impl PnlLine {
    /// An empty line with a zero for every payment method.
    pub fn zero() -> PnlLine {
        PnlLine { cash: vec![Money::ZERO; Method::ALL.len()], ..PnlLine::default() }
    }

    /// Add another line (a day to the month's total).
    pub fn add(&mut self, o: &PnlLine) {
        self.revenue = self.revenue + o.revenue;
        self.shipped_orders += o.shipped_orders;
        self.refunds = self.refunds + o.refunds;
        self.cogs = self.cogs + o.cogs;
        self.expenses = self.expenses + o.expenses;
        self.cash_refunded = self.cash_refunded + o.cash_refunded;
        if self.cash.len() < o.cash.len() {
            self.cash.resize(o.cash.len(), Money::ZERO);
        }
        for (a, b) in self.cash.iter_mut().zip(&o.cash) {
            *a = *a + *b;
        }
    }
}

/// Every day from `first_day` for `days` days, with zero lines where nothing happened.
pub fn fill_days(first_day: i64, days: i64, mut sparse: BTreeMap<i64, PnlLine>) -> Vec<PnlDay> {
    (first_day..first_day + days).map(|day| PnlDay { day, line: sparse.remove(&day).unwrap_or_else(PnlLine::zero) }).collect()
}

/// The sum of the days.
pub fn total(days: &[PnlDay]) -> PnlLine {
    let mut t = PnlLine::zero();
    for d in days {
        t.add(&d.line);
    }
    t
}

/// Gross profit as a percentage of net revenue, one decimal, half-up (`"35.2"`); `None`
/// when there is no net revenue to divide by.
pub fn margin(gross: Money, net_revenue: Money) -> Option<String> {
    if net_revenue.0 <= Decimal::ZERO {
        return None;
    }
    let pct = (gross.0 * Decimal::ONE_HUNDRED / net_revenue.0).round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
    Some(format!("{pct:.1}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(revenue: i64, cogs: i64, expenses: i64) -> PnlLine {
        PnlLine { revenue: Money::from_fen(revenue), cogs: Money::from_fen(cogs), expenses: Money::from_fen(expenses), ..PnlLine::zero() }
    }

    #[test]
    fn days_are_filled_and_summed() {
        let mut sparse = BTreeMap::new();
        sparse.insert(11, line(10_000, 6_000, 500));
        sparse.insert(13, PnlLine { refunds: Money::from_fen(2_000), cash: vec![Money::from_fen(1), Money::ZERO, Money::ZERO, Money::from_fen(2)], ..line(5_000, 3_000, 0) });
        let days = fill_days(10, 4, sparse);
        assert_eq!(days.iter().map(|d| d.day).collect::<Vec<_>>(), vec![10, 11, 12, 13]);
        assert_eq!(days[0].line, PnlLine::zero());
        let t = total(&days);
        // Revenue 150.00 − refunds 20.00 = 130.00; − cost 90.00 = 40.00; − expenses 5.00 = 35.00.
        assert_eq!(t.net_revenue(), Money::from_fen(13_000));
        assert_eq!(t.gross_profit(), Money::from_fen(4_000));
        assert_eq!(t.net_profit(), Money::from_fen(3_500));
        assert_eq!(t.cash_total(), Money::from_fen(3));
    }

    #[test]
    fn margins() {
        // 40.00 / 130.00 = 30.769…% → 30.8
        assert_eq!(margin(Money::from_fen(4_000), Money::from_fen(13_000)), Some("30.8".into()));
        // 1 / 8 = 12.5% exactly; 1/16 = 6.25% → 6.3 (half-up)
        assert_eq!(margin(Money::from_fen(100), Money::from_fen(800)), Some("12.5".into()));
        assert_eq!(margin(Money::from_fen(100), Money::from_fen(1_600)), Some("6.3".into()));
        assert_eq!(margin(Money::from_fen(-500), Money::from_fen(1_000)), Some("-50.0".into()));
        assert_eq!(margin(Money::from_fen(100), Money::ZERO), None);
    }
}
