//! Fulfilment on SQLite and PostgreSQL: courier routing of new orders in rule order, the
//! override (remembered for the customer), the routing editor's validation; batch labels and
//! the picking list; tracking-number import with partial failures, stock taken per shipped
//! order, an idempotent re-run, and search by tracking number.

mod common;

use app::error::AppError;
use app::fulfil::logic_courier::{Conditions, Range, RoutingRule};
use app::fulfil::{service as fulfil, FulfilError, ImportOutcome, LabelSize, RoutingConfig, Selection, SenderAddress, ToShipFilter};
use app::orders::{service as orders, Channel, LogKind, NewOrder, NewOrderLine, OrderFilter, OrderId, OrderStatus, Transition};
use app::state::Db;
use common::{on_hand, team};

fn order(agent: i64, mobile: &str, address: &str, lines: &[(i64, i64)]) -> NewOrder {
    NewOrder {
        agent_id: agent,
        customer_name: "王女士".into(),
        mobile: mobile.into(),
        address: address.into(),
        channel: Channel::Wechat,
        lines: lines.iter().map(|&(sku_id, qty)| NewOrderLine { sku_id, qty }).collect(),
        coupon_code: Default::default(),
    }
}

fn config() -> RoutingConfig {
    let sender = SenderAddress {
        name: "王姐小店".into(),
        mobile: "13800138000".into(),
        province: "浙江省".into(),
        city: "杭州市".into(),
        district: "余杭区".into(),
        detail: "文一西路 998 号".into(),
    };
    RoutingConfig::seed(sender)
}

async fn paid(db: &Db, t: &common::Team, o: &NewOrder) -> (OrderId, String) {
    let (id, no) = orders::create_order(db, &t.a2, o).await.unwrap();
    orders::transition(db, &t.boss, id, Transition::MarkPaid).await.unwrap();
    (id, no)
}

on_both!(new_orders_get_the_courier_of_the_first_matching_rule, |db: Db| async move {
    let t = team(&db).await;
    let a2 = t.ids.2;
    let sku = common::sku(&db, &t.boss, "50", 100).await;
    fulfil::save_routing(&db, &t.boss, &config()).await.unwrap();
    let detail = |id| {
        let db = db.clone();
        let boss = t.boss.clone();
        async move { orders::get_order(&db, &boss, id).await.unwrap().courier }
    };
    // 江浙沪 → 圆通 (rule 1), 新疆 → 邮政 (rule 2, remote), 广东 → 中通 (default).
    let (hz, _) = orders::create_order(&db, &t.a2, &order(a2, "13800000001", "浙江省杭州市西湖区文三路 1 号", &[(sku, 1)])).await.unwrap();
    let c = detail(hz).await;
    assert_eq!((c.code.as_str(), c.name.as_str()), ("YTO", "圆通速递"));
    assert_eq!(c.reason_zh, "规则 1「江浙沪走圆通」：收货省份为浙江");
    let (xj, _) = orders::create_order(&db, &t.a2, &order(a2, "13800000002", "新疆维吾尔自治区乌鲁木齐市天山区 1 号", &[(sku, 1)])).await.unwrap();
    let c = detail(xj).await;
    assert_eq!((c.code.as_str(), c.reason_zh.as_str()), ("EMS", "规则 2「偏远地区走邮政」：偏远地区"));
    let (gz, _) = orders::create_order(&db, &t.a2, &order(a2, "13800000003", "广东省广州市天河区天河路 2 号", &[(sku, 1)])).await.unwrap();
    let c = detail(gz).await;
    assert_eq!((c.code.as_str(), c.reason_zh.as_str()), ("ZTO", "未命中任何规则，使用默认快递：中通快递"));
    assert_eq!(c.choices.len(), 3, "an open order offers the active couriers");

    // A heavy-parcel rule put first wins over 江浙沪 (rules apply in list order).
    let mut cfg = config();
    cfg.rules.insert(0, RoutingRule {
        name: "大件走邮政".into(),
        courier_code: "EMS".into(),
        enabled: true,
        force: false,
        when: Conditions { amount_fen: Range { min: Some(100_000), max: None }, ..Conditions::default() },
    });
    fulfil::save_routing(&db, &t.boss, &cfg).await.unwrap();
    let (big, _) = orders::create_order(&db, &t.a2, &order(a2, "13800000004", "浙江省杭州市西湖区文三路 9 号", &[(sku, 20)])).await.unwrap();
    let c = detail(big).await;
    assert_eq!((c.code.as_str(), c.reason_zh.as_str()), ("EMS", "规则 1「大件走邮政」：金额 ¥1,000.00（不少于 ¥1,000.00）"));
    let (small, _) = orders::create_order(&db, &t.a2, &order(a2, "13800000005", "浙江省杭州市西湖区文三路 9 号", &[(sku, 1)])).await.unwrap();
    assert_eq!(detail(small).await.code, "YTO");

    // Override: by the owner's line, recorded with the old courier; remembered for the customer.
    orders::set_courier(&db, &t.a1, gz, "YTO", true).await.unwrap();
    let d = orders::get_order(&db, &t.boss, gz).await.unwrap();
    assert_eq!((d.courier.code.as_str(), d.courier.reason_zh.as_str()), ("YTO", "手动改派：圆通速递"));
    let log: Vec<_> = d.log.iter().map(|g| (g.kind, g.detail.as_str(), g.old_value.as_str(), g.user_name.as_str())).collect();
    assert_eq!(log, vec![(LogKind::Courier, "YTO", "ZTO", "A1")]);
    let (again, _) = orders::create_order(&db, &t.a2, &order(a2, "13800000003", "广东省广州市天河区天河路 2 号", &[(sku, 1)])).await.unwrap();
    assert_eq!(detail(again).await.reason_zh, "客户指定快递：圆通速递");
    // Refusals: another line, an unknown courier, a finance clerk, a shipped order.
    assert_eq!(orders::set_courier(&db, &t.b1, gz, "EMS", false).await.unwrap_err(), AppError::NotFound);
    assert_eq!(orders::set_courier(&db, &t.boss, gz, "SF", false).await.unwrap_err(), FulfilError::CourierUnknown { courier: "SF".into() }.into());
    assert_eq!(orders::set_courier(&db, &t.finance, gz, "EMS", false).await.unwrap_err(), AppError::Forbidden);
    orders::transition(&db, &t.boss, hz, Transition::MarkPaid).await.unwrap();
    orders::transition(&db, &t.boss, hz, Transition::Ship).await.unwrap();
    assert_eq!(
        orders::set_courier(&db, &t.boss, hz, "EMS", false).await.unwrap_err(),
        app::orders::OrderError::BadTransition { from: OrderStatus::Shipped, action: Transition::Ship }.into()
    );
});

on_both!(routing_is_validated_and_only_the_boss_edits_it, |db: Db| async move {
    let t = team(&db).await;
    // Before the boss saves, the seed rules apply (with an empty sender).
    assert_eq!(fulfil::get_routing(&db, &t.boss).await.unwrap().default_courier, "ZTO");
    let mut cfg = config();
    cfg.rules[0].when.provinces.push("江浙沪".into());
    assert_eq!(fulfil::save_routing(&db, &t.boss, &cfg).await.unwrap_err(), FulfilError::RuleUnknownProvince { rule: 0, name: "江浙沪".into() }.into());
    assert_eq!(fulfil::save_routing(&db, &t.warehouse, &config()).await.unwrap_err(), AppError::Forbidden);
    assert_eq!(fulfil::get_routing(&db, &t.a1).await.unwrap_err(), AppError::Forbidden);
    let mut cfg = config();
    cfg.couriers[0].account = " 5710098231".into();
    cfg.couriers[0].code = "yto ".into();
    cfg.rules[0].courier_code = "yto".into();
    fulfil::save_routing(&db, &t.boss, &cfg).await.unwrap();
    let saved = fulfil::get_routing(&db, &t.boss).await.unwrap();
    assert_eq!((saved.couriers[0].code.as_str(), saved.rules[0].courier_code.as_str()), ("YTO", "YTO"));
});

on_both!(labels_and_picking_list_of_a_selection, |db: Db| async move {
    let t = team(&db).await;
    let a2 = t.ids.2;
    let (s1, s2) = (common::sku(&db, &t.boss, "50", 100).await, common::sku(&db, &t.boss, "30", 100).await);
    fulfil::save_routing(&db, &t.boss, &config()).await.unwrap();
    let (o1, n1) = paid(&db, &t, &order(a2, "13800000001", "浙江省杭州市西湖区文三路 1 号", &[(s1, 2), (s2, 1)])).await;
    let (o2, n2) = paid(&db, &t, &order(a2, "13800000002", "广东省广州市天河区天河路 2 号", &[(s1, 3)])).await;
    let (_o3, _) = paid(&db, &t, &order(a2, "13800000003", "广东省广州市天河区天河路 3 号", &[(s2, 4)])).await;
    let sel = Selection { ids: vec![o2.0, o1.0], ..Default::default() };
    let labels = fulfil::waybills(&db, &t.warehouse, &sel, LabelSize::L100x180).await.unwrap();
    let got: Vec<_> = labels.iter().map(|w| (w.order_no.as_str(), w.courier_code.as_str(), w.sender.name.as_str())).collect();
    assert_eq!(got, vec![(n1.as_str(), "YTO", "王姐小店"), (n2.as_str(), "ZTO", "王姐小店")]);
    assert_eq!(labels[0].items, "补水面膜×2，补水面膜×1");
    assert!(labels[0].barcode_svg.starts_with("<svg") && labels[0].barcode_svg.contains(&n1), "{}", labels[0].barcode_svg);
    let pick = fulfil::picking_list(&db, &t.warehouse, &sel).await.unwrap();
    assert_eq!((pick.total_qty, pick.order_count, pick.rows.len()), (6, 2, 2));
    assert_eq!(pick.rows.iter().map(|r| (r.total_qty, r.order_count)).collect::<Vec<_>>(), vec![(5, 2), (1, 1)]);
    // Everything on the filter: the three 待发货 orders; of one courier: one.
    let all = fulfil::waybills(&db, &t.boss, &Selection { all: true, ..Default::default() }, LabelSize::L76x130).await.unwrap();
    assert_eq!(all.len(), 3);
    let yto = fulfil::waybills(&db, &t.boss, &Selection { all: true, courier: Some("YTO".into()), ..Default::default() }, LabelSize::L76x130).await.unwrap();
    assert_eq!(yto.len(), 1);
    // The batch list marks nothing here (different mobiles); agents may not print; nothing ticked is refused.
    let list = fulfil::list_to_ship(&db, &t.warehouse, &ToShipFilter::default()).await.unwrap();
    assert_eq!((list.rows.len(), list.rows[0].duplicate_of.clone()), (3, None));
    assert_eq!(fulfil::waybills(&db, &t.a2, &sel, LabelSize::L100x180).await.unwrap_err(), AppError::Forbidden);
    assert_eq!(fulfil::waybills(&db, &t.boss, &Selection::default(), LabelSize::L100x180).await.unwrap_err(), FulfilError::NothingSelected.into());
    assert_eq!(fulfil::waybills(&db, &t.boss, &Selection { ids: vec![o1.0, 999_999], ..Default::default() }, LabelSize::L100x180).await.unwrap_err(), AppError::NotFound);
});

on_both!(tracking_import_ships_what_it_can_and_repeats_harmlessly, |db: Db| async move {
    let t = team(&db).await;
    let a2 = t.ids.2;
    let sku = common::sku(&db, &t.boss, "50", 10).await;
    let (o1, n1) = paid(&db, &t, &order(a2, "13800000001", "浙江省杭州市西湖区文三路 1 号", &[(sku, 2)])).await;
    let (_o2, n2) = paid(&db, &t, &order(a2, "13800000002", "浙江省杭州市西湖区文三路 2 号", &[(sku, 3)])).await;
    let (_o3, n3) = orders::create_order(&db, &t.a2, &order(a2, "13800000003", "浙江省杭州市西湖区文三路 3 号", &[(sku, 1)])).await.unwrap();
    let text = format!("订单号 运单号\n{n1} YT1000000001\nZG20990101999999 YT1000000002\n{n2} YT1000000001\n{n3} YT1000000003\n{} yt1000000004\n", n2.to_lowercase());
    let rows = fulfil::import_tracking(&db, &t.warehouse, &text).await.unwrap();
    let got: Vec<_> = rows.iter().map(|r| (r.line, r.outcome.clone())).collect();
    assert_eq!(
        got,
        vec![
            (2, ImportOutcome::Shipped),
            (3, ImportOutcome::Failed(FulfilError::UnknownOrder { order_no: "ZG20990101999999".into() }.into())),
            (4, ImportOutcome::Failed(FulfilError::TrackingUsed { tracking_no: "YT1000000001".into(), order_no: n1.clone() }.into())),
            (5, ImportOutcome::Failed(FulfilError::NotToShip { order_no: n3.clone(), status: OrderStatus::PendingPayment }.into())),
            (6, ImportOutcome::Shipped),
        ]
    );
    // Stock went out with the two shipped orders (2 + 3 of 10); the unpaid order still holds its 1.
    assert_eq!(on_hand(&db, sku).await, 5);
    assert!(common::ledger_ok(&db).await);
    // The same import again: shipped rows are unchanged, nothing moves.
    let again = fulfil::import_tracking(&db, &t.warehouse, &text).await.unwrap();
    assert_eq!(again[0].outcome, ImportOutcome::Unchanged);
    assert_eq!(again[4].outcome, ImportOutcome::Unchanged);
    assert_eq!(on_hand(&db, sku).await, 5);
    // Another number for a shipped order is refused.
    let rows = fulfil::import_tracking(&db, &t.warehouse, &format!("{n1} ZT777777")).await.unwrap();
    assert_eq!(rows[0].outcome, ImportOutcome::Failed(FulfilError::AlreadyShipped { order_no: n1.clone(), tracking_no: "YT1000000001".into() }.into()));
    // Found by its tracking number (any case); the order shows it and its log.
    let found = orders::list_orders(&db, &t.boss, &OrderFilter { q: "yt1000000001".into(), ..Default::default() }).await.unwrap();
    assert_eq!(found.rows.iter().map(|o| o.id).collect::<Vec<_>>(), vec![o1]);
    let d = orders::get_order(&db, &t.boss, o1).await.unwrap();
    assert_eq!((d.summary.status, d.courier.tracking_no.as_deref()), (OrderStatus::Shipped, Some("YT1000000001")));
    assert_eq!(d.log.iter().map(|g| (g.kind, g.detail.as_str())).collect::<Vec<_>>(), vec![(LogKind::Tracking, "YT1000000001")]);
    // A courier's xlsx file: the header row is found below a title row.
    let (_o4, n4) = paid(&db, &t, &order(a2, "13800000004", "浙江省杭州市西湖区文三路 4 号", &[(sku, 1)])).await;
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write(0, 0, "圆通速递 批量导出").unwrap();
    for (c, h) in ["序号", "运单号", "订单号"].iter().enumerate() {
        sheet.write(1, c as u16, *h).unwrap();
    }
    sheet.write(2, 0, 1).unwrap();
    sheet.write(2, 1, 75312345678_i64 as f64).unwrap();
    sheet.write(2, 2, n4.as_str()).unwrap();
    let rows = fulfil::import_tracking_file(&db, &t.warehouse, &book.save_to_buffer().unwrap()).await.unwrap();
    assert_eq!((rows[0].line, rows[0].tracking_no.as_str(), rows[0].outcome.clone()), (3, "75312345678", ImportOutcome::Shipped));
    // A GBK CSV from Chinese Excel.
    let (_o5, n5) = paid(&db, &t, &order(a2, "13800000005", "浙江省杭州市西湖区文三路 5 号", &[(sku, 1)])).await;
    let csv = format!("订单号,快递单号\r\n{n5},ZT5550001\r\n");
    let (gbk, _, _) = encoding_rs::GBK.encode(&csv);
    let rows = fulfil::import_tracking_file(&db, &t.warehouse, &gbk).await.unwrap();
    assert_eq!(rows[0].outcome, ImportOutcome::Shipped);
    assert_eq!(fulfil::import_tracking_file(&db, &t.warehouse, b"hello").await.unwrap_err(), FulfilError::ImportUnreadable.into());
    assert_eq!(fulfil::import_tracking(&db, &t.a2, "x y").await.unwrap_err(), AppError::Forbidden);
    assert_eq!(on_hand(&db, sku).await, 3);
    assert!(common::ledger_ok(&db).await);
});

on_both!(address_edits_and_notes_go_into_the_order_history, |db: Db| async move {
    let t = team(&db).await;
    let a2 = t.ids.2;
    let sku = common::sku(&db, &t.boss, "50", 10).await;
    let (id, _) = paid(&db, &t, &order(a2, "13800000001", "浙江省杭州市西湖区文三路 1 号", &[(sku, 1)])).await;
    orders::edit_address(&db, &t.a2, id, "  浙江省杭州市西湖区文三路 2 号 ").await.unwrap();
    orders::add_note(&db, &t.finance, id, "客户要求周末送").await.unwrap();
    let d = orders::get_order(&db, &t.boss, id).await.unwrap();
    assert_eq!(d.address, "浙江省杭州市西湖区文三路 2 号");
    let log: Vec<_> = d.log.iter().map(|g| (g.kind, g.detail.as_str(), g.old_value.as_str(), g.user_name.as_str())).collect();
    assert_eq!(
        log,
        vec![(LogKind::Address, "浙江省杭州市西湖区文三路 2 号", "浙江省杭州市西湖区文三路 1 号", "A2"), (LogKind::Note, "客户要求周末送", "", "MONEY")]
    );
    // Refusals: too short, another line, a blank note, after shipping.
    assert_eq!(orders::edit_address(&db, &t.a2, id, "杭州").await.unwrap_err(), app::orders::OrderError::AddressTooShort { min: 5 }.into());
    assert_eq!(orders::edit_address(&db, &t.b1, id, "浙江省杭州市西湖区文三路 3 号").await.unwrap_err(), AppError::NotFound);
    assert_eq!(orders::add_note(&db, &t.a2, id, "  ").await.unwrap_err(), app::error::CommonError::Required { field: "note".into() }.into());
    assert_eq!(orders::edit_address(&db, &t.finance, id, "浙江省杭州市西湖区文三路 3 号").await.unwrap_err(), AppError::Forbidden);
    orders::transition(&db, &t.warehouse, id, Transition::Ship).await.unwrap();
    assert_eq!(
        orders::edit_address(&db, &t.a2, id, "浙江省杭州市西湖区文三路 3 号").await.unwrap_err(),
        app::orders::OrderError::AddressLocked { status: OrderStatus::Shipped }.into()
    );
});

on_both!(after_sales_return_restores_stock_and_refunds_stay_within_what_was_paid, |db: Db| async move {
    use app::fulfil::{AfterSaleAction as A, AfterSaleKind, AfterSaleState as S, NewAfterSale, ReturnLine};
    let t = team(&db).await;
    let a2 = t.ids.2;
    let sku = common::sku(&db, &t.boss, "50", 10).await;
    // Paid ¥150.00 (3 × 50), shipped: 7 left on hand.
    let (id, _) = paid(&db, &t, &order(a2, "13800000001", "浙江省杭州市西湖区文三路 1 号", &[(sku, 3)])).await;
    let req = |kind, refund: &str, lines: Vec<ReturnLine>| NewAfterSale { order_id: id.0, kind, reason: "尺码不合适".into(), refund: refund.into(), lines };
    // Not before shipping.
    assert_eq!(
        fulfil::request_after_sale(&db, &t.a2, &req(AfterSaleKind::RefundOnly, "10", vec![])).await.unwrap_err(),
        FulfilError::AfterSaleNotShipped { status: OrderStatus::ToShip }.into()
    );
    orders::transition(&db, &t.warehouse, id, Transition::Ship).await.unwrap();
    assert_eq!(on_hand(&db, sku).await, 7);
    // More than paid is refused; so is returning more than the order has.
    assert_eq!(
        fulfil::request_after_sale(&db, &t.a2, &req(AfterSaleKind::RefundOnly, "150.01", vec![])).await.unwrap_err(),
        FulfilError::RefundOverPaid { asked_fen: 15001, left_fen: 15000 }.into()
    );
    assert_eq!(
        fulfil::request_after_sale(&db, &t.a2, &req(AfterSaleKind::Return, "50", vec![ReturnLine { sku_id: sku, qty: 4 }])).await.unwrap_err(),
        FulfilError::ReturnLineInvalid { sku_id: sku }.into()
    );
    // A return of 2 for ¥100.00: approved by the boss, received by the warehouse (stock back), refunded by finance.
    let r = fulfil::request_after_sale(&db, &t.a2, &req(AfterSaleKind::Return, "100", vec![ReturnLine { sku_id: sku, qty: 2 }])).await.unwrap();
    // Another request may only ask for what is left (¥50.00).
    assert_eq!(
        fulfil::request_after_sale(&db, &t.a2, &req(AfterSaleKind::RefundOnly, "50.01", vec![])).await.unwrap_err(),
        FulfilError::RefundOverPaid { asked_fen: 5001, left_fen: 5000 }.into()
    );
    assert_eq!(fulfil::after_sale_step(&db, &t.a2, r, A::Approve).await.unwrap_err(), AppError::Forbidden);
    assert_eq!(fulfil::after_sale_step(&db, &t.b1, r, A::Approve).await.unwrap_err(), AppError::NotFound);
    assert_eq!(fulfil::after_sale_step(&db, &t.boss, r, A::Refund).await.unwrap_err(), FulfilError::AfterSaleBadStep { state: S::Requested, action: A::Refund }.into());
    assert_eq!(fulfil::after_sale_step(&db, &t.boss, r, A::Approve).await.unwrap(), S::Approved);
    assert_eq!(fulfil::after_sale_step(&db, &t.warehouse, r, A::ReceiveReturn).await.unwrap(), S::Returned);
    assert_eq!(on_hand(&db, sku).await, 9);
    assert!(common::ledger_ok(&db).await);
    assert_eq!(fulfil::after_sale_step(&db, &t.finance, r, A::Refund).await.unwrap(), S::Refunded);
    let views = fulfil::after_sales_of_order(&db, &t.boss, id.0).await.unwrap();
    assert_eq!((views[0].state, views[0].refund.to_fen(), views[0].actions.clone()), (S::Refunded, 10000, vec![]));
    // A refund-only request for the remaining ¥50.00; one more fen is refused.
    let r2 = fulfil::request_after_sale(&db, &t.a2, &req(AfterSaleKind::RefundOnly, "50", vec![])).await.unwrap();
    fulfil::after_sale_step(&db, &t.boss, r2, A::Approve).await.unwrap();
    fulfil::after_sale_step(&db, &t.boss, r2, A::Refund).await.unwrap();
    assert_eq!(
        fulfil::request_after_sale(&db, &t.a2, &req(AfterSaleKind::RefundOnly, "0.01", vec![])).await.unwrap_err(),
        FulfilError::RefundOverPaid { asked_fen: 1, left_fen: 0 }.into()
    );
    // The refunds table, as finance and commissions read it; the order's history.
    let mut conn = db.pool.acquire().await.unwrap();
    let refunds = fulfil::refunds_of_orders(&mut conn, &[id.0]).await.unwrap();
    assert_eq!(refunds.iter().map(|r| (r.order_id, r.after_sale_id, r.amount_fen)).collect::<Vec<_>>(), vec![(id.0, Some(r), 10000), (id.0, Some(r2), 5000)]);
    let between = fulfil::refunds_between(&mut conn, refunds[0].at, refunds[1].at + 1).await.unwrap();
    assert_eq!(between, refunds);
    assert!(fulfil::refunds_between(&mut conn, 0, refunds[0].at).await.unwrap().is_empty());
    drop(conn);
    let d = orders::get_order(&db, &t.boss, id).await.unwrap();
    assert_eq!(d.log.iter().filter(|g| g.kind == LogKind::AfterSale).count(), 7);
});

on_both!(duplicates_are_found_and_a_merge_keeps_both_histories, |db: Db| async move {
    use app::orders::OrderError;
    let t = team(&db).await;
    let (a1, a2) = (t.ids.1, t.ids.2);
    let sku = common::sku(&db, &t.boss, "50", 100).await;
    let other = common::sku(&db, &t.boss, "30", 100).await;
    // A 待付款 order of A2: 2 × ¥50.
    let (first, first_no) = orders::create_order(&db, &t.a2, &order(a2, "13800000001", "浙江省杭州市西湖区文三路 1 号", &[(sku, 2)])).await.unwrap();
    orders::add_note(&db, &t.a2, first, "客户要求周末送").await.unwrap();
    // The prompt finds it by mobile (written differently) and by the address alone.
    let by_mobile = orders::duplicates(&db, &t.a2, a2, "138-0000-0001", "上海市黄浦区南京东路 100 号").await.unwrap();
    assert_eq!(by_mobile.iter().map(|d| (d.order_no.clone(), d.reason_zh.clone(), d.can_merge)).collect::<Vec<_>>(), vec![(first_no.clone(), "收货手机号相同（13800000001）".into(), true)]);
    let by_address = orders::duplicates(&db, &t.a2, a2, "13900000009", "浙江省 杭州市 西湖区 文三路 1 号").await.unwrap();
    assert_eq!(by_address.iter().map(|d| (d.order_no.clone(), d.reason_zh.clone())).collect::<Vec<_>>(), vec![(first_no.clone(), "收货地址相同".into())]);
    // For A1 entering an order of its own: found (its line), but not mergeable (another agent's order).
    assert!(!orders::duplicates(&db, &t.a1, a1, "13800000001", "").await.unwrap()[0].can_merge);
    // The other line sees nothing; the warehouse may not ask.
    assert!(orders::duplicates(&db, &t.b1, t.ids.3, "13800000001", "").await.unwrap().is_empty());
    assert_eq!(orders::duplicates(&db, &t.warehouse, a2, "13800000001", "").await.unwrap_err(), AppError::Forbidden);
    assert!(orders::duplicates(&db, &t.a2, a2, "13900000009", "广东省广州市天河区天河路 2 号").await.unwrap().is_empty());

    // The second order (1 × ¥50 + 1 × ¥30) merged into the first.
    let (second, second_no) = orders::create_order(&db, &t.a2, &order(a2, "13800000001", "浙江省杭州市西湖区文三路 1 号", &[(sku, 1), (other, 1)])).await.unwrap();
    assert_eq!(orders::merge_orders(&db, &t.b1, first, second).await.unwrap_err(), AppError::NotFound);
    assert_eq!(orders::merge_orders(&db, &t.a2, first, first).await.unwrap_err(), OrderError::MergeSelf.into());
    orders::merge_orders(&db, &t.a2, first, second).await.unwrap();
    let kept = orders::get_order(&db, &t.boss, first).await.unwrap();
    assert_eq!((kept.summary.status, kept.summary.total.to_fen()), (OrderStatus::PendingPayment, 18_000));
    let mut lines: Vec<(i64, i64)> = kept.lines.iter().map(|l| (l.sku_id, l.qty)).collect();
    lines.sort();
    let mut want = vec![(sku, 2), (sku, 1), (other, 1)];
    want.sort();
    assert_eq!(lines, want);
    // Both histories: the kept order's note and its merge entry; the merged one's creation,
    // its closing as merged, and where it went.
    let log: Vec<(LogKind, String)> = kept.log.iter().map(|g| (g.kind, g.detail.clone())).collect();
    assert_eq!(log, vec![(LogKind::Note, "客户要求周末送".into()), (LogKind::MergedFrom, format!("{second_no}（2 件，¥80.00）"))]);
    let gone = orders::get_order(&db, &t.boss, second).await.unwrap();
    assert_eq!((gone.summary.status, gone.summary.total.to_fen(), gone.lines.len()), (OrderStatus::Cancelled, 0, 0));
    assert_eq!(gone.events.iter().map(|e| (e.to_status, e.note.clone())).collect::<Vec<_>>(), vec![(OrderStatus::PendingPayment, String::new()), (OrderStatus::Cancelled, "merged".into())]);
    assert_eq!(gone.log.iter().map(|g| (g.kind, g.detail.clone())).collect::<Vec<_>>(), vec![(LogKind::MergedInto, first_no.clone())]);
    // Reserved stock, totals and aggregates still add up; paid and shipped as one parcel.
    let report = server::check::run(&db).await.unwrap();
    assert!(report.ok(), "{report}");
    paid_and_ship(&db, &t, first).await;
    assert_eq!((on_hand(&db, sku).await, on_hand(&db, other).await), (97, 99));
    // A paid order does not merge into an unpaid one, nor a shipped one at all.
    let (third, _) = orders::create_order(&db, &t.a2, &order(a2, "13800000001", "浙江省杭州市西湖区文三路 1 号", &[(sku, 1)])).await.unwrap();
    assert_eq!(orders::merge_orders(&db, &t.a2, first, third).await.unwrap_err(), OrderError::MergeNotOpen { status: OrderStatus::Shipped }.into());
    let (fourth, _) = paid(&db, &t, &order(a2, "13800000001", "浙江省杭州市西湖区文三路 1 号", &[(sku, 1)])).await;
    assert_eq!(
        orders::merge_orders(&db, &t.a2, third, fourth).await.unwrap_err(),
        OrderError::MergeStatusDiffers { keep: OrderStatus::PendingPayment, from: OrderStatus::ToShip }.into()
    );
    // The batch-shipping list marks pairs: by mobile, and by the address written otherwise.
    let (fifth, _) = paid(&db, &t, &order(a2, "13900000009", "浙江省 杭州市 西湖区 文三路 1 号", &[(sku, 1)])).await;
    let (alone, _) = paid(&db, &t, &order(a2, "13900000010", "广东省广州市天河区天河路 2 号", &[(sku, 1)])).await;
    let list = fulfil::list_to_ship(&db, &t.warehouse, &ToShipFilter::default()).await.unwrap().rows;
    let twin = |id: OrderId| list.iter().find(|r| r.id == id).unwrap().duplicate_of.is_some();
    assert_eq!((twin(fourth), twin(fifth), twin(alone)), (true, true, false));
    assert!(server::check::run(&db).await.unwrap().ok());
});

async fn paid_and_ship(db: &Db, t: &common::Team, id: OrderId) {
    orders::transition(db, &t.boss, id, Transition::MarkPaid).await.unwrap();
    orders::transition(db, &t.warehouse, id, Transition::Ship).await.unwrap();
}

on_both!(the_order_list_and_the_picking_list_export_to_xlsx, |db: Db| async move {
    use calamine::{Data, Reader};
    let t = team(&db).await;
    let a2 = t.ids.2;
    let sku = common::sku(&db, &t.boss, "50", 100).await;
    let (one, one_no) = paid(&db, &t, &order(a2, "13800000001", "浙江省杭州市西湖区文三路 1 号", &[(sku, 3)])).await;
    let (two, two_no) = paid(&db, &t, &order(a2, "13800000002", "浙江省杭州市西湖区文三路 2 号", &[(sku, 1)])).await;
    orders::create_order(&db, &t.a2, &order(a2, "13800000003", "浙江省杭州市西湖区文三路 3 号", &[(sku, 1)])).await.unwrap();
    let read = |bytes: Vec<u8>| {
        let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).unwrap();
        book.worksheet_range_at(0).unwrap().unwrap()
    };
    // The list as filtered (待发货): two orders, newest first; amounts numbers, times dates.
    let f = OrderFilter { status: Some(OrderStatus::ToShip), ..Default::default() };
    let sheet = read(orders::export_orders(&db, &t.boss, &f).await.unwrap());
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows[0][0], Data::String("订单号".into()));
    assert_eq!(rows.len(), 3);
    assert_eq!((rows[1][0].clone(), rows[1][7].clone()), (Data::String(two_no.clone()), Data::Float(50.0)));
    assert_eq!((rows[2][0].clone(), rows[2][7].clone()), (Data::String(one_no.clone()), Data::Float(150.0)));
    assert!(matches!(rows[1][1], Data::DateTime(_)), "{:?}", rows[1][1]);
    assert_eq!(rows[1][6], Data::String("待发货".into()));
    // The other line's agent exports nothing of A2's.
    assert_eq!(read(orders::export_orders(&db, &t.b1, &f).await.unwrap()).rows().count(), 1);
    // The picking list of both: one SKU, 4 pieces in 2 orders, then the totals row.
    let sel = Selection { ids: vec![one.0, two.0], all: false, courier: None };
    let sheet = read(fulfil::export_picking(&db, &t.warehouse, &sel).await.unwrap());
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows.len(), 3);
    assert_eq!((rows[1][3].clone(), rows[1][4].clone()), (Data::Float(4.0), Data::Float(2.0)));
    assert_eq!((rows[2][0].clone(), rows[2][3].clone(), rows[2][4].clone()), (Data::String("合计".into()), Data::Float(4.0), Data::Float(2.0)));
    assert_eq!(fulfil::export_picking(&db, &t.a2, &sel).await.unwrap_err(), AppError::Forbidden);
});
