//! Figures over customers: the RFM segment overview with lifecycle stages and their monthly
//! movements, and repurchase (rate, new vs returning per month) for the team and per agent —
//! the functions the dashboards call.

use super::super::db::{self, refresh as rdb};
use super::super::logic_lifecycle::{movements_by_month, Stage, StageTransition};
use super::super::logic_repurchase::{new_vs_returning, repurchase_rate, OrderFact, MAX_MONTHS};
use super::super::logic_rfm::Segment;
use super::super::logic_util::{percent_2dp, YearMonth};
use super::super::{AgentRepurchase, RepurchaseFigures, RepurchaseReport, SegmentOverview, SegmentRow};
use crate::auth::{Caller, Perm};
use crate::error::{AppError, AppResult};
use crate::money::Money;
use crate::state::Db;
use crate::time::{day_of, day_start_ms, now_ms};
use std::collections::BTreeMap;

/// Months of stage movements the overview shows.
pub const MOVEMENT_MONTHS: u32 = 6;

/// Segments (count, spend, shares), stages and the last months' stage movements of the
/// caller's customers, or of one agent's (the boss picks any agent, an agent one of its line).
pub async fn segment_overview(db: &Db, caller: &Caller, agent: Option<i64>) -> AppResult<SegmentOverview> {
    caller.require(Perm::ViewCustomers)?;
    if let Some(a) = agent {
        if !caller.scope().contains(a) {
            return Err(AppError::NotFound);
        }
    }
    let mut conn = db.pool.acquire().await?;
    let raw = rdb::segments(&mut conn, caller.scope(), agent).await?;
    let scored: i64 = raw.iter().filter(|r| r.0.is_some()).map(|r| r.1).sum();
    let spend: i64 = raw.iter().filter(|r| r.0.is_some()).map(|r| r.2).sum();
    let unscored = raw.iter().filter(|r| r.0.is_none()).map(|r| r.1).sum();
    let rows = Segment::ALL
        .into_iter()
        .map(|s| {
            let (n, fen) = raw.iter().find(|r| r.0.as_deref() == Some(s.code())).map_or((0, 0), |r| (r.1, r.2));
            SegmentRow { segment: s, customers: n, spend: Money::from_fen(fen), customer_share: percent_2dp(n, scored), spend_share: percent_2dp(fen, spend) }
        })
        .collect();
    let stage_counts = rdb::stages(&mut conn, caller.scope(), agent).await?;
    let stages = Stage::ALL.into_iter().map(|s| (s, stage_counts.iter().find(|r| r.0 == s.code()).map_or(0, |r| r.1))).collect();
    let first = (0..MOVEMENT_MONTHS - 1).fold(YearMonth::of_day(day_of(now_ms())), |m, _| m.prev());
    let changes: Vec<StageTransition> = rdb::stage_changes(&mut conn, caller.scope(), agent, first.first_day())
        .await?
        .into_iter()
        .filter_map(|(from, to, day)| Some(StageTransition { from: from.as_deref().and_then(Stage::parse), to: Stage::parse(&to)?, day }))
        .collect();
    drop(conn);
    Ok(SegmentOverview { rows, stages, movements: movements_by_month(&changes), unscored, agent_id: agent, agents: db::agents(db, caller.scope()).await? })
}

/// Repurchase figures for the months `from ..= to` (business zone) over the caller's scope:
/// the rate over the whole range and new vs returning customers per month for the team (or
/// the caller's line), and the rate per agent (by the agent who sold each order).
/// Counted orders are those in sold statuses (paid, not cancelled; see README).
pub async fn repurchase(db: &Db, caller: &Caller, from: YearMonth, to: YearMonth) -> AppResult<RepurchaseReport> {
    caller.require(Perm::ViewDashboard)?;
    let months = from.months_until(to);
    if from > to {
        return Err(super::super::logic_repurchase::RepurchaseError::MonthsReversed { from, to }.into());
    }
    if months > i64::from(MAX_MONTHS) {
        return Err(super::super::logic_repurchase::RepurchaseError::TooManyMonths { months: months as u32, max: MAX_MONTHS }.into());
    }
    let (from_day, to_day) = (from.first_day(), to.next().first_day() - 1);
    let (from_ms, to_ms) = (day_start_ms(from_day), day_start_ms(to_day + 1));
    let mut conn = db.pool.acquire().await?;
    let in_range = rdb::orders_between(&mut conn, caller.scope(), from_ms, to_ms).await?;
    // Customers who bought before the range are returning when they buy in it.
    let earlier = rdb::first_orders_before(&mut conn, caller.scope(), from_ms).await?;
    drop(conn);
    let mut facts: Vec<OrderFact> = in_range.iter().map(|(c, _, at)| OrderFact { customer_id: *c, day: day_of(*at), counted: true }).collect();
    let team_rate = repurchase_rate(&facts, from_day, to_day)?;
    facts.extend(earlier.iter().map(|(c, at)| OrderFact { customer_id: *c, day: day_of(*at), counted: true }));
    let team = RepurchaseFigures { rate: team_rate, months: new_vs_returning(&facts, from, to)? };
    let mut per_agent: BTreeMap<i64, Vec<OrderFact>> = BTreeMap::new();
    for (c, agent, at) in &in_range {
        per_agent.entry(*agent).or_default().push(OrderFact { customer_id: *c, day: day_of(*at), counted: true });
    }
    let names: BTreeMap<i64, String> = db::agents(db, caller.scope()).await?.into_iter().collect();
    let mut agents = Vec::new();
    for (agent, f) in per_agent {
        agents.push(AgentRepurchase { agent_id: agent, agent_name: names.get(&agent).cloned().unwrap_or_default(), rate: repurchase_rate(&f, from_day, to_day)? });
    }
    agents.sort_by(|a, b| b.rate.buyers.cmp(&a.rate.buyers).then(a.agent_id.cmp(&b.agent_id)));
    Ok(RepurchaseReport { from, to, team, agents })
}
