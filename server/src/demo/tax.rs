//! Demo data of the tax area, through its services: a small-scale taxpayer profile, tax
//! codes for the catalogue (also for `server gen`), invoices for customers who ordered twice or more in a month
//! (issued the day after, a few still to issue, one reversed), and monthly purchase invoices.

use app::auth::Caller;
use app::state::Db;
use app::tax::{service as tax, InvoiceKind, NewInputInvoice, NewInvoice, ProfileInput, RedReason, ReverseInput, TaxRate, TaxSettingsInput, TaxpayerType};
use app::time::date_of_day;
use std::collections::BTreeMap;

/// (category, 税收分类编码, short name, unit). The codes have the table's shape (19 digits,
/// goods start with 1) and are illustrative: a real shop copies its own from the tax bureau.
const CODES: &[(&str, &str, &str, &str)] = &[
    ("服装", "1050201010000000000", "服装", "件"),
    ("美妆", "1070223030000000000", "化妆品", "盒"),
    ("食品", "1030201000000000000", "焙烤食品", "盒"),
    ("鞋类", "1050301000000000000", "鞋", "双"),
    ("母婴", "1050201020000000000", "服装", "件"),
    ("家居", "1060512990000000000", "日用品", "件"),
    ("数码配件", "1090512990000000000", "电子配件", "个"),
    ("保健", "1030306990000000000", "保健食品", "盒"),
];

/// A sold demo order: its id, customer (index), business day.
pub struct SoldOrder {
    pub id: i64,
    pub customer: usize,
    pub day: i64,
}

fn err(e: app::error::AppError) -> anyhow::Error {
    crate::cli::both(e)
}

pub async fn seed(db: &Db, sys: &Caller, today: i64, customers: &[String], sold: &[SoldOrder]) -> anyhow::Result<usize> {
    setup(db, sys, today - 364).await?;
    let invoices = invoices(db, sys, today, customers, sold).await?;
    inputs(db, sys, today).await?;
    Ok(invoices)
}

/// The profile (a small-scale taxpayer from the month of `first_day`) and a tax code for
/// every product by its category (the demo seed and `server gen`).
pub async fn setup(db: &Db, sys: &Caller, first_day: i64) -> anyhow::Result<()> {
    let first_month = date_of_day(first_day).format("%Y-%m").to_string();
    let profile = ProfileInput {
        taxpayer: TaxpayerType::SmallScale,
        name: "福州掌柜商贸有限公司".into(),
        tax_id: "91350100M000100Y43".into(),
        address: "福建省福州市鼓楼区五四路 88 号".into(),
        phone: "0591-87654321".into(),
        bank: "招商银行福州分行".into(),
        bank_account: "591912345678901".into(),
        credit_month: first_month.as_str().into(),
        ..Default::default()
    };
    tax::save_profile(db, sys, &profile).await.map_err(err)?;
    let mut filter = app::tax::ProductTaxFilter::default();
    loop {
        let page = tax::list_product_tax(db, sys, &filter).await.map_err(err)?;
        for p in &page.rows {
            let (_, code, short, unit) = CODES.iter().find(|c| c.0 == p.category).unwrap_or(&CODES[0]);
            let s = TaxSettingsInput { product_id: p.product_id, tax_code: (*code).into(), short_name: (*short).into(), rate: TaxRate::R1, simplified: false, unit: (*unit).into() };
            tax::save_product_tax(db, sys, &s).await.map_err(err)?;
        }
        match page.next {
            Some(c) => filter.seek = app::page::Seek::After(c),
            None => break,
        }
    }
    Ok(())
}

/// Customers with two or more sold orders in one month of the last six get one invoice for
/// them (three a month), issued the day after their last order; this month's wait.
async fn invoices(db: &Db, sys: &Caller, today: i64, customers: &[String], sold: &[SoldOrder]) -> anyhow::Result<usize> {
    let month = |day: i64| date_of_day(day).format("%Y-%m").to_string();
    let mut groups: BTreeMap<(String, usize), Vec<&SoldOrder>> = BTreeMap::new();
    for o in sold.iter().filter(|o| o.day > today - 180) {
        groups.entry((month(o.day), o.customer)).or_default().push(o);
    }
    let mut per_month: BTreeMap<String, usize> = BTreeMap::new();
    let mut made = Vec::new();
    let mut n = 0u64;
    for ((m, customer), orders) in groups.into_iter().filter(|(_, v)| v.len() >= 2) {
        let count = per_month.entry(m.clone()).or_default();
        if *count >= 3 {
            continue;
        }
        *count += 1;
        let input = NewInvoice {
            kind: InvoiceKind::Ordinary,
            buyer_name: customers[customer].as_str().into(),
            natural_person: true,
            order_ids: orders.iter().map(|o| o.id).collect(),
            ..Default::default()
        };
        let id = tax::create_invoice(db, sys, &input).await.map_err(err)?;
        let last = orders.iter().map(|o| o.day).max().unwrap_or(today);
        if m != month(today) && last < today {
            n += 1;
            let date = date_of_day(last + 1).format("%Y-%m-%d").to_string();
            tax::issue_invoice(db, sys, id, &format!("26352{:015}", n), &date).await.map_err(err)?;
            made.push((id, last + 1));
        }
    }
    // One invoice was made out wrong: reversed in full and issued again the next day.
    if let Some(&(id, day)) = made.first() {
        let red = tax::reverse_invoice(db, sys, id, &ReverseInput { reason: RedReason::InvoicingError, lines: vec![] }).await.map_err(err)?;
        n += 1;
        let on = date_of_day((day + 1).min(today)).format("%Y-%m-%d").to_string();
        tax::issue_invoice(db, sys, red, &format!("26352{:015}", n), &on).await.map_err(err)?;
    }
    Ok(per_month.values().sum())
}

/// One purchase invoice a month from the main supplier (a general taxpayer, 13%): not
/// deductible for a small-scale taxpayer, recorded all the same.
async fn inputs(db: &Db, sys: &Caller, today: i64) -> anyhow::Result<()> {
    for k in 0..6 {
        let day = today - 30 * (6 - k) + 3;
        let date = date_of_day(day).format("%Y-%m-%d").to_string();
        let amount = 38_000 + 2_150 * k;
        let input = NewInputInvoice {
            kind: InvoiceKind::Special,
            seller_name: "广州美源供应链有限公司".into(),
            seller_tax_id: "91440300MA5FAB127H".into(),
            number: format!("26442{day:015}").as_str().into(),
            issued_on: date.as_str().into(),
            amount: amount.to_string().as_str().into(),
            tax: (amount * 13 / 100).to_string().as_str().into(),
            ..Default::default()
        };
        tax::create_input(db, sys, &input).await.map_err(err)?;
    }
    Ok(())
}
