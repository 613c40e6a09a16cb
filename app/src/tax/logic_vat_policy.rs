//! Dated VAT policy: levy-rate reductions, the small-scale exemption threshold and the
//! surcharge reliefs, each valid from/to a date, so that a summary of any past period uses
//! the rules of that period. The app may store its own table; [`TaxPolicy::builtin`] holds
//! the entries we looked up (source named on each).
//!
//! Later entries of the same kind override earlier ones on overlapping days.

use crate::tax::logic_rate::TaxRate;
use crate::tax::logic_vat::{Period, VatError};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One kind of rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PolicyRule {
    /// 小规模纳税人: sales at the 3% levy rate are taxed at `to` instead (减按 `to` 征收).
    SmallScaleReducedLevy { to: TaxRate },
    /// 小规模纳税人: sales are exempt when the period's sales are at or below the threshold
    /// (monthly filers: `monthly_fen`; quarterly filers: `quarterly_fen`).
    SmallScaleExemption { monthly_fen: i64, quarterly_fen: i64 },
    /// 六税两费 减征: this percent of 城市维护建设税, 教育费附加 and 地方教育附加 is waived for
    /// small-scale taxpayers (and, when the app says so, small low-profit enterprises and
    /// individual businesses that are general taxpayers).
    SurchargeRelief { percent: i64 },
    /// 教育费附加 and 地方教育附加 are waived when the period's sales are at or below.
    EducationSurchargeExemption { monthly_fen: i64, quarterly_fen: i64 },
}

/// A rule valid from `from` to `to` (inclusive; `None`: until further notice).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyEntry {
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub rule: PolicyRule,
    /// The document that sets the rule.
    pub source: String,
}

/// The table of dated rules.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxPolicy {
    pub entries: Vec<PolicyEntry>,
}

/// The rules in force on a day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyInForce {
    pub reduced_levy: Option<TaxRate>,
    /// (monthly, quarterly) threshold in fen.
    pub exemption: Option<(i64, i64)>,
    pub surcharge_relief_pct: i64,
    pub education_exemption: Option<(i64, i64)>,
}

impl PolicyInForce {
    /// The exemption threshold for a period's filing frequency.
    pub fn exemption_threshold(&self, period: Period) -> Option<i64> {
        self.exemption.map(|(m, q)| if period.is_quarter() { q } else { m })
    }

    pub fn education_threshold(&self, period: Period) -> Option<i64> {
        self.education_exemption.map(|(m, q)| if period.is_quarter() { q } else { m })
    }

    /// The levy percent a small-scale 3% item is taxed at.
    pub fn levy3_percent(&self) -> i64 {
        self.reduced_levy.map_or(3, |r| r.percent())
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid literal date")
}

fn entry(from: NaiveDate, to: Option<NaiveDate>, rule: PolicyRule, source: &str) -> PolicyEntry {
    PolicyEntry { from, to, rule, source: source.to_string() }
}

impl TaxPolicy {
    /// The rules we looked up. Before 2023 the small-scale levy was also reduced or waived
    /// at times (2020–2022, with regional differences); those periods are not in this table.
    pub fn builtin() -> TaxPolicy {
        use PolicyRule::*;
        let wan = |n: i64| n * 10_000 * 100;
        TaxPolicy {
            entries: vec![
                entry(day(2016, 2, 1), None, EducationSurchargeExemption { monthly_fen: wan(10), quarterly_fen: wan(30) }, "财税〔2016〕12号"),
                entry(day(2019, 1, 1), Some(day(2021, 3, 31)), SmallScaleExemption { monthly_fen: wan(10), quarterly_fen: wan(30) }, "财税〔2019〕13号"),
                entry(day(2021, 4, 1), Some(day(2022, 12, 31)), SmallScaleExemption { monthly_fen: wan(15), quarterly_fen: wan(45) }, "财政部 税务总局公告2021年第11号"),
                entry(day(2023, 1, 1), Some(day(2027, 12, 31)), SmallScaleExemption { monthly_fen: wan(10), quarterly_fen: wan(30) }, "财政部 税务总局公告2023年第1号、2023年第19号"),
                entry(day(2023, 1, 1), Some(day(2027, 12, 31)), SmallScaleReducedLevy { to: TaxRate::R1 }, "财政部 税务总局公告2023年第1号、2023年第19号"),
                entry(day(2022, 1, 1), Some(day(2027, 12, 31)), SurchargeRelief { percent: 50 }, "财政部 税务总局公告2022年第10号、2023年第12号"),
            ],
        }
    }

    /// The rules in force on `date`.
    pub fn in_force(&self, date: NaiveDate) -> PolicyInForce {
        let mut p = PolicyInForce::default();
        for e in self.entries.iter().filter(|e| e.from <= date && e.to.is_none_or(|to| date <= to)) {
            match e.rule {
                PolicyRule::SmallScaleReducedLevy { to } => p.reduced_levy = Some(to),
                PolicyRule::SmallScaleExemption { monthly_fen, quarterly_fen } => p.exemption = Some((monthly_fen, quarterly_fen)),
                PolicyRule::SurchargeRelief { percent } => p.surcharge_relief_pct = percent,
                PolicyRule::EducationSurchargeExemption { monthly_fen, quarterly_fen } => {
                    p.education_exemption = Some((monthly_fen, quarterly_fen))
                }
            }
        }
        p
    }

    /// The rules for a whole period; refused when they change inside it (a summary must
    /// then be made month by month, or the day the change falls on must start a period).
    pub fn for_period(&self, period: Period) -> Result<PolicyInForce, VatError> {
        let period = period.check()?;
        let first = self.in_force(period.first_day());
        let mut days: Vec<NaiveDate> = self.entries.iter().flat_map(|e| [Some(e.from), e.to.and_then(|t| t.succ_opt())]).flatten().collect();
        days.sort();
        for d in days.into_iter().filter(|d| period.first_day() < *d && *d <= period.last_day()) {
            if self.in_force(d) != first {
                return Err(VatError::PolicyChangesWithinPeriod { date: d });
            }
        }
        Ok(first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(year: i32, quarter: u32) -> Period {
        Period::Quarter { year, quarter }
    }

    #[test]
    fn builtin_rules_by_period() {
        let p = TaxPolicy::builtin();
        let q3_2021 = p.for_period(q(2021, 3)).unwrap();
        assert_eq!(q3_2021.exemption_threshold(q(2021, 3)), Some(45_000_000));
        assert_eq!((q3_2021.reduced_levy, q3_2021.surcharge_relief_pct), (None, 0));
        let q4_2022 = p.for_period(q(2022, 4)).unwrap();
        assert_eq!((q4_2022.exemption_threshold(q(2022, 4)), q4_2022.surcharge_relief_pct), (Some(45_000_000), 50));
        let m1_2023 = Period::Month { year: 2023, month: 1 };
        let jan = p.for_period(m1_2023).unwrap();
        assert_eq!((jan.reduced_levy, jan.exemption_threshold(m1_2023), jan.levy3_percent()), (Some(TaxRate::R1), Some(10_000_000), 1));
        assert_eq!(jan.education_threshold(m1_2023), Some(10_000_000));
        let q4_2027 = p.for_period(q(2027, 4)).unwrap();
        assert_eq!(q4_2027.exemption_threshold(q(2027, 4)), Some(30_000_000));
        let q1_2028 = p.for_period(q(2028, 1)).unwrap();
        assert_eq!((q1_2028.exemption, q1_2028.reduced_levy, q1_2028.surcharge_relief_pct), (None, None, 0));
        assert_eq!(q1_2028.levy3_percent(), 3);
        assert_eq!(q1_2028.education_threshold(q(2028, 1)), Some(30_000_000));
    }

    #[test]
    fn a_change_inside_the_period_is_refused() {
        let p = TaxPolicy::builtin();
        // 财税〔2016〕12号 starts on 1 February 2016, inside 2016 Q1.
        assert_eq!(p.for_period(q(2016, 1)), Err(VatError::PolicyChangesWithinPeriod { date: day(2016, 2, 1) }));
        assert!(p.for_period(Period::Month { year: 2016, month: 1 }).is_ok());
        let custom = TaxPolicy {
            entries: vec![entry(day(2024, 2, 15), None, PolicyRule::SurchargeRelief { percent: 50 }, "test")],
        };
        assert_eq!(custom.for_period(q(2024, 1)), Err(VatError::PolicyChangesWithinPeriod { date: day(2024, 2, 15) }));
        assert_eq!(custom.for_period(Period::Month { year: 2024, month: 3 }).unwrap().surcharge_relief_pct, 50);
        assert_eq!(p.for_period(Period::Month { year: 2024, month: 13 }), Err(VatError::InvalidPeriod { year: 2024, number: 13 }));
    }
}
