//! Customers. This release keeps the customer behind each order (one per agent and
//! mobile); profiles, tags and lifecycle (C1–C5) build on this table.

pub mod logic;
#[cfg(feature = "ssr")]
mod db;
#[cfg(feature = "ssr")]
pub mod service;

pub use logic::mask_mobile;
