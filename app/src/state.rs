//! Server-side shared state: the database pool and Leptos options (ssr only).

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{Any, AnyPool, Executor, Transaction};

/// A transaction on either backend.
pub type Tx = Transaction<'static, Any>;

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
    /// foreign keys and a busy timeout on every connection; PostgreSQL runs without JIT and
    /// plans every statement for its own parameters.
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
                    } else {
                        // The queries here are short index reads over ranges and agent lists
                        // that differ a lot from one call to the next. PostgreSQL's JIT
                        // compiled the ones it estimated as large for longer than they ran, and
                        // after five runs of a prepared statement it may switch to one generic
                        // plan for every range (a leader's year on the dashboard at 1M orders:
                        // 336 ms median; without JIT and with a plan per call: 127 ms).
                        conn.execute("SET jit = off").await?;
                        conn.execute("SET plan_cache_mode = force_custom_plan").await?;
                    }
                    Ok(())
                })
            })
            .connect(url)
            .await?;
        Ok(Db { pool, backend })
    }

    /// Start a write transaction. On SQLite it is `BEGIN IMMEDIATE`: the write lock is taken
    /// at once, so concurrent writers queue (busy timeout) instead of failing with "database
    /// is locked" when a deferred transaction that read first tries to write. Every
    /// transaction that writes starts here.
    pub async fn begin_write(&self) -> Result<Tx, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }
}

/// Server settings the app code needs at request time.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// Served over HTTPS: the session cookie is `__Host-` prefixed and `Secure`, and HSTS is sent.
    pub secure_cookies: bool,
    /// Demo mode: the demo accounts (known passwords) may sign in.
    pub demo: bool,
    /// Session idle timeout and absolute lifetime.
    pub session: crate::auth::SessionPolicy,
}

#[derive(Clone, Debug, FromRef)]
pub struct AppState {
    pub db: Db,
    pub leptos_options: LeptosOptions,
    pub settings: Settings,
}
