//! Customers (CRM) on SQLite and PostgreSQL: tags from rules, RFM segments and lifecycle on a
//! small hand-computed data set; a coupon redeemed exactly once under concurrent orders and
//! given back by a cancelled order; 撞单 flags and the boss's decisions; import with bad rows
//! (all or nothing, re-import changes nothing); scope and masking; PIPL export and erasure;
//! repurchase figures.

mod common;

use app::auth::Caller;
use app::customers::logic_coupons::CouponError;
use app::customers::{
    service as crm, ConflictDecision, CustomerError, CustomerFilter, CustomerId, DiscountKind, FieldKind, ImportAction, ImportInput, NewCustomer, NoteKind,
    Segment, Stage, TagInput,
};
use app::error::{AppError, CommonError, Fault};
use app::orders::{service as orders, Channel, NewOrder, NewOrderLine, OrderId, OrderStatus, Transition};
use app::state::Db;
use app::time::{now_ms, DAY_MS};
use base64::Engine;

fn order(agent_id: i64, name: &str, mobile: &str, sku: i64, qty: i64, coupon: &str) -> NewOrder {
    NewOrder {
        agent_id,
        customer_name: name.into(),
        mobile: mobile.into(),
        address: "浙江省杭州市西湖区文三路 1 号".into(),
        channel: Channel::Wechat,
        lines: vec![NewOrderLine { sku_id: sku, qty }],
        coupon_code: coupon.into(),
    }
}

/// A paid order `days_ago` days back (created through the service, then dated back).
async fn paid(db: &Db, c: &Caller, boss: &Caller, agent: i64, name: &str, mobile: &str, sku: i64, qty: i64, days_ago: i64) -> OrderId {
    let (id, _) = orders::create_order(db, c, &order(agent, name, mobile, sku, qty, "")).await.unwrap();
    sqlx::query("UPDATE orders SET created_at = $1 WHERE id = $2").bind(now_ms() - days_ago * DAY_MS).bind(id.0).execute(&db.pool).await.unwrap();
    orders::transition(db, boss, id, Transition::MarkPaid).await.unwrap();
    id
}

async fn customer_by_mobile(db: &Db, c: &Caller, mobile: &str) -> CustomerId {
    let f = CustomerFilter { q: mobile.into(), ..Default::default() };
    let page = crm::list_customers(db, c, &f).await.unwrap();
    assert_eq!(page.rows.len(), 1, "{mobile}");
    page.rows[0].id
}

async fn tagged(db: &Db, c: &Caller, tag: &str) -> Vec<String> {
    let id = crm::list_tags(db, c).await.unwrap().into_iter().find(|t| t.name == tag).unwrap().id;
    let f = CustomerFilter { tag_id: Some(id), ..Default::default() };
    let mut names: Vec<String> = crm::list_customers(db, c, &f).await.unwrap().rows.into_iter().map(|r| r.name).collect();
    names.sort();
    names
}

// Six customers of A2 (¥100 items, all 美妆), as of today:
//
// | who | counted orders (days ago: amount) | stage | R F M | segment |
// |---|---|---|---|---|
// | C1 | 10: ¥2,000, 40: ¥2,000, 70: ¥2,000 | 忠诚 (3 in 180 days) | 4 5 5 | 重要价值 |
// | C2 | 100: ¥1,500 | 沉睡 (≥ 90 silent) | 2 1 4 | 重要挽留 |
// | C3 | 200: ¥500, 20: ¥500 | 活跃 | 3 4 3 | 一般保持 |
// | C4 | 5: ¥300 | 新客 | 5 1 1 | 一般发展 |
// | C5 | none (one unpaid, one cancelled; a consultation) | 潜在 | – | – |
// | C6 | 400: ¥800 | 流失 (≥ 180 silent) | 1 1 2 | 一般挽留 |
//
// With n = 5 scored customers, score = 1 + (number of customers strictly worse). Means:
// R 15/5 = 3, F 12/5 = 2.4, M 15/5 = 3; "high" is strictly above the mean.
on_both!(rules_rfm_and_lifecycle_on_a_hand_computed_set, |db: Db| async move {
    let t = common::team(&db).await;
    let (_, _, a2, _) = t.ids;
    let sku = common::sku(&db, &t.boss, "100", 1000).await;
    for (days, qty) in [(10, 20), (40, 20), (70, 20)] {
        paid(&db, &t.a2, &t.boss, a2, "C1", "13800000101", sku, qty, days).await;
    }
    paid(&db, &t.a2, &t.boss, a2, "C2", "13800000102", sku, 15, 100).await;
    paid(&db, &t.a2, &t.boss, a2, "C3", "13800000103", sku, 5, 200).await;
    paid(&db, &t.a2, &t.boss, a2, "C3", "13800000103", sku, 5, 20).await;
    paid(&db, &t.a2, &t.boss, a2, "C4", "13800000104", sku, 3, 5).await;
    orders::create_order(&db, &t.a2, &order(a2, "C5", "13800000105", sku, 1, "")).await.unwrap();
    let (cancelled, _) = orders::create_order(&db, &t.a2, &order(a2, "C5", "13800000105", sku, 9, "")).await.unwrap();
    orders::transition(&db, &t.a2, cancelled, Transition::Cancel).await.unwrap();
    paid(&db, &t.a2, &t.boss, a2, "C6", "13800000106", sku, 8, 400).await;
    let c5 = customer_by_mobile(&db, &t.a2, "13800000105").await;
    crm::add_note(&db, &t.a2, c5, NoteKind::Consultation, "问了补水面膜的价格").await.unwrap();
    // The starting tags, a custom field and two rules of the boss's own.
    assert_eq!(crm::seed_default_tags(&db, app::i18n::Lang::Zh).await.unwrap(), 5, "高净值 潜力 活跃 沉睡 偏好美妆");
    crm::add_field(&db, &t.boss, "宝宝月龄", FieldKind::Number).await.unwrap();
    let c4 = customer_by_mobile(&db, &t.a2, "13800000104").await;
    let edit = app::customers::CustomerEdit {
        name: "C4".into(),
        fields: vec![app::customers::FieldInput { name: "宝宝月龄".into(), value: "8".into() }],
        ..Default::default()
    };
    crm::update_customer(&db, &t.a2, c4, &edit).await.unwrap();
    let rule = |json: &str| TagInput { name: Default::default(), rule: json.into(), id: None };
    crm::save_tag(&db, &t.boss, &TagInput { name: "咨询未下单".into(), ..rule(r#"{"cond":"consulted_no_order"}"#) }).await.unwrap();
    let baby = r#"{"cond":{"field":{"name":"宝宝月龄","test":{"number":{"between":["0","12"]}}}}}"#;
    crm::save_tag(&db, &t.boss, &TagInput { name: "0-1岁宝宝家长".into(), ..rule(baby) }).await.unwrap();
    // A rule naming an unknown field is refused with every problem listed.
    let bad = crm::save_tag(&db, &t.boss, &TagInput { name: "星座".into(), ..rule(r#"{"and":[{"cond":{"field":{"name":"星座","test":{"text_equals":"狮子"}}}}]}"#) }).await;
    assert_eq!(bad.unwrap_err(), CustomerError::BadRule { problems: vec![app::customers::logic_tags::TagError::UnknownField { at: "1".into(), name: "星座".into() }] }.into());
    let report = crm::refresh_all(&db, &t.boss).await.unwrap();
    assert_eq!(report.customers, 6);

    let rows = crm::list_customers(&db, &t.boss, &CustomerFilter::default()).await.unwrap().rows;
    let get = |name: &str| rows.iter().find(|r| r.name == name).unwrap().clone();
    let expect = [
        ("C1", Stage::Loyal, Some(Segment::ImportantValue), 3, 600_000),
        ("C2", Stage::Dormant, Some(Segment::ImportantRetain), 1, 150_000),
        ("C3", Stage::Active, Some(Segment::GeneralKeep), 2, 100_000),
        ("C4", Stage::New, Some(Segment::GeneralDevelop), 1, 30_000),
        ("C5", Stage::Prospect, None, 0, 0),
        ("C6", Stage::Churned, Some(Segment::GeneralRetain), 1, 80_000),
    ];
    for (name, stage, segment, n, fen) in expect {
        let r = get(name);
        assert_eq!((r.stage, r.segment, r.orders, r.spend.to_fen()), (stage, segment, n, fen), "{name}");
    }
    let p = crm::get_customer(&db, &t.boss, get("C1").id).await.unwrap();
    assert_eq!(p.rfm, Some((4, 5, 5)));
    assert_eq!(p.average_order.to_fen(), 200_000);
    assert!(p.tags.iter().any(|t| t.name == "高净值" && t.rule.is_some()), "an automatic tag carries its rule");
    assert_eq!(crm::get_customer(&db, &t.boss, get("C2").id).await.unwrap().rfm, Some((2, 1, 4)));
    assert_eq!(crm::get_customer(&db, &t.boss, get("C3").id).await.unwrap().rfm, Some((3, 4, 3)));
    assert_eq!(crm::get_customer(&db, &t.boss, get("C6").id).await.unwrap().rfm, Some((1, 1, 2)));
    assert_eq!(tagged(&db, &t.boss, "高净值").await, ["C1"]);
    assert_eq!(tagged(&db, &t.boss, "潜力").await, ["C3"]);
    assert_eq!(tagged(&db, &t.boss, "活跃").await, ["C1", "C3", "C4"]);
    assert_eq!(tagged(&db, &t.boss, "沉睡").await, ["C2", "C6"]);
    assert_eq!(tagged(&db, &t.boss, "偏好美妆").await, ["C1", "C2", "C3", "C4"]);
    assert_eq!(tagged(&db, &t.boss, "咨询未下单").await, ["C5"]);
    assert_eq!(tagged(&db, &t.boss, "0-1岁宝宝家长").await, ["C4"]);
    // Filters: stage and segment, and the overview's counts.
    let loyal = CustomerFilter { stage: Some(Stage::Loyal), ..Default::default() };
    assert_eq!(crm::list_customers(&db, &t.boss, &loyal).await.unwrap().rows.len(), 1);
    let o = crm::segment_overview(&db, &t.a1, None).await.unwrap();
    let retain = o.rows.iter().find(|r| r.segment == Segment::GeneralRetain).unwrap();
    assert_eq!((retain.customers, retain.spend.to_fen(), retain.customer_share.to_string()), (1, 80_000, "20".into()));
    assert_eq!(o.unscored, 1);
    assert_eq!(crm::segment_overview(&db, &t.b1, None).await.unwrap().rows.iter().map(|r| r.customers).sum::<i64>(), 0);
    // A second refresh changes nothing; the stage history has each customer's move.
    let again = crm::refresh_all(&db, &t.boss).await.unwrap();
    assert_eq!((again.stage_changes, again.tags_added, again.tags_removed), (0, 0, 0));
    let p6 = crm::get_customer(&db, &t.boss, get("C6").id).await.unwrap();
    assert_eq!(p6.stage_history[0].to, Stage::Churned);
    // The boss moves 沉睡 to 120 days: C2 (one order, 100 days ago) is no longer dormant, and
    // with exactly one order it counts as 新客 (the lifecycle precedence).
    let cfg = app::customers::LifecycleConfig { dormant_days: 120, ..Default::default() };
    crm::save_lifecycle(&db, &t.boss, &cfg).await.unwrap();
    let c2 = crm::list_customers(&db, &t.boss, &CustomerFilter { q: "13800000102".into(), ..Default::default() }).await.unwrap().rows[0].clone();
    assert_eq!(c2.stage, Stage::New, "one order only: 新客 by the precedence (exactly one order)");
    let bad_cfg = app::customers::LifecycleConfig { dormant_days: 200, ..Default::default() };
    assert_eq!(
        crm::save_lifecycle(&db, &t.boss, &bad_cfg).await.unwrap_err(),
        app::customers::logic_lifecycle::LifecycleError::DormantNotBeforeChurn { dormant_days: 200, churn_days: 180 }.into()
    );
    // Repurchase over the last 12 months: C1..C4 bought (C6's order is older); C1 and C3 twice.
    let r = crm::repurchase(&db, &t.boss, {
        let (f, _) = app::customers::logic::month_range("", "", app::time::day_of(now_ms())).unwrap();
        f
    }, app::customers::YearMonth::of_day(app::time::day_of(now_ms())))
    .await
    .unwrap();
    assert_eq!((r.team.rate.buyers, r.team.rate.repeat_buyers, r.team.rate.rate_pct.map(|d| d.to_string())), (4, 2, Some("50".into())));
    assert_eq!(r.team.months.iter().map(|m| m.new_customers).sum::<u32>(), 4);
    assert_eq!(r.agents.len(), 1);
    assert_eq!(crm::repurchase(&db, &t.warehouse, r.from, r.to).await.unwrap_err(), AppError::Forbidden);
});

fn is_used(e: &AppError) -> bool {
    matches!(e, AppError::Conflict { fault: Fault::Customers(CustomerError::Coupon { error: CouponError::AlreadyUsed { .. } }) })
}

on_both!(a_coupon_is_redeemed_once_under_concurrent_orders, |db: Db| async move {
    let t = common::team(&db).await;
    let (_, _, a2, b1) = t.ids;
    let sku = common::sku(&db, &t.boss, "100", 1000).await;
    paid(&db, &t.a2, &t.boss, a2, "王女士", "13800000201", sku, 1, 3).await;
    let c = customer_by_mobile(&db, &t.a2, "13800000201").await;
    let code = crm::issue_coupon(&db, &t.boss, c, DiscountKind::Amount, "20", "150", 30).await.unwrap();
    // Below the minimum and another customer's order: refused, coupon untouched.
    let below = orders::create_order(&db, &t.a2, &order(a2, "王女士", "13800000201", sku, 1, &code)).await.unwrap_err();
    assert_eq!(below, CouponError::BelowMinimum { min_spend_fen: 15_000, subtotal_fen: 10_000 }.into());
    let other = orders::create_order(&db, &t.a2, &order(a2, "李先生", "13800000299", sku, 2, &code)).await.unwrap_err();
    assert_eq!(other, CouponError::WrongCustomer { code: code.clone() }.into());
    let unknown = orders::create_order(&db, &t.a2, &order(a2, "王女士", "13800000201", sku, 2, "ZZZZZZZZ")).await.unwrap_err();
    assert_eq!(unknown, CouponError::BadCode { code: "ZZZZZZZZ".into() }.into());
    // Eight orders at once with the same coupon: exactly one gets the discount.
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (db, a) = (db.clone(), t.a2.clone());
        let input = order(a2, "王女士", "13800000201", sku, 2, &code);
        tasks.push(tokio::spawn(async move { orders::create_order(&db, &a, &input).await }));
    }
    let mut won = Vec::new();
    for task in tasks {
        match task.await.unwrap() {
            Ok((id, _)) => won.push(id),
            Err(e) => assert!(is_used(&e), "{e:?}"),
        }
    }
    assert_eq!(won.len(), 1);
    let o = orders::get_order(&db, &t.boss, won[0]).await.unwrap();
    assert_eq!((o.summary.total.to_fen(), o.discount.to_fen()), (18_000, 2_000));
    let p = crm::get_customer(&db, &t.a2, c).await.unwrap();
    assert_eq!(p.coupons[0].state, app::customers::CouponState::Redeemed);
    // Cancelled, the order gives the coupon back; the next order redeems it.
    orders::transition(&db, &t.a2, won[0], Transition::Cancel).await.unwrap();
    let (again, _) = orders::create_order(&db, &t.a2, &order(a2, "王女士", "13800000201", sku, 3, &code)).await.unwrap();
    assert_eq!(orders::get_order(&db, &t.boss, again).await.unwrap().summary.total.to_fen(), 28_000);
    let report = server::check::run(&db).await.unwrap();
    assert!(report.ok(), "{report}");
    let _ = b1;
});

on_both!(clashes_are_flagged_and_decided_by_the_boss, |db: Db| async move {
    let t = common::team(&db).await;
    let (_, a1, a2, b1) = t.ids;
    let sku = common::sku(&db, &t.boss, "50", 1000).await;
    paid(&db, &t.a2, &t.boss, a2, "王女士", "13800000301", sku, 1, 30).await;
    // The leader of the same line: no clash. Another line: flagged, but the order is taken.
    orders::create_order(&db, &t.a1, &order(a1, "王女士", "13800000301", sku, 1, "")).await.unwrap();
    assert!(crm::list_conflicts(&db, &t.boss).await.unwrap().is_empty());
    let (clash, _) = orders::create_order(&db, &t.b1, &order(b1, "王姐", "13800000301", sku, 2, "")).await.unwrap();
    let open = crm::list_conflicts(&db, &t.boss).await.unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!((open[0].order_id, open[0].owner_name.as_str(), open[0].agent_name.as_str()), (clash, "A2", "B1"));
    assert!(orders::get_order(&db, &t.boss, clash).await.unwrap().ownership_clash);
    // Paid before the decision: the sales aggregates follow the order to its new agent.
    orders::transition(&db, &t.boss, clash, Transition::MarkPaid).await.unwrap();
    assert_eq!(crm::list_conflicts(&db, &t.a2).await.unwrap_err(), AppError::Forbidden);
    // Keep with the first owner: the order moves to A2, one record remains (with both orders).
    crm::resolve_conflict(&db, &t.boss, open[0].id, ConflictDecision::KeepOwner).await.unwrap();
    assert_eq!(crm::resolve_conflict(&db, &t.boss, open[0].id, ConflictDecision::KeepOwner).await.unwrap_err(), AppError::NotFound);
    assert_eq!(orders::get_order(&db, &t.boss, clash).await.unwrap().agent_id, a2);
    let all = crm::list_customers(&db, &t.boss, &CustomerFilter { q: "13800000301".into(), ..Default::default() }).await.unwrap().rows;
    assert_eq!(all.len(), 2, "A1's own record (same line) and A2's");
    let owner = all.iter().find(|r| r.agent_id == a2).unwrap();
    assert_eq!(crm::get_customer(&db, &t.boss, owner.id).await.unwrap().orders.len(), 2);
    // Another clash, decided for the new agent: the record moves to B1 with its history.
    let (clash2, _) = orders::create_order(&db, &t.b1, &order(b1, "王姐", "13800000301", sku, 1, "")).await.unwrap();
    let open = crm::list_conflicts(&db, &t.boss).await.unwrap();
    assert_eq!(open[0].order_id, clash2);
    crm::resolve_conflict(&db, &t.boss, open[0].id, ConflictDecision::MoveToNew).await.unwrap();
    assert_eq!(crm::get_customer(&db, &t.a2, owner.id).await.unwrap_err(), AppError::NotFound);
    let moved = crm::get_customer(&db, &t.b1, owner.id).await.unwrap();
    assert_eq!((moved.summary.agent_id, moved.orders.len()), (b1, 3));
    let audit: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE entity = 'crm_conflict'").fetch_one(&db.pool).await.unwrap();
    assert_eq!(audit, 2);
    let report = server::check::run(&db).await.unwrap();
    assert!(report.ok(), "{report}");
});

fn csv(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text.as_bytes())
}

on_both!(import_with_bad_rows_is_all_or_nothing_and_idempotent, |db: Db| async move {
    let t = common::team(&db).await;
    let (_, _, a2, _) = t.ids;
    crm::add_field(&db, &t.boss, "肤质", FieldKind::Text).await.unwrap();
    let bad = "姓名,手机号,代理账号,微信号,标签,肤质\n王芳,13800000401,a2,wf1,VIP,油性\n,13800000402,a2,,,\n李娜,1380000,a2,,,\n赵敏,13800000404,b1,,,\n王芳,13800000401,a2,,,\n";
    let input = |data: &str, commit: bool| ImportInput { file_name: "客户.csv".into(), data: csv(data).into(), agent_id: None, commit };
    let preview = crm::import_customers(&db, &t.a1, &input(bad, false)).await.unwrap();
    let errors: Vec<(u32, String, AppError)> = preview.errors.iter().map(|e| (e.row, e.field.clone(), e.error.clone())).collect();
    assert_eq!(
        errors,
        vec![
            (3, "name".into(), CommonError::Required { field: "name".into() }.into()),
            (4, "mobile".into(), CommonError::BadMobile { field: "mobile".into() }.into()),
            (5, "agent".into(), CustomerError::AgentRequired.into()),
            (6, "mobile".into(), CustomerError::ImportDuplicateRow { first_row: 2 }.into()),
        ]
    );
    assert_eq!((preview.rows, preview.new, preview.committed), (5, 1, false));
    // All or nothing: the commit is refused and nothing was imported.
    assert_eq!(crm::import_customers(&db, &t.a1, &input(bad, true)).await.unwrap_err(), CustomerError::ImportRejected { bad_rows: 4 }.into());
    assert_eq!(crm::list_customers(&db, &t.boss, &CustomerFilter::default()).await.unwrap().rows.len(), 0);
    // Fixed, the file imports; importing it again changes nothing.
    let good = "姓名,手机号,代理账号,微信号,标签,肤质\n王芳,13800000401,a2,wf1,VIP,油性\n李娜,13800000403,a2,,,\n";
    let done = crm::import_customers(&db, &t.a1, &input(good, true)).await.unwrap();
    assert_eq!((done.new, done.updated, done.committed), (2, 0, true));
    let again = crm::import_customers(&db, &t.a1, &input(good, true)).await.unwrap();
    assert_eq!((again.new, again.updated, again.unchanged), (0, 0, 2));
    assert!(again.preview.iter().all(|r| r.action == ImportAction::Unchanged));
    let c = customer_by_mobile(&db, &t.a2, "13800000401").await;
    let p = crm::get_customer(&db, &t.a2, c).await.unwrap();
    assert_eq!((p.wechat_id.as_str(), p.summary.tags.clone(), p.fields[0].value.as_str()), ("wf1", vec!["VIP".to_string()], "油性"));
    assert_eq!(p.summary.agent_id, a2);
    // An unreadable file: a clear refusal.
    let junk = ImportInput { file_name: "x.xlsx".into(), data: csv("not a zip").into(), agent_id: None, commit: false };
    assert!(matches!(crm::import_customers(&db, &t.a1, &junk).await.unwrap_err(), AppError::Invalid { fault: Fault::Customers(CustomerError::ImportUnreadable { .. }) }));
    // Export of the filtered list re-imports as unchanged (an .xlsx round trip).
    let (name, bytes) = crm::export_customers(&db, &t.a1, &CustomerFilter::default()).await.unwrap();
    assert!(name.ends_with(".xlsx"));
    let back = ImportInput { file_name: name.into(), data: base64::engine::general_purpose::STANDARD.encode(bytes).into(), agent_id: None, commit: false };
    let r = crm::import_customers(&db, &t.a1, &back).await.unwrap();
    assert_eq!((r.unchanged, r.errors.len()), (2, 0), "{:?}", r.errors);
});

on_both!(scope_masking_and_personal_data, |db: Db| async move {
    let t = common::team(&db).await;
    let (_, _, a2, _) = t.ids;
    let sku = common::sku(&db, &t.boss, "88", 1000).await;
    let (o, _) = orders::create_order(&db, &t.a2, &order(a2, "王女士", "13800000501", sku, 1, "")).await.unwrap();
    let c = customer_by_mobile(&db, &t.a2, "13800000501").await;
    // Another line's customer answers like a missing one; the list is scoped in SQL.
    assert_eq!(crm::get_customer(&db, &t.b1, c).await.unwrap_err(), AppError::NotFound);
    assert_eq!(crm::get_customer(&db, &t.b1, CustomerId(999_999)).await.unwrap_err(), AppError::NotFound);
    assert_eq!(crm::add_note(&db, &t.b1, c, NoteKind::Other, "x").await.unwrap_err(), AppError::NotFound);
    assert!(crm::list_customers(&db, &t.b1, &CustomerFilter::default()).await.unwrap().rows.is_empty());
    assert_eq!(crm::get_customer(&db, &t.warehouse, c).await.unwrap_err(), AppError::Forbidden);
    // Finance sees the customer with the mobile masked; the owning line and the boss in full.
    assert_eq!(crm::get_customer(&db, &t.finance, c).await.unwrap().summary.mobile, "138****0501");
    assert_eq!(crm::get_customer(&db, &t.a1, c).await.unwrap().summary.mobile, "13800000501");
    // Duplicate entry by hand is refused.
    let dup = NewCustomer { agent_id: a2, name: "王".into(), mobile: "13800000501".into(), ..Default::default() };
    assert_eq!(crm::create_customer(&db, &t.a2, &dup).await.unwrap_err(), CustomerError::DuplicateMobile { mobile: "13800000501".into() }.into());
    // PIPL: the boss exports, then erases; the order keeps its money, not its recipient.
    assert_eq!(crm::export_personal_data(&db, &t.a2, c).await.unwrap_err(), AppError::Forbidden);
    let (_, bytes) = crm::export_personal_data(&db, &t.boss, c).await.unwrap();
    let json = String::from_utf8(bytes).unwrap();
    assert!(json.contains("13800000501") && json.contains("王女士"));
    crm::erase_customer(&db, &t.boss, c).await.unwrap();
    let p = crm::get_customer(&db, &t.boss, c).await.unwrap();
    assert!(p.erased && p.addresses.is_empty() && p.notes.is_empty());
    assert_eq!(p.summary.name, app::customers::service::ERASED_NAME);
    let od = orders::get_order(&db, &t.boss, o).await.unwrap();
    assert_eq!((od.summary.recipient_name.as_str(), od.summary.total.to_fen()), (app::customers::service::ERASED_NAME, 8_800));
    assert!(!od.summary.mobile.contains("13800000501") && !od.address.contains("文三路"));
    assert_eq!(crm::erase_customer(&db, &t.boss, c).await.unwrap_err(), CustomerError::Erased.into());
    assert_eq!(crm::add_note(&db, &t.a2, c, NoteKind::Other, "x").await.unwrap_err(), CustomerError::Erased.into());
    let _ = OrderStatus::ToShip;
});


on_both!(a_leavers_customers_all_move_and_duplicates_merge, |db: Db| async move {
    let t = common::team(&db).await;
    let (_, _, a2, b1) = t.ids;
    let sku = common::sku(&db, &t.boss, "30", 1000).await;
    paid(&db, &t.a2, &t.boss, a2, "甲", "13800000601", sku, 1, 10).await;
    paid(&db, &t.a2, &t.boss, a2, "乙", "13800000602", sku, 1, 10).await;
    // B1 already has 乙 (a 撞单 the boss has not decided yet).
    paid(&db, &t.b1, &t.boss, b1, "乙", "13800000602", sku, 2, 5).await;
    let note_on = customer_by_mobile(&db, &t.a2, "13800000602").await;
    crm::add_note(&db, &t.a2, note_on, NoteKind::AfterSales, "包装破损，已补发").await.unwrap();
    assert_eq!(app::auth::service::transfer_member(&db, &t.boss, a2, b1).await.unwrap(), (2, 2));
    let b1 = common::caller(&db, "b1").await;
    let rows = crm::list_customers(&db, &b1, &CustomerFilter::default()).await.unwrap().rows;
    assert_eq!(rows.len(), 2, "乙 is one record");
    let yi = rows.iter().find(|r| r.name == "乙").unwrap();
    assert_eq!((yi.orders, yi.spend.to_fen()), (2, 9_000));
    let p = crm::get_customer(&db, &b1, yi.id).await.unwrap();
    assert_eq!(p.notes[0].body, "包装破损，已补发");
    assert!(crm::list_customers(&db, &t.a2, &CustomerFilter::default()).await.unwrap().rows.is_empty());
    let audit: String = sqlx::query_scalar("SELECT detail FROM audit_log WHERE entity = 'user' AND action = 'transfer'").fetch_one(&db.pool).await.unwrap();
    assert!(audit.contains("customers=2") && audit.contains("orders=2"), "{audit}");
});

// A campaign for 沉睡 customers silent 90+ days with a ¥20 coupon (minimum ¥100), as of today:
// C1 (A2's, one ¥2,000 order 100 days ago) and C3 (B1's, 120 days ago) are picked; C2 (10 days
// ago) is not. Each owner's follow-up list shows only its own line's customer.
on_both!(a_campaign_picks_its_customers_and_follow_ups_are_finished_by_their_line, |db: Db| async move {
    let t = common::team(&db).await;
    let (_, _, a2, b1) = t.ids;
    let sku = common::sku(&db, &t.boss, "100", 1000).await;
    paid(&db, &t.a2, &t.boss, a2, "C1", "13800000201", sku, 20, 100).await;
    paid(&db, &t.a2, &t.boss, a2, "C2", "13800000202", sku, 20, 10).await;
    paid(&db, &t.b1, &t.boss, b1, "C3", "13800000203", sku, 20, 120).await;
    crm::refresh_all(&db, &t.boss).await.unwrap();
    let input = app::customers::CampaignInput {
        name: "沉睡唤醒".into(),
        stage: Some(Stage::Dormant),
        min_silent_days: 90,
        coupon_kind: Some(DiscountKind::Amount),
        coupon_value: "20".into(),
        coupon_min_spend: "100".into(),
        coupon_valid_days: 30,
        repeat_days: 30,
        active: true,
        ..Default::default()
    };
    assert_eq!(crm::save_campaign(&db, &t.a2, &input).await.unwrap_err(), AppError::Forbidden);
    let campaign = crm::save_campaign(&db, &t.boss, &input).await.unwrap();
    let run = crm::run_campaigns(&db, &t.boss).await.unwrap();
    assert_eq!((run.follow_ups, run.coupons), (2, 2));
    // Within its repeat days nobody is picked again.
    let again = crm::run_campaigns(&db, &t.boss).await.unwrap();
    assert_eq!((again.follow_ups, again.coupons), (0, 0));

    let names = |list: Vec<app::customers::FollowUpView>| list.into_iter().map(|f| f.customer_name).collect::<Vec<_>>();
    assert_eq!(names(crm::list_follow_ups(&db, &t.a2).await.unwrap()), ["C1"]);
    assert_eq!(names(crm::list_follow_ups(&db, &t.a1).await.unwrap()), ["C1"]);
    assert_eq!(names(crm::list_follow_ups(&db, &t.b1).await.unwrap()), ["C3"]);
    let mine = crm::list_follow_ups(&db, &t.a2).await.unwrap().remove(0);
    let coupon = mine.coupon.clone().expect("the campaign gives a coupon");
    assert_eq!((coupon.min_spend.to_fen(), coupon.campaign.as_deref()), (10_000, Some("沉睡唤醒")));

    // Another line cannot finish it; its owner does, once.
    assert_eq!(crm::finish_follow_up(&db, &t.b1, mine.id, app::customers::Contact::Call, "").await.unwrap_err(), AppError::NotFound);
    crm::finish_follow_up(&db, &t.a2, mine.id, app::customers::Contact::Wechat, "下周再买").await.unwrap();
    assert_eq!(crm::finish_follow_up(&db, &t.a2, mine.id, app::customers::Contact::Wechat, "").await.unwrap_err(), CommonError::Stale.into());
    let done = crm::list_follow_ups(&db, &t.a2).await.unwrap();
    assert_eq!((done.len(), done[0].done), (1, true));
    let profile = crm::get_customer(&db, &t.a2, mine.customer_id).await.unwrap();
    assert!(profile.notes.iter().any(|n| n.kind == NoteKind::FollowUp && n.body == "已微信联系：下周再买"));

    // C1 comes back with the coupon: 2 × ¥100 − ¥20; the campaign counts it once paid.
    let (o, _) = orders::create_order(&db, &t.a2, &order(a2, "C1", "13800000201", sku, 2, &coupon.code)).await.unwrap();
    orders::transition(&db, &t.boss, o, Transition::MarkPaid).await.unwrap();
    let c = crm::list_campaigns(&db, &t.boss).await.unwrap().into_iter().find(|c| c.id == campaign).unwrap();
    assert_eq!((c.follow_ups, c.follow_ups_done, c.issued, c.redeemed, c.revenue.to_fen()), (2, 1, 2, 1, 18_000));
});

/// Refund `yuan` of a shipped order through after-sales (the boss asks and approves,
/// finance refunds).
async fn refund(db: &Db, t: &common::Team, order: OrderId, yuan: &str) {
    use app::fulfil::{service as fulfil, AfterSaleAction as A, AfterSaleKind, NewAfterSale};
    let req = NewAfterSale { order_id: order.0, kind: AfterSaleKind::RefundOnly, reason: "质量问题".into(), refund: yuan.into(), lines: vec![] };
    let r = fulfil::request_after_sale(db, &t.boss, &req).await.unwrap();
    fulfil::after_sale_step(db, &t.boss, r, A::Approve).await.unwrap();
    fulfil::after_sale_step(db, &t.finance, r, A::Refund).await.unwrap();
}

on_both!(refunds_are_netted_out_of_spend_and_a_full_refund_is_no_purchase, |db: Db| async move {
    let t = common::team(&db).await;
    let a2 = t.ids.2;
    let sku = common::sku(&db, &t.boss, "100", 100).await;
    let mut ship = Vec::new();
    // C: ¥200 (20 days ago), ¥100 (10 days ago), ¥300 (5 days ago). D: ¥100 (8 days ago), ¥100 (4 days ago).
    for (mobile, qty, days) in [("13800000201", 2, 20), ("13800000201", 1, 10), ("13800000201", 3, 5), ("13800000202", 1, 8), ("13800000202", 1, 4)] {
        let id = paid(&db, &t.a2, &t.boss, a2, "顾客", mobile, sku, qty, days).await;
        orders::transition(&db, &t.warehouse, id, Transition::Ship).await.unwrap();
        ship.push(id);
    }
    let figures = |p: app::customers::CustomerProfile| (p.summary.orders, p.summary.spend.to_fen(), p.summary.last_order_at, p.first_order_at);
    let c = customer_by_mobile(&db, &t.boss, "13800000201").await;
    let d = customer_by_mobile(&db, &t.boss, "13800000202").await;
    let mut at = Vec::new();
    for id in &ship {
        at.push(orders::get_order(&db, &t.boss, *id).await.unwrap().summary.created_at);
    }
    let (c1, c2, c3, d1) = (at[0], at[1], at[2], at[3]);
    assert_eq!(figures(crm::get_customer(&db, &t.boss, c).await.unwrap()), (3, 60_000, Some(c3), Some(c1)));
    // The ¥300 order refunded in full: it no longer counts (2 orders, ¥300, last order 10 days ago).
    refund(&db, &t, ship[2], "300").await;
    assert_eq!(figures(crm::get_customer(&db, &t.boss, c).await.unwrap()), (2, 30_000, Some(c2), Some(c1)));
    // ¥50 back on the first order: still counted, spend ¥250.
    refund(&db, &t, ship[0], "50").await;
    assert_eq!(figures(crm::get_customer(&db, &t.boss, c).await.unwrap()), (2, 25_000, Some(c2), Some(c1)));
    // D's second order refunded in full: one purchase left.
    refund(&db, &t, ship[4], "100").await;
    assert_eq!(figures(crm::get_customer(&db, &t.boss, d).await.unwrap()), (1, 10_000, Some(d1), Some(d1)));
    // A full refresh gives the same figures.
    crm::refresh_all(&db, &t.boss).await.unwrap();
    assert_eq!(figures(crm::get_customer(&db, &t.boss, c).await.unwrap()), (2, 25_000, Some(c2), Some(c1)));
    assert_eq!(figures(crm::get_customer(&db, &t.boss, d).await.unwrap()), (1, 10_000, Some(d1), Some(d1)));
    // Repurchase over the last 12 months: C and D bought; only C twice (D's second order was
    // refunded in full) → 1 / 2 = 50 %.
    let today = app::time::day_of(now_ms());
    let (from, _) = app::customers::logic::month_range("", "", today).unwrap();
    let r = crm::repurchase(&db, &t.boss, from, app::customers::YearMonth::of_day(today)).await.unwrap();
    assert_eq!((r.team.rate.buyers, r.team.rate.repeat_buyers, r.team.rate.rate_pct.map(|d| d.to_string())), (2, 1, Some("50".into())));
});
