//! Orders O1/P6: marketplace order exports read into [`ImportedOrder`]s.
//!
//! Layouts (recognised by their header, never by file name — [`detect_order_export`]):
//! Taobao/Tmall 订单报表 (one row per order, or one row per item with 子订单编号), optionally
//! completed by the separate 宝贝报表 ([`attach_taobao_item_rows`]); Pinduoduo 订单导出;
//! 微信小店 订单导出; and any .csv/.xlsx through a user-saved [`ColumnMapping`]. Files may be
//! GBK or UTF-8 CSV, or workbooks. Rows are grouped by external order number; each bad cell is
//! a [`RowError`] and an order with any bad row is left out (listed in `rejected`).

mod address;
mod group;
mod rows;
mod spec;
mod taobao_items;

pub use address::{build_address, Address};
pub use taobao_items::attach_taobao_item_rows;

use crate::imports::errors::{FileKind, ImportError, RowError};
use crate::imports::tabular::{header_found, locate_table, HeaderSpec, RawRow, RowReader, Table};
use crate::i18n::Lang;
use group::Grouper;
use rows::Cols;
use serde::{Deserialize, Serialize};
use spec::ChannelSpec;

/// Where the imported orders came from. The app maps `WechatShop` to its own channel list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ImportChannel {
    Taobao,
    Pinduoduo,
    WechatShop,
    /// A sheet read through a [`ColumnMapping`].
    Generic,
}

impl ImportChannel {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Taobao, Lang::Zh) => "淘宝/天猫",
            (Self::Pinduoduo, Lang::Zh) => "拼多多",
            (Self::WechatShop, Lang::Zh) => "微信小店",
            (Self::Generic, Lang::Zh) => "表格导入",
            (Self::Taobao, Lang::En) => "Taobao/Tmall",
            (Self::Pinduoduo, Lang::En) => "Pinduoduo",
            (Self::WechatShop, Lang::En) => "WeChat Shop",
            (Self::Generic, Lang::En) => "Spreadsheet",
        }
    }
}

/// What an uploaded order file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrderExportKind {
    Taobao,
    /// Taobao 宝贝报表: line items only, to attach to an imported 订单报表.
    TaobaoItems,
    Pinduoduo,
    WechatShop,
}

/// One line item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedLine {
    pub title: String,
    /// Variant text (`颜色分类：红色;尺码：M`), empty when none.
    pub spec: String,
    /// The merchant's SKU code (商家编码) for matching a product, when given.
    pub sku_code: Option<String>,
    pub qty: i64,
    pub unit_price_fen: Option<i64>,
    /// What the buyer paid for this line, when the export states it per line.
    pub paid_fen: Option<i64>,
}

/// One order of an export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedOrder {
    pub channel: ImportChannel,
    /// The marketplace's order number; `None` only for mapped sheets without one.
    pub external_no: Option<String>,
    /// Buyer nickname (买家会员名) when the export has it.
    pub buyer_id: Option<String>,
    pub recipient_name: String,
    /// 11 digits.
    pub mobile: String,
    /// Extension of a marketplace privacy number (`13800138000-1234`).
    pub mobile_ext: Option<String>,
    pub province: String,
    pub city: String,
    pub district: String,
    /// Levels and detail joined by single spaces.
    pub address: String,
    pub lines: Vec<ImportedLine>,
    /// What the buyer paid for the order (order-level column, or the sum of line amounts).
    pub paid_fen: Option<i64>,
    pub created_ms: Option<i64>,
    /// The marketplace's status text (`买家已付款，等待卖家发货`, `待发货`, `交易关闭`).
    pub status: String,
    /// Merchant note (商家备注).
    pub note: String,
    /// Buyer message (买家留言).
    pub buyer_message: String,
    /// 1-based line/row numbers of the rows this order came from.
    pub raw_rows: Vec<u32>,
}

/// A user-saved description of a sheet's columns (header names as in the file).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMapping {
    /// Rows sharing an order number become one order; without it every row is an order.
    pub order_no: Option<String>,
    pub recipient_name: String,
    pub mobile: String,
    /// Full or detail address; at least one of it and the level columns is needed.
    pub address: Option<String>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub district: Option<String>,
    pub title: Option<String>,
    pub sku_code: Option<String>,
    /// Without it every row is quantity 1.
    pub qty: Option<String>,
    pub unit_price: Option<String>,
    pub paid: Option<String>,
    /// True when `paid` repeats the order total on each row rather than a line amount.
    pub paid_is_order_total: bool,
    pub note: Option<String>,
    pub created: Option<String>,
    /// chrono format of `created`; `None` = recognise.
    pub time_format: Option<String>,
}

/// Result of reading one order file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderImport {
    pub channel: ImportChannel,
    pub orders: Vec<ImportedOrder>,
    /// External numbers of orders left out because one of their rows has a problem.
    pub rejected: Vec<String>,
    pub errors: Vec<RowError>,
}

fn channel_spec(channel: ImportChannel) -> Option<&'static ChannelSpec> {
    match channel {
        ImportChannel::Taobao => Some(&spec::TAOBAO),
        ImportChannel::Pinduoduo => Some(&spec::PINDUODUO),
        ImportChannel::WechatShop => Some(&spec::WECHAT_SHOP),
        ImportChannel::Generic => None,
    }
}

/// What kind of order file these rows are, judged by their header row.
pub fn detect_order_export(rows: &[RawRow]) -> Option<OrderExportKind> {
    let spec = |groups| HeaderSpec { required: groups, footer_markers: &[] };
    [
        (OrderExportKind::TaobaoItems, spec::TAOBAO_ITEMS_DETECT),
        (OrderExportKind::Taobao, spec::TAOBAO.detect),
        (OrderExportKind::Pinduoduo, spec::PINDUODUO.detect),
        (OrderExportKind::WechatShop, spec::WECHAT_SHOP.detect),
    ]
    .into_iter()
    .find(|(_, groups)| header_found(rows, &spec(groups)))
    .map(|(kind, _)| kind)
}

/// Reads rows of a marketplace export in a known layout (not `Generic`).
pub fn parse_order_rows(rows: Vec<RawRow>, channel: ImportChannel) -> Result<OrderImport, ImportError> {
    let spec = channel_spec(channel).ok_or(ImportError::UnknownFormat { kind: FileKind::OrderExport })?;
    let table = locate_table(rows, &HeaderSpec { required: spec.detect, footer_markers: &[] })?;
    let cols = Cols::for_spec(&table, spec)?;
    Ok(read_orders(&table, &cols, channel))
}

/// Reads rows of any supported marketplace export, detecting the layout.
pub fn parse_order_rows_auto(rows: Vec<RawRow>) -> Result<OrderImport, ImportError> {
    if rows.iter().all(RawRow::is_blank) {
        return Err(ImportError::Empty);
    }
    let channel = match detect_order_export(&rows) {
        Some(OrderExportKind::Taobao) => ImportChannel::Taobao,
        Some(OrderExportKind::Pinduoduo) => ImportChannel::Pinduoduo,
        Some(OrderExportKind::WechatShop) => ImportChannel::WechatShop,
        Some(OrderExportKind::TaobaoItems) => return Err(ImportError::ItemsReportAlone),
        None => return Err(ImportError::UnknownFormat { kind: FileKind::OrderExport }),
    };
    parse_order_rows(rows, channel)
}

/// Reads rows of any sheet through the user's mapping.
pub fn parse_mapped_order_rows(rows: Vec<RawRow>, mapping: &ColumnMapping) -> Result<OrderImport, ImportError> {
    let names: Vec<[&str; 1]> = mapping_names(mapping).into_iter().map(|n| [n]).collect();
    let required: Vec<&[&str]> = names.iter().map(|g| &g[..]).collect();
    let table = locate_table(rows, &HeaderSpec { required: &required, footer_markers: &[] })?;
    if mapping.address.is_none() && mapping.province.is_none() {
        return Err(ImportError::MissingColumn { column: "收货地址".into() });
    }
    let cols = Cols::for_mapping(&table, mapping)?;
    Ok(read_orders(&table, &cols, ImportChannel::Generic))
}

fn mapping_names(m: &ColumnMapping) -> Vec<&str> {
    let mut v = vec![m.recipient_name.as_str(), m.mobile.as_str()];
    let optional = [&m.order_no, &m.address, &m.province, &m.city, &m.district, &m.title, &m.sku_code];
    let more = [&m.qty, &m.unit_price, &m.paid, &m.note, &m.created];
    v.extend(optional.into_iter().chain(more).flatten().map(String::as_str));
    v
}

fn read_orders(table: &Table, cols: &Cols, channel: ImportChannel) -> OrderImport {
    let paid_field = cols.paid.map(|c| table.name(c).to_string()).unwrap_or_default();
    let mut grouper = Grouper::new(channel, cols.scope, paid_field);
    for row in &table.rows {
        let mut r = RowReader::new(table, row);
        let external_no = match cols.order_no {
            Some(col) => match r.required(col) {
                Some(n) => Some(n),
                None => {
                    grouper.add_bad(None, r.into_errors());
                    continue;
                }
            },
            None => None,
        };
        match rows::read_row(&mut r, cols) {
            Some(order_row) => grouper.add(external_no, order_row),
            None => grouper.add_bad(external_no, r.into_errors()),
        }
    }
    let (orders, rejected, errors) = grouper.finish();
    OrderImport { channel, orders, rejected, errors }
}

/// What kind of order file was uploaded, judged by its content (server only).
#[cfg(feature = "ssr")]
pub fn detect_order_export_kind(bytes: &[u8]) -> Option<OrderExportKind> {
    detect_order_export(&crate::imports::tabular::read_rows_limited(bytes, 300).ok()?)
}

/// Reads an uploaded marketplace export of any supported layout (server only).
#[cfg(feature = "ssr")]
pub fn parse_order_export(bytes: &[u8]) -> Result<OrderImport, ImportError> {
    parse_order_rows_auto(crate::imports::tabular::read_rows(bytes)?)
}

/// Reads an uploaded export in the layout the user chose (server only).
#[cfg(feature = "ssr")]
pub fn parse_order_export_as(bytes: &[u8], channel: ImportChannel) -> Result<OrderImport, ImportError> {
    parse_order_rows(crate::imports::tabular::read_rows(bytes)?, channel)
}

/// Reads an uploaded sheet through the user's mapping (server only).
#[cfg(feature = "ssr")]
pub fn parse_orders_with_mapping(bytes: &[u8], mapping: &ColumnMapping) -> Result<OrderImport, ImportError> {
    parse_mapped_order_rows(crate::imports::tabular::read_rows(bytes)?, mapping)
}

/// Replaces the lines of imported Taobao orders by those of an uploaded 宝贝报表 (server only).
#[cfg(feature = "ssr")]
pub fn attach_taobao_items(import: &mut OrderImport, bytes: &[u8]) -> Result<(), ImportError> {
    attach_taobao_item_rows(import, crate::imports::tabular::read_rows(bytes)?)
}

#[cfg(all(test, feature = "ssr"))]
mod test_files {
    /// Bytes of `server/tests/fixtures/orders/<name>` (shared with the db tests).
    pub fn fixture(name: &str) -> Vec<u8> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../server/tests/fixtures/orders").join(name);
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// `text` as GBK bytes, the way older Taobao exports are written.
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
}

#[cfg(all(test, feature = "ssr"))]
mod taobao_tests;
#[cfg(all(test, feature = "ssr"))]
mod pdd_shop_mapping_tests;
