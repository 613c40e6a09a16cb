//! Demo data (P8): a believable team, catalogue and a year of orders, generated
//! deterministically (fixed seed, anchored at the given instant) in seconds.
//!
//! The rhythm follows the seed document: weekends busier, 10–12 h and 20–22 h peaks
//! ("周末10-12点是下单高峰"), a 中秋 run on 蛋黄酥, a 双11 spike, slow growth over the year.

pub mod db;
pub mod fulfil;
pub mod intake;
pub mod stock;
pub mod tax;

pub(crate) mod catalogue;
mod crm;
mod finance;
mod commissions;

use self::db::{fix_sequences, insert_rows, V};
use anyhow::bail;
use app::auth::{NewUser, Role};
use app::money::Money;
use app::orders::logic::{order_no, price_lines};
use app::orders::{Channel, NewOrderLine, OrderStatus, Transition};
use app::state::Db;
use app::time::{date_of_day, day_of, day_start_ms, now_ms, DAY_MS};
use catalogue::{Product, ADDRESSES, AGENT_NAMES, GIVEN, PRODUCTS, SURNAMES};
use chrono::{Datelike, NaiveDate, Weekday};
use rand::distributions::{Distribution, WeightedIndex};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;
use std::fmt;

pub const BOSS: (&str, &str) = ("boss", "boss1234");
pub const AGENT_PASSWORD: &str = "agent1234";
pub const STAFF_PASSWORD: &str = "staff1234";
const CUSTOMERS: usize = 3000;
const HOUR_WEIGHTS: [f64; 24] =
    [1.0, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 1.5, 2.5, 3.5, 5.0, 5.5, 5.0, 3.5, 3.0, 3.0, 3.0, 3.0, 3.5, 4.0, 4.5, 4.5, 3.5, 2.0];

/// The business day of now.
pub fn today() -> i64 {
    day_of(now_ms())
}

pub async fn is_empty(db: &Db) -> anyhow::Result<bool> {
    Ok(db::user_count(db).await? == 0)
}

/// What was seeded, printed by `demo` and logged by `serve --demo`.
pub struct Report {
    pub agents: usize,
    pub skus: usize,
    pub customers: usize,
    pub orders: usize,
    pub invoices: usize,
    /// Commission months run (all approved but the last).
    pub commission_months: usize,
    pub millis: u128,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "seeded {} agents, {} SKUs, {} customers, {} orders, {} invoices, {} commission months in {} ms; sign in as {}/{} (agents a01…a20 / {}, staff cangku, caiwu / {})",
            self.agents, self.skus, self.customers, self.orders, self.invoices, self.commission_months, self.millis, BOSS.0, BOSS.1, AGENT_PASSWORD, STAFF_PASSWORD
        )
    }
}

struct Customer {
    id: i64,
    agent: i64,
    name: String,
    mobile: String,
    address: String,
    created_at: i64,
}

/// Seed an empty database. `today` anchors the year of orders (it ends at now).
pub async fn seed(db: &Db, today: i64) -> anyhow::Result<Report> {
    let started = std::time::Instant::now();
    if !is_empty(db).await? {
        bail!("the database already has users; run `demo --fresh` on a SQLite file to start over");
    }
    let mut rng = StdRng::seed_from_u64(0x5a47_2026);
    let (boss, warehouse, agents) = seed_people(db).await?;
    let as_boss = app::auth::service::act_as(db, &app::auth::service::system(), boss).await.map_err(crate::cli::both)?;
    fulfil::seed(db, &as_boss).await?;
    let routing = fulfil::routing();
    let now = now_ms().min(day_start_ms(today + 1) - 1);
    let skus = catalogue::insert(db).await?;
    // A year of orders is bulk-inserted for speed (15,000 orders through the service would
    // take minutes); prices, numbers and status flows come from the orders area's logic.
    let mut tx = db.begin_write().await?;
    let first_customer = db::next_id(&mut tx, "customers").await?;
    let mut gen = Generator { rng: &mut rng, agents: &agents, skus: &skus, today, now, first_customer, customers: Vec::new() };
    let orders = gen.orders();
    let customers = std::mem::take(&mut gen.customers);
    insert_customers(&mut tx, &customers).await?;
    let first_order = db::next_id(&mut tx, "orders").await?;
    let count = insert_orders(&mut tx, &orders, &customers, &skus, first_order, boss, &routing).await?;
    insert_stock(&mut tx, &mut rng, &skus, &orders, first_order, warehouse, today).await?;
    let finance_user = db::user_id(&mut tx, "caiwu").await?;
    let paid = finance::payments(&orders);
    finance::insert_history(&mut tx, &orders, &customers, &paid, first_order, finance_user, today, now).await?;
    fix_sequences(&mut tx, db.backend, &["customers", "orders", "order_lines", "order_events", "stock_movements", "payments", "expenses"]).await?;
    tx.commit().await?;
    // The orders were bulk-inserted: compute the reporting aggregates they imply.
    app::dashboard::service::rebuild(db, &app::auth::service::system()).await.map_err(crate::cli::both)?;
    // Finance keeps totals as orders ship and get paid; the bulk load bypassed that, so they are
    // rebuilt from a scan. Then the last two weeks' bill goes through the real import.
    let sys = app::auth::service::system();
    let err = |e: app::error::AppError| anyhow::anyhow!(e.message(app::i18n::Lang::En));
    app::finance::service_pnl::rebuild_totals(db, &sys).await.map_err(err)?;
    let (fin, boss_caller) = (app::auth::service::act_as(db, &sys, finance_user).await.map_err(err)?, app::auth::service::act_as(db, &sys, boss).await.map_err(err)?);
    finance::after_seed(db, &fin, &boss_caller, &orders, &paid, first_order, today, now).await?;
    let sold: Vec<tax::SoldOrder> = orders
        .iter()
        .enumerate()
        .filter(|(_, o)| o.status().is_sale())
        .map(|(i, o)| tax::SoldOrder { id: first_order + i as i64, customer: o.customer, day: day_of(o.at) })
        .collect();
    let names: Vec<String> = customers.iter().map(|c| c.name.clone()).collect();
    let invoices = tax::seed(db, &app::auth::service::system(), today, &names, &sold).await?;
    let sys = app::auth::service::system();
    let keeper = app::auth::service::act_as(db, &sys, warehouse).await.map_err(crate::cli::both)?;
    stock::seed(db, &sys, &keeper, &skus).await?;
    // Customers: tags and rules, fields, notes, stage history, a campaign's follow-ups, 撞单.
    crm::seed(db, today, &agents).await?;
    let commission_months = commissions::seed(db, today).await?;
    let agent_ids: Vec<i64> = agents.iter().map(|a| a.0).collect();
    intake::seed(db, &sys, boss, &agent_ids).await?;
    // This month's sales targets (the sales dashboard's progress bars) and the daily digest at 09:00.
    let month = date_of_day(today).format("%Y-%m").to_string();
    for (i, (agent, weight)) in agents.iter().enumerate() {
        let target = format!("{}", ((weight * 6_000.0) as i64 / 500 * 500).max(2_000) + (i as i64 % 3) * 1_000);
        let t = app::dashboard::NewTarget { agent_id: *agent, month: month.as_str().into(), target: target.as_str().into() };
        app::dashboard::service::set_target(db, &sys, &t).await.map_err(crate::cli::both)?;
    }
    let team = app::settings::TeamSettings { digest_time: "09:00".into(), ..app::settings::service::get(db, &sys).await.map_err(crate::cli::both)? };
    app::settings::service::update(db, &sys, &team).await.map_err(crate::cli::both)?;
    Ok(Report { agents: agents.len(), skus: skus.len(), customers: customers.len(), orders: count, invoices, commission_months, millis: started.elapsed().as_millis() })
}

/// Boss, staff and 20 agents in two levels (5 leaders with 3 agents each). Returns (boss, warehouse, agents).
async fn seed_people(db: &Db) -> anyhow::Result<(i64, i64, Vec<(i64, f64)>)> {
    let mk = |username: &str, name: &str, password: &str, role: Role, parent_id: Option<i64>| NewUser {
        username: username.into(),
        display_name: name.into(),
        password: password.into(),
        role,
        parent_id,
    };
    let sys = app::auth::service::system();
    let create = |u: NewUser| {
        let sys = sys.clone();
        async move { app::auth::service::create_demo_user(db, &sys, &u).await }
    };
    let err = |e: app::error::AppError| anyhow::anyhow!(e.message(app::i18n::Lang::En));
    let boss = create(mk(BOSS.0, "王姐", BOSS.1, Role::Boss, None)).await.map_err(err)?;
    let warehouse = create(mk("cangku", "陈师傅（仓管）", STAFF_PASSWORD, Role::Warehouse, None)).await.map_err(err)?;
    create(mk("caiwu", "李会计（财务）", STAFF_PASSWORD, Role::Finance, None)).await.map_err(err)?;
    let mut agents: Vec<(i64, f64)> = Vec::new();
    for (i, name) in AGENT_NAMES.iter().enumerate() {
        let username = format!("a{:02}", i + 1);
        // a01–a05 lead; a06–a20 sit under them, three each.
        let parent = if i < 5 { None } else { Some(agents[(i - 5) / 3].0) };
        let id = create(mk(&username, name, AGENT_PASSWORD, Role::Agent, parent)).await.map_err(err)?;
        agents.push((id, if i < 5 { 3.0 } else { 1.0 + (i % 3) as f64 * 0.5 }));
    }
    Ok((boss, warehouse, agents))
}

struct Line {
    sku: usize,
    qty: i64,
    price_fen: i64,
    total_fen: i64,
}

struct Order {
    customer: usize,
    agent: i64,
    at: i64,
    channel: Channel,
    /// (status, time) in order; the first is PendingPayment at `at`.
    history: Vec<(OrderStatus, i64)>,
    lines: Vec<Line>,
    total_fen: i64,
}

impl Order {
    fn status(&self) -> OrderStatus {
        self.history.last().map(|h| h.0).unwrap_or(OrderStatus::PendingPayment)
    }

    fn shipped_at(&self) -> Option<i64> {
        self.history.iter().find(|h| h.0 == OrderStatus::Shipped).map(|h| h.1)
    }
}

struct Generator<'a> {
    rng: &'a mut StdRng,
    agents: &'a [(i64, f64)],
    skus: &'a [catalogue::Sku],
    today: i64,
    now: i64,
    first_customer: i64,
    customers: Vec<Customer>,
}

impl Generator<'_> {
    fn orders(&mut self) -> Vec<Order> {
        let first = self.today - 364;
        let mut out = Vec::new();
        let hours = WeightedIndex::new(HOUR_WEIGHTS).expect("weights");
        let mut weekend_hours = HOUR_WEIGHTS;
        for w in &mut weekend_hours[10..12] {
            *w *= 1.8;
        }
        let weekend_hours = WeightedIndex::new(weekend_hours).expect("weights");
        for day in first..=self.today {
            let date = date_of_day(day);
            let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
            let growth = 1.0 + 0.35 * (day - first) as f64 / 365.0;
            let factor = festival_factor(date) * if weekend { 1.45 } else { 1.0 };
            let n = (30.0 * growth * factor * self.rng.gen_range(0.85..1.15)).round() as usize;
            for _ in 0..n {
                let hour = if weekend { weekend_hours.sample(self.rng) } else { hours.sample(self.rng) } as i64;
                let at = day_start_ms(day) + hour * 3_600_000 + self.rng.gen_range(0..3_600_000);
                if at > self.now {
                    continue;
                }
                let order = self.order(date, at);
                out.push(order);
            }
        }
        out
    }

    fn order(&mut self, date: NaiveDate, at: i64) -> Order {
        let customer = self.customer(at);
        let agent = self.customers[customer].agent;
        let n_lines = *[1, 1, 1, 1, 1, 1, 2, 2, 2, 3].get(self.rng.gen_range(0..10)).unwrap_or(&1);
        let weights: Vec<f64> = PRODUCTS.iter().map(|p| product_weight(p, date)).collect();
        let pick = WeightedIndex::new(&weights).expect("weights");
        let mut wanted: Vec<NewOrderLine> = Vec::new();
        for _ in 0..n_lines {
            let p = pick.sample(self.rng);
            let choices: Vec<usize> = (0..self.skus.len()).filter(|&i| self.skus[i].product == p).collect();
            let sku = choices[self.rng.gen_range(0..choices.len())];
            if wanted.iter().any(|l| l.sku_id == sku as i64) {
                continue;
            }
            let qty = if PRODUCTS[p].category == "食品" { self.rng.gen_range(1..=4) } else { [1, 1, 1, 2][self.rng.gen_range(0..4)] };
            wanted.push(NewOrderLine { sku_id: sku as i64, qty });
        }
        // The order form's pricing rule, on the catalogue's prices (SKU index as id here).
        let (priced, total) = price_lines(&wanted, |i| self.skus.get(i as usize).map(|s| Money::from_fen(s.price_fen))).expect("catalogue SKUs");
        let lines = priced.iter().map(|p| Line { sku: p.sku_id as usize, qty: p.qty, price_fen: p.unit_price.to_fen(), total_fen: p.line_total.to_fen() }).collect();
        let channel = [Channel::Wechat, Channel::Wechat, Channel::Wechat, Channel::Moments, Channel::Moments, Channel::MiniProgram, Channel::Manual, Channel::Taobao, Channel::Pinduoduo]
            [self.rng.gen_range(0..9)];
        let history = self.history(at);
        Order { customer, agent, at, channel, history, lines, total_fen: total.to_fen() }
    }

    /// A new customer now and then (about 3,000 over the year), otherwise a returning one.
    fn customer(&mut self, at: i64) -> usize {
        let new = self.customers.is_empty() || (self.customers.len() < CUSTOMERS && self.rng.gen_bool(0.2));
        if !new {
            // Earlier customers come back more often than recent ones.
            let n = self.customers.len();
            let a = self.rng.gen_range(0..n);
            let b = self.rng.gen_range(0..n);
            return a.min(b);
        }
        let i = self.customers.len();
        let weights: Vec<f64> = self.agents.iter().map(|a| a.1).collect();
        let agent = self.agents[WeightedIndex::new(&weights).expect("weights").sample(self.rng)].0;
        let name = format!("{}{}", SURNAMES[self.rng.gen_range(0..SURNAMES.len())], GIVEN[self.rng.gen_range(0..GIVEN.len())]);
        let prefix = ["138", "139", "136", "135", "137", "150", "151", "158", "159", "182", "187", "188", "130", "131", "155", "186", "133", "153", "189", "177", "199"]
            [i % 21];
        let mobile = format!("{prefix}{:08}", (i as u64 * 7919 + 12345) % 100_000_000);
        let (region, streets) = ADDRESSES[self.rng.gen_range(0..ADDRESSES.len())];
        let address = format!(
            "{region}{}{}号{}栋{}室",
            streets[self.rng.gen_range(0..streets.len())],
            self.rng.gen_range(1..300),
            self.rng.gen_range(1..20),
            self.rng.gen_range(101..2400)
        );
        let created_at = at - self.rng.gen_range(0..20 * DAY_MS);
        self.customers.push(Customer { id: self.first_customer + i as i64, agent, name, mobile, address, created_at });
        i
    }

    /// Status history by age: old orders are done (a few cancelled), recent ones in flight.
    /// Each step goes through the orders area's status flow.
    fn history(&mut self, at: i64) -> Vec<(OrderStatus, i64)> {
        let mut h = vec![(OrderStatus::PendingPayment, at)];
        let r: f64 = self.rng.gen();
        if r < 0.05 {
            let t = at + self.rng.gen_range(30..600) * 60_000;
            if t <= self.now {
                h.push((Transition::Cancel.apply(OrderStatus::PendingPayment).expect("flow"), t));
            }
            return h;
        }
        let steps = [(Transition::MarkPaid, 5..120, 60_000), (Transition::Ship, 2..30, 3_600_000), (Transition::Complete, 2..7, DAY_MS)];
        let mut t = at;
        for (step, range, unit) in steps {
            t += self.rng.gen_range(range) * unit;
            // Leave some of today's orders unpaid even if time allows.
            if t > self.now || (step == Transition::MarkPaid && self.now - at < DAY_MS / 2 && self.rng.gen_bool(0.4)) {
                break;
            }
            let from = h.last().expect("history starts with 待付款").0;
            h.push((step.apply(from).expect("demo histories follow the status flow"), t));
        }
        h
    }
}

/// Order volume multiplier for holidays: 中秋 (蛋黄酥 season), 618, 双11.
pub(crate) fn festival_factor(date: NaiveDate) -> f64 {
    let md = (date.month(), date.day());
    let mut f = 1.0;
    if let Some(days) = days_before_mid_autumn(date) {
        f *= 1.0 + 1.3 * (1.0 - days as f64 / 14.0);
    }
    if md == (11, 11) {
        f *= 3.5;
    } else if date.month() == 11 && date.day() <= 10 {
        f *= 1.3 + 0.07 * date.day() as f64;
    }
    if md == (6, 18) {
        f *= 2.0;
    }
    f
}

/// Days until 中秋 within the two weeks before it (0 on the day).
pub(crate) fn days_before_mid_autumn(date: NaiveDate) -> Option<i64> {
    const DATES: [(i32, u32, u32); 7] =
        [(2024, 9, 17), (2025, 10, 6), (2026, 9, 25), (2027, 9, 15), (2028, 10, 3), (2029, 9, 22), (2030, 9, 12)];
    DATES.iter().find_map(|&(y, m, d)| {
        let festival = NaiveDate::from_ymd_opt(y, m, d)?;
        let days = (festival - date).num_days();
        (0..14).contains(&days).then_some(days)
    })
}

fn product_weight(p: &Product, date: NaiveDate) -> f64 {
    let mut w = p.weight;
    if days_before_mid_autumn(date).is_some() && p.category == "食品" {
        w *= if p.name.contains("蛋黄酥") { 12.0 } else { 2.5 };
    }
    if date.month() == 11 && date.day() <= 11 && p.category == "美妆" {
        w *= 2.0;
    }
    w
}

async fn insert_customers(conn: &mut sqlx::AnyConnection, customers: &[Customer]) -> anyhow::Result<()> {
    let rows: Vec<Vec<V>> = customers
        .iter()
        .map(|c| vec![V::I(c.id), V::I(c.agent), V::S(c.name.clone()), V::S(c.mobile.clone()), V::S(c.address.clone()), V::I(c.created_at)])
        .collect();
    insert_rows(conn, "customers", &["id", "agent_id", "name", "mobile", "address", "created_at"], &rows).await?;
    Ok(())
}

async fn insert_orders(
    conn: &mut sqlx::AnyConnection,
    orders: &[Order],
    customers: &[Customer],
    skus: &[catalogue::Sku],
    first_id: i64,
    boss: i64,
    routing: &app::fulfil::RoutingConfig,
) -> anyhow::Result<usize> {
    let (mut heads, mut lines, mut events) = (Vec::new(), Vec::new(), Vec::new());
    let wh = db::main_warehouse(conn).await?;
    for (i, o) in orders.iter().enumerate() {
        let id = first_id + i as i64;
        let total = o.total_fen;
        let c = &customers[o.customer];
        let updated = o.history.last().map(|h| h.1).unwrap_or(o.at);
        let (courier, why_zh, why_en) = fulfil::courier_for(routing, &c.address, total);
        let (tracking, shipped) = match o.shipped_at() {
            Some(at) => (V::S(fulfil::tracking_no(&courier, id)), V::I(at)),
            None => (V::NS, V::N),
        };
        heads.push(vec![
            V::I(id),
            V::S(order_no(day_of(o.at), id)),
            V::I(o.agent),
            V::I(c.id),
            V::S(c.name.clone()),
            V::S(c.mobile.clone()),
            V::S(c.address.clone()),
            V::S(o.channel.code().into()),
            V::S(o.status().code().into()),
            V::I(total),
            V::I(o.agent),
            V::I(o.at),
            V::I(updated),
            V::I(wh),
            V::S(courier),
            V::S(why_zh),
            V::S(why_en),
            tracking,
            shipped,
        ]);
        for l in &o.lines {
            lines.push(vec![V::I(id), V::I(skus[l.sku].id), V::I(l.qty), V::I(l.price_fen), V::I(l.total_fen)]);
        }
        let mut from: Option<OrderStatus> = None;
        for &(status, at) in &o.history {
            let by = if status == OrderStatus::Shipped { boss } else { o.agent };
            let from_v = from.map_or(V::NS, |f| V::S(f.code().into()));
            events.push(vec![V::I(id), from_v, V::S(status.code().into()), V::I(by), V::I(at)]);
            from = Some(status);
        }
    }
    let cols = [
        "id", "order_no", "agent_id", "customer_id", "recipient_name", "mobile", "address", "channel", "status",
        "total_fen", "created_by", "created_at", "updated_at", "warehouse_id", "courier_code", "courier_reason_zh",
        "courier_reason_en", "tracking_no", "shipped_at",
    ];
    insert_rows(conn, "orders", &cols, &heads).await?;
    insert_rows(conn, "order_lines", &["order_id", "sku_id", "qty", "unit_price_fen", "line_total_fen"], &lines).await?;
    insert_rows(conn, "order_events", &["order_id", "from_status", "to_status", "user_id", "at"], &events).await?;
    Ok(orders.len())
}

/// Monthly receipts that cover each month's shipments, the shipments themselves, and
/// a closing stock per SKU (a few deliberately below their threshold) that covers what the
/// open orders reserved. Everything moves at the SKU's cost price.
async fn insert_stock(
    conn: &mut sqlx::AnyConnection,
    rng: &mut StdRng,
    skus: &[catalogue::Sku],
    orders: &[Order],
    first_order: i64,
    warehouse_user: i64,
    today: i64,
) -> anyhow::Result<()> {
    let wh = db::main_warehouse(conn).await?;
    let first_day = today - 365;
    // (sku, month index) → shipped quantity; month index counts 30-day blocks from the first day.
    let mut monthly: BTreeMap<(usize, i64), i64> = BTreeMap::new();
    let mut reserved = vec![0i64; skus.len()];
    let mut moves: Vec<(i64, Vec<V>)> = Vec::new();
    for (i, o) in orders.iter().enumerate() {
        if o.status().holds_stock() {
            for l in &o.lines {
                reserved[l.sku] += l.qty;
            }
        }
        let Some(at) = o.shipped_at() else { continue };
        for l in &o.lines {
            *monthly.entry((l.sku, (day_of(at) - first_day) / 30)).or_default() += l.qty;
            let order_id = first_order + i as i64;
            let k = &skus[l.sku];
            moves.push((at, vec![V::I(k.id), V::I(wh), V::I(-l.qty), V::S("shipment".into()), V::S("order".into()), V::I(order_id), V::S(String::new()), V::I(warehouse_user), V::I(at), V::I(k.cost_fen)]));
        }
    }
    // Each block receives what it ships, the first block also the closing stock: so on hand = closing.
    let mut closing_stock = Vec::with_capacity(skus.len());
    for (sku, item) in skus.iter().enumerate() {
        let free = if sku % 13 == 5 { rng.gen_range(2..item.low_stock_qty) } else { rng.gen_range(40..260) };
        let closing = reserved[sku] + free;
        for block in 0..=((today - first_day) / 30) {
            let shipped = monthly.get(&(sku, block)).copied().unwrap_or(0);
            let qty = shipped + if block == 0 { closing } else { 0 };
            if qty == 0 {
                continue;
            }
            let at = day_start_ms(first_day + block * 30) + 8 * 3_600_000;
            let note = if block == 0 { "期初入库" } else { "月度补货" };
            moves.push((at, vec![V::I(item.id), V::I(wh), V::I(qty), V::S("inbound".into()), V::NS, V::N, V::S(note.into()), V::I(warehouse_user), V::I(at), V::I(item.cost_fen)]));
        }
        closing_stock.push(closing);
    }
    moves.sort_by_key(|m| m.0);
    let rows: Vec<Vec<V>> = moves.into_iter().map(|m| m.1).collect();
    insert_rows(conn, "stock_movements", &["sku_id", "warehouse_id", "delta", "kind", "ref_type", "ref_id", "note", "user_id", "at", "unit_cost_fen"], &rows).await?;
    let stock: Vec<Vec<V>> =
        closing_stock.iter().zip(skus).zip(&reserved).map(|((q, k), r)| vec![V::I(k.id), V::I(wh), V::I(*q), V::I(*r), V::I(k.cost_fen)]).collect();
    insert_rows(conn, "stock", &["sku_id", "warehouse_id", "qty", "reserved", "avg_cost_fen"], &stock).await?;
    Ok(())
}
