//! Inventory on SQLite and PostgreSQL: the ledger invariants over random sequences of
//! every kind of movement, warehouses and order routing, purchase receipts and the average
//! cost, transfers, stocktakes, low-stock alerts with their notifications (to a local HTTP
//! receiver, claimed once by two workers), and forecasts against the seasonal-naive baseline.

mod common;

use app::auth::Caller;
use app::error::{AppError, CommonError};
use app::inventory::{
    service as inv, DocLine, Inbound, InventoryError, NewPurchaseOrder, ProductImportReport, ProductSheet, NewStocktake, NewSupplier, NewTransfer, NewWarehouse, PoReceipt,
    PurchaseStatus, StockFilter,
};
use app::orders::{service as orders, Channel, NewOrder, NewOrderLine, OrderError, Transition};
use app::imports::errors::{RowError, RowReason};
use app::state::Db;
use common::{ledger_ok, team};

fn order(agent: i64, address: &str, lines: &[(i64, i64)]) -> NewOrder {
    NewOrder {
        agent_id: agent,
        customer_name: "王女士".into(),
        mobile: "13800000002".into(),
        address: address.into(),
        channel: Channel::Wechat,
        lines: lines.iter().map(|&(sku_id, qty)| NewOrderLine { sku_id, qty }).collect(),
        coupon_code: Default::default(),
    }
}

const HANGZHOU: &str = "浙江省杭州市西湖区文三路 1 号";
const GUANGZHOU: &str = "广东省广州市天河区天河路 2 号";

/// (on hand, reserved, average cost in fen) of a SKU in a warehouse.
async fn stock(db: &Db, sku: i64, wh: i64) -> (i64, i64, i64) {
    let sys = app::auth::service::system();
    let rows = inv::all_stock(db, &sys, &StockFilter { warehouse_id: Some(wh), ..Default::default() }).await.unwrap();
    let s = rows.iter().find(|s| s.sku_id == sku).expect("sku listed");
    (s.qty, s.reserved, s.avg_cost.to_fen())
}

fn line(sku: i64, qty: i64, cost: &str) -> DocLine {
    DocLine { sku_id: sku, qty, unit_cost: cost.into() }
}

async fn main_wh(db: &Db, c: &Caller) -> i64 {
    inv::list_warehouses(db, c).await.unwrap()[0].id
}

fn invariants_hold(mismatch: (Vec<(i64, i64)>, Vec<(i64, i64)>)) -> bool {
    mismatch.0.is_empty() && mismatch.1.is_empty()
}

async fn mismatches(db: &Db) -> (Vec<(i64, i64)>, Vec<(i64, i64)>) {
    let sys = app::auth::service::system();
    (inv::ledger_mismatches(db, &sys).await.unwrap(), inv::reservation_mismatches(db, &sys).await.unwrap())
}

on_both!(orders_reserve_release_and_ship_from_their_warehouse, |db: Db| async move {
    let t = team(&db).await;
    let a2 = t.ids.2;
    let sku = common::sku(&db, &t.boss, "50", 10).await;
    let main = main_wh(&db, &t.boss).await;
    let south = inv::create_warehouse(&db, &t.boss, &NewWarehouse { name: "华南仓".into(), regions: "广东省、广西".into() }).await.unwrap();
    // An order to Hangzhou holds 3 in the 总仓; one to Guangzhou would ship from the empty 华南仓.
    let (hz, _) = orders::create_order(&db, &t.a2, &order(a2, HANGZHOU, &[(sku, 3)])).await.unwrap();
    assert_eq!(stock(&db, sku, main).await, (10, 3, 1000));
    assert_eq!(orders::get_order(&db, &t.boss, hz).await.unwrap().warehouse, (main, "总仓".to_string()));
    let e = orders::create_order(&db, &t.a2, &order(a2, GUANGZHOU, &[(sku, 1)])).await.unwrap_err();
    assert_eq!(e, OrderError::StockShort { sku: "补水面膜".into(), have: 0, need: 1 }.into());
    // Stock the branch by a transfer, then the Guangzhou order holds there.
    let tr = inv::create_transfer(&db, &t.warehouse, &NewTransfer { from_warehouse_id: main, to_warehouse_id: south, lines: vec![line(sku, 4, "")], ..Default::default() }).await.unwrap();
    inv::receive_transfer(&db, &t.warehouse, tr).await.unwrap();
    let (gz, _) = orders::create_order(&db, &t.a2, &order(a2, GUANGZHOU, &[(sku, 2)])).await.unwrap();
    assert_eq!(stock(&db, sku, south).await, (4, 2, 1000));
    // Cancelling gives the goods back; moving an order moves its reservation.
    orders::transition(&db, &t.a2, gz, Transition::Cancel).await.unwrap();
    assert_eq!(stock(&db, sku, south).await, (4, 0, 1000));
    assert_eq!(orders::change_warehouse(&db, &t.a2, hz, south).await.unwrap_err(), AppError::Forbidden);
    orders::change_warehouse(&db, &t.warehouse, hz, south).await.unwrap();
    assert_eq!((stock(&db, sku, main).await.1, stock(&db, sku, south).await.1), (0, 3));
    // Moving to a warehouse without enough is refused, nothing changed.
    let back = orders::create_order(&db, &t.a2, &order(a2, HANGZHOU, &[(sku, 2)])).await.unwrap().0;
    let e = orders::change_warehouse(&db, &t.boss, back, south).await.unwrap_err();
    assert_eq!(e, OrderError::StockShort { sku: "补水面膜".into(), have: 1, need: 2 }.into());
    assert_eq!((stock(&db, sku, main).await.1, stock(&db, sku, south).await.1), (2, 3));
    orders::transition(&db, &t.finance, hz, Transition::MarkPaid).await.unwrap();
    orders::transition(&db, &t.warehouse, hz, Transition::Ship).await.unwrap();
    assert_eq!(stock(&db, sku, south).await, (1, 0, 1000));
    // Shipped: no longer movable.
    assert_eq!(orders::change_warehouse(&db, &t.boss, hz, main).await.unwrap_err(), InventoryError::BadState.into());
    assert!(invariants_hold(mismatches(&db).await));
    assert!(ledger_ok(&db).await);
});

on_both!(purchases_are_received_in_parts_at_a_moving_average_cost, |db: Db| async move {
    let t = team(&db).await;
    // 10 on hand at ¥10.00 (the SKU's cost price).
    let sku = common::sku(&db, &t.boss, "30", 10).await;
    let main = main_wh(&db, &t.boss).await;
    let sup = inv::create_supplier(&db, &t.boss, &NewSupplier { name: "白云美妆".into(), lead_time_days: 5, ..Default::default() }).await.unwrap();
    let dup = inv::create_supplier(&db, &t.warehouse, &NewSupplier { name: "白云美妆".into(), lead_time_days: 5, ..Default::default() }).await.unwrap_err();
    assert_eq!(dup, InventoryError::NameTaken.into());
    let po = inv::create_purchase(&db, &t.boss, &NewPurchaseOrder { supplier_id: sup, lines: vec![line(sku, 30, "12.00")], ..Default::default() }).await.unwrap();
    assert_eq!(inv::create_purchase(&db, &t.a1, &NewPurchaseOrder { supplier_id: sup, lines: vec![line(sku, 1, "1")], ..Default::default() }).await.unwrap_err(), AppError::Forbidden);
    // 20 arrive: (10 × 10.00 + 20 × 12.00) / 30 = 340 / 30 = 11.333… → ¥11.33.
    let st = inv::receive_purchase(&db, &t.warehouse, &PoReceipt { po_id: po, lines: vec![line(sku, 20, "")] }).await.unwrap();
    assert_eq!(st, PurchaseStatus::Partial);
    assert_eq!(stock(&db, sku, main).await, (30, 0, 1133));
    // 11 more than the 10 still open: refused, nothing changed.
    let over = inv::receive_purchase(&db, &t.warehouse, &PoReceipt { po_id: po, lines: vec![line(sku, 11, "")] }).await.unwrap_err();
    assert_eq!(over, InventoryError::ReceiveTooMuch { sku: "补水面膜".into(), open: 10 }.into());
    assert_eq!(stock(&db, sku, main).await.0, 30);
    // The last 10: (30 × 11.33 + 10 × 12.00) / 40 = (339.90 + 120) / 40 = 11.4975 → ¥11.50.
    assert_eq!(inv::receive_purchase(&db, &t.warehouse, &PoReceipt { po_id: po, lines: vec![line(sku, 10, "")] }).await.unwrap(), PurchaseStatus::Received);
    assert_eq!(stock(&db, sku, main).await, (40, 0, 1150));
    assert_eq!(inv::receive_purchase(&db, &t.warehouse, &PoReceipt { po_id: po, lines: vec![line(sku, 1, "")] }).await.unwrap_err(), InventoryError::BadState.into());
    assert_eq!(inv::cancel_purchase(&db, &t.boss, po).await.unwrap_err(), InventoryError::BadState.into());
    // A shipment leaves at the average cost and does not move it; the ledger records it.
    let (o, _) = orders::create_order(&db, &t.a2, &order(t.ids.2, HANGZHOU, &[(sku, 4)])).await.unwrap();
    orders::transition(&db, &t.finance, o, Transition::MarkPaid).await.unwrap();
    orders::transition(&db, &t.warehouse, o, Transition::Ship).await.unwrap();
    assert_eq!(stock(&db, sku, main).await, (36, 0, 1150));
    let ledger = inv::list_ledger(&db, &t.finance, &Default::default()).await.unwrap().rows;
    assert_eq!((ledger[0].delta, ledger[0].unit_cost.to_fen(), ledger[0].ref_type.as_deref()), (-4, 1150, Some("order")));
    assert_eq!((ledger[1].delta, ledger[1].unit_cost.to_fen(), ledger[1].ref_type.as_deref()), (10, 1200, Some("purchase_order")));
    // A partly received order cancelled keeps what arrived.
    let po2 = inv::create_purchase(&db, &t.boss, &NewPurchaseOrder { supplier_id: sup, lines: vec![line(sku, 5, "10")], ..Default::default() }).await.unwrap();
    inv::receive_purchase(&db, &t.warehouse, &PoReceipt { po_id: po2, lines: vec![line(sku, 2, "")] }).await.unwrap();
    inv::cancel_purchase(&db, &t.boss, po2).await.unwrap();
    assert_eq!(inv::get_purchase(&db, &t.boss, po2).await.unwrap().status, PurchaseStatus::Received);
    assert_eq!(stock(&db, sku, main).await.0, 38);
    assert!(invariants_hold(mismatches(&db).await));
});

on_both!(transfers_go_through_transit, |db: Db| async move {
    let t = team(&db).await;
    let sku = common::sku(&db, &t.boss, "30", 10).await;
    let main = main_wh(&db, &t.boss).await;
    let south = inv::create_warehouse(&db, &t.boss, &NewWarehouse { name: "华南仓".into(), regions: "广东".into() }).await.unwrap();
    let same = NewTransfer { from_warehouse_id: main, to_warehouse_id: main, lines: vec![line(sku, 1, "")], ..Default::default() };
    assert_eq!(inv::create_transfer(&db, &t.warehouse, &same).await.unwrap_err(), InventoryError::SameWarehouse.into());
    let bad = inv::create_warehouse(&db, &t.boss, &NewWarehouse { name: "火星仓".into(), regions: "火星".into() }).await.unwrap_err();
    assert_eq!(bad, InventoryError::UnknownRegion { name: "火星".into() }.into());
    // More than is available: refused, nothing moved.
    let (_o, _) = orders::create_order(&db, &t.a2, &order(t.ids.2, HANGZHOU, &[(sku, 4)])).await.unwrap();
    let too_many = NewTransfer { from_warehouse_id: main, to_warehouse_id: south, lines: vec![line(sku, 7, "")], ..Default::default() };
    assert_eq!(inv::create_transfer(&db, &t.warehouse, &too_many).await.unwrap_err(), InventoryError::StockShort { sku: "补水面膜".into(), have: 6, need: 7 }.into());
    assert_eq!(stock(&db, sku, main).await, (10, 4, 1000));
    // 6 leave now and are in transit: in neither warehouse until received.
    let ok = NewTransfer { from_warehouse_id: main, to_warehouse_id: south, lines: vec![line(sku, 6, "")], note: "补货".into() };
    let tr = inv::create_transfer(&db, &t.warehouse, &ok).await.unwrap();
    assert_eq!(stock(&db, sku, main).await, (4, 4, 1000));
    let listed = inv::list_transfers(&db, &t.boss, true, Default::default()).await.unwrap().rows;
    assert_eq!((listed.len(), listed[0].in_transit, listed[0].lines.clone()), (1, true, vec![("补水面膜".to_string(), 6)]));
    inv::receive_transfer(&db, &t.warehouse, tr).await.unwrap();
    assert_eq!(stock(&db, sku, south).await, (6, 0, 1000));
    assert_eq!(inv::receive_transfer(&db, &t.warehouse, tr).await.unwrap_err(), InventoryError::BadState.into());
    assert_eq!(inv::receive_transfer(&db, &t.warehouse, 999_999).await.unwrap_err(), AppError::NotFound);
    assert!(inv::list_transfers(&db, &t.boss, true, Default::default()).await.unwrap().rows.is_empty());
    assert_eq!(inv::list_transfers(&db, &t.a1, false, Default::default()).await.unwrap_err(), AppError::Forbidden);
    assert!(invariants_hold(mismatches(&db).await));
});

on_both!(stocktakes_post_the_differences, |db: Db| async move {
    let t = team(&db).await;
    let a = common::sku(&db, &t.boss, "30", 10).await;
    let b = common::sku(&db, &t.boss, "40", 5).await;
    let main = main_wh(&db, &t.boss).await;
    let sheet = inv::create_stocktake(&db, &t.warehouse, &NewStocktake { warehouse_id: main, lines: vec![line(a, 8, "")], note: "月底盘点".into() }).await.unwrap();
    // Counted again later: the second count of a replaces the first; b counted too.
    inv::count_stocktake(&db, &t.warehouse, sheet, &[line(a, 7, ""), line(b, 6, "")]).await.unwrap();
    // Stock moves between counting and posting: the adjustment is against on hand at posting.
    inv::receive(&db, &t.warehouse, &Inbound { sku_id: a, qty: 1, note: Default::default(), warehouse_id: None, unit_cost: Default::default() }).await.unwrap();
    assert_eq!(inv::post_stocktake(&db, &t.warehouse, sheet).await.unwrap(), 2);
    assert_eq!(stock(&db, a, main).await.0, 7);
    assert_eq!(stock(&db, b, main).await.0, 6);
    let posted = &inv::list_stocktakes(&db, &t.boss, Default::default()).await.unwrap().rows[0];
    assert!(posted.posted);
    let lines: Vec<(i64, Option<i64>)> = posted.lines.iter().map(|l| (l.2, l.3)).collect();
    assert_eq!(lines, vec![(7, Some(11)), (6, Some(5))]);
    assert_eq!(inv::post_stocktake(&db, &t.warehouse, sheet).await.unwrap_err(), InventoryError::BadState.into());
    assert_eq!(inv::count_stocktake(&db, &t.warehouse, sheet, &[line(a, 1, "")]).await.unwrap_err(), InventoryError::BadState.into());
    assert_eq!(inv::post_stocktake(&db, &t.warehouse, 999_999).await.unwrap_err(), AppError::NotFound);
    assert_eq!(inv::create_stocktake(&db, &t.a2, &NewStocktake { warehouse_id: main, lines: vec![line(a, 1, "")], ..Default::default() }).await.unwrap_err(), AppError::Forbidden);
    let ledger = inv::list_ledger(&db, &t.boss, &app::inventory::LedgerFilter { kind: Some(app::inventory::MovementKind::Adjustment), ..Default::default() }).await.unwrap().rows;
    let deltas: Vec<i64> = ledger.iter().map(|m| m.delta).collect();
    assert_eq!(deltas, vec![1, -4]);
    assert!(invariants_hold(mismatches(&db).await));
});

on_both!(document_input_is_checked_before_anything_changes, |db: Db| async move {
    let t = team(&db).await;
    let sku = common::sku(&db, &t.boss, "30", 10).await;
    let main = main_wh(&db, &t.boss).await;
    let sup = inv::create_supplier(&db, &t.boss, &NewSupplier { name: "甲".into(), ..Default::default() }).await.unwrap();
    let po = |lines| NewPurchaseOrder { supplier_id: sup, lines, ..Default::default() };
    assert_eq!(inv::create_purchase(&db, &t.boss, &po(vec![])).await.unwrap_err(), InventoryError::NoLines.into());
    assert_eq!(inv::create_purchase(&db, &t.boss, &po(vec![line(sku, 1, "abc")])).await.unwrap_err(), CommonError::BadAmount { field: "unit_cost".into() }.into());
    assert_eq!(inv::create_purchase(&db, &t.boss, &po(vec![line(999_999, 1, "1")])).await.unwrap_err(), InventoryError::UnknownSku.into());
    let no_supplier = NewPurchaseOrder { supplier_id: 999_999, lines: vec![line(sku, 1, "1")], ..Default::default() };
    assert_eq!(inv::create_purchase(&db, &t.boss, &no_supplier).await.unwrap_err(), InventoryError::UnknownSupplier.into());
    let neg = Inbound { sku_id: sku, qty: 2, note: Default::default(), warehouse_id: Some(main), unit_cost: "-1".into() };
    assert_eq!(inv::receive(&db, &t.boss, &neg).await.unwrap_err(), CommonError::BadAmount { field: "unit_cost".into() }.into());
    assert!(inv::list_purchases(&db, &t.boss, false, Default::default()).await.unwrap().rows.is_empty());
    assert_eq!(stock(&db, sku, main).await, (10, 0, 1000));
});

// ---- the ledger against a model, over random sequences of every kind of movement ----------

/// One step of a random sequence. Indexes pick among the SKUs, warehouses and open orders.
#[derive(Clone, Debug)]
enum Op {
    Receive { sku: usize, wh: usize, qty: i64 },
    Order { sku: usize, south: bool, qty: i64 },
    Cancel { pick: usize },
    Ship { pick: usize },
    Transfer { sku: usize, from_south: bool, qty: i64, arrive: bool },
    Arrive { pick: usize },
    Count { sku: usize, wh: usize, counted: i64 },
}

fn op_strategy() -> impl proptest::strategy::Strategy<Value = Op> {
    use proptest::prelude::*;
    prop_oneof![
        3 => (0..3usize, 0..2usize, 1..15i64).prop_map(|(sku, wh, qty)| Op::Receive { sku, wh, qty }),
        4 => (0..3usize, any::<bool>(), 1..6i64).prop_map(|(sku, south, qty)| Op::Order { sku, south, qty }),
        1 => (0..8usize).prop_map(|pick| Op::Cancel { pick }),
        2 => (0..8usize).prop_map(|pick| Op::Ship { pick }),
        2 => (0..3usize, any::<bool>(), 1..8i64, any::<bool>()).prop_map(|(sku, from_south, qty, arrive)| Op::Transfer { sku, from_south, qty, arrive }),
        1 => (0..4usize).prop_map(|pick| Op::Arrive { pick }),
        1 => (0..3usize, 0..2usize, 0..20i64).prop_map(|(sku, wh, counted)| Op::Count { sku, wh, counted }),
    ]
}

// Random sequences (proptest's generator, a fixed seed) applied through the services; after
// every step on-hand and reserved per SKU and warehouse equal a model kept here by hand, the
// ledger sums equal on-hand, reservations equal the open orders' lines, and a refused step
// changed nothing.
on_both!(the_ledger_matches_a_model_over_random_movements, |db: Db| async move {
    use proptest::strategy::{Strategy, ValueTree};
    use std::collections::HashMap;
    let t = team(&db).await;
    let a2 = t.ids.2;
    let skus = [common::sku(&db, &t.boss, "10", 0).await, common::sku(&db, &t.boss, "20", 0).await, common::sku(&db, &t.boss, "30", 0).await];
    let whs = [main_wh(&db, &t.boss).await, inv::create_warehouse(&db, &t.boss, &NewWarehouse { name: "华南仓".into(), regions: "广东".into() }).await.unwrap()];
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let steps = proptest::collection::vec(op_strategy(), 40).new_tree(&mut runner).unwrap().current();
    // Model: (sku, wh) → (on hand, reserved); open orders (id, sku, wh, qty); transfers in transit.
    let mut model: HashMap<(usize, usize), (i64, i64)> = HashMap::new();
    let mut open: Vec<(app::orders::OrderId, usize, usize, i64)> = Vec::new();
    let mut transit: Vec<(i64, usize, usize, i64)> = Vec::new();
    for (n, step) in steps.iter().enumerate() {
        let at = |m: &HashMap<(usize, usize), (i64, i64)>, k: (usize, usize)| m.get(&k).copied().unwrap_or((0, 0));
        match *step {
            Op::Receive { sku, wh, qty } => {
                let input = Inbound { sku_id: skus[sku], qty, warehouse_id: Some(whs[wh]), ..Default::default() };
                inv::receive(&db, &t.warehouse, &input).await.unwrap();
                model.entry((sku, wh)).or_default().0 += qty;
            }
            Op::Order { sku, south, qty } => {
                let wh = usize::from(south);
                let (have, held) = at(&model, (sku, wh));
                let r = orders::create_order(&db, &t.a2, &order(a2, if south { GUANGZHOU } else { HANGZHOU }, &[(skus[sku], qty)])).await;
                assert_eq!(r.is_ok(), have - held >= qty, "step {n} {step:?}: {r:?}");
                if let Ok((id, _)) = r {
                    model.entry((sku, wh)).or_default().1 += qty;
                    open.push((id, sku, wh, qty));
                }
            }
            Op::Cancel { pick } if !open.is_empty() => {
                let (id, sku, wh, qty) = open.remove(pick % open.len());
                orders::transition(&db, &t.boss, id, Transition::Cancel).await.unwrap();
                model.entry((sku, wh)).or_default().1 -= qty;
            }
            Op::Ship { pick } if !open.is_empty() => {
                let i = pick % open.len();
                let (id, sku, wh, qty) = open[i];
                let _ = orders::transition(&db, &t.boss, id, Transition::MarkPaid).await;
                let r = orders::transition(&db, &t.warehouse, id, Transition::Ship).await;
                assert_eq!(r.is_ok(), at(&model, (sku, wh)).0 >= qty, "step {n} {step:?}: {r:?}");
                if r.is_ok() {
                    let e = model.entry((sku, wh)).or_default();
                    e.0 -= qty;
                    e.1 -= qty;
                    open.remove(i);
                }
            }
            Op::Transfer { sku, from_south, qty, arrive } => {
                let (from, to) = if from_south { (1, 0) } else { (0, 1) };
                let (have, held) = at(&model, (sku, from));
                let input = NewTransfer { from_warehouse_id: whs[from], to_warehouse_id: whs[to], lines: vec![line(skus[sku], qty, "")], ..Default::default() };
                let r = inv::create_transfer(&db, &t.warehouse, &input).await;
                assert_eq!(r.is_ok(), have - held >= qty, "step {n} {step:?}: {r:?}");
                if let Ok(id) = r {
                    model.entry((sku, from)).or_default().0 -= qty;
                    if arrive {
                        inv::receive_transfer(&db, &t.warehouse, id).await.unwrap();
                        model.entry((sku, to)).or_default().0 += qty;
                    } else {
                        transit.push((id, sku, to, qty));
                    }
                }
            }
            Op::Arrive { pick } if !transit.is_empty() => {
                let (id, sku, to, qty) = transit.remove(pick % transit.len());
                inv::receive_transfer(&db, &t.warehouse, id).await.unwrap();
                model.entry((sku, to)).or_default().0 += qty;
                // A transfer arrives once.
                assert_eq!(inv::receive_transfer(&db, &t.warehouse, id).await.unwrap_err(), InventoryError::BadState.into());
            }
            Op::Count { sku, wh, counted } => {
                let sheet = inv::create_stocktake(&db, &t.warehouse, &NewStocktake { warehouse_id: whs[wh], lines: vec![line(skus[sku], counted, "")], ..Default::default() }).await.unwrap();
                inv::post_stocktake(&db, &t.warehouse, sheet).await.unwrap();
                model.entry((sku, wh)).or_default().0 = counted;
            }
            _ => {}
        }
        for (s, &sku) in skus.iter().enumerate() {
            for (w, &wh) in whs.iter().enumerate() {
                let (qty, reserved, _) = stock(&db, sku, wh).await;
                assert_eq!((qty, reserved), at(&model, (s, w)), "step {n} {step:?}: SKU {s} in warehouse {w}");
            }
        }
        assert!(invariants_hold(mismatches(&db).await), "step {n} {step:?}");
    }
    assert!(ledger_ok(&db).await);
});

// ---- alerts and their notifications ---------------------------------------------------------

/// A local group robot: answers 500 to the first `fail_first` posts, then WeCom's
/// `{"errcode":0}`; keeps every body it got.
async fn robot(fail_first: usize) -> (String, std::sync::Arc<std::sync::Mutex<Vec<serde_json::Value>>>) {
    use axum::{extract::State, routing::post, Json, Router};
    use std::sync::{Arc, Mutex};
    type Got = Arc<Mutex<Vec<serde_json::Value>>>;
    let got: Got = Arc::new(Mutex::new(Vec::new()));
    let tries = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let app = Router::new()
        .route(
            "/hook",
            post(move |State((got, tries)): State<(Got, Arc<std::sync::atomic::AtomicUsize>)>, Json(v): Json<serde_json::Value>| async move {
                if tries.fetch_add(1, std::sync::atomic::Ordering::SeqCst) < fail_first {
                    return (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "busy".to_string());
                }
                got.lock().unwrap().push(v);
                (axum::http::StatusCode::OK, r#"{"errcode":0,"errmsg":"ok"}"#.to_string())
            }),
        )
        .with_state((got.clone(), tries));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, got)
}

async fn deliveries(db: &Db) -> Vec<(String, i64)> {
    sqlx::query_as("SELECT status, attempts FROM deliveries ORDER BY id").fetch_all(&db.pool).await.unwrap()
}

on_both!(an_alert_is_sent_once_per_crossing_with_retries, |db: Db| async move {
    use app::notify::{service as notify, NewNotifier, NotifierKind};
    let t = team(&db).await;
    let a2 = t.ids.2;
    let (url, got) = robot(1).await;
    notify::create(&db, &t.boss, &NewNotifier { name: "仓库群".into(), kind: NotifierKind::Wecom, url: url.as_str().into() }).await.unwrap();
    // Alert level 5, 6 in stock: an order of 1 leaves 5 (not below), the next leaves 4.
    let sku = common::sku(&db, &t.boss, "50", 6).await;
    orders::create_order(&db, &t.a2, &order(a2, HANGZHOU, &[(sku, 1)])).await.unwrap();
    assert_eq!(inv::open_alert_count(&db, &t.boss).await.unwrap(), 0);
    orders::create_order(&db, &t.a2, &order(a2, HANGZHOU, &[(sku, 1)])).await.unwrap();
    assert_eq!(inv::open_alert_count(&db, &t.boss).await.unwrap(), 1);
    // Still below: the same alert, nothing more to send.
    orders::create_order(&db, &t.a2, &order(a2, HANGZHOU, &[(sku, 1)])).await.unwrap();
    assert_eq!(inv::open_alert_count(&db, &t.boss).await.unwrap(), 1);
    assert_eq!(deliveries(&db).await, vec![("pending".to_string(), 0)]);
    // The robot fails first: retried later with backoff, then delivered once.
    let robots = server::notify::Notifiers::standard();
    assert_eq!(server::notify::deliver_due(&db, &robots).await.unwrap(), (0, 1));
    assert_eq!(server::notify::deliver_due(&db, &robots).await.unwrap(), (0, 0), "not due before its backoff");
    sqlx::query("UPDATE deliveries SET next_attempt_at = 0").execute(&db.pool).await.unwrap();
    assert_eq!(server::notify::deliver_due(&db, &robots).await.unwrap(), (1, 0));
    assert_eq!(server::notify::deliver_due(&db, &robots).await.unwrap(), (0, 0));
    assert_eq!(deliveries(&db).await, vec![("sent".to_string(), 2)]);
    {
        let got = got.lock().unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0]["msgtype"], "markdown");
        let text = got[0]["markdown"]["content"].as_str().unwrap();
        assert!(text.contains("补水面膜") && text.contains("总仓"), "{text}");
    }
    // Back above the level the alert closes; falling below again is a new crossing.
    let main = main_wh(&db, &t.boss).await;
    inv::receive(&db, &t.warehouse, &Inbound { sku_id: sku, qty: 10, warehouse_id: Some(main), ..Default::default() }).await.unwrap();
    assert_eq!(inv::open_alert_count(&db, &t.boss).await.unwrap(), 0);
    orders::create_order(&db, &t.a2, &order(a2, HANGZHOU, &[(sku, 9)])).await.unwrap();
    assert_eq!(inv::open_alert_count(&db, &t.boss).await.unwrap(), 1);
    assert_eq!(server::notify::deliver_due(&db, &robots).await.unwrap(), (1, 0));
    assert_eq!(got.lock().unwrap().len(), 2);
});

// Two workers (two servers on one database) claim at the same time: every message is sent
// exactly once.
on_both!(two_workers_send_each_message_once, |db: Db| async move {
    use app::notify::{service as notify, NewNotifier, NotifierKind};
    let t = team(&db).await;
    let a2 = t.ids.2;
    let (url, got) = robot(0).await;
    notify::create(&db, &t.boss, &NewNotifier { name: "老板群".into(), kind: NotifierKind::Wecom, url: url.as_str().into() }).await.unwrap();
    for _ in 0..12 {
        let sku = common::sku(&db, &t.boss, "50", 5).await;
        orders::create_order(&db, &t.a2, &order(a2, HANGZHOU, &[(sku, 1)])).await.unwrap();
    }
    assert_eq!(deliveries(&db).await.len(), 12);
    let robots = server::notify::Notifiers::standard();
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let (db, robots) = (db.clone(), robots.clone());
            tokio::spawn(async move {
                let mut sent = 0;
                loop {
                    let (s, f) = server::notify::deliver_due(&db, &robots).await.unwrap();
                    assert_eq!(f, 0);
                    if s == 0 {
                        return sent;
                    }
                    sent += s;
                }
            })
        })
        .collect();
    let mut total = 0;
    for w in workers {
        total += w.await.unwrap();
    }
    assert_eq!(total, 12);
    assert_eq!(got.lock().unwrap().len(), 12);
    assert!(deliveries(&db).await.iter().all(|(s, a)| s == "sent" && *a == 1));
});

fn sheet(name: &str, bytes: &[u8]) -> ProductSheet {
    use base64::Engine;
    ProductSheet { file_name: name.into(), content_b64: base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes).into() }
}

/// The catalog as the export writes it, read back: one row of cells per SKU.
async fn exported(db: &Db, c: &Caller) -> Vec<Vec<String>> {
    let bytes = inv::export_products(db, c).await.unwrap();
    let rows = app::imports::tabular::read_rows(&bytes).unwrap();
    assert_eq!(rows[0].cells[..6], ["商品名称", "分类", "SKU编码", "颜色", "尺码", "售价"].map(String::from));
    rows.into_iter().skip(1).map(|r| r.cells).collect()
}

on_both!(product_sheets_import_all_or_nothing_and_again_changes_nothing, |db: Db| async move {
    let t = team(&db).await;
    let mask = common::sku(&db, &t.boss, "20", 0).await;
    let csv = "商品名称,分类,SKU编码,颜色,尺码,售价,成本价\n\
               补水面膜,,,,,25,\n\
               蛋黄酥,糕点,DHS-6,,6枚装,39.9,18\n\
               蛋黄酥,,,,12枚装,69.9,\n";
    let file = sheet("products.csv", csv.as_bytes());
    let p = inv::preview_products(&db, &t.boss, &file).await.unwrap();
    assert_eq!((p.new_products, p.new_skus, p.updated, p.unchanged, p.errors.len()), (1, 2, 1, 0, 0));
    // Previewing changed nothing.
    let before = exported(&db, &t.boss).await;
    assert_eq!(before.len(), 1);
    assert_eq!(before[0][5], "20");

    let r = inv::import_products(&db, &t.boss, &file).await.unwrap();
    assert_eq!(r, ProductImportReport { new_products: 1, new_skus: 2, updated: 1, unchanged: 0 });
    let rows = exported(&db, &t.boss).await;
    let brief: Vec<(String, String, String, String, String)> =
        rows.iter().map(|r| (r[0].clone(), r[1].clone(), r[4].clone(), r[5].clone(), r[6].clone())).collect();
    assert_eq!(
        brief,
        vec![
            ("补水面膜".into(), "美妆".into(), "".into(), "25".into(), "10".into()),
            ("蛋黄酥".into(), "糕点".into(), "6枚装".into(), "39.9".into(), "18".into()),
            ("蛋黄酥".into(), "糕点".into(), "12枚装".into(), "69.9".into(), "0".into()),
        ]
    );
    // The mask kept its code and its alert level; the 12-pack got the grid's code for the
    // product's second size.
    assert!(rows[0][2].starts_with('P') && rows[0][2].ends_with("-0101"), "{}", rows[0][2]);
    assert_eq!(rows[1][2], "DHS-6");
    let pid = rows[2][2].trim_start_matches('P').split('-').next().unwrap().to_string();
    assert_eq!(rows[2][2], format!("P{pid}-0102"));
    assert_eq!(rows[0][9], "5");
    assert!(mask > 0);

    // The same sheet again, and the export itself: nothing changes.
    let again = inv::import_products(&db, &t.boss, &file).await.unwrap();
    assert_eq!(again, ProductImportReport { new_products: 0, new_skus: 0, updated: 0, unchanged: 3 });
    let xlsx = inv::export_products(&db, &t.boss).await.unwrap();
    let p = inv::preview_products(&db, &t.boss, &sheet("products.xlsx", &xlsx)).await.unwrap();
    assert_eq!((p.new_skus, p.updated, p.unchanged, p.errors.len(), p.rows.len()), (0, 0, 3, 0, 0));
    assert_eq!(exported(&db, &t.boss).await, rows);

    // One bad cell: the whole sheet is refused, the good row too.
    let bad = "商品名称,分类,售价\n新品A,服装,10\n新品B,服装,abc\n";
    let p = inv::preview_products(&db, &t.boss, &sheet("bad.csv", bad.as_bytes())).await.unwrap();
    assert_eq!(p.errors, vec![RowError::new(3, "售价", RowReason::BadAmount { value: "abc".into() })]);
    let e = inv::import_products(&db, &t.boss, &sheet("bad.csv", bad.as_bytes())).await.unwrap_err();
    assert_eq!(e, InventoryError::BadRows { count: 1 }.into());
    assert_eq!(exported(&db, &t.boss).await, rows);

    // Agents and finance may not; a file that is no sheet at all is refused as such.
    assert_eq!(inv::preview_products(&db, &t.a1, &file).await.unwrap_err(), AppError::Forbidden);
    let e = inv::preview_products(&db, &t.boss, &sheet("x.csv", "a,b\n1,2\n".as_bytes())).await.unwrap_err();
    assert_eq!(e.code(), "import.header_not_found");
});
