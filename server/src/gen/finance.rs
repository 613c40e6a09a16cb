//! The generated team's money: a payment for every paid order (WeChat Pay, Alipay, bank card,
//! cash), except those of the last [`BILL_DAYS`] days, whose payments arrive by bill file
//! (`server bench-finance` imports them); and the expenses of every month. Finance's kept
//! totals are rebuilt from a scan after the load (`generate` does it), as `server check` proves.

use super::db::{Batch, Lit};
use app::finance::logic::Month;
use app::time::{day_of, day_start_ms};
use std::collections::BTreeMap;

/// Payments of the last this-many days are left for a bill (about 50,000 at 1M orders).
pub const BILL_DAYS: i64 = 36;
/// The generated finance user (`gfinance`).
pub const FINANCE_USER: i64 = 3;

/// Money the generator tracks while it makes orders.
#[derive(Default)]
pub struct Books {
    /// Orders shipped per business day.
    shipped: BTreeMap<i64, i64>,
    /// WeChat Pay and Alipay takings per month (first day), for the monthly fee.
    fee_base: BTreeMap<i64, i64>,
}

/// The method an order was paid by: a fixed spread by order id (no random draw, so the orders
/// themselves come out as before).
fn method_of(id: i64) -> &'static str {
    match (id * 2_654_435_761) % 100 {
        0..70 => "wechat",
        70..88 => "alipay",
        88..93 => "bank",
        _ => "cash",
    }
}

impl Books {
    /// One order's payment (when it was paid before the bill window) and shipment.
    #[allow(clippy::too_many_arguments)]
    pub fn order(&mut self, b: &mut Batch, id: i64, order_no: &str, payer: &str, total_fen: i64, paid_at: Option<i64>, shipped_at: Option<i64>, today: i64) {
        if let Some(t) = shipped_at {
            *self.shipped.entry(day_of(t)).or_default() += 1;
        }
        let Some(at) = paid_at.filter(|at| *at < day_start_ms(today - BILL_DAYS + 1)) else { return };
        let method = method_of(id);
        let txn = match method {
            "wechat" => Lit::S(format!("4200{id:016}")),
            "alipay" => Lit::S(format!("2022{id:016}")),
            "bank" => Lit::S(format!("HQ{id:012}")),
            _ => Lit::N,
        };
        if matches!(method, "wechat" | "alipay") {
            *self.fee_base.entry(Month::of_ms(at).first_day()).or_default() += total_fen;
        }
        let reason = format!("{{\"kind\":\"order_no\",\"order_no\":\"{order_no}\"}}");
        b.payments.push(vec![
            Lit::S("payment".into()), Lit::S(method.into()), Lit::I(total_fen), Lit::I(0), Lit::S(payer.into()), Lit::S(String::new()), txn,
            Lit::S(order_no.into()), Lit::S(String::new()), Lit::I(at), Lit::I(day_of(at)), Lit::S("matched".into()), Lit::I(id),
            Lit::S("reference".into()), Lit::S(reason), Lit::I(FINANCE_USER), Lit::I(at + 600_000), Lit::I(FINANCE_USER), Lit::I(at + 600_000),
        ]);
    }

    /// Every month's expenses: rent, salaries, promotion, packaging by shipments, freight per
    /// shipping day, and the payment providers' fees (0.6 %) on what they collected.
    pub fn expenses(&self, b: &mut Batch, first_day: i64, today: i64) {
        let category = |code: &str| app::finance::logic_expenses::BUILT_IN.iter().position(|(c, _)| *c == code).expect("built-in") as i64 + 1;
        let mut push = |code: &str, fen: i64, at: i64, note: &str| {
            if fen > 0 && day_of(at) <= today {
                b.expenses.push(vec![
                    Lit::I(category(code)), Lit::I(fen), Lit::I(at), Lit::I(day_of(at)), Lit::S(note.into()), Lit::S("manual".into()),
                    Lit::I(FINANCE_USER), Lit::I(at),
                ]);
            }
        };
        let mut month = Month::of_day(first_day);
        while month.first_day() <= today {
            let day = |d: i64| day_start_ms(month.first_day() + d - 1);
            push("rent", 2_000_000, day(1) + 9 * 3_600_000, "仓库房租");
            push("salary", 9_600_000, day(10) + 10 * 3_600_000, "工资");
            push("promotion", 1_500_000 + month.month as i64 * 50_000, day(15) + 14 * 3_600_000, "推广");
            let shipped: i64 = self.shipped.range(month.first_day()..month.end_day()).map(|(_, n)| n).sum();
            push("packaging", shipped * 150, day(month.days().min(28)) + 16 * 3_600_000, "包材");
            if let Some(base) = self.fee_base.get(&month.first_day()) {
                push("payment_fees", (base * 6 + 500) / 1000, day(month.days()) + 20 * 3_600_000, "微信支付/支付宝手续费（月结）");
            }
            month = month.next();
        }
        for (day, n) in &self.shipped {
            push("freight", n * 800, day_start_ms(*day) + 19 * 3_600_000, "快递月结");
        }
    }
}
