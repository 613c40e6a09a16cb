//! The generated team, catalogue and customers.

use super::db::{Batch, Lit};
use super::{Spec, PASSWORD};
use crate::demo::catalogue::{ADDRESSES, GIVEN, SURNAMES};
use app::state::Db;
use chrono::{Datelike, NaiveDate};
use rand::distributions::{Distribution, WeightedIndex};
use rand::rngs::StdRng;
use rand::Rng;

pub struct Team {
    pub boss: i64,
    pub warehouse_user: i64,
    /// (agent id, weight): leaders sell more.
    pub agents: Vec<(i64, f64)>,
    pub rows: usize,
}

/// Boss, staff and agents in three levels: a tenth lead, three tenths under them, the rest
/// under those. One password hash for all (demo accounts), computed once.
pub async fn insert(db: &Db, spec: &Spec, _rng: &mut StdRng) -> anyhow::Result<Team> {
    let hash = app::auth::service::hash_for_bulk(PASSWORD).await;
    let now = day_ms(spec.today);
    let mut users: Vec<Vec<Lit>> = Vec::new();
    let mut push = |id: i64, username: String, name: String, role: &str, parent: Option<i64>| {
        users.push(vec![
            Lit::I(id), Lit::S(username), Lit::S(name), Lit::S(hash.clone()), Lit::S(role.into()),
            parent.map_or(Lit::NI, Lit::I), Lit::I(1), Lit::I(now),
        ]);
    };
    push(1, "gboss".into(), "王姐".into(), "boss", None);
    push(2, "gwarehouse".into(), "陈师傅（仓管）".into(), "warehouse", None);
    push(3, "gfinance".into(), "李会计（财务）".into(), "finance", None);
    let (leaders, middle) = ((spec.agents / 10).max(1), (spec.agents * 3 / 10).max(1));
    let mut agents = Vec::new();
    for i in 0..spec.agents {
        let id = 4 + i as i64;
        let parent = if i < leaders {
            None
        } else if i < leaders + middle {
            Some(4 + ((i - leaders) % leaders) as i64)
        } else {
            Some(4 + (leaders + (i - leaders - middle) % middle) as i64)
        };
        let name = format!("{}{}", SURNAMES[i % SURNAMES.len()], GIVEN[(i * 7) % GIVEN.len()]);
        push(id, format!("g{:03}", i + 1), name, "agent", parent);
        agents.push((id, if i < leaders { 3.0 } else if i < leaders + middle { 1.5 } else { 1.0 }));
    }
    let rows = super::db::insert_users(db, &users).await?;
    Ok(Team { boss: 1, warehouse_user: 2, agents, rows })
}

fn day_ms(day: i64) -> i64 {
    app::time::day_start_ms(day)
}

pub struct Sku {
    pub id: i64,
    pub price_fen: i64,
    pub cost_fen: i64,
    pub low_stock_qty: i64,
    pub category: usize,
}

pub struct Catalogue {
    pub skus: Vec<Sku>,
    pub main_warehouse: i64,
    pub other_warehouses: Vec<i64>,
    popularity: WeightedIndex<f64>,
}

const CATEGORIES: [&str; 8] = ["服装", "美妆", "食品", "鞋类", "母婴", "家居", "数码配件", "保健"];
const WORDS: [&str; 16] = ["经典", "轻奢", "柔软", "清爽", "加厚", "便携", "有机", "进口", "复古", "简约", "滋润", "速干", "儿童", "家用", "高弹", "限定"];
const THINGS: [&[&str]; 8] = [
    &["T恤", "卫衣", "连衣裙", "牛仔裤", "外套"],
    &["面膜", "口红", "精华液", "洗面奶", "防晒霜"],
    &["蛋黄酥", "坚果", "牛肉干", "花茶", "月饼"],
    &["运动鞋", "帆布鞋", "拖鞋", "靴子", "凉鞋"],
    &["连体衣", "奶瓶", "湿巾", "辅食", "尿裤"],
    &["毛巾", "收纳盒", "床品四件套", "抱枕", "香薰"],
    &["数据线", "充电宝", "手机壳", "耳机", "支架"],
    &["维生素", "蛋白粉", "益生菌", "鱼油", "钙片"],
];
const COLORS: [&str; 5] = ["白", "黑", "灰", "粉", "蓝"];

impl Catalogue {
    /// A SKU index, popular ones more often; food (蛋黄酥, 月饼) far more in the two weeks before 中秋.
    pub fn pick(&self, rng: &mut StdRng, date: NaiveDate) -> usize {
        let i = self.popularity.sample(rng);
        if crate::demo::days_before_mid_autumn(date).is_some() && rng.gen_bool(0.3) {
            let food: Vec<usize> = (0..40).map(|k| (k * 41) % self.skus.len()).filter(|&k| self.skus[k].category == 2).collect();
            if let Some(&k) = food.get(rng.gen_range(0..food.len().max(1))) {
                return k;
            }
        }
        let _ = date.month();
        i
    }
}

/// Provinces the generated 分仓 serve.
const BRANCH_REGIONS: [&str; 3] = ["广东,广西,海南", "四川,重庆,云南,贵州", "北京,天津,河北"];

/// Products of five variants each (colours), in eight categories, and the warehouses.
pub fn catalogue(b: &mut Batch, spec: &Spec, rng: &mut StdRng) -> Catalogue {
    let at = day_ms(spec.today - spec.days - 30);
    for w in 0..spec.warehouses {
        let name = if w == 0 { "总仓".to_string() } else { format!("分仓{w}") };
        if w > 0 {
            // 分仓 under the 总仓, each serving a few provinces.
            let regions = BRANCH_REGIONS[(w - 1) % BRANCH_REGIONS.len()];
            b.warehouses.push(vec![Lit::I(w as i64 + 1), Lit::S(name), Lit::I(1), Lit::S(regions.into())]);
        }
    }
    let mut skus = Vec::with_capacity(spec.skus);
    let products = spec.skus.div_ceil(5);
    for p in 0..products {
        let pid = p as i64 + 1;
        let cat = p % CATEGORIES.len();
        let thing = THINGS[cat][(p / 8) % 5];
        let name = format!("{}{}{}号", WORDS[(p * 3) % WORDS.len()], thing, p / 40 + 1);
        b.products.push(vec![Lit::I(pid), Lit::S(name), Lit::S(CATEGORIES[cat].into()), Lit::I(at)]);
        let price_fen = rng.gen_range(99..59_900) / 10 * 10;
        for (v, color) in COLORS.iter().enumerate() {
            if skus.len() == spec.skus {
                break;
            }
            let id = skus.len() as i64 + 1;
            let low = if cat == 1 { 50 } else { 10 };
            b.skus.push(vec![
                Lit::I(id), Lit::I(pid), Lit::S(format!("P{pid:02}-{:02}01", v + 1)), Lit::S(String::new()), Lit::S((*color).into()),
                Lit::I(price_fen), Lit::I(price_fen * 2 / 5), Lit::S(app::inventory::logic::ean13(&format!("69{:010}", id * 7 + 1000))), Lit::I(low),
            ]);
            skus.push(Sku { id, price_fen, cost_fen: price_fen * 2 / 5, low_stock_qty: low, category: cat });
        }
    }
    let popularity: Vec<f64> = (0..skus.len()).map(|i| 1.0 / (1.0 + i as f64 / 50.0)).collect();
    let other_warehouses = (1..spec.warehouses).map(|w| w as i64 + 1).collect();
    Catalogue { skus, main_warehouse: 1, other_warehouses, popularity: WeightedIndex::new(popularity).expect("weights") }
}

pub struct Customer {
    pub id: i64,
    pub agent: i64,
    pub name: String,
    pub mobile: String,
    pub address: String,
}

pub fn customers(b: &mut Batch, spec: &Spec, agents: &[(i64, f64)], rng: &mut StdRng) -> Vec<Customer> {
    let pick = WeightedIndex::new(agents.iter().map(|a| a.1)).expect("weights");
    let at = day_ms(spec.today - spec.days);
    (0..spec.customers)
        .map(|i| {
            let id = i as i64 + 1;
            let agent = agents[pick.sample(rng)].0;
            let name = format!("{}{}", SURNAMES[rng.gen_range(0..SURNAMES.len())], GIVEN[rng.gen_range(0..GIVEN.len())]);
            let prefix = ["138", "139", "136", "135", "150", "151", "158", "159", "182", "187", "188", "186", "177", "199"][i % 14];
            let mobile = format!("{prefix}{:08}", (i as u64 * 7919 + 12345) % 100_000_000);
            let (region, streets) = ADDRESSES[rng.gen_range(0..ADDRESSES.len())];
            let address = format!("{region}{}{}号{}栋{}室", streets[rng.gen_range(0..streets.len())], rng.gen_range(1..300), rng.gen_range(1..20), rng.gen_range(101..2400));
            b.customers.push(vec![Lit::I(id), Lit::I(agent), Lit::S(name.clone()), Lit::S(mobile.clone()), Lit::S(address.clone()), Lit::I(at)]);
            Customer { id, agent, name, mobile, address }
        })
        .collect()
}
