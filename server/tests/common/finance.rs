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

/// `2026-11-03 10:15:30`: a UTC ms instant as Shanghai wall-clock time, as bills write it.
pub fn local(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms).unwrap().with_timezone(&app::time::business_tz()).format("%Y-%m-%d %H:%M:%S").to_string()
}

/// One line of a WeChat Pay merchant bill (交易账单, type ALL).
pub struct Wx<'a> {
    pub at: i64,
    /// 微信订单号 (of the payment; for a refund, of the payment refunded).
    pub wx_order: &'a str,
    /// 商户订单号: the shop's order number.
    pub merchant_order: &'a str,
    pub openid: &'a str,
    /// Yuan as written, e.g. `128.00`.
    pub amount: &'a str,
    /// (微信退款单号, 退款金额) for a REFUND line.
    pub refund: Option<(&'a str, &'a str)>,
    /// 手续费 with the provider's five decimals, e.g. `0.76800`.
    pub fee: &'a str,
}

/// A WeChat Pay merchant bill: UTF-8 with BOM, every cell behind a backtick, the summary block
/// at the end, as the 商户平台 exports it.
pub fn wechat_merchant_bill(lines: &[Wx<'_>]) -> Vec<u8> {
    let mut s = String::from("\u{FEFF}交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注\r\n");
    for l in lines {
        let (status, settled, refund_no, refund_amt, refund_status) = match l.refund {
            Some((no, amt)) => ("REFUND", "0.00", no, amt, "SUCCESS"),
            None => ("SUCCESS", l.amount, "0", "0.00", ""),
        };
        s.push_str(&format!(
            "`{},`wx2421b1c4370ec43b,`1900000109,`0,`,`{},`{},`{},`JSAPI,`{status},`OTHERS,`CNY,`{settled},`0.00,`{refund_no},`0,`{refund_amt},`0.00,`,`{refund_status},`玫瑰花茶礼盒,`,`{},`0.60%,`{},`{refund_amt},`\r\n",
            local(l.at),
            l.wx_order,
            l.merchant_order,
            l.openid,
            l.fee,
            l.amount
        ));
    }
    s.push_str("总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\r\n");
    s.push_str(&format!("`{},`0.00,`0.00,`0.00,`0.00000,`0.00,`0.00\r\n", lines.len()));
    s.into_bytes()
}
