//! Languages and the shared UI text.
//!
//! Text lives with its area (`orders/text.rs`, `auth/text.rs`, …); what every page uses —
//! navigation, buttons, pager, the error kinds — is in [`common`]. Each text table is made
//! with `texts!`, which takes every entry in both languages side by side, so a missing
//! translation does not compile. Messages with data are functions, not templates.

pub mod common;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Hash)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The BCP 47 tag, as in `<html lang>` and the `zg_lang` cookie.
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

    /// Pick one of two texts built with data (error messages).
    pub fn pick(self, zh: impl Into<String>, en: impl Into<String>) -> String {
        match self {
            Lang::Zh => zh.into(),
            Lang::En => en.into(),
        }
    }
}
