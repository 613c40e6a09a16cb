//! The REST intake API's request and answer bodies (`/api/v1`, served by `server/src/rest`),
//! documented from these types in the OpenAPI document (`utoipa`, server side only).
//! Money is a decimal string of yuan (`"59.80"`), times are UTC epoch milliseconds.

use serde::{Deserialize, Serialize};

/// A new order from a mini-program or another shop.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ApiNewOrder {
    /// The agent the order belongs to. A key for one agent's line may name an agent of that
    /// line and defaults to the key's agent; a team key must name one.
    #[serde(default)]
    pub agent_id: Option<i64>,
    /// The client's own order number: with the channel, an order is created once for it.
    #[serde(default)]
    pub external_no: Option<String>,
    /// `mini_program` (default), `wechat`, `moments`, `taobao`, `pinduoduo`, `wechat_shop` …
    #[serde(default)]
    pub channel: Option<String>,
    pub recipient_name: String,
    /// 11-digit mainland mobile (`+86`, spaces and dashes allowed).
    pub mobile: String,
    pub address: String,
    /// At least one line; SKUs by their code (as on the stock page) or barcode.
    pub items: Vec<ApiItem>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ApiItem {
    pub sku_code: String,
    pub qty: i64,
}

/// An order as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApiOrder {
    pub id: i64,
    pub order_no: String,
    /// `pending_payment`, `to_ship`, `shipped`, `completed` or `cancelled`.
    pub status: String,
    pub channel: String,
    pub agent_name: String,
    pub recipient_name: String,
    pub mobile: String,
    /// Absent in lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Yuan, two decimals.
    pub total: String,
    pub created_at: i64,
    /// Absent in lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<ApiOrderLine>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApiOrderLine {
    pub sku_code: String,
    pub name: String,
    pub qty: i64,
    pub unit_price: String,
    pub line_total: String,
}

/// The answer to creating an order: the order, and whether this call created it (`false`
/// when the channel's `external_no` was known already).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApiCreated {
    pub created: bool,
    pub order: ApiOrder,
}

/// A page of orders, newest first; pass `next` as `after` for the next page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApiOrderPage {
    pub orders: Vec<ApiOrder>,
    pub next: Option<String>,
}

/// Text to read recipient fields from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ApiParseInput {
    pub text: String,
}

/// Recipient fields read from a message; absent parts are null; `unsure` lists the fields
/// a person should check.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApiAddress {
    pub name: Option<String>,
    pub mobile: Option<String>,
    pub phone: Option<String>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub district: Option<String>,
    pub street: Option<String>,
    pub postcode: Option<String>,
    /// County-level 6-digit division code.
    pub code: Option<String>,
    pub unsure: Vec<String>,
}

/// Every error: a stable machine code (`unauthenticated`, `intake.bad_signature`,
/// `orders.stock_short` …), a message in the key owner's language, the input field it
/// concerns and its parameters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub params: Option<serde_json::Value>,
}
