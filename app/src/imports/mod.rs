//! Reading uploaded files, shared by every area that imports them (finance's bills and
//! expense sheets, orders' marketplace exports).
//!
//! Layers: [`tabular`] turns bytes into cleaned rows with their original line numbers and finds
//! the table inside preamble and footer lines; [`cells`] reads single values (amounts in fen,
//! local times, quantities, mobiles) the way Chinese exports write them. A whole file that
//! cannot be read is an [`ImportError`] (`import.*` fault); every bad row is a
//! [`errors::RowError`] while the good rows are still returned, so the caller can show a full
//! preview and then commit all or nothing.
//!
//! The byte readers (encoding detection, CSV, .xlsx/.xls via calamine) are server-only
//! (`ssr`); everything else is plain logic that also builds for the browser.

pub mod cells;
pub mod errors;
pub mod tabular;

pub use errors::ImportError;

/// The bytes of a file a browser sent as base64 (standard or URL-safe alphabet, padding
/// optional, whitespace ignored); `None` when it is not base64 or empty.
pub fn decode_base64(b64: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    let trimmed: String = b64.chars().filter(|c| !c.is_whitespace() && *c != '=').map(|c| match c { '+' => '-', '/' => '_', c => c }).collect();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(trimmed.as_bytes()).ok()?;
    (!bytes.is_empty()).then_some(bytes)
}
