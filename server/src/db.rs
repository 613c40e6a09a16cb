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

pub async fn migrate(db: &Db) -> anyhow::Result<()> {
    let m = match db.backend {
        Backend::Sqlite => &SQLITE,
        Backend::Postgres => &POSTGRES,
    };
    m.run(&db.pool).await.context("running migrations")?;
    Ok(())
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
