//! Orders intake on SQLite and PostgreSQL: paste parser and SKU picker through the services,
//! marketplace imports from byte fixtures (GBK, tabs, ="…", bad rows, re-import), the signed
//! REST API over HTTP (signature, stale and replayed requests, idempotency, key scope), and
//! agents' share pages (attribution, honeypot, per-address limit, closed pages).

mod common;

use app::auth::Caller;
use app::error::AppError;
use app::intake::{service, service_import, service_share, ImportChoice, IntakeError, NewUpload, PreviewState, ShareOrder, SkuQuery};
use app::inventory::{Inbound, NewProduct};
use app::orders::{Channel, NewOrderLine, OrderFilter, OrderStatus};
use app::state::Db;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use base64::Engine;

/// A single-SKU product with `barcode` (the marketplaces' 商家编码) and 50 in stock.
async fn product(db: &Db, boss: &Caller, name: &str, price: &str, barcode: &str) -> i64 {
    let p = NewProduct { name: name.into(), category: "食品".into(), price: price.into(), cost: "5".into(), barcode: barcode.into(), low_stock_qty: 1, ..Default::default() };
    let sku = app::inventory::service::create_product(db, boss, &p).await.unwrap()[0];
    let inbound = Inbound { sku_id: sku, qty: 50, note: "期初".into(), warehouse_id: None, unit_cost: Default::default() };
    app::inventory::service::receive(db, boss, &inbound).await.unwrap();
    sku
}

/// Upload `bytes` in chunks as the import page does; returns the token.
async fn upload(db: &Db, caller: &Caller, name: &str, bytes: &[u8]) -> String {
    let token = service_import::start_upload(db, caller, &NewUpload { file_name: name.into(), size: bytes.len() as i64 }).await.unwrap();
    let mut offset = 0;
    for chunk in bytes.chunks(app::intake::logic::CHUNK_BYTES) {
        let b64 = base64::engine::general_purpose::STANDARD.encode(chunk);
        offset = service_import::upload_chunk(db, caller, &token, offset, &b64).await.unwrap();
    }
    assert_eq!(offset, bytes.len() as i64);
    token
}

async fn orders_of(db: &Db, caller: &Caller) -> Vec<app::orders::OrderSummary> {
    app::orders::service::list_orders(db, caller, &OrderFilter::default()).await.unwrap().rows
}

on_both!(paste_picker_and_customer_lookup, |db: Db| async move {
    let t = common::team(&db).await;
    let p = service::parse_for_order(&t.a2, "收货人：张三 电话：138-0013-8000 地址：浙江省杭州市西湖区文三路100号").await.unwrap();
    assert_eq!(
        (p.name.as_deref(), p.mobile.as_deref(), p.province.as_deref(), p.city.as_deref(), p.district.as_deref(), p.street.as_deref(), p.code.as_deref()),
        (Some("张三"), Some("13800138000"), Some("浙江省"), Some("杭州市"), Some("西湖区"), Some("文三路100号"), Some("330106"))
    );
    assert_eq!(service::parse_for_order(&t.warehouse, "张三").await.unwrap_err(), AppError::Forbidden);

    let dhs = product(&db, &t.boss, "蛋黄酥", "29.9", "6901234567892").await;
    let tea = product(&db, &t.boss, "玫瑰花茶", "39", "").await;
    // Pinyin initials, name, barcode (a scan: exact).
    let q = |q: &str, agent: Option<i64>| SkuQuery { q: q.into(), agent_id: agent };
    let hits = service::search_skus(&db, &t.a2, &q("dhs", None)).await.unwrap();
    assert_eq!(hits.iter().map(|h| (h.sku_id, h.exact)).collect::<Vec<_>>(), vec![(dhs, false)]);
    let hits = service::search_skus(&db, &t.a2, &q("花茶", None)).await.unwrap();
    assert_eq!(hits.iter().map(|h| h.sku_id).collect::<Vec<_>>(), vec![tea]);
    let hits = service::search_skus(&db, &t.a2, &q("6901234567892", None)).await.unwrap();
    assert_eq!((hits[0].sku_id, hits[0].exact, hits[0].qty, hits[0].price.to_fen()), (dhs, true, 50, 2990));
    // Another line's agent cannot look at A2's items.
    assert_eq!(service::search_skus(&db, &t.b1, &q("", Some(t.ids.2))).await.unwrap_err(), AppError::NotFound);

    // After an order, A2's recent items and its customer come first.
    let order = app::orders::NewOrder {
        agent_id: t.ids.2,
        customer_name: "王女士".into(),
        mobile: "13800000002".into(),
        address: "浙江省杭州市西湖区文三路1号".into(),
        channel: Channel::Wechat,
        lines: vec![NewOrderLine { sku_id: tea, qty: 2 }],
        coupon_code: Default::default(),
    };
    app::orders::service::create_order(&db, &t.a2, &order).await.unwrap();
    let recent = service::search_skus(&db, &t.a2, &q("", None)).await.unwrap();
    assert_eq!(recent.iter().map(|h| (h.sku_id, h.recent)).collect::<Vec<_>>(), vec![(tea, 1)]);
    let cq = |q: &str| app::intake::CustomerQuery { q: q.into(), agent_id: None };
    let found = service::find_customers(&db, &t.a1, &cq("1380000")).await.unwrap();
    assert_eq!(found.iter().map(|c| (c.name.as_str(), c.mobile.as_str())).collect::<Vec<_>>(), vec![("王女士", "13800000002")]);
    assert_eq!(service::find_customers(&db, &t.a1, &cq("王")).await.unwrap().len(), 1);
    assert!(service::find_customers(&db, &t.b1, &cq("1380000")).await.unwrap().is_empty(), "another line sees no customer of A2");
});

/// A Pinduoduo export as the merchant back office writes it: UTF-8 with BOM, numbers and
/// mobiles padded with a tab, one row per order.
use server::benches::intake::PDD_HEAD;

fn pdd_clean() -> Vec<u8> {
    let mut s = String::from("\u{feff}");
    s.push_str(PDD_HEAD);
    s.push_str("蛋黄酥 6枚装,\t240301-100000000000001,待发货,59.80,0.00,0.00,0.00,54.80,54.80,2,张三,\t13800138000,广东省,深圳市,南山区,粤海街道,科技园 科苑路15号,2024-03-01 10:00:05,2024-03-01 10:00:05,\t123,原味,\t987,DHS-6-YW,DHS,,,无售后或售后取消\n");
    s.push_str("菊花茶 100g,\t240301-100000000000002,待发货,29.00,0.00,0.00,0.00,29.00,29.00,1,王五,\t13912345678,江苏省,苏州市,姑苏区,,观前街1号,2024-03-01 12:00:00,2024-03-01 12:00:00,\t124,100g,\t988,JH-100,JH,,,无售后或售后取消\n");
    s.push_str("菊花茶 100g,\t240301-100000000000003,已收货,29.00,0.00,0.00,0.00,29.00,29.00,1,赵六,\t13700137000,江苏省,苏州市,姑苏区,,观前街2号,2024-03-01 13:00:00,2024-03-01 13:00:00,\t124,100g,\t988,JH-100,JH,,,无售后或售后取消\n");
    s.into_bytes()
}

on_both!(pinduoduo_import_previews_commits_and_reimports_nothing, |db: Db| async move {
    let t = common::team(&db).await;
    let dhs = product(&db, &t.boss, "蛋黄酥", "29.9", "DHS-6-YW").await;
    let jh = product(&db, &t.boss, "菊花茶", "29", "JH-100").await;
    let choice = |token: String| ImportChoice { token: token.into(), agent_id: t.ids.2, ..Default::default() };
    let token = upload(&db, &t.a1, "pdd.csv", &pdd_clean()).await;
    let p = service_import::preview(&db, &t.a1, &choice(token.clone())).await.unwrap();
    assert_eq!((p.channel, p.rows, p.new_orders, p.known, p.skipped, p.can_commit), (Channel::Pinduoduo, 3, 2, 0, 1, true));
    assert_eq!(p.orders.iter().map(|o| (o.external_no.as_str(), o.state)).collect::<Vec<_>>(), vec![
        ("240301-100000000000001", PreviewState::NewPaid),
        ("240301-100000000000002", PreviewState::NewPaid),
        ("240301-100000000000003", PreviewState::Skipped),
    ]);
    // At the file's unit prices (商品总价 ÷ 数量): 2 × 29.90 + 29.00; the buyer paid 54.80 for the first.
    assert_eq!((p.total.to_fen(), p.orders[0].paid.map(|m| m.to_fen())), (8880, Some(5480)));
    // Another line can neither import into A2 nor use A1's upload.
    assert_eq!(service_import::preview(&db, &t.b1, &choice(token.clone())).await.unwrap_err(), app::orders::OrderError::AgentRequired.into());
    let own = ImportChoice { agent_id: t.ids.3, ..choice(token.clone()) };
    assert_eq!(service_import::preview(&db, &t.b1, &own).await.unwrap_err(), IntakeError::UploadGone.into());
    // B1's line already has a customer with 张三's mobile.
    let other = app::customers::NewCustomer { agent_id: t.ids.3, name: "张先生".into(), mobile: "13800138000".into(), ..Default::default() };
    app::customers::service::create_customer(&db, &t.boss, &other).await.unwrap();
    let r = service_import::commit(&db, &t.a1, &choice(token.clone())).await.unwrap();
    assert_eq!((r.created, r.known, r.skipped, r.total.to_fen()), (2, 0, 1, 8880));
    // Imported orders get what a typed-in order gets: stock reserved, the buyer recorded as
    // A2's customer with figures and address book, the 撞单 with B1's customer flagged, the
    // dashboard aggregates moved.
    let stock = app::inventory::service::sku_choices(&db, &t.boss).await.unwrap();
    let reserved = |sku: i64| stock.iter().find(|s| s.sku_id == sku).map(|s| s.reserved);
    assert_eq!((reserved(dhs), reserved(jh)), (Some(2), Some(1)));
    let sys = app::auth::service::system();
    assert_eq!(app::inventory::service::reservation_mismatches(&db, &sys).await.unwrap(), vec![]);
    assert_eq!(app::dashboard::service::mismatches(&db, &sys).await.unwrap(), 0);
    let customers = app::customers::service::list_customers(&db, &t.boss, &Default::default()).await.unwrap().rows;
    let zhang = customers.iter().find(|c| c.name == "张三").unwrap();
    assert_eq!((zhang.agent_id, zhang.orders, zhang.spend.to_fen(), zhang.stage), (t.ids.2, 1, 5980, app::customers::Stage::New));
    let book = app::customers::service::get_customer(&db, &t.boss, zhang.id).await.unwrap().addresses;
    assert_eq!((book.len(), book[0].is_default, book[0].address.ends_with("科苑路15号")), (1, true, true), "{book:?}");
    let clashes = app::customers::service::list_conflicts(&db, &t.boss).await.unwrap();
    assert_eq!(clashes.iter().map(|c| (c.customer_name.as_str(), c.owner_name.as_str())).collect::<Vec<_>>(), vec![("张三", "B1")]);
    let orders = orders_of(&db, &t.a2).await;
    let mut got: Vec<(String, Channel, OrderStatus, i64)> = orders.iter().map(|o| (o.recipient_name.clone(), o.channel, o.status, o.total.to_fen())).collect();
    got.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(got, vec![
        ("张三".to_string(), Channel::Pinduoduo, OrderStatus::ToShip, 5980),
        ("王五".to_string(), Channel::Pinduoduo, OrderStatus::ToShip, 2900),
    ]);
    // Routed as a typed-in order is: 江苏 → 圆通 by the 江浙沪 rule, 广东 → 中通 by default.
    let mut couriers = Vec::new();
    for o in &orders {
        let d = app::orders::service::get_order(&db, &t.a2, o.id).await.unwrap();
        couriers.push((o.recipient_name.clone(), d.courier.code, d.courier.reason_zh.is_empty()));
    }
    couriers.sort();
    assert_eq!(couriers, vec![("张三".to_string(), "ZTO".to_string(), false), ("王五".to_string(), "YTO".to_string(), false)]);
    assert_eq!((common::on_hand(&db, dhs).await, common::on_hand(&db, jh).await), (50, 50), "reserved, not shipped");
    // The same file again: everything known, nothing created.
    let token = upload(&db, &t.a1, "pdd.csv", &pdd_clean()).await;
    let p = service_import::preview(&db, &t.a1, &choice(token.clone())).await.unwrap();
    assert_eq!((p.new_orders, p.known, p.skipped), (0, 2, 1));
    assert_eq!(service_import::commit(&db, &t.a1, &choice(token)).await.unwrap_err(), IntakeError::NothingToImport.into());
    assert_eq!(orders_of(&db, &t.a2).await.len(), 2);
});

on_both!(bad_rows_and_unknown_codes_block_the_whole_file, |db: Db| async move {
    let t = common::team(&db).await;
    for (name, code) in [("蛋黄酥", "DHS-6-YW"), ("菊花茶", "JH-100"), ("试吃装", "SC-3")] {
        product(&db, &t.boss, name, "10", code).await;
    }
    let bytes = std::fs::read("tests/fixtures/orders/pdd_orders.csv").unwrap();
    let token = upload(&db, &t.boss, "pdd_orders.csv", &bytes).await;
    let choice = ImportChoice { token: token.into(), agent_id: t.ids.2, ..Default::default() };
    let p = service_import::preview(&db, &t.boss, &choice).await.unwrap();
    let problems: Vec<(u32, &str, &str)> = p.problems.iter().map(|e| (e.row, e.field.as_str(), e.code.as_str())).collect();
    assert_eq!(problems, vec![(4, "手机", "mobile_masked"), (5, "商品数量(件)", "bad_qty"), (7, "订单号", "missing_value")]);
    // 玫瑰花茶 has no SKU-level code: the goods-level one (MG) is tried and matches nothing.
    let unknown: Vec<(&str, &str)> = p.unknown_skus.iter().map(|u| (u.code.as_str(), u.title.as_str())).collect();
    assert_eq!(unknown, vec![("MG", "玫瑰花茶 250g")]);
    assert!(!p.can_commit);
    assert_eq!(service_import::commit(&db, &t.boss, &choice).await.unwrap_err(), IntakeError::BadRows { count: 3 }.into());
    assert!(orders_of(&db, &t.boss).await.is_empty(), "all or nothing");
});

on_both!(taobao_gbk_report_is_read_with_its_quirks, |db: Db| async move {
    let t = common::team(&db).await;
    let bytes = std::fs::read("tests/fixtures/orders/taobao_orders_gbk.csv").unwrap();
    assert!(std::str::from_utf8(&bytes).is_err(), "the fixture is GBK");
    let token = upload(&db, &t.boss, "ExportOrderList.csv", &bytes).await;
    let choice = ImportChoice { token: token.into(), agent_id: t.ids.2, ..Default::default() };
    let p = service_import::preview(&db, &t.boss, &choice).await.unwrap();
    assert_eq!(p.channel, Channel::Taobao);
    // ="…" order numbers, '-prefixed mobiles, addresses with spaces between levels.
    let first = p.orders.iter().find(|o| o.external_no == "1930679858170647").unwrap();
    assert_eq!((first.recipient_name.as_str(), first.mobile.as_str()), ("马慧", "18618486065"));
    // The postcode in brackets goes, runs of spaces become one.
    assert_eq!(first.address, "吉林省 通化市 柳河县 柳河镇紫御府 七号楼 3单元 201室");
    let problems: Vec<(u32, &str, &str)> = p.problems.iter().map(|e| (e.row, e.field.as_str(), e.code.as_str())).collect();
    assert_eq!(problems, vec![(4, "联系手机", "mobile_masked"), (5, "买家实际支付金额", "bad_amount"), (6, "订单创建时间", "bad_time"), (7, "联系电话", "bad_mobile")]);
    assert!(!p.can_commit);
});

// ---- REST API over HTTP ----

fn router(db: &Db) -> Router {
    let options = leptos::config::LeptosOptions::builder().output_name("zhanggui").site_root("target/site").build();
    server::web::router(db.clone(), options, common::settings(), server::security::Security::default())
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, serde_json::Value) {
    let res = tower::ServiceExt::oneshot(app.clone(), req).await.unwrap();
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap();
    (status, serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null))
}

/// A request signed at `ts` (epoch seconds) with `secret`, optionally with an Idempotency-Key.
fn req(method: &str, path: &str, body: &str, key: &(String, String), ts: i64, idem: Option<&str>) -> Request<Body> {
    let sig = app::intake::service_api::sign(&key.1, method, path, &ts.to_string(), body.as_bytes());
    let mut b = Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json")
        .header("X-ZG-Key", key.0.as_str())
        .header("X-ZG-Timestamp", ts.to_string())
        .header("X-ZG-Signature", sig);
    if let Some(k) = idem {
        b = b.header("Idempotency-Key", k);
    }
    b.body(Body::from(body.to_string())).unwrap()
}

fn now_s() -> i64 {
    app::time::now_ms() / 1000
}

on_both!(api_signatures_replays_idempotency_and_scope, |db: Db| async move {
    let t = common::team(&db).await;
    product(&db, &t.boss, "蛋黄酥", "29.9", "DHS-6-YW").await;
    let a1_key = app::auth::service::create_api_key(&db, &t.boss, "A1 小程序", Some(t.ids.1)).await.unwrap();
    let b1_key = app::auth::service::create_api_key(&db, &t.boss, "B1 小程序", Some(t.ids.3)).await.unwrap();
    let app = router(&db);
    let body = format!(r#"{{"agent_id":{},"external_no":"MP-1","recipient_name":"王女士","mobile":"+86 138-0000-0002","address":"浙江省杭州市西湖区文三路1号","items":[{{"sku_code":"dhs-6-yw","qty":2}}]}}"#, t.ids.2);

    // A wrong secret, a stale timestamp, a missing key.
    let wrong = (a1_key.0.clone(), "not-the-secret".to_string());
    let (s, e) = send(&app, req("POST", "/api/v1/orders", &body, &wrong, now_s(), None)).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("intake.bad_signature")));
    let (s, e) = send(&app, req("POST", "/api/v1/orders", &body, &a1_key, now_s() - 301, None)).await;
    assert_eq!((s, e["code"].as_str(), e["params"]["max_skew_secs"].as_i64()), (StatusCode::UNAUTHORIZED, Some("intake.stale_timestamp"), Some(300)));
    let unknown = ("zk_0000000000000000".to_string(), a1_key.1.clone());
    let (s, e) = send(&app, req("GET", "/api/v1/orders", "", &unknown, now_s(), None)).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("unauthenticated")));
    assert!(orders_of(&db, &t.boss).await.is_empty());

    // Created once with an Idempotency-Key; a re-signed retry gets the same answer.
    let ts = now_s();
    let (s, first) = send(&app, req("POST", "/api/v1/orders", &body, &a1_key, ts, Some("retry-1"))).await;
    assert_eq!(s, StatusCode::CREATED, "{first}");
    assert_eq!((first["created"].as_bool(), first["order"]["total"].as_str(), first["order"]["channel"].as_str()), (Some(true), Some("59.80"), Some("mini_program")));
    assert_eq!(first["order"]["items"][0]["qty"].as_i64(), Some(2));
    // The same signed request again: a replay.
    let (s, e) = send(&app, req("POST", "/api/v1/orders", &body, &a1_key, ts, Some("retry-1"))).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("intake.replayed")));
    let (s, again) = send(&app, req("POST", "/api/v1/orders", &body, &a1_key, ts + 1, Some("retry-1"))).await;
    assert_eq!((s, &again), (StatusCode::CREATED, &first));
    // The key with another body: refused.
    let other = body.replace("\"qty\":2", "\"qty\":3");
    let (s, e) = send(&app, req("POST", "/api/v1/orders", &other, &a1_key, ts + 2, Some("retry-1"))).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::CONFLICT, Some("intake.idempotency_mismatch")));
    // Without the key, the channel's external number finds the order.
    let (s, known) = send(&app, req("POST", "/api/v1/orders", &body, &a1_key, ts + 3, None)).await;
    assert_eq!((s, known["created"].as_bool(), &known["order"]["id"]), (StatusCode::OK, Some(false), &first["order"]["id"]));
    assert_eq!(orders_of(&db, &t.boss).await.len(), 1);

    // Scope: B1's key cannot order for A2 nor read A2's order.
    let (s, e) = send(&app, req("POST", "/api/v1/orders", &body.replace("MP-1", "MP-2"), &b1_key, now_s(), None)).await;
    assert_eq!((s, e["code"].as_str(), e["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("orders.agent_required"), Some("agent_id")));
    let id = first["order"]["id"].as_i64().unwrap();
    let (s, _) = send(&app, req("GET", &format!("/api/v1/orders/{id}"), "", &b1_key, now_s(), None)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, page) = send(&app, req("GET", "/api/v1/orders", "", &b1_key, now_s(), None)).await;
    assert_eq!((s, page["orders"].as_array().map(Vec::len)), (StatusCode::OK, Some(0)));
    let (s, page) = send(&app, req("GET", "/api/v1/orders", "", &a1_key, now_s(), None)).await;
    assert_eq!((s, page["orders"][0]["order_no"].as_str()), (StatusCode::OK, first["order"]["order_no"].as_str()));
    // A bad item and stock: stable codes, nothing created.
    let bad = body.replace("MP-1", "MP-3").replace("dhs-6-yw", "NOPE");
    let (s, e) = send(&app, req("POST", "/api/v1/orders", &bad, &a1_key, now_s(), None)).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("orders.unknown_item")));
    let big = body.replace("MP-1", "MP-4").replace("\"qty\":2", "\"qty\":999");
    let (s, e) = send(&app, req("POST", "/api/v1/orders", &big, &a1_key, now_s(), None)).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::CONFLICT, Some("orders.stock_short")));
    assert_eq!(orders_of(&db, &t.boss).await.len(), 1);
    // The address parser.
    let (s, a) = send(&app, req("POST", "/api/v1/address/parse", r#"{"text":"北京朝阳区建国路88号 李四 010-85551234"}"#, &a1_key, now_s(), None)).await;
    assert_eq!(s, StatusCode::OK, "{a}");
    assert_eq!((a["name"].as_str(), a["phone"].as_str(), a["province"].as_str(), a["district"].as_str(), a["mobile"].as_str()), (Some("李四"), Some("010-85551234"), Some("北京市"), Some("朝阳区"), None));
    // A revoked key stops working.
    let keys = app::auth::service::list_api_keys(&db, &t.boss).await.unwrap();
    let row = keys.iter().find(|k| k.key_id == a1_key.0).unwrap().id;
    app::auth::service::revoke_api_key(&db, &t.boss, row).await.unwrap();
    let (s, _) = send(&app, req("GET", "/api/v1/orders", "", &a1_key, now_s() + 1, None)).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
});

on_both!(share_page_orders_land_with_the_agent, |db: Db| async move {
    let t = common::team(&db).await;
    let sku = product(&db, &t.boss, "蛋黄酥", "29.9", "").await;
    let page = service_share::admin(&db, &t.a2, None).await.unwrap();
    assert_eq!((page.agent_id, page.path.clone(), page.active), (t.ids.2, format!("/s/{}", page.code), true));
    // The other line cannot manage it; the leader can.
    assert_eq!(service_share::admin(&db, &t.b1, Some(t.ids.2)).await.unwrap_err(), AppError::NotFound);
    assert_eq!(service_share::admin(&db, &t.a1, Some(t.ids.2)).await.unwrap().code, page.code);
    let view = service_share::public_view(&db, &page.code, "10.0.0.9").await.unwrap();
    assert_eq!((view.agent_name.as_str(), view.products.len(), view.products[0].skus[0].sku_id), ("A2", 1, sku));
    let order = |name: &str, website: &str| ShareOrder {
        code: page.code.as_str().into(),
        name: name.into(),
        mobile: "13900139000".into(),
        address: "广东省广州市天河区体育西路1号".into(),
        note: "".into(),
        lines: vec![NewOrderLine { sku_id: sku, qty: 2 }],
        website: website.into(),
    };
    let r = service_share::place_order(&db, &order("李四", ""), "10.0.0.9").await.unwrap();
    assert_eq!(r.total.to_fen(), 5980);
    let seen = orders_of(&db, &t.a2).await;
    assert_eq!(seen.iter().map(|o| (o.order_no.as_str(), o.channel, o.status, o.agent_name.as_str())).collect::<Vec<_>>(), vec![(r.order_no.as_str(), Channel::Moments, OrderStatus::PendingPayment, "A2")]);
    assert!(orders_of(&db, &t.b1).await.is_empty());
    // The honeypot, the hourly limit per address (5), a closed page.
    assert_eq!(service_share::place_order(&db, &order("Bot", "http://spam"), "10.0.0.9").await.unwrap_err(), IntakeError::SpamSuspected.into());
    for _ in 0..4 {
        service_share::place_order(&db, &order("李四", ""), "10.0.0.9").await.unwrap();
    }
    assert!(matches!(service_share::place_order(&db, &order("李四", ""), "10.0.0.9").await.unwrap_err(), AppError::TooManyAttempts { .. }));
    service_share::place_order(&db, &order("李四", ""), "10.0.0.10").await.unwrap();
    service_share::set_active(&db, &t.a2, None, false).await.unwrap();
    assert_eq!(service_share::public_view(&db, &page.code, "10.0.0.11").await.unwrap_err(), AppError::NotFound);
    assert_eq!(service_share::place_order(&db, &order("李四", ""), "10.0.0.11").await.unwrap_err(), AppError::NotFound);
    // The poster carries the page's link in its QR code and the price.
    service_share::set_active(&db, &t.a2, None, true).await.unwrap();
    let svg = service_share::poster(&db, &page.code, view.products[0].product_id, "https://shop.example", "10.0.0.11").await.unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("29.90") && svg.contains("蛋黄酥"), "{}", &svg[..200.min(svg.len())]);
    assert_eq!(orders_of(&db, &t.a2).await.len(), 6);
});

/// The speed figure of README "Orders intake": a 10,000-row Pinduoduo export (one order per
/// row, 3 SKUs) uploaded, previewed and committed on SQLite. Run with
/// `cargo test -p server --release --test intake ten_thousand -- --ignored --nocapture`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore]
async fn ten_thousand_row_import() {
    let t = common::sqlite().await;
    let db = t.db.clone();
    let team = common::team(&db).await;
    let codes = ["DHS-6-YW", "JH-100", "MG-250"];
    for (i, code) in codes.iter().enumerate() {
        let p = NewProduct { name: format!("商品{i}").as_str().into(), category: "食品".into(), price: "10".into(), cost: "5".into(), barcode: (*code).into(), low_stock_qty: 1, ..Default::default() };
        let sku = app::inventory::service::create_product(&db, &team.boss, &p).await.unwrap()[0];
        let inbound = Inbound { sku_id: sku, qty: 100_000, note: "期初".into(), warehouse_id: None, unit_cost: Default::default() };
        app::inventory::service::receive(&db, &team.boss, &inbound).await.unwrap();
    }
    let mut csv = String::from("\u{feff}");
    csv.push_str(PDD_HEAD);
    for i in 0..10_000 {
        let code = codes[i % 3];
        csv.push_str(&format!(
            "商品,\t260301-{i:015},待发货,20.00,0.00,0.00,0.00,20.00,20.00,2,顾客{i},\t1380000{:04},浙江省,杭州市,西湖区,,文三路{i}号,2024-03-01 10:00:05,2024-03-01 10:00:05,\t1,默认,\t1,{code},,,,无售后或售后取消\n",
            i % 10_000
        ));
    }
    let bytes = csv.into_bytes();
    let started = std::time::Instant::now();
    let token = upload(&db, &team.boss, "big.csv", &bytes).await;
    let uploaded = started.elapsed();
    let choice = ImportChoice { token: token.into(), agent_id: team.ids.2, ..Default::default() };
    let p = service_import::preview(&db, &team.boss, &choice).await.unwrap();
    let previewed = started.elapsed();
    assert_eq!((p.new_orders, p.can_commit), (10_000, true));
    let r = service_import::commit(&db, &team.boss, &choice).await.unwrap();
    let done = started.elapsed();
    assert_eq!(r.created, 10_000);
    println!(
        "10,000 rows, {} KB: upload {:.2} s, preview {:.2} s, commit {:.2} s, total {:.2} s",
        bytes.len() / 1024,
        uploaded.as_secs_f64(),
        (previewed - uploaded).as_secs_f64(),
        (done - previewed).as_secs_f64(),
        done.as_secs_f64()
    );
    t.finish().await;
}

on_both!(taobao_order_report_with_its_item_report, |db: Db| async move {
    let t = common::team(&db).await;
    product(&db, &t.boss, "护肤套装", "598", "HF-SET-01").await;
    product(&db, &t.boss, "玫瑰花茶", "39", "MG-250").await;
    let orders = upload(&db, &t.boss, "ExportOrderList.csv", &std::fs::read("tests/fixtures/orders/taobao_orders_gbk.csv").unwrap()).await;
    let items = upload(&db, &t.boss, "ExportOrderDetailList.csv", &std::fs::read("tests/fixtures/orders/taobao_items_gbk.csv").unwrap()).await;
    let mut choice = ImportChoice { token: orders.into(), agent_id: t.ids.2, ..Default::default() };
    // Alone, the order report has no 商家编码: nothing matches.
    let alone = service_import::preview(&db, &t.boss, &choice).await.unwrap();
    assert!(alone.unknown_skus.iter().all(|u| u.code.is_empty()), "{:?}", alone.unknown_skus);
    choice.items_token = items.as_str().into();
    let p = service_import::preview(&db, &t.boss, &choice).await.unwrap();
    let state = |no: &str| p.orders.iter().find(|o| o.external_no == no).map(|o| (o.state, o.items.clone()));
    assert_eq!(state("1930679858170647"), Some((PreviewState::NewPaid, vec!["护肤套装 ×1".to_string()])));
    // 菊花茶's code (JH-100) matches no SKU here.
    let unknown: Vec<(&str, &str)> = p.unknown_skus.iter().map(|u| (u.code.as_str(), u.title.as_str())).collect();
    assert_eq!(unknown, vec![("JH-100", "菊花茶 100g")]);
    // The item report alone is refused with a reason.
    let only = ImportChoice { token: items.as_str().into(), items_token: "".into(), ..choice.clone() };
    assert_eq!(service_import::preview(&db, &t.boss, &only).await.unwrap_err(), app::imports::ImportError::ItemsReportAlone.into());
});

/// Parse time per message on the server (README "Orders intake"): 20 messages in the shapes
/// chats use, 2,000 rounds. Run with
/// `cargo test -p server --release --test intake parse_speed -- --ignored --nocapture`.
#[test]
#[ignore]
fn parse_speed() {
    let messages = [
        "张三 13800138000 浙江省杭州市西湖区文三路100号",
        "收货人：李四\n电话：139-1234-5678\n地址：广东省深圳市南山区科苑路15号",
        "收件人: 王小明\n手机号码: 186 1234 5678\n所在地区: 四川省 成都市 武侯区\n详细地址: 天府大道北段1700号环球中心W6区",
        "湖北省恩施土家族苗族自治州恩施市舞阳坝街道 金桂大道88号 向阳 15907181234",
        "内蒙古呼和浩特市赛罕区大学西街235号 张敏 13947112345",
        "新疆乌鲁木齐市天山区解放南路 阿依古丽 13899812345",
        "李娜，13512345678，重庆渝中区解放碑八一路177号",
        "东莞市南城区鸿福路200号 陈先生 0769-22881234",
        "广西南宁青秀区民族大道100号 黄伟 +86 138 7712 3456",
        "海南省儋州市那大镇中兴大街1号 符小妹 13876012345",
        "地址：西湖区文三路 收货人 刘洋 电话 13800001111",
        "15012345678 赵敏 河南省郑州市金水区花园路 1 号 450000",
        "姓名：欧阳娜娜 电话：13611112222 地址：江苏苏州工业园区星湖街328号",
        "收货人：马云飞\n13900001234\n浙江杭州余杭区五常街道文一西路969号",
        "延边州延吉市河南街道光明街 金美玲 13904431234",
        "石河子市北四路 王强 18999312345",
        "天津滨海新区 响螺湾 迎宾大道1988号 孙丽 022-25761234",
        "北京市朝阳区建国路88号SOHO现代城5号楼1201室李雷13911112222",
        "杭州西湖区文三路90号东部软件园 林小姐 86-13912345678",
        "上海 浦东新区 世纪大道100号 王先生 １３８００１３８０００",
    ];
    let started = std::time::Instant::now();
    app::intake::service::parse_text("预热").ok();
    let load = started.elapsed();
    let rounds = 2_000;
    let mut sink = 0usize;
    let t = std::time::Instant::now();
    for _ in 0..rounds {
        for m in &messages {
            sink += app::intake::service::parse_text(m).map(|p| p.unsure.len()).unwrap_or(0);
        }
    }
    let per = t.elapsed().as_secs_f64() * 1e6 / (rounds * messages.len()) as f64;
    println!("division table loaded in {:.1} ms; {} messages × {rounds}: {per:.1} µs per message ({sink})", load.as_secs_f64() * 1e3, messages.len());
}
