//! The demo team's money: a year of payments for its paid orders (WeChat Pay, Alipay, bank,
//! cash), monthly and daily expenses, and — through the finance services — the last two weeks'
//! WeChat Pay bill imported like a real one (fees, a refund, a duplicate payment, payments left
//! for a person), then every month before last closed.
//!
//! The year is bulk-inserted for speed (14,000 payments through the service would take a
//! minute); the kept totals are then rebuilt from a scan, and `server check` proves them.

use super::db::{insert_rows, V};
use super::{Customer, Order};
use app::auth::Caller;
use app::finance::logic::Month;
use app::finance::logic_match::MatchReason;
use app::finance::{service_bills, service_pnl, BillChoice, UploadKind};
use app::orders::logic::order_no;
use app::orders::OrderStatus;
use app::time::{date_of_day, day_of, day_start_ms, DAY_MS};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::AnyConnection;
use std::collections::BTreeMap;

/// Payments of the last this-many days arrive by bill import instead of the bulk history.
const BILL_DAYS: i64 = 14;

/// How the demo's customers paid (a fixed choice per order).
fn method_of(rng: &mut StdRng) -> &'static str {
    match rng.gen_range(0..100) {
        0..70 => "wechat",
        70..88 => "alipay",
        88..93 => "bank",
        _ => "cash",
    }
}

/// Who paid an order, when, and how.
pub(super) struct Paid {
    pub order: usize,
    pub method: &'static str,
    pub at: i64,
}

/// When each paid order was paid and how (deterministic, own random stream).
pub(super) fn payments(orders: &[Order]) -> Vec<Paid> {
    let mut rng = StdRng::seed_from_u64(0xF1_2026);
    orders
        .iter()
        .enumerate()
        .filter_map(|(i, o)| {
            let confirmed = o.history.iter().find(|h| h.0 == OrderStatus::ToShip)?.1;
            let method = method_of(&mut rng);
            let before = rng.gen_range(1..20) * 60_000;
            Some(Paid { order: i, method, at: (confirmed - before).max(o.at) })
        })
        .collect()
}

/// Bulk history inside the seed's transaction: payments older than the bill window, and
/// expenses (rent, salaries, promotion, packaging, freight per shipping day, monthly fees).
pub(super) async fn insert_history(
    conn: &mut AnyConnection,
    orders: &[Order],
    customers: &[Customer],
    paid: &[Paid],
    first_order: i64,
    finance_user: i64,
    today: i64,
    now: i64,
) -> anyhow::Result<()> {
    let cutoff = day_start_ms(today - BILL_DAYS + 1);
    let mut rows = Vec::new();
    let mut fees: BTreeMap<i64, i64> = BTreeMap::new();
    for p in paid.iter().filter(|p| !(p.method == "wechat" && p.at >= cutoff)) {
        let o = &orders[p.order];
        let id = first_order + p.order as i64;
        let c = &customers[o.customer];
        let no = order_no(day_of(o.at), id);
        let txn = match p.method {
            "wechat" => V::S(format!("4200{}{id:010}", date_of_day(day_of(p.at)).format("%Y%m%d"))),
            "alipay" => V::S(format!("{}2200141{id:011}", date_of_day(day_of(p.at)).format("%Y%m%d"))),
            "bank" => V::S(format!("HQ{}{id:06}", date_of_day(day_of(p.at)).format("%Y%m%d"))),
            _ => V::NS,
        };
        if matches!(p.method, "wechat" | "alipay") {
            *fees.entry(Month::of_ms(p.at).first_day()).or_default() += o.total_fen;
        }
        let reason = serde_json::to_string(&MatchReason::OrderNo { order_no: no.clone() })?;
        let account = if p.method == "alipay" { format!("{}****{}", &c.mobile[..3], &c.mobile[7..]) } else { String::new() };
        rows.push(vec![
            V::S("payment".into()), V::S(p.method.into()), V::I(o.total_fen), V::I(0), V::S(c.name.clone()), V::S(account), txn,
            V::S(no), V::S(String::new()), V::I(p.at), V::I(day_of(p.at)), V::S("matched".into()), V::I(id), V::S("reference".into()),
            V::S(reason), V::I(finance_user), V::I(p.at + 30 * 60_000), V::I(finance_user), V::I(p.at + 30 * 60_000),
        ]);
    }
    let cols = [
        "kind", "method", "amount_fen", "fee_fen", "payer", "payer_account", "txn_no", "reference", "note", "paid_at", "book_day", "state",
        "order_id", "match_kind", "match_reason", "matched_by", "matched_at", "created_by", "created_at",
    ];
    insert_rows(conn, "payments", &cols, &rows).await?;
    insert_rows(conn, "expenses", &EXPENSE_COLUMNS, &expenses(orders, &fees, finance_user, today, now)).await?;
    Ok(())
}

const EXPENSE_COLUMNS: [&str; 8] = ["category_id", "amount_fen", "spent_at", "book_day", "note", "source", "created_by", "created_at"];

/// The built-in categories' ids in the migration's order.
fn category(code: &str) -> i64 {
    app::finance::logic_expenses::BUILT_IN.iter().position(|(c, _)| *c == code).expect("built-in category") as i64 + 1
}

fn expenses(orders: &[Order], fee_base: &BTreeMap<i64, i64>, user: i64, today: i64, now: i64) -> Vec<Vec<V>> {
    let mut out = Vec::new();
    let mut push = |code: &str, fen: i64, at: i64, note: &str| {
        if at <= now && fen > 0 {
            out.push(vec![V::I(category(code)), V::I(fen), V::I(at), V::I(day_of(at)), V::S(note.into()), V::S("manual".into()), V::I(user), V::I(at)]);
        }
    };
    let first = today - 364;
    let mut month = Month::of_day(first);
    let mut shipped_by_day: BTreeMap<i64, i64> = BTreeMap::new();
    for o in orders {
        if let Some(at) = o.shipped_at() {
            *shipped_by_day.entry(day_of(at)).or_default() += 1;
        }
    }
    while month.first_day() <= today {
        let day = |d: i64| day_start_ms(month.first_day() + d - 1);
        push("rent", 300_000, day(1) + 9 * 3_600_000, "仓库房租");
        push("salary", 650_000, day(10) + 10 * 3_600_000, "客服、打包工资");
        let promo = if month.month == 11 || month.month == 9 { 280_000 } else { 90_000 + (month.month as i64 * 7_919 % 60_000) };
        push("promotion", promo, day(15) + 14 * 3_600_000, "朋友圈推广");
        let shipped: i64 = shipped_by_day.range(month.first_day()..month.end_day()).map(|(_, n)| n).sum();
        push("packaging", shipped * 120, day(month.days().min(28)) + 16 * 3_600_000, "纸箱、胶带、气泡膜");
        // Fees on what the bulk history collected by WeChat Pay and Alipay that month: 0.6 %.
        if let Some(base) = fee_base.get(&month.first_day()) {
            push("payment_fees", (*base * 6 + 500) / 1000, day(month.days()) + 20 * 3_600_000, "微信支付/支付宝手续费（月结）");
        }
        month = month.next();
    }
    for (day, n) in shipped_by_day {
        push("freight", n * 800, day_start_ms(day) + 19 * 3_600_000, "顺丰月结运费");
    }
    out
}

/// Through the finance services: the last two weeks' WeChat Pay bill, then the month close.
pub(super) async fn after_seed(db: &app::state::Db, finance: &Caller, boss: &Caller, orders: &[Order], paid: &[Paid], first_order: i64, today: i64, now: i64) -> anyhow::Result<()> {
    let err = |e: app::error::AppError| anyhow::anyhow!(e.message(app::i18n::Lang::En));
    let bill = wechat_bill(orders, paid, first_order, today, now);
    let token = service_bills::upload_bytes(db, finance, UploadKind::Bill, "微信支付交易账单.csv", &bill).await.map_err(err)?;
    service_bills::import_bill(db, finance, &token, &BillChoice::default()).await.map_err(err)?;
    // Every month of the year before last month is closed; last month waits for the boss.
    let last = Month::of_day(today).prev();
    let mut m = Month::of_day(today - 364);
    while m < last {
        service_pnl::close_period(db, boss, &m.to_string()).await.map_err(err)?;
        m = m.next();
    }
    Ok(())
}

/// A WeChat Pay merchant bill of the last two weeks' WeChat payments (fees 0.6 %), with what
/// real bills bring: a refund, an order paid twice, transfers no order explains, and payments
/// of today's open orders without an order number (for a person to match).
fn wechat_bill(orders: &[Order], paid: &[Paid], first_order: i64, today: i64, now: i64) -> Vec<u8> {
    let cutoff = day_start_ms(today - BILL_DAYS + 1);
    let mut rng = StdRng::seed_from_u64(0xB111);
    let mut lines: Vec<(i64, String)> = Vec::new();
    let totals = std::cell::Cell::new((0i64, 0i64, 0i64));
    let line = |at: i64, wx: &str, merchant: &str, openid: &str, status: &str, amount_fen: i64, refund: Option<(&str, i64)>, fee_milli: i64| {
        let yuan = |f: i64| format!("{}.{:02}", f / 100, f.abs() % 100);
        let fee = format!("{}{}.{:05}", if fee_milli < 0 { "-" } else { "" }, fee_milli.abs() / 100_000, fee_milli.abs() % 100_000);
        let (settled, refund_no, refund_amt) = match refund {
            Some((no, f)) => ("0.00".to_string(), no.to_string(), yuan(f)),
            None => (yuan(amount_fen), "0".to_string(), "0.00".to_string()),
        };
        let (t_settled, t_refund, t_fee) = totals.get();
        let (ds, dr) = match refund {
            Some((_, f)) => (0, f),
            None => (amount_fen, 0),
        };
        totals.set((t_settled + ds, t_refund + dr, t_fee + fee_milli));
        let local = chrono::DateTime::from_timestamp_millis(at).expect("time").with_timezone(&app::time::business_tz()).format("%Y-%m-%d %H:%M:%S");
        format!(
            "`{local},`wx2421b1c4370ec43b,`1900000109,`0,`,`{wx},`{merchant},`{openid},`JSAPI,`{status},`OTHERS,`CNY,`{settled},`0.00,`{refund_no},`0,`{refund_amt},`0.00,`,`,`微掌柜订单,`,`{fee},`0.60%,`{},`{refund_amt},`\r\n",
            yuan(amount_fen)
        )
    };
    // Fees in 1/100,000 yuan (the bill's five decimals): 0.6 % of the amount.
    let fee_of = |fen: i64| fen * 6;
    let recent: Vec<&Paid> = paid.iter().filter(|p| p.method == "wechat" && p.at >= cutoff).collect();
    for (k, p) in recent.iter().enumerate() {
        let o = &orders[p.order];
        let id = first_order + p.order as i64;
        let no = order_no(day_of(o.at), id);
        let wx = format!("42000{}{id:010}", date_of_day(day_of(p.at)).format("%Y%m%d"));
        let openid = format!("oUpF8u{:08x}", id * 2654435761 % 4_294_967_296);
        lines.push((p.at, line(p.at, &wx, &no, &openid, "SUCCESS", o.total_fen, None, fee_of(o.total_fen))));
        if k == 3 && o.shipped_at().is_some() {
            // A partial refund a week later (after-sales), with its fee returned.
            let at = (p.at + 5 * DAY_MS).min(now - 3_600_000);
            let amount = o.total_fen / 2;
            lines.push((at, line(at, &wx, &no, &openid, "REFUND", o.total_fen, Some((&format!("503{id:017}"), amount)), -fee_of(amount))));
        }
        if k == 7 {
            // The customer paid twice for one order.
            let at = p.at + 90_000;
            let wx2 = format!("42001{}{id:010}", date_of_day(day_of(at)).format("%Y%m%d"));
            lines.push((at, line(at, &wx2, &no, &openid, "SUCCESS", o.total_fen, None, fee_of(o.total_fen))));
        }
    }
    // Transfers no order explains.
    for (k, fen) in [8_800, 16_600].into_iter().enumerate() {
        let at = now - (k as i64 + 2) * DAY_MS + rng.gen_range(0..3_600_000);
        let wx = format!("42009{}{:010}", date_of_day(day_of(at)).format("%Y%m%d"), 90 + k);
        lines.push((at, line(at, &wx, "", &format!("oUpF8uX{k}"), "SUCCESS", fen, None, fee_of(fen))));
    }
    // Payments of today's open orders without their number: amount and time fit, a person confirms.
    let open: Vec<(usize, &Order)> =
        orders.iter().enumerate().filter(|(_, o)| o.status() == OrderStatus::PendingPayment && o.at + 10 * 60_000 < now && o.at > now - DAY_MS).take(2).collect();
    for (i, o) in open {
        let at = o.at + 10 * 60_000;
        let wx = format!("42008{}{:010}", date_of_day(day_of(at)).format("%Y%m%d"), first_order + i as i64);
        lines.push((at, line(at, &wx, "", &format!("oUpF8uP{i}"), "SUCCESS", o.total_fen, None, fee_of(o.total_fen))));
    }
    lines.sort_by_key(|l| l.0);
    let mut s = String::from("\u{FEFF}交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注\r\n");
    for (_, l) in &lines {
        s.push_str(l);
    }
    s.push_str("总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\r\n");
    let (settled, refunded, fee) = totals.get();
    let yuan = |f: i64| format!("{}.{:02}", f / 100, f % 100);
    let fee = format!("{}{}.{:05}", if fee < 0 { "-" } else { "" }, fee.abs() / 100_000, fee.abs() % 100_000);
    s.push_str(&format!("`{},`{},`{},`0.00,`{fee},`{},`{}\r\n", lines.len(), yuan(settled), yuan(refunded), yuan(settled), yuan(refunded)));
    s.into_bytes()
}
