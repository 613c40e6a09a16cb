//! Pages of the fulfilment area: couriers and rules, batch shipping, labels, picking list.

mod aftersale;
mod batch;
mod couriers;
mod print;

pub use aftersale::AfterSalesCard;
pub use batch::BatchShipPage;
pub use couriers::CouriersPage;
pub use print::{PickingPage, PrintPage};
