//! Every SQL statement of the inventory area (ssr only). Private to the area.
//!
//! Stock changes only through [`take`] and [`put`], which write the ledger row and the
//! on-hand quantity in the caller's transaction; [`reserve`] and [`release`] move what open
//! orders hold.

mod alerts;
mod catalog;
mod docs;
mod stock;
mod views;

pub(super) use alerts::*;
pub(super) use catalog::*;
pub(super) use docs::*;
pub(super) use stock::*;
/// For finance's scan of the cost of goods (re-exported by the service).
pub(crate) use stock::ORDER_COSTS_SQL;
pub(super) use views::*;
