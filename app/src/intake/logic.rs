//! Pure intake rules: the area's error, what a marketplace status means for an imported
//! order, SKU matching of file lines, column mappings, the REST API's signature and clock
//! window, the public page's per-address limits, share codes and picture types. No IO.

use super::exports::{ColumnMapping, ImportChannel, ImportedLine};
use super::{ImportLayout, MappingInput, PreviewState};
use crate::error::{AreaError, CommonError};
use crate::orders::Channel;
use serde::{Deserialize, Serialize};

/// A refusal of the intake area.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum IntakeError {
    /// The upload is larger than an import may be.
    FileTooLarge { max_mb: u32 },
    /// The upload is gone: imported already, more than a day old, or someone else's.
    UploadGone,
    /// A chunk arrived out of order, or the file is not complete yet.
    UploadIncomplete { received: i64, size: i64 },
    /// A chunk is not base64.
    BadUpload,
    /// The file has bad rows: nothing is imported until they are fixed.
    BadRows { count: u32 },
    /// Lines whose SKU code matches no SKU: nothing is imported until they match.
    UnknownSkus { count: u32 },
    /// Every order of the file is imported already or skipped.
    NothingToImport,
    /// A generic sheet is read through a saved column mapping: choose one.
    MappingRequired,
    /// A mapping needs columns for the recipient, the mobile and the address.
    MappingIncomplete { field: String },
    /// Another mapping has this name.
    MappingExists { name: String },
    /// The REST request's signature does not match the key's secret.
    BadSignature,
    /// The request's timestamp is too far from the server's clock.
    StaleTimestamp { max_skew_secs: i64 },
    /// This exact signed request was received before.
    Replayed,
    /// An Idempotency-Key used before with a different request.
    IdempotencyMismatch,
    /// A header the REST API needs is missing or malformed.
    BadHeader { name: String },
    /// The hidden field of the public order form was filled in (a bot).
    SpamSuspected,
    /// A product picture must be a PNG, JPEG or WebP image.
    ImageFormat,
    ImageTooLarge { max_kb: u32 },
    /// A share link that cannot go into a QR code.
    QrNotAUrl { value: String },
    QrUrlTooLong { len: u32, max: u32 },
}

impl AreaError for IntakeError {
    fn code(&self) -> &'static str {
        match self {
            IntakeError::FileTooLarge { .. } => "file_too_large",
            IntakeError::UploadGone => "upload_gone",
            IntakeError::UploadIncomplete { .. } => "upload_incomplete",
            IntakeError::BadUpload => "bad_upload",
            IntakeError::BadRows { .. } => "bad_rows",
            IntakeError::UnknownSkus { .. } => "unknown_skus",
            IntakeError::NothingToImport => "nothing_to_import",
            IntakeError::MappingRequired => "mapping_required",
            IntakeError::MappingIncomplete { .. } => "mapping_incomplete",
            IntakeError::MappingExists { .. } => "mapping_exists",
            IntakeError::BadSignature => "bad_signature",
            IntakeError::StaleTimestamp { .. } => "stale_timestamp",
            IntakeError::Replayed => "replayed",
            IntakeError::IdempotencyMismatch => "idempotency_mismatch",
            IntakeError::BadHeader { .. } => "bad_header",
            IntakeError::SpamSuspected => "spam_suspected",
            IntakeError::ImageFormat => "image_format",
            IntakeError::ImageTooLarge { .. } => "image_too_large",
            IntakeError::QrNotAUrl { .. } => "qr_not_a_url",
            IntakeError::QrUrlTooLong { .. } => "qr_url_too_long",
        }
    }

    fn field(&self) -> Option<&str> {
        match self {
            IntakeError::FileTooLarge { .. } | IntakeError::BadUpload | IntakeError::ImageFormat | IntakeError::ImageTooLarge { .. } => Some("file"),
            IntakeError::MappingIncomplete { field } => Some(field),
            IntakeError::MappingExists { .. } => Some("name"),
            IntakeError::MappingRequired => Some("mapping_id"),
            _ => None,
        }
    }

    fn is_conflict(&self) -> bool {
        matches!(
            self,
            IntakeError::UploadGone
                | IntakeError::UploadIncomplete { .. }
                | IntakeError::BadRows { .. }
                | IntakeError::UnknownSkus { .. }
                | IntakeError::NothingToImport
                | IntakeError::MappingExists { .. }
                | IntakeError::Replayed
                | IntakeError::IdempotencyMismatch
        )
    }
}

impl IntakeError {
    pub fn code(&self) -> &'static str {
        AreaError::code(self)
    }

    pub fn field(&self) -> Option<&str> {
        AreaError::field(self)
    }

    /// Refusals of the REST API's authentication: answered 401.
    pub fn is_auth(&self) -> bool {
        matches!(self, IntakeError::BadSignature | IntakeError::StaleTimestamp { .. } | IntakeError::Replayed | IntakeError::BadHeader { .. })
    }

    #[cfg(test)]
    pub fn examples() -> Vec<IntakeError> {
        vec![
            IntakeError::FileTooLarge { max_mb: 20 },
            IntakeError::UploadGone,
            IntakeError::UploadIncomplete { received: 10, size: 20 },
            IntakeError::BadUpload,
            IntakeError::BadRows { count: 3 },
            IntakeError::UnknownSkus { count: 2 },
            IntakeError::NothingToImport,
            IntakeError::MappingRequired,
            IntakeError::MappingIncomplete { field: "mobile".into() },
            IntakeError::MappingExists { name: "有赞".into() },
            IntakeError::BadSignature,
            IntakeError::StaleTimestamp { max_skew_secs: 300 },
            IntakeError::Replayed,
            IntakeError::IdempotencyMismatch,
            IntakeError::BadHeader { name: "X-ZG-Signature".into() },
            IntakeError::SpamSuspected,
            IntakeError::ImageFormat,
            IntakeError::ImageTooLarge { max_kb: 500 },
            IntakeError::QrNotAUrl { value: "zg.example.com".into() },
            IntakeError::QrUrlTooLong { len: 226, max: 200 },
        ]
    }
}

/// Orders shown in an import preview (the counts cover the whole file).
pub const PREVIEW_ORDERS: usize = 200;
/// Largest file an import takes.
pub const MAX_UPLOAD_MB: u32 = 20;
/// Raw bytes per upload chunk: its base64 stays well under the 1 MiB request limit.
pub const CHUNK_BYTES: usize = 384 * 1024;
/// Largest product picture.
pub const MAX_IMAGE_KB: u32 = 500;

/// The app's channel of an import layout.
pub fn channel_of(c: ImportChannel, mapped: Option<Channel>) -> Channel {
    match c {
        ImportChannel::Taobao => Channel::Taobao,
        ImportChannel::Pinduoduo => Channel::Pinduoduo,
        ImportChannel::WechatShop => Channel::WechatShop,
        ImportChannel::Generic => mapped.unwrap_or(Channel::Import),
    }
}

/// The import layout a user chose, as the reader's channel (`None` = recognise).
pub fn layout_channel(l: ImportLayout) -> Option<ImportChannel> {
    match l {
        ImportLayout::Auto => None,
        ImportLayout::Taobao => Some(ImportChannel::Taobao),
        ImportLayout::Pinduoduo => Some(ImportChannel::Pinduoduo),
        ImportLayout::WechatShop => Some(ImportChannel::WechatShop),
        ImportLayout::Mapping => Some(ImportChannel::Generic),
    }
}

/// What an order's marketplace status means for the import: paid and waiting to ship →
/// 待发货; not paid yet → 待付款; closed, refunded, shipped or finished → not imported (it
/// was dealt with on the marketplace). An empty status (mapped sheets) is a new unpaid order.
pub fn market_state(status: &str) -> PreviewState {
    let s = status.trim();
    const SKIP: [&str; 9] = ["关闭", "取消", "退款", "已发货", "卖家已发货", "已签收", "交易成功", "已完成", "已收货"];
    if SKIP.iter().any(|k| s.contains(k)) {
        return PreviewState::Skipped;
    }
    const PAID: [&str; 4] = ["已付款", "待发货", "已支付", "待卖家发货"];
    if PAID.iter().any(|k| s.contains(k)) {
        return PreviewState::NewPaid;
    }
    PreviewState::NewUnpaid
}

/// The key a file line is matched to a SKU by: its SKU code, trimmed and upper-cased
/// (SKU codes are upper case in this app), or `None` for a line without a code.
pub fn sku_key(line: &ImportedLine) -> Option<String> {
    line.sku_code.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_uppercase)
}

/// A user's column mapping, checked: the order number (the key that makes a re-import
/// create nothing new), recipient, mobile, an address column and the SKU code are needed.
pub fn check_mapping(m: &MappingInput) -> Result<(String, ColumnMapping), crate::error::AppError> {
    let name = crate::orders::logic::bounded_text("name", &m.name, 40, true)?;
    let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let need = |field: &str, v: &str| opt(v).ok_or_else(|| IntakeError::MappingIncomplete { field: field.into() });
    let mapping = ColumnMapping {
        order_no: Some(need("order_no", &m.order_no)?),
        recipient_name: need("recipient_name", &m.recipient_name)?,
        mobile: need("mobile", &m.mobile)?,
        address: opt(&m.address),
        province: opt(&m.province),
        city: opt(&m.city),
        district: opt(&m.district),
        title: opt(&m.title),
        sku_code: opt(&m.sku_code),
        qty: opt(&m.qty),
        unit_price: opt(&m.unit_price),
        paid: opt(&m.paid),
        paid_is_order_total: false,
        note: opt(&m.note),
        created: None,
        time_format: None,
    };
    if mapping.address.is_none() && mapping.province.is_none() {
        return Err(IntakeError::MappingIncomplete { field: "address".into() }.into());
    }
    if mapping.sku_code.is_none() {
        return Err(IntakeError::MappingIncomplete { field: "sku_code".into() }.into());
    }
    Ok((name, mapping))
}

/// How far a REST request's timestamp may be from the server's clock, either way.
pub const MAX_SKEW_MS: i64 = 5 * 60 * 1000;

/// The text a REST request's signature covers: method, path (with query), timestamp and the
/// body's SHA-256 in hex, one per line. The client signs it with HMAC-SHA256 and its secret.
pub fn string_to_sign(method: &str, path: &str, timestamp: &str, body_sha256_hex: &str) -> String {
    format!("{}\n{}\n{}\n{}", method.to_ascii_uppercase(), path, timestamp, body_sha256_hex)
}

/// A request's timestamp (epoch seconds) within [`MAX_SKEW_MS`] of `now_ms`; returns it in ms.
pub fn check_timestamp(timestamp: &str, now_ms: i64) -> Result<i64, IntakeError> {
    let secs: i64 = timestamp.trim().parse().map_err(|_| IntakeError::BadHeader { name: "X-ZG-Timestamp".into() })?;
    let ms = secs.checked_mul(1000).ok_or(IntakeError::BadHeader { name: "X-ZG-Timestamp".into() })?;
    if (ms - now_ms).abs() > MAX_SKEW_MS {
        return Err(IntakeError::StaleTimestamp { max_skew_secs: MAX_SKEW_MS / 1000 });
    }
    Ok(ms)
}

/// A per-key limit over a fixed window (the public share page: views and orders per address).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub max: i64,
    pub window_ms: i64,
}

impl Limit {
    /// Orders a share page takes from one address per hour.
    pub const SHARE_ORDERS: Limit = Limit { max: 5, window_ms: 3_600_000 };
    /// Views of share pages (and their pictures and posters) from one address per 10 minutes.
    pub const SHARE_VIEWS: Limit = Limit { max: 120, window_ms: 600_000 };

    /// Count one more hit: the new (count, window start), or the seconds to wait when the
    /// window is full.
    pub fn admit(self, count: i64, window_start: i64, now: i64) -> Result<(i64, i64), i64> {
        if now - window_start >= self.window_ms {
            return Ok((1, now));
        }
        if count >= self.max {
            return Err((window_start + self.window_ms - now + 999) / 1000);
        }
        Ok((count + 1, window_start))
    }
}

/// Characters of a share code: no 0/O, 1/I/L, so it can be read out and typed.
pub const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// A share code from random bytes: 8 characters of [`CODE_ALPHABET`].
pub fn share_code(random: [u8; 8]) -> String {
    random.iter().map(|b| CODE_ALPHABET[*b as usize % CODE_ALPHABET.len()] as char).collect()
}

/// Whether a text can be a share code (before asking the database).
pub fn is_share_code(s: &str) -> bool {
    s.len() == 8 && s.bytes().all(|b| CODE_ALPHABET.contains(&b))
}

/// The content type of a picture, judged by its first bytes.
pub fn image_type(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0x89, b'P', b'N', b'G', ..] => Some("image/png"),
        [0xFF, 0xD8, 0xFF, ..] => Some("image/jpeg"),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Some("image/webp"),
        _ => None,
    }
}

/// A product picture checked: type and size.
pub fn check_image(bytes: &[u8]) -> Result<&'static str, IntakeError> {
    if bytes.len() > MAX_IMAGE_KB as usize * 1024 {
        return Err(IntakeError::ImageTooLarge { max_kb: MAX_IMAGE_KB });
    }
    image_type(bytes).ok_or(IntakeError::ImageFormat)
}

/// Trimmed text that must not be empty (the recipient name and address of a share order).
pub fn required(field: &str, v: &str, max: u32) -> Result<String, CommonError> {
    crate::orders::logic::bounded_text(field, v, max, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marketplace_statuses() {
        assert_eq!(market_state("买家已付款，等待卖家发货"), PreviewState::NewPaid);
        assert_eq!(market_state("待发货"), PreviewState::NewPaid);
        assert_eq!(market_state("等待买家付款"), PreviewState::NewUnpaid);
        assert_eq!(market_state(""), PreviewState::NewUnpaid);
        assert_eq!(market_state("交易关闭"), PreviewState::Skipped);
        assert_eq!(market_state("卖家已发货，等待买家确认"), PreviewState::Skipped);
        assert_eq!(market_state("交易成功"), PreviewState::Skipped);
        assert_eq!(market_state("已取消"), PreviewState::Skipped);
    }

    #[test]
    fn limits_count_within_a_window() {
        let l = Limit { max: 2, window_ms: 1000 };
        assert_eq!(l.admit(0, 0, 10), Ok((1, 0)));
        assert_eq!(l.admit(1, 0, 10), Ok((2, 0)));
        // Full: wait until 1000 ms after the window's start (990 ms → 1 s).
        assert_eq!(l.admit(2, 0, 10), Err(1));
        assert_eq!(l.admit(2, 0, 1000), Ok((1, 1000)));
    }

    #[test]
    fn timestamps_and_the_string_to_sign() {
        let now = 1_764_400_000_000;
        assert_eq!(check_timestamp("1764400000", now), Ok(now));
        assert_eq!(check_timestamp("1764400299", now), Ok(now + 299_000));
        assert_eq!(check_timestamp("1764399600", now), Err(IntakeError::StaleTimestamp { max_skew_secs: 300 }));
        assert_eq!(check_timestamp("soon", now), Err(IntakeError::BadHeader { name: "X-ZG-Timestamp".into() }));
        assert_eq!(string_to_sign("post", "/api/v1/orders", "1764400000", "e3b0"), "POST\n/api/v1/orders\n1764400000\ne3b0");
    }

    #[test]
    fn share_codes_and_pictures() {
        // 31 characters: 0→2, 1→3, 2→4, 30→Z, 31→2 (wraps), 255 = 8·31+7 → 9, 100 = 3·31+7 → 9, 7→9.
        assert_eq!(share_code([0, 1, 2, 30, 31, 255, 100, 7]), "234Z2999");
        assert!(is_share_code("234Z2AJ9") && !is_share_code("234Z2AJ0") && !is_share_code("234Z2AJ"));
        assert_eq!(image_type(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(image_type(b"\xFF\xD8\xFF\xE0...."), Some("image/jpeg"));
        assert_eq!(image_type(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(check_image(b"GIF89a"), Err(IntakeError::ImageFormat));
        assert_eq!(check_image(&vec![0xFF; 600 * 1024]), Err(IntakeError::ImageTooLarge { max_kb: 500 }));
    }

    #[test]
    fn mappings_need_number_recipient_mobile_address_and_code() {
        let mut m = MappingInput { name: "有赞".into(), recipient_name: "收货人".into(), mobile: "电话".into(), ..Default::default() };
        assert_eq!(check_mapping(&m).unwrap_err(), IntakeError::MappingIncomplete { field: "order_no".into() }.into());
        m.order_no = "订单号".into();
        assert_eq!(check_mapping(&m).unwrap_err(), IntakeError::MappingIncomplete { field: "address".into() }.into());
        m.address = "地址".into();
        assert_eq!(check_mapping(&m).unwrap_err(), IntakeError::MappingIncomplete { field: "sku_code".into() }.into());
        m.sku_code = " 编码 ".into();
        let (name, mapping) = check_mapping(&m).unwrap();
        assert_eq!((name.as_str(), mapping.sku_code.as_deref(), mapping.qty), ("有赞", Some("编码"), None));
        m.mobile = "".into();
        assert_eq!(check_mapping(&m).unwrap_err(), IntakeError::MappingIncomplete { field: "mobile".into() }.into());
    }

    #[test]
    fn sku_keys() {
        let line = |c: Option<&str>| ImportedLine { title: "蛋黄酥".into(), spec: String::new(), sku_code: c.map(Into::into), qty: 1, unit_price_fen: None, paid_fen: None };
        assert_eq!(sku_key(&line(Some(" dhs-6-yw "))), Some("DHS-6-YW".into()));
        assert_eq!(sku_key(&line(Some(" "))), None);
        assert_eq!(sku_key(&line(None)), None);
    }
}
