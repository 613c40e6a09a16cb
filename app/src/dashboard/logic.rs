//! Pure dashboard rules: date ranges and their presets, the periods compared (环比 and 同比),
//! whole months inside a range, weekday × hour buckets, percentages, agent levels, days of
//! cover, and the daily digest's text.

use super::{DayPoint, DayRange, Kpis, Preset};
use crate::error::AreaError;
use crate::money::Money;
use crate::time::{date_of_day, day_of_date, month_start_day};
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// What one sold order adds to the aggregates: its business day and hour of creation, agent,
/// customer, channel, total and lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaleFacts {
    pub day: i64,
    pub hour: i64,
    pub agent_id: i64,
    pub customer_id: i64,
    pub channel: String,
    pub total_fen: i64,
    pub lines: Vec<SaleLine>,
}

/// One line of a sold order: SKU, its product's category, units and amount in fen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaleLine {
    pub sku_id: i64,
    pub category: String,
    pub qty: i64,
    pub sales_fen: i64,
}

/// A refusal of the dashboard area.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum DashboardError {
    /// A date is not a date (YYYY-MM-DD) or the range ends before it starts.
    BadRange,
    /// Ranges are at most this many days.
    RangeTooLong { max_days: i64 },
    /// A target must be a non-negative amount.
    BadTarget,
    /// The digest time is HH:MM.
    BadTime,
}

impl AreaError for DashboardError {
    fn code(&self) -> &'static str {
        match self {
            DashboardError::BadRange => "bad_range",
            DashboardError::RangeTooLong { .. } => "range_too_long",
            DashboardError::BadTarget => "bad_target",
            DashboardError::BadTime => "bad_time",
        }
    }

    fn field(&self) -> Option<&str> {
        match self {
            DashboardError::BadRange | DashboardError::RangeTooLong { .. } => Some("from"),
            DashboardError::BadTarget => Some("target"),
            DashboardError::BadTime => Some("time"),
        }
    }
}

impl DashboardError {
    pub fn code(&self) -> &'static str {
        AreaError::code(self)
    }

    pub fn field(&self) -> Option<&str> {
        AreaError::field(self)
    }

    pub fn examples() -> Vec<DashboardError> {
        vec![DashboardError::BadRange, DashboardError::RangeTooLong { max_days: MAX_DAYS }, DashboardError::BadTarget, DashboardError::BadTime]
    }
}

/// The longest range a dashboard shows (two years and a day).
pub const MAX_DAYS: i64 = 732;

/// The days of a preset as of `today` (business day numbers, `to` exclusive).
pub fn preset_range(p: Preset, today: i64) -> DayRange {
    let month = month_start_day(today);
    let date = date_of_day(today);
    let r = |from: i64, to: i64| DayRange { from, to };
    match p {
        Preset::Today => r(today, today + 1),
        Preset::Yesterday => r(today - 1, today),
        Preset::Last7 => r(today - 6, today + 1),
        Preset::Last30 => r(today - 29, today + 1),
        Preset::Last90 => r(today - 89, today + 1),
        Preset::ThisMonth => r(month, today + 1),
        Preset::LastMonth => r(month_start_day(month - 1), month),
        Preset::ThisQuarter => {
            let q = NaiveDate::from_ymd_opt(date.year(), (date.month0() / 3) * 3 + 1, 1).unwrap_or(date);
            r(day_of_date(q), today + 1)
        }
        Preset::ThisYear => r(day_of_date(NaiveDate::from_ymd_opt(date.year(), 1, 1).unwrap_or(date)), today + 1),
    }
}

/// A custom range from two dates (YYYY-MM-DD, both included).
pub fn custom_range(from: &str, to: &str) -> Result<DayRange, DashboardError> {
    let parse = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| DashboardError::BadRange);
    let (a, b) = (day_of_date(parse(from)?), day_of_date(parse(to)?));
    if b < a {
        return Err(DashboardError::BadRange);
    }
    if b - a + 1 > MAX_DAYS {
        return Err(DashboardError::RangeTooLong { max_days: MAX_DAYS });
    }
    Ok(DayRange { from: a, to: b + 1 })
}

/// The period of the same length just before (环比).
pub fn previous(r: DayRange) -> DayRange {
    DayRange { from: r.from - (r.to - r.from), to: r.from }
}

/// The same dates a year earlier (同比); 29 February falls on the 28th.
pub fn last_year(r: DayRange) -> DayRange {
    let back = |d: i64| date_of_day(d).checked_sub_months(Months::new(12)).map(day_of_date).unwrap_or(d - 365);
    DayRange { from: back(r.from), to: back(r.to) }
}

/// The first business day of the month after the one `day` is in.
pub fn next_month(day: i64) -> i64 {
    let first = date_of_day(month_start_day(day));
    first.checked_add_months(Months::new(1)).map(day_of_date).unwrap_or(day + 31)
}

/// A range as the whole months inside it (their first days) and the day ranges left at its
/// edges, so sums over long ranges read monthly rows.
pub fn month_split(r: DayRange) -> (Vec<i64>, Vec<DayRange>) {
    let mut months = Vec::new();
    let mut m = if month_start_day(r.from) == r.from { r.from } else { next_month(r.from) };
    let first_full = m;
    while next_month(m) <= r.to {
        months.push(m);
        m = next_month(m);
    }
    if months.is_empty() {
        return (months, vec![r]);
    }
    let mut edges = Vec::new();
    if r.from < first_full {
        edges.push(DayRange { from: r.from, to: first_full });
    }
    if m < r.to {
        edges.push(DayRange { from: m, to: r.to });
    }
    (months, edges)
}

/// The months a range touches (first days), oldest first.
pub fn months_touched(r: DayRange) -> Vec<i64> {
    let mut out = Vec::new();
    let mut m = month_start_day(r.from);
    while m < r.to {
        out.push(m);
        m = next_month(m);
    }
    out
}

/// Monday = 0 … Sunday = 6 of a business day (day 0, 1970-01-01, was a Thursday).
pub fn weekday(day: i64) -> usize {
    (day + 3).rem_euclid(7) as usize
}

/// Per weekday (Monday first) and hour, the orders of `(day, hour, orders)` rows.
pub fn heat_grid(rows: &[(i64, i64, i64)]) -> Vec<Vec<i64>> {
    let mut grid = vec![vec![0; 24]; 7];
    for &(day, hour, n) in rows {
        if (0..24).contains(&hour) {
            grid[weekday(day)][hour as usize] += n;
        }
    }
    grid
}

/// The busiest cell of a heat grid (weekday, hour, orders); the earliest on ties.
pub fn busiest(grid: &[Vec<i64>]) -> Option<(usize, usize, i64)> {
    let mut best: Option<(usize, usize, i64)> = None;
    for (w, row) in grid.iter().enumerate() {
        for (h, &n) in row.iter().enumerate() {
            if n > 0 && best.is_none_or(|b| n > b.2) {
                best = Some((w, h, n));
            }
        }
    }
    best
}

/// `part / whole` in percent with one decimal, half-up; `None` when `whole` is 0.
pub fn percent(part: i64, whole: i64) -> Option<Decimal> {
    if whole == 0 {
        return None;
    }
    Some((Decimal::from(part) * Decimal::ONE_HUNDRED / Decimal::from(whole)).round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero))
}

/// The change from `before` to `now` in percent (one decimal); `None` when `before` is 0.
pub fn change(now: i64, before: i64) -> Option<Decimal> {
    percent(now - before, before)
}

/// The KPIs from the period's sums.
pub fn kpis(sales_fen: i64, orders: i64, gross_profit: Option<Money>, new_customers: i64, buyers: i64, repeat_buyers: i64) -> Kpis {
    let sales = Money::from_fen(sales_fen);
    let avg_order = if orders == 0 { Money::from_fen(0) } else { Money(sales.0 / Decimal::from(orders)).round_fen() };
    Kpis {
        sales,
        orders,
        avg_order,
        gross_profit,
        new_customers,
        buyers,
        repeat_buyers,
        // The customers area's rounding (two decimals, half-up), so both pages agree.
        repurchase_rate: (buyers > 0).then(|| crate::customers::logic_util::percent_2dp(repeat_buyers, buyers)),
    }
}

/// Fill the days without sales with zero, oldest first.
pub fn fill_days(first_day: i64, days: i64, sparse: &[(i64, i64)]) -> Vec<DayPoint> {
    (first_day..first_day + days)
        .map(|day| {
            let fen = sparse.iter().find(|(d, _)| *d == day).map(|(_, f)| *f).unwrap_or(0);
            DayPoint { day, sales: Money::from_fen(fen) }
        })
        .collect()
}

/// Each agent's level in the team tree: 1 for agents without an upline agent, 2 below them, …
/// `members` are (agent id, upline id); uplines that are not in the list count as none.
pub fn levels(members: &[(i64, Option<i64>)]) -> Vec<(i64, u32)> {
    let parent = |id: i64| members.iter().find(|m| m.0 == id).and_then(|m| m.1).filter(|p| members.iter().any(|m| m.0 == *p));
    members
        .iter()
        .map(|&(id, _)| {
            let (mut level, mut at) = (1u32, id);
            while let Some(p) = parent(at) {
                level += 1;
                at = p;
                if level > 32 {
                    break;
                }
            }
            (id, level)
        })
        .collect()
}

/// Days the stock on hand lasts at `units_per_30_days` (one decimal, half-up); `None` when
/// nothing is expected to sell.
pub fn days_of_cover(on_hand: i64, units_per_30_days: i64) -> Option<Decimal> {
    if units_per_30_days <= 0 {
        return None;
    }
    Some((Decimal::from(on_hand.max(0)) * Decimal::from(30) / Decimal::from(units_per_30_days)).round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero))
}

/// A digest time "HH:MM" as minutes after midnight.
pub fn parse_time(s: &str) -> Result<i64, DashboardError> {
    let (h, m) = s.trim().split_once(':').ok_or(DashboardError::BadTime)?;
    let (h, m): (i64, i64) = (h.parse().map_err(|_| DashboardError::BadTime)?, m.parse().map_err(|_| DashboardError::BadTime)?);
    if !(0..24).contains(&h) || !(0..60).contains(&m) || s.trim().len() != 5 {
        return Err(DashboardError::BadTime);
    }
    Ok(h * 60 + m)
}

/// What the daily digest says: yesterday's figures, the top agents and the stock alerts.
pub struct Digest<'a> {
    pub day: i64,
    pub sales: Money,
    pub orders: i64,
    pub before_sales: Money,
    pub top: &'a [(String, Money)],
    /// Open low-stock alerts: (SKU, warehouse, available, threshold), the first few.
    pub alerts: &'a [(String, String, i64, i64)],
    pub open_alerts: i64,
}

/// The digest's title and body (Markdown, as WeCom and DingTalk robots show it).
pub fn digest_text(d: &Digest<'_>, lang: crate::i18n::Lang) -> (String, String) {
    use crate::i18n::Lang;
    let date = date_of_day(d.day).format("%Y-%m-%d").to_string();
    let vs = match change(d.sales.to_fen(), d.before_sales.to_fen()) {
        Some(p) if p > Decimal::ZERO => format!("+{p}%"),
        Some(p) => format!("{p}%"),
        None => "—".into(),
    };
    let zh = lang == Lang::Zh;
    let title = if zh { format!("每日简报 {date}") } else { format!("Daily digest {date}") };
    let mut body = if zh {
        format!("**昨日（{date}）**\n销售额 {}，订单 {} 单，较前一日 {vs}\n", d.sales, d.orders)
    } else {
        format!("**Yesterday ({date})**\nSales {}, {} orders, {vs} on the day before\n", d.sales, d.orders)
    };
    if !d.top.is_empty() {
        body.push_str(if zh { "\n**代理前三**\n" } else { "\n**Top agents**\n" });
        for (i, (name, m)) in d.top.iter().enumerate() {
            body.push_str(&format!("{}. {name} {m}\n", i + 1));
        }
    }
    body.push_str(&if zh { format!("\n**库存预警 {} 项**\n", d.open_alerts) } else { format!("\n**{} stock alerts**\n", d.open_alerts) });
    for (sku, wh, avail, threshold) in d.alerts {
        body.push_str(&if zh { format!("- {sku}（{wh}）可用 {avail} / 预警线 {threshold}\n") } else { format!("- {sku} ({wh}) {avail} available / alert at {threshold}\n") });
    }
    (title, body)
}

/// A ranking's label on a chart, short enough for the bars to keep their room on a 360 px
/// phone: 10 characters, or for a SKU label (`product · variant`) the product's first 5 and
/// the variant's first 6 (`#01 正红`, `粉 / L`), as a top 10 often holds several variants of
/// one product. The data table beside the chart has the labels whole.
pub fn chart_label(label: &str) -> String {
    fn cut(s: &str, n: usize) -> String {
        if s.chars().count() <= n {
            s.to_string()
        } else {
            format!("{}…", s.chars().take(n - 1).collect::<String>())
        }
    }
    match label.split_once(" · ") {
        _ if label.chars().count() <= 10 => label.to_string(),
        Some((product, variant)) => format!("{}·{}", cut(product, 5), cut(variant, 6)),
        None => cut(label, 10),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{day_of, hour_of};

    #[test]
    fn chart_labels_keep_the_variant() {
        assert_eq!(chart_label("张三"), "张三");
        assert_eq!(chart_label("纯棉T恤 · 白 / M"), "纯棉T恤·白 / M");
        assert_eq!(chart_label("中秋蛋黄酥礼盒六枚装 · 原味"), "中秋蛋黄…·原味");
        assert_eq!(chart_label("丝绒哑光口红 · #01 正红"), "丝绒哑光…·#01 正红");
        assert_eq!(chart_label("玻尿酸补水面膜 · 二十片装经典款"), "玻尿酸补…·二十片装经…");
        assert_eq!(chart_label("一二三四五六七八九十"), "一二三四五六七八九十");
        assert_eq!(chart_label("一二三四五六七八九十一"), "一二三四五六七八九…");
    }

    fn day(s: &str) -> i64 {
        day_of_date(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
    }

    #[test]
    fn fills_missing_days() {
        let pts = fill_days(10, 3, &[(11, 500)]);
        let fen: Vec<i64> = pts.iter().map(|p| p.sales.to_fen()).collect();
        assert_eq!(fen, vec![0, 500, 0]);
        assert_eq!(pts[2].day, 12);
    }

    #[test]
    fn presets_as_of_a_sunday_in_november() {
        let today = day("2026-11-29");
        let r = |a: &str, b: &str| DayRange { from: day(a), to: day(b) };
        assert_eq!(preset_range(Preset::Today, today), r("2026-11-29", "2026-11-30"));
        assert_eq!(preset_range(Preset::Yesterday, today), r("2026-11-28", "2026-11-29"));
        assert_eq!(preset_range(Preset::Last7, today), r("2026-11-23", "2026-11-30"));
        assert_eq!(preset_range(Preset::Last30, today), r("2026-10-31", "2026-11-30"));
        assert_eq!(preset_range(Preset::ThisMonth, today), r("2026-11-01", "2026-11-30"));
        assert_eq!(preset_range(Preset::LastMonth, today), r("2026-10-01", "2026-11-01"));
        assert_eq!(preset_range(Preset::ThisQuarter, today), r("2026-10-01", "2026-11-30"));
        assert_eq!(preset_range(Preset::ThisYear, today), r("2026-01-01", "2026-11-30"));
    }

    #[test]
    fn compared_periods() {
        let oct = DayRange { from: day("2026-10-01"), to: day("2026-11-01") };
        assert_eq!(previous(oct), DayRange { from: day("2026-08-31"), to: day("2026-10-01") });
        assert_eq!(last_year(oct), DayRange { from: day("2025-10-01"), to: day("2025-11-01") });
        let leap = DayRange { from: day("2028-02-29"), to: day("2028-03-01") };
        assert_eq!(last_year(leap), DayRange { from: day("2027-02-28"), to: day("2027-03-01") });
    }

    #[test]
    fn custom_ranges_include_both_dates() {
        assert_eq!(custom_range("2026-03-01", "2026-03-31"), Ok(DayRange { from: day("2026-03-01"), to: day("2026-04-01") }));
        assert_eq!(custom_range("2026-03-31", "2026-03-01"), Err(DashboardError::BadRange));
        assert_eq!(custom_range("2026-3-x", "2026-03-01"), Err(DashboardError::BadRange));
        assert_eq!(custom_range("2020-01-01", "2026-03-01"), Err(DashboardError::RangeTooLong { max_days: 732 }));
    }

    #[test]
    fn whole_months_and_edges() {
        let r = DayRange { from: day("2026-01-15"), to: day("2026-04-10") };
        let (months, edges) = month_split(r);
        assert_eq!(months, vec![day("2026-02-01"), day("2026-03-01")]);
        assert_eq!(edges, vec![DayRange { from: day("2026-01-15"), to: day("2026-02-01") }, DayRange { from: day("2026-04-01"), to: day("2026-04-10") }]);
        let inside = DayRange { from: day("2026-01-15"), to: day("2026-01-20") };
        assert_eq!(month_split(inside), (vec![], vec![inside]));
        let exact = DayRange { from: day("2026-01-01"), to: day("2026-02-01") };
        assert_eq!(month_split(exact), (vec![day("2026-01-01")], vec![]));
        assert_eq!(months_touched(r), vec![day("2026-01-01"), day("2026-02-01"), day("2026-03-01"), day("2026-04-01")]);
    }

    #[test]
    fn heat_map_buckets_at_day_boundaries_in_shanghai_time() {
        // 2026-11-29 15:59:59.999 UTC is Sunday 23:59 in Shanghai; one ms later it is Monday 00:00.
        let sunday_late = 1_795_967_999_999_i64;
        let monday_early = sunday_late + 1;
        assert_eq!((day_of(sunday_late), hour_of(sunday_late)), (day("2026-11-29"), 23));
        assert_eq!((day_of(monday_early), hour_of(monday_early)), (day("2026-11-30"), 0));
        assert_eq!(weekday(day("2026-11-29")), 6);
        assert_eq!(weekday(day("2026-11-30")), 0);
        let grid = heat_grid(&[(day_of(sunday_late), hour_of(sunday_late), 2), (day_of(monday_early), hour_of(monday_early), 5)]);
        assert_eq!((grid[6][23], grid[0][0], grid.iter().flatten().sum::<i64>()), (2, 5, 7));
        assert_eq!(busiest(&grid), Some((0, 0, 5)));
        assert_eq!(busiest(&heat_grid(&[])), None);
    }

    #[test]
    fn percentages_and_kpis() {
        assert_eq!(percent(1, 3), Some(Decimal::new(333, 1)));
        assert_eq!(percent(1, 0), None);
        assert_eq!(change(105, 100), Some(Decimal::new(50, 1)));
        assert_eq!(change(0, 200), Some(Decimal::new(-1000, 1)));
        assert_eq!(percent(1, 8), Some(Decimal::new(125, 1)));
        assert_eq!(percent(1, 16), Some(Decimal::new(63, 1)));
        let k = kpis(10_000, 3, Some(Money::from_fen(6_000)), 2, 4, 1);
        assert_eq!((k.avg_order.to_fen(), k.gross_profit, k.repurchase_rate), (3_333, Some(Money::from_fen(6_000)), Some(Decimal::new(2500, 2))));
        // 1 of 3 buyers: 33.33 % (two decimals, as the customers area rounds), none without buyers.
        assert_eq!(kpis(0, 0, None, 0, 3, 1).repurchase_rate, Some(Decimal::new(3333, 2)));
        assert_eq!(kpis(0, 0, None, 0, 0, 0).repurchase_rate, None);
        assert_eq!(kpis(0, 0, None, 0, 0, 0).avg_order.to_fen(), 0);
        assert_eq!(kpis(1_000, 2, None, 0, 0, 0).avg_order.to_fen(), 500);
        assert_eq!(kpis(1_001, 2, None, 0, 0, 0).avg_order.to_fen(), 501);
    }

    #[test]
    fn levels_follow_the_uplines() {
        let got = levels(&[(1, None), (2, Some(1)), (3, Some(2)), (4, Some(99))]);
        assert_eq!(got, vec![(1, 1), (2, 2), (3, 3), (4, 1)]);
    }

    #[test]
    fn digest_says_yesterday_top_agents_and_alerts() {
        let top = [("张三".to_string(), Money::from_fen(300_000)), ("李四".to_string(), Money::from_fen(120_050))];
        let alerts = [("蛋黄酥".to_string(), "总仓".to_string(), 2, 10)];
        let d = Digest { day: day("2026-11-28"), sales: Money::from_fen(420_050), orders: 12, before_sales: Money::from_fen(400_000), top: &top, alerts: &alerts, open_alerts: 3 };
        let (title, body) = digest_text(&d, crate::i18n::Lang::Zh);
        assert_eq!(title, "每日简报 2026-11-28");
        assert_eq!(
            body,
            "**昨日（2026-11-28）**\n销售额 ¥4,200.50，订单 12 单，较前一日 +5.0%\n\n**代理前三**\n1. 张三 ¥3,000.00\n2. 李四 ¥1,200.50\n\n**库存预警 3 项**\n- 蛋黄酥（总仓）可用 2 / 预警线 10\n"
        );
        let (title, _) = digest_text(&Digest { top: &[], alerts: &[], ..d }, crate::i18n::Lang::En);
        assert_eq!(title, "Daily digest 2026-11-28");
    }

    #[test]
    fn cover_and_times() {
        assert_eq!(days_of_cover(45, 90), Some(Decimal::new(150, 1)));
        assert_eq!(days_of_cover(10, 0), None);
        assert_eq!(days_of_cover(1, 7), Some(Decimal::new(43, 1)));
        assert_eq!(parse_time("09:30"), Ok(570));
        assert_eq!(parse_time("24:00"), Err(DashboardError::BadTime));
        assert_eq!(parse_time("9:30"), Err(DashboardError::BadTime));
    }
}
