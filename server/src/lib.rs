//! The axum server: configuration and CLI, database start-up and migrations, the web app
//! (routes, login guard, security middleware, static files), the accept loop, demo data,
//! and the invariant checks.

pub mod benches;
pub mod check;
pub mod cli;
pub mod db;
pub mod demo;
pub mod gen;
pub mod housekeeping;
pub mod rest;
pub mod notify;
pub mod security;
pub mod serve;
pub mod web;
