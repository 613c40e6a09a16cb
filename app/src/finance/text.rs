//! Text of the finance area in zh-CN and en: pages, labels of methods, states, formats and
//! categories, match reasons, reconciliation differences, errors.

use super::bills::{BillFormat, BillProvider, Direction};
use super::logic_match::{MobileFit, NameFit};
use super::{FinanceError, MatchReason, Method, PaymentFlag, PaymentState, PaymentView, ReconItem};
use crate::i18n::Lang;
use crate::money::Money;

texts! {
    finance_title = "财务" | "Finance";
    tab_payments = "收款" | "Payments";
    tab_bills = "账单导入" | "Bill import";
    tab_recon = "对账" | "Reconciliation";
    tab_expenses = "费用" | "Expenses";
    tab_pnl = "利润表" | "P&L";
    payments_title = "收款记录" | "Payments";
    record_payment = "记录收款" | "Record a payment";
    method = "收款方式" | "Method";
    amount = "金额" | "Amount";
    fee = "手续费" | "Fee";
    payer = "付款人" | "Payer";
    recipient = "收货人" | "Recipient";
    agent = "代理" | "Agent";
    payer_account = "付款账号/手机" | "Payer account / mobile";
    paid_at = "收款时间" | "Paid at";
    txn_no = "交易单号" | "Transaction no.";
    reference = "付款附言（可含订单号）" | "Reference (may contain the order no.)";
    note = "备注" | "Note";
    order = "订单" | "Order";
    state = "状态" | "State";
    no_payments = "没有符合条件的收款" | "No payments match";
    payment_detail = "收款详情" | "Payment";
    match_reason = "匹配依据" | "Matched because";
    matched_by = "匹配人" | "Matched by";
    candidates = "可能的订单" | "Possible orders";
    no_candidates = "没有金额和时间相符的待付款订单，可按订单号匹配" | "No open order fits amount and time; match by order number";
    match_this = "匹配此订单" | "Match this order";
    match_by_no = "按订单号匹配" | "Match by order number";
    order_no_placeholder = "订单号，如 ZG261129000042" | "Order number, e.g. ZG261129000042";
    undo_match = "撤销匹配" | "Undo match";
    confirm_undo = "确定撤销这笔收款与订单的匹配吗？订单的已收金额会相应减少。" | "Undo this match? The order's paid amount goes down accordingly.";
    matched_ok = "已匹配" | "Matched";
    unmatched_ok = "已撤销匹配" | "Match undone";
    order_confirmed = "订单已全额收款，转为待发货" | "The order is fully paid and moved to “to ship”";
    order_total = "订单金额" | "Order total";
    order_paid = "已收" | "Paid";
    order_due = "未收" | "Due";
    refunded = "已退" | "Refunded";
    refunds_of_payment = "这笔收款的退款" | "Refunds of this payment";
    refund_of = "原收款" | "Original payment";
    from_import = "来自账单导入" | "From bill import";
    payment_checks = "待核对收款（代理确认）" | "Payments to check (confirmed by agents)";
    payment_checks_hint = "代理已确认收款、财务尚未核对的订单；记录或导入的收款全额付清时自动核对。" | "Orders whose payment an agent confirmed and finance has not checked; a recorded or imported payment that pays the order in full checks it automatically.";
    check_done = "核对无误" | "Checked";
    no_payment_checks = "没有待核对的收款" | "No payments to check";
    order_payments_title = "收款" | "Payments";
    no_order_payments = "还没有匹配到这个订单的收款" | "No payment has been matched to this order yet";
    // Bills
    bills_title = "导入账单" | "Import a bill";
    bills_hint = "支持微信支付商户平台交易账单、微信支付账单明细、支付宝交易明细（GBK 也可）、银行流水（按保存的列对应）。同一文件或重叠时段重复导入不会重复记账。" | "WeChat Pay merchant bills, WeChat Pay personal bills, Alipay statements (GBK too), bank statements (through a saved column mapping). Importing the same file or an overlapping period again records nothing twice.";
    choose_file = "选择文件" | "Choose a file";
    upload = "上传并预览" | "Upload and preview";
    uploading = "正在上传…" | "Uploading…";
    format = "格式" | "Format";
    detect = "自动识别" | "Detect";
    bank_mapping = "银行流水列对应" | "Bank column mapping";
    preview_title = "导入预览" | "Import preview";
    lines = "行数" | "Lines";
    income = "收入" | "Income";
    refunds = "退款" | "Refunds";
    expense_lines = "支出" | "Expenses";
    other_lines = "其他（不计收支）" | "Other (not counted)";
    new_lines = "新记录" | "New lines";
    known_lines = "已导入过" | "Already imported";
    period = "时段" | "Period";
    file_totals = "文件自带合计" | "The file's own totals";
    file_says = "文件" | "File";
    we_read = "读取" | "Read";
    same_file = "这个文件已经导入过，再次导入不会有任何变化。" | "This file was imported before; importing it again changes nothing.";
    bad_rows = "有问题的行（修正文件后重新上传；导入为全部或全不）" | "Bad rows (fix the file and upload again; imports are all or nothing)";
    adjustments_note = "部分记录属于已结账月份，将作为调整计入下一个未结账月份。" | "Some lines fall in a closed month and are booked in the next open month as adjustments.";
    commit_import = "确认导入" | "Import";
    import_done = "导入完成" | "Imported";
    imports_title = "导入记录" | "Imports";
    no_imports = "还没有导入过账单" | "No bill imported yet";
    file_name = "文件名" | "File";
    imported_at = "导入时间" | "Imported";
    payments_new = "新增收款" | "New payments";
    payments_linked = "确认已记收款" | "Confirmed recorded payments";
    matched_count = "自动匹配" | "Matched";
    ambiguous_count = "待人工确认" | "For a person";
    unmatched_count = "未匹配" | "Unmatched";
    duplicates_count = "重复付款" | "Duplicate payments";
    orders_confirmed = "转为待发货的订单" | "Orders moved to “to ship”";
    fees_total = "手续费（计入费用）" | "Fees (booked as expenses)";
    mappings_title = "银行流水列对应" | "Bank statement mappings";
    mapping_name = "名称（如 工商银行）" | "Name (e.g. ICBC)";
    col_time = "日期列" | "Date column";
    col_time_of_day = "时间列（可选）" | "Time column (optional)";
    col_time_format = "日期格式（可选，如 %Y%m%d）" | "Date format (optional, e.g. %Y%m%d)";
    col_amount = "金额列（收入为正）" | "Amount column (money in positive)";
    col_credit = "或：收入金额列" | "or: money-in column";
    col_debit = "支出金额列" | "money-out column";
    col_counterparty = "对方户名列" | "Counterparty column";
    col_account = "对方账号列" | "Counterparty account column";
    col_txn = "流水号列" | "Serial number column";
    col_note = "摘要列" | "Description column";
    save_mapping = "保存列对应" | "Save mapping";
    mapping_saved = "已保存" | "Saved";
    // Reconciliation
    recon_title = "对账（按日、按渠道）" | "Reconciliation by day and provider";
    provider = "渠道" | "Provider";
    day = "日期" | "Day";
    bill_total = "账单金额" | "Bill total";
    recorded_total = "已记收款" | "Recorded";
    difference = "差额" | "Difference";
    not_covered = "无账单" | "No bill";
    no_recon = "这个月没有收款和账单" | "No payments or bills this month";
    recon_ok = "一致" | "Agrees";
    // Expenses
    expenses_title = "费用" | "Expenses";
    record_expense = "记录费用" | "Record an expense";
    category = "类别" | "Category";
    spent_on = "日期" | "Date";
    new_category = "新类别" | "New category";
    add_category = "添加类别" | "Add category";
    no_expenses = "这个月还没有费用" | "No expenses this month";
    expense_saved = "费用已记录" | "Expense recorded";
    delete_expense = "删除" | "Delete";
    confirm_delete_expense = "确定删除这笔费用吗？" | "Delete this expense?";
    import_expenses = "导入费用表格" | "Import an expense sheet";
    expenses_hint = "表格需含「日期」「类别」「金额」列，可选「备注」；CSV 或 Excel。" | "The sheet needs the columns 日期, 类别 and 金额, optionally 备注; CSV or Excel.";
    adjustment = "调整" | "Adjustment";
    adjustment_hint = "发生在已结账月份，计入本月" | "Dated in a closed month, booked here";
    source_bill_fee = "账单手续费" | "Bill fees";
    source_import = "导入" | "Imported";
    total = "合计" | "Total";
    // P&L
    pnl_title = "利润表" | "Profit and loss";
    month = "月份" | "Month";
    show = "查看" | "Show";
    revenue = "销售收入（按发货）" | "Revenue (at shipment)";
    shipped_orders = "发货订单" | "Orders shipped";
    refunds_made = "退款" | "Refunds";
    net_revenue = "净收入" | "Net revenue";
    cogs = "销售成本" | "Cost of goods sold";
    gross_profit = "毛利" | "Gross profit";
    margin = "毛利率" | "Gross margin";
    expenses_total = "费用合计" | "Expenses";
    net_profit = "净利润" | "Net profit";
    cash_received = "收款（按方式）" | "Cash received (by method)";
    cash_refunded = "退款支出" | "Refunds paid out";
    daily = "每日明细" | "By day";
    receivables = "应收款（已发货未收齐）" | "Receivables (shipped, not fully paid)";
    no_receivables = "没有应收款" | "No receivables";
    shipped_at = "发货时间" | "Shipped";
    export_xlsx = "导出 Excel" | "Export to Excel";
    close_month = "结账" | "Close the month";
    confirm_close = "结账后，这个月的收款和费用不能再修改，之后补记的会作为调整计入下个月。确定结账吗？" | "After closing, this month's payments and expenses can no longer change; anything added later is booked in the next month as an adjustment. Close the month?";
    closed = "已结账" | "Closed";
    closed_periods = "已结账月份" | "Closed months";
    month_closed = "已结账" | "Month closed";
    definitions = "口径：收入在订单发货时确认，退款在发生月份扣减，成本为发货时记录的商品成本，日期按北京时间。" | "Definitions: revenue is recognised when an order ships, refunds are deducted in the month they are made, cost of goods is the cost recorded at shipment; days in Beijing time.";
    @closed_by(by: &str, at: &str) = format!("{by} 于 {at} 结账"), format!("closed by {by} on {at}");
    @score(n: i32) = format!("匹配度 {n}"), format!("score {n}");
    @rows_of(n: i64) = format!("共 {n} 行"), format!("{n} lines");
}

pub fn method_label(m: Method, lang: Lang) -> &'static str {
    match (m, lang) {
        (Method::Wechat, Lang::Zh) => "微信支付",
        (Method::Alipay, Lang::Zh) => "支付宝",
        (Method::Bank, Lang::Zh) => "银行卡",
        (Method::Cash, Lang::Zh) => "现金",
        (Method::Wechat, Lang::En) => "WeChat Pay",
        (Method::Alipay, Lang::En) => "Alipay",
        (Method::Bank, Lang::En) => "Bank card",
        (Method::Cash, Lang::En) => "Cash",
    }
}

pub fn provider_label(p: BillProvider, lang: Lang) -> &'static str {
    method_label(Method::of(p), lang)
}

pub fn format_label(f: BillFormat, lang: Lang) -> &'static str {
    match (f, lang) {
        (BillFormat::WechatMerchant, Lang::Zh) => "微信支付商户账单",
        (BillFormat::WechatPersonal, Lang::Zh) => "微信支付账单明细",
        (BillFormat::AlipayCurrent, Lang::Zh) => "支付宝交易明细",
        (BillFormat::AlipayLegacy, Lang::Zh) => "支付宝交易记录（旧版）",
        (BillFormat::Bank, Lang::Zh) => "银行流水",
        (BillFormat::WechatMerchant, Lang::En) => "WeChat Pay merchant bill",
        (BillFormat::WechatPersonal, Lang::En) => "WeChat Pay personal bill",
        (BillFormat::AlipayCurrent, Lang::En) => "Alipay statement",
        (BillFormat::AlipayLegacy, Lang::En) => "Alipay statement (legacy)",
        (BillFormat::Bank, Lang::En) => "Bank statement",
    }
}

/// The totals a bill prints about itself, as the preview lists them.
pub fn file_total_label(key: &str, lang: Lang) -> &'static str {
    let (zh, en) = match key {
        "records" => ("记录数（共N笔）", "Records"),
        "income" => ("收入 笔数 · 金额", "Income, count · amount"),
        "expense" => ("支出 笔数 · 金额", "Expenses, count · amount"),
        "settled" => ("应结订单总金额", "Settled total"),
        "refunds" => ("退款总金额", "Refunds total"),
        _ => ("手续费总金额", "Fees total"),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

pub fn direction_label(d: Direction, lang: Lang) -> &'static str {
    match (d, lang) {
        (Direction::Income, Lang::Zh) => "收入",
        (Direction::Expense, Lang::Zh) => "支出",
        (Direction::Refund, Lang::Zh) => "退款",
        (Direction::Other, Lang::Zh) => "不计收支",
        (Direction::Income, Lang::En) => "Income",
        (Direction::Expense, Lang::En) => "Expense",
        (Direction::Refund, Lang::En) => "Refund",
        (Direction::Other, Lang::En) => "Not counted",
    }
}

pub fn state_label(s: PaymentState, lang: Lang) -> &'static str {
    match (s, lang) {
        (PaymentState::Unmatched, Lang::Zh) => "未匹配",
        (PaymentState::Ambiguous, Lang::Zh) => "待确认",
        (PaymentState::Matched, Lang::Zh) => "已匹配",
        (PaymentState::Unmatched, Lang::En) => "Unmatched",
        (PaymentState::Ambiguous, Lang::En) => "To confirm",
        (PaymentState::Matched, Lang::En) => "Matched",
    }
}

pub fn view_label(v: PaymentView, lang: Lang) -> &'static str {
    match (v, lang) {
        (PaymentView::All, Lang::Zh) => "全部",
        (PaymentView::Open, Lang::Zh) => "待处理",
        (PaymentView::Matched, Lang::Zh) => "已匹配",
        (PaymentView::Duplicates, Lang::Zh) => "重复付款",
        (PaymentView::Refunds, Lang::Zh) => "退款",
        (PaymentView::All, Lang::En) => "All",
        (PaymentView::Open, Lang::En) => "To handle",
        (PaymentView::Matched, Lang::En) => "Matched",
        (PaymentView::Duplicates, Lang::En) => "Duplicates",
        (PaymentView::Refunds, Lang::En) => "Refunds",
    }
}

pub fn flag_label(f: PaymentFlag, lang: Lang) -> &'static str {
    match (f, lang) {
        (PaymentFlag::Unmatched, Lang::Zh) => "未匹配",
        (PaymentFlag::Ambiguous, Lang::Zh) => "待确认",
        (PaymentFlag::Partial, Lang::Zh) => "部分付款",
        (PaymentFlag::Overpaid, Lang::Zh) => "多付",
        (PaymentFlag::Duplicate, Lang::Zh) => "重复付款",
        (PaymentFlag::Refund, Lang::Zh) => "退款",
        (PaymentFlag::RefundWithoutPayment, Lang::Zh) => "退款无原收款",
        (PaymentFlag::Adjustment, Lang::Zh) => "调整",
        (PaymentFlag::Unmatched, Lang::En) => "Unmatched",
        (PaymentFlag::Ambiguous, Lang::En) => "To confirm",
        (PaymentFlag::Partial, Lang::En) => "Partial",
        (PaymentFlag::Overpaid, Lang::En) => "Overpaid",
        (PaymentFlag::Duplicate, Lang::En) => "Duplicate",
        (PaymentFlag::Refund, Lang::En) => "Refund",
        (PaymentFlag::RefundWithoutPayment, Lang::En) => "Refund, no original",
        (PaymentFlag::Adjustment, Lang::En) => "Adjustment",
    }
}

/// Built-in expense categories by code.
pub fn category_label(code: &str, lang: Lang) -> Option<&'static str> {
    let (zh, en) = match code {
        "freight" => ("运费", "Freight"),
        "packaging" => ("包材", "Packaging"),
        "promotion" => ("推广", "Promotion"),
        "salary" => ("工资", "Salaries"),
        "rent" => ("房租", "Rent"),
        "payment_fees" => ("平台手续费", "Payment fees"),
        "other" => ("其他", "Other"),
        _ => return None,
    };
    Some(match lang {
        Lang::Zh => zh,
        Lang::En => en,
    })
}

/// Why a payment belongs to its order, in words.
pub fn reason_text(r: &MatchReason, lang: Lang) -> String {
    match r {
        MatchReason::OrderNo { order_no } => lang.pick(format!("付款信息中有订单号 {order_no}"), format!("the payment names order {order_no}")),
        MatchReason::Scored { score, amount_fen, name, mobile, minutes } => {
            let mut zh = vec![format!("金额等于未收金额 {}", Money::from_fen(*amount_fen))];
            let mut en = vec![format!("amount equals the balance {}", Money::from_fen(*amount_fen))];
            match name {
                NameFit::Same => (zh.push("付款人与收货人同名".into()), en.push("payer is the recipient".into())),
                NameFit::Masked => (zh.push("付款人姓名（部分隐藏）与收货人相符".into()), en.push("masked payer name fits the recipient".into())),
                NameFit::None => ((), ()),
            };
            match mobile {
                MobileFit::Same => (zh.push("付款账号含收货手机号".into()), en.push("payer account has the recipient's mobile".into())),
                MobileFit::Tail => (zh.push("付款账号手机尾号相符".into()), en.push("payer account's mobile tail fits".into())),
                MobileFit::None => ((), ()),
            };
            zh.push(format!("下单后 {} 付款", duration_zh(*minutes)));
            en.push(format!("paid {} after ordering", duration_en(*minutes)));
            lang.pick(format!("{}（匹配度 {score}）", zh.join("，")), format!("{} (score {score})", en.join(", ")))
        }
        MatchReason::Manual => lang.pick("人工匹配", "matched by hand"),
        MatchReason::RefundOf { payment_id } => lang.pick(format!("退款，原收款 #{payment_id}"), format!("refund of payment #{payment_id}")),
    }
}

fn duration_zh(minutes: i64) -> String {
    match minutes {
        m if m < 0 => format!("{} 分钟前", -m),
        m if m < 120 => format!("{m} 分钟"),
        m if m < 48 * 60 => format!("{} 小时", m / 60),
        m => format!("{} 天", m / 1440),
    }
}

fn duration_en(minutes: i64) -> String {
    match minutes {
        m if m < 0 => format!("{} min before", -m),
        m if m < 120 => format!("{m} min"),
        m if m < 48 * 60 => format!("{} h", m / 60),
        m => format!("{} days", m / 1440),
    }
}

pub fn recon_item_text(i: &ReconItem, lang: Lang) -> String {
    match i {
        ReconItem::NotInBill { amount, payer, .. } => {
            lang.pick(format!("已记收款 {amount}（{payer}）不在账单中"), format!("recorded payment {amount} ({payer}) is not in the bill"))
        }
        ReconItem::AmountDiffers { txn_no, recorded, bill, .. } => lang.pick(
            format!("交易 {txn_no}：记录 {recorded}，账单 {bill}"),
            format!("transaction {txn_no}: recorded {recorded}, bill {bill}"),
        ),
        ReconItem::RefundWithoutPayment { txn_no, amount, .. } => {
            lang.pick(format!("退款 {txn_no}（{amount}）找不到原收款"), format!("refund {txn_no} ({amount}) has no known original payment"))
        }
    }
}

pub fn error_text(e: &FinanceError, lang: Lang) -> String {
    match e {
        FinanceError::PeriodClosed { month } => lang.pick(
            format!("{month} 已结账，不能再记录或修改该月的收款和费用"),
            format!("{month} is closed: its payments and expenses can no longer be added or changed"),
        ),
        FinanceError::MonthNotOver { month } => lang.pick(format!("{month} 还没有结束，月末之后才能结账"), format!("{month} has not ended yet; close it after its last day")),
        FinanceError::AlreadyClosed { month } => lang.pick(format!("{month} 已经结账"), format!("{month} is already closed")),
        FinanceError::BadMonth => lang.pick("月份格式应为 2026-11", "A month looks like 2026-11"),
        FinanceError::BadTime { field } => lang.pick(
            format!("{}格式不正确，例如 2026-11-29 10:05", field_label(field, Lang::Zh)),
            format!("{} is not a date/time such as 2026-11-29 10:05", field_label(field, Lang::En)),
        ),
        FinanceError::FutureTime { field } => {
            lang.pick(format!("{}不能晚于现在", field_label(field, Lang::Zh)), format!("{} cannot be in the future", field_label(field, Lang::En)))
        }
        FinanceError::DuplicateTxn { txn_no } => {
            lang.pick(format!("交易单号 {txn_no} 已经记录过"), format!("Transaction {txn_no} is already recorded"))
        }
        FinanceError::AlreadyMatched => lang.pick("这笔收款已匹配订单，请先撤销匹配", "This payment is already matched; undo the match first"),
        FinanceError::NotMatched => lang.pick("这笔收款没有匹配订单", "This payment is not matched to an order"),
        FinanceError::RefundNotMatchable => {
            lang.pick("退款随原收款归属订单，不能单独匹配", "A refund belongs to the order of its payment; it is not matched by itself")
        }
        FinanceError::UnknownOrder { order_no } => lang.pick(format!("找不到订单 {order_no}"), format!("No order {order_no}")),
        FinanceError::UnknownCategory => lang.pick("请选择费用类别", "Choose an expense category"),
        FinanceError::CategoryExists { name } => lang.pick(format!("类别「{name}」已存在"), format!("Category '{name}' already exists")),
        FinanceError::ExpenseLocked => lang.pick(
            "账单手续费和已结账月份的费用不能删除",
            "Fees from bill files and expenses of closed months cannot be deleted",
        ),
        FinanceError::UploadGone => lang.pick("上传的文件已失效，请重新上传", "The upload is no longer available; upload the file again"),
        FinanceError::FileTooLarge { max_mb } => {
            lang.pick(format!("文件太大，最大 {max_mb} MB，请分段导出"), format!("The file is too large (at most {max_mb} MB); export it in parts"))
        }
        FinanceError::BadUpload => lang.pick("文件上传不完整，请重新上传", "The upload is broken; upload the file again"),
        FinanceError::BadRows { count } => lang.pick(
            format!("文件有 {count} 行有问题，导入为全部或全不：请修正后重新上传"),
            format!("The file has {count} bad rows; imports are all or nothing: fix them and upload again"),
        ),
        FinanceError::NothingToImport => lang.pick("文件中没有可导入的记录", "The file has nothing to import"),
        FinanceError::MappingRequired => lang.pick("银行流水需要先选择列对应关系", "A bank statement needs a column mapping; choose one"),
        FinanceError::UnknownMapping => lang.pick("找不到这个列对应关系", "No such column mapping"),
        FinanceError::MappingExists { name } => lang.pick(format!("列对应「{name}」已存在"), format!("Mapping '{name}' already exists")),
    }
}

fn field_label(field: &str, lang: Lang) -> &'static str {
    match (field, lang) {
        ("paid_at", Lang::Zh) => "收款时间",
        ("paid_at", Lang::En) => "The payment time",
        ("spent_on", Lang::Zh) => "费用日期",
        ("spent_on", Lang::En) => "The expense date",
        (_, Lang::Zh) => "日期",
        (_, Lang::En) => "The date",
    }
}
