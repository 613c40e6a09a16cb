//! The one error type that crosses the wire.
//!
//! Variants are things a user can act on. Every message exists in zh-CN and
//! en ([`AppError::message`]). `Internal` carries only a reference id: the cause
//! is logged on the server and never sent to the client.

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum AppError {
    #[error("login required")]
    Unauthenticated,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// Bad input in one field; nothing was changed.
    #[error("{field}: {en}")]
    Validation { field: String, zh: String, en: String },
    /// The request clashes with the current state (e.g. stock, status); nothing was changed.
    #[error("{en}")]
    Conflict { zh: String, en: String },
    #[error("too many failed logins")]
    TooManyAttempts { retry_after_secs: i64 },
    #[error("internal error, reference {reference}")]
    Internal { reference: String },
    /// The call did not reach the server or its answer could not be read.
    #[error("transport: {0}")]
    Transport(String),
}

impl AppError {
    pub fn validation(field: &str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        AppError::Validation { field: field.into(), zh: zh.into(), en: en.into() }
    }

    pub fn conflict(zh: impl Into<String>, en: impl Into<String>) -> Self {
        AppError::Conflict { zh: zh.into(), en: en.into() }
    }

    /// The message to show the user, in their language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            AppError::Unauthenticated => lang.pick("请先登录", "Please sign in first"),
            AppError::Forbidden => lang.pick("无权访问：这不属于您的数据范围", "Not allowed: this is outside your data scope"),
            AppError::NotFound => lang.pick("找不到该记录", "Record not found"),
            AppError::Validation { zh, en, .. } | AppError::Conflict { zh, en } => lang.pick(zh, en),
            AppError::TooManyAttempts { retry_after_secs } => {
                let mins = (retry_after_secs + 59) / 60;
                lang.pick(
                    format!("登录失败次数过多，请 {mins} 分钟后再试"),
                    format!("Too many failed sign-ins; try again in {mins} min"),
                )
            }
            AppError::Internal { reference } => lang.pick(
                format!("系统内部错误，请稍后重试（参考号 {reference}）"),
                format!("Internal error, please retry later (reference {reference})"),
            ),
            AppError::Transport(_) => lang.pick("网络异常，请检查网络后重试", "Network problem, please check your connection"),
        }
    }

    /// HTTP status for this error, used by server functions and the REST API.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Validation { .. } => 422,
            AppError::Conflict { .. } => 409,
            AppError::TooManyAttempts { .. } => 429,
            AppError::Internal { .. } | AppError::Transport(_) => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// Log an unexpected failure with a fresh reference id and hide its details.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        use rand::Rng;
        let reference = format!("{:08x}", rand::thread_rng().gen::<u32>());
        tracing::error!(%reference, "internal error: {cause}");
        AppError::Internal { reference }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::RowNotFound => AppError::NotFound,
            other => AppError::internal(other),
        }
    }
}

/// Whether a database error is a unique-constraint violation (to turn it into a field error).
#[cfg(feature = "ssr")]
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_speaks_both_languages() {
        let all = [
            AppError::Unauthenticated,
            AppError::Forbidden,
            AppError::NotFound,
            AppError::validation("mobile", "手机号格式不正确", "Invalid mobile number"),
            AppError::conflict("库存不足", "Not enough stock"),
            AppError::TooManyAttempts { retry_after_secs: 61 },
            AppError::Internal { reference: "ab12".into() },
            AppError::Transport("x".into()),
        ];
        for e in all {
            let (zh, en) = (e.message(Lang::Zh), e.message(Lang::En));
            assert_ne!(zh, en, "{e:?}");
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{zh}");
            assert!(en.is_ascii(), "{en}");
        }
        assert!(AppError::TooManyAttempts { retry_after_secs: 61 }.message(Lang::Zh).contains("2 分钟"));
    }

    #[test]
    fn internal_errors_serialize_without_detail() {
        let json = serde_json::to_string(&AppError::Internal { reference: "ab12".into() }).unwrap();
        assert_eq!(json, r#"{"code":"internal","reference":"ab12"}"#);
    }
}
