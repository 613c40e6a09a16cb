//! Intake pages and components: the paste box, the SKU picker and customer lookup of the
//! order form, the import page, the share page's admin and its public side.

mod paste;
mod picker;

pub use paste::PasteBox;
pub use picker::{CustomerLookup, SkuPicker};
mod import;

pub use import::ImportPage;
mod share;

pub use share::{PublicSharePage, ShareAdminPage};
