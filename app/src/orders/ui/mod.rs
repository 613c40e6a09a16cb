//! Order pages: list with search and filters, new order form, order detail with status actions.

mod detail;
mod list;
mod new;

pub use detail::OrderDetailPage;
pub use list::OrderListPage;
pub use new::NewOrderPage;
