//! The load generator: virtual users sign in as the boss and as agents of the generated team
//! and replay a realistic mix against a running server for a bounded time, recording each
//! request's latency by kind.

use super::stats::Samples;
use anyhow::{bail, Context};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// What a virtual user does, with its share of the mix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// The order list page rendered by the server (HTML).
    Page,
    /// The first page of the order list (server function).
    List,
    /// The order list searched by a customer's mobile.
    Search,
    Detail,
    Create,
    Pay,
    Ship,
    Dashboard,
    /// The stock board, first page over all warehouses.
    Stock,
    /// The stock ledger, newest first (staff only: agents read the board instead).
    Ledger,
    /// The customer list, first page in the caller's scope.
    Customers,
    /// The order list searched by a courier's tracking number.
    Tracking,
    /// The 待发货 list of batch shipping (staff only: agents read the order list instead).
    ToShip,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Page => "order list page (HTML)",
            Kind::List => "order list",
            Kind::Search => "search by mobile",
            Kind::Detail => "order detail",
            Kind::Create => "create order",
            Kind::Pay => "confirm payment",
            Kind::Ship => "ship order",
            Kind::Dashboard => "dashboard",
            Kind::Stock => "stock board",
            Kind::Ledger => "stock ledger",
            Kind::Customers => "customer list",
            Kind::Tracking => "search by tracking no.",
            Kind::ToShip => "to-ship list (batch shipping)",
        }
    }
}

/// The mix: (kind, weight). Create is followed by pay and ship of the same order for the
/// boss (agents only create), so those three have the same count for boss users.
const MIX: [(Kind, u32); 11] = [
    (Kind::List, 24),
    (Kind::Search, 11),
    (Kind::Tracking, 4),
    (Kind::ToShip, 3),
    (Kind::Detail, 18),
    (Kind::Create, 9),
    (Kind::Dashboard, 9),
    (Kind::Page, 13),
    (Kind::Stock, 5),
    (Kind::Ledger, 3),
    (Kind::Customers, 6),
];

pub struct Load {
    pub samples: BTreeMap<Kind, Samples>,
    pub errors: BTreeMap<String, u64>,
    pub elapsed: Duration,
}

impl Load {
    pub fn requests(&self) -> usize {
        self.samples.values().map(|s| s.len()).sum()
    }
}

struct User {
    http: reqwest::Client,
    base: String,
    boss: bool,
    agent_id: i64,
    sku_ids: Vec<i64>,
    order_ids: Vec<i64>,
    mobiles: Vec<String>,
    tracking: Vec<String>,
    rng: StdRng,
}

/// The team a concurrency level signs in as: every fifth user is the boss, the rest are
/// agents spread over the team (leaders and others).
pub fn mixed_users(users: usize, agents: usize) -> Vec<String> {
    (0..users).map(|i| if i % 5 == 0 { "gboss".to_string() } else { format!("g{:03}", (i * 37) % agents + 1) }).collect()
}

/// Run one virtual user per username for `seconds` against `base`.
pub async fn run(base: &str, usernames: &[String], seconds: u64, password: &str) -> anyhow::Result<Load> {
    let mut vus = Vec::new();
    for (i, username) in usernames.iter().enumerate() {
        vus.push(User::sign_in(base, username, password, i as u64).await?);
    }
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let tasks: Vec<_> = vus.into_iter().map(|vu| tokio::spawn(vu.run(deadline))).collect();
    let mut load = Load { samples: BTreeMap::new(), errors: BTreeMap::new(), elapsed: Duration::ZERO };
    for t in tasks {
        let (samples, errors) = t.await?;
        for (k, s) in samples {
            load.samples.entry(k).or_default().extend(s);
        }
        for (e, n) in errors {
            *load.errors.entry(e).or_default() += n;
        }
    }
    load.elapsed = started.elapsed();
    Ok(load)
}

impl User {
    async fn sign_in(base: &str, username: &str, password: &str, seed: u64) -> anyhow::Result<User> {
        let http = reqwest::Client::builder().cookie_store(true).pool_max_idle_per_host(2).build()?;
        let r = http.post(format!("{base}/rpc/login")).form(&[("username", username), ("password", password)]).send().await?;
        if !r.status().is_success() {
            bail!("sign-in of {username} failed: {} (start the server with ZG_DEMO=1 on generated data)", r.status());
        }
        let mut u = User { http, base: base.into(), boss: username == "gboss", agent_id: 0, sku_ids: vec![], order_ids: vec![], mobiles: vec![], tracking: vec![], rng: StdRng::seed_from_u64(seed) };
        let session: serde_json::Value = u.post("get_session", &[]).await?.json().await?;
        u.agent_id = session["user"]["id"].as_i64().context("session")?;
        let skus: serde_json::Value = u.post("sku_choices", &[]).await?.json().await?;
        // Items with stock to spare, so shipping them measures shipping rather than refusals.
        u.sku_ids = skus.as_array().context("skus")?.iter().filter(|s| s["qty"].as_i64() > Some(100)).filter_map(|s| s["sku_id"].as_i64()).collect();
        let page: serde_json::Value = u.post("list_orders", &[]).await?.json().await?;
        for row in page["rows"].as_array().context("orders")? {
            u.order_ids.extend(row["id"].as_i64());
            u.mobiles.extend(row["mobile"].as_str().map(str::to_string));
        }
        // Tracking numbers of shipped orders the user can see (completed ones are older).
        let done: serde_json::Value = u.post("list_orders", &[("filter[status]", "completed".to_string())]).await?.json().await?;
        let ids: Vec<i64> = done["rows"].as_array().context("orders")?.iter().filter_map(|r| r["id"].as_i64()).take(8).collect();
        for id in ids {
            let d: serde_json::Value = u.post("get_order", &[("id", id.to_string())]).await?.json().await?;
            u.tracking.extend(d["courier"]["tracking_no"].as_str().filter(|t| !t.is_empty()).map(str::to_string));
        }
        if u.boss {
            let agents: serde_json::Value = u.post("list_agents", &[]).await?.json().await?;
            u.agent_id = agents[0]["id"].as_i64().context("agents")?;
        }
        Ok(u)
    }

    async fn post(&self, f: &str, form: &[(&str, String)]) -> reqwest::Result<reqwest::Response> {
        self.http.post(format!("{}/rpc/{f}", self.base)).form(form).send().await
    }

    async fn run(mut self, deadline: Instant) -> (BTreeMap<Kind, Samples>, BTreeMap<String, u64>) {
        let mut samples: BTreeMap<Kind, Samples> = BTreeMap::new();
        let mut errors: BTreeMap<String, u64> = BTreeMap::new();
        let total: u32 = MIX.iter().map(|m| m.1).sum();
        while Instant::now() < deadline {
            let mut roll = self.rng.gen_range(0..total);
            let kind = MIX.iter().find(|(_, w)| if roll < *w { true } else { roll -= w; false }).map(|m| m.0).unwrap_or(Kind::List);
            let kind = match kind {
                Kind::Ledger if !self.boss => Kind::Stock,
                Kind::ToShip if !self.boss => Kind::List,
                Kind::Tracking if self.tracking.is_empty() => Kind::Search,
                k => k,
            };
            let steps = self.step(kind).await;
            for (k, t, ok) in steps {
                samples.entry(k).or_default().push(t);
                if let Err(e) = ok {
                    *errors.entry(format!("{}: {e}", k.name())).or_default() += 1;
                }
            }
        }
        (samples, errors)
    }

    /// One user action; a create by the boss also pays and ships the new order.
    async fn step(&mut self, kind: Kind) -> Vec<(Kind, Duration, Result<(), String>)> {
        let t = Instant::now();
        let result = match kind {
            Kind::Page => self.http.get(format!("{}/orders", self.base)).send().await,
            Kind::List => self.post("list_orders", &[]).await,
            Kind::Search => {
                let m = self.mobiles.get(self.rng.gen_range(0..self.mobiles.len().max(1))).cloned().unwrap_or_default();
                self.post("list_orders", &[("filter[q]", m)]).await
            }
            Kind::Detail => {
                let id = self.order_ids.get(self.rng.gen_range(0..self.order_ids.len().max(1))).copied().unwrap_or(1);
                self.post("get_order", &[("id", id.to_string())]).await
            }
            Kind::Dashboard => self.post("get_overview", &[]).await,
            Kind::Stock => self.post("list_stock", &[]).await,
            Kind::Ledger => self.post("list_ledger", &[]).await,
            Kind::Customers => self.post("list_customers", &[]).await,
            Kind::Tracking => {
                let t = self.tracking[self.rng.gen_range(0..self.tracking.len())].clone();
                self.post("list_orders", &[("filter[q]", t)]).await
            }
            Kind::ToShip => self.post("list_to_ship", &[]).await,
            Kind::Create | Kind::Pay | Kind::Ship => return self.create_and_ship().await,
        };
        vec![(kind, t.elapsed(), check(result).await.map(|_| ()))]
    }

    async fn create_and_ship(&mut self) -> Vec<(Kind, Duration, Result<(), String>)> {
        let mut out = Vec::new();
        let sku = self.sku_ids[self.rng.gen_range(0..self.sku_ids.len())];
        let mobile = format!("1{}", self.rng.gen_range(3_000_000_000_i64..9_999_999_999));
        let form = [
            ("input[agent_id]", self.agent_id.to_string()),
            ("input[customer_name]", "压测客户".to_string()),
            ("input[mobile]", mobile),
            ("input[address]", "浙江省杭州市西湖区文三路100号".to_string()),
            ("input[channel]", "wechat".to_string()),
            ("input[lines][0][sku_id]", sku.to_string()),
            ("input[lines][0][qty]", "1".to_string()),
        ];
        let t = Instant::now();
        let created = check(self.post("create_order", &form).await).await;
        out.push((Kind::Create, t.elapsed(), created.as_ref().map(|_| ()).map_err(Clone::clone)));
        let (Ok(body), true) = (created, self.boss) else { return out };
        let Some(id) = serde_json::from_str::<serde_json::Value>(&body).ok().and_then(|v| v[0].as_i64()) else { return out };
        for (kind, transition) in [(Kind::Pay, "mark_paid"), (Kind::Ship, "ship")] {
            let t = Instant::now();
            let r = check(self.post("transition_order", &[("id", id.to_string()), ("transition", transition.to_string())]).await).await;
            out.push((kind, t.elapsed(), r.map(|_| ())));
        }
        out
    }
}

/// The body of a successful answer, or why not.
async fn check(r: reqwest::Result<reqwest::Response>) -> Result<String, String> {
    match r {
        Ok(r) if r.status().is_success() => r.text().await.map_err(|e| e.to_string()),
        Ok(r) => {
            let status = r.status();
            let body = r.text().await.unwrap_or_default();
            Err(format!("{status} {}", body.chars().take(80).collect::<String>()))
        }
        Err(e) => Err(e.to_string()),
    }
}
