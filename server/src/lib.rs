//! The axum server: configuration and CLI, database start-up and migrations, the web
//! app (routes, login guard, static files), demo data.

pub mod cli;
pub mod db;
pub mod demo;
pub mod web;
