//! Intake pages and components: the paste box, the SKU picker and customer lookup of the
//! order form, the import page, the share page's admin and its public side.
