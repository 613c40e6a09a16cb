//! The notification worker: every few seconds it claims due deliveries (each goes to one
//! server, also with several servers on one PostgreSQL) and sends them through the
//! [`Notifier`] of their kind; a failure is reported for a retry with backoff.
//!
//! A channel is a [`Notifier`]: WeCom (企业微信) and DingTalk (钉钉) group robots and plain
//! JSON webhooks are built in ([`RobotWebhook`]); an SMS provider is another implementation
//! registered in [`Notifiers::standard`].

use app::notify::logic::payload;
use app::notify::service::{self, Claimed};
use app::notify::NotifierKind;
use app::state::Db;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

pub type SendResult<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;

/// A way to deliver a message to a target (a robot's URL, a phone number, …).
pub trait Notifier: Send + Sync {
    fn send<'a>(&'a self, target: &'a str, title: &'a str, body: &'a str) -> SendResult<'a>;
}

/// A group robot or webhook over HTTPS: posts the kind's JSON and checks the answer.
pub struct RobotWebhook {
    pub kind: NotifierKind,
    pub client: reqwest::Client,
}

impl Notifier for RobotWebhook {
    fn send<'a>(&'a self, target: &'a str, title: &'a str, body: &'a str) -> SendResult<'a> {
        Box::pin(async move {
            let res = self.client.post(target).json(&payload(self.kind, title, body)).send().await.map_err(|e| format!("request: {e}"))?;
            let status = res.status();
            let text = res.text().await.unwrap_or_default();
            if !status.is_success() {
                return Err(format!("HTTP {status}: {}", text.chars().take(200).collect::<String>()));
            }
            // WeCom and DingTalk answer 200 with {"errcode": 0} on success, another code on refusal.
            if matches!(self.kind, NotifierKind::Wecom | NotifierKind::Dingtalk) {
                let code = serde_json::from_str::<serde_json::Value>(&text).ok().and_then(|v| v.get("errcode").and_then(|c| c.as_i64()));
                if code != Some(0) {
                    return Err(format!("robot refused: {}", text.chars().take(200).collect::<String>()));
                }
            }
            Ok(())
        })
    }
}

/// The notifier of each kind.
#[derive(Clone)]
pub struct Notifiers(Arc<HashMap<NotifierKind, Box<dyn Notifier>>>);

impl Notifiers {
    pub fn standard() -> Notifiers {
        let client = reqwest::Client::builder().timeout(Duration::from_secs(10)).user_agent("zhanggui-notify/1").build().unwrap_or_default();
        let mut map: HashMap<NotifierKind, Box<dyn Notifier>> = HashMap::new();
        for kind in [NotifierKind::Wecom, NotifierKind::Dingtalk, NotifierKind::Webhook] {
            map.insert(kind, Box::new(RobotWebhook { kind, client: client.clone() }));
        }
        Notifiers(Arc::new(map))
    }

    async fn send(&self, m: &Claimed) -> Result<(), String> {
        let kind = NotifierKind::parse(&m.kind).ok_or_else(|| format!("unknown kind {}", m.kind))?;
        let n = self.0.get(&kind).ok_or_else(|| format!("no notifier for {}", m.kind))?;
        n.send(&m.url, &m.title, &m.body).await
    }
}

/// Claim and send what is due now; returns (sent, failed).
pub async fn deliver_due(db: &Db, notifiers: &Notifiers) -> anyhow::Result<(usize, usize)> {
    let sys = app::auth::service::system();
    let claimed = service::claim(db, &sys, 20).await.map_err(crate::cli::both)?;
    let (mut sent, mut failed) = (0, 0);
    for m in &claimed {
        let result = notifiers.send(m).await;
        if result.is_ok() {
            sent += 1;
        } else {
            failed += 1;
        }
        if let Err(e) = &result {
            tracing::warn!(delivery = m.id, "notification failed: {e}");
        }
        service::report(db, &sys, m, result).await.map_err(crate::cli::both)?;
    }
    Ok((sent, failed))
}

/// The worker: every `every`, deliver what is due.
pub async fn run(db: Db, notifiers: Notifiers, every: Duration) {
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        if let Err(e) = deliver_due(&db, &notifiers).await {
            tracing::warn!("notifications: {e}");
        }
    }
}
