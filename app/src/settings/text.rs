//! Text of the team settings in zh-CN and en.

texts! {
    settings_title = "团队设置" | "Team settings";
    agents_confirm_payment = "允许代理确认收款" | "Agents may confirm payments";
    agents_confirm_payment_hint = "客户常直接付款给代理。开启后代理可确认收款，订单会标记为“待核对收款”由财务核对。" | "Customers often pay their agent directly. When on, agents may confirm payment and such orders are marked for finance to check.";
    saved = "设置已保存" | "Settings saved";
}
