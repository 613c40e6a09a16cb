//! Dashboards on SQLite and PostgreSQL: every figure of the boss view equals an independent
//! query on the raw rows (orders, lines, products) for random ranges and filters on the demo
//! data; gross profit and customer figures equal the finance P&L's and the customers area's
//! report; an agent's views contain only its own line's numbers; the aggregates stay equal to a
//! full scan through sales, cancellations, hand-overs and category changes; targets.

mod common;

use app::auth::service::{act_as, system};
use app::auth::Caller;
use app::dashboard::{service as dash, DashFilter, DashboardError, NewTarget, Preset};
use app::error::AppError;
use app::orders::Channel;
use app::state::Db;
use app::time::{date_of_day, day_of, hour_of};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;

const SOLD: &str = "o.status IN ('to_ship', 'shipped', 'completed')";
const DAY: &str = "((o.created_at + 28800000) / 86400000)";

fn date(day: i64) -> String {
    date_of_day(day).format("%Y-%m-%d").to_string()
}

/// The raw-row answer for a range, agents (None = everyone), channel and category.
#[derive(Debug, Default, PartialEq)]
struct Expected {
    sales: i64,
    orders: i64,
    /// The whole team's only (the finance P&L's figure).
    profit: Option<i64>,
    new_customers: i64,
    buyers: i64,
    repeat: i64,
    trend: BTreeMap<i64, (i64, i64)>,
    categories: BTreeMap<String, (i64, i64)>,
    top: Vec<(i64, i64, i64)>,
    heat: Vec<Vec<i64>>,
}

fn conds(from: i64, to: i64, agents: Option<&[i64]>, channel: Option<&str>) -> String {
    let mut w = format!("{SOLD} AND {DAY} >= {from} AND {DAY} < {to}");
    if let Some(ids) = agents {
        let ids: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
        w.push_str(&format!(" AND o.agent_id IN ({})", ids.join(", ")));
    }
    if let Some(c) = channel {
        w.push_str(&format!(" AND o.channel = '{c}'"));
    }
    w
}

async fn expected(db: &Db, from: i64, to: i64, agents: Option<&[i64]>, channel: Option<&str>, category: Option<&str>) -> Expected {
    let w = conds(from, to, agents, channel);
    let cat = category.map(|c| format!(" AND p.category = '{c}'")).unwrap_or_default();
    let lines = "FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN skus s ON s.id = l.sku_id JOIN products p ON p.id = s.product_id";
    // Per order: its day, total (or, with a category, the category's lines).
    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(&format!(
        "SELECT o.id, o.created_at, CAST(SUM(l.line_total_fen) AS BIGINT) {lines} WHERE {w}{cat} GROUP BY o.id, o.created_at"
    ))
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let totals: BTreeMap<i64, i64> = sqlx::query_as::<_, (i64, i64)>(&format!("SELECT o.id, o.total_fen FROM orders o WHERE {w}")).fetch_all(&db.pool).await.unwrap().into_iter().collect();
    let mut e = Expected { heat: vec![vec![0; 24]; 7], ..Default::default() };
    for (id, at, line_sum) in &rows {
        let sales = if category.is_some() { *line_sum } else { totals[id] };
        assert_eq!(category.is_some() || sales == *line_sum, true, "order total = sum of lines");
        e.sales += sales;
        e.orders += 1;
        let t = e.trend.entry(day_of(*at)).or_default();
        *t = (t.0 + sales, t.1 + 1);
    }
    // Heat map: every sold order of the range (not split by category), bucketed in Rust.
    let ats: Vec<i64> = sqlx::query_scalar(&format!("SELECT o.created_at FROM orders o WHERE {w}")).fetch_all(&db.pool).await.unwrap();
    for at in ats {
        let wd = (day_of(at) + 3).rem_euclid(7) as usize;
        e.heat[wd][hour_of(at) as usize] += 1;
    }
    let cats: Vec<(String, i64, i64)> = sqlx::query_as(&format!(
        "SELECT p.category, CAST(SUM(l.line_total_fen) AS BIGINT), CAST(SUM(l.qty) AS BIGINT) {lines} WHERE {w}{cat} GROUP BY p.category"
    ))
    .fetch_all(&db.pool)
    .await
    .unwrap();
    e.categories = cats.into_iter().map(|(c, s, q)| (c, (s, q))).collect();
    // Top products ignore the channel.
    let wt = conds(from, to, agents, None);
    e.top = sqlx::query_as(&format!(
        "SELECT l.sku_id, CAST(SUM(l.qty) AS BIGINT), CAST(SUM(l.line_total_fen) AS BIGINT) {lines} WHERE {wt}{cat} \
         GROUP BY l.sku_id ORDER BY 3 DESC, 2 DESC, l.sku_id LIMIT 10"
    ))
    .fetch_all(&db.pool)
    .await
    .unwrap();
    // Customers (not split by channel or category).
    let (buyers, repeat): (i64, i64) = sqlx::query_as(&format!(
        "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(CASE WHEN n >= 2 THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM (SELECT o.customer_id, COUNT(*) AS n FROM orders o WHERE {wt} GROUP BY o.customer_id) t"
    ))
    .fetch_one(&db.pool)
    .await
    .unwrap();
    (e.buyers, e.repeat) = (buyers, repeat);
    // New: the first sold order ever (with these agents) falls in the range.
    let mine = agents.map(|ids| format!(" AND o2.agent_id IN ({})", ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(", "))).unwrap_or_default();
    e.new_customers = sqlx::query_scalar(&format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM (SELECT o2.customer_id, MIN((o2.created_at + 28800000) / 86400000) AS first \
         FROM orders o2 WHERE o2.status IN ('to_ship', 'shipped', 'completed'){mine} GROUP BY o2.customer_id) f WHERE f.first >= {from} AND f.first < {to}"
    ))
    .fetch_one(&db.pool)
    .await
    .unwrap();
    // Gross profit (whole team only): totals of the orders shipped in the range less the cost
    // of their shipment movements, by the business day of the shipment.
    if agents.is_none() && channel.is_none() && category.is_none() {
        let shipped = format!("e.to_status = 'shipped' AND ((e.at + 28800000) / 86400000) >= {from} AND ((e.at + 28800000) / 86400000) < {to}");
        let revenue: i64 = sqlx::query_scalar(&format!("SELECT CAST(COALESCE(SUM(o.total_fen), 0) AS BIGINT) FROM order_events e JOIN orders o ON o.id = e.order_id WHERE {shipped}"))
            .fetch_one(&db.pool)
            .await
            .unwrap();
        let cost: i64 = sqlx::query_scalar(&format!(
            "SELECT CAST(COALESCE(SUM(-m.delta * m.unit_cost_fen), 0) AS BIGINT) FROM stock_movements m JOIN order_events e ON e.order_id = m.ref_id \
             WHERE m.ref_type = 'order' AND m.kind = 'shipment' AND {shipped}"
        ))
        .fetch_one(&db.pool)
        .await
        .unwrap();
        e.profit = Some(revenue - cost);
    }
    e
}

fn got(v: &app::dashboard::BossView) -> Expected {
    Expected {
        sales: v.now.sales.to_fen(),
        orders: v.now.orders,
        profit: v.now.gross_profit.map(|m| m.to_fen()),
        new_customers: v.now.new_customers,
        buyers: v.now.buyers,
        repeat: v.now.repeat_buyers,
        trend: v.trend.iter().filter(|p| p.orders != 0 || !p.sales.is_zero_fen()).map(|p| (p.day, (p.sales.to_fen(), p.orders))).collect(),
        categories: v.categories.iter().map(|c| (c.category.clone(), (c.sales.to_fen(), c.qty))).collect(),
        top: v.top.iter().map(|t| (t.sku_id, t.qty, t.sales.to_fen())).collect(),
        heat: v.heat.clone(),
    }
}

trait ZeroFen {
    fn is_zero_fen(&self) -> bool;
}

impl ZeroFen for app::money::Money {
    fn is_zero_fen(&self) -> bool {
        self.to_fen() == 0
    }
}

/// An agent and everyone below it, from the users table.
fn line_of(tree: &[(i64, Option<i64>)], root: i64) -> Vec<i64> {
    let mut out = vec![root];
    let mut i = 0;
    while i < out.len() {
        let p = out[i];
        out.extend(tree.iter().filter(|(_, up)| *up == Some(p)).map(|(id, _)| *id));
        i += 1;
    }
    out.sort();
    out
}

/// A WeChat order of `qty` units of `sku` by `agent` for the customer with `mobile`.
fn new_order(agent: i64, mobile: &str, sku: i64, qty: i64) -> app::orders::NewOrder {
    app::orders::NewOrder {
        agent_id: agent,
        customer_name: "王女士".into(),
        mobile: mobile.into(),
        address: "浙江省杭州市西湖区文三路 1 号".into(),
        channel: Channel::Wechat,
        lines: vec![app::orders::NewOrderLine { sku_id: sku, qty }],
        coupon_code: "".into(),
    }
}

async fn seeded(db: &Db) -> (i64, Caller, Vec<(i64, Option<i64>)>, Vec<String>) {
    let today = server::demo::today();
    server::demo::seed(db, today).await.unwrap();
    let sys = system();
    let boss_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE role = 'boss' ORDER BY id LIMIT 1").fetch_one(&db.pool).await.unwrap();
    let boss = act_as(db, &sys, boss_id).await.unwrap();
    let tree: Vec<(i64, Option<i64>)> = sqlx::query_as("SELECT id, parent_id FROM users WHERE role = 'agent' ORDER BY id").fetch_all(&db.pool).await.unwrap();
    let cats: Vec<String> = sqlx::query_scalar("SELECT DISTINCT category FROM products ORDER BY category").fetch_all(&db.pool).await.unwrap();
    (today, boss, tree, cats)
}

on_both!(figures_equal_a_scan_of_the_raw_rows, |db: Db| async move {
    let (today, boss, tree, cats) = seeded(&db).await;
    assert_eq!(dash::mismatches(&db, &system()).await.unwrap(), 0);
    let mut rng = StdRng::seed_from_u64(16);
    for i in 0..10 {
        let len = [1, 7, 30, 45, 90, 200][rng.gen_range(0..6)];
        let end = today - rng.gen_range(0..120);
        let from = end - len + 1;
        let agent = if i % 3 == 1 { Some(tree[rng.gen_range(0..tree.len())].0) } else { None };
        let channel = if i % 4 == 2 { Some(Channel::ALL[rng.gen_range(0..Channel::ALL.len())]) } else { None };
        let category = if i % 5 == 3 { cats[rng.gen_range(0..cats.len())].clone() } else { String::new() };
        let f = DashFilter { from: date(from).as_str().into(), to: date(end).as_str().into(), agent, channel, category: category.as_str().into(), ..Default::default() };
        let v = dash::boss_view_at(&db, &boss, &f, today).await.unwrap();
        assert_eq!((v.range.from, v.range.to), (from, end + 1));
        let agents = agent.map(|a| vec![a]);
        let cat = Some(category.as_str()).filter(|c| !c.is_empty());
        let want = expected(&db, from, end + 1, agents.as_deref(), channel.map(|c| c.code()), cat).await;
        assert_eq!(got(&v), want, "range {} – {} agent {agent:?} channel {channel:?} category {cat:?}", date(from), date(end));
        // 环比 and 同比 are the same figures over their own periods.
        let prev = expected(&db, v.previous.from, v.previous.to, agents.as_deref(), channel.map(|c| c.code()), cat).await;
        assert_eq!((v.before.sales.to_fen(), v.before.orders, v.before.new_customers), (prev.sales, prev.orders, prev.new_customers));
        let ago = expected(&db, v.last_year.from, v.last_year.to, agents.as_deref(), channel.map(|c| c.code()), cat).await;
        assert_eq!((v.year_ago.sales.to_fen(), v.year_ago.orders), (ago.sales, ago.orders));
        // New + returning per month = the month's buyers.
        for m in &v.customers {
            let part_from = m.month.max(from);
            let part_to = app::dashboard::logic::next_month(m.month).min(end + 1);
            let e = expected(&db, part_from, part_to, agents.as_deref(), None, None).await;
            assert_eq!((m.new, m.new + m.returning), (e.new_customers, e.buyers));
        }
    }
    // A range of whole months plus edges reads the monthly table: same top products.
    let f = DashFilter { from: date(today - 200).as_str().into(), to: date(today).as_str().into(), ..Default::default() };
    let v = dash::boss_view_at(&db, &boss, &f, today).await.unwrap();
    assert_eq!(got(&v).top, expected(&db, today - 200, today + 1, None, None, None).await.top);
    assert!(v.top.len() == 10 && v.trend.len() == 201);
});

on_both!(the_warm_up_keeps_what_the_boss_views_read, |db: Db| async move {
    let (today, boss, _, _) = seeded(&db).await;
    let kept = || async { sqlx::query_scalar::<_, i64>("SELECT CAST(COUNT(*) AS BIGINT) FROM agg_past_cache").fetch_one(&db.pool).await.unwrap() };
    let before = kept().await;
    dash::warm_kept(&db, &system(), today).await.unwrap();
    let warmed = kept().await;
    assert!(warmed > before, "{before} → {warmed}");
    // The boss's views of every preset find every span they keep already kept.
    for preset in Preset::ALL {
        dash::boss_view_at(&db, &boss, &DashFilter { preset: Some(preset), ..Default::default() }, today).await.unwrap();
    }
    assert_eq!(kept().await, warmed);
});

on_both!(the_kept_version_follows_the_days_before_the_recent_three, |db: Db| async move {
    use app::orders::{service as orders, Transition};
    let t = common::team(&db).await;
    let sku = common::sku(&db, &t.boss, "50", 100).await;
    let today = day_of(app::time::now_ms());
    let version = |day: i64| dash::kept_version(&db, day);
    // Seen from today + 2, today is one of the recent days; from today + 3 it is past.
    let (recent, past) = (version(today + 2).await.unwrap(), version(today + 3).await.unwrap());
    let (o, _) = orders::create_order(&db, &t.a2, &new_order(t.ids.2, "13800000001", sku, 1)).await.unwrap();
    orders::transition(&db, &t.boss, o, Transition::MarkPaid).await.unwrap();
    assert_eq!(version(today + 2).await.unwrap(), recent);
    assert_eq!(version(today + 3).await.unwrap(), past + 1);
});

on_both!(profit_and_customers_agree_with_finance_and_customers_pages, |db: Db| async move {
    use app::customers::logic_util::YearMonth;
    let (today, boss, tree, _) = seeded(&db).await;
    assert_eq!(dash::source_mismatches(&db, &boss, today, 12).await.unwrap(), Vec::<String>::new());
    // Last month: the boss view's gross profit is the month's P&L line, and not zero.
    let last = YearMonth::of_day(today).prev();
    let f = DashFilter { preset: Some(Preset::LastMonth), ..Default::default() };
    let v = dash::boss_view_at(&db, &boss, &f, today).await.unwrap();
    let pnl = app::finance::service_pnl::pnl(&db, &boss, &last.to_string()).await.unwrap();
    assert_eq!(v.now.gross_profit, Some(pnl.total.gross_profit()));
    assert!(pnl.total.gross_profit().to_fen() > 0);
    // A leader over six whole months: new vs returning and the repurchase figures are the
    // customers area's report for its line.
    let leader = tree.iter().map(|a| a.0).find(|id| tree.iter().any(|b| b.1 == Some(*id))).unwrap();
    let me = act_as(&db, &system(), leader).await.unwrap();
    let first = (0..5).fold(last, |m, _| m.prev());
    let f = DashFilter { from: date(first.first_day()).as_str().into(), to: date(last.next().first_day() - 1).as_str().into(), ..Default::default() };
    for who in [&boss, &me] {
        let v = dash::boss_view_at(&db, who, &f, today).await.unwrap();
        let r = app::customers::service::repurchase(&db, who, first, last).await.unwrap();
        let months: Vec<(i64, i64, i64)> = r.team.months.iter().map(|m| (m.month.first_day(), i64::from(m.new_customers), i64::from(m.returning_customers))).collect();
        assert_eq!(v.customers.iter().map(|m| (m.month, m.new, m.returning)).collect::<Vec<_>>(), months);
        assert_eq!((v.now.buyers, v.now.repeat_buyers, v.now.repurchase_rate), (i64::from(r.team.rate.buyers), i64::from(r.team.rate.repeat_buyers), r.team.rate.rate_pct));
        assert!(v.now.buyers > 0);
    }
});

on_both!(an_agent_sees_only_its_own_line, |db: Db| async move {
    let (today, boss, tree, _) = seeded(&db).await;
    let sys = system();
    // A leader (an agent with a downline) and an agent of another line.
    let leader = tree.iter().map(|a| a.0).find(|id| tree.iter().any(|b| b.1 == Some(*id))).unwrap();
    let line = line_of(&tree, leader);
    let other = tree.iter().map(|a| a.0).find(|id| !line.contains(id)).unwrap();
    let me = act_as(&db, &sys, leader).await.unwrap();
    let f = DashFilter { preset: Some(Preset::Last90), ..Default::default() };
    let v = dash::boss_view_at(&db, &me, &f, today).await.unwrap();
    assert!(v.scoped);
    let r = v.range;
    assert_eq!(got(&v), expected(&db, r.from, r.to, Some(&line), None, None).await);
    assert!(v.options.agents.iter().all(|(id, _)| line.contains(id)));
    // Another line's agent as a filter: as if it did not exist.
    let f_other = DashFilter { agent: Some(other), ..f.clone() };
    assert_eq!(dash::boss_view_at(&db, &me, &f_other, today).await.unwrap_err(), AppError::NotFound);
    // The sales view ranks the line only, with the same numbers as a scoped query.
    let s = dash::sales_view_at(&db, &me, &f, None, today).await.unwrap();
    assert_eq!(s.ranking.iter().map(|a| a.agent_id).collect::<std::collections::BTreeSet<_>>(), line.iter().copied().collect());
    for a in &s.ranking {
        let e = expected(&db, r.from, r.to, Some(&[a.agent_id]), None, None).await;
        assert_eq!((a.sales.to_fen(), a.orders, a.new_customers), (e.sales, e.orders, e.new_customers));
    }
    assert!(s.ranking.iter().any(|a| a.new_customers > 0), "the demo line has new customers in 90 days");
    assert_eq!(s.me.as_ref().map(|m| m.agent_id), Some(leader));
    assert!(s.progress.iter().all(|p| p.0 == leader));
    // The boss's ranking covers everyone, ranks by sales.
    let all = dash::sales_view_at(&db, &boss, &f, None, today).await.unwrap();
    assert_eq!(all.ranking.len(), tree.len());
    assert!(all.ranking.windows(2).all(|w| w[0].sales >= w[1].sales));
    let level2 = dash::sales_view_at(&db, &boss, &f, Some(2), today).await.unwrap();
    assert!(level2.ranking.iter().all(|a| a.level == 2) && level2.ranking.first().map(|a| a.rank) == Some(1));
    // The wall and the stock view.
    let w = dash::wall(&db, &me).await.unwrap();
    assert!(w.top_agents.iter().all(|a| line.contains(&a.agent_id)) && w.open_alerts.is_none());
    assert_eq!(dash::stock_view(&db, &me).await.unwrap_err(), AppError::Forbidden);
    let st = dash::stock_view(&db, &boss).await.unwrap();
    assert!(!st.warehouses.is_empty() && !st.cover.is_empty());
});

on_both!(aggregates_follow_sales_cancellations_handovers_and_categories, |db: Db| async move {
    use app::orders::{service as orders, Transition};
    let t = common::team(&db).await;
    let (_, a1, a2, b1) = t.ids;
    let sku = common::sku(&db, &t.boss, "50", 100).await;
    let sys = system();
    let order = |agent: i64, mobile: &str, qty: i64| new_order(agent, mobile, sku, qty);
    let (o1, _) = orders::create_order(&db, &t.a2, &order(a2, "13800000001", 2)).await.unwrap();
    let (o2, _) = orders::create_order(&db, &t.a2, &order(a2, "13800000001", 1)).await.unwrap();
    let (o3, _) = orders::create_order(&db, &t.b1, &order(b1, "13800000003", 3)).await.unwrap();
    for o in [o1, o2, o3] {
        orders::transition(&db, &t.boss, o, Transition::MarkPaid).await.unwrap();
    }
    assert_eq!(dash::mismatches(&db, &sys).await.unwrap(), 0);
    let today = day_of(app::time::now_ms());
    let f = DashFilter { preset: Some(Preset::Today), ..Default::default() };
    let v = dash::boss_view_at(&db, &t.boss, &f, today).await.unwrap();
    // 6 units at 50.00 = 300.00 in 3 orders; nothing shipped yet, so no gross profit in the P&L.
    assert_eq!((v.now.sales.to_fen(), v.now.orders, v.now.gross_profit), (30_000, 3, Some(app::money::Money::from_fen(0))));
    assert_eq!((v.now.new_customers, v.now.buyers, v.now.repeat_buyers, v.now.repurchase_rate), (2, 2, 1, Some(rust_decimal::Decimal::new(5000, 2))));
    // Seen from five days later, today is a past day whose customer figures are kept
    // (agg_past_cache): the same figures twice, for the team and for a1's line.
    let later = today + 5;
    let day_f = DashFilter { from: date(today).as_str().into(), to: date(today).as_str().into(), ..Default::default() };
    let cust = |k: &app::dashboard::Kpis| (k.new_customers, k.buyers, k.repeat_buyers);
    for _ in 0..2 {
        assert_eq!(cust(&dash::boss_view_at(&db, &t.boss, &day_f, later).await.unwrap().now), (2, 2, 1));
        assert_eq!(cust(&dash::boss_view_at(&db, &t.a1, &day_f, later).await.unwrap().now), (1, 1, 1));
    }
    // Cancelling the first order of the repeat customer: still a buyer, no longer a repeat.
    orders::transition(&db, &t.boss, o1, Transition::Cancel).await.unwrap();
    // The kept figures of that day are not used any more.
    assert_eq!(cust(&dash::boss_view_at(&db, &t.boss, &day_f, later).await.unwrap().now), (2, 2, 0));
    assert_eq!(cust(&dash::boss_view_at(&db, &t.a1, &day_f, later).await.unwrap().now), (1, 1, 0));
    assert_eq!(dash::mismatches(&db, &sys).await.unwrap(), 0);
    let v = dash::boss_view_at(&db, &t.boss, &f, today).await.unwrap();
    assert_eq!((v.now.sales.to_fen(), v.now.orders, v.now.buyers, v.now.repeat_buyers), (20_000, 2, 2, 0));
    // The leader sees its line (a2's order), not b1's.
    let v1 = dash::boss_view_at(&db, &t.a1, &f, today).await.unwrap();
    assert_eq!((v1.now.sales.to_fen(), v1.now.orders, v1.now.gross_profit), (5_000, 1, None));
    assert!(v1.notes.contains(&app::dashboard::Note::ProfitTeamOnly));
    // a2 hands over to b1: per-agent aggregates move, the check still holds.
    app::auth::service::transfer_member(&db, &t.boss, a2, b1).await.unwrap();
    assert_eq!(dash::mismatches(&db, &sys).await.unwrap(), 0);
    let v1 = dash::boss_view_at(&db, &t.a1, &f, today).await.unwrap();
    assert_eq!(v1.now.orders, 0);
    assert_eq!(cust(&dash::boss_view_at(&db, &t.a1, &day_f, later).await.unwrap().now), (0, 0, 0));
    // The product moves to another category: the category figures follow.
    let product: i64 = sqlx::query_scalar("SELECT product_id FROM skus WHERE id = $1").bind(sku).fetch_one(&db.pool).await.unwrap();
    let meta = app::inventory::ProductMeta { product_id: product, category: "个护".into(), supplier_id: None, image: "".into() };
    app::inventory::service::save_product(&db, &t.boss, &meta).await.unwrap();
    assert_eq!(dash::mismatches(&db, &sys).await.unwrap(), 0);
    let v = dash::boss_view_at(&db, &t.boss, &f, today).await.unwrap();
    assert_eq!(v.categories.iter().map(|c| (c.category.as_str(), c.sales.to_fen())).collect::<Vec<_>>(), vec![("个护", 20_000)]);
    // A rebuild changes nothing.
    dash::rebuild(&db, &sys).await.unwrap();
    assert_eq!(dash::boss_view_at(&db, &t.boss, &f, today).await.unwrap().now, v.now);
    let _ = a1;
});

on_both!(targets_are_set_by_the_boss_and_seen_by_the_agent, |db: Db| async move {
    let t = common::team(&db).await;
    let (_, _, a2, _) = t.ids;
    let month = date_of_day(day_of(app::time::now_ms())).format("%Y-%m").to_string();
    let target = |agent: i64, amount: &str| NewTarget { agent_id: agent, month: month.as_str().into(), target: amount.into() };
    assert_eq!(dash::set_target(&db, &t.a1, &target(a2, "1000")).await.unwrap_err(), AppError::Forbidden);
    assert_eq!(dash::set_target(&db, &t.boss, &target(a2, "-1")).await.unwrap_err(), DashboardError::BadTarget.into());
    assert_eq!(dash::set_target(&db, &t.boss, &target(a2, "abc")).await.unwrap_err(), DashboardError::BadTarget.into());
    assert_eq!(dash::set_target(&db, &t.boss, &target(t.ids.0, "10")).await.unwrap_err(), AppError::NotFound);
    dash::set_target(&db, &t.boss, &target(a2, "1000")).await.unwrap();
    dash::set_target(&db, &t.boss, &target(a2, "2000.50")).await.unwrap();
    let v = dash::sales_view(&db, &t.a2, &DashFilter::default(), None).await.unwrap();
    let (_, _, p) = v.progress.iter().find(|p| p.0 == a2).unwrap();
    assert_eq!((p.target.map(|m| m.to_fen()), p.sales.to_fen(), p.percent), (Some(200_050), 0, Some(rust_decimal::Decimal::ZERO)));
    assert!(!v.can_set_targets);
    let bad = DashFilter { from: "2026-02-30".into(), to: "2026-03-01".into(), ..Default::default() };
    assert_eq!(dash::boss_view(&db, &t.boss, &bad).await.unwrap_err(), DashboardError::BadRange.into());
});

on_both!(the_daily_digest_goes_once_at_its_time, |db: Db| async move {
    use app::notify::{NewNotifier, NotifierKind};
    use app::orders::{service as orders, Transition};
    use app::settings::TeamSettings;
    let t = common::team(&db).await;
    let sys = system();
    let sku = common::sku(&db, &t.boss, "50", 100).await;
    let (o, _) = orders::create_order(&db, &t.a2, &new_order(t.ids.2, "13800000001", sku, 2)).await.unwrap();
    orders::transition(&db, &t.boss, o, Transition::MarkPaid).await.unwrap();
    // The order was made today; the digest of tomorrow reports it as yesterday's.
    let now = app::time::now_ms();
    let tomorrow = day_of(now) + 1;
    let at = |h: i64, m: i64| app::time::day_start_ms(tomorrow) + (h * 60 + m) * 60_000;
    // No time set: nothing.
    assert!(!dash::digest_if_due(&db, &sys, at(9, 5)).await.unwrap());
    let bad = TeamSettings { digest_time: "9:5".into(), ..Default::default() };
    assert_eq!(app::settings::service::update(&db, &t.boss, &bad).await.unwrap_err(), DashboardError::BadTime.into());
    app::settings::service::update(&db, &t.boss, &TeamSettings { digest_time: "09:00".into(), ..Default::default() }).await.unwrap();
    app::notify::service::create(&db, &t.boss, &NewNotifier { name: "老板群".into(), kind: NotifierKind::Wecom, url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x".into() })
        .await
        .unwrap();
    assert!(!dash::digest_if_due(&db, &sys, at(8, 59)).await.unwrap());
    assert!(dash::digest_if_due(&db, &sys, at(9, 0)).await.unwrap());
    assert!(dash::digest_if_due(&db, &sys, at(9, 1)).await.unwrap());
    // Queued once for the day, with yesterday's figures.
    let queued = app::notify::service::claim(&db, &sys, 10).await.unwrap();
    let digests: Vec<_> = queued.iter().filter(|m| m.title.starts_with("每日简报")).collect();
    assert_eq!(digests.len(), 1);
    let yesterday = date_of_day(tomorrow - 1).format("%Y-%m-%d").to_string();
    assert_eq!(digests[0].title, format!("每日简报 {yesterday}"));
    assert!(digests[0].body.contains("销售额 ¥100.00，订单 1 单"), "{}", digests[0].body);
    assert!(digests[0].body.contains("1. A2 ¥100.00"), "{}", digests[0].body);
    assert_eq!(dash::digest_if_due(&db, &t.a1, at(9, 5)).await.unwrap_err(), AppError::Forbidden);
});
