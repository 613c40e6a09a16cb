//! Business days: 2024-10-01 = 19997, 10-31 = 20027, 11-01 = 20028, 11-30 = 20057,
//! 12-01 = 20058, 12-31 = 20088.
//!
//! | customer | counted orders (day)          | not counted          | first order |
//! |----------|-------------------------------|----------------------|-------------|
//! | 1        | 19997, 20030, 20040           |                      | Oct         |
//! | 2        | 20035, 20060                  |                      | Nov         |
//! | 3        | 20045                         | 20050 (cancelled)    | Nov         |
//! | 4        |                               | 20050 (refunded)     | —           |
//! | 5        | 20010, 20070                  |                      | Oct         |
//! | 6        | 20057, 20058                  |                      | Nov         |
//! | 7        | 20020, 20020 (two that day)   |                      | Oct         |

use super::*;
use crate::i18n::Lang;
use std::str::FromStr;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn orders() -> Vec<OrderFact> {
    let o = |customer_id, day, counted| OrderFact { customer_id, day, counted };
    vec![
        o(1, 19_997, true),
        o(1, 20_030, true),
        o(1, 20_040, true),
        o(2, 20_035, true),
        o(2, 20_060, true),
        o(3, 20_045, true),
        o(3, 20_050, false),
        o(4, 20_050, false),
        o(5, 20_010, true),
        o(5, 20_070, true),
        o(6, 20_057, true),
        o(6, 20_058, true),
        o(7, 20_020, true),
        o(7, 20_020, true),
    ]
}

#[test]
fn repurchase_rate_per_window() {
    // November: buyers 1, 2, 3, 6; only 1 bought twice.
    assert_eq!(
        repurchase_rate(&orders(), 20_028, 20_057),
        Ok(RepurchaseRate { buyers: 4, repeat_buyers: 1, rate_pct: Some(dec("25.00")) })
    );
    // October: buyers 1, 5, 7; 7 ordered twice on one day.
    assert_eq!(
        repurchase_rate(&orders(), 19_997, 20_027),
        Ok(RepurchaseRate { buyers: 3, repeat_buyers: 1, rate_pct: Some(dec("33.33")) })
    );
    // October to December: 1 (3 orders), 2, 5, 6, 7 (2 each) repeat; 3 does not.
    assert_eq!(
        repurchase_rate(&orders(), 19_997, 20_088),
        Ok(RepurchaseRate { buyers: 6, repeat_buyers: 5, rate_pct: Some(dec("83.33")) })
    );
    // One day, edges inclusive: 20057 (customer 6) only.
    assert_eq!(repurchase_rate(&orders(), 20_057, 20_057), Ok(RepurchaseRate { buyers: 1, repeat_buyers: 0, rate_pct: Some(dec("0")) }));
    assert_eq!(repurchase_rate(&orders(), 21_000, 21_030), Ok(RepurchaseRate { buyers: 0, repeat_buyers: 0, rate_pct: None }));
}

#[test]
fn new_and_returning_per_month() {
    let m = |year, month, new_customers, returning_customers, share: Option<&str>| MonthCustomers {
        month: YearMonth::new(year, month),
        new_customers,
        returning_customers,
        returning_share_pct: share.map(dec),
    };
    assert_eq!(
        new_vs_returning(&orders(), YearMonth::new(2024, 10), YearMonth::new(2025, 1)),
        Ok(vec![
            m(2024, 10, 3, 0, Some("0")),
            m(2024, 11, 3, 1, Some("25")),
            m(2024, 12, 0, 3, Some("100")),
            m(2025, 1, 0, 0, None),
        ])
    );
    // Orders before the range still decide who is new: customer 1 returns in November.
    assert_eq!(
        new_vs_returning(&orders(), YearMonth::new(2024, 11), YearMonth::new(2024, 11)),
        Ok(vec![m(2024, 11, 3, 1, Some("25"))])
    );
}

#[test]
fn counted_orders() {
    assert!(is_counted(false, 1_000, 0));
    assert!(is_counted(false, 1_000, 999));
    assert!(is_counted(false, 0, 0));
    assert!(!is_counted(true, 1_000, 0));
    assert!(!is_counted(false, 1_000, 1_000));
    assert!(!is_counted(false, 1_000, 1_200));
}

#[test]
fn range_errors() {
    let err = repurchase_rate(&orders(), 20_057, 20_028).unwrap_err();
    assert_eq!(err, RepurchaseError::DaysReversed { from_day: 20_057, to_day: 20_028 });
    assert_eq!(err.message(Lang::Zh), "开始日期 2024-11-30 晚于结束日期 2024-11-01");
    let err = new_vs_returning(&orders(), YearMonth::new(2024, 12), YearMonth::new(2024, 11)).unwrap_err();
    assert_eq!(err, RepurchaseError::MonthsReversed { from: YearMonth::new(2024, 12), to: YearMonth::new(2024, 11) });
    assert_eq!(err.message(Lang::En), "The start month 2024-12 is after the end month 2024-11");
    let err = new_vs_returning(&[], YearMonth::new(2000, 1), YearMonth::new(2020, 12)).unwrap_err();
    assert_eq!(err, RepurchaseError::TooManyMonths { months: 252, max: 240 });
    assert_eq!(err.code(), "repurchase_too_many_months");
    assert_eq!(new_vs_returning(&[], YearMonth::new(2000, 1), YearMonth::new(2019, 12)).map(|v| v.len()), Ok(240));
    let back: RepurchaseError = serde_json::from_str(&serde_json::to_string(&err).unwrap()).unwrap();
    assert_eq!(back, err);
}
