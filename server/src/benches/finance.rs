//! `server bench-finance`: on a generated team (`server gen`), time the month's P&L and the
//! import of a large WeChat Pay bill through the finance services, as the finance user.
//!
//! The bill pays the generated orders whose payments were left for a bill (the last weeks):
//! nine lines in ten carry the order number (matched by reference), the rest only amount and
//! time (scored, or left for a person); every fiftieth payment is half refunded. The import
//! changes the database: run it on a copy.

use app::finance::logic::Month;
use app::finance::{service_bills, service_pnl, BillChoice, UploadKind};
use app::state::Db;
use app::time::now_ms;
use std::fmt::Write;
use std::time::{Duration, Instant};

pub async fn run(db: &Db, lines: usize) -> anyhow::Result<String> {
    let err = crate::cli::both;
    let sys = app::auth::service::system();
    let fin = app::auth::service::act_as(db, &sys, crate::gen::finance::FINANCE_USER).await.map_err(err)?;
    let orders: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders").fetch_one(&db.pool).await?;
    let mut md = String::new();
    let _ = writeln!(md, "### Finance — {orders} orders\n");
    let this = Month::of_ms(now_ms());
    let _ = writeln!(md, "| what | runs | median ms | max ms |\n|---|---:|---:|---:|");
    for m in [this.prev(), this] {
        let (median, max) = time_pnl(db, &fin, &m.to_string(), 7).await?;
        let _ = writeln!(md, "| P&L of {m} (service call) | 7 | {median:.1} | {max:.1} |");
    }
    let bill = bill(db, lines).await?;
    let n = bill.1;
    let started = Instant::now();
    let token = service_bills::upload_bytes(db, &fin, UploadKind::Bill, "bench.csv", &bill.0).await.map_err(err)?;
    let upload = started.elapsed();
    let t = Instant::now();
    let preview = service_bills::preview_bill(db, &fin, &token, &BillChoice::default()).await.map_err(err)?;
    let preview_took = t.elapsed();
    let t = Instant::now();
    let report = service_bills::import_bill(db, &fin, &token, &BillChoice::default()).await.map_err(err)?;
    let import_took = t.elapsed();
    let _ = writeln!(md, "| upload of a {n}-line bill ({:.1} MB) | 1 | {:.0} | |", bill.0.len() as f64 / 1e6, ms(upload));
    let _ = writeln!(md, "| preview ({} lines, {} new, {} errors) | 1 | {:.0} | |", preview.lines, preview.new_lines, preview.errors.len(), ms(preview_took));
    let _ = writeln!(
        md,
        "| import: {} payments ({} matched, {} for a person, {} unmatched), {} refunds | 1 | {:.0} | |",
        report.payments_new,
        report.matched,
        report.ambiguous,
        report.unmatched,
        report.refunds,
        ms(import_took)
    );
    let _ = writeln!(md, "| upload + preview + import | 1 | {:.0} | |", ms(upload + preview_took + import_took));
    let (median, max) = time_pnl(db, &fin, &this.to_string(), 7).await?;
    let _ = writeln!(md, "| P&L of {this} after the import | 7 | {median:.1} | {max:.1} |");
    Ok(md)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

async fn time_pnl(db: &Db, caller: &app::auth::Caller, month: &str, runs: usize) -> anyhow::Result<(f64, f64)> {
    let mut took = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let p = service_pnl::pnl(db, caller, month).await.map_err(crate::cli::both)?;
        took.push(ms(t.elapsed()));
        anyhow::ensure!(p.days.len() as i64 == Month::parse(month).map_err(|e| anyhow::anyhow!("{e:?}"))?.days());
    }
    took.sort_by(f64::total_cmp);
    Ok((took[runs / 2], took[runs - 1]))
}

/// A WeChat Pay merchant bill paying up to `lines` of the orders that have no payment yet
/// (the most recently paid first); returns the bytes and the number of lines.
async fn bill(db: &Db, lines: usize) -> anyhow::Result<(Vec<u8>, usize)> {
    let rows: Vec<(i64, Option<String>, i64, i64, String)> = sqlx::query_as(
        "SELECT o.id, o.order_no, o.total_fen, e.at, o.recipient_name FROM orders o JOIN order_events e ON e.order_id = o.id AND e.to_status = 'to_ship' \
         WHERE NOT EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id) ORDER BY e.at DESC LIMIT $1",
    )
    .bind(lines as i64)
    .fetch_all(&db.pool)
    .await?;
    anyhow::ensure!(!rows.is_empty(), "no unpaid orders: run `server gen` into an empty database first");
    let yuan = |f: i64| format!("{}.{:02}", f / 100, f % 100);
    let fee = |f: i64| {
        let x = f * 6;
        format!("{}{}.{:05}", if x < 0 { "-" } else { "" }, x.abs() / 100_000, x.abs() % 100_000)
    };
    let local = |ms: i64| chrono::DateTime::from_timestamp_millis(ms).expect("time").with_timezone(&app::time::business_tz()).format("%Y-%m-%d %H:%M:%S").to_string();
    let mut s = String::from("\u{FEFF}交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注\r\n");
    let mut n = 0;
    for (k, (id, no, total, confirmed, name)) in rows.iter().rev().enumerate() {
        let at = confirmed - 5 * 60_000;
        let merchant = if k % 10 == 9 { String::new() } else { no.clone().unwrap_or_default() };
        let _ = write!(
            s,
            "`{},`wx2421b1c4370ec43b,`1900000109,`0,`,`4200B{id:016},`{merchant},`{name},`JSAPI,`SUCCESS,`OTHERS,`CNY,`{},`0.00,`0,`0,`0.00,`0.00,`,`,`微掌柜订单,`,`{},`0.60%,`{},`0.00,`\r\n",
            local(at),
            yuan(*total),
            fee(*total),
            yuan(*total)
        );
        n += 1;
        if k % 50 == 49 && n < lines {
            let refund_at = (at + 86_400_000).min(now_ms() - 60_000);
            let half = total / 2;
            let _ = write!(
                s,
                "`{},`wx2421b1c4370ec43b,`1900000109,`0,`,`4200B{id:016},`{merchant},`{name},`JSAPI,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`5030B{id:016},`RF{id},`{},`0.00,`ORIGINAL,`SUCCESS,`微掌柜订单,`,`-{},`0.60%,`{},`{},`\r\n",
                local(refund_at),
                yuan(half),
                fee(half),
                yuan(*total),
                yuan(half)
            );
            n += 1;
        }
        if n >= lines {
            break;
        }
    }
    s.push_str("总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\r\n");
    let _ = write!(s, "`{n},`0.00,`0.00,`0.00,`0.00000,`0.00,`0.00\r\n");
    Ok((s.into_bytes(), n))
}
