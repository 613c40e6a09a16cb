//! Every SQL statement of the fulfilment area (ssr only, private to the area). Orders'
//! own rows are read and changed through `orders::service`.

use sqlx::AnyConnection;

/// The routing configuration as stored (JSON), if the boss saved one.
pub(super) async fn routing(conn: &mut AnyConnection) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT routing FROM fulfil_config WHERE id = 1").fetch_optional(conn).await
}

pub(super) async fn save_routing(conn: &mut AnyConnection, json: &str, user: Option<i64>, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO fulfil_config (id, routing, updated_by, updated_at) VALUES (1, $1, $2, $3) \
         ON CONFLICT (id) DO UPDATE SET routing = excluded.routing, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(json)
    .bind(user)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn customer_courier(conn: &mut AnyConnection, customer_id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT courier_code FROM customer_couriers WHERE customer_id = $1").bind(customer_id).fetch_optional(conn).await
}

pub(super) async fn set_customer_courier(conn: &mut AnyConnection, customer_id: i64, code: &str, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO customer_couriers (customer_id, courier_code, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (customer_id) DO UPDATE SET courier_code = excluded.courier_code, updated_at = excluded.updated_at",
    )
    .bind(customer_id)
    .bind(code)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}
