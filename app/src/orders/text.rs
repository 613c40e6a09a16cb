//! Text of the orders area in zh-CN and en: pages, labels of statuses and channels, errors.

use super::{Channel, OrderError, OrderStatus, Transition};
use crate::i18n::Lang;

texts! {
    from_dashboard = "看板筛选" | "From the dashboard";
    orders_title = "订单" | "Orders";
    new_order = "新建订单" | "New order";
    order_no = "订单号" | "Order no.";
    recipient = "收货人" | "Recipient";
    mobile = "手机号" | "Mobile";
    address = "收货地址" | "Address";
    agent = "所属代理" | "Agent";
    channel = "渠道" | "Channel";
    status = "状态" | "Status";
    amount = "金额" | "Amount";
    created_at = "下单时间" | "Ordered";
    search_placeholder = "手机号 / 订单号 / 收货人" | "Mobile / order no. / recipient";
    no_orders = "没有符合条件的订单" | "No orders match";
    no_orders_yet = "还没有订单，点“新建订单”录入第一单" | "No orders yet: use “New order” to enter the first";
    order_lines = "商品明细" | "Items";
    sku = "商品规格" | "Item";
    quantity = "数量" | "Qty";
    unit_price = "单价" | "Unit price";
    subtotal = "小计" | "Subtotal";
    add_line = "添加商品" | "Add item";
    remove_line = "删除" | "Remove";
    submit_order = "提交订单" | "Place order";
    history = "操作记录" | "History";
    confirm_cancel = "确定取消这个订单吗？此操作不可撤销。" | "Cancel this order? This cannot be undone.";
    confirm_ship = "确定发货吗？将从库存中扣减对应数量。" | "Ship this order? Its items are taken out of stock.";
    status_changed = "订单状态已更新" | "Order status updated";
    order_detail = "订单详情" | "Order";
    total = "合计" | "Total";
    stock_left = "库存" | "in stock";
    payment_check = "待核对收款" | "Payment to check";
    payment_check_hint = "由代理确认收款，财务尚未核对" | "Payment confirmed by an agent, not yet checked by finance";
    confirmed_by_agent = "代理确认收款" | "payment confirmed by the agent";
    paid_by_payment = "收款已全额到账" | "paid in full by recorded payments";
    merged_note = "已合并到其他订单" | "merged into another order";
    offline_note = "离线录入于" | "entered offline at";
    export_xlsx = "导出 Excel" | "Export to Excel";
    merge_prompt = "是否合并订单？" | "Merge the orders?";
    merge_prompt_hint = "该收件人还有未发货的订单。合并后商品并入原订单，一起发货，两个订单的记录都会保留。" | "This recipient has orders not shipped yet. Merging moves the items into that order, shipped together; both orders keep their history.";
    merge_into = "合并到此订单" | "Merge into this order";
    merge_not_possible = "状态或代理不同，不能合并" | "Different state or agent: cannot merge";
    no_merge = "不合并，单独下单" | "Don't merge, place separately";
    back_to_edit = "返回修改" | "Back to the form";
    merged_done = "已合并到订单" | "Merged into order";
    ship_queue_title = "待发货" | "To ship";
    ship_queue_empty = "没有待发货的订单" | "Nothing to ship";
    was = "原为" | "was";
    edit_address = "修改地址" | "Change address";
    address_changed = "地址已修改" | "Address changed";
    add_note = "添加内部备注" | "Add internal note";
    note_placeholder = "仅团队内部可见" | "Seen by the team only";
    note_added = "备注已添加" | "Note added";
    save = "保存" | "Save";
    @order_created(no: &str) = format!("订单已创建 {no}"), format!("Order {no} created");
}

pub fn log_kind_label(k: super::LogKind, lang: Lang) -> &'static str {
    use super::LogKind::*;
    match (k, lang) {
        (Courier, Lang::Zh) => "改派快递",
        (Courier, Lang::En) => "Courier changed",
        (Tracking, Lang::Zh) => "录入运单号",
        (Tracking, Lang::En) => "Tracking no. entered",
        (MergedInto, Lang::Zh) => "已合并到",
        (MergedInto, Lang::En) => "Merged into",
        (MergedFrom, Lang::Zh) => "合并了订单",
        (MergedFrom, Lang::En) => "Merged in order",
        (Address, Lang::Zh) => "修改地址",
        (Address, Lang::En) => "Address changed",
        (Note, Lang::Zh) => "内部备注",
        (Note, Lang::En) => "Internal note",
        (AfterSale, Lang::Zh) => "售后",
        (AfterSale, Lang::En) => "After-sales",
    }
}

pub fn status_label(s: OrderStatus, lang: Lang) -> &'static str {
    match (s, lang) {
        (OrderStatus::PendingPayment, Lang::Zh) => "待付款",
        (OrderStatus::ToShip, Lang::Zh) => "待发货",
        (OrderStatus::Shipped, Lang::Zh) => "已发货",
        (OrderStatus::Completed, Lang::Zh) => "已完成",
        (OrderStatus::Cancelled, Lang::Zh) => "已取消",
        (OrderStatus::PendingPayment, Lang::En) => "Awaiting payment",
        (OrderStatus::ToShip, Lang::En) => "To ship",
        (OrderStatus::Shipped, Lang::En) => "Shipped",
        (OrderStatus::Completed, Lang::En) => "Completed",
        (OrderStatus::Cancelled, Lang::En) => "Cancelled",
    }
}

pub fn channel_label(c: Channel, lang: Lang) -> &'static str {
    match (c, lang) {
        (Channel::Manual, Lang::Zh) => "手工录入",
        (Channel::Wechat, Lang::Zh) => "微信聊天",
        (Channel::Moments, Lang::Zh) => "朋友圈/分享",
        (Channel::MiniProgram, Lang::Zh) => "小程序",
        (Channel::Taobao, Lang::Zh) => "淘宝",
        (Channel::Pinduoduo, Lang::Zh) => "拼多多",
        (Channel::WechatShop, Lang::Zh) => "微信小店",
        (Channel::Import, Lang::Zh) => "表格导入",
        (Channel::Manual, Lang::En) => "Manual",
        (Channel::Wechat, Lang::En) => "WeChat chat",
        (Channel::Moments, Lang::En) => "Moments/share page",
        (Channel::MiniProgram, Lang::En) => "Mini-program",
        (Channel::Taobao, Lang::En) => "Taobao",
        (Channel::Pinduoduo, Lang::En) => "Pinduoduo",
        (Channel::WechatShop, Lang::En) => "WeChat Shop",
        (Channel::Import, Lang::En) => "Spreadsheet import",
    }
}

pub fn transition_label(t: Transition, lang: Lang) -> &'static str {
    match (t, lang) {
        (Transition::MarkPaid, Lang::Zh) => "确认收款",
        (Transition::Ship, Lang::Zh) => "发货",
        (Transition::Complete, Lang::Zh) => "确认完成",
        (Transition::Cancel, Lang::Zh) => "取消订单",
        (Transition::MarkPaid, Lang::En) => "Confirm payment",
        (Transition::Ship, Lang::En) => "Ship",
        (Transition::Complete, Lang::En) => "Complete",
        (Transition::Cancel, Lang::En) => "Cancel order",
    }
}

pub fn error_text(e: &OrderError, lang: Lang) -> String {
    match e {
        OrderError::StockShort { sku, have, need } => {
            lang.pick(format!("「{sku}」库存不足：可用 {have}，需要 {need}"), format!("Not enough stock of '{sku}': {have} available, {need} needed"))
        }
        OrderError::BadTransition { from, action } => lang.pick(
            format!("订单当前为「{}」，不能{}", status_label(*from, Lang::Zh), transition_label(*action, Lang::Zh)),
            format!("The order is '{}' and cannot be changed by '{}'", status_label(*from, Lang::En), transition_label(*action, Lang::En)),
        ),
        OrderError::AgentRequired => lang.pick("请选择所属代理", "Choose the agent"),
        OrderError::NoLines => lang.pick("请至少添加一件商品", "Add at least one item"),
        OrderError::TooManyLines { max } => lang.pick(format!("一个订单最多 {max} 种商品"), format!("At most {max} items per order")),
        OrderError::UnknownItem => lang.pick("所选商品不存在", "An item does not exist"),
        OrderError::AddressTooShort { min } => {
            lang.pick(format!("请填写完整的收货地址（至少 {min} 个字）"), format!("Enter the full address (at least {min} characters)"))
        }
        OrderError::AddressLocked { status } => lang.pick(
            format!("订单已{}，不能再修改地址", status_label(*status, Lang::Zh)),
            format!("The order is {}; its address can no longer change", status_label(*status, Lang::En).to_lowercase()),
        ),
        OrderError::AgentPaymentOff => lang.pick(
            "本团队设置为仅老板和财务可以确认收款",
            "In this team only the boss and finance confirm payments",
        ),
        OrderError::MergeSelf => lang.pick("不能把订单合并到它自己", "An order cannot be merged into itself"),
        OrderError::MergeNotOpen { status } => lang.pick(
            format!("订单已{}，只有待付款、待发货的订单可以合并", status_label(*status, Lang::Zh)),
            format!("An order that is {} cannot be merged; only unpaid or to-ship orders can", status_label(*status, Lang::En).to_lowercase()),
        ),
        OrderError::MergeStatusDiffers { keep, from } => lang.pick(
            format!("两个订单状态不同（{}、{}），不能合并", status_label(*keep, Lang::Zh), status_label(*from, Lang::Zh)),
            format!("The orders are in different states ({}, {}) and cannot be merged", status_label(*keep, Lang::En), status_label(*from, Lang::En)),
        ),
        OrderError::MergeOtherAgent => lang.pick("两个订单属于不同代理，不能合并", "The orders belong to different agents and cannot be merged"),
        OrderError::MergeOtherRecipient => lang.pick("两个订单的收件人不同，不能合并", "The orders go to different recipients and cannot be merged"),
        OrderError::MergeCoupon => lang.pick("要并入的订单使用了优惠券，不能合并", "The order to merge in used a coupon and cannot be merged"),
        OrderError::MergePaid => lang.pick("要并入的订单已有到账的收款，不能合并", "The order to merge in has payments matched to it and cannot be merged"),
        OrderError::SkuGone { sku } => lang.pick(format!("商品「{sku}」已下架，请删除后重新下单"), format!("'{sku}' is no longer on sale; delete this order and enter it again")),
        OrderError::PriceChanged { sku, seen_fen, now_fen } => {
            let (seen, now) = (crate::money::Money::from_fen(*seen_fen), crate::money::Money::from_fen(*now_fen));
            lang.pick(
                format!("商品「{sku}」价格已变：离线时 {seen}，现在 {now}，请与客户确认后重新下单"),
                format!("The price of '{sku}' changed: {seen} offline, {now} now; confirm with the customer and enter the order again"),
            )
        }
    }
}
