//! Errors of file imports: [`ImportError`] when a whole file cannot be read (a `Fault` of its
//! own, `import.*`), [`RowError`] for one bad row (with its 1-based line/row number in the
//! original file and the column it concerns), shown in previews and import reports.
//!
//! Every area that imports files (finance's bills and expenses, orders' marketplace exports)
//! shares these because they share the reading layer and the failures a user can fix are the
//! same: a wrong file, a missing column, a bad cell.

use crate::error::AreaError;
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// What kind of file the user was asked for; chooses the wording of [`ImportError::UnknownFormat`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// A payment bill or bank statement.
    Bill,
    /// A marketplace order export.
    OrderExport,
    /// A list of expenses.
    Expenses,
}

/// A file that cannot be imported at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ImportError {
    /// No bytes, or nothing but blank lines.
    Empty,
    /// Not a CSV/text file and not a readable workbook; `detail` is the reader's own words.
    Unreadable { detail: String },
    /// No row contains the expected column names.
    HeaderNotFound { expected: Vec<String> },
    /// The header was found but a column this import needs is absent.
    MissingColumn { column: String },
    /// The content matches none of the supported layouts.
    UnknownFormat { kind: FileKind },
    /// More data rows than one import accepts.
    TooManyRows { rows: usize, max: usize },
    /// A Taobao 宝贝报表 (line items only) was uploaded without its 订单报表.
    ItemsReportAlone,
}

impl AreaError for ImportError {
    fn code(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::Unreadable { .. } => "unreadable",
            Self::HeaderNotFound { .. } => "header_not_found",
            Self::MissingColumn { .. } => "missing_column",
            Self::UnknownFormat { .. } => "unknown_format",
            Self::TooManyRows { .. } => "too_many_rows",
            Self::ItemsReportAlone => "items_report_alone",
        }
    }

    fn field(&self) -> Option<&str> {
        Some("file")
    }
}

impl ImportError {
    pub fn code(&self) -> &'static str {
        AreaError::code(self)
    }

    pub fn field(&self) -> Option<&str> {
        AreaError::field(self)
    }

    #[cfg(test)]
    pub fn examples() -> Vec<ImportError> {
        vec![
            ImportError::Empty,
            ImportError::Unreadable { detail: "zip".into() },
            ImportError::HeaderNotFound { expected: vec!["交易时间".into()] },
            ImportError::MissingColumn { column: "金额".into() },
            ImportError::UnknownFormat { kind: FileKind::Bill },
            ImportError::UnknownFormat { kind: FileKind::OrderExport },
            ImportError::UnknownFormat { kind: FileKind::Expenses },
            ImportError::TooManyRows { rows: 300_000, max: 200_000 },
            ImportError::ItemsReportAlone,
        ]
    }
}

/// The message of a whole-file refusal, in the user's language.
pub fn error_text(e: &ImportError, lang: Lang) -> String {
    match e {
        ImportError::Empty => lang.pick("文件是空的，没有可导入的内容", "The file is empty; there is nothing to import"),
        ImportError::Unreadable { detail } => lang.pick(
            format!("无法读取这个文件（{detail}），请上传 CSV 或 Excel（.xlsx/.xls）文件"),
            format!("Cannot read this file ({detail}); please upload a CSV or Excel (.xlsx/.xls) file"),
        ),
        ImportError::HeaderNotFound { expected } => lang.pick(
            format!("找不到表头行，文件中应包含这些列：{}", expected.join("、")),
            format!("No header row found; the file should have these columns: {}", expected.join(", ")),
        ),
        ImportError::MissingColumn { column } => lang.pick(format!("文件缺少「{column}」列"), format!("The file has no “{column}” column")),
        ImportError::UnknownFormat { kind } => unknown_format_message(*kind, lang),
        ImportError::TooManyRows { rows, max } => lang.pick(
            format!("文件共有 {rows} 行数据，单次最多导入 {max} 行，请分批导出后再导入"),
            format!("The file has {rows} data rows; at most {max} can be imported at once — please split it"),
        ),
        ImportError::ItemsReportAlone => lang.pick(
            "这是淘宝的宝贝报表（只有商品明细），请先导入对应的订单报表，再附上宝贝报表",
            "This is a Taobao item report (line items only); import the matching order report first, then attach it",
        ),
    }
}

fn unknown_format_message(kind: FileKind, lang: Lang) -> String {
    match kind {
        FileKind::Bill => lang.pick(
            "无法识别账单格式。支持：微信支付商户平台交易账单、微信支付账单明细、支付宝交易明细；银行流水请先设置列对应关系",
            "Unrecognised bill format. Supported: WeChat Pay merchant bills, WeChat Pay personal bills, Alipay statements; for a bank statement, set up its column mapping first",
        ),
        FileKind::OrderExport => lang.pick(
            "无法识别订单文件。支持：淘宝/天猫订单报表、拼多多订单导出、微信小店订单导出；其他表格请先设置列对应关系",
            "Unrecognised order file. Supported: Taobao/Tmall order reports, Pinduoduo and WeChat Shop order exports; for other sheets, set up a column mapping first",
        ),
        FileKind::Expenses => lang.pick(
            "无法识别费用表格：需要「日期」「类别」「金额」列（可选「备注」）",
            "Unrecognised expense sheet: it needs the columns 日期 (date), 类别 (category) and 金额 (amount), optionally 备注 (note)",
        ),
    }
}

/// Why one cell of a row could not be used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RowReason {
    /// A required cell is empty.
    Missing,
    /// Not an amount of money (or more than two decimals where the file should have fen).
    BadAmount { value: String },
    /// Not a date/time in any known format.
    BadTime { value: String },
    /// Not a positive whole quantity.
    BadQty { value: String },
    /// The export hides digits of the mobile number (e.g. `138****8000`).
    MobileMasked { value: String },
    /// Not a mainland mobile number.
    BadMobile { value: String },
    /// The income/expense column holds a value this import does not know.
    UnknownDirection { value: String },
    /// Rows of the same order disagree on an order-level value.
    Inconsistent { value: String, first_row: u32 },
    /// A line-item row names an order that is not in the order file.
    UnknownOrder { value: String },
    /// A category (of expenses) that does not exist.
    UnknownCategory { value: String },
    /// A value outside what this import accepts (e.g. a zero or negative expense).
    OutOfRange { value: String },
    /// The same thing (a code, a barcode, a product variant) appears twice in the file.
    Duplicate { value: String, first_row: u32 },
    /// A code or barcode already used by another record (named by `value`).
    Taken { value: String },
    /// A supplier that does not exist.
    UnknownSupplier { value: String },
    /// The code belongs to another product (named by `value`).
    WrongProduct { value: String },
    /// More than one record has this name.
    Ambiguous { value: String },
    /// Text longer than the column allows.
    TooLong { max: u32 },
    /// Not in the form the column needs (a barcode, a code, a link).
    BadFormat { value: String },
}

impl RowReason {
    /// Stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Missing => "missing_value",
            Self::BadAmount { .. } => "bad_amount",
            Self::BadTime { .. } => "bad_time",
            Self::BadQty { .. } => "bad_qty",
            Self::MobileMasked { .. } => "mobile_masked",
            Self::BadMobile { .. } => "bad_mobile",
            Self::UnknownDirection { .. } => "unknown_direction",
            Self::Inconsistent { .. } => "inconsistent_value",
            Self::UnknownOrder { .. } => "unknown_order",
            Self::UnknownCategory { .. } => "unknown_category",
            Self::OutOfRange { .. } => "out_of_range",
            Self::Duplicate { .. } => "duplicate",
            Self::Taken { .. } => "taken",
            Self::UnknownSupplier { .. } => "unknown_supplier",
            Self::WrongProduct { .. } => "wrong_product",
            Self::Ambiguous { .. } => "ambiguous",
            Self::TooLong { .. } => "too_long",
            Self::BadFormat { .. } => "bad_format",
        }
    }

    /// The reason alone, without row and column.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Self::Missing => lang.pick("不能为空", "must not be empty"),
            Self::BadAmount { value } => lang.pick(format!("金额格式不正确（“{value}”）"), format!("invalid amount (“{value}”)")),
            Self::BadTime { value } => lang.pick(
                format!("无法识别的日期时间（“{value}”），请用 2024-01-31 13:45:00 这样的格式"),
                format!("unrecognised date/time (“{value}”); use a format like 2024-01-31 13:45:00"),
            ),
            Self::BadQty { value } => {
                lang.pick(format!("数量应为正整数（“{value}”）"), format!("quantity must be a positive whole number (“{value}”)"))
            }
            Self::MobileMasked { value } => lang.pick(
                format!("手机号被隐藏（“{value}”），请在后台导出完整手机号后再导入"),
                format!("the mobile number is masked (“{value}”); export full numbers and import again"),
            ),
            Self::BadMobile { value } => lang.pick(
                format!("手机号格式不正确（“{value}”），应为 1 开头的 11 位数字"),
                format!("invalid mobile number (“{value}”); expected 11 digits starting with 1"),
            ),
            Self::UnknownDirection { value } => {
                lang.pick(format!("无法识别的收支类型（“{value}”）"), format!("unknown income/expense value (“{value}”)"))
            }
            Self::Inconsistent { value, first_row } => lang.pick(
                format!("与第 {first_row} 行同一订单的值不一致（“{value}”）"),
                format!("differs from row {first_row} of the same order (“{value}”)"),
            ),
            Self::UnknownOrder { value } => {
                lang.pick(format!("订单报表中没有订单“{value}”"), format!("order “{value}” is not in the order report"))
            }
            Self::UnknownCategory { value } => lang.pick(
                format!("没有这个费用类别（“{value}”），请先在费用页添加"),
                format!("no such expense category (“{value}”); add it on the expenses page first"),
            ),
            Self::OutOfRange { value } => lang.pick(format!("数值超出允许范围（“{value}”）"), format!("value out of range (“{value}”)")),
            Self::Duplicate { value, first_row } => {
                lang.pick(format!("与第 {first_row} 行重复（“{value}”）"), format!("repeats row {first_row} (“{value}”)"))
            }
            Self::Taken { value } => lang.pick(format!("已被「{value}」使用"), format!("already used by “{value}”")),
            Self::UnknownSupplier { value } => lang.pick(
                format!("没有这个供应商（“{value}”），请先在采购页添加"),
                format!("no such supplier (“{value}”); add it on the purchases page first"),
            ),
            Self::WrongProduct { value } => {
                lang.pick(format!("这个编码属于商品「{value}」，与本行商品名称不符"), format!("this code belongs to “{value}”, not to this row's product"))
            }
            Self::Ambiguous { value } => lang.pick(
                format!("有多个名为“{value}”的商品，请填写 SKU 编码"),
                format!("several products are named “{value}”; give the SKU code"),
            ),
            Self::TooLong { max } => lang.pick(format!("最多 {max} 个字"), format!("at most {max} characters")),
            Self::BadFormat { value } => lang.pick(format!("格式不正确（“{value}”）"), format!("invalid format (“{value}”)")),
        }
    }
}

/// One bad row: its 1-based line (CSV) or row (sheet) number in the original file, the column
/// header as written in the file, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub row: u32,
    pub field: String,
    pub reason: RowReason,
}

impl RowError {
    pub fn new(row: u32, field: impl Into<String>, reason: RowReason) -> Self {
        RowError { row, field: field.into(), reason }
    }

    /// Stable code of the reason.
    pub fn code(&self) -> &'static str {
        self.reason.code()
    }

    /// Full message: row, column, reason.
    pub fn message(&self, lang: Lang) -> String {
        let reason = self.reason.message(lang);
        lang.pick(format!("第 {} 行「{}」：{}", self.row, self.field, reason), format!("Row {}, “{}”: {}", self.row, self.field, reason))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_error_messages_name_row_and_column() {
        let e = RowError::new(12, "金额(元)", RowReason::BadAmount { value: "abc".into() });
        assert_eq!(e.code(), "bad_amount");
        assert_eq!(e.message(Lang::Zh), "第 12 行「金额(元)」：金额格式不正确（“abc”）");
        assert_eq!(e.message(Lang::En), "Row 12, “金额(元)”: invalid amount (“abc”)");
    }

    #[test]
    fn import_error_messages() {
        let e = ImportError::HeaderNotFound { expected: vec!["交易时间".into(), "金额".into()] };
        assert_eq!(e.code(), "header_not_found");
        assert_eq!(error_text(&e, Lang::Zh), "找不到表头行，文件中应包含这些列：交易时间、金额");
        assert_eq!(error_text(&ImportError::MissingColumn { column: "联系手机".into() }, Lang::En), "The file has no “联系手机” column");
    }
}
