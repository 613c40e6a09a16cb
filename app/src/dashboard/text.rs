//! Text of the dashboard area in zh-CN and en.

texts! {
    home_title = "经营概览" | "Overview";
    sales_this_month = "本月销售额" | "Sales this month";
    orders_this_month = "本月订单数" | "Orders this month";
    customers_total = "客户数" | "Customers";
    to_ship_count = "待发货" | "To ship";
    daily_sales_30 = "近30天每日销售额" | "Daily sales, last 30 days";
    sales = "销售额" | "Sales";
    scope_all = "全团队" | "Whole team";
    scope_line = "我和下级" | "Me and my downline";
    @chart_summary(total: &str) = format!("近30天每日销售额折线图，合计 {total}"), format!("Line chart of daily sales over the last 30 days, {total} in all");
}
