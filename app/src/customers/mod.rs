//! Customers. This release keeps the customer behind each order (one per agent and
//! mobile); profiles, tags and lifecycle (C1–C5) build on this table.

#[cfg(feature = "ssr")]
pub mod db;
