//! The audit trail (P7): who changed what and when. Order status changes have their own
//! table (`order_events`); everything else is appended here in the writer's transaction.

mod db;

pub use db::record;
