//! Service tests on SQLite and PostgreSQL: data scope, orders and their status flow,
//! the stock ledger under shipping and concurrency, payment confirmation, hand-overs,
//! dashboard figures, the demo seed.

mod common;

use app::auth::Role;
use app::error::{AppError, CommonError};
use app::money::Money;
use app::orders::{service as orders, Channel, NewOrder, NewOrderLine, OrderError, OrderFilter, OrderId, OrderStatus, Transition};
use app::settings::TeamSettings;
use app::state::Db;
use common::{ledger_ok, on_hand, team};

fn new_order(agent_id: i64, mobile: &str, lines: &[(i64, i64)]) -> NewOrder {
    NewOrder {
        agent_id,
        customer_name: "王女士".into(),
        mobile: mobile.into(),
        address: "浙江省杭州市西湖区文三路 1 号".into(),
        channel: Channel::Wechat,
        lines: lines.iter().map(|&(sku_id, qty)| NewOrderLine { sku_id, qty }).collect(),
        coupon_code: Default::default(),
    }
}

async fn count(db: &Db, c: &app::auth::Caller, f: &OrderFilter) -> i64 {
    orders::list_orders(db, c, f).await.unwrap().count.n
}

fn q(text: &str) -> OrderFilter {
    OrderFilter { q: text.into(), ..Default::default() }
}

on_both!(scope_follows_the_hierarchy, |db: Db| async move {
    let t = team(&db).await;
    let (_, a1, a2, b1) = t.ids;
    assert!(t.boss.scope().is_all() && t.warehouse.scope().is_all() && t.finance.scope().is_all());
    assert_eq!(t.a1.scope().agent_ids(), Some(&[a1, a2][..]));
    assert_eq!(t.a2.scope().agent_ids(), Some(&[a2][..]));
    assert_eq!(t.b1.scope().agent_ids(), Some(&[b1][..]));
    let names: Vec<String> = app::auth::service::list_team(&db, &t.a1).await.unwrap().into_iter().map(|m| m.username).collect();
    assert_eq!(names, vec!["a1", "a2"]);
    assert_eq!(app::auth::service::list_team(&db, &t.boss).await.unwrap().len(), 6);
    assert_eq!(app::auth::service::list_team(&db, &t.warehouse).await.unwrap_err(), AppError::Forbidden);
});

on_both!(orders_respect_scope, |db: Db| async move {
    let t = team(&db).await;
    let (_, a1, a2, b1) = t.ids;
    let sku = common::sku(&db, &t.boss, "19.99", 100).await;
    let (o_a2, _) = orders::create_order(&db, &t.a2, &new_order(a2, "13800000002", &[(sku, 3)])).await.unwrap();
    let (o_b1, no_b1) = orders::create_order(&db, &t.boss, &new_order(b1, "13900000001", &[(sku, 1)])).await.unwrap();
    orders::create_order(&db, &t.a1, &new_order(a1, "13800000001", &[(sku, 1)])).await.unwrap();
    // An agent cannot enter orders for another line.
    let e = orders::create_order(&db, &t.a2, &new_order(b1, "13800000003", &[(sku, 1)])).await.unwrap_err();
    assert_eq!(e, OrderError::AgentRequired.into());
    // Lists are filtered in SQL by scope.
    let all = OrderFilter::default();
    assert_eq!([count(&db, &t.boss, &all).await, count(&db, &t.a1, &all).await, count(&db, &t.a2, &all).await, count(&db, &t.b1, &all).await], [3, 2, 1, 1]);
    // Another line's order by id answers exactly like a missing one: no existence oracle.
    assert_eq!(orders::get_order(&db, &t.a2, o_b1).await.unwrap_err(), AppError::NotFound);
    assert_eq!(orders::get_order(&db, &t.a2, OrderId(999_999)).await.unwrap_err(), AppError::NotFound);
    assert_eq!(orders::transition(&db, &t.a2, o_b1, Transition::Cancel).await.unwrap_err(), AppError::NotFound);
    assert_eq!(orders::get_order(&db, &t.a1, o_a2).await.unwrap().summary.id, o_a2);
    // Search by order number and by mobile, within scope only.
    assert_eq!(orders::list_orders(&db, &t.boss, &q(&no_b1)).await.unwrap().rows[0].id, o_b1);
    assert_eq!(count(&db, &t.boss, &q("13800000002")).await, 1);
    assert_eq!(count(&db, &t.a2, &q("13900000001")).await, 0);
    assert_eq!(count(&db, &t.boss, &q("王女士")).await, 3, "recipient search");
    let pending = OrderFilter { status: Some(OrderStatus::PendingPayment), ..Default::default() };
    assert_eq!(count(&db, &t.boss, &pending).await, 3);
    // A saved search is the user's own: the token finds nothing for anyone else.
    let href = orders::save_search(&db, &t.a2, "13800000002", None).await.unwrap();
    let token = href.strip_prefix("/orders?s=").unwrap().to_string();
    assert!(!href.contains("1380"), "no mobile in the URL: {href}");
    let saved = OrderFilter { search: Some(token.into()), ..Default::default() };
    assert_eq!(count(&db, &t.a2, &saved).await, 1);
    assert_eq!(count(&db, &t.boss, &saved).await, 0);
});

on_both!(keyset_pages_walk_the_list_both_ways, |db: Db| async move {
    let t = team(&db).await;
    let (_, _, a2, _) = t.ids;
    let sku = common::sku(&db, &t.boss, "1", 45).await;
    let mut made = Vec::new();
    for i in 0..45 {
        made.push(orders::create_order(&db, &t.a2, &new_order(a2, &format!("1380000{i:04}"), &[(sku, 1)])).await.unwrap().0);
    }
    made.reverse(); // newest first
    let mut f = OrderFilter::default();
    let mut seen = Vec::new();
    let mut pages = Vec::new();
    loop {
        let p = orders::list_orders(&db, &t.boss, &f).await.unwrap();
        assert_eq!(p.count.n, 45);
        seen.extend(p.rows.iter().map(|o| o.id));
        pages.push(p.clone());
        match p.next {
            Some(c) => f.seek = app::page::Seek::After(c),
            None => break,
        }
    }
    assert_eq!(seen, made, "every order once, newest first");
    assert_eq!(pages.iter().map(|p| p.rows.len()).collect::<Vec<_>>(), vec![20, 20, 5]);
    // From the last page back to the second.
    f.seek = app::page::Seek::Before(pages[2].prev.unwrap());
    let back = orders::list_orders(&db, &t.boss, &f).await.unwrap();
    assert_eq!(back.rows.iter().map(|o| o.id).collect::<Vec<_>>(), pages[1].rows.iter().map(|o| o.id).collect::<Vec<_>>());
});

on_both!(order_totals_and_bad_input, |db: Db| async move {
    let t = team(&db).await;
    let (_, _, a2, _) = t.ids;
    let sku = common::sku(&db, &t.boss, "19.99", 10).await;
    let (id, no) = orders::create_order(&db, &t.a2, &new_order(a2, "138 0000 0002", &[(sku, 3)])).await.unwrap();
    assert!(no.starts_with("ZG") && no.ends_with(&format!("{:06}", id.0)));
    let o = orders::get_order(&db, &t.a2, id).await.unwrap();
    assert_eq!(o.summary.total, Money::from_fen(5997));
    assert_eq!(o.summary.mobile, "13800000002");
    assert_eq!(o.events.len(), 1);
    // Bad input changes nothing, and says exactly what is wrong.
    let before = count(&db, &t.boss, &OrderFilter::default()).await;
    let mobile = orders::create_order(&db, &t.a2, &new_order(a2, "12345", &[(sku, 1)])).await.unwrap_err();
    assert_eq!(mobile, CommonError::BadMobile { field: "mobile".into() }.into());
    assert_eq!(mobile.field(), Some("mobile"));
    let unknown = orders::create_order(&db, &t.a2, &new_order(a2, "13800000002", &[(999_999, 1)])).await.unwrap_err();
    assert_eq!(unknown, OrderError::UnknownItem.into());
    assert_eq!(orders::create_order(&db, &t.a2, &new_order(a2, "13800000002", &[])).await.unwrap_err(), OrderError::NoLines.into());
    let merged = orders::create_order(&db, &t.a2, &new_order(a2, "13800000002", &[(sku, 9999), (sku, 1)])).await.unwrap_err();
    assert_eq!(merged, CommonError::OutOfRange { field: "qty".into(), min: 1, max: 9999 }.into());
    assert_eq!(count(&db, &t.boss, &OrderFilter::default()).await, before);
});

on_both!(shipping_takes_stock_in_the_same_transaction, |db: Db| async move {
    let t = team(&db).await;
    let (_, _, a2, _) = t.ids;
    let sku = common::sku(&db, &t.boss, "50", 5).await;
    let (id, _) = orders::create_order(&db, &t.a2, &new_order(a2, "13800000002", &[(sku, 3)])).await.unwrap();
    // The agent cannot ship; shipping before payment is refused.
    assert_eq!(orders::transition(&db, &t.a2, id, Transition::Ship).await.unwrap_err(), AppError::Forbidden);
    let early = orders::transition(&db, &t.boss, id, Transition::Ship).await.unwrap_err();
    assert_eq!(early, OrderError::BadTransition { from: OrderStatus::PendingPayment, action: Transition::Ship }.into());
    assert_eq!(orders::transition(&db, &t.finance, id, Transition::MarkPaid).await.unwrap(), OrderStatus::ToShip);
    assert_eq!(orders::transition(&db, &t.warehouse, id, Transition::Ship).await.unwrap(), OrderStatus::Shipped);
    assert_eq!(on_hand(&db, sku).await, 2);
    // No double shipping.
    let twice = orders::transition(&db, &t.boss, id, Transition::Ship).await.unwrap_err();
    assert_eq!(twice, OrderError::BadTransition { from: OrderStatus::Shipped, action: Transition::Ship }.into());
    // Not enough available: the order is refused at creation with the SKU named, nothing kept.
    let before = count(&db, &t.boss, &OrderFilter::default()).await;
    let e = orders::create_order(&db, &t.a2, &new_order(a2, "13800000002", &[(sku, 3)])).await.unwrap_err();
    assert_eq!(e, OrderError::StockShort { sku: "补水面膜".into(), have: 2, need: 3 }.into());
    assert_eq!(count(&db, &t.boss, &OrderFilter::default()).await, before);
    assert_eq!(on_hand(&db, sku).await, 2);
    assert!(ledger_ok(&db).await);
    let code = app::inventory::service::list_stock(&db, &t.boss, &Default::default()).await.unwrap().rows[0].code.clone();
    let ledger = app::inventory::LedgerFilter { sku: code.into(), ..Default::default() };
    let moves = app::inventory::service::list_ledger(&db, &t.warehouse, &ledger).await.unwrap().rows;
    assert_eq!(moves.iter().map(|m| m.delta).collect::<Vec<_>>(), vec![-3, 5]);
    assert_eq!((moves[0].ref_type.as_deref(), moves[0].ref_id), (Some("order"), Some(id.0)));
    // Agents never see the ledger (it names every line's orders and the staff).
    assert_eq!(app::inventory::service::list_ledger(&db, &t.a1, &Default::default()).await.unwrap_err(), AppError::Forbidden);
});

on_both!(a_hundred_orders_for_the_last_ten_units, |db: Db| async move {
    let t = team(&db).await;
    let (_, _, a2, _) = t.ids;
    let sku = common::sku(&db, &t.boss, "50", 10).await;
    // 100 agents' orders at once for the last 10 units, 1 each: exactly 10 get them.
    let tasks: Vec<_> = (0..100)
        .map(|i| {
            let (db, a2c) = (db.clone(), t.a2.clone());
            tokio::spawn(async move { orders::create_order(&db, &a2c, &new_order(a2, &format!("1380000{i:04}"), &[(sku, 1)])).await })
        })
        .collect();
    let (mut won, mut short) = (0, 0);
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => won += 1,
            Err(AppError::Conflict { fault: app::error::Fault::Orders(OrderError::StockShort { have: 0, need: 1, .. }) }) => short += 1,
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!((won, short), (10, 90));
    assert_eq!(count(&db, &t.boss, &OrderFilter::default()).await, 10);
    let row = &app::inventory::service::list_stock(&db, &t.boss, &Default::default()).await.unwrap().rows[0];
    assert_eq!((row.qty, row.reserved, row.available()), (10, 10, 0));
    let sys = app::auth::service::system();
    assert!(app::inventory::service::reservation_mismatches(&db, &sys).await.unwrap().is_empty());
    // Shipping them all takes exactly the 10 reserved.
    let ids: Vec<_> = orders::list_orders(&db, &t.boss, &OrderFilter::default()).await.unwrap().rows.iter().map(|o| o.id).collect();
    for id in ids {
        orders::transition(&db, &t.finance, id, Transition::MarkPaid).await.unwrap();
        orders::transition(&db, &t.warehouse, id, Transition::Ship).await.unwrap();
    }
    assert_eq!(on_hand(&db, sku).await, 0);
    assert!(ledger_ok(&db).await);
});

on_both!(concurrent_writers_queue_instead_of_failing, |db: Db| async move {
    let t = team(&db).await;
    let (_, _, a2, _) = t.ids;
    let sku = common::sku(&db, &t.boss, "9.90", 60).await;
    // 60 order creations and 60 receipts at once: each succeeds or gets its specific
    // conflict, never "database is locked" (an Internal error).
    let mut tasks = Vec::new();
    for i in 0..60 {
        let (db1, a2c) = (db.clone(), t.a2.clone());
        tasks.push(tokio::spawn(async move {
            orders::create_order(&db1, &a2c, &new_order(a2, &format!("1390000{i:04}"), &[(sku, 1)])).await.map(|_| ())
        }));
        let (db2, wh) = (db.clone(), t.warehouse.clone());
        tasks.push(tokio::spawn(async move {
            let inbound = app::inventory::Inbound { sku_id: sku, qty: 1, note: Default::default(), warehouse_id: None, unit_cost: Default::default() };
            app::inventory::service::receive(&db2, &wh, &inbound).await.map(|_| ())
        }));
    }
    for task in tasks {
        task.await.unwrap().expect("every concurrent write succeeds");
    }
    assert_eq!(count(&db, &t.boss, &OrderFilter::default()).await, 60);
    assert_eq!(on_hand(&db, sku).await, 120);
    assert!(ledger_ok(&db).await);
});

on_both!(payment_confirmation_is_a_team_setting, |db: Db| async move {
    let t = team(&db).await;
    let (_, _, a2, _) = t.ids;
    let sku = common::sku(&db, &t.boss, "10", 10).await;
    let (id, _) = orders::create_order(&db, &t.a2, &new_order(a2, "13800000002", &[(sku, 1)])).await.unwrap();
    // By default only the boss and finance confirm payment.
    let off = orders::transition(&db, &t.a2, id, Transition::MarkPaid).await.unwrap_err();
    assert_eq!(off, OrderError::AgentPaymentOff.into());
    assert_eq!(app::settings::service::update(&db, &t.a1, &TeamSettings { agents_confirm_payment: true, ..Default::default() }).await.unwrap_err(), AppError::Forbidden);
    app::settings::service::update(&db, &t.boss, &TeamSettings { agents_confirm_payment: true, ..Default::default() }).await.unwrap();
    // Allowed now, and marked for finance to check.
    orders::transition(&db, &t.a2, id, Transition::MarkPaid).await.unwrap();
    let o = orders::get_order(&db, &t.boss, id).await.unwrap();
    assert!(o.summary.payment_check);
    assert_eq!(o.events.last().unwrap().note, "agent_payment");
    let to_check = OrderFilter { payment_check: true, ..Default::default() };
    assert_eq!(count(&db, &t.finance, &to_check).await, 1);
    assert_eq!(orders::check_payment(&db, &t.a2, id).await.unwrap_err(), AppError::Forbidden);
    orders::check_payment(&db, &t.finance, id).await.unwrap();
    assert_eq!(count(&db, &t.finance, &to_check).await, 0);
});

on_both!(a_leavers_data_is_handed_over, |db: Db| async move {
    let t = team(&db).await;
    let (_, a1, a2, b1) = t.ids;
    let sku = common::sku(&db, &t.boss, "10", 10).await;
    for i in 0..3 {
        orders::create_order(&db, &t.a2, &new_order(a2, &format!("1380000000{i}"), &[(sku, 1)])).await.unwrap();
    }
    // Disabling ends the agent's sessions at once and refuses sign-in; data stays.
    let token = common::login(&db, "a2", common::PASSWORD).await.unwrap();
    app::auth::service::set_active(&db, &t.boss, a2, false).await.unwrap();
    let policy = app::auth::SessionPolicy::default();
    assert!(app::auth::service::caller_for_token(&db, &policy, &token).await.unwrap().is_none());
    assert_eq!(common::login(&db, "a2", common::PASSWORD).await.unwrap_err(), app::auth::AuthError::BadCredentials.into());
    assert_eq!(count(&db, &t.a1, &OrderFilter::default()).await, 3);
    // Handed over to B1 in one action.
    assert_eq!(app::auth::service::transfer_member(&db, &t.a1, a2, b1).await.unwrap_err(), AppError::Forbidden);
    assert_eq!(app::auth::service::transfer_member(&db, &t.boss, a2, b1).await.unwrap(), (3, 3));
    assert_eq!(count(&db, &common::caller(&db, "b1").await, &OrderFilter::default()).await, 3);
    assert_eq!(count(&db, &t.a1, &OrderFilter::default()).await, 0);
    // Re-enabled, the agent signs in again (its line is empty now).
    app::auth::service::set_active(&db, &t.boss, a2, true).await.unwrap();
    assert!(common::login(&db, "a2", common::PASSWORD).await.is_ok());
    let _ = a1;
});

on_both!(dashboard_matches_the_orders, |db: Db| async move {
    let t = team(&db).await;
    let (_, a1, a2, b1) = t.ids;
    let sku = common::sku(&db, &t.boss, "10.01", 100).await;
    let mut expect_all = 0;
    for (caller, agent, n) in [(&t.a2, a2, 2), (&t.a1, a1, 1), (&t.b1, b1, 4)] {
        let (id, _) = orders::create_order(&db, caller, &new_order(agent, "13800000009", &[(sku, n)])).await.unwrap();
        orders::transition(&db, &t.finance, id, Transition::MarkPaid).await.unwrap();
        expect_all += 1001 * n;
    }
    // A pending and a cancelled order are not sales.
    orders::create_order(&db, &t.b1, &new_order(b1, "13800000009", &[(sku, 9)])).await.unwrap();
    let (c, _) = orders::create_order(&db, &t.b1, &new_order(b1, "13800000009", &[(sku, 9)])).await.unwrap();
    orders::transition(&db, &t.b1, c, Transition::Cancel).await.unwrap();
    let all = app::dashboard::service::overview(&db, &t.boss).await.unwrap();
    assert_eq!((all.sales_month.to_fen(), all.orders_month, all.to_ship, all.daily.len()), (expect_all, 3, 3, 30));
    assert_eq!(all.daily.last().unwrap().sales.to_fen(), expect_all);
    let line = app::dashboard::service::overview(&db, &t.a1).await.unwrap();
    assert!(line.scoped);
    assert_eq!((line.sales_month.to_fen(), line.customers), (1001 * 3, 2));
    assert_eq!(app::dashboard::service::overview(&db, &t.warehouse).await.unwrap_err(), AppError::Forbidden);
    // The aggregates moved with each order equal a full scan (also after a paid order is cancelled).
    let (paid, _) = orders::create_order(&db, &t.b1, &new_order(b1, "13800000010", &[(sku, 5)])).await.unwrap();
    orders::transition(&db, &t.finance, paid, Transition::MarkPaid).await.unwrap();
    orders::transition(&db, &t.boss, paid, Transition::Cancel).await.unwrap();
    let sys = app::auth::service::system();
    assert_eq!(app::dashboard::service::mismatches(&db, &sys).await.unwrap(), 0);
    assert_eq!(app::dashboard::service::overview(&db, &t.boss).await.unwrap().sales_month.to_fen(), expect_all);
});

on_both!(stock_receipts, |db: Db| async move {
    let t = team(&db).await;
    let sku = common::sku(&db, &t.boss, "1", 0).await;
    let inbound = |qty| app::inventory::Inbound { sku_id: sku, qty, note: Default::default(), warehouse_id: None, unit_cost: Default::default() };
    assert_eq!(app::inventory::service::receive(&db, &t.warehouse, &inbound(7)).await.unwrap(), 7);
    assert_eq!(app::inventory::service::receive(&db, &t.boss, &inbound(3)).await.unwrap(), 10);
    assert_eq!(app::inventory::service::receive(&db, &t.a1, &inbound(3)).await.unwrap_err(), AppError::Forbidden);
    let zero = app::inventory::service::receive(&db, &t.boss, &inbound(0)).await.unwrap_err();
    assert_eq!(zero, CommonError::OutOfRange { field: "qty".into(), min: 1, max: 1_000_000 }.into());
    assert_eq!(on_hand(&db, sku).await, 10);
    assert!(ledger_ok(&db).await);
    let _ = Role::Boss;
});

on_both!(demo_seed_is_believable_and_consistent, |db: Db| async move {
    // A fixed day in the past makes the seed fully deterministic.
    let today = app::time::day_of_date(chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap());
    let report = server::demo::seed(&db, today).await.unwrap();
    assert_eq!(report.agents, 20);
    assert!((2500..=3500).contains(&report.customers), "{}", report.customers);
    assert!(report.orders > 10_000, "{}", report.orders);
    let check = server::check::run(&db).await.unwrap();
    assert!(check.ok(), "{check}");
    let sys = app::auth::service::system();
    let low = app::inventory::StockFilter { low_only: true, ..Default::default() };
    assert!(!app::inventory::service::list_stock(&db, &sys, &low).await.unwrap().rows.is_empty(), "some SKUs start low");
    // Forecasts: on the demo's year of sales the model's backtest error (weekly sMAPE over the
    // last 28 days, held out) is lower than the seasonal-naive baseline's, on average and for
    // most SKUs.
    let errors: Vec<(String, String)> = sqlx::query_as("SELECT smape, naive_smape FROM forecasts WHERE smape IS NOT NULL AND naive_smape IS NOT NULL")
        .fetch_all(&db.pool)
        .await
        .unwrap();
    let pairs: Vec<(f64, f64)> = errors.iter().map(|(m, n)| (m.parse().unwrap(), n.parse().unwrap())).collect();
    assert!(pairs.len() >= 40, "{} SKUs with a backtest", pairs.len());
    let mean = |f: fn(&(f64, f64)) -> f64| pairs.iter().map(f).sum::<f64>() / pairs.len() as f64;
    let (model, naive) = (mean(|p| p.0), mean(|p| p.1));
    let better = pairs.iter().filter(|p| p.0 < p.1).count();
    assert!(model < naive && better * 2 > pairs.len(), "model {model:.1} vs naive {naive:.1}, better on {better}/{}", pairs.len());
    // Finance: the imported bill left payments for a person, a duplicate and a refund; the
    // months before last are closed, last month waits for the boss.
    use app::finance::{service as pay, PaymentFilter, PaymentView};
    let view = |view| PaymentFilter { view, ..Default::default() };
    assert!(pay::list_payments(&db, &sys, &view(PaymentView::Open)).await.unwrap().rows.len() >= 2);
    assert_eq!(pay::list_payments(&db, &sys, &view(PaymentView::Duplicates)).await.unwrap().rows.len(), 2);
    assert_eq!(pay::list_payments(&db, &sys, &view(PaymentView::Refunds)).await.unwrap().rows.len(), 1);
    let month = app::finance::logic::Month::of_day(today).prev();
    let last = app::finance::service_pnl::pnl(&db, &sys, &month.to_string()).await.unwrap();
    assert!(last.closed.is_none() && last.total.revenue.to_fen() > 0 && last.total.expenses.to_fen() > 0);
    assert!(last.total.cash.iter().all(|m| m.to_fen() > 0), "every method took money: {:?}", last.total.cash);
    assert!(app::finance::service_pnl::pnl(&db, &sys, &month.prev().to_string()).await.unwrap().closed.is_some());
    // Demo accounts sign in only in demo mode.
    let demo_settings = app::state::Settings { demo: true, ..common::settings() };
    let c = common::client("10.0.0.9");
    assert_eq!(
        app::auth::service::login(&db, &common::settings(), "a01", server::demo::AGENT_PASSWORD, &c).await.unwrap_err(),
        app::auth::AuthError::BadCredentials.into()
    );
    let token = app::auth::service::login(&db, &demo_settings, "a01", server::demo::AGENT_PASSWORD, &c).await.unwrap();
    let leader = app::auth::service::caller_for_token(&db, &demo_settings.session, &token).await.unwrap().unwrap();
    assert_eq!(leader.scope().agent_ids().unwrap().len(), 4, "a leader and three agents");
    // Seeding again is refused.
    let again = server::demo::seed(&db, today).await.err().expect("a second seed is refused");
    assert_eq!(again.to_string(), "the database already has users; run `demo --fresh` on a SQLite file to start over");
    let at = app::time::day_start_ms(today) + 20 * 3_600_000;
    let overview = app::dashboard::service::overview_at(&db, &sys, at).await.unwrap();
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

on_both!(connections_are_set_up_for_the_backend, |db: Db| async move {
    // Every pooled connection gets its settings, not only the first.
    for _ in 0..3 {
        let mut conn = db.pool.acquire().await.unwrap();
        match db.backend {
            app::state::Backend::Sqlite => {
                let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys").fetch_one(&mut *conn).await.unwrap();
                assert_eq!(fk, 1);
            }
            // Without JIT and with a plan per call (see `Db::connect`).
            app::state::Backend::Postgres => {
                let jit: String = sqlx::query_scalar("SHOW jit").fetch_one(&mut *conn).await.unwrap();
                assert_eq!(jit, "off");
                let plans: String = sqlx::query_scalar("SHOW plan_cache_mode").fetch_one(&mut *conn).await.unwrap();
                assert_eq!(plans, "force_custom_plan");
            }
        }
    }
});
