//! Shared UI: session context, layout and navigation, toasts, pager, charts, small widgets.

pub mod chart;
pub mod layout;
pub mod session;
pub mod toast;
pub mod widgets;
