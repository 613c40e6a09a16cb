//! Db and service tests on SQLite and PostgreSQL: logins and throttling, data scope,
//! orders and their status flow, stock ledger under shipping, dashboard figures, demo seed.

mod common;

use app::auth::{service as auth, NewUser, Role, Scope};
use app::error::AppError;
use app::inventory::db as stock_db;
use app::money::Money;
use app::orders::{service as orders, Channel, NewOrder, NewOrderLine, OrderFilter, OrderStatus, Transition};
use app::state::Db;
use common::{team, PASSWORD};

fn new_order(agent_id: i64, mobile: &str, lines: &[(i64, i64)]) -> NewOrder {
    NewOrder {
        agent_id,
        customer_name: "王女士".into(),
        mobile: mobile.into(),
        address: "浙江省杭州市西湖区文三路 1 号".into(),
        channel: Channel::Wechat,
        lines: lines.iter().map(|&(sku_id, qty)| NewOrderLine { sku_id, qty }).collect(),
    }
}

async fn qty(db: &Db, sku: i64) -> i64 {
    stock_db::list_skus(db).await.unwrap().into_iter().find(|s| s.sku_id == sku).unwrap().qty
}

async fn order_count(db: &Db) -> i64 {
    orders::list_orders(db, &team_boss(db).await, &OrderFilter::default()).await.unwrap().total
}

async fn team_boss(db: &Db) -> app::auth::Caller {
    common::caller(db, "boss").await
}

on_both!(login_sessions_and_throttling, |db: Db| async move {
    let t = team(&db).await;
    assert_eq!(t.boss.role(), Role::Boss);
    // Wrong password: a field error, in both languages.
    let e = auth::login(&db, "a1", "wrong-password").await.unwrap_err();
    assert!(matches!(&e, AppError::Validation { field, .. } if field == "password"));
    assert_eq!(e.message(app::i18n::Lang::Zh), "用户名或密码错误");
    // Unknown users fail the same way.
    assert_eq!(auth::login(&db, "nobody", "x").await.unwrap_err(), e);
    // Five failures pause sign-in, even with the right password.
    for _ in 0..4 {
        let _ = auth::login(&db, "a1", "wrong-password").await;
    }
    assert!(matches!(auth::login(&db, "a1", PASSWORD).await, Err(AppError::TooManyAttempts { .. })));
    // Other users are not affected; logout ends the session.
    let token = auth::login(&db, "a2", PASSWORD).await.unwrap();
    assert!(auth::caller_for_token(&db, &token).await.unwrap().is_some());
    auth::logout(&db, &token).await.unwrap();
    assert!(auth::caller_for_token(&db, &token).await.unwrap().is_none());
    assert!(auth::caller_for_token(&db, "forged").await.unwrap().is_none());
});

on_both!(scope_follows_the_hierarchy, |db: Db| async move {
    let t = team(&db).await;
    let (_, a1, a2, b1) = t.ids;
    assert_eq!(*t.boss.scope(), Scope::All);
    assert_eq!(*t.warehouse.scope(), Scope::All);
    assert_eq!(*t.a1.scope(), Scope::agents(vec![a1, a2]));
    assert_eq!(*t.a2.scope(), Scope::agents(vec![a2]));
    assert_eq!(*t.b1.scope(), Scope::agents(vec![b1]));
    // Team lists follow the same scope.
    let names: Vec<String> = auth::list_team(&db, &t.a1).await.unwrap().into_iter().map(|m| m.username).collect();
    assert_eq!(names, vec!["a1", "a2"]);
    assert_eq!(auth::list_team(&db, &t.boss).await.unwrap().len(), 5);
    assert_eq!(auth::list_team(&db, &t.warehouse).await.unwrap_err(), AppError::Forbidden);
});

on_both!(user_management, |db: Db| async move {
    let t = team(&db).await;
    let (_, a1, _, _) = t.ids;
    let nu = |username: &str, parent_id| NewUser {
        username: username.into(),
        display_name: "新代理".into(),
        password: "password1".into(),
        role: Role::Agent,
        parent_id,
    };
    let id = auth::create_user(&db, &t.boss, &nu("a3", Some(a1))).await.unwrap();
    assert!(common::caller(&db, "a1").await.scope().contains(id), "new downline joins the parent's scope");
    // Duplicate usernames become a field error; agents cannot create users.
    assert!(matches!(auth::create_user(&db, &t.boss, &nu("a3", None)).await, Err(AppError::Validation { field, .. }) if field == "username"));
    assert_eq!(auth::create_user(&db, &t.a1, &nu("a4", None)).await.unwrap_err(), AppError::Forbidden);
    // A parent must be an agent.
    assert!(auth::create_user(&db, &t.boss, &nu("a5", Some(t.ids.0))).await.is_err());
    // Resetting a password ends the user's sessions.
    let token = auth::login(&db, "a3", "password1").await.unwrap();
    auth::reset_password(&db, &t.boss, id, "password2").await.unwrap();
    assert!(auth::caller_for_token(&db, &token).await.unwrap().is_none());
    assert!(auth::login(&db, "a3", "password2").await.is_ok());
    assert_eq!(auth::reset_password(&db, &t.a1, id, "password3").await.unwrap_err(), AppError::Forbidden);
});

on_both!(orders_respect_scope, |db: Db| async move {
    let t = team(&db).await;
    let (_, a1, a2, b1) = t.ids;
    let sku = common::sku(&db, &t.boss, "19.99", 100).await;
    let (o_a2, _) = orders::create_order(&db, &t.a2, &new_order(a2, "13800000002", &[(sku, 3)])).await.unwrap();
    let (o_b1, no_b1) = orders::create_order(&db, &t.boss, &new_order(b1, "13900000001", &[(sku, 1)])).await.unwrap();
    orders::create_order(&db, &t.a1, &new_order(a1, "13800000001", &[(sku, 1)])).await.unwrap();
    // An agent cannot enter orders for another line.
    assert_eq!(orders::create_order(&db, &t.a2, &new_order(b1, "13800000003", &[(sku, 1)])).await.unwrap_err(), AppError::Forbidden);
    // Lists are filtered in SQL by scope.
    let count = |c| {
        let db = db.clone();
        async move { orders::list_orders(&db, &c, &OrderFilter::default()).await.unwrap().total }
    };
    assert_eq!(count(t.boss.clone()).await, 3);
    assert_eq!(count(t.a1.clone()).await, 2);
    assert_eq!(count(t.a2.clone()).await, 1);
    assert_eq!(count(t.b1.clone()).await, 1);
    // Reading another line's order by id: forbidden, not a silent empty page.
    assert_eq!(orders::get_order(&db, &t.a2, o_b1).await.unwrap_err(), AppError::Forbidden);
    assert_eq!(orders::get_order(&db, &t.a1, o_a2).await.unwrap().summary.id, o_a2);
    assert_eq!(orders::get_order(&db, &t.a1, 999_999).await.unwrap_err(), AppError::NotFound);
    assert_eq!(orders::transition(&db, &t.a2, o_b1, Transition::Cancel).await.unwrap_err(), AppError::Forbidden);
    // Search by order number and by mobile, within scope only.
    let f = |q: &str| OrderFilter { q: q.into(), status: None, page: 1 };
    assert_eq!(orders::list_orders(&db, &t.boss, &f(&no_b1)).await.unwrap().rows[0].id, o_b1);
    assert_eq!(orders::list_orders(&db, &t.boss, &f("13800000002")).await.unwrap().total, 1);
    assert_eq!(orders::list_orders(&db, &t.a2, &f("13900000001")).await.unwrap().total, 0);
    let pending = OrderFilter { q: String::new(), status: Some(OrderStatus::PendingPayment), page: 1 };
    assert_eq!(orders::list_orders(&db, &t.boss, &pending).await.unwrap().total, 3);
});

on_both!(order_totals_and_bad_input, |db: Db| async move {
    let t = team(&db).await;
    let (_, _, a2, _) = t.ids;
    let sku = common::sku(&db, &t.boss, "19.99", 10).await;
    let (id, no) = orders::create_order(&db, &t.a2, &new_order(a2, "138 0000 0002", &[(sku, 3)])).await.unwrap();
    assert!(no.starts_with("ZG") && no.ends_with(&format!("{id:06}")));
    let o = orders::get_order(&db, &t.a2, id).await.unwrap();
    assert_eq!(o.summary.total, Money::from_fen(5997));
    assert_eq!(o.summary.mobile, "13800000002");
    assert_eq!(o.events.len(), 1);
    // Bad input changes nothing.
    let before = order_count(&db).await;
    assert!(matches!(orders::create_order(&db, &t.a2, &new_order(a2, "12345", &[(sku, 1)])).await, Err(AppError::Validation { field, .. }) if field == "mobile"));
    assert!(orders::create_order(&db, &t.a2, &new_order(a2, "13800000002", &[(999_999, 1)])).await.is_err());
    assert!(orders::create_order(&db, &t.a2, &new_order(a2, "13800000002", &[])).await.is_err());
    assert_eq!(order_count(&db).await, before);
});

on_both!(shipping_takes_stock_in_the_same_transaction, |db: Db| async move {
    let t = team(&db).await;
    let (_, _, a2, _) = t.ids;
    let sku = common::sku(&db, &t.boss, "50", 5).await;
    let (id, _) = orders::create_order(&db, &t.a2, &new_order(a2, "13800000002", &[(sku, 3)])).await.unwrap();
    // The agent cannot ship; shipping before payment is refused.
    assert_eq!(orders::transition(&db, &t.a2, id, Transition::Ship).await.unwrap_err(), AppError::Forbidden);
    assert!(matches!(orders::transition(&db, &t.boss, id, Transition::Ship).await, Err(AppError::Conflict { .. })));
    assert_eq!(orders::transition(&db, &t.a2, id, Transition::MarkPaid).await.unwrap(), OrderStatus::ToShip);
    assert_eq!(orders::transition(&db, &t.warehouse, id, Transition::Ship).await.unwrap(), OrderStatus::Shipped);
    assert_eq!(qty(&db, sku).await, 2);
    // No double shipping.
    assert!(orders::transition(&db, &t.boss, id, Transition::Ship).await.is_err());
    assert_eq!(qty(&db, sku).await, 2);
    // Not enough stock: refused with the SKU named; status and stock unchanged.
    let (id2, _) = orders::create_order(&db, &t.a2, &new_order(a2, "13800000002", &[(sku, 3)])).await.unwrap();
    orders::transition(&db, &t.boss, id2, Transition::MarkPaid).await.unwrap();
    let e = orders::transition(&db, &t.boss, id2, Transition::Ship).await.unwrap_err();
    assert!(e.message(app::i18n::Lang::Zh).contains("库存不足"), "{e:?}");
    assert_eq!(orders::get_order(&db, &t.boss, id2).await.unwrap().summary.status, OrderStatus::ToShip);
    assert_eq!(qty(&db, sku).await, 2);
    // The ledger explains the on-hand quantity exactly.
    assert!(stock_db::ledger_mismatches(&db).await.unwrap().is_empty());
    let moves = stock_db::movements(&db, Some(sku), 10).await.unwrap();
    assert_eq!(moves.iter().map(|m| m.delta).collect::<Vec<_>>(), vec![-3, 5]);
    assert_eq!(moves[0].order_id, Some(id));
});

on_both!(concurrent_shipments_never_oversell, |db: Db| async move {
    let t = team(&db).await;
    let (_, _, a2, _) = t.ids;
    let sku = common::sku(&db, &t.boss, "50", 5).await;
    let mut ids = Vec::new();
    for _ in 0..4 {
        let (id, _) = orders::create_order(&db, &t.a2, &new_order(a2, "13800000002", &[(sku, 2)])).await.unwrap();
        orders::transition(&db, &t.boss, id, Transition::MarkPaid).await.unwrap();
        ids.push(id);
    }
    let tasks: Vec<_> = ids
        .iter()
        .map(|&id| {
            let (db, boss) = (db.clone(), t.boss.clone());
            tokio::spawn(async move { orders::transition(&db, &boss, id, Transition::Ship).await })
        })
        .collect();
    let mut shipped = 0;
    for task in tasks {
        if task.await.unwrap().is_ok() {
            shipped += 1;
        }
    }
    assert_eq!(shipped, 2, "5 in stock, 2 per order");
    assert_eq!(qty(&db, sku).await, 1);
    assert!(stock_db::ledger_mismatches(&db).await.unwrap().is_empty());
});

on_both!(dashboard_matches_the_orders, |db: Db| async move {
    let t = team(&db).await;
    let (_, a1, a2, b1) = t.ids;
    let sku = common::sku(&db, &t.boss, "10.01", 100).await;
    let mut expect_all = 0;
    for (caller, agent, n) in [(&t.a2, a2, 2), (&t.a1, a1, 1), (&t.b1, b1, 4)] {
        let (id, _) = orders::create_order(&db, caller, &new_order(agent, "13800000009", &[(sku, n)])).await.unwrap();
        orders::transition(&db, caller, id, Transition::MarkPaid).await.unwrap();
        expect_all += 1001 * n;
    }
    // A pending and a cancelled order are not sales.
    orders::create_order(&db, &t.b1, &new_order(b1, "13800000009", &[(sku, 9)])).await.unwrap();
    let (c, _) = orders::create_order(&db, &t.b1, &new_order(b1, "13800000009", &[(sku, 9)])).await.unwrap();
    orders::transition(&db, &t.b1, c, Transition::Cancel).await.unwrap();
    let all = app::dashboard::service::overview(&db, &t.boss).await.unwrap();
    assert_eq!(all.sales_month.to_fen(), expect_all);
    assert_eq!(all.orders_month, 3);
    assert_eq!(all.to_ship, 3);
    assert_eq!(all.daily.len(), 30);
    assert_eq!(all.daily.last().unwrap().sales.to_fen(), expect_all);
    assert_eq!(all.daily.iter().map(|p| p.sales.to_fen()).sum::<i64>(), expect_all);
    let line = app::dashboard::service::overview(&db, &t.a1).await.unwrap();
    assert!(line.scoped);
    assert_eq!(line.sales_month.to_fen(), 1001 * 3);
    assert_eq!(line.customers, 2);
    assert_eq!(app::dashboard::service::overview(&db, &t.warehouse).await.unwrap_err(), AppError::Forbidden);
});

on_both!(stock_receipts, |db: Db| async move {
    let t = team(&db).await;
    let sku = common::sku(&db, &t.boss, "1", 0).await;
    let inbound = |qty| app::inventory::Inbound { sku_id: sku, qty, note: String::new() };
    assert_eq!(app::inventory::service::receive(&db, &t.warehouse, &inbound(7)).await.unwrap(), 7);
    assert_eq!(app::inventory::service::receive(&db, &t.boss, &inbound(3)).await.unwrap(), 10);
    assert_eq!(app::inventory::service::receive(&db, &t.a1, &inbound(3)).await.unwrap_err(), AppError::Forbidden);
    assert!(app::inventory::service::receive(&db, &t.boss, &inbound(0)).await.is_err());
    assert_eq!(qty(&db, sku).await, 10);
    assert!(stock_db::ledger_mismatches(&db).await.unwrap().is_empty());
});

on_both!(demo_seed_is_believable_and_consistent, |db: Db| async move {
    // A fixed day in the past makes the seed fully deterministic.
    let today = app::time::day_of_date(chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap());
    let report = server::demo::seed(&db, today).await.unwrap();
    assert_eq!(report.agents, 20);
    assert!((2500..=3500).contains(&report.customers), "{}", report.customers);
    assert!(report.orders > 10_000, "{}", report.orders);
    assert!(stock_db::ledger_mismatches(&db).await.unwrap().is_empty());
    assert!(stock_db::list_skus(&db).await.unwrap().iter().all(|s| s.qty >= 0));
    assert!(stock_db::list_skus(&db).await.unwrap().iter().any(|s| s.is_low()), "some SKUs start below threshold");
    // Two levels: five leaders with three agents each.
    let boss = common::caller_with(&db, "boss", server::demo::BOSS.1).await;
    let leader = common::caller_with(&db, "a01", server::demo::AGENT_PASSWORD).await;
    assert!(matches!(leader.scope(), Scope::Agents(ids) if ids.len() == 4));
    // Seeding again is refused.
    assert!(server::demo::seed(&db, today).await.is_err());
    let overview = app::dashboard::service::overview_at(&db, boss.scope(), app::time::day_start_ms(today) + 20 * 3_600_000).await.unwrap();
    assert!(overview.sales_month.to_fen() > 0);
    assert!(overview.daily.iter().all(|p| p.sales.to_fen() > 0));
    rhythm(&db, today).await;
});

/// The seed's rhythm: weekends busier, 10–12 h the peak of a weekend day, 蛋黄酥 before 中秋.
async fn rhythm(db: &Db, today: i64) {
    use app::time::{date_of_day, day_start_ms, DAY_MS, OFFSET_MS};
    use chrono::Datelike;
    let per_day: Vec<(i64, i64)> = sqlx::query_as(&format!(
        "SELECT (created_at + {OFFSET_MS}) / {DAY_MS} AS d, COUNT(*) FROM orders GROUP BY (created_at + {OFFSET_MS}) / {DAY_MS}"
    ))
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let (mut we, mut wd) = ((0, 0), (0, 0));
    for (day, n) in per_day {
        if date_of_day(day).weekday().number_from_monday() >= 6 { we = (we.0 + n, we.1 + 1) } else { wd = (wd.0 + n, wd.1 + 1) }
    }
    let (we_avg, wd_avg) = (we.0 as f64 / we.1 as f64, wd.0 as f64 / wd.1 as f64);
    assert!(we_avg > wd_avg * 1.25, "weekend {we_avg:.1}/day vs weekday {wd_avg:.1}/day");
    let hours: Vec<(i64, i64)> = sqlx::query_as(&format!(
        "SELECT ((created_at + {OFFSET_MS}) % {DAY_MS}) / 3600000 AS h, COUNT(*) FROM orders GROUP BY ((created_at + {OFFSET_MS}) % {DAY_MS}) / 3600000 ORDER BY 2 DESC"
    ))
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert!((10..=11).contains(&hours[0].0), "peak hour {:?}", hours[0]);
    let festival = app::time::day_of_date(chrono::NaiveDate::from_ymd_opt(2026, 9, 25).unwrap());
    assert!(festival < today);
    let units = |from: i64| {
        let sql = "SELECT CAST(COALESCE(SUM(l.qty), 0) AS BIGINT) FROM order_lines l JOIN orders o ON o.id = l.order_id \
                   JOIN skus s ON s.id = l.sku_id JOIN products p ON p.id = s.product_id \
                   WHERE p.name LIKE '%蛋黄酥%' AND o.created_at >= $1 AND o.created_at < $2";
        let db = db.clone();
        async move { sqlx::query_scalar::<_, i64>(sql).bind(day_start_ms(from)).bind(day_start_ms(from + 14)).fetch_one(&db.pool).await.unwrap() }
    };
    let (before_festival, month_earlier) = (units(festival - 13).await, units(festival - 60).await);
    assert!(before_festival > 3 * month_earlier, "蛋黄酥 {before_festival} vs {month_earlier}");
}

#[tokio::test]
async fn sqlite_backup_is_a_consistent_copy() {
    let t = common::sqlite().await;
    team(&t.db).await;
    let to = std::env::temp_dir().join(format!("zg_backup_{}.db", std::process::id())).display().to_string();
    let _ = std::fs::remove_file(&to);
    server::db::vacuum_into(&t.db, &to).await.unwrap();
    let copy = server::db::open(&format!("sqlite://{to}"), 1).await.unwrap();
    assert!(auth::login(&copy, "boss", PASSWORD).await.is_ok(), "the copy has the users");
    copy.pool.close().await;
    let _ = std::fs::remove_file(&to);
    t.finish().await;
}
