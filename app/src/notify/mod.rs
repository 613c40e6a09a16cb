//! Notifications to the team's chat groups: WeCom (企业微信) and DingTalk (钉钉) group robots
//! and plain JSON webhooks. Areas queue a message for an event in their own transaction
//! (`service::enqueue`, once per event and notifier); the server's worker claims due messages
//! (one server per message, also with several servers on one PostgreSQL), sends them through a
//! `Notifier` and retries with backoff.

pub mod api;
pub mod logic;
pub mod text;
pub mod ui;
#[cfg(feature = "ssr")]
mod db;
#[cfg(feature = "ssr")]
pub mod service;

pub use logic::NotifyError;

use crate::bounded::Bounded;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotifierKind {
    Wecom,
    Dingtalk,
    Webhook,
}

text_codes!(NotifierKind { Wecom = "wecom", Dingtalk = "dingtalk", Webhook = "webhook" });

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotifierView {
    pub id: i64,
    pub name: String,
    pub kind: NotifierKind,
    /// The URL with its secret part hidden.
    pub url: String,
    pub active: bool,
    pub sent: i64,
    pub failed: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewNotifier {
    pub name: Bounded<40>,
    pub kind: NotifierKind,
    pub url: Bounded<800>,
}
