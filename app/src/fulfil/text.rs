//! Texts of the fulfilment area in zh-CN and en: couriers and rules, batch shipping,
//! waybills, picking lists, tracking import; the area's error messages.

use super::logic::{FulfilError, RangeField, SenderField};
use super::logic_aftersale::{AfterSaleAction, AfterSaleKind, AfterSaleState};
use super::logic_courier::yuan;
use super::{ImportOutcome, LabelSize, RouteSource};
use crate::i18n::Lang;

texts! {
    couriers_title = "快递与规则" | "Couriers and rules";
    nav_couriers = "快递" | "Couriers";
    couriers = "快递公司" | "Couriers";
    rules = "分配规则" | "Routing rules";
    rules_hint = "按顺序匹配：强制规则 → 客户指定快递 → 其他规则 → 默认快递" | "Matched in order: forced rules → the customer's courier → other rules → the default";
    code = "编码" | "Code";
    name = "名称" | "Name";
    account = "月结账号" | "Account";
    sender = "寄件人" | "Sender";
    sender_name = "寄件人姓名" | "Sender name";
    sender_mobile = "寄件人电话" | "Sender phone";
    province = "省份" | "Province";
    city = "城市" | "City";
    district = "区县" | "District";
    detail = "详细地址" | "Street address";
    active = "启用" | "Active";
    default_courier = "默认快递" | "Default courier";
    remote_areas = "偏远地区" | "Remote areas";
    remote_areas_hint = "省份，逗号分隔；也可写 省/市" | "Provinces, comma separated; or province/city";
    rule_name = "规则名称" | "Rule name";
    courier = "快递" | "Courier";
    provinces = "收货省份" | "Provinces";
    cities = "收货城市" | "Cities";
    remote = "偏远地区" | "Remote area";
    remote_any = "不限" | "Any";
    remote_yes = "仅偏远地区" | "Remote only";
    remote_no = "非偏远地区" | "Not remote";
    weight = "重量（克）" | "Weight (g)";
    amount_yuan = "订单金额（元）" | "Order amount (¥)";
    min = "最小" | "min";
    max = "最大" | "max";
    force = "强制（优先于客户指定）" | "Forced (beats the customer's choice)";
    enabled = "生效" | "Enabled";
    up = "上移" | "Up";
    down = "下移" | "Down";
    delete = "删除" | "Delete";
    add_rule = "添加规则" | "Add rule";
    add_courier = "添加快递" | "Add courier";
    save = "保存" | "Save";
    saved = "已保存" | "Saved";
    confirm_delete_rule = "确定删除这条规则吗？" | "Delete this rule?";
    list_hint = "多个用逗号分隔" | "Comma separated";
    courier_of_order = "快递" | "Courier";
    courier_reason = "分配依据" | "Why";
    change_courier = "改派快递" | "Change courier";
    remember_for_customer = "设为该客户常用快递" | "Make it this customer's courier";
    courier_changed = "快递已改派" | "Courier changed";
    no_courier = "未分配" | "None";
    batch_title = "批量发货" | "Batch shipping";
    select_all = "全选" | "Select all";
    all_on_filter = "筛选结果全部" | "Everything on the filter";
    print_100 = "打印面单 100×180" | "Print labels 100×180";
    print_76 = "打印面单 76×130" | "Print labels 76×130";
    picking_list = "拣货单" | "Picking list";
    print = "打印" | "Print";
    print_hint = "每张面单一页；在打印对话框中选择热敏打印机或“另存为 PDF”" | "One label per page; choose the label printer or “Save as PDF” in the print dialog";
    back = "返回" | "Back";
    receiver = "收件人" | "Recipient";
    items = "物品" | "Items";
    weight_total = "重量" | "Weight";
    sku_code = "SKU 编码" | "SKU code";
    product = "商品" | "Product";
    variant = "规格" | "Variant";
    total_qty = "总数量" | "Total qty";
    order_count = "订单数" | "Orders";
    total_label = "合计" | "Total";
    export_xlsx = "导出 Excel" | "Export to Excel";
    tracking_title = "录入运单号" | "Enter tracking numbers";
    tracking_hint = "每行一个：订单号 运单号（空格、逗号或 Tab 分隔），可用扫码枪连续扫入" | "One per line: order no. and tracking no. (space, comma or tab); a scanner works too";
    tracking_paste = "订单号 运单号" | "Order no. tracking no.";
    tracking_file = "或导入快递公司的 CSV / xlsx 文件" | "Or import the courier's CSV / xlsx file";
    ship_rows = "发货" | "Ship";
    import_file = "导入文件" | "Import file";
    result = "结果" | "Result";
    line = "行" | "Row";
    order_no = "订单号" | "Order no.";
    tracking_no = "运单号" | "Tracking no.";
    to_ship_empty = "没有待发货的订单" | "Nothing to ship";
    duplicate_pair = "同一收件人" | "Same recipient";
    after_sales = "售后" | "After-sales";
    no_after_sales = "暂无售后" | "No after-sales requests";
    after_sale_kind = "售后类型" | "Type";
    after_sale_reason = "原因" | "Reason";
    refund_amount = "退款金额（元）" | "Refund (¥)";
    return_items = "退回商品数量" | "Items coming back";
    request_after_sale = "提交售后申请" | "Request after-sales";
    after_sale_sent = "售后申请已提交" | "Request sent";
    selected_none = "请先勾选订单" | "Select orders first";
    @selected(n: usize) = format!("已选 {n} 单"), format!("{n} selected");
    @import_summary(shipped: usize, unchanged: usize, failed: usize) = format!("发货 {shipped} 单，未变 {unchanged} 单，失败 {failed} 单"), format!("{shipped} shipped, {unchanged} unchanged, {failed} failed");
    @labels_count(n: usize) = format!("共 {n} 张面单"), format!("{n} labels");
    @pick_totals(qty: i64, orders: usize) = format!("合计 {qty} 件，{orders} 个订单"), format!("{qty} items in {orders} orders");
}

pub fn kind_label(k: AfterSaleKind, lang: Lang) -> &'static str {
    match (k, lang) {
        (AfterSaleKind::Return, Lang::Zh) => "退货退款",
        (AfterSaleKind::Return, Lang::En) => "Return and refund",
        (AfterSaleKind::Exchange, Lang::Zh) => "换货",
        (AfterSaleKind::Exchange, Lang::En) => "Exchange",
        (AfterSaleKind::RefundOnly, Lang::Zh) => "仅退款",
        (AfterSaleKind::RefundOnly, Lang::En) => "Refund only",
    }
}

pub fn state_label(s: AfterSaleState, lang: Lang) -> &'static str {
    match (s, lang) {
        (AfterSaleState::Requested, Lang::Zh) => "申请中",
        (AfterSaleState::Requested, Lang::En) => "Requested",
        (AfterSaleState::Approved, Lang::Zh) => "已同意",
        (AfterSaleState::Approved, Lang::En) => "Approved",
        (AfterSaleState::Rejected, Lang::Zh) => "已拒绝",
        (AfterSaleState::Rejected, Lang::En) => "Rejected",
        (AfterSaleState::Returned, Lang::Zh) => "退货已入库",
        (AfterSaleState::Returned, Lang::En) => "Goods returned",
        (AfterSaleState::Refunded, Lang::Zh) => "退款完成",
        (AfterSaleState::Refunded, Lang::En) => "Refunded",
    }
}

pub fn action_label(a: AfterSaleAction, lang: Lang) -> &'static str {
    match (a, lang) {
        (AfterSaleAction::Approve, Lang::Zh) => "同意",
        (AfterSaleAction::Approve, Lang::En) => "Approve",
        (AfterSaleAction::Reject, Lang::Zh) => "拒绝",
        (AfterSaleAction::Reject, Lang::En) => "Reject",
        (AfterSaleAction::ReceiveReturn, Lang::Zh) => "退货入库",
        (AfterSaleAction::ReceiveReturn, Lang::En) => "Receive the goods",
        (AfterSaleAction::Refund, Lang::Zh) => "退款",
        (AfterSaleAction::Refund, Lang::En) => "Refund",
    }
}

pub fn outcome_label(o: &ImportOutcome, lang: Lang) -> &'static str {
    match (o, lang) {
        (ImportOutcome::Shipped, Lang::Zh) => "已发货",
        (ImportOutcome::Shipped, Lang::En) => "Shipped",
        (ImportOutcome::Unchanged, Lang::Zh) => "未变（已录入过）",
        (ImportOutcome::Unchanged, Lang::En) => "Unchanged (entered before)",
        (ImportOutcome::Failed(_), Lang::Zh) => "失败",
        (ImportOutcome::Failed(_), Lang::En) => "Failed",
    }
}

pub fn size_label(s: LabelSize, lang: Lang) -> &'static str {
    match (s, lang) {
        (LabelSize::L100x180, Lang::Zh) => "100×180 毫米",
        (LabelSize::L100x180, Lang::En) => "100×180 mm",
        (LabelSize::L76x130, Lang::Zh) => "76×130 毫米",
        (LabelSize::L76x130, Lang::En) => "76×130 mm",
    }
}

pub fn source_label(s: RouteSource, lang: Lang) -> &'static str {
    match (s, lang) {
        (RouteSource::ForcedRule, Lang::Zh) => "强制规则",
        (RouteSource::ForcedRule, Lang::En) => "Forced rule",
        (RouteSource::Preference, Lang::Zh) => "客户指定",
        (RouteSource::Preference, Lang::En) => "Customer's choice",
        (RouteSource::Rule, Lang::Zh) => "规则",
        (RouteSource::Rule, Lang::En) => "Rule",
        (RouteSource::Default, Lang::Zh) => "默认",
        (RouteSource::Default, Lang::En) => "Default",
    }
}

/// The message of a fulfilment error.
pub fn error_text(e: &FulfilError, lang: Lang) -> String {
    match lang {
        Lang::Zh => zh(e),
        Lang::En => en(e),
    }
}

fn zh(e: &FulfilError) -> String {
    use FulfilError::*;
    match e {
        CourierCodeEmpty { index } => format!("第 {} 个快递公司缺少编码", index + 1),
        CourierCodeInvalid { courier: code } => format!("快递编码「{code}」无效：只能用大写字母、数字和下划线，最多 16 位"),
        CourierCodeDuplicate { courier: code } => format!("快递编码「{code}」重复"),
        CourierNameEmpty { courier: code } => format!("快递「{code}」缺少名称"),
        SenderIncomplete { courier: code, field } => format!("快递「{code}」的寄件人信息缺少{}", field_zh(field)),
        DefaultCourierUnknown { courier: code } => format!("默认快递「{code}」不存在"),
        DefaultCourierInactive { courier: code } => format!("默认快递「{code}」已停用，请换一个"),
        RuleNameEmpty { rule } => format!("规则 {} 缺少名称", rule + 1),
        RuleCourierUnknown { rule, courier: code } => format!("规则 {} 指定的快递「{code}」不存在", rule + 1),
        RuleUnknownProvince { rule, name } => format!("规则 {} 中的「{name}」不是省份名称", rule + 1),
        RuleNegativeBound { rule, field, value } => {
            format!("规则 {} 的{}不能为负数（{}）", rule + 1, range_zh(*field), bound(*field, *value))
        }
        RuleRangeInverted { rule, field, min, max } => format!(
            "规则 {} 的{}下限 {} 大于上限 {}",
            rule + 1,
            range_zh(*field),
            bound(*field, *min),
            bound(*field, *max)
        ),
        RuleRemoteListEmpty { rule } => format!("规则 {} 限定偏远地区，但偏远地区列表为空", rule + 1),
        RuleUnreachable { rule, shadowed_by } => {
            format!("规则 {} 永远不会生效：规则 {} 没有任何条件，会先匹配所有订单", rule + 1, shadowed_by + 1)
        }
        RemoteAreaUnknownProvince { index, name } => {
            format!("偏远地区第 {} 行的「{name}」不是省份名称", index + 1)
        }
            CourierUnknown { courier: code } => format!("快递「{code}」不存在或已停用"),
            NothingSelected => "请先选择订单".into(),
            TooManySelected { max } => format!("一次最多处理 {max} 个订单，请缩小筛选范围"),
            ImportEmpty => "没有可导入的行".into(),
            ImportTooManyRows { max } => format!("一次最多导入 {max} 行"),
            ImportUnreadable => "无法读取文件：请上传 CSV 或 xlsx，且包含“订单号”和“运单号”两列".into(),
            ImportBadRow { line } => format!("第 {line} 行缺少订单号或运单号"),
            UnknownOrder { order_no } => format!("找不到订单 {order_no}"),
            AlreadyShipped { order_no, tracking_no } => format!("订单 {order_no} 已发货（运单号 {tracking_no}）"),
            NotToShip { order_no, status } => format!("订单 {order_no} 当前为“{}”，不能发货", status.label(Lang::Zh)),
            TrackingUsed { tracking_no, order_no } => format!("运单号 {tracking_no} 已用于订单 {order_no}"),
            AfterSaleNotShipped { status } => format!("订单当前为“{}”，发货后才能申请售后", status.label(Lang::Zh)),
            AfterSaleBadStep { state, action } => format!("售后单当前为“{}”，不能{}", state_label(*state, Lang::Zh), action_label(*action, Lang::Zh)),
            RefundOverPaid { asked_fen, left_fen } => format!("退款金额 {} 超过可退金额 {}（已付款减去已退和申请中的退款）", yuan(*asked_fen), yuan(*left_fen)),
            ReturnLineInvalid { .. } => "退回的商品须在原订单中，数量不超过订单数量".into(),
            ReturnLinesMissing => "退货或换货请填写退回的商品和数量".into(),
            TrackingInvalid { tracking_no } => format!("运单号「{tracking_no}」无效：应为 4–40 位字母、数字或“-”"),
    }
}


fn en(e: &FulfilError) -> String {
    use FulfilError::*;
    match e {
        CourierCodeEmpty { index } => format!("Courier {} has no code", index + 1),
        CourierCodeInvalid { courier: code } => {
            format!("Courier code \"{code}\" is invalid: use up to 16 capital letters, digits or underscores")
        }
        CourierCodeDuplicate { courier: code } => format!("Courier code \"{code}\" is used twice"),
        CourierNameEmpty { courier: code } => format!("Courier {code} has no name"),
        SenderIncomplete { courier: code, field } => format!("Courier {code}: the sender's {} is missing", field_en(field)),
        DefaultCourierUnknown { courier: code } => format!("The default courier {code} does not exist"),
        DefaultCourierInactive { courier: code } => format!("The default courier {code} is inactive; choose another"),
        RuleNameEmpty { rule } => format!("Rule {} has no name", rule + 1),
        RuleCourierUnknown { rule, courier: code } => format!("Rule {}: courier {code} does not exist", rule + 1),
        RuleUnknownProvince { rule, name } => format!("Rule {}: \"{name}\" is not a province", rule + 1),
        RuleNegativeBound { rule, field, value } => {
            format!("Rule {}: the {} cannot be negative ({})", rule + 1, range_en(*field), bound(*field, *value))
        }
        RuleRangeInverted { rule, field, min, max } => format!(
            "Rule {}: the {} minimum {} is above the maximum {}",
            rule + 1,
            range_en(*field),
            bound(*field, *min),
            bound(*field, *max)
        ),
        RuleRemoteListEmpty { rule } => {
            format!("Rule {} is for remote areas, but the remote-area list is empty", rule + 1)
        }
        RuleUnreachable { rule, shadowed_by } => format!(
            "Rule {} can never apply: rule {} has no conditions and matches every order first",
            rule + 1,
            shadowed_by + 1
        ),
        RemoteAreaUnknownProvince { index, name } => {
            format!("Remote area row {}: \"{name}\" is not a province", index + 1)
        }
            CourierUnknown { courier: code } => format!("Courier {code} does not exist or is inactive"),
            NothingSelected => "Select orders first".into(),
            TooManySelected { max } => format!("At most {max} orders at a time; narrow the filter"),
            ImportEmpty => "Nothing to import".into(),
            ImportTooManyRows { max } => format!("At most {max} rows per import"),
            ImportUnreadable => "Cannot read the file: upload CSV or xlsx with an order no. and a tracking no. column".into(),
            ImportBadRow { line } => format!("Row {line} lacks an order no. or a tracking no."),
            UnknownOrder { order_no } => format!("No order {order_no}"),
            AlreadyShipped { order_no, tracking_no } => format!("Order {order_no} has already shipped (tracking no. {tracking_no})"),
            NotToShip { order_no, status } => format!("Order {order_no} is “{}” and cannot ship", status.label(Lang::En)),
            TrackingUsed { tracking_no, order_no } => format!("Tracking no. {tracking_no} is already on order {order_no}"),
            AfterSaleNotShipped { status } => format!("The order is “{}”; after-sales start once it has shipped", status.label(Lang::En)),
            AfterSaleBadStep { state, action } => format!("The request is “{}”: cannot {}", state_label(*state, Lang::En), action_label(*action, Lang::En).to_lowercase()),
            RefundOverPaid { asked_fen, left_fen } => format!("A refund of {} exceeds the {} that can still be refunded (paid less refunds made or requested)", yuan(*asked_fen), yuan(*left_fen)),
            ReturnLineInvalid { .. } => "Returned items must be on the order, at most its quantity".into(),
            ReturnLinesMissing => "A return or exchange lists the items coming back".into(),
            TrackingInvalid { tracking_no } => format!("Tracking no. “{tracking_no}” is invalid: use 4–40 letters, digits or “-”"),
    }
}

fn field_zh(f: &SenderField) -> &'static str {
    match f {
        SenderField::Name => "姓名",
        SenderField::Mobile => "电话",
        SenderField::Province => "省份",
        SenderField::City => "城市",
        SenderField::Detail => "详细地址",
    }
}

fn field_en(f: &SenderField) -> &'static str {
    match f {
        SenderField::Name => "name",
        SenderField::Mobile => "phone",
        SenderField::Province => "province",
        SenderField::City => "city",
        SenderField::Detail => "street address",
    }
}

fn range_zh(f: RangeField) -> &'static str {
    match f {
        RangeField::WeightG => "重量范围",
        RangeField::AmountFen => "金额范围",
    }
}

fn range_en(f: RangeField) -> &'static str {
    match f {
        RangeField::WeightG => "weight range",
        RangeField::AmountFen => "amount range",
    }
}

fn bound(f: RangeField, v: i64) -> String {
    match f {
        RangeField::WeightG => format!("{v} g"),
        RangeField::AmountFen => super::logic_courier::yuan(v),
    }
}

