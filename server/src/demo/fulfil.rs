//! Demo data of the fulfilment area: the boss's couriers and the seed routing rules
//! (江浙沪 → 圆通, remote provinces → 邮政, else 中通), saved through the service; the
//! bulk-inserted orders get the courier those rules choose, and shipped ones a tracking number.

use app::auth::Caller;
use app::fulfil::logic_courier::{place_of, route, OrderFacts};
use app::fulfil::{service as fulfil, RoutingConfig, SenderAddress};
use app::state::Db;

/// The demo shop's couriers, all sending from its Hangzhou storeroom, with the seed rules.
pub fn routing() -> RoutingConfig {
    let sender = SenderAddress {
        name: "王姐小店".into(),
        mobile: "13800138000".into(),
        province: "浙江省".into(),
        city: "杭州市".into(),
        district: "余杭区".into(),
        detail: "文一西路 998 号 3 幢 101".into(),
    };
    let mut cfg = RoutingConfig::seed(sender);
    for (c, account) in cfg.couriers.iter_mut().zip(["5710098231", "5710044102", "1100233456"]) {
        c.account = account.into();
    }
    cfg
}

/// Save the routing configuration as the boss.
pub async fn seed(db: &Db, boss: &Caller) -> anyhow::Result<()> {
    fulfil::save_routing(db, boss, &routing()).await.map_err(crate::cli::both)
}

/// (courier code, reason zh, reason en) the rules give an order to `address` of `total_fen`.
pub fn courier_for(cfg: &RoutingConfig, address: &str, total_fen: i64) -> (String, String, String) {
    let (province, city) = place_of(address);
    let r = route(cfg, &OrderFacts { province, city, weight_g: 0, amount_fen: total_fen, preferred_courier: None });
    (r.courier_code, r.reason_zh, r.reason_en)
}

/// A believable, unique tracking number for a shipped demo order.
pub fn tracking_no(courier: &str, order_id: i64) -> String {
    let prefix = match courier {
        "YTO" => "YT",
        "ZTO" => "7531",
        _ => "9800",
    };
    format!("{prefix}{:010}", 3_000_000_000 + order_id * 7)
}
