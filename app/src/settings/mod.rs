//! Team settings the boss changes in the app (as opposed to server configuration).

pub mod api;
pub mod logic;
pub mod text;
pub mod ui;
#[cfg(feature = "ssr")]
mod db;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

/// The team's settings, with their defaults.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TeamSettings {
    /// Agents may confirm that their customers paid (customers often pay the agent
    /// directly). Off by default: then only the boss and finance confirm payments; when on,
    /// an agent's confirmations are marked for finance to check.
    pub agents_confirm_payment: bool,
    /// When the daily digest goes to the notifiers, HH:MM in Asia/Shanghai; empty = never.
    pub digest_time: crate::bounded::Bounded<5>,
}

