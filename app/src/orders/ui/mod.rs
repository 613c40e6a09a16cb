//! Order pages: list with search and filters, new order form, order detail with status
//! actions, the warehouse's shipping queue.

mod detail;
mod list;
mod new;
mod ship;

pub use detail::OrderDetailPage;
pub use list::OrderListPage;
pub use new::NewOrderPage;
pub use ship::ShipQueuePage;
