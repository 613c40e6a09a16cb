//! Finance on SQLite and PostgreSQL: payments matched to orders (by reference, by amount and
//! payer, ambiguous → by hand, undo), partial, over- and duplicate payments, bill imports that
//! are idempotent and all-or-nothing, refunds following their payment, fees as expenses,
//! reconciliation, expenses and their import, the P&L of a hand-computed month, the month
//! close, the .xlsx export, and the kept totals equal to a scan.

mod common;

use app::error::AppError;
use app::finance::logic::Month;
use app::finance::service::{self as pay, OrderRef};
use app::finance::{
    service_bills as bills, service_expenses as expenses, service_pnl as books, BankMappingInput, BillChoice, ExpenseFilter, FinanceError,
    MatchReason, Method, NewExpense, NewPayment, PaymentFilter, PaymentFlag, PaymentState, PaymentView, ReconFilter, ReconItem, Upload,
    UploadKind,
};
use app::money::Money;
use app::orders::{service as orders, Channel, NewOrder, NewOrderLine, OrderId, OrderStatus, Transition};
use app::state::Db;
use app::time::{day_of, format_ms, now_ms};
use common::finance::{at, b64, local, wechat_merchant_bill, Wx};
use common::{team, Team};

fn fen(f: i64) -> Money {
    Money::from_fen(f)
}

/// An order of `qty` × the SKU for `agent`, entered by `by`; returns (id, number).
async fn order(db: &Db, by: &app::auth::Caller, agent: i64, name: &str, mobile: &str, sku: i64, qty: i64) -> (OrderId, String) {
    let input = NewOrder {
        agent_id: agent,
        customer_name: name.into(),
        mobile: mobile.into(),
        address: "浙江省杭州市西湖区文三路 1 号".into(),
        channel: Channel::Wechat,
        lines: vec![NewOrderLine { sku_id: sku, qty }],
        coupon_code: Default::default(),
    };
    orders::create_order(db, by, &input).await.unwrap()
}

fn payment(method: Method, amount: &str, payer: &str, reference: &str) -> NewPayment {
    NewPayment {
        method,
        amount: amount.into(),
        payer: payer.into(),
        payer_account: "".into(),
        // Minute precision, never in the future.
        paid_at: format_ms(now_ms()).into(),
        txn_no: "".into(),
        reference: reference.into(),
        note: "".into(),
    }
}

async fn status(db: &Db, t: &Team, id: OrderId) -> OrderStatus {
    orders::get_order(db, &t.boss, id).await.unwrap().summary.status
}

async fn upload(db: &Db, t: &Team, kind: UploadKind, name: &str, bytes: &[u8]) -> String {
    let file = Upload { file_name: name.into(), content_b64: b64(bytes).into() };
    bills::upload(db, &t.finance, kind, &file).await.unwrap()
}

on_both!(a_reference_wins_and_a_full_payment_confirms_the_order, |db: Db| async move {
    let t = team(&db).await;
    let (_, _, a2, _) = t.ids;
    let sku = common::sku(&db, &t.boss, "64", 100).await;
    let (id, no) = order(&db, &t.a2, a2, "王丽娟", "13800000002", sku, 2).await;
    // ¥100.00 first: matched by the number in the reference, not yet paid in full.
    let r = pay::record_payment(&db, &t.finance, &payment(Method::Wechat, "100", "某人", &format!("货款 {no}"))).await.unwrap();
    assert_eq!((r.state, r.order_no.as_deref(), r.order_confirmed), (PaymentState::Matched, Some(no.as_str()), false));
    assert_eq!(r.reason, Some(MatchReason::OrderNo { order_no: no.clone() }));
    assert_eq!(status(&db, &t, id).await, OrderStatus::PendingPayment);
    let p1 = pay::get_payment(&db, &t.finance, r.id).await.unwrap();
    assert_eq!(p1.row.flags, vec![PaymentFlag::Partial]);
    assert_eq!(p1.order.as_ref().map(|o| (o.total, o.paid)), Some((fen(12_800), fen(10_000))));
    // The remaining ¥28.00 in cash: paid in full, the order moves to 待发货 through the status flow.
    let r2 = pay::record_payment(&db, &t.finance, &payment(Method::Cash, "28", "王丽娟", &no)).await.unwrap();
    assert!(r2.order_confirmed);
    let o = orders::get_order(&db, &t.boss, id).await.unwrap();
    assert_eq!(o.summary.status, OrderStatus::ToShip);
    let last = o.events.last().unwrap();
    assert_eq!((last.from_status, last.to_status, last.note.as_str()), (Some(OrderStatus::PendingPayment), OrderStatus::ToShip, "payment"));
    // A third payment naming the same order: a duplicate, flagged on both payments of the pair.
    let r3 = pay::record_payment(&db, &t.finance, &payment(Method::Alipay, "128", "王丽娟", &no)).await.unwrap();
    assert_eq!(r3.state, PaymentState::Matched);
    let dup = PaymentFilter { view: PaymentView::Duplicates, ..Default::default() };
    let listed = pay::list_payments(&db, &t.finance, &dup).await.unwrap();
    assert_eq!(listed.rows.len(), 3);
    assert!(listed.rows.iter().all(|p| p.flags == vec![PaymentFlag::Duplicate]));
    // Every payment action is in the audit trail.
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE entity = 'payment' AND action = 'record'").fetch_one(&db.pool).await.unwrap();
    assert_eq!(audited, 3);
    // A transaction number is recorded once per method.
    let mut again = payment(Method::Wechat, "1", "x", "");
    again.txn_no = "4200001".into();
    pay::record_payment(&db, &t.finance, &again).await.unwrap();
    let e = pay::record_payment(&db, &t.finance, &again).await.unwrap_err();
    assert_eq!(e, FinanceError::DuplicateTxn { txn_no: "4200001".into() }.into());
    assert!(books::checks(&db, &t.boss).await.unwrap().ok());
    // The order confirmed by a payment counts as a sale on the dashboards, as through the status flow.
    assert_eq!(app::dashboard::service::mismatches(&db, &t.boss).await.unwrap(), 0);
});

on_both!(amount_and_payer_match_ambiguous_ones_wait_for_a_person, |db: Db| async move {
    let t = team(&db).await;
    let (_, _, a2, b1) = t.ids;
    let sku = common::sku(&db, &t.boss, "64", 100).await;
    let (o1, _) = order(&db, &t.a2, a2, "王丽娟", "13800000002", sku, 1).await;
    let (o2, no2) = order(&db, &t.boss, b1, "李娜", "13900000001", sku, 1).await;
    // Amount equal to the balance, payer = recipient, paid right away: matched.
    let mut p = payment(Method::Alipay, "64.00", "王丽娟", "");
    p.payer_account = "138****0002".into();
    let r = pay::record_payment(&db, &t.finance, &p).await.unwrap();
    assert_eq!((r.state, r.order_confirmed), (PaymentState::Matched, true));
    match r.reason {
        Some(MatchReason::Scored { score, amount_fen: 6400, .. }) => assert_eq!(score, 40 + 30 + 15 + 20),
        other => panic!("{other:?}"),
    }
    assert_eq!(status(&db, &t, o1).await, OrderStatus::ToShip);
    // Another ¥64.00 from someone unknown: o2 and a new o3 fit equally → a person decides.
    let (o3, _) = order(&db, &t.a2, a2, "赵敏", "13700000003", sku, 1).await;
    let r = pay::record_payment(&db, &t.finance, &payment(Method::Wechat, "64", "微信用户", "")).await.unwrap();
    assert_eq!((r.state, r.order_no), (PaymentState::Ambiguous, None));
    let d = pay::get_payment(&db, &t.finance, r.id).await.unwrap();
    let mut fits: Vec<(i64, i32)> = d.candidates.iter().map(|c| (c.order_id.0, c.score)).collect();
    fits.sort();
    assert_eq!(fits, vec![(o2.0, 60), (o3.0, 60)]);
    let open = PaymentFilter { view: PaymentView::Open, ..Default::default() };
    assert_eq!(pay::list_payments(&db, &t.finance, &open).await.unwrap().rows.iter().map(|p| p.id).collect::<Vec<_>>(), vec![r.id]);
    // Matched by hand, by order number, in one action.
    let m = pay::match_payment(&db, &t.finance, r.id, OrderRef::No(no2.to_lowercase())).await.unwrap();
    assert_eq!((m.order_no.as_deref(), m.order_confirmed), (Some(no2.as_str()), true));
    assert_eq!(status(&db, &t, o2).await, OrderStatus::ToShip);
    let again = pay::match_payment(&db, &t.finance, r.id, OrderRef::Id(o3)).await.unwrap_err();
    assert_eq!(again, FinanceError::AlreadyMatched.into());
    // Undo: the order keeps its status and is marked 待核对收款 for finance to check.
    pay::unmatch_payment(&db, &t.finance, r.id).await.unwrap();
    let o = orders::get_order(&db, &t.boss, o2).await.unwrap();
    assert_eq!((o.summary.status, o.summary.payment_check), (OrderStatus::ToShip, true));
    assert_eq!(pay::unmatch_payment(&db, &t.finance, r.id).await.unwrap_err(), FinanceError::NotMatched.into());
    let e = pay::match_payment(&db, &t.finance, r.id, OrderRef::No("ZG000000999999".into())).await.unwrap_err();
    assert_eq!(e, FinanceError::UnknownOrder { order_no: "ZG000000999999".into() }.into());
    // Nobody but boss and finance handles payments; agents see their own orders' payments only.
    assert_eq!(pay::record_payment(&db, &t.a1, &payment(Method::Cash, "1", "", "")).await.unwrap_err(), AppError::Forbidden);
    assert_eq!(pay::list_payments(&db, &t.warehouse, &PaymentFilter::default()).await.unwrap_err(), AppError::Forbidden);
    assert_eq!(pay::order_payments(&db, &t.a1, o1).await.unwrap().payments.len(), 1);
    assert_eq!(pay::order_payments(&db, &t.b1, o1).await.unwrap_err(), AppError::NotFound);
    assert!(books::checks(&db, &t.boss).await.unwrap().ok());
});

on_both!(an_agent_confirmed_payment_is_checked_by_a_recorded_one, |db: Db| async move {
    let t = team(&db).await;
    let (_, _, a2, _) = t.ids;
    app::settings::service::update(&db, &t.boss, &app::settings::TeamSettings { agents_confirm_payment: true, ..Default::default() }).await.unwrap();
    let sku = common::sku(&db, &t.boss, "64", 100).await;
    let (id, no) = order(&db, &t.a2, a2, "王丽娟", "13800000002", sku, 1).await;
    orders::transition(&db, &t.a2, id, Transition::MarkPaid).await.unwrap();
    assert!(orders::get_order(&db, &t.boss, id).await.unwrap().summary.payment_check);
    let r = pay::record_payment(&db, &t.finance, &payment(Method::Wechat, "64", "王丽娟", &no)).await.unwrap();
    assert!(!r.order_confirmed, "already 待发货");
    let o = orders::get_order(&db, &t.boss, id).await.unwrap();
    assert_eq!((o.summary.status, o.summary.payment_check), (OrderStatus::ToShip, false));
});

on_both!(bill_imports_are_idempotent_and_link_refunds_and_fees, |db: Db| async move {
    let t = team(&db).await;
    let (_, _, a2, b1) = t.ids;
    let sku = common::sku(&db, &t.boss, "64", 100).await;
    let (o1, no1) = order(&db, &t.a2, a2, "王丽娟", "13800000002", sku, 2).await;
    let (o2, _) = order(&db, &t.boss, b1, "李娜", "13900000001", sku, 1).await;
    let (o3, _) = order(&db, &t.a2, a2, "赵敏", "13700000003", sku, 1).await;
    // A payment entered by hand before the bill arrives: the bill confirms it instead of adding one.
    let cash_like = pay::record_payment(&db, &t.finance, &payment(Method::Wechat, "50", "陈先生", "")).await.unwrap();
    let now = now_ms();
    let lines = [
        Wx { at: now - 60_000, wx_order: "4200000001", merchant_order: &no1, openid: "oA", amount: "128.00", refund: None, fee: "0.76800" },
        Wx { at: now - 50_000, wx_order: "4200000002", merchant_order: "", openid: "oB", amount: "64.00", refund: None, fee: "0.38400" },
        Wx { at: now - 40_000, wx_order: "4200000001", merchant_order: &no1, openid: "oA", amount: "128.00", refund: Some(("5030000001", "28.00")), fee: "-0.16800" },
        Wx { at: now - 30_000, wx_order: "4200000004", merchant_order: "SO-OTHER-SHOP", openid: "oD", amount: "99.00", refund: None, fee: "0.59400" },
        Wx { at: now - 20_000, wx_order: "4200000005", merchant_order: "", openid: "oE", amount: "50.00", refund: None, fee: "0.30000" },
    ];
    let bill = wechat_merchant_bill(&lines);
    let token = upload(&db, &t, UploadKind::Bill, "微信账单.csv", &bill).await;
    let preview = bills::preview_bill(&db, &t.finance, &token, &BillChoice::default()).await.unwrap();
    assert_eq!((preview.lines, preview.new_lines, preview.same_file, preview.errors.len()), (5, 5, None, 0));
    assert_eq!((preview.income.count, preview.income.amount, preview.refunds.amount), (4, fen(12_800 + 6_400 + 9_900 + 5_000), fen(2_800)));
    // Fees: 0.768 → 0.77, 0.384 → 0.38, −0.168 → −0.17, 0.594 → 0.59, 0.30: ¥1.87.
    assert_eq!(preview.fees, fen(77 + 38 - 17 + 59 + 30));
    let report = bills::import_bill(&db, &t.finance, &token, &BillChoice::default()).await.unwrap();
    assert_eq!(
        (report.lines_new, report.payments_new, report.payments_linked, report.matched, report.ambiguous, report.unmatched, report.refunds),
        (5, 3, 1, 1, 1, 1, 1)
    );
    assert_eq!((report.orders_confirmed, report.fees), (1, fen(187)));
    assert_eq!(status(&db, &t, o1).await, OrderStatus::ToShip);
    // The hand-entered ¥50.00 now carries the bill's transaction number.
    let linked = pay::get_payment(&db, &t.finance, cash_like.id).await.unwrap();
    assert_eq!(linked.row.txn_no, "4200000005");
    // The refund follows its payment and order.
    let refunds = pay::list_payments(&db, &t.finance, &PaymentFilter { view: PaymentView::Refunds, ..Default::default() }).await.unwrap();
    assert_eq!(refunds.rows.len(), 1);
    let refund = pay::get_payment(&db, &t.finance, refunds.rows[0].id).await.unwrap();
    assert_eq!((refund.row.order_id, refund.row.amount, refund.row.flags.clone()), (Some(o1), fen(2_800), vec![PaymentFlag::Refund]));
    let original = refund.refund_of.unwrap();
    assert_eq!(pay::get_payment(&db, &t.finance, original).await.unwrap().refunds.len(), 1);
    let bal = pay::order_payments(&db, &t.a2, o1).await.unwrap().balance;
    assert_eq!((bal.paid, bal.refunded, bal.payments), (fen(12_800), fen(2_800), 1));
    // Fees became 平台手续费 expenses.
    let fees: i64 = sqlx::query_scalar("SELECT CAST(SUM(amount_fen) AS BIGINT) FROM expenses WHERE source = 'bill_fee'").fetch_one(&db.pool).await.unwrap();
    assert_eq!(fees, 187);
    let counts = || async {
        let p: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payments").fetch_one(&db.pool).await.unwrap();
        let l: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bill_lines").fetch_one(&db.pool).await.unwrap();
        let e: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM expenses").fetch_one(&db.pool).await.unwrap();
        (p, l, e)
    };
    let before = counts().await;
    // The same file again: nothing changes.
    let token = upload(&db, &t, UploadKind::Bill, "again.csv", &bill).await;
    let preview = bills::preview_bill(&db, &t.finance, &token, &BillChoice::default()).await.unwrap();
    assert_eq!((preview.same_file, preview.new_lines), (report.id, 0));
    let again = bills::import_bill(&db, &t.finance, &token, &BillChoice::default()).await.unwrap();
    assert_eq!((again.id, again.lines_new, again.payments_new), (report.id, 0, 0));
    assert_eq!(counts().await, before);
    // An overlapping period (another file with the same lines and one more): only the new line.
    let mut more: Vec<Wx> = lines.into_iter().collect();
    more.push(Wx { at: now - 10_000, wx_order: "4200000006", merchant_order: "", openid: "oF", amount: "64.00", refund: None, fee: "0.38400" });
    let token = upload(&db, &t, UploadKind::Bill, "overlap.csv", &wechat_merchant_bill(&more)).await;
    let r = bills::import_bill(&db, &t.finance, &token, &BillChoice::default()).await.unwrap();
    assert_eq!((r.lines_new, r.lines_known, r.payments_new, r.ambiguous), (1, 5, 1, 1));
    let after = counts().await;
    assert_eq!(after, (before.0 + 1, before.1 + 1, before.2 + 1));
    // The upload is gone once imported.
    assert_eq!(bills::import_bill(&db, &t.finance, &token, &BillChoice::default()).await.unwrap_err(), FinanceError::UploadGone.into());
    // The ambiguous ¥64.00 resolved by hand to o3; o2 stays for the next.
    let open = pay::list_payments(&db, &t.finance, &PaymentFilter { view: PaymentView::Open, ..Default::default() }).await.unwrap();
    let amb = open.rows.iter().find(|p| p.state == PaymentState::Ambiguous).unwrap();
    pay::match_payment(&db, &t.finance, amb.id, OrderRef::Id(o3)).await.unwrap();
    assert_eq!((status(&db, &t, o3).await, status(&db, &t, o2).await), (OrderStatus::ToShip, OrderStatus::PendingPayment));
    assert!(books::checks(&db, &t.boss).await.unwrap().ok());

    // Reconciliation of today: the bill agrees with what was recorded, until a payment the bill lacks.
    let recon = || async { bills::reconciliation(&db, &t.finance, &ReconFilter::default()).await.unwrap() };
    let r = recon().await;
    let today = r.days.iter().find(|d| d.day == day_of(now)).unwrap();
    assert!(today.covered);
    assert_eq!((today.bill.count, today.bill.amount), (5, fen(12_800 + 6_400 + 9_900 + 5_000 + 6_400)));
    assert_eq!((today.recorded.amount, today.difference, today.bill_refunds, today.fees), (today.bill.amount, Money::ZERO, fen(2_800), fen(187 + 38)));
    assert!(today.items.is_empty());
    let late = pay::record_payment(&db, &t.finance, &payment(Method::Wechat, "12.5", "周女士", "")).await.unwrap();
    let r = recon().await;
    let today = r.days.iter().find(|d| d.day == day_of(now)).unwrap();
    assert_eq!(today.difference, fen(1_250));
    assert!(matches!(&today.items[..], [ReconItem::NotInBill { payment_id, .. }] if *payment_id == late.id));
});

on_both!(bad_rows_refuse_the_whole_import, |db: Db| async move {
    let t = team(&db).await;
    let token = upload(&db, &t, UploadKind::Bill, "bad.csv", &common::finance::fixture("wechat_merchant_all.csv")).await;
    let preview = bills::preview_bill(&db, &t.finance, &token, &BillChoice::default()).await.unwrap();
    assert_eq!(preview.errors.len(), 3);
    let e = bills::import_bill(&db, &t.finance, &token, &BillChoice::default()).await.unwrap_err();
    assert_eq!(e, FinanceError::BadRows { count: 3 }.into());
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bill_lines").fetch_one(&db.pool).await.unwrap();
    assert_eq!(n, 0);
    // Not a bill at all.
    let token = upload(&db, &t, UploadKind::Bill, "orders.csv", &common::finance::fixture("pdd_orders.csv")).await;
    let e = bills::preview_bill(&db, &t.finance, &token, &BillChoice::default()).await.unwrap_err();
    assert_eq!(e, app::imports::ImportError::UnknownFormat { kind: app::imports::errors::FileKind::Bill }.into());
    // Someone else's upload is gone for this caller.
    assert_eq!(bills::preview_bill(&db, &t.boss, &token, &BillChoice::default()).await.unwrap_err(), FinanceError::UploadGone.into());
});

on_both!(bank_statements_through_a_saved_mapping, |db: Db| async move {
    let t = team(&db).await;
    let input = BankMappingInput {
        name: "工商银行".into(),
        time: "交易日期".into(),
        time_of_day: "交易时间".into(),
        credit: "收入金额".into(),
        debit: "支出金额".into(),
        counterparty: "对方户名".into(),
        counterparty_account: "对方账号".into(),
        txn_no: "交易流水号".into(),
        note: "摘要".into(),
        ..Default::default()
    };
    let id = bills::save_bank_mapping(&db, &t.finance, &input).await.unwrap();
    assert_eq!(bills::save_bank_mapping(&db, &t.finance, &input).await.unwrap_err(), FinanceError::MappingExists { name: "工商银行".into() }.into());
    let text = "中国工商银行 账户历史明细\n交易日期,交易时间,收入金额,支出金额,账户余额,对方户名,对方账号,交易流水号,摘要\n\
                20240301,09:30:15,\"1,280.00\",,\"11,280.00\",刘女士,6217000012345678,HQ202403010001,转账\n\
                20240302,14:00:00,,-200.00,\"11,080.00\",顺丰速运,4000012345,HQ202403020002,运费\n合计,,\"1,280.00\",200.00,,,,,\n";
    let token = upload(&db, &t, UploadKind::Bill, "icbc.csv", &common::finance::gbk(text)).await;
    // A bank statement is not detected by itself.
    let e = bills::preview_bill(&db, &t.finance, &token, &BillChoice::default()).await.unwrap_err();
    assert_eq!(e.code(), "import.unknown_format");
    let with = BillChoice { format: None, mapping_id: Some(id) };
    let p = bills::preview_bill(&db, &t.finance, &token, &with).await.unwrap();
    assert_eq!((p.income.count, p.income.amount, p.expense.amount), (1, fen(128_000), fen(20_000)));
    let r = bills::import_bill(&db, &t.finance, &token, &with).await.unwrap();
    assert_eq!((r.payments_new, r.unmatched, r.lines_new), (1, 1, 2));
    let listed = pay::list_payments(&db, &t.finance, &PaymentFilter { method: Some(Method::Bank), ..Default::default() }).await.unwrap();
    assert_eq!((listed.rows[0].payer.as_str(), listed.rows[0].paid_at), ("刘女士", at("2024-03-01 09:30:15")));
});

on_both!(expenses_by_hand_and_from_a_sheet, |db: Db| async move {
    let t = team(&db).await;
    let cats = expenses::categories(&db, &t.finance).await.unwrap();
    let freight = cats.iter().find(|c| c.code.as_deref() == Some("freight")).unwrap().id;
    let today = format_ms(now_ms())[..10].to_string();
    let e = NewExpense { category_id: freight, amount: "12.5".into(), spent_on: today.clone().into(), note: "顺丰".into() };
    expenses::record_expense(&db, &t.finance, &e).await.unwrap();
    assert_eq!(expenses::record_expense(&db, &t.a1, &e).await.unwrap_err(), AppError::Forbidden);
    let c = expenses::create_category(&db, &t.finance, "直播").await.unwrap();
    assert_eq!(expenses::create_category(&db, &t.finance, "运费").await.unwrap_err(), FinanceError::CategoryExists { name: "运费".into() }.into());
    let sheet = format!("日期,类别,金额,备注\n{today},直播,300,主播佣金\n{today},Packaging,3.20,胶带\n{today},打车,30,\n");
    let token = upload(&db, &t, UploadKind::Expenses, "费用.csv", sheet.as_bytes()).await;
    let p = expenses::preview_expenses(&db, &t.finance, &token).await.unwrap();
    assert_eq!((p.rows, p.errors.len()), (2, 1));
    assert_eq!(expenses::import_expenses(&db, &t.finance, &token).await.unwrap_err(), FinanceError::BadRows { count: 1 }.into());
    let sheet = format!("日期,类别,金额,备注\n{today},直播,300,主播佣金\n{today},Packaging,3.20,胶带\n");
    let token = upload(&db, &t, UploadKind::Expenses, "费用.csv", sheet.as_bytes()).await;
    assert_eq!(expenses::import_expenses(&db, &t.finance, &token).await.unwrap(), 2);
    let page = expenses::list_expenses(&db, &t.finance, &ExpenseFilter::default()).await.unwrap();
    let mut got: Vec<(String, Money)> = page.rows.iter().map(|r| (r.category.name.clone(), r.amount)).collect();
    got.sort();
    assert_eq!(got, vec![("包材".into(), fen(320)), ("直播".into(), fen(30_000)), ("运费".into(), fen(1_250))]);
    assert!(page.rows.iter().any(|r| r.category.id == c.id));
    // Deleting: hand-entered yes; fees from bills never.
    let manual = page.rows.iter().find(|r| r.note == "顺丰").unwrap().id;
    expenses::delete_expense(&db, &t.finance, manual).await.unwrap();
    assert_eq!(expenses::delete_expense(&db, &t.finance, manual).await.unwrap_err(), AppError::NotFound);
});

on_both!(a_closed_month_refuses_changes_and_books_late_lines_later, |db: Db| async move {
    let t = team(&db).await;
    let this = Month::of_ms(now_ms());
    let last = this.prev();
    let first_of_last = app::time::date_of_day(last.first_day()).format("%Y-%m-%d").to_string();
    let cats = expenses::categories(&db, &t.finance).await.unwrap();
    let rent = cats.iter().find(|c| c.code.as_deref() == Some("rent")).unwrap().id;
    let e = NewExpense { category_id: rent, amount: "3000".into(), spent_on: first_of_last.clone().into(), note: "".into() };
    expenses::record_expense(&db, &t.finance, &e).await.unwrap();
    // Only the boss closes, only an ended month, once.
    assert_eq!(books::close_period(&db, &t.finance, &last.to_string()).await.unwrap_err(), AppError::Forbidden);
    let e2 = books::close_period(&db, &t.boss, &this.to_string()).await.unwrap_err();
    assert_eq!(e2, FinanceError::MonthNotOver { month: this.to_string() }.into());
    books::close_period(&db, &t.boss, &last.to_string()).await.unwrap();
    assert_eq!(books::close_period(&db, &t.boss, &last.to_string()).await.unwrap_err(), FinanceError::AlreadyClosed { month: last.to_string() }.into());
    let closed = books::pnl(&db, &t.boss, &last.to_string()).await.unwrap();
    assert_eq!((closed.closed.map(|c| c.net_profit), closed.can_close, closed.total.expenses), (Some(fen(-300_000)), false, fen(300_000)));
    // Afterwards: refused by hand …
    assert_eq!(expenses::record_expense(&db, &t.finance, &e).await.unwrap_err(), FinanceError::PeriodClosed { month: last.to_string() }.into());
    let mut p = payment(Method::Cash, "10", "", "");
    p.paid_at = format!("{first_of_last} 10:00").into();
    assert_eq!(pay::record_payment(&db, &t.finance, &p).await.unwrap_err(), FinanceError::PeriodClosed { month: last.to_string() }.into());
    let listed = expenses::list_expenses(&db, &t.finance, &ExpenseFilter { month: last.to_string().into(), ..Default::default() }).await.unwrap();
    assert_eq!(expenses::delete_expense(&db, &t.finance, listed.rows[0].id).await.unwrap_err(), FinanceError::ExpenseLocked.into());
    // … and a bill line dated in it goes to this month as an adjustment, shown as such.
    let line = Wx { at: at(&format!("{first_of_last} 10:00:00")), wx_order: "4200000777", merchant_order: "", openid: "oZ", amount: "20.00", refund: None, fee: "0.12000" };
    let token = upload(&db, &t, UploadKind::Bill, "late.csv", &wechat_merchant_bill(&[line])).await;
    let p = bills::preview_bill(&db, &t.finance, &token, &BillChoice::default()).await.unwrap();
    assert_eq!(p.adjustments, 1);
    let r = bills::import_bill(&db, &t.finance, &token, &BillChoice::default()).await.unwrap();
    assert_eq!(r.adjustments, 1);
    let row = &pay::list_payments(&db, &t.finance, &PaymentFilter::default()).await.unwrap().rows[0];
    assert_eq!((row.book_day, row.flags.clone()), (this.first_day(), vec![PaymentFlag::Unmatched, PaymentFlag::Adjustment]));
    let now = books::pnl(&db, &t.boss, "").await.unwrap();
    assert_eq!((now.days[0].line.cash[0], now.days[0].line.expenses), (fen(2_000), fen(12)));
    // The closed month's figures did not move.
    assert_eq!(books::pnl(&db, &t.boss, &last.to_string()).await.unwrap().total.net_profit(), fen(-300_000));
    assert!(books::checks(&db, &t.boss).await.unwrap().ok());
});

on_both!(the_pnl_of_a_hand_computed_month, |db: Db| async move {
    let t = team(&db).await;
    let (_, _, a2, b1) = t.ids;
    let sku = common::sku(&db, &t.boss, "64", 100).await;
    // A: 2 × ¥64.00 = ¥128.00, paid in full by WeChat → 待发货.
    let (a, no_a) = order(&db, &t.a2, a2, "王丽娟", "13800000002", sku, 2).await;
    pay::record_payment(&db, &t.finance, &payment(Method::Wechat, "128.00", "王丽娟", &no_a)).await.unwrap();
    // B: ¥64.00, ¥60.00 in cash, confirmed by the boss anyway → shipped with ¥4.00 due.
    let (b, no_b) = order(&db, &t.boss, b1, "李娜", "13900000001", sku, 1).await;
    pay::record_payment(&db, &t.finance, &payment(Method::Cash, "60.00", "李娜", &no_b)).await.unwrap();
    orders::transition(&db, &t.boss, b, Transition::MarkPaid).await.unwrap();
    // C: 3 × ¥64.00, never shipped: no revenue.
    order(&db, &t.a2, a2, "赵敏", "13700000003", sku, 3).await;
    orders::transition(&db, &t.warehouse, a, Transition::Ship).await.unwrap();
    orders::transition(&db, &t.warehouse, b, Transition::Ship).await.unwrap();
    let cats = expenses::categories(&db, &t.finance).await.unwrap();
    let cat = |code: &str| cats.iter().find(|c| c.code.as_deref() == Some(code)).unwrap().id;
    let today = format_ms(now_ms())[..10].to_string();
    for (c, amount) in [(cat("freight"), "12.50"), (cat("packaging"), "3.20")] {
        expenses::record_expense(&db, &t.finance, &NewExpense { category_id: c, amount: amount.into(), spent_on: today.clone().into(), note: "".into() }).await.unwrap();
    }
    let p = books::pnl(&db, &t.finance, "").await.unwrap();
    let d = &p.total;
    // Revenue ¥128.00 + ¥64.00 = ¥192.00 (2 orders); cost of goods 3 × ¥10.00 = ¥30.00 (the
    // shipment movements' cost); expenses ¥12.50 + ¥3.20 = ¥15.70.
    assert_eq!((d.revenue, d.shipped_orders, d.refunds, d.expenses), (fen(19_200), 2, Money::ZERO, fen(1_570)));
    assert_eq!((d.net_revenue(), d.cogs, d.gross_profit(), d.net_profit()), (fen(19_200), fen(3_000), fen(16_200), fen(14_630)));
    // Gross margin 162 ÷ 192 = 84.375 % → 84.4.
    assert_eq!(p.margin.as_deref(), Some("84.4"));
    // Cash by method: WeChat ¥128.00, cash ¥60.00.
    assert_eq!(d.cash, vec![fen(12_800), Money::ZERO, Money::ZERO, fen(6_000)]);
    let today_row = p.days.iter().find(|x| x.day == day_of(now_ms())).unwrap();
    assert_eq!(today_row.line, *d, "everything happened today");
    assert_eq!(p.days.len() as i64, Month::of_ms(now_ms()).days());
    // Receivables: B, ¥4.00.
    assert_eq!((p.receivables.count, p.receivables.total), (1, fen(400)));
    assert_eq!(p.receivables.rows[0].order_id, b);
    let by_cat: Vec<(String, Money)> = p.expenses_by_category.iter().map(|(c, m)| (c.name.clone(), *m)).collect();
    assert_eq!(by_cat, vec![("运费".into(), fen(1_250)), ("包材".into(), fen(320))]);
    // The kept daily totals equal the scan; a rebuild from the scan changes nothing.
    assert!(books::checks(&db, &t.boss).await.unwrap().ok());
    books::rebuild_totals(&db, &t.boss).await.unwrap();
    assert_eq!(books::pnl(&db, &t.finance, "").await.unwrap().total, *d);
    // Agents have no P&L.
    assert_eq!(books::pnl(&db, &t.a1, "").await.unwrap_err(), AppError::Forbidden);
    assert_eq!(books::pnl(&db, &t.boss, "2026-13").await.unwrap_err(), FinanceError::BadMonth.into());

    // The export: a workbook whose amounts are numbers.
    let x = books::export_pnl(&db, &t.finance, "").await.unwrap();
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD.decode(&x.content_b64).unwrap();
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).unwrap();
    use calamine::Reader;
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let cell = |label: &str| {
        sheet.rows().find(|r| r[0] == calamine::Data::String(label.into())).map(|r| r[1].clone()).unwrap_or_else(|| panic!("{label}"))
    };
    assert_eq!(cell("销售收入（按发货）"), calamine::Data::Float(192.0));
    assert_eq!(cell("净利润"), calamine::Data::Float(146.3));
    let days = book.worksheet_range_at(1).unwrap().unwrap();
    let revenue: f64 = days.rows().skip(1).map(|r| match &r[1] { calamine::Data::Float(f) => *f, other => panic!("{other:?}") }).sum();
    assert_eq!(revenue, 192.0);
    assert!(matches!(days.rows().nth(1).unwrap()[0], calamine::Data::DateTime(_)));
});

on_both!(an_after_sales_refund_is_deducted_in_the_month_it_is_made, |db: Db| async move {
    use app::fulfil::{service as fulfil, AfterSaleAction as A, AfterSaleKind, NewAfterSale};
    let t = team(&db).await;
    let a2 = t.ids.2;
    let sku = common::sku(&db, &t.boss, "64", 100).await;
    // 2 × ¥64.00 = ¥128.00, paid by WeChat, shipped on the 10th of last month.
    let (a, no_a) = order(&db, &t.a2, a2, "王丽娟", "13800000002", sku, 2).await;
    pay::record_payment(&db, &t.finance, &payment(Method::Wechat, "128.00", "王丽娟", &no_a)).await.unwrap();
    orders::transition(&db, &t.warehouse, a, Transition::Ship).await.unwrap();
    let this = Month::of_ms(now_ms());
    let last = this.prev();
    let shipped = app::time::day_start_ms(last.first_day() + 9) + 10 * 3_600_000;
    sqlx::query("UPDATE order_events SET at = $1 WHERE order_id = $2 AND to_status = 'shipped'").bind(shipped).bind(a.0).execute(&db.pool).await.unwrap();
    books::rebuild_totals(&db, &t.boss).await.unwrap();
    // This month: a ¥28.00 refund (after-sales, refund only).
    let req = NewAfterSale { order_id: a.0, kind: AfterSaleKind::RefundOnly, reason: "少发赠品".into(), refund: "28".into(), lines: vec![] };
    let r = fulfil::request_after_sale(&db, &t.a2, &req).await.unwrap();
    fulfil::after_sale_step(&db, &t.boss, r, A::Approve).await.unwrap();
    fulfil::after_sale_step(&db, &t.finance, r, A::Refund).await.unwrap();
    // Last month keeps its revenue ¥128.00 and no refund; this month has the ¥28.00 refund
    // (net revenue −¥28.00), on today's line.
    let before = books::pnl(&db, &t.finance, &last.to_string()).await.unwrap().total;
    assert_eq!((before.revenue, before.shipped_orders, before.refunds, before.net_revenue()), (fen(12_800), 1, Money::ZERO, fen(12_800)));
    let now = books::pnl(&db, &t.finance, "").await.unwrap();
    assert_eq!((now.total.revenue, now.total.refunds, now.total.net_revenue()), (Money::ZERO, fen(2_800), fen(-2_800)));
    let today = now.days.iter().find(|x| x.day == day_of(now_ms())).unwrap();
    assert_eq!(today.line.refunds, fen(2_800));
    assert!(books::checks(&db, &t.boss).await.unwrap().ok());
});

/// Keep `local` used on both backends' builds (it formats bill times).
#[test]
fn bill_times_are_shanghai_wall_clock() {
    assert_eq!(local(at("2026-11-03 10:15:30")), "2026-11-03 10:15:30");
}

on_both!(personal_wechat_and_alipay_bills_become_matched_payments, |db: Db| async move {
    let t = team(&db).await;
    let (_, _, a2, b1) = t.ids;
    let sku = common::sku(&db, &t.boss, "64", 100).await;
    let (o1, no1) = order(&db, &t.a2, a2, "王丽娟", "13800000002", sku, 2).await;
    let (o2, _) = order(&db, &t.boss, b1, "李娜", "13900000001", sku, 1).await;
    let (o3, no3) = order(&db, &t.a2, a2, "赵敏", "13700000003", sku, 3).await;
    let now = now_ms();
    let (t1, t2, t3) = (local(now - 90_000), local(now - 60_000), local(now - 30_000));
    let period = format!("起始时间：[{}] 终止时间：[{}]", local(now - 86_400_000), local(now));
    // 微信支付账单明细 as the WeChat app exports it (UTF-8 with BOM, preamble, tab-padded numbers).
    let personal = format!(
        "\u{feff}微信支付账单明细,,,,,,,,,,\n微信昵称：[花茶小铺],,,,,,,,,,\n{period},,,,,,,,,,\n导出类型：[全部],,,,,,,,,,\n\
         共3笔记录,,,,,,,,,,\n收入：2笔 192.00元,,,,,,,,,,\n支出：1笔 25.50元,,,,,,,,,,\n,,,,,,,,,,\n\
         ----------------------微信支付账单明细列表--------------------,,,,,,,,,,\n\
         交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n\
         {t1},转账,王丽娟,\"/\",收入,¥128.00,零钱,已收钱,1000050001202611290712345678901\t,/\t,\"订单 {no1}\"\n\
         {t2},二维码收款,李娜,\"收款方备注:二维码收款\",收入,¥64.00,零钱,已收钱,10001071012026112900123456789\t,/\t,\"/\"\n\
         {t3},商户消费,顺丰速运,\"运费\",支出,¥25.50,零钱,支付成功,4200002122202611290123456789\t,SF20261129001\t,\"/\"\n"
    );
    let token = upload(&db, &t, UploadKind::Bill, "微信支付账单.csv", personal.as_bytes()).await;
    let preview = bills::preview_bill(&db, &t.finance, &token, &BillChoice::default()).await.unwrap();
    assert_eq!((preview.lines, preview.errors.len()), (3, 0));
    assert_eq!((preview.income.count, preview.income.amount, preview.expense.count), (2, fen(19_200), 1));
    let r = bills::import_bill(&db, &t.finance, &token, &BillChoice::default()).await.unwrap();
    // The order number in the note wins; the ¥64.00 from 李娜 is o2's unpaid balance and name.
    assert_eq!((r.payments_new, r.matched, r.ambiguous, r.unmatched, r.orders_confirmed), (2, 2, 0, 0, 2));
    assert_eq!((status(&db, &t, o1).await, status(&db, &t, o2).await, status(&db, &t, o3).await), (OrderStatus::ToShip, OrderStatus::ToShip, OrderStatus::PendingPayment));
    let again = upload(&db, &t, UploadKind::Bill, "again.csv", personal.as_bytes()).await;
    let r2 = bills::import_bill(&db, &t.finance, &again, &BillChoice::default()).await.unwrap();
    assert_eq!((r2.id, r2.payments_new), (r.id, 0));

    // An Alipay 交易明细 (GBK, the current layout): ¥192.00 for o3 with its number as 商家订单号.
    let alipay = format!(
        "------------------------------------------------------------------------------------\n导出信息：\n姓名：花茶小铺\n\
         支付宝账户：shop***@163.com\n{period}\n导出交易类型：[全部]\n共1笔记录\n收入：1笔 192.00元\n\n\
         ------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------\n\
         交易时间                ,交易分类                ,交易对方                ,对方账号                ,商品说明                ,收/支                 ,金额                  ,收/付款方式              ,交易状态                ,交易订单号               ,商家订单号               ,备注                  ,\n\
         {t3} ,商业服务                ,赵**                 ,zha***@qq.com       ,花茶 3 件             ,收入                  ,192.00              ,余额                  ,交易成功                ,20261129200040011100230012345678\t,{no3}\t,                    ,\n"
    );
    let token = upload(&db, &t, UploadKind::Bill, "支付宝交易明细.csv", &common::finance::gbk(&alipay)).await;
    let r = bills::import_bill(&db, &t.finance, &token, &BillChoice::default()).await.unwrap();
    assert_eq!((r.payments_new, r.matched, r.orders_confirmed), (1, 1, 1));
    assert_eq!(status(&db, &t, o3).await, OrderStatus::ToShip);
    let bal = pay::order_payments(&db, &t.a2, o3).await.unwrap().balance;
    assert_eq!((bal.paid, bal.payments), (fen(19_200), 1));
    assert!(books::checks(&db, &t.boss).await.unwrap().ok());
});
