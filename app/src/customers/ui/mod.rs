//! Customer pages.
