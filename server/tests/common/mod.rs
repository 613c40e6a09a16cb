//! Test databases: a fresh SQLite file per test, and a fresh PostgreSQL database per
//! test when `TEST_DATABASE_URL_PG` points at a server (CI sets it; `ZG_REQUIRE_PG=1`
//! turns a missing server into a failure instead of a skip).

#![allow(dead_code)]

use app::auth::{service, Caller, NewUser, Role};
use app::inventory::{Inbound, NewProduct};
use app::state::Db;
use std::sync::atomic::{AtomicUsize, Ordering};

static N: AtomicUsize = AtomicUsize::new(0);

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    format!("{prefix}_{}_{}_{nanos}", std::process::id(), N.fetch_add(1, Ordering::SeqCst))
}

/// A migrated database that cleans up after itself.
pub struct TestDb {
    pub db: Db,
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
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name}")).execute(&a.pool).await;
                }
            }
        }
    }
}

pub async fn sqlite() -> TestDb {
    let path = std::env::temp_dir().join(format!("{}.db", unique("zg_test"))).display().to_string();
    let db = server::db::open(&format!("sqlite://{path}"), 5).await.expect("sqlite test db");
    TestDb { db, cleanup: Cleanup::File(path) }
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
    let db = server::db::open(&format!("{base}/{name}"), 5).await.expect("postgres test db");
    Some(TestDb { db, cleanup: Cleanup::Pg { admin, name } })
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

/// A small team: boss; agent A1 with downline A2; agent B1 in another line; a warehouse clerk.
pub struct Team {
    pub boss: Caller,
    pub a1: Caller,
    pub a2: Caller,
    pub b1: Caller,
    pub warehouse: Caller,
    pub ids: (i64, i64, i64, i64),
}

pub const PASSWORD: &str = "correct-horse";

pub async fn user(db: &Db, username: &str, role: Role, parent_id: Option<i64>) -> i64 {
    let u = NewUser { username: username.into(), display_name: username.to_uppercase(), password: PASSWORD.into(), role, parent_id };
    service::create_user_unchecked(db, None, &u).await.expect("create user")
}

pub async fn caller(db: &Db, username: &str) -> Caller {
    caller_with(db, username, PASSWORD).await
}

pub async fn caller_with(db: &Db, username: &str, password: &str) -> Caller {
    let token = service::login(db, username, password).await.expect("login");
    service::caller_for_token(db, &token).await.expect("caller").expect("session")
}

pub async fn team(db: &Db) -> Team {
    let boss = user(db, "boss", Role::Boss, None).await;
    let a1 = user(db, "a1", Role::Agent, None).await;
    let a2 = user(db, "a2", Role::Agent, Some(a1)).await;
    let b1 = user(db, "b1", Role::Agent, None).await;
    user(db, "clerk", Role::Warehouse, None).await;
    Team {
        boss: caller(db, "boss").await,
        a1: caller(db, "a1").await,
        a2: caller(db, "a2").await,
        b1: caller(db, "b1").await,
        warehouse: caller(db, "clerk").await,
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
        colors: String::new(),
        sizes: String::new(),
        low_stock_qty: 5,
    };
    app::inventory::service::create_product(db, boss, &p).await.expect("product");
    let skus = app::inventory::db::list_skus(db).await.unwrap();
    let id = skus.last().unwrap().sku_id;
    if qty > 0 {
        app::inventory::service::receive(db, boss, &Inbound { sku_id: id, qty, note: "期初".into() }).await.expect("receive");
    }
    id
}
