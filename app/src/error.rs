//! The one error type that crosses the wire, and the typed business faults inside it.
//!
//! An [`AppError`] is one of a few kinds a user can act on (sign in, not allowed, not found,
//! bad input, a clash with the current state, slow down, internal). Bad input and clashes
//! carry a [`Fault`]: a typed, per-area error with a stable machine code and parameters
//! (`orders.stock_short {sku, have, need}`), rendered to zh-CN/en in one place
//! ([`Fault::message`], which asks the area's `text.rs`). The same codes serve the UI,
//! the REST API's JSON errors and import row errors. `Internal` carries only a reference
//! id: the cause is logged on the server and never sent.

use crate::i18n::Lang;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

pub use crate::i18n::common::CommonError;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AppError {
    #[error("login required")]
    Unauthenticated,
    /// The role may not do this at all (a by-id record outside the scope is `NotFound`).
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// The request itself is malformed (bad arguments, unknown values, too large).
    #[error("bad request: {detail}")]
    BadRequest { detail: String },
    /// Bad input; nothing was changed.
    #[error("invalid: {}", .fault.code())]
    Invalid { fault: Fault },
    /// The request clashes with the current state (stock, status, …); nothing was changed.
    #[error("conflict: {}", .fault.code())]
    Conflict { fault: Fault },
    #[error("too many attempts")]
    TooManyAttempts { retry_after_secs: i64 },
    #[error("internal error, reference {reference}")]
    Internal { reference: String },
    /// The call did not reach the server or its answer could not be read.
    #[error("transport: {detail}")]
    Transport { detail: String },
}

/// A business rule's refusal, typed per area. Serialized as `{"orders": {"code": "stock_short", …}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    Common(CommonError),
    Auth(crate::auth::AuthError),
    Orders(crate::orders::OrderError),
    Inventory(crate::inventory::InventoryError),
    Customers(crate::customers::CustomerError),
    Finance(crate::finance::FinanceError),
    Import(crate::imports::ImportError),
    Commissions(crate::commissions::CommissionError),
    Tax(crate::tax::TaxError),
    Intake(crate::intake::IntakeError),
    Notify(crate::notify::NotifyError),
    Fulfil(crate::fulfil::FulfilError),
    Dashboard(crate::dashboard::DashboardError),
}

impl Fault {
    /// The stable machine code, e.g. `orders.stock_short`.
    pub fn code(&self) -> String {
        match self {
            Fault::Common(e) => format!("common.{}", e.code()),
            Fault::Auth(e) => format!("auth.{}", e.code()),
            Fault::Orders(e) => format!("orders.{}", e.code()),
            Fault::Inventory(e) => format!("inventory.{}", e.code()),
            Fault::Customers(e) => format!("customers.{}", e.code()),
            Fault::Finance(e) => format!("finance.{}", e.code()),
            Fault::Import(e) => format!("import.{}", e.code()),
            Fault::Commissions(e) => format!("commissions.{}", e.code()),
            Fault::Tax(e) => format!("tax.{}", e.code()),
            Fault::Intake(e) => format!("intake.{}", e.code()),
            Fault::Notify(e) => format!("notify.{}", e.code()),
            Fault::Fulfil(e) => format!("fulfil.{}", e.code()),
            Fault::Dashboard(e) => format!("dashboard.{}", e.code()),
        }
    }

    /// The message in the user's language: the one place faults become text.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Fault::Common(e) => crate::i18n::common::error_text(e, lang),
            Fault::Auth(e) => crate::auth::text::error_text(e, lang),
            Fault::Orders(e) => crate::orders::text::error_text(e, lang),
            Fault::Inventory(e) => crate::inventory::text::error_text(e, lang),
            Fault::Customers(e) => crate::customers::text::error_text(e, lang),
            Fault::Finance(e) => crate::finance::text::error_text(e, lang),
            Fault::Import(e) => crate::imports::errors::error_text(e, lang),
            Fault::Commissions(e) => crate::commissions::text::error_text(e, lang),
            Fault::Tax(e) => crate::tax::text::error_text(e, lang),
            Fault::Intake(e) => crate::intake::text::error_text(e, lang),
            Fault::Notify(e) => crate::notify::text::error_text(e, lang),
            Fault::Fulfil(e) => crate::fulfil::text::error_text(e, lang),
            Fault::Dashboard(e) => crate::dashboard::text::error_text(e, lang),
        }
    }

    /// The input field a validation fault points at, for highlighting it in a form.
    pub fn field(&self) -> Option<&str> {
        match self {
            Fault::Common(e) => e.field(),
            Fault::Auth(e) => e.field(),
            Fault::Orders(e) => e.field(),
            Fault::Inventory(e) => e.field(),
            Fault::Customers(e) => AreaError::field(e),
            Fault::Finance(e) => e.field(),
            Fault::Import(e) => e.field(),
            Fault::Commissions(e) => e.field(),
            Fault::Tax(e) => e.field(),
            Fault::Intake(e) => e.field(),
            Fault::Notify(e) => e.field(),
            Fault::Fulfil(e) => crate::error::AreaError::field(e),
            Fault::Dashboard(e) => e.field(),
        }
    }

    /// The parameters of the fault as JSON (for the REST API's error envelope).
    pub fn params(&self) -> serde_json::Value {
        let mut v = serde_json::to_value(self).unwrap_or_default();
        let inner = v.as_object_mut().and_then(|o| o.values_mut().next()).map(std::mem::take).unwrap_or_default();
        match inner {
            serde_json::Value::Object(mut o) => {
                o.remove("code");
                serde_json::Value::Object(o)
            }
            _ => serde_json::Value::Object(Default::default()),
        }
    }
}

impl AppError {
    /// The message to show the user, in their language.
    pub fn message(&self, lang: Lang) -> String {
        crate::i18n::common::app_error_text(self, lang)
    }

    /// The stable machine code, e.g. `not_found` or `orders.stock_short`.
    pub fn code(&self) -> String {
        match self {
            AppError::Invalid { fault } | AppError::Conflict { fault } => fault.code(),
            AppError::Unauthenticated => "unauthenticated".into(),
            AppError::Forbidden => "forbidden".into(),
            AppError::NotFound => "not_found".into(),
            AppError::BadRequest { .. } => "bad_request".into(),
            AppError::TooManyAttempts { .. } => "too_many_attempts".into(),
            AppError::Internal { .. } => "internal".into(),
            AppError::Transport { .. } => "transport".into(),
        }
    }

    /// The fault behind a validation or conflict error.
    pub fn fault(&self) -> Option<&Fault> {
        match self {
            AppError::Invalid { fault } | AppError::Conflict { fault } => Some(fault),
            _ => None,
        }
    }

    /// The input field a validation error points at.
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Invalid { fault } => fault.field(),
            _ => None,
        }
    }

    /// HTTP status for this error, used by server functions and the REST API.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::BadRequest { .. } => 400,
            AppError::Invalid { .. } => 422,
            AppError::Conflict { .. } => 409,
            AppError::TooManyAttempts { .. } => 429,
            AppError::Internal { .. } | AppError::Transport { .. } => 500,
        }
    }
}

/// An area's error enum: its code, the field it points at, and whether it is bad input
/// (422) or a clash with the current state (409). `From<AreaError> for AppError` uses it.
pub trait AreaError: Into<Fault> + Clone {
    fn code(&self) -> &'static str;
    fn field(&self) -> Option<&str> {
        None
    }
    fn is_conflict(&self) -> bool {
        false
    }
}

macro_rules! area_error {
    ($ty:ty, $variant:ident) => {
        impl From<$ty> for Fault {
            fn from(e: $ty) -> Fault {
                Fault::$variant(e)
            }
        }
        impl From<$ty> for AppError {
            fn from(e: $ty) -> AppError {
                let conflict = AreaError::is_conflict(&e);
                let fault = Fault::from(e);
                if conflict { AppError::Conflict { fault } } else { AppError::Invalid { fault } }
            }
        }
    };
}
area_error!(CommonError, Common);
area_error!(crate::auth::AuthError, Auth);
area_error!(crate::orders::OrderError, Orders);
area_error!(crate::inventory::InventoryError, Inventory);
area_error!(crate::customers::CustomerError, Customers);
area_error!(crate::finance::FinanceError, Finance);
area_error!(crate::imports::ImportError, Import);
area_error!(crate::commissions::CommissionError, Commissions);
area_error!(crate::tax::TaxError, Tax);
area_error!(crate::intake::IntakeError, Intake);
area_error!(crate::fulfil::FulfilError, Fulfil);
area_error!(crate::notify::NotifyError, Notify);
area_error!(crate::dashboard::DashboardError, Dashboard);

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// Errors of the server-function machinery itself: a request the server could not
    /// decode is the client's fault (400); on the client, a failed call is transport.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(detail) | ServerFnErrorErr::Deserialization(detail) | ServerFnErrorErr::MissingArg(detail) => {
                #[cfg(feature = "ssr")]
                if let Some(resp) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
                    resp.set_status(http::StatusCode::BAD_REQUEST);
                }
                AppError::BadRequest { detail: detail.chars().take(200).collect() }
            }
            other => AppError::Transport { detail: other.to_string() },
        }
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
    use crate::orders::OrderError;

    /// One example of every kind and every area fault: each speaks both languages and
    /// survives the JSON round trip that server functions use.
    pub fn every_error() -> Vec<AppError> {
        let mut all = vec![
            AppError::Unauthenticated,
            AppError::Forbidden,
            AppError::NotFound,
            AppError::BadRequest { detail: "x".into() },
            AppError::TooManyAttempts { retry_after_secs: 61 },
            AppError::Internal { reference: "ab12".into() },
            AppError::Transport { detail: "x".into() },
        ];
        all.extend(CommonError::examples().into_iter().map(AppError::from));
        all.extend(crate::auth::AuthError::examples().into_iter().map(AppError::from));
        all.extend(OrderError::examples().into_iter().map(AppError::from));
        all.extend(crate::inventory::InventoryError::examples().into_iter().map(AppError::from));
        all.extend(crate::customers::CustomerError::examples().into_iter().map(AppError::from));
        all.extend(crate::finance::FinanceError::examples().into_iter().map(AppError::from));
        all.extend(crate::imports::ImportError::examples().into_iter().map(AppError::from));
        all.extend(crate::commissions::CommissionError::examples().into_iter().map(AppError::from));
        all.extend(crate::tax::TaxError::examples().into_iter().map(AppError::from));
        all.extend(crate::intake::IntakeError::examples().into_iter().map(AppError::from));
        all.extend(crate::notify::NotifyError::examples().into_iter().map(AppError::from));
        all.extend(crate::fulfil::FulfilError::examples().into_iter().map(AppError::from));
        all.extend(crate::dashboard::DashboardError::examples().into_iter().map(AppError::from));
        all
    }

    #[test]
    fn every_error_speaks_both_languages_and_round_trips() {
        let all = every_error();
        assert!(all.len() > 20);
        for e in all {
            let (zh, en) = (e.message(Lang::Zh), e.message(Lang::En));
            assert_ne!(zh, en, "{e:?}");
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{zh}");
            assert!(!en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) || e.fault().is_some(), "{en}");
            let json = serde_json::to_string(&e).unwrap();
            let back: AppError = serde_json::from_str(&json).unwrap();
            assert_eq!(back, e, "{json}");
            assert!(!e.code().is_empty());
        }
    }

    #[test]
    fn codes_and_params_are_stable() {
        let e = AppError::from(OrderError::StockShort { sku: "蛋黄酥".into(), have: 2, need: 5 });
        assert_eq!(e.code(), "orders.stock_short");
        assert_eq!(e.status(), 409);
        assert_eq!(e.fault().unwrap().params(), serde_json::json!({"sku": "蛋黄酥", "have": 2, "need": 5}));
        assert_eq!(e.message(Lang::Zh), "「蛋黄酥」库存不足：可用 2，需要 5");
        let v = AppError::from(CommonError::TooLong { field: "note".into(), max: 200 });
        assert_eq!((v.status(), v.field()), (422, Some("note")));
        assert_eq!(v.code(), "common.too_long");
    }

    #[test]
    fn internal_errors_serialize_without_detail() {
        let json = serde_json::to_string(&AppError::Internal { reference: "ab12".into() }).unwrap();
        assert_eq!(json, r#"{"kind":"internal","reference":"ab12"}"#);
    }
}
