//! Text every page uses (shell, navigation, buttons, pager), the error kinds' messages,
//! and the faults shared by all areas (required, too long, out of range, …).

use super::Lang;
use crate::error::{AppError, AreaError};
use serde::{Deserialize, Serialize};

texts! {
    app_name = "微掌柜" | "Zhanggui";
    nav_home = "首页" | "Home";
    nav_orders = "订单" | "Orders";
    nav_customers = "客户" | "Customers";
    nav_inventory = "库存" | "Stock";
    nav_team = "团队" | "Team";
    nav_ship = "发货" | "Shipping";
    nav_finance = "财务" | "Finance";
    nav_account = "我的" | "Account";
    logout = "退出登录" | "Sign out";
    switch_lang = "English" | "中文";
    loading = "加载中…" | "Loading…";
    save = "保存" | "Save";
    cancel = "取消" | "Cancel";
    search = "搜索" | "Search";
    all = "全部" | "All";
    prev_page = "上一页" | "Previous";
    next_page = "下一页" | "Next";
    first_page = "回到第一页" | "First page";
    empty = "暂无数据" | "Nothing here yet";
    back = "返回" | "Back";
    choose = "请选择" | "Choose…";
    saved = "已保存" | "Saved";
    none = "无" | "None";
    not_found_title = "页面不存在" | "Page not found";
    not_found_body = "您访问的页面不存在或已被移除。" | "The page you asked for does not exist or was removed.";
    go_home = "回到首页" | "Go to the home page";
    error_title = "出错了" | "Something went wrong";
    offline_note = "网络已断开，显示的可能不是最新数据" | "You are offline; what you see may be out of date";
    demo_warning = "演示模式：所有人都可用演示账号登录，请勿录入真实数据" | "Demo mode: anyone can sign in with the demo accounts; do not enter real data";
    @rows_more(n: i64) = format!("{n}+ 条"), format!("{n}+ rows");
    @rows_total(n: i64) = format!("共 {n} 条"), format!("{n} rows");
}

/// A refusal any area can give: the common input rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum CommonError {
    Required { field: String },
    TooLong { field: String, max: u32 },
    OutOfRange { field: String, min: i64, max: i64 },
    BadAmount { field: String },
    AmountTooLarge { field: String, max_yuan: i64 },
    BadMobile { field: String },
    BadChoice { field: String },
    /// Someone else changed the record between reading and writing it.
    Stale,
}

impl AreaError for CommonError {
    fn code(&self) -> &'static str {
        match self {
            CommonError::Required { .. } => "required",
            CommonError::TooLong { .. } => "too_long",
            CommonError::OutOfRange { .. } => "out_of_range",
            CommonError::BadAmount { .. } => "bad_amount",
            CommonError::AmountTooLarge { .. } => "amount_too_large",
            CommonError::BadMobile { .. } => "bad_mobile",
            CommonError::BadChoice { .. } => "bad_choice",
            CommonError::Stale => "stale",
        }
    }

    fn field(&self) -> Option<&str> {
        match self {
            CommonError::Required { field }
            | CommonError::TooLong { field, .. }
            | CommonError::OutOfRange { field, .. }
            | CommonError::BadAmount { field }
            | CommonError::AmountTooLarge { field, .. }
            | CommonError::BadMobile { field }
            | CommonError::BadChoice { field } => Some(field),
            CommonError::Stale => None,
        }
    }

    fn is_conflict(&self) -> bool {
        matches!(self, CommonError::Stale)
    }
}

impl CommonError {
    pub fn code(&self) -> &'static str {
        AreaError::code(self)
    }

    pub fn field(&self) -> Option<&str> {
        AreaError::field(self)
    }

    #[cfg(test)]
    pub fn examples() -> Vec<CommonError> {
        let f = || "note".to_string();
        vec![
            CommonError::Required { field: f() },
            CommonError::TooLong { field: f(), max: 200 },
            CommonError::OutOfRange { field: "qty".into(), min: 1, max: 9999 },
            CommonError::BadAmount { field: "price".into() },
            CommonError::AmountTooLarge { field: "price".into(), max_yuan: 10_000_000 },
            CommonError::BadMobile { field: "mobile".into() },
            CommonError::BadChoice { field: "channel".into() },
            CommonError::Stale,
        ]
    }
}

/// What a form field is called, for messages about it. Unknown fields are shown as "该项".
pub fn field_label(field: &str, lang: Lang) -> &'static str {
    let (zh, en) = match field {
        "username" => ("用户名", "Username"),
        "password" | "new_password" => ("密码", "Password"),
        "current_password" => ("当前密码", "Current password"),
        "display_name" => ("姓名", "Name"),
        "customer_name" | "recipient" => ("收货人", "Recipient"),
        "mobile" => ("手机号", "Mobile"),
        "address" => ("收货地址", "Address"),
        "note" => ("备注", "Note"),
        "q" => ("搜索内容", "Search text"),
        "qty" | "lines" => ("数量", "Quantity"),
        "price" => ("售价", "Price"),
        "cost" => ("成本价", "Cost"),
        "name" => ("名称", "Name"),
        "category" => ("类目", "Category"),
        "colors" => ("颜色", "Colours"),
        "sizes" => ("尺码", "Sizes"),
        "low_stock_qty" => ("预警数量", "Alert level"),
        "channel" => ("渠道", "Channel"),
        "agent_id" => ("所属代理", "Agent"),
        "sku_id" => ("商品规格", "Item"),
        "status" => ("状态", "Status"),
        "page" => ("页码", "Page"),
        "role" => ("角色", "Role"),
        "parent_id" => ("上级代理", "Parent agent"),
        "amount" => ("金额", "Amount"),
        "payer" => ("付款人", "Payer"),
        "payer_account" => ("付款账号", "Payer account"),
        "txn_no" => ("交易单号", "Transaction no."),
        "reference" => ("付款附言", "Reference"),
        "order_no" => ("订单号", "Order no."),
        "category_id" => ("费用类别", "Category"),
        "month" => ("月份", "Month"),
        "file" => ("文件", "File"),
        "time" => ("日期列", "Date column"),
        _ => ("该项", "This field"),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

pub fn error_text(e: &CommonError, lang: Lang) -> String {
    let label = |f: &str| field_label(f, lang);
    match e {
        CommonError::Required { field } => lang.pick(format!("请填写{}", label(field)), format!("{} is required", label(field))),
        CommonError::TooLong { field, max } => {
            lang.pick(format!("{}最多 {max} 个字", label(field)), format!("{} is at most {max} characters", label(field)))
        }
        CommonError::OutOfRange { field, min, max } => {
            lang.pick(format!("{}需在 {min}–{max} 之间", label(field)), format!("{} must be {min}–{max}", label(field)))
        }
        CommonError::BadAmount { field } => lang.pick(
            format!("{}格式不正确，例如 89 或 49.90", label(field)),
            format!("{} must be an amount such as 89 or 49.90", label(field)),
        ),
        CommonError::AmountTooLarge { field, max_yuan } => {
            lang.pick(format!("{}不能超过 {max_yuan} 元", label(field)), format!("{} cannot exceed ¥{max_yuan}", label(field)))
        }
        CommonError::BadMobile { .. } => {
            lang.pick("手机号格式不正确（11 位数字，1 开头）", "Invalid mobile number (11 digits starting with 1)")
        }
        CommonError::BadChoice { field } => {
            lang.pick(format!("{}的选项无效", label(field)), format!("{}: not a valid choice", label(field)))
        }
        CommonError::Stale => {
            lang.pick("记录已被他人修改，请刷新后重试", "Someone else changed this record; refresh and retry")
        }
    }
}

/// The message of an error kind; faults are rendered by their area.
pub fn app_error_text(e: &AppError, lang: Lang) -> String {
    match e {
        AppError::Unauthenticated => lang.pick("请先登录", "Please sign in first"),
        AppError::Forbidden => lang.pick("无权访问：您的角色不能进行此操作", "Not allowed: your role cannot do this"),
        AppError::NotFound => lang.pick("找不到该记录", "Record not found"),
        AppError::BadRequest { .. } => lang.pick("请求格式不正确", "The request was malformed"),
        AppError::Invalid { fault } | AppError::Conflict { fault } => fault.message(lang),
        AppError::TooManyAttempts { retry_after_secs } => {
            let secs = (*retry_after_secs).max(1);
            lang.pick(format!("尝试次数过多，请 {secs} 秒后再试"), format!("Too many attempts; try again in {secs} s"))
        }
        AppError::Internal { reference } => lang.pick(
            format!("系统内部错误，请稍后重试（参考号 {reference}）"),
            format!("Internal error, please retry later (reference {reference})"),
        ),
        AppError::Transport { .. } => lang.pick("网络异常，请检查网络后重试", "Network problem, please check your connection"),
    }
}
