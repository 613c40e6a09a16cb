//! Finance pages.
