//! SQL of the demo seed: multi-row inserts for speed, and sequence repair on PostgreSQL.

use app::state::{Backend, Db};
use sqlx::AnyConnection;

/// One value of a seeded row.
#[derive(Clone, Debug)]
pub enum V {
    I(i64),
    S(String),
    /// NULL in an integer column.
    N,
    /// NULL in a text column.
    NS,
}

/// Insert `rows` into `table` in batches of multi-row VALUES statements.
pub async fn insert_rows(conn: &mut AnyConnection, table: &str, columns: &[&str], rows: &[Vec<V>]) -> Result<(), sqlx::Error> {
    const BATCH: usize = 200;
    for chunk in rows.chunks(BATCH) {
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        let mut n = 0;
        for (i, _) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            for c in 0..columns.len() {
                if c > 0 {
                    sql.push_str(", ");
                }
                n += 1;
                sql.push_str(&format!("${n}"));
            }
            sql.push(')');
        }
        let mut q = sqlx::query(&sql);
        for row in chunk {
            for v in row {
                q = match v {
                    V::I(i) => q.bind(*i),
                    V::S(s) => q.bind(s.clone()),
                    V::N => q.bind(None::<i64>),
                    V::NS => q.bind(None::<String>),
                };
            }
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// After inserting explicit ids, move PostgreSQL's sequences past them.
pub async fn fix_sequences(conn: &mut AnyConnection, backend: Backend, tables: &[&str]) -> Result<(), sqlx::Error> {
    if backend != Backend::Postgres {
        return Ok(());
    }
    for t in tables {
        let sql = format!("SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {t}))::BIGINT");
        sqlx::query(&sql).execute(&mut *conn).await?;
    }
    Ok(())
}

pub async fn user_count(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&db.pool).await
}

pub async fn next_id(conn: &mut AnyConnection, table: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(&format!("SELECT CAST(COALESCE(MAX(id), 0) + 1 AS BIGINT) FROM {table}")).fetch_one(conn).await
}

/// A seeded user's id by username.
pub async fn user_id(conn: &mut AnyConnection, username: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM users WHERE username = $1").bind(username).fetch_one(conn).await
}

/// The main warehouse (总仓) the seeded stock lives in.
pub async fn main_warehouse(conn: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT MIN(id) FROM warehouses").fetch_one(conn).await
}
