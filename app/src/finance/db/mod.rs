//! Every SQL statement of the finance area (ssr only). Private to the area: other areas go
//! through `finance::service`. Reports read other areas' tables (orders, their events, the
//! stock ledger) but never write them; changes to orders go through `orders::service`.
//!
//! Sums are cast to BIGINT: PostgreSQL's SUM of BIGINT is NUMERIC, which sqlx's `Any` driver
//! cannot decode.

pub(super) mod bills;
pub(super) mod books;
pub(super) mod payments;

use sqlx::AnyConnection;

/// First days of the closed months.
pub(super) async fn closed_months(conn: &mut AnyConnection) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT month_start FROM closed_periods ORDER BY month_start").fetch_all(conn).await
}

/// Bound parameters per multi-row statement. SQLite looks each parameter up by name in a
/// list as long as the statement's, so binding costs grow with the square of their number:
/// 400 keeps a 50,000-line import's inserts well under a second (4,000 took 12 s).
const MAX_PARAMS: usize = 400;

/// Rows of `columns` values per multi-row statement.
pub(super) fn rows_per_statement(columns: usize) -> usize {
    (MAX_PARAMS / columns).max(1)
}
