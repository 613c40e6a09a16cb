//! Database start-up: connect by URL and run the migrations of that backend.

use anyhow::Context;
use app::state::{Backend, Db};
use sqlx::migrate::Migrator;

static SQLITE: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES: Migrator = sqlx::migrate!("./migrations/postgres");

/// Default database: a SQLite file next to where the server runs, created on first start.
pub const DEFAULT_URL: &str = "sqlite://data/zhanggui.db";

/// Connect (creating a SQLite file and its folder if needed) and migrate.
pub async fn open(url: &str, max_connections: u32) -> anyhow::Result<Db> {
    let url = prepare_sqlite(url)?;
    let db = Db::connect(&url, max_connections).await.with_context(|| format!("connecting to {}", redact(&url)))?;
    migrate(&db).await?;
    Ok(db)
}

fn migrator(backend: Backend) -> &'static Migrator {
    match backend {
        Backend::Sqlite => &SQLITE,
        Backend::Postgres => &POSTGRES,
    }
}

pub async fn migrate(db: &Db) -> anyhow::Result<()> {
    migrator(db.backend).run(&db.pool).await.context("running migrations")?;
    Ok(())
}

/// For `/readyz`: the database answers and has every migration this binary knows.
pub async fn ready(db: &Db) -> anyhow::Result<()> {
    let latest = migrator(db.backend).iter().map(|m| m.version).max().unwrap_or(0);
    let applied: i64 = sqlx::query_scalar("SELECT CAST(COALESCE(MAX(version), 0) AS BIGINT) FROM _sqlx_migrations WHERE success = TRUE")
        .fetch_one(&db.pool)
        .await
        .context("database unreachable")?;
    anyhow::ensure!(applied >= latest, "migrations pending: at {applied}, binary has {latest}");
    Ok(())
}

/// The schema versions this binary knows for a backend.
pub fn known_versions(backend: Backend) -> Vec<i64> {
    migrator(backend).iter().map(|m| m.version).collect()
}

/// For a SQLite URL: make its folder and ask sqlx to create the file (`mode=rwc`).
fn prepare_sqlite(url: &str) -> anyhow::Result<String> {
    let Some(rest) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) else {
        return Ok(url.to_string());
    };
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Ok(url.to_string());
    }
    if let Some(dir) = std::path::Path::new(path).parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    Ok(if url.contains("mode=") { url.to_string() } else if url.contains('?') { format!("{url}&mode=rwc") } else { format!("{url}?mode=rwc") })
}

/// The URL without its password, for logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            let user = creds.split(':').next().unwrap_or_default();
            format!("{}://{user}:***@{}", &url[..s], &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

/// The SQLite file behind a URL, if it is one.
pub fn sqlite_path(url: &str) -> Option<String> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    Some(rest.split('?').next()?.to_string()).filter(|p| !p.is_empty() && p != ":memory:")
}

/// `VACUUM INTO`: a consistent copy of a live SQLite database.
pub async fn vacuum_into(db: &Db, to: &str) -> anyhow::Result<()> {
    sqlx::query("VACUUM INTO $1").bind(to).execute(&db.pool).await.context("VACUUM INTO")?;
    Ok(())
}

/// Replace a SQLite database with a backup (`server restore --from FILE`). The backup must be
/// a SQLite file of this application, at a schema version this binary knows, and pass an
/// integrity check; it is copied next to the target first, then renamed over it, so a
/// failure leaves the old database untouched. The server must be stopped.
pub async fn restore(url: &str, from: &str) -> anyhow::Result<String> {
    let target = sqlite_path(url).context("restore replaces a SQLite database; for PostgreSQL use pg_restore")?;
    let mut head = [0u8; 16];
    {
        use std::io::Read;
        let mut f = std::fs::File::open(from).with_context(|| format!("opening {from}"))?;
        f.read_exact(&mut head).with_context(|| format!("{from} is not a SQLite database"))?;
    }
    anyhow::ensure!(&head == b"SQLite format 3\0", "{from} is not a SQLite database");
    // Read-only, and without the server's pragmas (WAL cannot be switched on read-only).
    sqlx::any::install_default_drivers();
    let pool = sqlx::any::AnyPoolOptions::new().max_connections(1).connect(&format!("sqlite://{from}?mode=ro")).await;
    let src = Db { pool: pool.with_context(|| format!("opening {from}"))?, backend: Backend::Sqlite };
    let versions: Vec<i64> = sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version")
        .fetch_all(&src.pool)
        .await
        .map_err(|_| anyhow::anyhow!("{from} is not a Zhanggui database (no migration table)"))?;
    let known = known_versions(Backend::Sqlite);
    anyhow::ensure!(!versions.is_empty() && versions.iter().all(|v| known.contains(v)), "{from} has schema versions {versions:?}; this binary knows {known:?}");
    let users: Result<i64, _> = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&src.pool).await;
    anyhow::ensure!(users.is_ok(), "{from} is not a Zhanggui database (no users table)");
    let check: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&src.pool).await?;
    anyhow::ensure!(check == "ok", "{from} fails the integrity check: {check}");
    let staging = format!("{target}.restoring");
    let _ = std::fs::remove_file(&staging);
    sqlx::query("VACUUM INTO $1").bind(&staging).execute(&src.pool).await.context("copying the backup")?;
    src.pool.close().await;
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{target}{suffix}"));
    }
    std::fs::rename(&staging, &target).with_context(|| format!("replacing {target}"))?;
    Ok(format!("restored {target} from {from} (schema version {})", versions.last().copied().unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(redact("postgres://zg:secret@localhost/zg"), "postgres://zg:***@localhost/zg");
        assert_eq!(sqlite_path("sqlite://data/x.db?mode=rwc").as_deref(), Some("data/x.db"));
        assert_eq!(sqlite_path("postgres://h/db"), None);
        assert_eq!(prepare_sqlite("sqlite::memory:").unwrap(), "sqlite::memory:");
    }
}
