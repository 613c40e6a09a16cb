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

/// Run `make` for each chunk of `items` (multi-row statements stay under the parameter limits).
pub(super) const CHUNK: usize = 200;
