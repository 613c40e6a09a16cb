//! Offline order entry (P4) on SQLite and PostgreSQL: an order from a phone's outbox is made
//! exactly once per user and key (a repeat, two at once), a price other than the phone
//! showed, a SKU taken off sale and short stock come back as conflicts with nothing made,
//! an agent cannot order for another line, and the catalog lists only what may be sold to
//! the caller's agents.

mod common;

use app::auth::Role;
use app::error::AppError;
use app::orders::service_offline as offline;
use app::orders::{service as orders, Channel, NewOrder, NewOrderLine, OfflineOrder, OfflineOutcome, OrderError, OrderFilter, SeenPrice};
use app::state::Db;
use common::{on_hand, team};

const MOBILE: &str = "13900000077";

fn outbox(key: &str, agent: i64, lines: &[(i64, i64, i64)]) -> OfflineOrder {
    OfflineOrder {
        key: key.into(),
        order: NewOrder {
            agent_id: agent,
            customer_name: "李先生".into(),
            mobile: MOBILE.into(),
            address: "浙江省杭州市西湖区文三路 9 号".into(),
            channel: Channel::Wechat,
            lines: lines.iter().map(|&(sku_id, qty, _)| NewOrderLine { sku_id, qty }).collect(),
            coupon_code: Default::default(),
        },
        seen: lines.iter().map(|&(sku_id, _, fen)| SeenPrice { sku_id, unit_price_fen: fen }).collect(),
        entered_at: 1_764_400_000_000,
    }
}

/// Orders to [`MOBILE`] the boss sees.
async fn orders_to_mobile(db: &Db) -> usize {
    let boss = common::caller(db, "boss").await;
    let f = OrderFilter { q: MOBILE.into(), ..Default::default() };
    orders::list_orders(db, &boss, &f).await.unwrap().rows.len()
}

fn conflict(e: AppError) -> OfflineOutcome {
    use app::i18n::Lang;
    OfflineOutcome::Conflict { code: e.code(), zh: e.message(Lang::Zh), en: e.message(Lang::En) }
}

on_both!(same_key_twice_makes_one_order, |db: Db| async move {
    let t = team(&db).await;
    let sku = common::sku(&db, &t.boss, "99", 10).await;
    let input = outbox("6f1c2a9e-0000-4000-8000-000000000001", t.ids.2, &[(sku, 2, 9900)]);
    let first = offline::submit(&db, &t.a2, &input).await.unwrap();
    let OfflineOutcome::Created { id, no } = first.clone() else { panic!("created: {first:?}") };
    assert!(no.starts_with("ZG"), "{no}");
    assert_eq!(offline::submit(&db, &t.a2, &input).await.unwrap(), OfflineOutcome::Known { id, no: no.clone() });
    assert_eq!(orders_to_mobile(&db).await, 1);
    let detail = orders::get_order(&db, &t.a2, id).await.unwrap();
    assert_eq!(detail.summary.total.to_fen(), 19_800);
    assert_eq!(detail.events[0].note, "offline:1764400000000", "the history says it was entered offline, and when");
    // Reserved, not taken: 10 on hand, 2 held.
    assert_eq!(on_hand(&db, sku).await, 10);
    // Keys are per user: A1 sending A2's key makes its own order.
    let again = offline::submit(&db, &t.a1, &input).await.unwrap();
    assert!(matches!(again, OfflineOutcome::Created { id: other, .. } if other != id), "{again:?}");
    assert_eq!(orders_to_mobile(&db).await, 2);
});

on_both!(two_submissions_at_once_make_one_order, |db: Db| async move {
    let t = team(&db).await;
    let sku = common::sku(&db, &t.boss, "12.5", 10).await;
    let input = outbox("race-key-0001", t.ids.2, &[(sku, 1, 1250)]);
    let (a, b) = tokio::join!(offline::submit(&db, &t.a2, &input), offline::submit(&db, &t.a2, &input));
    let (a, b) = (a.unwrap(), b.unwrap());
    let id_of = |o: &OfflineOutcome| match o {
        OfflineOutcome::Created { id, .. } | OfflineOutcome::Known { id, .. } => *id,
        other => panic!("{other:?}"),
    };
    assert_eq!(id_of(&a), id_of(&b));
    let created = [&a, &b].iter().filter(|o| matches!(o, OfflineOutcome::Created { .. })).count();
    assert_eq!(created, 1, "{a:?} {b:?}");
    assert_eq!(orders_to_mobile(&db).await, 1);
    assert!(common::ledger_ok(&db).await);
});

on_both!(price_changed_sku_gone_and_short_stock_are_conflicts, |db: Db| async move {
    let t = team(&db).await;
    let sku = common::sku(&db, &t.boss, "99", 3).await;
    let code = "补水面膜".to_string(); // the SKU's label (no colour or size)
    // The phone showed ¥89.00; the price is ¥99.00.
    let dearer = offline::submit(&db, &t.a2, &outbox("k-price", t.ids.2, &[(sku, 1, 8900)])).await.unwrap();
    let expected = conflict(OrderError::PriceChanged { sku: code.clone(), seen_fen: 8900, now_fen: 9900 }.into());
    assert_eq!(dearer, expected);
    let OfflineOutcome::Conflict { code: c, zh, .. } = &dearer else { unreachable!() };
    assert_eq!(c, "orders.price_changed");
    assert_eq!(zh, &format!("商品「{code}」价格已变：离线时 ¥89.00，现在 ¥99.00，请与客户确认后重新下单"));
    // Short: 3 available, 5 wanted.
    let short = offline::submit(&db, &t.a2, &outbox("k-short", t.ids.2, &[(sku, 5, 9900)])).await.unwrap();
    assert_eq!(short, conflict(OrderError::StockShort { sku: code.clone(), have: 3, need: 5 }.into()));
    // Taken off sale.
    sqlx::query("UPDATE skus SET active = 0 WHERE id = $1").bind(sku).execute(&db.pool).await.unwrap();
    let gone = offline::submit(&db, &t.a2, &outbox("k-gone", t.ids.2, &[(sku, 1, 9900)])).await.unwrap();
    assert_eq!(gone, conflict(OrderError::SkuGone { sku: code.clone() }.into()));
    assert_eq!(orders_to_mobile(&db).await, 0);
    // A refused key is not used up: once the SKU is back on sale, the same item goes through.
    sqlx::query("UPDATE skus SET active = 1 WHERE id = $1").bind(sku).execute(&db.pool).await.unwrap();
    let ok = offline::submit(&db, &t.a2, &outbox("k-gone", t.ids.2, &[(sku, 1, 9900)])).await.unwrap();
    assert!(matches!(ok, OfflineOutcome::Created { .. }), "{ok:?}");
});

on_both!(no_orders_for_another_line_and_staff_may_not, |db: Db| async move {
    let t = team(&db).await;
    let sku = common::sku(&db, &t.boss, "99", 10).await;
    let input = outbox("k-other-line", t.ids.2, &[(sku, 1, 9900)]);
    // The same refusal as the order form gives B1 ordering for A2.
    let form = orders::create_order(&db, &t.b1, &input.order).await.unwrap_err();
    assert_eq!(form, OrderError::AgentRequired.into());
    assert_eq!(offline::submit(&db, &t.b1, &input).await.unwrap(), conflict(OrderError::AgentRequired.into()));
    assert_eq!(offline::submit(&db, &t.warehouse, &input).await.unwrap_err(), AppError::Forbidden);
    assert_eq!(offline::catalog(&db, &t.finance).await.unwrap_err(), AppError::Forbidden);
    let empty = OfflineOrder { key: "  ".into(), ..input.clone() };
    assert_eq!(offline::submit(&db, &t.a2, &empty).await.unwrap_err(), app::error::CommonError::Required { field: "key".into() }.into());
    assert_eq!(orders_to_mobile(&db).await, 0);
});

on_both!(catalog_lists_sellable_skus_and_the_callers_agents, |db: Db| async move {
    let t = team(&db).await;
    let (_, a1, a2, b1) = t.ids;
    let a3 = common::user(&db, "a3", Role::Agent, Some(a2)).await;
    let on_sale = common::sku(&db, &t.boss, "99", 10).await;
    let off_sale = common::sku(&db, &t.boss, "5", 0).await;
    sqlx::query("UPDATE skus SET active = 0 WHERE id = $1").bind(off_sale).execute(&db.pool).await.unwrap();
    // 2 of the 10 held by an order.
    orders::create_order(&db, &t.a2, &outbox("x", a2, &[(on_sale, 2, 9900)]).order).await.unwrap();
    // Callers signed in after A3 joined (a session's scope is read at sign-in).
    let (lead_a1, own_a2) = (common::caller(&db, "a1").await, common::caller(&db, "a2").await);
    let c = offline::catalog(&db, &own_a2).await.unwrap();
    let agents: Vec<i64> = c.agents.iter().map(|a| a.id).collect();
    assert_eq!(agents.len(), 2);
    assert!(agents.contains(&a2) && agents.contains(&a3), "{agents:?}");
    assert_eq!(c.skus.len(), 1, "only the SKU on sale");
    let s = &c.skus[0];
    assert_eq!((s.id, s.price_fen, s.available, s.product_name.as_str()), (on_sale, 9900, 8, "补水面膜"));
    assert!(c.channels.iter().any(|ch| ch.code == "wechat" && ch.zh == "微信聊天"));
    assert!(c.synced_at > 0);
    // A1 leads A2 (and A3); B1 only itself; the boss every agent.
    let lead: Vec<i64> = offline::catalog(&db, &lead_a1).await.unwrap().agents.iter().map(|a| a.id).collect();
    assert_eq!(lead.len(), 3);
    assert!(lead.contains(&a1) && lead.contains(&a2) && lead.contains(&a3));
    let other: Vec<i64> = offline::catalog(&db, &t.b1).await.unwrap().agents.iter().map(|a| a.id).collect();
    assert_eq!(other, vec![b1]);
    assert_eq!(offline::catalog(&db, &t.boss).await.unwrap().agents.len(), 4);
    // Nothing personal: the catalog's JSON has no mobile or customer in it.
    let json = serde_json::to_string(&c).unwrap();
    assert!(!json.contains(MOBILE) && !json.contains("李先生"), "{json}");
});
