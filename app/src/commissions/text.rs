//! Text of the commissions area in zh-CN and en: pages, labels of statuses and methods, errors.

use super::logic::{percent, yuan, CommissionError};
use super::logic_rules::{RateField, MAX_LEVELS, MAX_RATE};
use super::{AccrueOn, GroupKind, LineKind, MonthStatus, PayMethod, StatementStatus, TierMode};
use crate::i18n::Lang;

texts! {
    title = "佣金" | "Commissions";
    my_statements = "我的佣金对账单" | "My commission statements";
    no_statements = "还没有对账单：老板做完月结后这里会出现每月的佣金" | "No statements yet: they appear here once the boss runs the month end";
    month = "月份" | "Month";
    agent = "代理" | "Agent";
    status = "状态" | "Status";
    volume = "本月业绩" | "Own sales";
    own = "个人提成" | "Own commission";
    overrides = "团队返佣" | "Downline overrides";
    previous = "往月调整" | "Earlier months";
    total = "合计" | "Total";
    tier = "达到档位" | "Tier reached";
    statements = "对账单" | "Statements";
    team_summary = "团队汇总" | "Team summary";
    not_run = "本月还未月结" | "This month has not been run yet";
    run_month_end = "月结" | "Run month end";
    rerun_month_end = "重新月结" | "Run month end again";
    approve_month = "审核通过本月" | "Approve the month";
    confirm_approve = "审核通过后本月对账单将锁定，不能再重新月结。确定吗？" | "Once approved, this month's statements are locked and cannot be run again. Approve?";
    confirm_run = "按当前订单、退款和规则重新计算本月佣金？" | "Compute this month's commissions from the current orders, refunds and rules?";
    approved = "本月已审核，对账单已锁定" | "Month approved; its statements are locked";
    export_xlsx = "导出 Excel" | "Export to Excel";
    month_over_hint = "本月尚未结束：可以先月结查看草稿，月底后再审核" | "The month is not over: run it to see drafts, approve it after it ends";
    rules_changed_hint = "上次月结后提成规则有改动，请重新月结" | "The rules changed after the last run: run the month end again";
    next_to_run_hint = "需按月份顺序月结，下一个要做的月份是" | "Months close in order; the next month to run is";
    run_at = "月结时间" | "Run at";
    paid = "已发放" | "Paid";
    paid_count = "已发放人数" | "Paid statements";
    rules = "提成规则" | "Commission rules";
    rules_link = "查看提成规则" | "Commission rules";
    statement = "佣金对账单" | "Commission statement";
    groups = "佣金构成" | "Breakdown";
    base = "计佣金额" | "Base";
    amount = "佣金" | "Commission";
    rate = "比例" | "Rate";
    lines_title = "明细" | "Lines";
    lines_more = "更多明细请导出 Excel 查看" | "Export to Excel for every line";
    contribution = "下级贡献" | "Downline contribution";
    contribution_hint = "下级的销售为你带来的返佣（不含下级自己的佣金）" | "What your downline's sales earned you (not their own commission)";
    orders_count = "单数" | "Orders";
    level = "层级" | "Level";
    order_no = "订单号" | "Order";
    time = "时间" | "Time";
    kind = "类型" | "Kind";
    settlement = "阶梯结算" | "Tier settlement";
    target = "按阶梯应得" | "Due by the tiers";
    provisional = "已按首档计提" | "Accrued at the first tier";
    adjustment = "月末阶梯调整" | "Month-end tier adjustment";
    payout = "发放记录" | "Payout";
    record_payout = "登记发放" | "Record payout";
    pay_method = "发放方式" | "Method";
    pay_reference = "流水号 / 备注" | "Reference";
    pay_date = "发放日期" | "Date paid";
    paid_by = "登记人" | "Recorded by";
    payout_saved = "已登记发放" | "Payout recorded";
    confirmed_at = "审核时间" | "Approved at";
    own_sales = "个人销售" | "Own sales";
    tier_adjustment = "阶梯调整" | "Tier adjustment";
    level1 = "一级返佣" | "Level-1 overrides";
    level2 = "二级返佣" | "Level-2 overrides";
    level3 = "三级返佣" | "Level-3 overrides";
    previous_months = "往月退款冲回" | "Clawbacks of earlier months";
    rule_sets = "规则版本" | "Rule sets";
    no_rule_sets = "还没有提成规则：新建一套规则后才能月结" | "No rules yet: add a rule set before running a month end";
    effective_from = "生效日期" | "Effective from";
    mode = "阶梯方式" | "Tier mode";
    accrue_on = "计佣时点" | "Accrues when";
    tiers = "阶梯（按本人当月业绩）" | "Tiers (own monthly sales)";
    tier_from = "业绩达到（元）" | "From sales of (¥)";
    tier_rate = "提成比例（%）" | "Rate (%)";
    override_levels = "下级返佣（按下级销售额）" | "Overrides on the downline's sales";
    level_rate = "返佣比例（%）" | "Rate (%)";
    levels_law = "最多 3 级。按多层下线业绩计酬是《禁止传销条例》认定传销的特征，系统不支持超过 3 级。" | "At most 3 levels. Pay on the sales of deeper downlines is the mark of pyramid selling under China's Regulations on Prohibition of Pyramid Selling (《禁止传销条例》); more than 3 levels are not supported.";
    category_rates = "按品类的提成比例（替代阶梯比例）" | "Category rates (replace the tier rate)";
    product_rates = "按商品的提成比例（优先于品类）" | "Product rates (before category rates)";
    category = "品类" | "Category";
    product = "商品" | "Product";
    note = "说明" | "Note";
    add_row = "添加一行" | "Add a row";
    add_level = "添加一级" | "Add a level";
    remove = "删除" | "Remove";
    new_rule_set = "新建规则" | "New rule set";
    edit = "修改" | "Edit";
    copy_as_new = "以此为模板新建" | "Start a new one from this";
    save_rules = "保存规则" | "Save rules";
    rules_saved = "规则已保存" | "Rules saved";
    preview = "试算上月" | "Preview on last month";
    preview_title = "按新规则试算上月对账单" | "Last month under the new rules";
    preview_hint = "保存前先看看：如果上月就用这套规则，每位代理的佣金会是多少" | "Before saving: what each agent's last month would have been under these rules";
    current = "现行规则" | "Current rules";
    candidate = "新规则" | "New rules";
    change = "变化" | "Change";
    in_force = "当前生效" | "In force";
    locked = "已用于结账月份，不能修改" | "Used by a closed month; cannot be changed";
    locked_short = "已锁定" | "Locked";
    special_rates = "品类 / 商品比例" | "Category / product rates";
    base_note = "计佣金额 = 订单商品金额 − 优惠 − 优惠券，不含运费；只计已发货（或已完成）的订单。" | "Base = goods amount − discounts − coupons, freight excluded; only shipped (or completed) orders count.";
    run_done = "月结完成" | "Month end done";
    back_to_month = "返回月份" | "Back to the month";
    prev_month = "上个月" | "Previous month";
    next_month = "下个月" | "Next month";
    my_total_hint = "佣金合计 = 个人提成 + 团队返佣 + 往月调整" | "Total = own commission + overrides + earlier months";
    @run_result(changed: bool, first: bool, n: i64, total: &str) =
        if !changed { format!("没有变化：重新计算的结果与已有的 {n} 张对账单完全一致（合计 {total}）") }
        else if first { format!("已生成 {n} 张对账单，合计 {total}") }
        else { format!("已更新：{n} 张对账单，合计 {total}") },
        if !changed { format!("No change: the run reproduced the {n} stored statements exactly (total {total})") }
        else if first { format!("{n} statements made, total {total}") }
        else { format!("Updated: {n} statements, total {total}") };
    @statements_changed(n: i64) = format!("{n} 张对账单金额有变化"), format!("{n} statements changed");
    @tier_label(no: usize, rate: &str) = format!("第 {no} 档 · {rate}"), format!("Tier {no} · {rate}");
    @level_label(level: u8) = format!("{level} 级"), format!("Level {level}");
}

pub fn status_label(s: StatementStatus, lang: Lang) -> &'static str {
    match (s, lang) {
        (StatementStatus::Draft, Lang::Zh) => "草稿",
        (StatementStatus::Confirmed, Lang::Zh) => "已确认",
        (StatementStatus::Paid, Lang::Zh) => "已发放",
        (StatementStatus::Draft, Lang::En) => "Draft",
        (StatementStatus::Confirmed, Lang::En) => "Approved",
        (StatementStatus::Paid, Lang::En) => "Paid",
    }
}

pub fn month_status_label(s: MonthStatus, lang: Lang) -> &'static str {
    match (s, lang) {
        (MonthStatus::Draft, Lang::Zh) => "草稿（待审核）",
        (MonthStatus::Closed, Lang::Zh) => "已审核",
        (MonthStatus::Draft, Lang::En) => "Draft (to approve)",
        (MonthStatus::Closed, Lang::En) => "Approved",
    }
}

pub fn method_label(m: PayMethod, lang: Lang) -> &'static str {
    match (m, lang) {
        (PayMethod::Bank, Lang::Zh) => "银行转账",
        (PayMethod::Wechat, Lang::Zh) => "微信转账",
        (PayMethod::Alipay, Lang::Zh) => "支付宝",
        (PayMethod::Cash, Lang::Zh) => "现金",
        (PayMethod::Bank, Lang::En) => "Bank transfer",
        (PayMethod::Wechat, Lang::En) => "WeChat transfer",
        (PayMethod::Alipay, Lang::En) => "Alipay",
        (PayMethod::Cash, Lang::En) => "Cash",
    }
}

pub fn mode_label(m: TierMode, lang: Lang) -> &'static str {
    match (m, lang) {
        (TierMode::WholeAmount, Lang::Zh) => "全额累进（整月按达到的档位）",
        (TierMode::Marginal, Lang::Zh) => "超额累进（每段按各自档位）",
        (TierMode::WholeAmount, Lang::En) => "Whole amount (the month at the tier reached)",
        (TierMode::Marginal, Lang::En) => "Marginal (each slice at its tier)",
    }
}

pub fn accrue_label(a: AccrueOn, lang: Lang) -> &'static str {
    match (a, lang) {
        (AccrueOn::Shipped, Lang::Zh) => "订单发货时",
        (AccrueOn::Completed, Lang::Zh) => "订单完成时",
        (AccrueOn::Shipped, Lang::En) => "When shipped",
        (AccrueOn::Completed, Lang::En) => "When completed",
    }
}

pub fn kind_label(k: LineKind, lang: Lang) -> &'static str {
    match (k, lang) {
        (LineKind::Accrual, Lang::Zh) => "计提",
        (LineKind::Clawback, Lang::Zh) => "冲回",
        (LineKind::TierAdjustment, Lang::Zh) => "阶梯调整",
        (LineKind::Accrual, Lang::En) => "Accrual",
        (LineKind::Clawback, Lang::En) => "Clawback",
        (LineKind::TierAdjustment, Lang::En) => "Tier adjustment",
    }
}

pub fn group_label(g: GroupKind, lang: Lang) -> &'static str {
    let t = text(lang);
    match g {
        GroupKind::Own => t.own_sales,
        GroupKind::TierAdjustment => t.tier_adjustment,
        GroupKind::Level1 => t.level1,
        GroupKind::Level2 => t.level2,
        GroupKind::Level3 => t.level3,
        GroupKind::PreviousMonths => t.previous_months,
    }
}

fn field_text(f: &RateField, lang: Lang) -> String {
    match (f, lang) {
        (RateField::Tier(i), Lang::Zh) => format!("第 {} 档提成比例", i + 1),
        (RateField::Override(l), Lang::Zh) => format!("{l} 级返佣比例"),
        (RateField::Category(c), Lang::Zh) => format!("品类「{c}」的提成比例"),
        (RateField::Product(id), Lang::Zh) => format!("商品 {id} 的提成比例"),
        (RateField::Tier(i), Lang::En) => format!("the rate of tier {}", i + 1),
        (RateField::Override(l), Lang::En) => format!("the level-{l} override rate"),
        (RateField::Category(c), Lang::En) => format!("the rate of category '{c}'"),
        (RateField::Product(id), Lang::En) => format!("the rate of product {id}"),
    }
}

pub fn error_text(e: &CommissionError, lang: Lang) -> String {
    rule_error_text(e, lang).or_else(|| data_error_text(e, lang)).unwrap_or_else(|| flow_error_text(e, lang))
}

fn rule_error_text(e: &CommissionError, lang: Lang) -> Option<String> {
    use CommissionError::*;
    Some(match e {
        NoTiers => lang.pick("请至少设置一档提成比例", "Set at least one commission tier"),
        TooManyTiers { max } => lang.pick(format!("阶梯最多 {max} 档"), format!("At most {max} tiers")),
        BadThreshold { index } => lang.pick(format!("第 {} 档的业绩起点不是有效金额", index + 1), format!("Tier {}'s threshold is not a valid amount", index + 1)),
        FirstTierNotZero { from_fen } => lang.pick(
            format!("第 1 档须从 0 元起（当前从 {} 元起）；低于门槛不发提成可设一档 0%", yuan(*from_fen)),
            format!("Tier 1 must start at 0 (it starts at {}); for no commission below a threshold add a 0% tier", yuan(*from_fen)),
        ),
        TierNotAscending { index, from_fen, previous_from_fen } => lang.pick(
            format!("第 {} 档的起点 {} 元须高于第 {} 档的 {} 元", index + 1, yuan(*from_fen), index, yuan(*previous_from_fen)),
            format!("Tier {} starts at {}, which must be above tier {}'s {}", index + 1, yuan(*from_fen), index, yuan(*previous_from_fen)),
        ),
        TierRateDecreasing { index, rate, previous_rate } => lang.pick(
            format!("第 {} 档比例 {} 低于第 {} 档的 {}：业绩越高比例不能越低", index + 1, percent(*rate), index, percent(*previous_rate)),
            format!("Tier {}'s rate {} is below tier {}'s {}: selling more must not pay less", index + 1, percent(*rate), index, percent(*previous_rate)),
        ),
        BadRate { field } => lang.pick(format!("{}不是有效的百分比", field_text(field, lang)), format!("{} is not a valid percentage", field_text(field, lang))),
        RateOutOfRange { field, rate } => lang.pick(
            format!("{}为 {}，须在 0% 到 {} 之间", field_text(field, lang), percent(*rate), percent(MAX_RATE)),
            format!("{} is {}; it must be between 0% and {}", field_text(field, lang), percent(*rate), percent(MAX_RATE)),
        ),
        RateTooPrecise { field, rate } => lang.pick(
            format!("{}为 {}，最多精确到 0.01%", field_text(field, lang), percent(*rate)),
            format!("{} is {}; rates are exact to 0.01% at most", field_text(field, lang), percent(*rate)),
        ),
        TooManyLevels { levels } => lang.pick(
            format!("返佣最多 {MAX_LEVELS} 级，当前设置了 {levels} 级。按多层下线业绩计酬是《禁止传销条例》认定传销的特征，系统不支持超过 {MAX_LEVELS} 级"),
            format!("At most {MAX_LEVELS} override levels ({levels} set). Paying on the sales of deeper downlines is the mark of pyramid selling under China's Regulations on Prohibition of Pyramid Selling (《禁止传销条例》)"),
        ),
        TotalRateTooHigh { total } => lang.pick(
            format!("一笔订单最高提成加各级返佣合计 {}，不能超过 100%", percent(*total)),
            format!("The highest own rate plus all override levels is {}; it cannot exceed 100%", percent(*total)),
        ),
        TooManySpecialRates { max } => lang.pick(format!("品类或商品比例各最多 {max} 条"), format!("At most {max} category or product rates each")),
        DuplicateCategoryRate { category } => lang.pick(format!("品类「{category}」设置了两次提成比例"), format!("Category '{category}' has two rates")),
        DuplicateProductRate { product_id } => lang.pick(format!("商品 {product_id} 设置了两次提成比例"), format!("Product {product_id} has two rates")),
        UnknownProduct { product_id } => lang.pick(format!("商品 {product_id} 不存在"), format!("Product {product_id} does not exist")),
        BadDate { .. } => lang.pick("请填写有效日期，如 2026-12-01", "Enter a valid date such as 2026-12-01"),
        DuplicateEffectiveDate { effective_from } => {
            lang.pick(format!("{effective_from} 已有一套生效的提成规则，请换一个生效日期或修改那一套"), format!("A rule set already takes effect on {effective_from}; choose another date or edit that one"))
        }
        EffectiveDateInClosedMonth { effective_from, first_open_month } => lang.pick(
            format!("生效日期 {effective_from} 所在月份已结算，不能再改；最早可从 {} 起生效", first_open_month.first_day()),
            format!("{effective_from} falls in a month already settled; the earliest possible date is {}", first_open_month.first_day()),
        ),
        RuleSetLocked { effective_from } => lang.pick(
            format!("这套规则（{effective_from} 起生效）已用于已审核的月份，不能修改；请新建一套从下个未结算月份起生效的规则"),
            format!("This rule set (from {effective_from}) governs an approved month and cannot change; add a new one effective from the next open month"),
        ),
        InvalidCandidate { problems } => {
            let list: Vec<String> = problems.iter().map(|p| error_text(p, lang)).collect();
            format!("{}\n{}", lang.pick("新规则有以下问题：", "The rules have these problems:"), list.join("\n"))
        }
        _ => return None,
    })
}

fn data_error_text(e: &CommissionError, lang: Lang) -> Option<String> {
    use CommissionError::*;
    Some(match e {
        NegativeAmount { order_id, field } => lang.pick(
            format!("订单 {order_id} 的数量、价格或优惠（{field}）为负数，请更正订单"),
            format!("Order {order_id} has a negative quantity, price or discount ({field}); correct the order"),
        ),
        LineDiscountTooLarge { order_id, line } => {
            lang.pick(format!("订单 {order_id} 第 {line} 行的优惠大于该行金额"), format!("Order {order_id}, line {line}: the discount is larger than the line"))
        }
        InvalidRefund { order_id, refund_id } => lang.pick(
            format!("订单 {order_id} 的退款 {refund_id} 金额有误：运费部分须在 0 到退款总额之间"),
            format!("Order {order_id}, refund {refund_id}: the freight part must be between 0 and the refund amount"),
        ),
        RefundExceedsBase { order_id, refund_id, refunded_fen, base_fen } => lang.pick(
            format!("订单 {order_id} 到退款 {refund_id} 为止已退商品款 {} 元，超过了可计佣金额 {} 元，请核对退款记录", yuan(*refunded_fen), yuan(*base_fen)),
            format!("Order {order_id}: up to refund {refund_id}, {} of goods was refunded, more than its commission base of {}; check the refunds", yuan(*refunded_fen), yuan(*base_fen)),
        ),
        DuplicateAgent { agent_id } => lang.pick(format!("代理 {agent_id} 在名单中出现了两次"), format!("Agent {agent_id} is listed twice")),
        UnknownParent { agent_id, parent_id } => {
            lang.pick(format!("代理 {agent_id} 的上级 {parent_id} 不存在，请先修正上级"), format!("Agent {agent_id}'s upline {parent_id} does not exist; fix the upline first"))
        }
        AgentCycle { agent_id } => {
            lang.pick(format!("代理 {agent_id} 的上级链条绕回了自己，请修正上下级关系"), format!("Agent {agent_id}'s chain of uplines loops back to itself; fix the uplines"))
        }
        UnknownAgent { order_id, agent_id } => {
            lang.pick(format!("订单 {order_id} 所属的 {agent_id} 不是代理，无法计佣"), format!("Order {order_id} belongs to {agent_id}, who is not an agent; no commission can be computed"))
        }
        MissingPriorLines { order_id, accrued_month } => lang.pick(
            format!("订单 {order_id} 已在 {accrued_month} 计提，但缺少该月的佣金明细，请先完成 {accrued_month} 的月结"),
            format!("Order {order_id} accrued in {accrued_month}, but that month's commission lines are missing; run {accrued_month}'s month end first"),
        ),
        PriorLinesMismatch { order_id, paid_on_fen, now_fen } => lang.pick(
            format!("订单 {order_id} 计提时按 {} 元计佣，现在订单金额算得 {} 元：订单在计提后被改过，请核对", yuan(*paid_on_fen), yuan(*now_fen)),
            format!("Order {order_id} was commissioned on {} but its amounts now give {}: it was edited after accrual; check it", yuan(*paid_on_fen), yuan(*now_fen)),
        ),
        UnknownRuleSet { rule_set_id } => lang.pick(
            format!("佣金明细引用的提成规则 {rule_set_id} 不存在，无法结算"),
            format!("Commission lines refer to rule set {rule_set_id}, which does not exist; cannot settle"),
        ),
        InvalidRuleSet { rule_set_id, problem } => {
            lang.pick(format!("提成规则 {rule_set_id} 有误：{}", error_text(problem, lang)), format!("Rule set {rule_set_id} is invalid: {}", error_text(problem, lang)))
        }
        DuplicateOrder { order_id } => lang.pick(format!("订单 {order_id} 在月结数据中出现了两次"), format!("Order {order_id} appears twice in the month's data")),
        _ => return None,
    })
}

fn flow_error_text(e: &CommissionError, lang: Lang) -> String {
    use CommissionError::*;
    match e {
        MonthInFuture { month } => lang.pick(format!("{month} 还没到，不能月结"), format!("{month} has not started; it cannot be run")),
        NoRulesInForce { month } => lang.pick(
            format!("{month} 没有生效的提成规则，无需月结；请先在「提成规则」里设置"),
            format!("No commission rules are in force in {month}; set them up under Commission rules first"),
        ),
        MonthClosed { month } => lang.pick(format!("{month} 已审核结账，不能再改动"), format!("{month} is approved and closed; it cannot change")),
        PreviousMonthOpen { month } => lang.pick(format!("请先完成 {month} 的月结和审核（按月份顺序结账）"), format!("Run and approve {month} first (months close in order)")),
        MonthNotRun { month } => lang.pick(format!("{month} 还没有月结"), format!("{month} has not been run")),
        MonthNotOver { month } => lang.pick(format!("{month} 还没结束，月底后才能审核"), format!("{month} is not over; approve it after it ends")),
        StaleRun { month } => lang.pick(
            format!("{month} 月结后订单、退款或规则有变化，请重新月结、核对后再审核"),
            format!("Orders, refunds or rules changed after {month} was run; run it again and check before approving"),
        ),
        NotConfirmed => lang.pick("对账单审核通过后才能登记发放", "A statement can be paid only once approved"),
        AlreadyPaid => lang.pick("这张对账单已经登记过发放", "This statement has already been paid"),
        PayDateOutOfRange { earliest, latest } => {
            lang.pick(format!("发放日期须在 {earliest} 到 {latest} 之间"), format!("The payout date must be between {earliest} and {latest}"))
        }
        other => rule_error_text(other, lang).or_else(|| data_error_text(other, lang)).unwrap_or_else(|| other.code().to_string()),
    }
}

/// A month-end run's summary line (toasts and the CLI).
pub fn outcome_text(o: &super::MonthEndOutcome, lang: Lang) -> String {
    let t = text(lang);
    let mut s = (t.run_result)(o.changed, o.first_run, o.statements, &o.total.to_string());
    if o.changed && !o.first_run {
        s.push_str(&format!("; {}", (t.statements_changed)(o.statements_changed)));
    }
    s
}
