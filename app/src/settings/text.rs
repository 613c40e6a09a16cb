//! Text of the team settings in zh-CN and en.

texts! {
    settings_title = "团队设置" | "Team settings";
    agents_confirm_payment = "允许代理确认收款" | "Agents may confirm payments";
    agents_confirm_payment_hint = "客户常直接付款给代理。开启后代理可确认收款，订单会标记为“待核对收款”由财务核对。" | "Customers often pay their agent directly. When on, agents may confirm payment and such orders are marked for finance to check.";
    saved = "设置已保存" | "Settings saved";
    save = "保存" | "Save";
    digest_time = "每日简报发送时间（北京时间，留空不发）" | "Daily digest at (Beijing time; empty = off)";
    digest_hint = "每天到点把昨日销售额、订单数、代理前三和库存预警发到“消息通知”里的群机器人。" | "Every day at this time, yesterday's sales, orders, top agents and stock alerts go to the group robots under Notifications.";
}
