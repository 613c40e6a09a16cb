//! The tax area on SQLite and PostgreSQL: profile and product settings, invoices from two
//! orders of one buyer (split to the fen, capitals), the order limit (also under
//! concurrency), recording the issue, red-letter reversal, input invoices, the VAT summary
//! of a quarter for each taxpayer type with hand-computed figures (including the
//! exemption threshold's edge), the .xlsx exports read back, and the dated policy table.

mod common;

use app::error::{AppError, CommonError};
use app::money::Money;
use app::orders::{service as orders, Channel, NewOrder, NewOrderLine, Transition};
use app::state::Db;
use app::tax::logic_invoice_error::InvoiceError;
use app::tax::logic_uscc::UsccError;
use app::tax::logic_vat_policy::TaxPolicy;
use app::tax::{service as tax, HandLine, InvoiceId, InvoiceKind, InvoiceStatus, NewInputInvoice, NewInvoice, RedReason, ReverseInput, TaxError, TaxRate, TaxpayerType};
use common::{tax_profile, tax_setup, team};

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

/// A paid order of the customer with `mobile` (agent A2).
async fn sold(db: &Db, t: &common::Team, mobile: &str, lines: &[(i64, i64)]) -> i64 {
    let (id, _) = orders::create_order(db, &t.boss, &new_order(t.ids.2, mobile, lines)).await.unwrap();
    orders::transition(db, &t.boss, id, Transition::MarkPaid).await.unwrap();
    id.0
}

fn hand(name: &str, code: &str, price: &str, rate: TaxRate) -> HandLine {
    HandLine { name: name.into(), short_name: "焙烤食品".into(), tax_code: code.into(), qty: "1".into(), price: price.into(), rate, unit: "盒".into(), ..Default::default() }
}

const GOODS: &str = "1030201000000000000";
const SERVICE: &str = "3040201000000000000";

fn special(lines: Vec<HandLine>) -> NewInvoice {
    NewInvoice {
        kind: InvoiceKind::Special,
        buyer_name: "北京某某科技有限公司".into(),
        buyer_tax_id: "91110108123456788E".into(),
        buyer_address_phone: "北京市海淀区中关村大街1号 010-12345678".into(),
        buyer_bank_account: "招商银行北京分行 110912345678901".into(),
        lines,
        ..Default::default()
    }
}

fn ordinary(lines: Vec<HandLine>) -> NewInvoice {
    NewInvoice { kind: InvoiceKind::Ordinary, buyer_name: "张三".into(), natural_person: true, lines, ..Default::default() }
}

/// Prepare and record an invoice issued on `date`, with a number made from `n`.
async fn issued(db: &Db, c: &app::auth::Caller, input: &NewInvoice, n: u32, date: &str) -> InvoiceId {
    let id = tax::create_invoice(db, c, input).await.unwrap();
    tax::issue_invoice(db, c, id, &format!("263520000000{n:08}"), date).await.unwrap();
    id
}

async fn invariants_hold(db: &Db) {
    let (orders, totals) = tax::check(db, &app::auth::service::system()).await.unwrap();
    assert!(orders.is_empty() && totals.is_empty(), "{orders:?} {totals:?}");
}

on_both!(profile_and_product_settings, |db: Db| async move {
    let t = team(&db).await;
    common::sku(&db, &t.boss, "10", 0).await;
    assert_eq!(tax::get_profile(&db, &t.boss).await.unwrap(), None);
    assert_eq!(tax::get_profile(&db, &t.a1).await.unwrap_err(), AppError::Forbidden);
    assert_eq!(tax::get_profile(&db, &t.warehouse).await.unwrap_err(), AppError::Forbidden);
    // A wrong check character is refused with its reason; nothing is saved.
    let bad = app::tax::ProfileInput { tax_id: "91350100M000100Y44".into(), ..tax_profile("2026-01") };
    let e = tax::save_profile(&db, &t.boss, &bad).await.unwrap_err();
    assert_eq!(e, TaxError::TaxId { field: "tax_id".into(), error: UsccError::CheckChar { expected: '3', found: '4' } }.into());
    assert_eq!(e.message(app::i18n::Lang::Zh), "校验位不符：第 18 位应为「3」，实为「4」，请核对第 1–8 位和第 18 位");
    assert_eq!(e.field(), Some("tax_id"));
    assert_eq!(tax::get_profile(&db, &t.boss).await.unwrap(), None);
    // A legacy 15-character number is accepted with a warning.
    let legacy = app::tax::ProfileInput { tax_id: "350100M000100Y4".into(), ..tax_profile("2026-01") };
    let w = tax::save_profile(&db, &t.finance, &legacy).await.unwrap();
    assert_eq!(w, vec![app::tax::TaxIdWarning::Legacy { len: 15 }]);
    assert_eq!(tax::get_profile(&db, &t.boss).await.unwrap().unwrap().warnings, w);
    // Settings: a small-scale taxpayer cannot set 13%; the code must be 19 digits.
    let products = tax_setup(&db, &t.boss, &tax_profile("2026-01"), TaxRate::R1).await;
    let s = |rate, code: &str| app::tax::TaxSettingsInput { product_id: products[0], tax_code: code.into(), short_name: "焙烤食品".into(), rate, ..Default::default() };
    assert_eq!(tax::save_product_tax(&db, &t.boss, &s(TaxRate::R13, GOODS)).await.unwrap_err(), TaxError::RateNotAllowed { rate: TaxRate::R13, taxpayer: TaxpayerType::SmallScale }.into());
    assert_eq!(tax::save_product_tax(&db, &t.boss, &s(TaxRate::R1, "103")).await.unwrap_err(), TaxError::BadTaxCode { value: "103".into() }.into());
    let missing = app::tax::TaxSettingsInput { product_id: 999_999, ..s(TaxRate::R1, GOODS) };
    assert_eq!(tax::save_product_tax(&db, &t.boss, &missing).await.unwrap_err(), AppError::NotFound);
    let listed = tax::list_product_tax(&db, &t.boss, &Default::default()).await.unwrap();
    let set = listed.rows[0].settings.clone().unwrap();
    assert_eq!((listed.rows[0].name.as_str(), set.rate, set.short_name.as_str()), ("补水面膜", TaxRate::R1, "焙烤食品"));
});

on_both!(an_invoice_for_two_orders_of_one_buyer, |db: Db| async move {
    let t = team(&db).await;
    let sku = common::sku(&db, &t.boss, "33.33", 100).await;
    let other = common::sku(&db, &t.boss, "5", 100).await;
    tax_setup(&db, &t.boss, &tax_profile("2026-01"), TaxRate::R1).await;
    // The product of `other` loses its settings: added after the setup, so it has none.
    let lonely = common::sku(&db, &t.boss, "7", 100).await;
    let o1 = sold(&db, &t, "13800000002", &[(sku, 1)]).await;
    let o2 = sold(&db, &t, "13800000002", &[(sku, 2)]).await;
    let stranger = sold(&db, &t, "13900000009", &[(other, 1)]).await;
    let (unpaid, _) = orders::create_order(&db, &t.boss, &new_order(t.ids.2, "13800000002", &[(sku, 1)])).await.unwrap();
    // The buyer's sold orders, found by mobile (the unpaid one is not offered).
    let found = tax::invoiceable_orders(&db, &t.boss, "13800000002").await.unwrap();
    assert_eq!(found.iter().map(|o| o.order_id).collect::<Vec<_>>(), vec![o2, o1]);
    assert_eq!(found[0].total, Money::from_fen(6666));
    let input = NewInvoice { buyer_name: "王女士".into(), natural_person: true, order_ids: vec![o1, o2], ..Default::default() };
    // 1 × 33.33 + 2 × 33.33 merge into one line of 3, 价税合计 99.99; at 1%:
    // 99.99 / 101 = 0.99 tax exactly, 金额 99.00, 单价 33.00.
    let p = tax::preview_invoice(&db, &t.boss, &input).await.unwrap();
    assert_eq!(tax::line_figures(&p.invoice), vec![(9999, 9900, 99)]);
    assert_eq!(p.invoice.gross_capitals, "玖拾玖元玖角玖分");
    assert_eq!(p.invoice.lines[0].line.item_name, "*焙烤食品*补水面膜");
    assert_eq!(p.invoice.lines[0].line.unit_price_excl, Some(rust_decimal::Decimal::from(33)));
    assert_eq!(p.orders.len(), 2);
    let id = tax::create_invoice(&db, &t.boss, &input).await.unwrap();
    let d = tax::get_invoice(&db, &t.finance, id).await.unwrap();
    assert_eq!((d.summary.status, d.summary.gross, d.summary.tax), (InvoiceStatus::Pending, Money::from_fen(9999), Money::from_fen(99)));
    assert_eq!(d.orders.iter().map(|o| (o.order_id, o.gross.to_fen())).collect::<Vec<_>>(), vec![(o1, 3333), (o2, 6666)]);
    // Not twice: the order is taken whole by the first invoice.
    let again = NewInvoice { order_ids: vec![o2], ..input.clone() };
    let e = tax::create_invoice(&db, &t.boss, &again).await.unwrap_err();
    let no2 = orders::get_order(&db, &t.boss, app::orders::OrderId(o2)).await.unwrap().summary.order_no;
    let exceeds = InvoiceError::ExceedsOrder { order_fen: 6666, invoiced_fen: 6666, requested_fen: 6666, remaining_fen: 0 };
    assert_eq!(e, TaxError::OrderInvoiced { order_no: no2.clone(), error: exceeds }.into());
    assert_eq!(e.status(), 409);
    // One buyer per invoice; sold orders only; every product needs its settings.
    let e = tax::create_invoice(&db, &t.boss, &NewInvoice { order_ids: vec![o1, stranger], ..input.clone() }).await.unwrap_err();
    assert_eq!(e, TaxError::SeveralBuyers.into());
    let e = tax::create_invoice(&db, &t.boss, &NewInvoice { order_ids: vec![unpaid.0], ..input.clone() }).await.unwrap_err();
    assert!(matches!(e.fault(), Some(app::error::Fault::Tax(TaxError::OrderNotSold { .. }))), "{e:?}");
    let o3 = sold(&db, &t, "13700000007", &[(lonely, 1)]).await;
    let e = tax::create_invoice(&db, &t.boss, &NewInvoice { order_ids: vec![o3], ..input.clone() }).await.unwrap_err();
    assert_eq!(e, TaxError::SettingsMissing { products: vec!["补水面膜".into()] }.into());
    // Wrong buyer data: every problem at once, nothing saved.
    let bad = NewInvoice { kind: InvoiceKind::Special, buyer_tax_id: "9135".into(), natural_person: false, order_ids: vec![o3], ..Default::default() };
    let before = tax::list_invoices(&db, &t.boss, &Default::default()).await.unwrap().count.n;
    let e = tax::create_invoice(&db, &t.boss, &NewInvoice { order_ids: vec![], lines: vec![hand("蛋糕", GOODS, "10", TaxRate::R1)], ..bad }).await.unwrap_err();
    assert_eq!(
        e,
        TaxError::Invoice {
            errors: vec![
                InvoiceError::BuyerNameMissing,
                InvoiceError::BuyerAddressPhoneMissing,
                InvoiceError::BuyerBankAccountMissing,
                InvoiceError::BuyerTaxId { error: UsccError::WrongLength { len: 4 } },
            ]
        }
        .into()
    );
    assert_eq!(tax::list_invoices(&db, &t.boss, &Default::default()).await.unwrap().count.n, before);
    // Recording the issue: 20 digits, unique; then it can no longer be deleted.
    assert_eq!(tax::issue_invoice(&db, &t.boss, id, "123", "2026-01-05").await.unwrap_err(), TaxError::InvoiceNumber { number: "123".into() }.into());
    tax::issue_invoice(&db, &t.boss, id, "26352000000000000001", "2026-01-05").await.unwrap();
    assert_eq!(tax::issue_invoice(&db, &t.boss, id, "26352000000000000002", "2026-01-05").await.unwrap_err(), TaxError::NotPending.into());
    let second = tax::create_invoice(&db, &t.boss, &ordinary(vec![hand("蛋糕", GOODS, "10", TaxRate::R1)])).await.unwrap();
    let e = tax::issue_invoice(&db, &t.boss, second, "26352000000000000001", "2026-01-05").await.unwrap_err();
    assert_eq!(e, TaxError::NumberTaken { number: "26352000000000000001".into() }.into());
    assert_eq!(tax::delete_invoice(&db, &t.boss, id).await.unwrap_err(), TaxError::NotPending.into());
    // A pending one can be deleted, which frees its orders.
    let o4 = sold(&db, &t, "13800000002", &[(sku, 1)]).await;
    let pending = tax::create_invoice(&db, &t.boss, &NewInvoice { order_ids: vec![o4], ..input.clone() }).await.unwrap();
    tax::delete_invoice(&db, &t.boss, pending).await.unwrap();
    assert_eq!(tax::get_invoice(&db, &t.boss, pending).await.unwrap_err(), AppError::NotFound);
    tax::create_invoice(&db, &t.boss, &NewInvoice { order_ids: vec![o4], ..input }).await.unwrap();
    assert_eq!(tax::get_invoice(&db, &t.a2, id).await.unwrap_err(), AppError::Forbidden);
    invariants_hold(&db).await;
});

on_both!(concurrent_invoices_never_take_an_order_twice, |db: Db| async move {
    let t = team(&db).await;
    let sku = common::sku(&db, &t.boss, "12.5", 100).await;
    tax_setup(&db, &t.boss, &tax_profile("2026-01"), TaxRate::R1).await;
    let o = sold(&db, &t, "13800000002", &[(sku, 4)]).await;
    let input = NewInvoice { buyer_name: "王女士".into(), natural_person: true, order_ids: vec![o], ..Default::default() };
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (db, c, input) = (db.clone(), t.boss.clone(), input.clone());
        tasks.push(tokio::spawn(async move { tax::create_invoice(&db, &c, &input).await }));
    }
    let mut ok = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => ok += 1,
            Err(e) => assert!(matches!(e.fault(), Some(app::error::Fault::Tax(TaxError::OrderInvoiced { .. }))), "{e:?}"),
        }
    }
    assert_eq!(ok, 1);
    invariants_hold(&db).await;
});

on_both!(red_letter_reversal, |db: Db| async move {
    let t = team(&db).await;
    let sku = common::sku(&db, &t.boss, "33.33", 100).await;
    tax_setup(&db, &t.boss, &tax_profile("2026-01"), TaxRate::R1).await;
    let o = sold(&db, &t, "13800000002", &[(sku, 3)]).await;
    let input = NewInvoice { buyer_name: "王女士".into(), natural_person: true, order_ids: vec![o], ..Default::default() };
    let id = tax::create_invoice(&db, &t.boss, &input).await.unwrap();
    // Only an issued invoice can be reversed.
    let full = ReverseInput { reason: RedReason::InvoicingError, lines: vec![] };
    assert_eq!(tax::reverse_invoice(&db, &t.boss, id, &full).await.unwrap_err(), TaxError::NotReversible.into());
    tax::issue_invoice(&db, &t.boss, id, "26352000000000000011", "2026-02-03").await.unwrap();
    // Full reversal: −99.99 = −99.00 − 0.99, linked to the original's number.
    let red = tax::reverse_invoice(&db, &t.boss, id, &full).await.unwrap();
    let d = tax::get_invoice(&db, &t.boss, red).await.unwrap();
    assert!(d.summary.red);
    assert_eq!(tax::line_figures(&d.invoice), vec![(-9999, -9900, -99)]);
    assert_eq!(d.invoice.gross_capitals, "负玖拾玖元玖角玖分");
    assert_eq!(d.invoice.red_of.as_ref().unwrap().original_number, "26352000000000000011");
    assert_eq!(d.red_of.as_ref().unwrap().id, id);
    // A second reversal finds nothing left (the pending one already takes it all).
    let e = tax::reverse_invoice(&db, &t.boss, id, &full).await.unwrap_err();
    assert_eq!(e, TaxError::Invoice { errors: vec![InvoiceError::NothingLeftToReverse] }.into());
    // Until the red-letter invoice is issued the order stays invoiced.
    let again = tax::create_invoice(&db, &t.boss, &input).await.unwrap_err();
    assert!(matches!(again.fault(), Some(app::error::Fault::Tax(TaxError::OrderInvoiced { .. }))));
    tax::issue_invoice(&db, &t.boss, red, "26352000000000000012", "2026-02-10").await.unwrap();
    let orig = tax::get_invoice(&db, &t.boss, id).await.unwrap();
    assert_eq!(orig.summary.status, InvoiceStatus::Reversed);
    assert_eq!(orig.reversible, vec![Money::ZERO]);
    assert_eq!(orig.reds.len(), 1);
    // Now the order can be invoiced again.
    let reissued = tax::create_invoice(&db, &t.boss, &input).await.unwrap();
    tax::issue_invoice(&db, &t.boss, reissued, "26352000000000000013", "2026-02-11").await.unwrap();
    // A partial reversal (one box returned): 33.33 at 1% → −0.33 tax, −33.00.
    let part = ReverseInput { reason: RedReason::SalesReturn, lines: vec![app::tax::RedLineInput { line: 1, gross: "33.33".into(), qty: "1".into() }] };
    let pr = tax::reverse_invoice(&db, &t.boss, reissued, &part).await.unwrap();
    let d = tax::get_invoice(&db, &t.boss, pr).await.unwrap();
    assert_eq!(tax::line_figures(&d.invoice), vec![(-3333, -3300, -33)]);
    assert_eq!(d.invoice.lines[0].line.qty, Some(rust_decimal::Decimal::from(-1)));
    let left = tax::get_invoice(&db, &t.boss, reissued).await.unwrap();
    assert_eq!((left.summary.status, left.reversible.clone()), (InvoiceStatus::Issued, vec![Money::from_fen(6666)]));
    let over = ReverseInput { reason: RedReason::SalesReturn, lines: vec![app::tax::RedLineInput { line: 1, gross: "66.67".into(), qty: "".into() }] };
    let e = tax::reverse_invoice(&db, &t.boss, reissued, &over).await.unwrap_err();
    assert_eq!(e, TaxError::Invoice { errors: vec![InvoiceError::RedExceedsRemaining { line: 1, remaining_fen: 6666, requested_fen: 6667 }] }.into());
    // A red-letter invoice cannot itself be reversed.
    tax::issue_invoice(&db, &t.boss, pr, "26352000000000000014", "2026-02-12").await.unwrap();
    assert_eq!(tax::reverse_invoice(&db, &t.boss, pr, &full).await.unwrap_err(), TaxError::NotReversible.into());
    invariants_hold(&db).await;
});

/// (goods, services) of lines 1–25 of a small-scale summary, where not zero.
fn small_lines(s: &app::tax::VatSummary) -> Vec<(u8, i64, i64)> {
    s.small.as_ref().unwrap().lines.iter().filter(|l| l.goods_fen != 0 || l.services_fen != 0).map(|l| (l.no, l.goods_fen, l.services_fen)).collect()
}

on_both!(small_scale_quarter_at_the_threshold_edge, |db: Db| async move {
    let t = team(&db).await;
    common::sku(&db, &t.boss, "10", 0).await;
    tax_setup(&db, &t.boss, &tax_profile("2026-01"), TaxRate::R1).await;
    // Q1 2026: a 普票 at 1% of 20,200.00 (20,000.00 + 200.00), a 专票 at 1% of 10,100.00
    // (10,000.00 + 100.00), a 免税 普票 of 270,000.00 — sales 300,000.00, at the threshold.
    issued(&db, &t.boss, &ordinary(vec![hand("蛋糕", GOODS, "20200", TaxRate::R1)]), 1, "2026-01-15").await;
    issued(&db, &t.boss, &special(vec![hand("礼盒", GOODS, "10100", TaxRate::R1)]), 2, "2026-02-10").await;
    issued(&db, &t.boss, &ordinary(vec![hand("蛋糕", GOODS, "270000", TaxRate::Exempt)]), 3, "2026-03-20").await;
    let q = tax::vat_summary(&db, &t.boss, "2026-Q1").await.unwrap();
    let r = q.small.as_ref().unwrap();
    assert_eq!((r.sales_fen, r.threshold_fen, r.exempt), (30_000_000, Some(30_000_000), true));
    // 1 = 30,000 taxed (2 = 专票 10,000; 3 = 普票 20,000); 9 = 10 = 270,000 exempt;
    // 15 = 30,000 × 3% = 900; 16 = 30,000 × 2% = 600; 20 = 22 = 300;
    // 17 = 18 = 270,000 × 1% = 2,700; 23 = 300 × 7% = 21.00 less half = 10.50; 24, 25 waived.
    assert_eq!(
        small_lines(&q),
        vec![
            (1, 3_000_000, 0), (2, 1_000_000, 0), (3, 2_000_000, 0), (9, 27_000_000, 0), (10, 27_000_000, 0), (15, 90_000, 0),
            (16, 60_000, 0), (17, 270_000, 0), (18, 270_000, 0), (20, 30_000, 0), (22, 30_000, 0), (23, 1_050, 0),
        ]
    );
    assert_eq!((q.invoiced_sales, q.output_tax, q.uninvoiced_sales), (Money::from_fen(30_000_000), Money::from_fen(30_000), Money::ZERO));
    // One fen more (0.01 at 1%: no tax, 金额 0.01) and nothing is exempt: the 免税 sales are
    // taken as including 1%: 270,000 / 1.01 = 267,326.7326… → 267,326.73.
    // 1 = 30,000 + 0.01 + 267,326.73 = 297,326.74; 3 = 287,326.74; 2 = 10,000.
    // 15 = × 3% = 8,919.8022 → 8,919.80; 16 = × 2% = 5,946.5348 → 5,946.53; 20 = 2,973.27.
    // 23: 2,973.27 × 7% = 208.13, less 104.065 → 104.07: 104.06; 24: 89.20 − 44.60 = 44.60;
    // 25: 59.47 − 29.735 → 29.74: 29.73.
    issued(&db, &t.boss, &ordinary(vec![hand("糖", GOODS, "0.01", TaxRate::R1)]), 4, "2026-03-31").await;
    let q = tax::vat_summary(&db, &t.boss, "2026-Q1").await.unwrap();
    assert_eq!((q.small.as_ref().unwrap().sales_fen, q.small.as_ref().unwrap().exempt), (30_000_001, false));
    assert_eq!(
        small_lines(&q),
        vec![
            (1, 29_732_674, 0), (2, 1_000_000, 0), (3, 28_732_674, 0), (15, 891_980, 0), (16, 594_653, 0), (20, 297_327, 0),
            (22, 297_327, 0), (23, 10_406, 0), (24, 4_460, 0), (25, 2_973, 0),
        ]
    );
    // The export keeps the return's order: lines 1–25 with their titles and figures.
    let bytes = tax::export_vat(&db, &t.boss, "2026-Q1").await.unwrap();
    let rows = common::xlsx_rows(&bytes);
    assert_eq!(rows[7][0..3], ["1".to_string(), "（一）应征增值税不含税销售额（3%征收率）".into(), "297326.74".into()]);
    let nos: Vec<&str> = rows[7..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(nos, (1..=25).map(|n| n.to_string()).collect::<Vec<_>>().iter().map(|s| s.as_str()).collect::<Vec<_>>());
    assert_eq!(rows[7 + 22][2], "104.06");
    assert_eq!(rows[4][1], "2026年第1季度");
});

on_both!(general_taxpayer_quarter_with_credit_carried_forward, |db: Db| async move {
    let t = team(&db).await;
    common::sku(&db, &t.boss, "10", 0).await;
    let profile = app::tax::ProfileInput { taxpayer: TaxpayerType::General, opening_credit: "1000".into(), ..tax_profile("2026-01") };
    tax_setup(&db, &t.boss, &profile, TaxRate::R13).await;
    // January: 专票 11,300.00 at 13% (10,000 + 1,300); input tax 2,000.00 selected on 20 Jan.
    // February: 普票 for a service at 6%, 5,300.00 (5,000 + 300). March: 专票 22,600.00 (20,000 + 2,600).
    issued(&db, &t.boss, &special(vec![hand("礼盒", GOODS, "11300", TaxRate::R13)]), 1, "2026-01-10").await;
    issued(&db, &t.boss, &ordinary(vec![hand("咨询费", SERVICE, "5300", TaxRate::R6)]), 2, "2026-02-05").await;
    issued(&db, &t.boss, &special(vec![hand("礼盒", GOODS, "22600", TaxRate::R13)]), 3, "2026-03-03").await;
    let input = NewInputInvoice {
        seller_name: "上海某某食品有限公司".into(),
        seller_tax_id: "91440300MA5FAB127H".into(),
        number: "26312000000000000001".into(),
        issued_on: "2026-01-08".into(),
        amount: "15384.62".into(),
        tax: "2000".into(),
        deductible: true,
        selected_on: "2026-01-20".into(),
        ..Default::default()
    };
    tax::create_input(&db, &t.finance, &input).await.unwrap();
    assert_eq!(tax::create_input(&db, &t.finance, &input).await.unwrap_err(), TaxError::InputDuplicate { number: "26312000000000000001".into() }.into());
    // Jan: 11 = 1,300; 12 = 2,000; 13 = 1,000; 17 = 3,000; 18 = 1,300; 20 = 1,700.
    // Feb: 11 = 300; 13 = 1,700; 18 = 300; 20 = 1,400.
    // Mar: 11 = 2,600; 13 = 1,400; 17 = 1,400 < 2,600 → 18 = 1,400; 19 = 1,200; 20 = 0;
    //      24 = 34 = 1,200; sales 20,000 ≤ 100,000: education surcharges waived; 39 = 1,200 × 7% = 84.00.
    let line = |r: &app::tax::logic_vat_general::GeneralReturn, nos: &[u8]| nos.iter().map(|n| r.line(*n)).collect::<Vec<i64>>();
    let nos = [1, 2, 11, 12, 13, 17, 18, 19, 20, 24, 34, 39, 40, 41];
    let mar = tax::vat_summary(&db, &t.boss, "2026-03").await.unwrap();
    assert_eq!(line(mar.general.as_ref().unwrap(), &nos), vec![2_000_000, 2_000_000, 260_000, 0, 140_000, 140_000, 140_000, 120_000, 0, 120_000, 120_000, 8_400, 0, 0]);
    // The quarter: flows added, 13 of January, 20 of March: 17 = 2,000 + 1,000 = 3,000 = 18.
    let q = tax::vat_summary(&db, &t.boss, "2026-Q1").await.unwrap();
    assert_eq!(line(q.general.as_ref().unwrap(), &nos), vec![3_500_000, 3_000_000, 420_000, 200_000, 100_000, 300_000, 300_000, 120_000, 0, 120_000, 120_000, 8_400, 0, 0]);
    assert_eq!(q.general_months.iter().map(|m| m.line(20)).collect::<Vec<_>>(), vec![170_000, 140_000, 0]);
    assert_eq!((q.output_tax, q.input_tax), (Money::from_fen(420_000), Money::from_fen(200_000)));
    let rows = common::xlsx_rows(&tax::export_vat(&db, &t.boss, "2026-Q1").await.unwrap());
    assert_eq!(rows[6], ["栏次", "项目", "本期数", "2026年1月", "2026年2月", "2026年3月"].map(String::from).to_vec());
    let l20 = rows.iter().find(|r| r[0] == "20").unwrap();
    assert_eq!(l20[1..], ["期末留抵税额", "0", "1700", "1400", "0"].map(String::from));
});

on_both!(uninvoiced_orders_and_their_later_invoice, |db: Db| async move {
    let t = team(&db).await;
    let sku = common::sku(&db, &t.boss, "33.33", 100).await;
    tax_setup(&db, &t.boss, &tax_profile("2026-01"), TaxRate::R1).await;
    let o = sold(&db, &t, "13800000002", &[(sku, 3)]).await;
    let today = app::time::date_of_day(app::time::day_of(app::time::now_ms()));
    let month = app::tax::Period::month_of(today).code();
    // Sold and not invoiced: 99.99 counts as sales without invoice, no tax charged.
    let s = tax::vat_summary(&db, &t.boss, &month).await.unwrap();
    assert_eq!((s.uninvoiced_sales, s.invoiced_sales), (Money::from_fen(9999), Money::ZERO));
    let input = NewInvoice { buyer_name: "王女士".into(), natural_person: true, order_ids: vec![o], ..Default::default() };
    let id = tax::create_invoice(&db, &t.boss, &input).await.unwrap();
    tax::issue_invoice(&db, &t.boss, id, "26352000000000000021", &today.format("%Y-%m-%d").to_string()).await.unwrap();
    // Invoiced the same month: the order leaves the sales without invoice.
    let s = tax::vat_summary(&db, &t.boss, &month).await.unwrap();
    assert_eq!((s.uninvoiced_sales, s.invoiced_sales, s.output_tax), (Money::ZERO, Money::from_fen(9900), Money::from_fen(99)));
    // A product without settings stops the summary with its name.
    let lonely = common::sku(&db, &t.boss, "7", 10).await;
    sold(&db, &t, "13700000007", &[(lonely, 1)]).await;
    let e = tax::vat_summary(&db, &t.boss, &month).await.unwrap_err();
    assert_eq!(e, TaxError::SettingsMissing { products: vec!["补水面膜".into()] }.into());
    assert_eq!(tax::vat_summary(&db, &t.boss, "2026-13").await.unwrap_err(), TaxError::BadPeriod { text: "2026-13".into() }.into());
    // The invoice list export: one row per invoice after the heading.
    let rows = common::xlsx_rows(&tax::export_invoices(&db, &t.boss, &Default::default()).await.unwrap());
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][0..4], ["26352000000000000021".to_string(), today.format("%Y-%m-%d").to_string(), "电子发票（普通发票）".into(), "已开票".into()]);
    assert_eq!(rows[1][9], "99.99");
});

on_both!(input_invoices_and_the_policy_table, |db: Db| async move {
    let t = team(&db).await;
    let input = NewInputInvoice {
        seller_name: "上海某某食品有限公司".into(),
        seller_tax_id: "91440300MA5FAB127H".into(),
        number: "26312000000000000009".into(),
        issued_on: "2026-03-08".into(),
        amount: "1000".into(),
        tax: "130".into(),
        ..Default::default()
    };
    let id = tax::create_input(&db, &t.boss, &input).await.unwrap();
    let e = tax::select_input(&db, &t.boss, id, "2026-03-01").await.unwrap_err();
    assert_eq!(e, TaxError::SelectedBeforeIssued.into());
    tax::select_input(&db, &t.boss, id, "2026-03-20").await.unwrap();
    let page = tax::list_inputs(&db, &t.boss, &Default::default()).await.unwrap();
    assert_eq!((page.rows[0].deductible, page.rows[0].selected_on.as_deref()), (true, Some("2026-03-20")));
    let bad = NewInputInvoice { amount: "x".into(), ..input.clone() };
    assert_eq!(tax::create_input(&db, &t.boss, &bad).await.unwrap_err(), CommonError::BadAmount { field: "amount".into() }.into());
    tax::delete_input(&db, &t.boss, id).await.unwrap();
    assert_eq!(tax::delete_input(&db, &t.boss, id).await.unwrap_err(), AppError::NotFound);
    // The table the migration seeds is the rule set the logic was written and tested against.
    let rows = tax::list_policy(&db, &t.finance).await.unwrap();
    let builtin = TaxPolicy::builtin();
    assert_eq!(rows.len(), builtin.entries.len());
    for (r, e) in rows.iter().zip(&builtin.entries) {
        assert_eq!((r.from.clone(), r.to.clone(), r.rule, r.source.clone()), (e.from.to_string(), e.to.map(|d| d.to_string()), e.rule, e.source.clone()));
    }
    assert_eq!(tax::list_policy(&db, &t.a1).await.unwrap_err(), AppError::Forbidden);
});

// An input invoice linked to the purchase order its goods came in with: only a received one
// can be linked; the form offers the received ones with the supplier and the value received.
on_both!(input_invoices_link_to_purchase_receipts, |db: Db| async move {
    use app::inventory::{service as inv, DocLine, NewPurchaseOrder, NewSupplier, PoReceipt};
    let t = team(&db).await;
    let sku = common::sku(&db, &t.boss, "64", 0).await;
    let supplier = inv::create_supplier(&db, &t.boss, &NewSupplier { name: "上海某某食品有限公司".into(), lead_time_days: 3, ..Default::default() }).await.unwrap();
    let po = inv::create_purchase(&db, &t.boss, &NewPurchaseOrder { supplier_id: supplier, lines: vec![DocLine { sku_id: sku, qty: 10, unit_cost: "12.5".into() }], ..Default::default() })
        .await
        .unwrap();
    let input = NewInputInvoice {
        seller_name: "上海某某食品有限公司".into(),
        seller_tax_id: "91440300MA5FAB127H".into(),
        number: "26312000000000000011".into(),
        issued_on: "2026-03-08".into(),
        amount: "75".into(),
        tax: "9.75".into(),
        receipt_id: Some(po),
        ..Default::default()
    };
    // Nothing received yet: not linkable, nothing saved.
    assert_eq!(tax::create_input(&db, &t.finance, &input).await.unwrap_err(), TaxError::UnknownReceipt { id: po }.into());
    assert!(tax::purchase_receipts(&db, &t.finance).await.unwrap().is_empty());
    // 6 of 10 received at ¥12.50: ¥75.00 received, offered and linked.
    let receipt = PoReceipt { po_id: po, lines: vec![DocLine { sku_id: sku, qty: 6, unit_cost: "".into() }] };
    inv::receive_purchase(&db, &t.warehouse, &receipt).await.unwrap();
    let offered = tax::purchase_receipts(&db, &t.finance).await.unwrap();
    assert_eq!(offered.iter().map(|r| (r.id, r.supplier.as_str(), r.received.to_fen())).collect::<Vec<_>>(), vec![(po, "上海某某食品有限公司", 7_500)]);
    tax::create_input(&db, &t.finance, &input).await.unwrap();
    let page = tax::list_inputs(&db, &t.finance, &Default::default()).await.unwrap();
    assert_eq!(page.rows[0].receipt_id, Some(po));
    let unknown = NewInputInvoice { number: "26312000000000000012".into(), receipt_id: Some(po + 100), ..input.clone() };
    assert_eq!(tax::create_input(&db, &t.finance, &unknown).await.unwrap_err(), TaxError::UnknownReceipt { id: po + 100 }.into());
    assert_eq!(tax::purchase_receipts(&db, &t.a1).await.unwrap_err(), AppError::Forbidden);
});

on_both!(the_demo_team_has_invoices_and_a_summary, |db: Db| async move {
    let today = app::time::day_of_date(chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap());
    let report = server::demo::seed(&db, today).await.unwrap();
    assert!((12..=24).contains(&report.invoices), "{}", report.invoices);
    let sys = app::auth::service::system();
    assert!(server::check::run(&db).await.unwrap().ok());
    let issued = app::tax::InvoiceFilter { period: "2026-10".into(), ..Default::default() };
    assert!(tax::list_invoices(&db, &sys, &issued).await.unwrap().count.n >= 3);
    // October: sales without invoice are the bulk, some invoiced; above 100,000 a month,
    // so nothing is exempt and the 1% levy applies.
    let s = tax::vat_summary(&db, &sys, "2026-10").await.unwrap();
    let r = s.small.as_ref().unwrap();
    assert!(!r.exempt && r.sales_fen > 10_000_000, "{}", r.sales_fen);
    assert!(s.uninvoiced_sales > s.invoiced_sales && s.invoiced_sales.to_fen() > 0);
    assert_eq!(r.line(20).goods_fen, r.line(15).goods_fen - r.line(16).goods_fen);
    assert_eq!(tax::list_inputs(&db, &sys, &Default::default()).await.unwrap().count.n, 6);
});
