//! Pure rules of notifications: the JSON each kind of robot expects, retry backoff, URL checks.

use super::NotifierKind;
use crate::error::AreaError;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum NotifyError {
    BadUrl,
}

impl AreaError for NotifyError {
    fn code(&self) -> &'static str {
        match self {
            NotifyError::BadUrl => "bad_url",
        }
    }

    fn field(&self) -> Option<&str> {
        Some("url")
    }
}

impl NotifyError {
    pub fn code(&self) -> &'static str {
        AreaError::code(self)
    }

    pub fn field(&self) -> Option<&str> {
        AreaError::field(self)
    }

    #[cfg(test)]
    pub fn examples() -> Vec<NotifyError> {
        vec![NotifyError::BadUrl]
    }
}

/// The request body for a notifier: WeCom and DingTalk group robots take Markdown messages
/// (`msgtype: markdown`); a generic webhook gets `{"title", "text"}`.
pub fn payload(kind: NotifierKind, title: &str, body: &str) -> serde_json::Value {
    match kind {
        NotifierKind::Wecom => serde_json::json!({ "msgtype": "markdown", "markdown": { "content": body } }),
        NotifierKind::Dingtalk => serde_json::json!({ "msgtype": "markdown", "markdown": { "title": title, "text": body } }),
        NotifierKind::Webhook => serde_json::json!({ "title": title, "text": body }),
    }
}

/// How long to wait before retrying a failed delivery: 30 s, 1 min, 2 min, … capped at 1 h.
pub fn retry_delay_ms(attempts: i64) -> i64 {
    let doublings = (attempts - 1).clamp(0, 20) as u32;
    (30_000_i64 << doublings).min(3_600_000)
}

/// A delivery is given up after this many attempts.
pub const MAX_ATTEMPTS: i64 = 8;

/// A notifier URL: `https://…`, or `http://` to this machine (a local relay or a test).
pub fn check_url(url: &str) -> Result<String, NotifyError> {
    let url = url.trim();
    let local = ["http://127.0.0.1", "http://localhost", "http://[::1]"].iter().any(|p| url.starts_with(p));
    let ok = (url.starts_with("https://") && url.len() > 10 || local) && !url.chars().any(char::is_whitespace);
    if ok { Ok(url.to_string()) } else { Err(NotifyError::BadUrl) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robot_payloads() {
        assert_eq!(payload(NotifierKind::Wecom, "t", "**b**"), serde_json::json!({"msgtype": "markdown", "markdown": {"content": "**b**"}}));
        assert_eq!(payload(NotifierKind::Dingtalk, "t", "b")["markdown"]["title"], "t");
        assert_eq!(payload(NotifierKind::Webhook, "t", "b"), serde_json::json!({"title": "t", "text": "b"}));
    }

    #[test]
    fn backoff_and_urls() {
        assert_eq!([1, 2, 3, 8, 30].map(retry_delay_ms), [30_000, 60_000, 120_000, 3_600_000, 3_600_000]);
        assert_eq!(check_url(" https://oapi.dingtalk.com/robot/send?access_token=x "), Ok("https://oapi.dingtalk.com/robot/send?access_token=x".into()));
        assert_eq!(check_url("http://127.0.0.1:9000/hook"), Ok("http://127.0.0.1:9000/hook".into()));
        assert_eq!(check_url("http://example.com/hook"), Err(NotifyError::BadUrl));
        assert_eq!(check_url("ftp://x"), Err(NotifyError::BadUrl));
    }
}
