//! Text of the tax area in zh-CN and en: pages, labels of statuses and settings, the
//! area's error messages. The messages of the logic's own errors (tax ids, splits, drafts,
//! summaries) are in `text_faults.rs`, the return's line titles in `text_titles.rs`.

use super::logic_vat_policy::PolicyRule;
use super::{CityTier, InvoiceStatus, TaxError};
use crate::i18n::Lang;

texts! {
    nav_tax = "税务" | "Tax";
    tax_title = "税务" | "Tax";
    tab_invoices = "销项发票" | "Sales invoices";
    tab_inputs = "进项发票" | "Purchase invoices";
    tab_vat = "增值税汇总" | "VAT summary";
    tab_products = "商品税目" | "Product tax codes";
    tab_profile = "税务设置" | "Tax profile";
    profile_title = "企业税务信息" | "Company tax profile";
    profile_missing_hint = "请先填写企业税务信息（纳税人类型、名称、统一社会信用代码）" | "Fill in the company tax profile first (taxpayer type, name, tax id)";
    taxpayer_type = "纳税人类型" | "Taxpayer type";
    company_name = "企业名称" | "Company name";
    tax_id = "统一社会信用代码/纳税人识别号" | "Unified social credit code / taxpayer id";
    address = "地址" | "Address";
    phone = "电话" | "Phone";
    bank = "开户银行" | "Bank";
    bank_account = "银行账号" | "Account number";
    city_tier = "所在地（城建税税率）" | "Location (urban construction tax rate)";
    individual_business = "个体工商户" | "Individual business";
    surcharge_relief = "享受六税两费减征（小型微利企业/个体工商户）" | "Surcharge relief applies (small low-profit enterprise / individual business)";
    credit_month = "启用月份" | "First month";
    opening_credit = "启用时上期留抵税额" | "Credit brought forward at the first month";
    credit_hint = "一般纳税人的期末留抵税额从启用月份起逐月结转" | "A general taxpayer's credit is carried forward month by month from the first month";
    saved = "已保存" | "Saved";
    policy_title = "税收政策（按日期生效）" | "Tax policy (dated)";
    policy_from = "起" | "From";
    policy_to = "止" | "To";
    policy_rule = "规定" | "Rule";
    policy_source = "依据" | "Source";
    until_further = "至今" | "until further notice";
    product = "商品" | "Product";
    category = "分类" | "Category";
    tax_code = "税收分类编码" | "Tax classification code";
    short_name = "商品简称" | "Short name";
    rate = "税率/征收率" | "Rate";
    simplified = "简易计税" | "Simplified method";
    unit = "单位" | "Unit";
    not_set = "未设置" | "Not set";
    edit = "修改" | "Edit";
    search_products = "商品名称" | "Product name";
    no_products = "没有商品" | "No products";
    new_invoice = "开发票" | "New invoice";
    from_orders = "按订单开票" | "From orders";
    by_hand = "手工开票" | "By hand";
    find_orders = "客户手机号或订单号" | "Customer mobile or order no.";
    find = "查找" | "Find";
    no_invoiceable = "没有可开票的订单（须已付款且未开票）" | "No orders to invoice (they must be paid and not yet invoiced)";
    order_no = "订单号" | "Order no.";
    customer = "客户" | "Customer";
    order_total = "订单金额" | "Order total";
    invoiced = "已开票" | "Invoiced";
    choose_orders = "选择同一客户的订单" | "Choose orders of one customer";
    invoice_kind = "发票类型" | "Invoice type";
    buyer = "购买方" | "Buyer";
    buyer_name = "购买方名称" | "Buyer name";
    buyer_tax_id = "购买方纳税人识别号" | "Buyer's taxpayer id";
    buyer_address_phone = "地址、电话" | "Address and phone";
    buyer_bank_account = "开户银行及账号" | "Bank and account";
    natural_person = "购买方为自然人" | "The buyer is a natural person";
    note = "备注" | "Note";
    preview = "预览" | "Preview";
    prepare = "保存为待开票" | "Save as to issue";
    item = "项目名称" | "Item";
    spec = "规格型号" | "Specification";
    qty = "数量" | "Qty";
    unit_price_excl = "单价（不含税）" | "Unit price excl. tax";
    unit_price_incl = "单价（含税）" | "Unit price incl. tax";
    amount_excl = "金额" | "Amount";
    tax = "税额" | "Tax";
    gross = "价税合计" | "Total incl. tax";
    total = "合计" | "Total";
    in_capitals = "价税合计（大写）" | "Total in words";
    in_figures = "（小写）" | "(in figures)";
    add_line = "添加一行" | "Add a line";
    remove_line = "删除" | "Remove";
    invoices_title = "销项发票" | "Sales invoices";
    no_invoices = "还没有发票" | "No invoices yet";
    status = "状态" | "Status";
    number = "发票号码" | "Invoice number";
    issued_on = "开票日期" | "Issue date";
    created_at = "创建时间" | "Created";
    red_letter = "红字" | "Red-letter";
    invoice_title = "发票" | "Invoice";
    seller = "销售方" | "Seller";
    record_issue = "登记开票结果" | "Record the issued invoice";
    record_issue_hint = "在电子税务局开具后，填写 20 位发票号码和开票日期" | "After issuing it on the tax bureau's platform, enter its 20-digit number and date";
    record = "登记" | "Record";
    delete_pending = "删除待开票" | "Delete";
    confirm_delete = "确定删除这张待开票的发票吗？关联的订单可重新开票。" | "Delete this invoice before issue? Its orders can be invoiced again.";
    reverse = "红冲" | "Reverse";
    reverse_title = "开具红字发票" | "Red-letter reversal";
    reverse_reason = "红冲原因" | "Reason";
    reverse_all = "全额红冲（剩余全部）" | "Reverse everything left";
    reverse_hint = "部分红冲：只填写要冲红的行的价税合计" | "Partial: fill in the total to reverse on the lines concerned";
    confirm_reverse = "确定开具红字发票吗？" | "Prepare a red-letter invoice?";
    reversible = "可冲红" | "Reversible";
    red_of = "对应蓝字发票" | "Original invoice";
    reds = "红字发票" | "Red-letter invoices";
    linked_orders = "关联订单" | "Orders";
    export_xlsx = "导出 Excel" | "Export to Excel";
    period = "所属期" | "Period";
    month = "月度" | "Month";
    quarter = "季度" | "Quarter";
    show = "查看" | "Show";
    inputs_title = "进项发票" | "Purchase invoices";
    new_input = "登记进项发票" | "Record a purchase invoice";
    seller_name = "销售方名称" | "Seller name";
    seller_tax_id = "销售方纳税人识别号" | "Seller's taxpayer id";
    deductible = "可抵扣" | "Deductible";
    selected_on = "勾选/认证日期" | "Selected for deduction on";
    select_now = "登记勾选" | "Record selection";
    receipt = "采购入库单" | "Purchase receipt";
    no_receipt = "不关联（手工录入）" | "None (entered by hand)";
    no_inputs = "还没有进项发票" | "No purchase invoices yet";
    delete = "删除" | "Delete";
    confirm_delete_input = "确定删除这张进项发票记录吗？" | "Delete this purchase invoice record?";
    vat_title = "增值税及附加税费汇总" | "VAT and surcharges summary";
    line_no = "栏次" | "Line";
    line_title = "项目" | "Item";
    goods_col = "货物及劳务" | "Goods and labour";
    services_col = "服务、不动产和无形资产" | "Services, real estate and intangibles";
    this_period = "本期数" | "This period";
    exempt_applies = "本期销售额未超过免税标准，适用小微企业免征增值税" | "Sales are within the threshold: the small-business exemption applies";
    exempt_not = "本期销售额超过免税标准，全额计税" | "Sales exceed the threshold: all sales are taxed";
    threshold = "免税标准" | "Threshold";
    sales_tested = "本期销售额" | "Sales this period";
    invoiced_sales = "开票销售额（不含税）" | "Invoiced sales excl. tax";
    output_tax = "销项税额" | "Output VAT";
    uninvoiced_sales = "未开票销售额（含税）" | "Sales without invoice incl. tax";
    input_tax = "本期认证进项税额" | "Input VAT selected this period";
    levy_in_force = "3% 征收率减按" | "3% levy rate reduced to";
    months_of_quarter = "分月" | "By month";
    reason_invoicing_error = "开票有误" | "Invoicing error";
    warnings = "提示" | "Note";
    @invoice_created(id: i64) = format!("已保存为待开票（#{id}）"), format!("Saved as to issue (#{id})");
    @orders_chosen(n: usize) = format!("已选 {n} 个订单"), format!("{n} orders chosen");
}

pub fn status_label(s: InvoiceStatus, lang: Lang) -> &'static str {
    match (s, lang) {
        (InvoiceStatus::Pending, Lang::Zh) => "待开票",
        (InvoiceStatus::Issued, Lang::Zh) => "已开票",
        (InvoiceStatus::Reversed, Lang::Zh) => "已红冲",
        (InvoiceStatus::Pending, Lang::En) => "To issue",
        (InvoiceStatus::Issued, Lang::En) => "Issued",
        (InvoiceStatus::Reversed, Lang::En) => "Reversed",
    }
}

pub fn city_label(c: CityTier, lang: Lang) -> &'static str {
    match (c, lang) {
        (CityTier::Urban, Lang::Zh) => "市区（7%）",
        (CityTier::CountyTown, Lang::Zh) => "县城、镇（5%）",
        (CityTier::Other, Lang::Zh) => "其他地区（1%）",
        (CityTier::Urban, Lang::En) => "City (7%)",
        (CityTier::CountyTown, Lang::En) => "County town (5%)",
        (CityTier::Other, Lang::En) => "Elsewhere (1%)",
    }
}

/// A dated rule in words.
pub fn rule_text(r: &PolicyRule, lang: Lang) -> String {
    let f = |fen: &i64| crate::money::Money::from_fen(*fen).to_string();
    match r {
        PolicyRule::SmallScaleReducedLevy { to } => {
            lang.pick(format!("小规模纳税人 3% 征收率减按 {} 征收", to.label(lang)), format!("Small-scale: the 3% levy rate is reduced to {}", to.label(lang)))
        }
        PolicyRule::SmallScaleExemption { monthly_fen, quarterly_fen } => lang.pick(
            format!("小规模纳税人月销售额 ≤ {}（季度 ≤ {}）免征增值税", f(monthly_fen), f(quarterly_fen)),
            format!("Small-scale: exempt when sales ≤ {} a month ({} a quarter)", f(monthly_fen), f(quarterly_fen)),
        ),
        PolicyRule::SurchargeRelief { percent } => {
            lang.pick(format!("六税两费减征 {percent}%"), format!("Surcharges reduced by {percent}%"))
        }
        PolicyRule::EducationSurchargeExemption { monthly_fen, quarterly_fen } => lang.pick(
            format!("月销售额 ≤ {}（季度 ≤ {}）免征教育费附加、地方教育附加", f(monthly_fen), f(quarterly_fen)),
            format!("Education surcharges waived when sales ≤ {} a month ({} a quarter)", f(monthly_fen), f(quarterly_fen)),
        ),
    }
}

fn join(items: impl Iterator<Item = String>, lang: Lang) -> String {
    items.collect::<Vec<_>>().join(if lang == Lang::Zh { "；" } else { "; " })
}

pub fn error_text(e: &TaxError, lang: Lang) -> String {
    use TaxError::*;
    match e {
        Invoice { errors } => join(errors.iter().map(|e| e.message(lang)), lang),
        Vat { errors } => join(errors.iter().map(|e| e.message(lang)), lang),
        TaxId { error, .. } => error.message(lang),
        ProfileMissing => lang.pick("请先在“税务设置”中填写企业税务信息", "Fill in the company tax profile first (Tax profile)"),
        SettingsMissing { products } => lang.pick(
            format!("以下商品未设置税收分类编码：{}，请在“商品税目”中设置", products.join("、")),
            format!("These products have no tax classification code: {}; set them under Product tax codes", products.join(", ")),
        ),
        BadTaxCode { value: code } => lang.pick(
            format!("税收分类编码「{code}」应为 19 位数字，首位 1–6"),
            format!("Tax classification code '{code}' must be 19 digits starting with 1–6"),
        ),
        ShortNameMissing => lang.pick("请填写商品简称（如 焙烤食品）", "Enter the short name (e.g. 焙烤食品)"),
        RateNotAllowed { rate, taxpayer } => lang.pick(
            format!("{}不能按 {} 开票", taxpayer.label(lang), rate.label(lang)),
            format!("A {} cannot invoice at {}", taxpayer.label(lang), rate.label(lang)),
        ),
        NoOrders => lang.pick("请选择要开票的订单", "Choose the orders to invoice"),
        SeveralBuyers => lang.pick("一张发票只能包含同一客户的订单", "One invoice takes orders of one customer only"),
        OrderNotSold { order_no } => lang.pick(
            format!("订单 {order_no} 未付款或已取消，不能开票"),
            format!("Order {order_no} is unpaid or cancelled and cannot be invoiced"),
        ),
        OrderInvoiced { order_no, error } => lang.pick(format!("订单 {order_no}：{}", error.message(lang)), format!("Order {order_no}: {}", error.message(lang))),
        NotPending => lang.pick("只有待开票的发票可以登记或删除", "Only an invoice to issue can be recorded or deleted"),
        NotReversible => lang.pick("只有已开具的蓝字发票可以红冲", "Only an issued invoice can be reversed"),
        InvoiceNumber { number } => {
            lang.pick(format!("发票号码「{number}」应为 20 位数字"), format!("Invoice number '{number}' must be 20 digits"))
        }
        NumberTaken { number } => lang.pick(format!("发票号码 {number} 已登记过"), format!("Invoice number {number} is already recorded")),
        BadDate { .. } => lang.pick("日期格式应为 2026-11-29", "Dates are written 2026-11-29"),
        BadPeriod { text } => lang.pick(
            format!("所属期「{text}」无效，应为 2026-11（月）或 2026-Q4（季度）"),
            format!("Period '{text}' is invalid: write 2026-11 (month) or 2026-Q4 (quarter)"),
        ),
        SelectedBeforeIssued => lang.pick("勾选日期不能早于开票日期", "The selection date cannot be before the issue date"),
        SelectedDateMissing => lang.pick("可抵扣的进项发票请填写勾选/认证日期", "A deductible invoice needs its selection date"),
        InputNumber { number } => lang.pick(
            format!("发票号码「{number}」应为 20 位（数电票）或 8 位数字"),
            format!("Invoice number '{number}' must have 20 digits (数电票) or 8"),
        ),
        InputTaxTooHigh => lang.pick("税额不能大于金额", "The tax cannot exceed the amount"),
        InputDuplicate { number } => lang.pick(
            format!("该销售方的发票 {number} 已登记过"),
            format!("Invoice {number} of this seller is already recorded"),
        ),
        UnknownReceipt { id } => lang.pick(
            format!("采购单 #{id} 不存在或还没有到货，无法关联"),
            format!("Purchase order #{id} does not exist or has received nothing yet"),
        ),
    }
}
