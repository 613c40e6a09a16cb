//! Text of the notifications settings in zh-CN and en.

use super::{NotifierKind, NotifyError};
use crate::i18n::Lang;

texts! {
    notifiers_title = "消息通知" | "Notifications";
    notifiers_hint = "库存预警和每日简报会发到这些群机器人或网址。" | "Low-stock alerts and the daily digest go to these group robots or addresses.";
    name = "名称" | "Name";
    kind = "类型" | "Kind";
    url = "地址（Webhook）" | "Address (webhook)";
    add = "添加" | "Add";
    added = "已添加" | "Added";
    test = "发送测试" | "Send a test";
    tested = "测试消息已排队发送" | "Test message queued";
    pause = "暂停" | "Pause";
    resume = "启用" | "Resume";
    paused = "已暂停" | "Paused";
    none = "还没有通知渠道" | "No notifiers yet";
    @counts(sent: i64, failed: i64) = format!("已发送 {sent}，失败 {failed}"), format!("{sent} sent, {failed} failed");
}

pub fn kind_label(k: NotifierKind, lang: Lang) -> &'static str {
    match (k, lang) {
        (NotifierKind::Wecom, Lang::Zh) => "企业微信群机器人",
        (NotifierKind::Dingtalk, Lang::Zh) => "钉钉群机器人",
        (NotifierKind::Webhook, Lang::Zh) => "通用 Webhook（JSON）",
        (NotifierKind::Wecom, Lang::En) => "WeCom group robot",
        (NotifierKind::Dingtalk, Lang::En) => "DingTalk group robot",
        (NotifierKind::Webhook, Lang::En) => "Generic webhook (JSON)",
    }
}

pub fn error_text(e: &NotifyError, lang: Lang) -> String {
    match e {
        NotifyError::BadUrl => lang.pick("请填写以 https:// 开头的完整网址", "Enter a full address starting with https://"),
    }
}
