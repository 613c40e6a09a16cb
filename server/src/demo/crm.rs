//! The demo's CRM: starting tags and a few of the boss's own rules (咨询未下单, 0-1岁宝宝家长,
//! 双11买过运动鞋), custom fields with values, manual tags, notes, address books, prospects
//! from consultations, a year of lifecycle stage history, a 高净值 win-back campaign with
//! coupons and follow-ups, and two 撞单 waiting for the boss. Rules, campaigns and clashes go
//! through the customers and orders services; notes, field values and the stage history of
//! the past year are bulk-inserted (3,000 customers through the services would be slow).

use super::db::{insert_rows, V};
use app::auth::Caller;
use app::customers::logic_tags::FieldValue;
use app::customers::logic_lifecycle::{stage, transition, LifecycleConfig, LifecycleFacts, Stage};
use app::customers::{service as crm, CampaignInput, DiscountKind, FieldKind, TagInput};
use app::error::AppError;
use app::i18n::Lang;
use app::state::Db;
use app::time::{date_of_day, day_of, day_start_ms};
use chrono::Datelike;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;

fn err(e: AppError) -> anyhow::Error {
    anyhow::anyhow!(e.message(Lang::En))
}

const CONSULTATIONS: [&str; 6] = [
    "问补水面膜适不适合敏感肌，已发试用装说明",
    "咨询连衣裙尺码，身高 160 体重 50kg，建议 M 码",
    "问蛋黄酥保质期和中秋前能否到货",
    "想给宝宝买连体衣，问 66 码适合几个月",
    "咨询运动鞋是否偏码，建议正常码",
    "问口红色号哪个显白，推荐 #02 豆沙",
];
const AFTER_SALES: [&str; 4] = ["反馈面膜精华液偏少，已补发一片", "连衣裙起球，已安排换货", "快递延误一天，已致歉", "口红断了，已补寄"];
const SKIN: [&str; 4] = ["干性", "油性", "混合性", "敏感肌"];

pub async fn seed(db: &Db, today: i64, agents: &[(i64, f64)]) -> anyhow::Result<usize> {
    let sys = app::auth::service::system();
    let mut rng = StdRng::seed_from_u64(0x43_524d);
    crm::seed_default_tags(db, Lang::Zh).await.map_err(err)?;
    crm::add_field(db, &sys, "宝宝月龄", FieldKind::Number).await.map_err(err)?;
    crm::add_field(db, &sys, "肤质", FieldKind::Text).await.map_err(err)?;
    let rule = |name: &str, json: String| TagInput { id: None, name: name.into(), rule: json.into() };
    let save = |t: TagInput| {
        let (db, sys) = (db.clone(), sys.clone());
        async move { crm::save_tag_quiet(&db, &sys, &t).await }
    };
    save(rule("咨询未下单", r#"{"cond":"consulted_no_order"}"#.into())).await.map_err(err)?;
    save(rule("0-1岁宝宝家长", r#"{"cond":{"field":{"name":"宝宝月龄","test":{"number":{"between":["0","12"]}}}}}"#.into())).await.map_err(err)?;
    let d = date_of_day(today);
    let year = if (d.month(), d.day()) >= (11, 11) { d.year() } else { d.year() - 1 };
    let shoes = format!(r#"{{"cond":{{"bought":{{"target":{{"category":"鞋类"}},"from":"{year}-11-01","to":"{year}-11-11"}}}}}}"#);
    save(rule(&format!("{year}双11买过运动鞋"), shoes)).await.map_err(err)?;
    let vip = save(TagInput { id: None, name: "VIP".into(), rule: Default::default() }).await.map_err(err)?;
    let mut tx = db.begin_write().await?;
    let customers: Vec<(i64, i64, String, String, String, i64)> =
        sqlx::query_as("SELECT id, agent_id, name, mobile, address, created_at FROM customers ORDER BY id").fetch_all(&mut *tx).await?;
    // Address books from the addresses the orders used.
    let addresses: Vec<Vec<V>> = customers
        .iter()
        .filter(|c| !c.4.is_empty())
        .map(|c| vec![V::I(c.0), V::S(c.2.clone()), V::S(c.3.clone()), V::S(c.4.clone()), V::I(1), V::I(c.5)])
        .collect();
    insert_rows(&mut tx, "customer_addresses", &["customer_id", "recipient", "mobile", "address", "is_default", "created_at"], &addresses).await?;
    // Custom field values, manual tags, notes.
    let mut notes = Vec::new();
    let mut tags = Vec::new();
    for c in &customers {
        let mut fields = BTreeMap::new();
        if rng.gen_bool(0.12) {
            fields.insert("宝宝月龄", FieldValue::Number(rng.gen_range(0..30).into()));
        }
        if rng.gen_bool(0.3) {
            fields.insert("肤质", FieldValue::Text(SKIN[rng.gen_range(0..SKIN.len())].into()));
        }
        if !fields.is_empty() {
            sqlx::query("UPDATE customers SET fields = $1 WHERE id = $2").bind(serde_json::to_string(&fields)?).bind(c.0).execute(&mut *tx).await?;
        }
        if rng.gen_bool(0.1) {
            notes.push(vec![V::I(c.0), V::S("consultation".into()), V::S(CONSULTATIONS[rng.gen_range(0..CONSULTATIONS.len())].into()), V::I(c.1), V::I(c.5 - 3_600_000)]);
        }
        if rng.gen_bool(0.04) {
            notes.push(vec![V::I(c.0), V::S("after_sales".into()), V::S(AFTER_SALES[rng.gen_range(0..AFTER_SALES.len())].into()), V::I(c.1), V::I(c.5 + 5 * 86_400_000)]);
        }
        if rng.gen_bool(0.03) {
            tags.push(vec![V::I(c.0), V::I(vip), V::I(c.5)]);
        }
    }
    // Prospects: people who asked and have not ordered yet (咨询过但未下单).
    let mut next_id: i64 = customers.last().map_or(1, |c| c.0 + 1);
    let mut prospects = Vec::new();
    for i in 0..60 {
        let agent = agents[i % agents.len()].0;
        let at = day_start_ms(today - rng.gen_range(1..60)) + rng.gen_range(9..22) * 3_600_000;
        let name = format!("{}{}", super::catalogue::SURNAMES[rng.gen_range(0..super::catalogue::SURNAMES.len())], ["女士", "先生", "小姐"][i % 3]);
        let mobile = format!("166{:08}", 10_000_000 + i as i64 * 7_919);
        prospects.push(vec![V::I(next_id), V::I(agent), V::S(name), V::S(mobile), V::S(String::new()), V::I(at)]);
        notes.push(vec![V::I(next_id), V::S("consultation".into()), V::S(CONSULTATIONS[i % CONSULTATIONS.len()].into()), V::I(agent), V::I(at)]);
        next_id += 1;
    }
    insert_rows(&mut tx, "customers", &["id", "agent_id", "name", "mobile", "address", "created_at"], &prospects).await?;
    insert_rows(&mut tx, "customer_notes", &["customer_id", "kind", "body", "user_id", "created_at"], &notes).await?;
    insert_rows(&mut tx, "customer_tags", &["customer_id", "tag_id", "at"], &tags).await?;
    stage_history(&mut tx, today).await?;
    super::db::fix_sequences(&mut tx, db.backend, &["customers", "customer_addresses", "customer_notes", "crm_stage_changes"]).await?;
    tx.commit().await?;
    crm::refresh_all(db, &sys).await.map_err(err)?;
    let campaign = CampaignInput {
        id: None,
        name: "高净值沉睡唤醒".into(),
        tag_id: crm::list_tags(db, &sys).await.map_err(err)?.into_iter().find(|t| t.name == "高净值").map(|t| t.id),
        stage: None,
        min_silent_days: 45,
        coupon_kind: Some(DiscountKind::Amount),
        coupon_value: "50".into(),
        coupon_min_spend: "200".into(),
        coupon_valid_days: 30,
        repeat_days: 90,
        active: true,
    };
    crm::save_campaign(db, &sys, &campaign).await.map_err(err)?;
    let churn = CampaignInput {
        name: "流失客户回归礼".into(),
        tag_id: None,
        stage: Some(Stage::Churned),
        min_silent_days: 0,
        coupon_kind: Some(DiscountKind::Percent),
        coupon_value: "15".into(),
        coupon_min_spend: String::new().into(),
        ..campaign.clone()
    };
    crm::save_campaign(db, &sys, &churn).await.map_err(err)?;
    crm::run_campaigns(db, &sys).await.map_err(err)?;
    clashes(db, &sys, &customers, agents).await?;
    Ok(prospects.len())
}

/// A year of weekly lifecycle snapshots from each customer's counted orders, so the stage
/// report has history: every change is stored with the day it was first seen.
async fn stage_history(tx: &mut sqlx::AnyConnection, today: i64) -> anyhow::Result<()> {
    let orders: Vec<(i64, i64)> = sqlx::query_as("SELECT customer_id, created_at FROM orders WHERE status IN ('to_ship', 'shipped', 'completed') ORDER BY customer_id, created_at")
        .fetch_all(&mut *tx)
        .await?;
    let mut days: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for (c, at) in orders {
        days.entry(c).or_default().push(day_of(at));
    }
    let config = LifecycleConfig::default();
    let mut rows = Vec::new();
    for (customer, d) in &days {
        let mut previous: Option<Stage> = Some(Stage::Prospect);
        let mut snapshot = today - 364;
        while snapshot < today {
            let seen: Vec<i64> = d.iter().copied().filter(|x| *x <= snapshot).collect();
            let s = stage(&LifecycleFacts::from_order_days(&seen), snapshot, &config);
            if let Some(t) = transition(previous, s, snapshot) {
                rows.push(vec![V::I(*customer), t.from.map_or(V::NS, |f| V::S(f.code().into())), V::S(t.to.code().into()), V::I(t.day), V::I(day_start_ms(t.day) + 6 * 3_600_000)]);
                previous = Some(s);
            }
            snapshot += 7;
        }
        let s = stage(&LifecycleFacts::from_order_days(d), today, &config);
        sqlx::query("UPDATE customers SET stage = $1 WHERE id = $2").bind(previous.unwrap_or(s).code()).bind(customer).execute(&mut *tx).await?;
    }
    insert_rows(tx, "crm_stage_changes", &["customer_id", "from_stage", "to_stage", "day", "at"], &rows).await?;
    Ok(())
}

/// Two orders entered by an agent of another line for mobiles a customer already has (撞单).
async fn clashes(db: &Db, sys: &Caller, customers: &[(i64, i64, String, String, String, i64)], agents: &[(i64, f64)]) -> anyhow::Result<()> {
    let sku: i64 = sqlx::query_scalar("SELECT MIN(id) FROM skus").fetch_one(&db.pool).await?;
    let leaders: Vec<i64> = agents.iter().take(5).map(|a| a.0).collect();
    for c in customers.iter().filter(|c| c.1 == leaders[0]).take(2) {
        let other = app::auth::service::act_as(db, sys, leaders[1]).await.map_err(err)?;
        let input = app::orders::NewOrder {
            agent_id: leaders[1],
            customer_name: c.2.clone().into(),
            mobile: c.3.clone().into(),
            address: c.4.clone().into(),
            channel: app::orders::Channel::Wechat,
            lines: vec![app::orders::NewOrderLine { sku_id: sku, qty: 1 }],
            coupon_code: Default::default(),
        };
        app::orders::service::create_order(db, &other, &input).await.map_err(err)?;
    }
    Ok(())
}
