//! Text of the customers area in zh-CN and en: pages, labels of stages, segments and note
//! kinds, coupon terms, and the messages of every refusal (the rule texts are in `text_rules`).

use super::logic_coupons::{CouponError, Discount, MAX_COUPON_FEN};
use super::logic_lifecycle::{LifecycleError, Stage};
use super::logic_repurchase::RepurchaseError;
use super::logic_rfm::{RfmError, Segment};
use super::logic_tags::{FieldKind, TagError, MAX_DAYS, MAX_FEN};
use super::logic_util::{date_of_day, fmt_decimal, fmt_ms, fmt_yuan};
use super::{Contact, CouponState, CustomerError, ImportAction, NoteKind};
use crate::i18n::Lang;
use rust_decimal::Decimal;

texts! {
    customers_title = "客户" | "Customers";
    new_customer = "新建客户" | "New customer";
    search_placeholder = "手机号 / 姓名 / 微信号 / 标签" | "Mobile / name / WeChat id / tag";
    no_customers = "没有符合条件的客户" | "No customers match";
    no_customers_yet = "还没有客户：录入订单时会自动建档，也可以点“新建客户”" | "No customers yet: orders file them, or use “New customer”";
    name = "姓名" | "Name";
    mobile = "手机号" | "Mobile";
    wechat_id = "微信号" | "WeChat id";
    birthday = "生日" | "Birthday";
    agent = "所属代理" | "Agent";
    all_agents = "全部代理" | "All agents";
    stage = "生命周期" | "Lifecycle";
    segment = "RFM 分群" | "RFM segment";
    tags = "标签" | "Tags";
    tag = "标签" | "Tag";
    orders = "订单数" | "Orders";
    spend = "消费总额" | "Spend";
    average_order = "客单价" | "Average order";
    first_order = "首次下单" | "First order";
    last_order = "最近下单" | "Last order";
    last_order_from = "最近下单从" | "Last order from";
    last_order_to = "至" | "to";
    any = "不限" | "Any";
    filter = "筛选" | "Filter";
    clear_filters = "清除筛选" | "Clear filters";
    export_xlsx = "导出 Excel" | "Export to Excel";
    import_title = "导入客户" | "Import customers";
    profile = "客户档案" | "Customer profile";
    contacts = "联系方式" | "Contact";
    addresses = "收货地址" | "Addresses";
    address = "地址" | "Address";
    recipient = "收货人" | "Recipient";
    default_address = "默认" | "Default";
    make_default = "设为默认" | "Make default";
    add_address = "添加地址" | "Add address";
    delete = "删除" | "Delete";
    confirm_delete_address = "确定删除这个地址吗？" | "Delete this address?";
    timeline = "跟进记录" | "Notes";
    add_note = "添加记录" | "Add note";
    note_placeholder = "咨询内容、售后反馈或跟进结果" | "Consultation, after-sales feedback or follow-up result";
    note_added = "已添加记录" | "Note added";
    no_notes = "还没有记录" | "No notes yet";
    order_history = "购买记录" | "Orders";
    no_orders = "还没有订单" | "No orders yet";
    place_order = "下单" | "New order";
    rfm = "RFM 评分" | "RFM scores";
    not_scored = "无订单，未评分" | "No orders, not scored";
    stage_history = "阶段变化" | "Stage changes";
    custom_fields = "自定义字段" | "Custom fields";
    edit = "编辑" | "Edit";
    saved = "已保存" | "Saved";
    add_tag = "添加标签" | "Add tag";
    remove_tag = "移除" | "Remove";
    auto_tag_by = "自动标签，规则：" | "Automatic, by the rule: ";
    manual_tag = "手动标签" | "Manual tag";
    coupons = "优惠券" | "Coupons";
    coupon = "优惠券" | "Coupon";
    no_coupon = "不使用优惠券" | "No coupon";
    coupon_code = "券码" | "Coupon code";
    expires = "有效期至" | "Valid until";
    masked_note = "手机号已隐藏（仅老板和所属代理可见）" | "Mobile hidden (only the boss and the owning line see it)";
    erased_note = "该客户的个人信息已按要求删除" | "This customer's personal data was erased on request";
    pipl = "个人信息" | "Personal data";
    export_personal = "导出个人信息" | "Export personal data";
    erase = "删除个人信息" | "Erase personal data";
    confirm_erase = "确定删除该客户的姓名、手机号和地址吗？订单和金额会保留，此操作不可撤销。" | "Erase this customer's name, mobile and addresses? Orders and amounts stay; this cannot be undone.";
    erased_done = "已删除个人信息" | "Personal data erased";
    tags_title = "标签与规则" | "Tags and rules";
    tag_name = "标签名" | "Tag name";
    tag_rule = "规则" | "Rule";
    tag_customers = "客户数" | "Customers";
    manual = "手动" | "Manual";
    automatic = "自动" | "Automatic";
    new_tag = "新建标签" | "New tag";
    save = "保存" | "Save";
    confirm_delete_tag = "确定删除这个标签吗？所有客户上的该标签都会移除。" | "Delete this tag? It is removed from every customer.";
    rule_all = "满足全部条件" | "All of";
    rule_any = "满足任一条件" | "Any of";
    add_condition = "添加条件" | "Add condition";
    rule_preview = "规则预览" | "Preview";
    cond_spend = "近 N 天消费" | "Spend in the last N days";
    cond_orders = "订单数" | "Order count";
    cond_orders_in = "近 N 天订单数" | "Orders in the last N days";
    cond_silent = "距上次下单天数" | "Days since the last order";
    cond_share = "类目消费占比 %" | "Category share of spend %";
    cond_bought = "某段时间购买过类目" | "Bought a category between dates";
    cond_consulted = "咨询过但未下单" | "Consulted, never ordered";
    cond_field = "自定义字段" | "Custom field";
    days = "天数" | "Days";
    at_least = "≥" | "≥";
    at_most = "≤" | "≤";
    equals = "=" | "=";
    value = "值" | "Value";
    category = "类目" | "Category";
    from = "从" | "From";
    to = "到" | "To";
    contains = "包含" | "contains";
    refresh_now = "立即重新计算" | "Re-evaluate now";
    refreshed = "已重新计算标签、RFM 和生命周期" | "Tags, RFM and lifecycle re-evaluated";
    settings_title = "客户设置" | "Customer settings";
    lifecycle_thresholds = "生命周期阈值" | "Lifecycle thresholds";
    new_days = "新客：首单后天数" | "New: days after the first order";
    loyal_window_days = "忠诚：统计天数" | "Loyal: window (days)";
    loyal_min_orders = "忠诚：最少订单数" | "Loyal: orders in the window";
    dormant_days = "沉睡：未下单天数" | "Dormant: silent days";
    churn_days = "流失：未下单天数" | "Churned: silent days";
    field_defs = "自定义字段" | "Custom fields";
    field_name = "字段名" | "Field name";
    field_kind = "类型" | "Kind";
    kind_text = "文本" | "Text";
    kind_number = "数字" | "Number";
    add_field = "添加字段" | "Add field";
    segments_title = "客户分群" | "Segments";
    segment_customers = "客户数" | "Customers";
    segment_spend = "消费额" | "Spend";
    customer_share = "客户占比" | "Share of customers";
    spend_share = "消费占比" | "Share of spend";
    unscored = "无订单（未评分）" | "No orders (not scored)";
    stages_title = "生命周期分布" | "Lifecycle stages";
    movements_title = "阶段变化（按月）" | "Stage changes per month";
    month = "月份" | "Month";
    movement = "变化" | "Change";
    count = "人数" | "Customers";
    rfm_note = "R、F、M 各按全团队有订单客户的五分位打 1–5 分，高于平均分为“高”" | "R, F and M are scored 1–5 by quintiles over all the team's customers with orders; above the mean score is “high”";
    repurchase_title = "复购" | "Repurchase";
    repurchase_rate = "复购率" | "Repurchase rate";
    buyers = "购买客户" | "Buyers";
    repeat_buyers = "复购客户（≥2 单）" | "Repeat buyers (≥ 2 orders)";
    new_customers = "新客户" | "New";
    returning_customers = "老客户" | "Returning";
    returning_share = "老客占比" | "Returning share";
    campaigns_title = "营销活动" | "Campaigns";
    campaign = "活动" | "Campaign";
    campaign_name = "活动名称" | "Name";
    target = "目标客户" | "Target";
    min_silent_days = "至少多少天未下单" | "Silent for at least (days)";
    repeat_days = "同一客户间隔天数" | "Pick a customer again after (days)";
    coupon_kind = "优惠券" | "Coupon";
    coupon_amount = "减免金额（元）" | "Amount off (yuan)";
    coupon_percent = "折扣（减 %）" | "Percent off";
    coupon_value = "优惠" | "Discount";
    coupon_min_spend = "最低消费（元）" | "Minimum spend (yuan)";
    coupon_valid_days = "有效天数" | "Valid for (days)";
    active = "启用" | "Active";
    inactive = "停用" | "Off";
    issued = "已发券" | "Issued";
    redeemed = "已核销" | "Redeemed";
    revenue = "核销订单销售额" | "Revenue of redeeming orders";
    follow_ups = "跟进" | "Follow-ups";
    run_campaigns = "立即生成今日跟进" | "Make today's follow-ups now";
    campaigns_run = "已生成跟进和优惠券" | "Follow-ups and coupons made";
    new_campaign = "新建活动" | "New campaign";
    followups_title = "今日跟进" | "Follow-ups";
    no_followups = "今天没有需要跟进的客户" | "No one to follow up today";
    mark_done = "已联系" | "Done";
    result_placeholder = "跟进结果" | "Result";
    followup_done = "已记录跟进结果" | "Follow-up recorded";
    conflicts_title = "撞单待处理" | "Ownership clashes";
    no_conflicts = "没有待处理的撞单" | "No clashes to decide";
    conflict_hint = "代理录入的订单手机号已属于其他线的客户" | "An agent entered an order for a mobile another line already owns";
    entered_by = "录单代理" | "Entered by";
    first_owner = "原归属代理" | "First owner";
    keep_owner = "保留原归属（订单转给原代理）" | "Keep with the first owner (order moves)";
    move_to_new = "客户转给录单代理" | "Move the customer to the new agent";
    conflict_decided = "已处理" | "Decided";
    conflict_badge = "撞单" | "Clash";
    import_hint = "支持 .xlsx 和 .csv：第一行为表头（姓名、手机号，可选：代理账号、微信号、地址、生日、标签，及自定义字段名）。同一代理 + 手机号重复导入不会重复建档。" | ".xlsx or .csv with a header row (name, mobile; optional: agent username, WeChat id, address, birthday, tags, and custom field names). Re-importing the same agent + mobile changes nothing.";
    import_file = "选择文件" | "File";
    import_check = "检查" | "Check";
    import_commit = "确认导入" | "Import";
    import_rows = "行数" | "Rows";
    import_new = "新建" | "New";
    import_update = "更新" | "Update";
    import_unchanged = "无变化" | "Unchanged";
    import_errors = "有问题的行" | "Rows with problems";
    import_row = "行" | "Row";
    import_field = "列" | "Column";
    import_reason = "原因" | "Reason";
    import_done = "导入完成" | "Imported";
    import_reading = "正在读取文件…" | "Reading the file…";
    default_agent = "未填代理账号的行归属" | "Agent for rows without one";
    no_tags = "还没有标签" | "No tags yet";
    empty_value = "—" | "—";
    @imported(new: u32, updated: u32) = format!("导入完成：新建 {new}，更新 {updated}"), format!("Imported: {new} new, {updated} updated");
    @refresh_report(n: i64, ms: i64) = format!("已重新计算 {n} 位客户（{ms} 毫秒）"), format!("{n} customers re-evaluated in {ms} ms");
    @rfm_scores(r: u8, f: u8, m: u8) = format!("R {r} · F {f} · M {m}"), format!("R {r} · F {f} · M {m}");
    @followups_made(n: i64, c: i64) = format!("生成跟进 {n} 条，发券 {c} 张"), format!("{n} follow-ups, {c} coupons");
}

impl Segment {
    pub fn label(self, lang: Lang) -> &'static str {
        use Segment::*;
        match (self, lang) {
            (ImportantValue, Lang::Zh) => "重要价值客户",
            (ImportantDevelop, Lang::Zh) => "重要发展客户",
            (ImportantKeep, Lang::Zh) => "重要保持客户",
            (ImportantRetain, Lang::Zh) => "重要挽留客户",
            (GeneralValue, Lang::Zh) => "一般价值客户",
            (GeneralDevelop, Lang::Zh) => "一般发展客户",
            (GeneralKeep, Lang::Zh) => "一般保持客户",
            (GeneralRetain, Lang::Zh) => "一般挽留客户",
            (ImportantValue, Lang::En) => "Key value",
            (ImportantDevelop, Lang::En) => "Key to develop",
            (ImportantKeep, Lang::En) => "Key to keep",
            (ImportantRetain, Lang::En) => "Key to win back",
            (GeneralValue, Lang::En) => "Regular value",
            (GeneralDevelop, Lang::En) => "Regular to develop",
            (GeneralKeep, Lang::En) => "Regular to keep",
            (GeneralRetain, Lang::En) => "Regular to win back",
        }
    }

}

impl Stage {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Stage::Prospect, Lang::Zh) => "潜在",
            (Stage::New, Lang::Zh) => "新客",
            (Stage::Active, Lang::Zh) => "活跃",
            (Stage::Loyal, Lang::Zh) => "忠诚",
            (Stage::Dormant, Lang::Zh) => "沉睡",
            (Stage::Churned, Lang::Zh) => "流失",
            (Stage::Prospect, Lang::En) => "Prospect",
            (Stage::New, Lang::En) => "New",
            (Stage::Active, Lang::En) => "Active",
            (Stage::Loyal, Lang::En) => "Loyal",
            (Stage::Dormant, Lang::En) => "Dormant",
            (Stage::Churned, Lang::En) => "Churned",
        }
    }

}

impl RfmError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (RfmError::DuplicateCustomer { customer_id }, Lang::Zh) => {
                format!("客户 {customer_id} 在数据中出现了两次")
            }
            (RfmError::DuplicateCustomer { customer_id }, Lang::En) => {
                format!("Customer {customer_id} appears twice in the data")
            }
            (RfmError::NegativeSpend { customer_id, spend_fen }, Lang::Zh) => {
                format!("客户 {customer_id} 的消费金额为负数（{}），请检查退款记录", crate::customers::logic_util::fmt_yuan(*spend_fen))
            }
            (RfmError::NegativeSpend { customer_id, spend_fen }, Lang::En) => {
                format!("Customer {customer_id} has a negative spend ({}); check the refunds", crate::customers::logic_util::fmt_yuan(*spend_fen))
            }
        }
    }

}

impl LifecycleError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (LifecycleError::OutOfRange { field, value, min, max }, Lang::Zh) => {
                format!("「{}」为 {value}，应在 {min}–{max} 之间", field_label(field, lang))
            }
            (LifecycleError::OutOfRange { field, value, min, max }, Lang::En) => {
                format!("'{}' is {value}; it must be between {min} and {max}", field_label(field, lang))
            }
            (LifecycleError::DormantNotBeforeChurn { dormant_days, churn_days }, Lang::Zh) => {
                format!("沉睡天数（{dormant_days}）必须小于流失天数（{churn_days}）")
            }
            (LifecycleError::DormantNotBeforeChurn { dormant_days, churn_days }, Lang::En) => {
                format!("Days to dormant ({dormant_days}) must be fewer than days to churned ({churn_days})")
            }
        }
    }

}

fn field_label<'a>(field: &'a str, lang: Lang) -> &'a str {
    match (field, lang) {
        ("new_days", Lang::Zh) => "新客天数",
        ("loyal_window_days", Lang::Zh) => "忠诚统计天数",
        ("loyal_min_orders", Lang::Zh) => "忠诚最少订单数",
        ("dormant_days", Lang::Zh) => "沉睡天数",
        ("churn_days", Lang::Zh) => "流失天数",
        ("new_days", Lang::En) => "Days a customer stays new",
        ("loyal_window_days", Lang::En) => "Loyalty window (days)",
        ("loyal_min_orders", Lang::En) => "Orders needed for loyal",
        ("dormant_days", Lang::En) => "Silent days to dormant",
        ("churn_days", Lang::En) => "Silent days to churned",
        (other, _) => other,
    }
}


impl TagError {
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        let at = |at: &str| match (at.is_empty(), zh) {
            (true, _) => String::new(),
            (false, true) => format!("条件 {at}："),
            (false, false) => format!("Condition {at}: "),
        };
        let kind = |k: &FieldKind| match (k, zh) {
            (FieldKind::Text, true) => "文本",
            (FieldKind::Number, true) => "数字",
            (FieldKind::Text, false) => "text",
            (FieldKind::Number, false) => "number",
        };
        let yuan = crate::customers::logic_util::fmt_yuan;
        match self {
            TagError::EmptyGroup { at: a } if zh => format!("{}条件组不能为空", at(a)),
            TagError::EmptyGroup { at: a } => format!("{}a group needs at least one condition", at(a)),
            TagError::TooDeep { at: a, max } if zh => format!("{}嵌套太深，最多 {max} 层", at(a)),
            TagError::TooDeep { at: a, max } => format!("{}nested too deeply (at most {max} levels)", at(a)),
            TagError::TooManyConditions { count, max } if zh => format!("规则有 {count} 个条件，最多 {max} 个"),
            TagError::TooManyConditions { count, max } => format!("The rule has {count} conditions; at most {max} are allowed"),
            TagError::UnknownField { at: a, name } if zh => format!("{}没有名为「{name}」的客户字段", at(a)),
            TagError::UnknownField { at: a, name } => format!("{}there is no customer field named '{name}'", at(a)),
            TagError::FieldKindMismatch { at: a, name, kind: k } if zh => format!("{}「{name}」是{}字段，不能这样比较", at(a), kind(k)),
            TagError::FieldKindMismatch { at: a, name, kind: k } => format!("{}'{name}' is a {} field and cannot be compared this way", at(a), kind(k)),
            TagError::UnknownCategory { at: a, name } if zh => format!("{}没有「{name}」这个商品类目", at(a)),
            TagError::UnknownCategory { at: a, name } => format!("{}there is no product category '{name}'", at(a)),
            TagError::BadWindow { at: a, days } if zh => format!("{}天数 {days} 无效，应在 1–{MAX_DAYS} 之间", at(a)),
            TagError::BadWindow { at: a, days } => format!("{}{days} days is not valid; use 1–{MAX_DAYS}", at(a)),
            TagError::BadAmount { at: a, fen } if zh => format!("{}金额 {} 无效，应在 ¥0–{} 之间", at(a), yuan(*fen), yuan(MAX_FEN)),
            TagError::BadAmount { at: a, fen } => format!("{}the amount {} is not valid; use ¥0–{}", at(a), yuan(*fen), yuan(MAX_FEN)),
            TagError::BadPercent { at: a, value } if zh => format!("{}百分比 {value}% 无效，应在 0–100 之间", at(a)),
            TagError::BadPercent { at: a, value } => format!("{}{value}% is not a valid percentage (0–100)", at(a)),
            TagError::RangeReversed { at: a, min, max } if zh => format!("{}范围下限 {min} 大于上限 {max}", at(a)),
            TagError::RangeReversed { at: a, min, max } => format!("{}the lower bound {min} is above the upper bound {max}", at(a)),
            TagError::DateRangeReversed { at: a, from, to } if zh => format!("{}开始日期 {from} 晚于结束日期 {to}", at(a)),
            TagError::DateRangeReversed { at: a, from, to } => format!("{}the start date {from} is after the end date {to}", at(a)),
            TagError::EmptyText { at: a } if zh => format!("{}请填写要比较的文字", at(a)),
            TagError::EmptyText { at: a } => format!("{}enter the text to compare with", at(a)),
            TagError::TextTooLong { at: a, max } if zh => format!("{}文字太长，最多 {max} 个字", at(a)),
            TagError::TextTooLong { at: a, max } => format!("{}the text is too long (at most {max} characters)", at(a)),
            TagError::BadProductId { at: a, id } if zh => format!("{}商品编号 {id} 无效", at(a)),
            TagError::BadProductId { at: a, id } => format!("{}product id {id} is not valid", at(a)),
        }
    }

}

impl CouponError {
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        let max = fmt_yuan(MAX_COUPON_FEN);
        match self {
            CouponError::BadCode { code } if zh => format!("券码「{code}」格式不正确（8 位字母数字，请核对）"),
            CouponError::BadCode { code } => format!("The coupon code '{code}' is not valid (8 letters and digits; please check it)"),
            CouponError::BadAmount { fen } if zh => format!("减免金额 {} 无效，应在 ¥0.01–{max} 之间", fmt_yuan(*fen)),
            CouponError::BadAmount { fen } => format!("The amount off {} is not valid; use ¥0.01–{max}", fmt_yuan(*fen)),
            CouponError::BadPercent { percent } if zh => format!("折扣 {}% 无效，应大于 0、不超过 100，最多两位小数", fmt_decimal(*percent)),
            CouponError::BadPercent { percent } => format!("{}% off is not valid; use more than 0 and at most 100, with at most two decimals", fmt_decimal(*percent)),
            CouponError::BadMinSpend { fen } if zh => format!("最低消费 {} 无效，应在 ¥0–{max} 之间", fmt_yuan(*fen)),
            CouponError::BadMinSpend { fen } => format!("The minimum spend {} is not valid; use ¥0–{max}", fmt_yuan(*fen)),
            CouponError::ExpiryInPast { expires_at_ms } if zh => format!("有效期截止时间 {} 已过", fmt_ms(*expires_at_ms)),
            CouponError::ExpiryInPast { expires_at_ms } => format!("The expiry {} is already past", fmt_ms(*expires_at_ms)),
            CouponError::BadSubtotal { fen } if zh => format!("订单金额 {} 无效", fmt_yuan(*fen)),
            CouponError::BadSubtotal { fen } => format!("The order amount {} is not valid", fmt_yuan(*fen)),
            CouponError::WrongCustomer { code } if zh => format!("券码「{code}」不属于该客户"),
            CouponError::WrongCustomer { code } => format!("The coupon '{code}' belongs to another customer"),
            CouponError::AlreadyUsed { used_at_ms } if zh => format!("该券已于 {} 使用", fmt_ms(*used_at_ms)),
            CouponError::AlreadyUsed { used_at_ms } => format!("This coupon was already used on {}", fmt_ms(*used_at_ms)),
            CouponError::Expired { expires_at_ms } if zh => format!("该券已于 {} 过期", fmt_ms(*expires_at_ms)),
            CouponError::Expired { expires_at_ms } => format!("This coupon expired on {}", fmt_ms(*expires_at_ms)),
            CouponError::BelowMinimum { min_spend_fen, subtotal_fen } if zh => {
                format!("订单金额 {} 未达到用券门槛 {}", fmt_yuan(*subtotal_fen), fmt_yuan(*min_spend_fen))
            }
            CouponError::BelowMinimum { min_spend_fen, subtotal_fen } => {
                format!("The order amount {} is below the coupon's minimum of {}", fmt_yuan(*subtotal_fen), fmt_yuan(*min_spend_fen))
            }
        }
    }

}

impl RepurchaseError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (RepurchaseError::DaysReversed { from_day, to_day }, Lang::Zh) => {
                format!("开始日期 {} 晚于结束日期 {}", date_of_day(*from_day), date_of_day(*to_day))
            }
            (RepurchaseError::DaysReversed { from_day, to_day }, Lang::En) => {
                format!("The start date {} is after the end date {}", date_of_day(*from_day), date_of_day(*to_day))
            }
            (RepurchaseError::MonthsReversed { from, to }, Lang::Zh) => format!("开始月份 {from} 晚于结束月份 {to}"),
            (RepurchaseError::MonthsReversed { from, to }, Lang::En) => format!("The start month {from} is after the end month {to}"),
            (RepurchaseError::TooManyMonths { months, max }, Lang::Zh) => format!("所选范围有 {months} 个月，最多 {max} 个月"),
            (RepurchaseError::TooManyMonths { months, max }, Lang::En) => {
                format!("The range spans {months} months; at most {max} are allowed")
            }
        }
    }

}

/// The coupon's terms in one line: `满 ¥100 减 ¥20`, `无门槛打 8.5 折`, `15% off orders of ¥100 or more`.
pub fn describe_terms(discount: &Discount, min_spend_fen: i64, lang: Lang) -> String {
    let what = match (discount, lang) {
        (Discount::AmountOff { fen }, Lang::Zh) => format!("减 {}", fmt_yuan(*fen)),
        (Discount::PercentOff { percent }, Lang::Zh) if *percent >= Decimal::ONE_HUNDRED => "免单".to_string(),
        (Discount::PercentOff { percent }, Lang::Zh) => {
            format!("打 {} 折", fmt_decimal((Decimal::ONE_HUNDRED - *percent) / Decimal::TEN))
        }
        (Discount::AmountOff { fen }, Lang::En) => format!("{} off", fmt_yuan(*fen)),
        (Discount::PercentOff { percent }, Lang::En) => format!("{}% off", fmt_decimal(*percent)),
    };
    match (min_spend_fen > 0, lang) {
        (true, Lang::Zh) => format!("满 {} {what}", fmt_yuan(min_spend_fen)),
        (false, Lang::Zh) => format!("无门槛{what}"),
        (true, Lang::En) => format!("{what} orders of {} or more", fmt_yuan(min_spend_fen)),
        (false, Lang::En) => what,
    }
}



pub fn note_kind_label(k: NoteKind, lang: Lang) -> &'static str {
    match (k, lang) {
        (NoteKind::Consultation, Lang::Zh) => "咨询",
        (NoteKind::AfterSales, Lang::Zh) => "售后反馈",
        (NoteKind::FollowUp, Lang::Zh) => "跟进结果",
        (NoteKind::Other, Lang::Zh) => "其他",
        (NoteKind::Consultation, Lang::En) => "Consultation",
        (NoteKind::AfterSales, Lang::En) => "After-sales feedback",
        (NoteKind::FollowUp, Lang::En) => "Follow-up result",
        (NoteKind::Other, Lang::En) => "Other",
    }
}

pub fn contact_label(c: Contact, lang: Lang) -> &'static str {
    match (c, lang) {
        (Contact::Call, Lang::Zh) => "已电话联系",
        (Contact::Wechat, Lang::Zh) => "已微信联系",
        (Contact::Call, Lang::En) => "Called",
        (Contact::Wechat, Lang::En) => "Messaged on WeChat",
    }
}

pub fn coupon_state_label(s: CouponState, lang: Lang) -> &'static str {
    match (s, lang) {
        (CouponState::Open, Lang::Zh) => "可使用",
        (CouponState::Redeemed, Lang::Zh) => "已使用",
        (CouponState::Expired, Lang::Zh) => "已过期",
        (CouponState::Open, Lang::En) => "Usable",
        (CouponState::Redeemed, Lang::En) => "Used",
        (CouponState::Expired, Lang::En) => "Expired",
    }
}

pub fn import_action_label(a: ImportAction, lang: Lang) -> &'static str {
    let t = text(lang);
    match a {
        ImportAction::New => t.import_new,
        ImportAction::Update => t.import_update,
        ImportAction::Unchanged => t.import_unchanged,
    }
}

pub fn field_kind_label(k: FieldKind, lang: Lang) -> &'static str {
    let t = text(lang);
    match k {
        FieldKind::Text => t.kind_text,
        FieldKind::Number => t.kind_number,
    }
}

/// A coupon for a list: `满 ¥100 减 ¥20 · ME2XC8UJ`.
pub fn coupon_line(code: &str, discount: &Discount, min_spend_fen: i64, lang: Lang) -> String {
    format!("{} · {code}", describe_terms(discount, min_spend_fen, lang))
}

pub fn error_text(e: &CustomerError, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let pick = |a: String, b: String| if zh { a } else { b };
    match e {
        CustomerError::AgentRequired => lang.pick("请选择本线的代理", "Choose an agent of your line"),
        CustomerError::DuplicateMobile { mobile } => {
            pick(format!("该代理已有手机号为 {mobile} 的客户"), format!("This agent already has a customer with mobile {mobile}"))
        }
        CustomerError::BadBirthday { value } => pick(format!("生日「{value}」不是有效日期（格式 2020-01-31）"), format!("The birthday '{value}' is not a valid date (e.g. 2020-01-31)")),
        CustomerError::UnknownField { name } => pick(format!("没有名为「{name}」的自定义字段"), format!("There is no custom field named '{name}'")),
        CustomerError::NotANumber { name, value } => pick(format!("「{name}」应填数字，「{value}」不是数字"), format!("'{name}' takes a number; '{value}' is not one")),
        CustomerError::TagNameTaken { name } => pick(format!("已有名为「{name}」的标签"), format!("A tag named '{name}' exists already")),
        CustomerError::FieldNameTaken { name } => pick(format!("已有名为「{name}」的字段"), format!("A field named '{name}' exists already")),
        CustomerError::CampaignNameTaken { name } => pick(format!("已有名为「{name}」的活动"), format!("A campaign named '{name}' exists already")),
        CustomerError::BadRuleJson => lang.pick("规则格式不正确", "The rule could not be read"),
        CustomerError::BadRule { problems } => {
            let all: Vec<String> = problems.iter().map(|p| p.message(lang)).collect();
            all.join(if zh { "；" } else { "; " })
        }
        CustomerError::TagIsAutomatic => lang.pick("自动标签由规则决定，不能手动添加或移除", "Automatic tags come from their rule and cannot be set by hand"),
        CustomerError::CampaignWithoutTarget => {
            lang.pick("请选择目标：标签、生命周期阶段或未下单天数", "Choose whom it targets: a tag, a lifecycle stage or days without an order")
        }
        CustomerError::Lifecycle { error } => error.message(lang),
        CustomerError::Coupon { error } => error.message(lang),
        CustomerError::UnknownCoupon { given } => pick(format!("没有券码为「{given}」的优惠券"), format!("There is no coupon '{given}'")),
        CustomerError::Repurchase { error } => error.message(lang),
        CustomerError::Rfm { error } => error.message(lang),
        CustomerError::ImportUnreadable { detail } => {
            pick(format!("无法读取文件（请使用 .xlsx 或 .csv）：{detail}"), format!("The file cannot be read (use .xlsx or .csv): {detail}"))
        }
        CustomerError::ImportMissingColumn { column } => pick(format!("表头缺少「{column}」列"), format!("The header has no '{column}' column")),
        CustomerError::ImportTooManyRows { max } => pick(format!("一次最多导入 {max} 行"), format!("At most {max} rows per import")),
        CustomerError::ImportDuplicateRow { first_row } => {
            pick(format!("与第 {first_row} 行的代理和手机号重复"), format!("Same agent and mobile as row {first_row}"))
        }
        CustomerError::ImportRejected { bad_rows } => {
            pick(format!("有 {bad_rows} 行有问题，没有导入任何数据"), format!("{bad_rows} rows have problems; nothing was imported"))
        }
        CustomerError::Erased => lang.pick("该客户的个人信息已删除，不能再修改", "This customer's personal data was erased; it cannot be changed"),
    }
}
