//! Text of the dashboard area in zh-CN and en.

use super::{DashboardError, Note, Preset};
use crate::i18n::Lang;

texts! {
    home_title = "经营概览" | "Overview";
    nav_dashboards = "看板" | "Dashboards";
    sales_this_month = "本月销售额" | "Sales this month";
    orders_this_month = "本月订单数" | "Orders this month";
    customers_total = "客户数" | "Customers";
    to_ship_count = "待发货" | "To ship";
    daily_sales_30 = "近30天每日销售额" | "Daily sales, last 30 days";
    sales = "销售额" | "Sales";
    scope_all = "全团队" | "Whole team";
    scope_line = "我和下级" | "Me and my downline";
    boss_title = "老板看板" | "Boss dashboard";
    sales_title = "销售看板" | "Sales dashboard";
    stock_title = "库存看板" | "Stock dashboard";
    wall_title = "数据大屏" | "TV wall";
    orders = "订单数" | "Orders";
    avg_order = "客单价" | "Average order";
    gross_profit = "毛利" | "Gross profit";
    new_customers = "新客户" | "New customers";
    repurchase_rate = "复购率" | "Repurchase rate";
    vs_previous = "环比" | "vs previous";
    vs_last_year = "同比" | "vs last year";
    trend = "销售趋势" | "Sales trend";
    category_share = "品类占比" | "Category share";
    top10 = "热销前十" | "Top 10 products";
    slow_moving = "滞销商品" | "Slow-moving products";
    heat_map = "下单时段热力图（北京时间）" | "Orders by weekday and hour (Beijing time)";
    new_vs_returning = "新老客户（按月）" | "New vs returning customers per month";
    returning = "老客户" | "Returning";
    from = "开始日期" | "From";
    to = "结束日期" | "To";
    agent = "代理" | "Agent";
    channel = "渠道" | "Channel";
    category = "品类" | "Category";
    all = "全部" | "All";
    apply = "查看" | "Show";
    custom = "自定义" | "Custom";
    show_table = "数据表" | "Data table";
    export_xlsx = "导出 Excel" | "Export .xlsx";
    download_png = "下载图片" | "Download PNG";
    day = "日期" | "Day";
    month = "月份" | "Month";
    weekday = "星期" | "Weekday";
    hour = "时" | "Hour";
    product = "商品" | "Product";
    code = "编码" | "Code";
    units = "件数" | "Units";
    on_hand = "库存" | "On hand";
    stock_value = "占用资金" | "Stock value";
    last_sold = "最后售出" | "Last sold";
    never = "从未" | "Never";
    no_data = "这段时间没有数据" | "No data for this period";
    ranking = "代理排行" | "Agent ranking";
    level = "级别" | "Level";
    all_levels = "全部级别" | "All levels";
    rank = "名次" | "Rank";
    my_performance = "我的业绩" | "My performance";
    target = "本月目标" | "Monthly target";
    progress = "完成度" | "Progress";
    no_target = "未设目标" | "No target set";
    set_target = "设定目标" | "Set target";
    target_saved = "目标已保存" | "Target saved";
    low_stock = "低库存" | "Low stock";
    available = "可用" | "Available";
    threshold = "预警线" | "Alert level";
    warehouse = "仓库" | "Warehouse";
    by_warehouse = "各仓库存金额" | "Stock value by warehouse";
    days_of_cover = "可售天数" | "Days of cover";
    demand_30 = "30天需求" | "30-day demand";
    from_forecast = "预测" | "Forecast";
    from_history = "近30天销量" | "Last 30 days' sales";
    today = "今日" | "Today";
    this_month = "本月" | "This month";
    updated_at = "更新于" | "Updated";
    open_alerts = "库存预警" | "Stock alerts";
    top_agents = "本月代理前五" | "Top agents this month";
    hours_today = "今日各时段订单" | "Orders per hour today";
    fullscreen = "全屏" | "Full screen";
    @change_line(now: &str, prev: &str) = format!("环比 {prev}，同比 {now}"), format!("{prev} vs previous, {now} vs last year");
    @chart_summary(total: &str) = format!("近30天每日销售额折线图，合计 {total}"), format!("Line chart of daily sales over the last 30 days, {total} in all");
    @trend_summary(days: i64, total: &str) = format!("{days}天每日销售额折线图，合计 {total}"), format!("Line chart of daily sales over {days} days, {total} in all");
    @pie_summary(n: usize) = format!("{n}个品类的销售额饼图"), format!("Pie chart of sales in {n} categories");
    @heat_summary(total: i64) = format!("星期×小时订单热力图，共 {total} 单"), format!("Heat map of {total} orders by weekday and hour");
    @bar_summary(n: usize) = format!("{n}个月新老客户柱状图"), format!("Bar chart of new and returning customers over {n} months");
}

const WEEKDAYS_ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Monday = 0.
pub fn weekday_label(w: usize, lang: Lang) -> &'static str {
    let names = if lang == Lang::Zh { WEEKDAYS_ZH } else { WEEKDAYS_EN };
    names.get(w).copied().unwrap_or("")
}

pub fn preset_label(p: Preset, lang: Lang) -> &'static str {
    let (zh, en) = match p {
        Preset::Today => ("今天", "Today"),
        Preset::Yesterday => ("昨天", "Yesterday"),
        Preset::Last7 => ("近7天", "Last 7 days"),
        Preset::Last30 => ("近30天", "Last 30 days"),
        Preset::Last90 => ("近90天", "Last 90 days"),
        Preset::ThisMonth => ("本月", "This month"),
        Preset::LastMonth => ("上月", "Last month"),
        Preset::ThisQuarter => ("本季度", "This quarter"),
        Preset::ThisYear => ("今年", "This year"),
    };
    if lang == Lang::Zh { zh } else { en }
}

pub fn note_text(n: Note, lang: Lang) -> &'static str {
    let (zh, en) = match n {
        Note::ChannelNotApplied => ("客户指标、热销和滞销商品不按渠道筛选。", "Customer figures, top and slow products are not split by channel."),
        Note::CategoryNotApplied => ("订单数（含该品类的订单）以外，热力图和客户指标不按品类筛选。", "The heat map and customer figures are not split by category; orders count those with a line of it."),
        Note::NoStockAccess => ("滞销商品属于库存数据，您的角色看不到。", "Slow movers are stock data, which your role does not see."),
        Note::ProfitTeamOnly => (
            "毛利取自财务损益（发货时确认收入，减退款和发货成本），只有全团队、不分渠道和品类的数字。",
            "Gross profit is the finance P&L's (revenue when orders ship, less refunds and the cost of the goods shipped): a whole-team figure, not split by agent, channel or category.",
        ),
    };
    if lang == Lang::Zh { zh } else { en }
}

pub fn error_text(e: &DashboardError, lang: Lang) -> String {
    match e {
        DashboardError::BadRange => lang.pick("请填写有效的日期（年-月-日），结束日期不早于开始日期", "Enter valid dates (YYYY-MM-DD); the end may not be before the start").into(),
        DashboardError::RangeTooLong { max_days } => match lang {
            Lang::Zh => format!("时间范围最多 {max_days} 天"),
            _ => format!("A range is at most {max_days} days"),
        },
        DashboardError::BadTarget => lang.pick("请填写不小于 0 的金额", "Enter an amount of 0 or more").into(),
        DashboardError::BadTime => lang.pick("请按 时:分 填写，例如 09:00", "Enter HH:MM, e.g. 09:00").into(),
    }
}
