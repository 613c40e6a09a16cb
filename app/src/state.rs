//! Server-side shared state: the database pool and Leptos options (ssr only).

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};

/// Which database the pool talks to; the few dialect differences key off this.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The database: one pool, either backend, same SQL.
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
}

impl Db {
    /// Connect to `url` (`sqlite://…` or `postgres://…`). SQLite gets WAL mode,
    /// foreign keys and a busy timeout on every connection.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db, sqlx::Error> {
        install_default_drivers();
        let backend = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute(
                            "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
                             PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect(url)
            .await?;
        Ok(Db { pool, backend })
    }
}

/// Server settings the app code needs at request time.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// Add `Secure` to the session cookie (set when served over HTTPS).
    pub secure_cookies: bool,
}

#[derive(Clone, Debug, FromRef)]
pub struct AppState {
    pub db: Db,
    pub leptos_options: LeptosOptions,
    pub settings: Settings,
}
