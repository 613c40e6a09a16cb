//! `server check`: the invariants data must satisfy however it was made (through the app,
//! the demo seed or the benchmark generator): stock on hand equals the sum of its ledger,
//! reserved stock what open orders hold, every order's total equals the sum of its lines less
//! its coupon discount, that discount is what the one coupon it redeemed took off, the
//! reporting aggregates equal a scan, the dashboards' gross profit and customer figures those of
//! the finance P&L and the customers area's report, every invoice's totals the sum of its lines, each
//! order's invoiced amount what its invoices add up to, finance's kept figures equal a scan
//! (daily revenue and cost of goods, order balances and receivables, bill fees booked, the P&L
//! of closed months), every commission statement the sum of its lines and every commission
//! month the sum of its statements, and no recorded import claims more orders than its
//! channel has.

use app::state::Db;
use std::fmt;

pub struct Report {
    pub ledger_mismatches: Vec<(i64, i64)>,
    /// (sku, warehouse) whose reserved quantity is not what open orders hold.
    pub reservation_mismatches: Vec<(i64, i64)>,
    pub total_mismatches: Vec<i64>,
    pub discount_mismatches: Vec<i64>,
    pub aggregate_mismatches: i64,
    /// Months where the dashboards' gross profit or customer figures differ from the finance
    /// P&L's or the customers area's (the last 12 months).
    pub dashboard_source_mismatches: Vec<String>,
    /// Orders whose invoiced amount is not what their invoices add up to (tax).
    pub invoiced_mismatches: Vec<i64>,
    /// Invoices whose totals are not the sum of their lines (tax).
    pub invoice_mismatches: Vec<i64>,
    pub finance: app::finance::service_pnl::Checks,
    /// Commission statements whose figures are not the sums of their lines.
    pub statement_mismatches: Vec<i64>,
    /// Commission months whose totals are not the sums of their statements.
    pub commission_month_mismatches: Vec<i64>,
    /// Channels whose recorded imports claim more orders than exist (intake).
    pub import_mismatches: Vec<String>,
    pub millis: u128,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.ledger_mismatches.is_empty()
            && self.reservation_mismatches.is_empty()
            && self.total_mismatches.is_empty()
            && self.discount_mismatches.is_empty()
            && self.aggregate_mismatches == 0
            && self.dashboard_source_mismatches.is_empty()
            && self.invoiced_mismatches.is_empty()
            && self.invoice_mismatches.is_empty()
            && self.finance.ok()
            && self.statement_mismatches.is_empty()
            && self.commission_month_mismatches.is_empty()
            && self.import_mismatches.is_empty()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |v: &[String]| v.iter().take(10).cloned().collect::<Vec<_>>().join(", ");
        let ledger: Vec<String> = self.ledger_mismatches.iter().map(|(s, w)| format!("sku {s} in warehouse {w}")).collect();
        let totals: Vec<String> = self.total_mismatches.iter().map(|o| format!("order {o}")).collect();
        writeln!(f, "stock on hand = ledger sum: {}", if ledger.is_empty() { "ok".into() } else { format!("{} broken ({})", ledger.len(), show(&ledger)) })?;
        let held: Vec<String> = self.reservation_mismatches.iter().map(|(s, w)| format!("sku {s} in warehouse {w}")).collect();
        writeln!(f, "reserved = open orders' lines: {}", if held.is_empty() { "ok".into() } else { format!("{} broken ({})", held.len(), show(&held)) })?;
        writeln!(f, "order total = sum of lines: {}", if totals.is_empty() { "ok".into() } else { format!("{} broken ({})", totals.len(), show(&totals)) })?;
        let coupons: Vec<String> = self.discount_mismatches.iter().map(|o| format!("order {o}")).collect();
        writeln!(f, "order discount = its one redeemed coupon: {}", if coupons.is_empty() { "ok".into() } else { format!("{} broken ({})", coupons.len(), show(&coupons)) })?;
        let agg = self.aggregate_mismatches;
        writeln!(f, "reporting aggregates = full scan: {}", if agg == 0 { "ok".into() } else { format!("{agg} rows differ") })?;
        let src = &self.dashboard_source_mismatches;
        writeln!(f, "dashboards = finance P&L and customer reports (12 months): {}", if src.is_empty() { "ok".into() } else { format!("{} differ ({})", src.len(), show(src)) })?;
        let invoiced: Vec<String> = self.invoiced_mismatches.iter().map(|o| format!("order {o}")).collect();
        let invoices: Vec<String> = self.invoice_mismatches.iter().map(|i| format!("invoice {i}")).collect();
        writeln!(f, "order invoiced = sum of its invoices: {}", if invoiced.is_empty() { "ok".into() } else { format!("{} broken ({})", invoiced.len(), show(&invoiced)) })?;
        writeln!(f, "invoice totals = sum of lines: {}", if invoices.is_empty() { "ok".into() } else { format!("{} broken ({})", invoices.len(), show(&invoices)) })?;
        let fin = &self.finance;
        let list = |what: &str, v: Vec<String>| if v.is_empty() { "ok".to_string() } else { format!("{} broken ({what} {})", v.len(), show(&v)) };
        writeln!(f, "daily revenue and cost kept = scan of shipments: {}", list("day", fin.days.iter().map(|d| app::time::date_of_day(*d).to_string()).collect()))?;
        writeln!(f, "order balances and receivables = scan of payments: {}", list("order", fin.balances.iter().map(|o| o.to_string()).collect()))?;
        writeln!(f, "bill fees booked = fees of the bill lines: {}", list("import", fin.fees.iter().map(|i| i.to_string()).collect()))?;
        writeln!(f, "closed months' P&L unchanged: {}", list("month", fin.closed.clone()))?;
        let statements: Vec<String> = self.statement_mismatches.iter().map(|s| format!("statement {s}")).collect();
        let months: Vec<String> = self.commission_month_mismatches.iter().map(|m| format!("month {m}")).collect();
        let verdict = |v: &[String]| if v.is_empty() { "ok".to_string() } else { format!("{} broken ({})", v.len(), show(v)) };
        writeln!(f, "commission statement total = sum of lines: {}", verdict(&statements))?;
        writeln!(f, "commission month total = sum of statements: {}", verdict(&months))?;
        let imports = &self.import_mismatches;
        writeln!(f, "imported orders exist: {}", if imports.is_empty() { "ok".into() } else { format!("{} channels broken ({})", imports.len(), show(imports)) })?;
        write!(f, "checked in {} ms", self.millis)
    }
}

pub async fn run(db: &Db) -> anyhow::Result<Report> {
    let started = std::time::Instant::now();
    let sys = app::auth::service::system();
    let ledger_mismatches = app::inventory::service::ledger_mismatches(db, &sys).await.map_err(crate::cli::both)?;
    let reservation_mismatches = app::inventory::service::reservation_mismatches(db, &sys).await.map_err(crate::cli::both)?;
    let total_mismatches = app::orders::service::total_mismatches(db, &sys).await.map_err(crate::cli::both)?;
    let discount_mismatches = app::customers::service::discount_mismatches(db, &sys).await.map_err(crate::cli::both)?;
    let aggregate_mismatches = app::dashboard::service::mismatches(db, &sys).await.map_err(crate::cli::both)?;
    let finance = app::finance::service_pnl::checks(db, &sys).await.map_err(crate::cli::both)?;
    let today = app::time::day_of(app::time::now_ms());
    let dashboard_source_mismatches = app::dashboard::service::source_mismatches(db, &sys, today, 12).await.map_err(crate::cli::both)?;
    let (invoiced_mismatches, invoice_mismatches) = app::tax::service::check(db, &sys).await.map_err(crate::cli::both)?;
    let (statement_mismatches, commission_month_mismatches) = app::commissions::service::mismatches(db, &sys).await.map_err(crate::cli::both)?;
    let import_mismatches = app::intake::service::check(db, &sys).await.map_err(crate::cli::both)?;
    Ok(Report {
        ledger_mismatches,
        reservation_mismatches,
        total_mismatches,
        discount_mismatches,
        aggregate_mismatches,
        dashboard_source_mismatches,
        invoiced_mismatches,
        invoice_mismatches,
        finance,
        statement_mismatches,
        commission_month_mismatches,
        import_mismatches,
        millis: started.elapsed().as_millis(),
    })
}
