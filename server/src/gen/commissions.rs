//! The generated team's commission rules: from the first day of last month (so that month is
//! the team's first commission month and can be run at once), 超额累进 tiers on own monthly
//! sales, three override levels (the generated tree has three levels), food at its own rate.
//! Saved through the commissions service, like the boss's editor does.

use app::commissions::{service, AccrueOn, CategoryRateInput, Month, RuleSetInput, TierInput, TierMode};
use app::state::Db;
use app::time::date_of_day;

/// Save the rules; returns the first month they govern.
pub async fn rules(db: &Db, today: i64) -> anyhow::Result<Month> {
    let first = Month::of_date(date_of_day(today)).prev();
    let tier = |from: &str, rate: &str| TierInput { from: from.into(), rate: rate.into() };
    let input = RuleSetInput {
        effective_from: first.first_day().to_string().as_str().into(),
        mode: TierMode::Marginal,
        accrue_on: AccrueOn::Shipped,
        tiers: vec![tier("0", "5"), tier("20000", "8"), tier("60000", "10")],
        overrides: vec!["10".into(), "5".into(), "2".into()],
        category_rates: vec![CategoryRateInput { category: "食品".into(), rate: "3".into() }],
        note: "bench".into(),
        ..Default::default()
    };
    service::save_rule_set(db, &app::auth::service::system(), &input).await.map_err(crate::cli::both)?;
    Ok(first)
}
