//! Helpers of the finance tests: bill fixtures as bytes, GBK and UTF-16 encodings of inline
//! text, and times written as a person reads them (Asia/Shanghai).

/// Bytes of `tests/fixtures/bills/<name>`.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bills").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `text` as GBK bytes, the way Alipay and bank exports are written.
pub fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable, "text has characters outside GBK");
    bytes.into_owned()
}

/// `text` as UTF-16LE with a byte-order mark.
pub fn utf16le(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out
}

/// UTC ms of a Shanghai wall-clock time such as `2026-11-03 10:15:30`.
pub fn at(local: &str) -> i64 {
    app::imports::cells::parse_local_time_ms(local).unwrap_or_else(|| panic!("bad time {local}"))
}

/// Standard base64, as a browser's FileReader gives it.
pub fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
