//! Test databases: a fresh SQLite file per test, and a fresh PostgreSQL database per
//! test when `TEST_DATABASE_URL_PG` points at a server (CI sets it; `ZG_REQUIRE_PG=1`
//! turns a missing server into a failure instead of a skip). Plus a small team and
//! helpers to act as its members.

#![allow(dead_code)]

pub mod finance;

use app::auth::service::{self, Client};
use app::auth::{Caller, NewUser, Role, SessionPolicy};
use app::inventory::{Inbound, NewProduct, StockFilter};
use app::state::{Db, Settings};
use std::sync::atomic::{AtomicUsize, Ordering};

static N: AtomicUsize = AtomicUsize::new(0);

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    format!("{prefix}_{}_{}_{nanos}", std::process::id(), N.fetch_add(1, Ordering::SeqCst))
}

/// A migrated database that cleans up after itself.
pub struct TestDb {
    pub db: Db,
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    File(String),
    Pg { admin: String, name: String },
}

impl TestDb {
    pub async fn finish(self) {
        self.db.pool.close().await;
        match self.cleanup {
            Cleanup::File(path) => {
                for s in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{path}{s}"));
                }
            }
            Cleanup::Pg { admin, name } => {
                if let Ok(a) = Db::connect(&admin, 1).await {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&a.pool).await;
                }
            }
        }
    }
}

pub async fn sqlite() -> TestDb {
    let path = std::env::temp_dir().join(format!("{}.db", unique("zg_test"))).display().to_string();
    let url = format!("sqlite://{path}");
    let db = server::db::open(&url, 5).await.expect("sqlite test db");
    TestDb { db, url, cleanup: Cleanup::File(path) }
}

pub async fn postgres() -> Option<TestDb> {
    let Ok(admin) = std::env::var("TEST_DATABASE_URL_PG") else {
        if std::env::var("ZG_REQUIRE_PG").is_ok() {
            panic!("ZG_REQUIRE_PG is set but TEST_DATABASE_URL_PG is not");
        }
        eprintln!("skipped: TEST_DATABASE_URL_PG not set");
        return None;
    };
    let name = unique("zg_test");
    let a = Db::connect(&admin, 1).await.expect("connect to TEST_DATABASE_URL_PG");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&a.pool).await.expect("create test database");
    a.pool.close().await;
    let base = admin.rsplit_once('/').map(|(b, _)| b).expect("database URL has a path");
    let url = format!("{base}/{name}");
    let db = server::db::open(&url, 5).await.expect("postgres test db");
    Some(TestDb { db, url, cleanup: Cleanup::Pg { admin, name } })
}

/// Run the same async test body on SQLite and (when configured) PostgreSQL.
#[macro_export]
macro_rules! on_both {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let t = common::sqlite().await;
                ($body)(t.db.clone()).await;
                t.finish().await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(t) = common::postgres().await {
                    ($body)(t.db.clone()).await;
                    t.finish().await;
                }
            }
        }
    };
}

/// A small team: boss; agent A1 leading A2; agent B1 in another line; warehouse and finance.
pub struct Team {
    pub boss: Caller,
    pub a1: Caller,
    pub a2: Caller,
    pub b1: Caller,
    pub warehouse: Caller,
    pub finance: Caller,
    pub ids: (i64, i64, i64, i64),
}

pub const PASSWORD: &str = "correct-horse";

pub fn settings() -> Settings {
    Settings { secure_cookies: false, demo: false, session: SessionPolicy::default() }
}

pub fn client(addr: &str) -> Client {
    Client { addr: addr.into(), user_agent: "test".into() }
}

pub async fn user(db: &Db, username: &str, role: Role, parent_id: Option<i64>) -> i64 {
    let u = NewUser { username: username.into(), display_name: username.to_uppercase().into(), password: PASSWORD.into(), role, parent_id };
    service::create_user(db, &service::system(), &u).await.expect("create user")
}

pub async fn login(db: &Db, username: &str, password: &str) -> Result<String, app::error::AppError> {
    service::login(db, &settings(), username, password, &client("10.0.0.1")).await
}

pub async fn caller(db: &Db, username: &str) -> Caller {
    caller_with(db, username, PASSWORD).await
}

pub async fn caller_with(db: &Db, username: &str, password: &str) -> Caller {
    let token = login(db, username, password).await.expect("login");
    service::caller_for_token(db, &SessionPolicy::default(), &token).await.expect("caller").expect("session")
}

pub async fn team(db: &Db) -> Team {
    let boss = user(db, "boss", Role::Boss, None).await;
    let a1 = user(db, "a1", Role::Agent, None).await;
    let a2 = user(db, "a2", Role::Agent, Some(a1)).await;
    let b1 = user(db, "b1", Role::Agent, None).await;
    user(db, "clerk", Role::Warehouse, None).await;
    user(db, "money", Role::Finance, None).await;
    Team {
        boss: caller(db, "boss").await,
        a1: caller(db, "a1").await,
        a2: caller(db, "a2").await,
        b1: caller(db, "b1").await,
        warehouse: caller(db, "clerk").await,
        finance: caller(db, "money").await,
        ids: (boss, a1, a2, b1),
    }
}

/// A product with one SKU at `price`, `qty` in stock; returns the SKU id.
pub async fn sku(db: &Db, boss: &Caller, price: &str, qty: i64) -> i64 {
    let p = NewProduct {
        name: "补水面膜".into(),
        category: "美妆".into(),
        price: price.into(),
        cost: "10".into(),
        colors: Default::default(),
        sizes: Default::default(),
        low_stock_qty: 5,
        ..Default::default()
    };
    let id = app::inventory::service::create_product(db, boss, &p).await.expect("product")[0];
    if qty > 0 {
        app::inventory::service::receive(db, boss, &Inbound { sku_id: id, qty, note: "期初".into(), warehouse_id: None, unit_cost: Default::default() }).await.expect("receive");
    }
    id
}

/// On-hand quantity of a SKU, as the stock board shows it.
pub async fn on_hand(db: &Db, sku: i64) -> i64 {
    let sys = service::system();
    let mut filter = StockFilter::default();
    loop {
        let page = app::inventory::service::list_stock(db, &sys, &filter).await.unwrap();
        if let Some(s) = page.rows.iter().find(|s| s.sku_id == sku) {
            return s.qty;
        }
        filter.seek = app::page::Seek::After(page.next.expect("sku listed"));
    }
}

/// The ledger explains every on-hand quantity.
pub async fn ledger_ok(db: &Db) -> bool {
    app::inventory::service::ledger_mismatches(db, &service::system()).await.unwrap().is_empty()
}

/// A small-scale taxpayer profile (tax area), valid from `credit_month` (`2026-01`).
pub fn tax_profile(credit_month: &str) -> app::tax::ProfileInput {
    app::tax::ProfileInput {
        taxpayer: app::tax::TaxpayerType::SmallScale,
        name: "福州掌柜商贸有限公司".into(),
        tax_id: "91350100M000100Y43".into(),
        address: "福建省福州市鼓楼区五四路 1 号".into(),
        phone: "0591-12345678".into(),
        bank: "招商银行福州分行".into(),
        bank_account: "591912345678901".into(),
        city: app::tax::CityTier::Urban,
        credit_month: credit_month.into(),
        ..Default::default()
    }
}

/// Save the profile and give every product the tax code of 焙烤食品 at `rate`.
pub async fn tax_setup(db: &Db, boss: &Caller, profile: &app::tax::ProfileInput, rate: app::tax::TaxRate) -> Vec<i64> {
    use app::tax::service as tax;
    tax::save_profile(db, boss, profile).await.expect("tax profile");
    let page = tax::list_product_tax(db, boss, &Default::default()).await.expect("products");
    let ids: Vec<i64> = page.rows.iter().map(|p| p.product_id).collect();
    for &product_id in &ids {
        let s = app::tax::TaxSettingsInput {
            product_id,
            tax_code: "1030201000000000000".into(),
            short_name: "焙烤食品".into(),
            rate,
            simplified: false,
            unit: "盒".into(),
        };
        tax::save_product_tax(db, boss, &s).await.expect("tax settings");
    }
    ids
}

/// The cells of an .xlsx workbook's first sheet as text (numbers as Rust prints them).
pub fn xlsx_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx};
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).expect("an xlsx workbook");
    let range = wb.worksheet_range_at(0).expect("a sheet").expect("readable");
    range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
}
