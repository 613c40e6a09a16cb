//! `server gen`: a deterministic large team for benchmarks — by default 200 agents in three
//! levels, 100,000 customers, 5,000 SKUs in 3 warehouses and 1,000,000 orders over two years
//! with the seed document's rhythm (weekends, 10–12 h, festivals, growth), their status
//! histories and the stock ledger that matches them; payments for the paid orders (those of the
//! last weeks are left for a bill import) and every month's expenses. Written in batched transactions of
//! multi-row inserts; the data satisfies the same invariants as data made through the app
//! (`server check`): prices and totals come from the orders area's pricing rule, status
//! histories from its status flow, on-hand quantities from the ledger.

mod commissions;
mod db;
pub mod finance;
mod people;

use self::db::{Batch, Lit};
use anyhow::bail;
use app::money::Money;
use app::orders::logic::{order_no, price_lines};
use app::orders::{Channel, NewOrderLine, OrderStatus, Transition};
use app::state::Db;
use app::time::{date_of_day, day_of, day_start_ms, DAY_MS};
use chrono::{Datelike, Weekday};
use rand::distributions::{Distribution, WeightedIndex};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::HashMap;
use std::fmt;
use std::time::Instant;

/// The bench team's password (agents `g001`…, the boss `gboss`); demo accounts, so they sign
/// in only on a server started with `ZG_DEMO=1`.
pub const PASSWORD: &str = "bench1234";

#[derive(Clone, Debug)]
pub struct Spec {
    pub orders: usize,
    pub agents: usize,
    pub customers: usize,
    pub skus: usize,
    pub warehouses: usize,
    pub days: i64,
    pub seed: u64,
    /// The last day of orders (business day number).
    pub today: i64,
}

pub struct Report {
    pub spec: Spec,
    pub rows: usize,
    /// The first month the generated commission rules govern (`server commissions month-end`).
    pub commission_month: app::commissions::Month,
    pub millis: u128,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.spec;
        write!(
            f,
            "generated {} orders, {} customers, {} agents, {} SKUs in {} warehouses over {} days: {} rows in {:.1} s; \
             commission rules from {} (run `commissions month-end --month {}`)",
            s.orders,
            s.customers,
            s.agents,
            s.skus,
            s.warehouses,
            s.days,
            self.rows,
            self.millis as f64 / 1000.0,
            self.commission_month.first_day(),
            self.commission_month
        )
    }
}

const HOURS: [f64; 24] = [1.0, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 1.5, 2.5, 3.5, 5.0, 5.5, 5.0, 3.5, 3.0, 3.0, 3.0, 3.0, 3.5, 4.0, 4.5, 4.5, 3.5, 2.0];
/// Orders per batch transaction.
const ORDERS_PER_TX: usize = 20_000;

pub async fn generate(db: &Db, spec: Spec) -> anyhow::Result<Report> {
    let started = Instant::now();
    if !crate::demo::is_empty(db).await? {
        bail!("the database already has users; generate into an empty database");
    }
    let mut rng = StdRng::seed_from_u64(spec.seed);
    let team = people::insert(db, &spec, &mut rng).await?;
    let mut rows = team.rows;
    let mut batch = Batch::default();
    let catalogue = people::catalogue(&mut batch, &spec, &mut rng);
    let customers = people::customers(&mut batch, &spec, &team.agents, &mut rng);
    rows += batch.flush(db).await?;
    let mut gen = Orders::new(&spec, &catalogue, &customers, team.boss, team.warehouse_user);
    let first_day = spec.today - spec.days + 1;
    let weights = day_weights(first_day, spec.days);
    let total_w: f64 = weights.iter().sum();
    let mut made = 0usize;
    for (i, w) in weights.iter().enumerate() {
        let day = first_day + i as i64;
        let want = if i + 1 == weights.len() { spec.orders - made } else { ((w / total_w) * spec.orders as f64).round() as usize };
        let want = want.min(spec.orders - made);
        for _ in 0..want {
            gen.order(&mut batch, &mut rng, day, made);
            made += 1;
            if made % ORDERS_PER_TX == 0 {
                rows += batch.flush(db).await?;
            }
        }
    }
    gen.stock(&mut batch, &mut rng, first_day);
    gen.books.expenses(&mut batch, first_day, spec.today);
    rows += batch.flush(db).await?;
    db::fix_sequences(db).await?;
    app::dashboard::service::rebuild(db, &app::auth::service::system()).await.map_err(crate::cli::both)?;
    let commission_month = commissions::rules(db, spec.today).await?;
    // Tax profile and product tax codes, so the VAT summary can be measured on this data.
    crate::demo::tax::setup(db, &app::auth::service::system(), first_day).await?;
    app::finance::service_pnl::rebuild_totals(db, &app::auth::service::system()).await.map_err(crate::cli::both)?;
    db::analyze(db).await?;
    Ok(Report { spec, rows, commission_month, millis: started.elapsed().as_millis() })
}

/// Relative order volume per day: slow growth, busier weekends, 中秋, 618 and 双11.
fn day_weights(first_day: i64, days: i64) -> Vec<f64> {
    (0..days)
        .map(|i| {
            let date = date_of_day(first_day + i);
            let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
            let growth = 1.0 + 0.5 * i as f64 / days as f64;
            growth * if weekend { 1.45 } else { 1.0 } * crate::demo::festival_factor(date)
        })
        .collect()
}

/// Per-order generation state: the catalogue, customers, and what shipped per SKU and month.
struct Orders<'a> {
    spec: &'a Spec,
    cat: &'a people::Catalogue,
    customers: &'a [people::Customer],
    boss: i64,
    warehouse_user: i64,
    now: i64,
    hours: WeightedIndex<f64>,
    weekend_hours: WeightedIndex<f64>,
    customer_pick: WeightedIndex<f64>,
    /// (sku index, 30-day block) → units shipped.
    shipped: HashMap<(usize, i64), i64>,
    /// What open orders hold per SKU (index), in the main warehouse.
    reserved: HashMap<usize, i64>,
    /// Payments and what the month's expenses depend on.
    books: finance::Books,
    /// The seed courier rules every new team starts with (江浙沪 → 圆通, remote → 邮政, else 中通).
    routing: app::fulfil::RoutingConfig,
}

impl<'a> Orders<'a> {
    fn new(spec: &'a Spec, cat: &'a people::Catalogue, customers: &'a [people::Customer], boss: i64, warehouse_user: i64) -> Self {
        let mut weekend = HOURS;
        for w in &mut weekend[10..12] {
            *w *= 1.8;
        }
        // Earlier customers come back more often (a long tail of one-off buyers).
        let customer_w: Vec<f64> = (0..customers.len()).map(|i| 1.0 / (1.0 + i as f64 / 2_000.0)).collect();
        Orders {
            spec,
            cat,
            customers,
            boss,
            warehouse_user,
            now: day_start_ms(spec.today) + 20 * 3_600_000,
            hours: WeightedIndex::new(HOURS).expect("weights"),
            weekend_hours: WeightedIndex::new(weekend).expect("weights"),
            customer_pick: WeightedIndex::new(customer_w).expect("weights"),
            shipped: HashMap::new(),
            reserved: HashMap::new(),
            books: finance::Books::default(),
            routing: app::fulfil::RoutingConfig::seed(app::fulfil::SenderAddress::default()),
        }
    }

    fn order(&mut self, b: &mut Batch, rng: &mut StdRng, day: i64, n: usize) {
        let date = date_of_day(day);
        let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        let hour = if weekend { self.weekend_hours.sample(rng) } else { self.hours.sample(rng) } as i64;
        let at = (day_start_ms(day) + hour * 3_600_000 + rng.gen_range(0..3_600_000)).min(self.now - 60_000);
        let id = (n + 1) as i64;
        let c = &self.customers[self.customer_pick.sample(rng)];
        let mut wanted: Vec<NewOrderLine> = Vec::new();
        for _ in 0..*[1, 1, 1, 1, 2, 2, 2, 3].get(rng.gen_range(0..8)).unwrap_or(&1) {
            let sku = self.cat.pick(rng, date);
            if !wanted.iter().any(|l| l.sku_id == sku as i64) {
                wanted.push(NewOrderLine { sku_id: sku as i64, qty: rng.gen_range(1..=3) });
            }
        }
        let (priced, total) = price_lines(&wanted, |i| self.cat.skus.get(i as usize).map(|s| Money::from_fen(s.price_fen))).expect("catalogue SKUs");
        let history = history(rng, at, self.now);
        let status = history.last().map(|h| h.0).unwrap_or(OrderStatus::PendingPayment);
        let channel = Channel::ALL[rng.gen_range(0..Channel::ALL.len())];
        let updated = history.last().map(|h| h.1).unwrap_or(at);
        let shipped_at = history.iter().find(|h| h.0 == OrderStatus::Shipped).map(|h| h.1);
        // Routed by the seed rules as a typed-in order is; a shipped order carries its
        // courier's tracking number (unique: the order id in it).
        let (province, city) = app::fulfil::logic_courier::place_of(&c.address);
        let facts = app::fulfil::logic_courier::OrderFacts { province, city, weight_g: 0, amount_fen: total.to_fen(), preferred_courier: None };
        let routed = app::fulfil::logic_courier::route(&self.routing, &facts);
        let tracking = match shipped_at {
            Some(_) => Lit::S(format!("{}{:012}", routed.courier_code, 700_000_000_000 + id)),
            None => Lit::N,
        };
        b.orders.push(vec![
            Lit::I(id), Lit::S(order_no(day_of(at), id)), Lit::I(c.agent), Lit::I(c.id), Lit::S(c.name.clone()), Lit::S(c.mobile.clone()),
            Lit::S(c.address.clone()), Lit::S(channel.code().into()), Lit::S(status.code().into()), Lit::I(total.to_fen()), Lit::I(c.agent),
            Lit::I(at), Lit::I(updated), Lit::I(self.cat.main_warehouse), Lit::S(routed.courier_code), Lit::S(routed.reason_zh), Lit::S(routed.reason_en),
            tracking, shipped_at.map_or(Lit::NI, Lit::I),
        ]);
        let paid_at = history.iter().find(|h| h.0 == OrderStatus::ToShip).map(|h| h.1 - 5 * 60_000);
        self.books.order(b, id, &order_no(day_of(at), id), &c.name, total.to_fen(), paid_at, shipped_at, self.spec.today);
        for p in &priced {
            let sku = &self.cat.skus[p.sku_id as usize];
            b.lines.push(vec![Lit::I(id), Lit::I(sku.id), Lit::I(p.qty), Lit::I(p.unit_price.to_fen()), Lit::I(p.line_total.to_fen())]);
            if status.holds_stock() {
                *self.reserved.entry(p.sku_id as usize).or_default() += p.qty;
            }
            if let Some(t) = shipped_at {
                b.movements.push(vec![
                    Lit::I(sku.id), Lit::I(self.cat.main_warehouse), Lit::I(-p.qty), Lit::S("shipment".into()), Lit::S("order".into()),
                    Lit::I(id), Lit::S(String::new()), Lit::I(self.warehouse_user), Lit::I(t), Lit::I(sku.cost_fen),
                ]);
                *self.shipped.entry((p.sku_id as usize, (day_of(t) - (self.spec.today - self.spec.days)) / 30)).or_default() += p.qty;
            }
        }
        let mut from: Option<OrderStatus> = None;
        for &(st, t) in &history {
            let by = if st == OrderStatus::Shipped { self.warehouse_user } else if st == OrderStatus::ToShip { self.boss } else { c.agent };
            b.events.push(vec![Lit::I(id), from.map_or(Lit::N, |f| Lit::S(f.code().into())), Lit::S(st.code().into()), Lit::I(by), Lit::S(String::new()), Lit::I(t)]);
            from = Some(st);
        }
    }

    /// Receipts into the main warehouse that cover each month's shipments, a closing stock per
    /// SKU (some below their alert level), and a little stock in the other warehouses.
    fn stock(&self, b: &mut Batch, rng: &mut StdRng, first_day: i64) {
        let blocks = self.spec.days / 30 + 1;
        for (i, sku) in self.cat.skus.iter().enumerate() {
            let held = self.reserved.get(&i).copied().unwrap_or(0);
            let closing = held + if i % 13 == 5 { rng.gen_range(0..sku.low_stock_qty) } else { rng.gen_range(20..400) };
            for block in 0..=blocks {
                let qty = self.shipped.get(&(i, block)).copied().unwrap_or(0) + if block == 0 { closing } else { 0 };
                if qty > 0 {
                    let at = day_start_ms(first_day + block * 30 - 1) + 8 * 3_600_000;
                    b.movements.push(receipt(sku, self.cat.main_warehouse, qty, self.warehouse_user, at));
                }
            }
            b.stock.push(vec![Lit::I(sku.id), Lit::I(self.cat.main_warehouse), Lit::I(closing), Lit::I(held), Lit::I(sku.cost_fen)]);
            for &wh in &self.cat.other_warehouses {
                let q = rng.gen_range(0..50);
                if q > 0 {
                    b.movements.push(receipt(sku, wh, q, self.warehouse_user, day_start_ms(first_day) + DAY_MS));
                    b.stock.push(vec![Lit::I(sku.id), Lit::I(wh), Lit::I(q), Lit::I(0), Lit::I(sku.cost_fen)]);
                }
            }
        }
    }
}

fn receipt(sku: &people::Sku, wh: i64, qty: i64, user: i64, at: i64) -> Vec<Lit> {
    vec![Lit::I(sku.id), Lit::I(wh), Lit::I(qty), Lit::S("inbound".into()), Lit::N, Lit::NI, Lit::S("月度补货".into()), Lit::I(user), Lit::I(at), Lit::I(sku.cost_fen)]
}

/// A status history through the orders area's status flow: most old orders complete, a few
/// are cancelled, recent ones are still in flight.
fn history(rng: &mut StdRng, at: i64, now: i64) -> Vec<(OrderStatus, i64)> {
    let mut h = vec![(OrderStatus::PendingPayment, at)];
    if rng.gen_bool(0.05) {
        let t = at + rng.gen_range(30..600) * 60_000;
        if t <= now {
            h.push((Transition::Cancel.apply(OrderStatus::PendingPayment).expect("flow"), t));
        }
        return h;
    }
    let steps = [(Transition::MarkPaid, 5..120, 60_000), (Transition::Ship, 2..30, 3_600_000), (Transition::Complete, 2..7, DAY_MS)];
    let mut t = at;
    for (step, range, unit) in steps {
        t += rng.gen_range(range) * unit;
        if t > now {
            break;
        }
        let from = h.last().expect("history starts with 待付款").0;
        h.push((step.apply(from).expect("generated histories follow the status flow"), t));
    }
    h
}
