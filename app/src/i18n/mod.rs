//! User-visible text in zh-CN (default) and en.
//!
//! Every string a user can see is a field of [`Strings`]; the two tables
//! [`zh::ZH`] and [`en::EN`] must each fill every field, so a missing
//! translation does not compile.

mod en;
mod zh;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Hash)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Lang {
        if code.eq_ignore_ascii_case("en") || code.to_ascii_lowercase().starts_with("en-") {
            Lang::En
        } else {
            Lang::Zh
        }
    }

    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::Zh => &zh::ZH,
            Lang::En => &en::EN,
        }
    }

    /// Pick one of two inline texts; for messages built with data (errors).
    pub fn pick(self, zh: impl Into<String>, en: impl Into<String>) -> String {
        match self {
            Lang::Zh => zh.into(),
            Lang::En => en.into(),
        }
    }
}

/// All fixed UI text.
pub struct Strings {
    pub app_name: &'static str,
    pub nav_home: &'static str,
    pub nav_orders: &'static str,
    pub nav_inventory: &'static str,
    pub nav_team: &'static str,
    pub logout: &'static str,
    pub switch_lang: &'static str,
    pub loading: &'static str,
    pub save: &'static str,
    pub search: &'static str,
    pub all: &'static str,
    pub prev_page: &'static str,
    pub next_page: &'static str,
    pub page_of: &'static str,
    pub total_rows: &'static str,
    pub empty: &'static str,
    pub back: &'static str,

    pub login_title: &'static str,
    pub login_tagline: &'static str,
    pub username: &'static str,
    pub password: &'static str,
    pub login_button: &'static str,

    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub go_home: &'static str,
    pub error_title: &'static str,

    pub home_title: &'static str,
    pub sales_this_month: &'static str,
    pub orders_this_month: &'static str,
    pub customers_total: &'static str,
    pub to_ship_count: &'static str,
    pub daily_sales_30: &'static str,
    pub sales: &'static str,
    pub scope_all: &'static str,
    pub scope_line: &'static str,

    pub orders_title: &'static str,
    pub new_order: &'static str,
    pub order_no: &'static str,
    pub recipient: &'static str,
    pub mobile: &'static str,
    pub address: &'static str,
    pub agent: &'static str,
    pub channel: &'static str,
    pub status: &'static str,
    pub amount: &'static str,
    pub created_at: &'static str,
    pub search_orders_placeholder: &'static str,
    pub no_orders: &'static str,
    pub order_lines: &'static str,
    pub sku: &'static str,
    pub quantity: &'static str,
    pub unit_price: &'static str,
    pub subtotal: &'static str,
    pub add_line: &'static str,
    pub remove_line: &'static str,
    pub submit_order: &'static str,
    pub order_created: &'static str,
    pub history: &'static str,
    pub choose: &'static str,
    pub mark_paid: &'static str,
    pub ship: &'static str,
    pub complete: &'static str,
    pub cancel_order: &'static str,
    pub confirm_cancel_order: &'static str,
    pub confirm_ship: &'static str,
    pub status_changed: &'static str,
    pub order_detail: &'static str,
    pub total: &'static str,
    pub stock_left: &'static str,

    pub inventory_title: &'static str,
    pub product: &'static str,
    pub category: &'static str,
    pub size: &'static str,
    pub color: &'static str,
    pub price: &'static str,
    pub on_hand: &'static str,
    pub low_stock: &'static str,
    pub inbound: &'static str,
    pub inbound_done: &'static str,
    pub note: &'static str,
    pub movements: &'static str,
    pub new_product: &'static str,
    pub product_created: &'static str,
    pub cost_price: &'static str,
    pub low_stock_level: &'static str,
    pub colors_hint: &'static str,
    pub sizes_hint: &'static str,

    pub team_title: &'static str,
    pub display_name: &'static str,
    pub role: &'static str,
    pub parent_agent: &'static str,
    pub none: &'static str,
    pub new_user: &'static str,
    pub create_user: &'static str,
    pub user_created: &'static str,
    pub reset_password: &'static str,
    pub new_password: &'static str,
    pub password_reset_done: &'static str,
    pub no_team: &'static str,

    pub offline_note: &'static str,
}
