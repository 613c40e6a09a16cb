//! Demo commissions: the boss's rules (a first set when the year of orders starts, a change
//! two months ago), every month run through the commissions service, approved and paid by
//! finance, and last month left as a draft for the boss to approve.

use app::auth::service::{act_as, system, user_id};
use app::commissions::{service, AccrueOn, CategoryRateInput, Month, PayMethod, PayoutInput, RuleSetInput, StatementFilter};
use app::commissions::{StatementStatus, TierInput, TierMode};
use app::page::Seek;
use app::state::Db;
use app::time::date_of_day;

fn tiers(list: &[(&str, &str)]) -> Vec<TierInput> {
    list.iter().map(|(from, rate)| TierInput { from: (*from).into(), rate: (*rate).into() }).collect()
}

/// Seed the rules and months up to the month before `today`; returns the months run.
pub async fn seed(db: &Db, today: i64) -> anyhow::Result<usize> {
    let err = |e: app::error::AppError| anyhow::anyhow!(e.message(app::i18n::Lang::En));
    let sys = system();
    let boss = act_as(db, &sys, user_id(db, &sys, "boss").await.map_err(err)?).await.map_err(err)?;
    let finance = act_as(db, &sys, user_id(db, &sys, "caiwu").await.map_err(err)?).await.map_err(err)?;
    let first = Month::of_date(date_of_day(today - 364));
    let last = Month::of_date(date_of_day(today)).prev();
    let change = last.prev();
    // 超额累进 on own monthly sales, 一级 10% / 二级 5% on the downline's, food (thin margins) at 3%.
    let r1 = RuleSetInput {
        effective_from: first.first_day().to_string().as_str().into(),
        mode: TierMode::Marginal,
        accrue_on: AccrueOn::Shipped,
        tiers: tiers(&[("0", "5"), ("5000", "8"), ("15000", "10")]),
        overrides: vec!["10".into(), "5".into()],
        category_rates: vec![CategoryRateInput { category: "食品".into(), rate: "3".into() }],
        note: "阶梯提成 + 两级返佣".into(),
        ..Default::default()
    };
    // From the 16th two months ago: 全额累进 with a lower first threshold, to push the team.
    let r2 = RuleSetInput {
        effective_from: format!("{change}-16").as_str().into(),
        mode: TierMode::WholeAmount,
        tiers: tiers(&[("0", "5"), ("8000", "7"), ("20000", "9")]),
        note: "下半年冲量：全额累进".into(),
        ..r1.clone()
    };
    for r in [&r1, &r2] {
        service::save_rule_set(db, &boss, r).await.map_err(err)?;
    }
    let mut months = 0;
    let mut m = first;
    while m <= last {
        service::run_month_end(db, &boss, m).await.map_err(err)?;
        if m < last {
            service::approve_month(db, &boss, m).await.map_err(err)?;
            // Finance pays on the 5th of the next month; the latest approved month only in part.
            let paid_on = format!("{}-05", m.next());
            for (i, s) in statements(db, &finance, m).await?.into_iter().enumerate() {
                if s.1 > 0 && (m < last.prev() || i % 2 == 0) {
                    let input = PayoutInput { statement_id: s.0, method: PayMethod::Bank, reference: format!("ZZ{}{:03}", m.key(), i).as_str().into(), paid_on: paid_on.as_str().into() };
                    service::record_payout(db, &finance, &input).await.map_err(err)?;
                }
            }
        }
        months += 1;
        m = m.next();
    }
    Ok(months)
}

/// A month's approved statements (id, total fen), largest first.
async fn statements(db: &Db, who: &app::auth::Caller, m: Month) -> anyhow::Result<Vec<(app::commissions::StatementId, i64)>> {
    let mut out = Vec::new();
    let mut filter = StatementFilter { month: Some(m), seek: Seek::First };
    loop {
        let page = service::list_statements(db, who, &filter).await.map_err(|e| anyhow::anyhow!(e.message(app::i18n::Lang::En)))?;
        out.extend(page.rows.iter().filter(|s| s.status == StatementStatus::Confirmed).map(|s| (s.id, s.total.to_fen())));
        match page.next {
            Some(c) => filter.seek = Seek::After(c),
            None => return Ok(out),
        }
    }
}
