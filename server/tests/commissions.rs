//! Commissions on SQLite and PostgreSQL, through the services: worked examples written out by
//! hand (tiers at a boundary, a category rate, 2-level overrides, a rule change mid-month by
//! effective date), the month end's idempotency and workflow (run, approve, pay), statements
//! that are personal (a leader sees its downline's contribution, not their statement), the
//! preview, the .xlsx export read back, and concurrent runs. Every figure is the same on both.

mod common;

use app::auth::Caller;
use app::commissions::{service, AccrueOn, CategoryRateInput, CommissionError, Month, MonthStatus, PayMethod, PayoutInput};
use app::commissions::{RuleSetInput, StatementFilter, StatementId, StatementStatus, TierInput, TierMode};
use app::error::AppError;
use app::orders::{service as orders, Channel, NewOrder, NewOrderLine, OrderId, Transition};
use app::state::Db;
use app::time::{now_ms, DAY_MS};
use common::Team;

const HOUR: i64 = 3_600_000;

/// Two months in the past: `m1` (two months ago) and `m2` (last month, the preview's month).
fn months() -> (Month, Month) {
    let m2 = Month::of_ms(now_ms()).prev();
    (m2.prev(), m2)
}

/// An instant in Shanghai time: day `d` of `m` at `h`:`min`.
fn at(m: Month, d: i64, h: i64, min: i64) -> i64 {
    m.start_ms() + (d - 1) * DAY_MS + h * HOUR + min * 60_000
}

struct Shop {
    /// ¥199.00, category 美妆.
    cosmetics: i64,
    /// ¥250.00, category 服装.
    clothes: i64,
}

async fn shop(db: &Db, t: &Team) -> Shop {
    let cosmetics = common::sku(db, &t.boss, "199", 1000).await;
    let p = app::inventory::NewProduct {
        name: "真丝衬衫".into(),
        category: "服装".into(),
        price: "250".into(),
        cost: "100".into(),
        colors: Default::default(),
        sizes: Default::default(),
        low_stock_qty: 5,
        ..Default::default()
    };
    let clothes = app::inventory::service::create_product(db, &t.boss, &p).await.unwrap()[0];
    app::inventory::service::receive(db, &t.boss, &app::inventory::Inbound { sku_id: clothes, qty: 1000, ..Default::default() }).await.unwrap();
    Shop { cosmetics, clothes }
}

/// An order of `agent` placed at `placed`, paid, and shipped at `shipped` (when given): made
/// through the order services, then moved back in time (the services stamp the present).
async fn sale(db: &Db, t: &Team, agent: i64, lines: &[(i64, i64)], placed: i64, shipped: Option<i64>) -> OrderId {
    let input = NewOrder {
        agent_id: agent,
        customer_name: "王女士".into(),
        mobile: "13800000002".into(),
        address: "浙江省杭州市西湖区文三路 1 号".into(),
        channel: Channel::Wechat,
        lines: lines.iter().map(|&(sku_id, qty)| NewOrderLine { sku_id, qty }).collect(),
        coupon_code: Default::default(),
    };
    let (id, _) = orders::create_order(db, &t.boss, &input).await.unwrap();
    orders::transition(db, &t.boss, id, Transition::MarkPaid).await.unwrap();
    if shipped.is_some() {
        orders::transition(db, &t.boss, id, Transition::Ship).await.unwrap();
    }
    sqlx::query("UPDATE orders SET created_at = $1 WHERE id = $2").bind(placed).bind(id.0).execute(&db.pool).await.unwrap();
    sqlx::query("UPDATE order_events SET at = $1 WHERE order_id = $2 AND to_status <> 'shipped'").bind(placed).bind(id.0).execute(&db.pool).await.unwrap();
    if let Some(s) = shipped {
        sqlx::query("UPDATE order_events SET at = $1 WHERE order_id = $2 AND to_status = 'shipped'").bind(s).bind(id.0).execute(&db.pool).await.unwrap();
    }
    id
}

fn tiers(list: &[(&str, &str)]) -> Vec<TierInput> {
    list.iter().map(|(from, rate)| TierInput { from: (*from).into(), rate: (*rate).into() }).collect()
}

/// R1: 全额累进 0: 5%, ¥1,000: 8%; overrides 10% / 5%; 服装 at 12%; from `m1`'s first day.
fn r1(m1: Month) -> RuleSetInput {
    RuleSetInput {
        id: None,
        effective_from: m1.first_day().to_string().as_str().into(),
        mode: TierMode::WholeAmount,
        accrue_on: AccrueOn::Shipped,
        tiers: tiers(&[("0", "5"), ("1000", "8")]),
        overrides: vec!["10".into(), "5".into()],
        category_rates: vec![CategoryRateInput { category: "服装".into(), rate: "12".into() }],
        product_rates: vec![],
        note: "第一版".into(),
    }
}

/// R2 from the 16th of `m2`: 超额累进 0: 6%, ¥500: 9%; one override level of 12%.
fn r2(m2: Month) -> RuleSetInput {
    RuleSetInput {
        id: None,
        effective_from: format!("{m2}-16").as_str().into(),
        mode: TierMode::Marginal,
        accrue_on: AccrueOn::Shipped,
        tiers: tiers(&[("0", "6"), ("500", "9")]),
        overrides: vec!["12".into()],
        category_rates: vec![],
        product_rates: vec![],
        note: "".into(),
    }
}

/// (agent name, total fen) of a month's statements as `who` sees them, by name.
async fn totals(db: &Db, who: &Caller, month: Month) -> Vec<(String, i64)> {
    let f = StatementFilter { month: Some(month), ..Default::default() };
    let mut v: Vec<(String, i64)> = service::list_statements(db, who, &f).await.unwrap().rows.into_iter().map(|s| (s.agent_name, s.total.to_fen())).collect();
    v.sort();
    v
}

async fn statement_of(db: &Db, boss: &Caller, month: Month, name: &str) -> StatementId {
    let f = StatementFilter { month: Some(month), ..Default::default() };
    service::list_statements(db, boss, &f).await.unwrap().rows.into_iter().find(|s| s.agent_name == name).unwrap().id
}

async fn invariants_hold(db: &Db) {
    let sys = app::auth::service::system();
    assert_eq!(service::mismatches(db, &sys).await.unwrap(), (vec![], vec![]), "statements = Σ lines, months = Σ statements");
}

/// The first month of the worked example: A1 ← A2, and B1 in another line.
async fn month_one(db: &Db, t: &Team, s: &Shop, m1: Month) {
    let (_, a1, a2, b1) = t.ids;
    // A2: 3 × ¥199 (tier rate) + 2 × ¥250 服装 (12%); A1: 1 × ¥199; B1: 6 × ¥199.
    sale(db, t, a2, &[(s.cosmetics, 3)], at(m1, 4, 10, 0), Some(at(m1, 5, 10, 0))).await;
    sale(db, t, a2, &[(s.clothes, 2)], at(m1, 5, 10, 0), Some(at(m1, 6, 10, 0))).await;
    sale(db, t, a1, &[(s.cosmetics, 1)], at(m1, 6, 10, 0), Some(at(m1, 7, 10, 0))).await;
    sale(db, t, b1, &[(s.cosmetics, 6)], at(m1, 7, 10, 0), Some(at(m1, 8, 10, 0))).await;
    // Paid but never shipped, and cancelled before shipping: no commission.
    sale(db, t, a2, &[(s.cosmetics, 5)], at(m1, 9, 10, 0), None).await;
    let c = sale(db, t, a1, &[(s.cosmetics, 5)], at(m1, 9, 11, 0), None).await;
    orders::transition(db, &t.boss, c, Transition::Cancel).await.unwrap();
    sqlx::query("UPDATE order_events SET at = $1 WHERE order_id = $2").bind(at(m1, 9, 12, 0)).bind(c.0).execute(&db.pool).await.unwrap();
}

on_both!(worked_example_month_end_approve_and_pay, |db: Db| async move {
    let t = common::team(&db).await;
    let s = shop(&db, &t).await;
    let (m1, m2) = months();
    service::save_rule_set(&db, &t.boss, &r1(m1)).await.unwrap();
    month_one(&db, &t, &s, m1).await;

    let o = service::run_month_end(&db, &t.boss, m1).await.unwrap();
    assert!(o.changed && o.first_run);
    // A2: volume 597 + 500 = ¥1,097 ≥ ¥1,000, so 全额累进 pays 8% on the tier-rate sales:
    //   597 × 5% = 29.85 at accrual, 服装 500 × 12% = 60.00, adjustment 597 × 3% = 17.91 → ¥107.76.
    // A1: own 199 × 5% = 9.95 (tier 1, adjustment 0), level 1 on A2's ¥1,097 × 10% = 109.70 → ¥119.65.
    // B1: 1,194 × 8% = 95.52 (59.70 + adjustment 35.82).
    assert_eq!(totals(&db, &t.boss, m1).await, vec![("A1".into(), 11_965), ("A2".into(), 10_776), ("B1".into(), 9_552)]);
    assert_eq!((o.statements, o.total.to_fen()), (3, 32_293));
    let a2 = service::get_statement(&db, &t.boss, statement_of(&db, &t.boss, m1, "A2").await).await.unwrap();
    let settle = a2.settlement.clone().unwrap();
    assert_eq!((settle.volume.to_fen(), settle.provisional.to_fen(), settle.target.to_fen(), settle.adjustment.to_fen()), (109_700, 2_985, 4_776, 1_791));
    assert_eq!((settle.parts[0].tier.no, settle.parts[0].tier.rate.to_string()), (2, "0.08".to_string()));
    assert_eq!(a2.summary.status, StatementStatus::Draft);
    assert_eq!(a2.line_count, 3, "two order lines and the tier adjustment");

    // Idempotent: the same data gives the same statements, and nothing is written.
    let again = service::run_month_end(&db, &t.boss, m1).await.unwrap();
    assert!(!again.changed && !again.first_run);
    assert_eq!((again.statements, again.total.to_fen(), again.previous_total.map(|m| m.to_fen())), (3, 32_293, Some(32_293)));
    invariants_hold(&db).await;

    // m2 cannot run before m1 is approved; the current month cannot be approved.
    assert_eq!(service::run_month_end(&db, &t.boss, m2).await.unwrap_err(), CommissionError::PreviousMonthOpen { month: m1 }.into());
    let current = m2.next();
    assert_eq!(service::approve_month(&db, &t.boss, current).await.unwrap_err(), CommissionError::MonthNotRun { month: current }.into());
    // A draft is not paid.
    let a2_id = a2.summary.id;
    let pay = |id, date: &str| PayoutInput { statement_id: id, method: PayMethod::Wechat, reference: "WX20260105".into(), paid_on: date.into() };
    let pay_day = m2.first_day().to_string();
    assert_eq!(service::record_payout(&db, &t.finance, &pay(a2_id, &pay_day)).await.unwrap_err(), CommissionError::NotConfirmed.into());
    // Only the boss approves; then the month is closed for good.
    assert_eq!(service::approve_month(&db, &t.finance, m1).await.unwrap_err(), AppError::Forbidden);
    assert_eq!(service::approve_month(&db, &t.boss, m1).await.unwrap(), 3);
    assert_eq!(service::run_month_end(&db, &t.boss, m1).await.unwrap_err(), CommissionError::MonthClosed { month: m1 }.into());
    assert_eq!(service::month_overview(&db, &t.boss, Some(m1), Default::default()).await.unwrap().status, Some(MonthStatus::Closed));
    // Finance pays A2: 已发放, with method, reference and date; twice is refused; agents cannot pay.
    assert_eq!(service::record_payout(&db, &t.a2, &pay(a2_id, &pay_day)).await.unwrap_err(), AppError::Forbidden);
    let future = (app::commissions::logic::business_date(now_ms()) + chrono::Days::new(1)).to_string();
    assert!(matches!(
        service::record_payout(&db, &t.finance, &pay(a2_id, &future)).await.unwrap_err().fault(),
        Some(app::error::Fault::Commissions(CommissionError::PayDateOutOfRange { .. }))
    ));
    service::record_payout(&db, &t.finance, &pay(a2_id, &pay_day)).await.unwrap();
    assert_eq!(service::record_payout(&db, &t.finance, &pay(a2_id, &pay_day)).await.unwrap_err(), CommissionError::AlreadyPaid.into());
    let paid = service::get_statement(&db, &t.a2, a2_id).await.unwrap();
    assert_eq!(paid.summary.status, StatementStatus::Paid);
    let payout = paid.payout.unwrap();
    assert_eq!((payout.method, payout.reference.as_str(), payout.paid_on.to_string()), (PayMethod::Wechat, "WX20260105", pay_day.clone()));
    assert_eq!(payout.by, "MONEY");
    let overview = service::month_overview(&db, &t.finance, Some(m1), Default::default()).await.unwrap();
    assert_eq!((overview.statements, overview.total.to_fen(), overview.paid.to_fen(), overview.paid_count), (3, 32_293, 10_776, 1));
    assert_eq!((overview.own.to_fen(), overview.overrides.to_fen(), overview.volume.to_fen()), (9_552 + 995 + 10_776, 10_970, 109_700 + 19_900 + 119_400));

    // Rules that governed the closed month can no longer change, nor can a new set start in it.
    let sets = service::list_rule_sets(&db, &t.boss).await.unwrap();
    let mut edit = r1(m1);
    edit.id = Some(sets[0].id);
    assert_eq!(service::save_rule_set(&db, &t.boss, &edit).await.unwrap_err(), CommissionError::RuleSetLocked { effective_from: m1.first_day() }.into());
    let mut late = r2(m2);
    late.effective_from = m1.last_day().to_string().as_str().into();
    assert_eq!(
        service::save_rule_set(&db, &t.boss, &late).await.unwrap_err(),
        CommissionError::EffectiveDateInClosedMonth { effective_from: m1.last_day(), first_open_month: m2 }.into()
    );
    invariants_hold(&db).await;
});

on_both!(rule_change_mid_month_and_preview, |db: Db| async move {
    let t = common::team(&db).await;
    let s = shop(&db, &t).await;
    let (m1, m2) = months();
    let (_, a1, a2, _) = t.ids;
    service::save_rule_set(&db, &t.boss, &r1(m1)).await.unwrap();
    month_one(&db, &t, &s, m1).await;
    service::run_month_end(&db, &t.boss, m1).await.unwrap();
    service::approve_month(&db, &t.boss, m1).await.unwrap();
    let r2_id = service::save_rule_set(&db, &t.boss, &r2(m2)).await.unwrap();
    // Placed at 23:59 on the 15th (R1) and at 00:00 on the 16th (R2), both shipped on the 20th;
    // and one placed on the 28th of m1 (R1), shipped on the 2nd of m2.
    sale(&db, &t, a2, &[(s.cosmetics, 1)], at(m2, 15, 23, 59), Some(at(m2, 20, 9, 0))).await;
    sale(&db, &t, a2, &[(s.clothes, 1)], at(m2, 16, 0, 0), Some(at(m2, 20, 9, 0))).await;
    sale(&db, &t, a2, &[(s.cosmetics, 1)], at(m1, 28, 9, 0), Some(at(m2, 2, 9, 0))).await;
    let o = service::run_month_end(&db, &t.boss, m2).await.unwrap();
    // A2 sold ¥199 (R1, placed 15th), ¥250 服装 (R2: no category rate, so tier rate) and ¥199
    // placed in m1 (R1): volume ¥648.
    //   R1 part: 全额累进 on V = 648 < 1,000 → 5%: B₁ = 398 → 19.90.
    //   R2 part: 超额累进 f(648) = 500 × 6% + 148 × 9% = 43.32, × 250 / 648 = 16.7129…
    //   target round(19.90 + 16.7129…) = 36.61; provisional 9.95 + 9.95 + 15.00 = 34.90; adjustment 1.71.
    // A1: level 1 on R1 orders 398 × 10% = 39.80, on the R2 order 250 × 12% = 30.00 → 69.80.
    assert_eq!(totals(&db, &t.boss, m2).await, vec![("A1".into(), 6_980), ("A2".into(), 3_661)]);
    assert_eq!(o.total.to_fen(), 10_641);
    let a2_st = service::get_statement(&db, &t.a2, statement_of(&db, &t.boss, m2, "A2").await).await.unwrap();
    let parts = a2_st.settlement.unwrap().parts;
    assert_eq!(parts.len(), 2);
    assert_eq!((parts[0].tiered_base.to_fen(), parts[0].tier.rate.to_string()), (39_800, "0.05".into()));
    assert_eq!((parts[1].tiered_base.to_fen(), parts[1].tier.no, parts[1].tier.rate.to_string()), (25_000, 2, "0.09".into()));
    // R2 governs an open month: it may still be edited (and the month run again).
    let sets = service::list_rule_sets(&db, &t.boss).await.unwrap();
    assert_eq!((sets[0].id, sets[0].editable, sets[1].editable), (r2_id, true, false));

    // Preview last month (m2) under a flat 10%, no overrides: A2 648 × 10% = 64.80, A1 nothing.
    let flat = RuleSetInput { tiers: tiers(&[("0", "10")]), overrides: vec![], ..r2(m2) };
    let p = service::preview_rule_set(&db, &t.boss, &flat).await.unwrap();
    assert_eq!(p.month, m2);
    let rows: Vec<(String, i64, i64)> = p.agents.iter().map(|a| (a.name.clone(), a.current.to_fen(), a.candidate.to_fen())).collect();
    assert_eq!(rows, vec![("A1".into(), 6_980, 0), ("A2".into(), 3_661, 6_480)]);
    assert_eq!((p.current_total.to_fen(), p.candidate_total.to_fen()), (10_641, 6_480));
    // A preview saves nothing, and a bad candidate names the regulation.
    assert_eq!(service::list_rule_sets(&db, &t.boss).await.unwrap().len(), 2);
    let deep = RuleSetInput { overrides: vec!["10".into(), "5".into(), "3".into(), "1".into()], ..r2(m2) };
    assert_eq!(service::preview_rule_set(&db, &t.boss, &deep).await.unwrap_err(), CommissionError::TooManyLevels { levels: 4 }.into());
    assert_eq!(service::preview_rule_set(&db, &t.a1, &flat).await.unwrap_err(), AppError::Forbidden);
    let _ = a1;
    invariants_hold(&db).await;
});

on_both!(statements_are_personal, |db: Db| async move {
    let t = common::team(&db).await;
    let s = shop(&db, &t).await;
    let (m1, _) = months();
    service::save_rule_set(&db, &t.boss, &r1(m1)).await.unwrap();
    month_one(&db, &t, &s, m1).await;
    service::run_month_end(&db, &t.boss, m1).await.unwrap();
    let a2_id = statement_of(&db, &t.boss, m1, "A2").await;
    let a1_id = statement_of(&db, &t.boss, m1, "A1").await;
    // A2's statement: A2 and staff see it; its leader A1 and B1 of another line get the same
    // 404 as for a statement that does not exist.
    assert_eq!(service::get_statement(&db, &t.a2, a2_id).await.unwrap().summary.agent_name, "A2");
    assert_eq!(service::get_statement(&db, &t.finance, a2_id).await.unwrap().summary.total.to_fen(), 10_776);
    for who in [&t.a1, &t.b1] {
        assert_eq!(service::get_statement(&db, who, a2_id).await.unwrap_err(), AppError::NotFound);
    }
    assert_eq!(service::get_statement(&db, &t.a2, StatementId(999_999)).await.unwrap_err(), AppError::NotFound);
    assert_eq!(service::get_statement(&db, &t.warehouse, a2_id).await.unwrap_err(), AppError::Forbidden);
    // Lists: an agent sees its own statements only; the team summary is for boss and finance.
    assert_eq!(totals(&db, &t.a1, m1).await, vec![("A1".into(), 11_965)]);
    assert_eq!(totals(&db, &t.a2, m1).await, vec![("A2".into(), 10_776)]);
    assert_eq!(service::month_overview(&db, &t.a1, Some(m1), Default::default()).await.unwrap_err(), AppError::Forbidden);
    // A1's statement shows what A2's sales earned A1 (level 1), not A2's own commission.
    let a1 = service::get_statement(&db, &t.a1, a1_id).await.unwrap();
    let c: Vec<(u8, String, i64, i64, usize)> = a1.contributions.iter().map(|c| (c.level, c.seller_name.clone(), c.base.to_fen(), c.amount.to_fen(), c.orders)).collect();
    assert_eq!(c, vec![(1, "A2".into(), 109_700, 10_970, 2)]);
    assert!(a1.lines.iter().filter(|l| l.level == 1).all(|l| l.seller_name.as_deref() == Some("A2") && l.order_no.is_some()));
    // The export of an agent holds its own statement only; finance's holds everyone's.
    let own = service::export_month(&db, &t.a1, m1).await.unwrap();
    let all = service::export_month(&db, &t.finance, m1).await.unwrap();
    assert_eq!(read_totals(&own), vec![("A1".into(), 119.65), ("合计".into(), 119.65)]);
    assert_eq!(read_totals(&all), vec![("A1".into(), 119.65), ("A2".into(), 107.76), ("B1".into(), 95.52), ("合计".into(), 322.93)]);
    assert_eq!(service::export_month(&db, &t.warehouse, m1).await.unwrap_err(), AppError::Forbidden);
});

/// (agent, total) rows of an exported workbook's first sheet, read back with calamine.
fn read_totals(bytes: &[u8]) -> Vec<(String, f64)> {
    use calamine::{DataType, Reader, Xlsx};
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let sheet = wb.worksheet_range_at(0).unwrap().unwrap();
    sheet.rows().skip(1).map(|r| (r[1].to_string(), r[7].get_float().unwrap())).collect()
}

on_both!(concurrent_runs_write_once, |db: Db| async move {
    let t = common::team(&db).await;
    let s = shop(&db, &t).await;
    let (m1, _) = months();
    service::save_rule_set(&db, &t.boss, &r1(m1)).await.unwrap();
    month_one(&db, &t, &s, m1).await;
    let runs: Vec<_> = (0..4)
        .map(|_| {
            let (db, boss) = (db.clone(), t.boss.clone());
            tokio::spawn(async move { service::run_month_end(&db, &boss, m1).await.unwrap() })
        })
        .collect();
    let mut changed = 0;
    for r in runs {
        let o = r.await.unwrap();
        changed += i32::from(o.changed);
        assert_eq!(o.total.to_fen(), 32_293);
    }
    assert_eq!(changed, 1, "one run writes, the others find nothing to change");
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM commission_lines").fetch_one(&db.pool).await.unwrap();
    // A2: 2 order lines + adjustment; A1: 1 + adjustment + 2 overrides; B1: 1 + adjustment.
    assert_eq!(n, 3 + 4 + 2);
    invariants_hold(&db).await;
});

on_both!(rule_sets_are_checked_on_save, |db: Db| async move {
    let t = common::team(&db).await;
    let (m1, m2) = months();
    // No rules yet: nothing to run.
    assert_eq!(service::run_month_end(&db, &t.boss, m1).await.unwrap_err(), CommissionError::NoRulesInForce { month: m1 }.into());
    let id = service::save_rule_set(&db, &t.boss, &r1(m1)).await.unwrap();
    assert_eq!(service::save_rule_set(&db, &t.boss, &r1(m1)).await.unwrap_err(), CommissionError::DuplicateEffectiveDate { effective_from: m1.first_day() }.into());
    let deep = RuleSetInput { overrides: vec!["10".into(), "5".into(), "3".into(), "1".into()], ..r2(m2) };
    let e = service::save_rule_set(&db, &t.boss, &deep).await.unwrap_err();
    assert_eq!(e, CommissionError::TooManyLevels { levels: 4 }.into());
    assert!(e.message(app::i18n::Lang::Zh).contains("《禁止传销条例》"));
    let unknown = RuleSetInput { product_rates: vec![app::commissions::ProductRateInput { product_id: "424242".into(), rate: "3".into() }], ..r2(m2) };
    assert_eq!(service::save_rule_set(&db, &t.boss, &unknown).await.unwrap_err(), CommissionError::UnknownProduct { product_id: 424_242 }.into());
    assert_eq!(service::save_rule_set(&db, &t.a1, &r2(m2)).await.unwrap_err(), AppError::Forbidden);
    // Nothing closed yet: R1 may be edited, even moved.
    let edit = RuleSetInput { id: Some(id), tiers: tiers(&[("0", "6")]), ..r1(m1) };
    assert_eq!(service::save_rule_set(&db, &t.boss, &edit).await.unwrap(), id);
    let sets = service::list_rule_sets(&db, &t.a1).await.unwrap();
    assert_eq!((sets.len(), sets[0].tiers.len(), sets[0].in_force), (1, 1, true));
    let choices = service::rule_choices(&db, &t.boss).await.unwrap();
    assert_eq!((choices.earliest, choices.preview_month), (None, m2));
});

// A coupon lowers the commission base: B1 (no upline) sells ¥199 twice in the month, the second
// time with a ¥20 coupon. Volume 199 + 179 = ¥378 (tier 1, 5 %): 9.95 + 8.95 = ¥18.90.
on_both!(a_coupon_lowers_the_base, |db: Db| async move {
    use app::customers::{service as crm, CustomerFilter, DiscountKind};
    let t = common::team(&db).await;
    let s = shop(&db, &t).await;
    let (m1, _) = months();
    let b1 = t.ids.3;
    service::save_rule_set(&db, &t.boss, &r1(m1)).await.unwrap();
    sale(&db, &t, b1, &[(s.cosmetics, 1)], at(m1, 4, 10, 0), Some(at(m1, 5, 10, 0))).await;
    let f = CustomerFilter { q: "13800000002".into(), ..Default::default() };
    let customer = crm::list_customers(&db, &t.boss, &f).await.unwrap().rows.into_iter().find(|c| c.agent_id == b1).unwrap().id;
    let code = crm::issue_coupon(&db, &t.boss, customer, DiscountKind::Amount, "20", "150", 30).await.unwrap();
    let input = NewOrder {
        agent_id: b1,
        customer_name: "王女士".into(),
        mobile: "13800000002".into(),
        address: "浙江省杭州市西湖区文三路 1 号".into(),
        channel: Channel::Wechat,
        lines: vec![NewOrderLine { sku_id: s.cosmetics, qty: 1 }],
        coupon_code: code.as_str().into(),
    };
    let (id, _) = orders::create_order(&db, &t.boss, &input).await.unwrap();
    assert_eq!(orders::get_order(&db, &t.boss, id).await.unwrap().summary.total.to_fen(), 17_900);
    orders::transition(&db, &t.boss, id, Transition::MarkPaid).await.unwrap();
    orders::transition(&db, &t.boss, id, Transition::Ship).await.unwrap();
    sqlx::query("UPDATE orders SET created_at = $1 WHERE id = $2").bind(at(m1, 6, 10, 0)).bind(id.0).execute(&db.pool).await.unwrap();
    sqlx::query("UPDATE order_events SET at = $1 WHERE order_id = $2").bind(at(m1, 7, 10, 0)).bind(id.0).execute(&db.pool).await.unwrap();
    service::run_month_end(&db, &t.boss, m1).await.unwrap();
    assert_eq!(totals(&db, &t.boss, m1).await, vec![("B1".into(), 1_890)]);
    invariants_hold(&db).await;
});
