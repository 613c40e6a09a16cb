//! Command line: `serve` (default), `migrate`, `demo`, `user create|reset-password`, `backup`.

use crate::{db, demo, web};
use anyhow::{bail, Context};
use app::auth::{NewUser, Role};
use app::i18n::Lang;
use app::state::Settings;
use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(name = "zhanggui", version, about = "微掌柜 Zhanggui — back office for WeChat micro-merchant teams")]
pub struct Cli {
    /// Database URL: `sqlite://path/to/file.db` (created on first run) or `postgres://user:pass@host/db`.
    #[arg(long, env = "DATABASE_URL", default_value = db::DEFAULT_URL, global = true)]
    pub database_url: String,

    /// Largest number of pooled database connections.
    #[arg(long, env = "ZG_DB_CONNECTIONS", default_value_t = 10, global = true)]
    pub db_connections: u32,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the web server (the default).
    Serve(ServeArgs),
    /// Apply database migrations and exit.
    Migrate,
    /// Seed the demo team, products and a year of orders into an empty database.
    Demo {
        /// Delete all data first (SQLite file only).
        #[arg(long)]
        fresh: bool,
    },
    /// Manage sign-ins.
    #[command(subcommand)]
    User(UserCommand),
    /// Copy a live SQLite database to a file (consistent while the server runs).
    Backup {
        /// Where to write the copy; must not exist.
        #[arg(long)]
        to: String,
    },
}

#[derive(clap::Args, Debug, Default)]
pub struct ServeArgs {
    /// Address to listen on; defaults to LEPTOS_SITE_ADDR or 127.0.0.1:3000.
    #[arg(long, env = "ZG_ADDR")]
    pub addr: Option<std::net::SocketAddr>,
    /// Seed demo data when the database has no users yet.
    #[arg(long, env = "ZG_DEMO", value_parser = clap::builder::BoolishValueParser::new())]
    pub demo: bool,
    /// Mark the session cookie `Secure` (serve over HTTPS).
    #[arg(long, env = "ZG_SECURE_COOKIES", value_parser = clap::builder::BoolishValueParser::new())]
    pub secure_cookies: bool,
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create a user (e.g. the boss on a new install). The password is read from ZG_PASSWORD or asked for.
    Create {
        #[arg(long)]
        username: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "boss", value_parser = ["boss", "agent", "warehouse", "finance"])]
        role: String,
        /// Username of the parent agent (agents only).
        #[arg(long)]
        parent: Option<String>,
    },
    /// Set a new password (from ZG_PASSWORD or asked for) and end the user's sessions.
    ResetPassword {
        #[arg(long)]
        username: String,
    },
}

pub async fn run() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into()))
        .init();
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Serve(ServeArgs::default_from_env())) {
        Command::Serve(args) => serve(&cli.database_url, cli.db_connections, args).await,
        Command::Migrate => {
            db::open(&cli.database_url, 1).await?;
            println!("migrations applied to {}", db::redact(&cli.database_url));
            Ok(())
        }
        Command::Demo { fresh } => {
            if fresh {
                remove_sqlite(&cli.database_url)?;
            }
            let db = db::open(&cli.database_url, 4).await?;
            let report = demo::seed(&db, demo::today()).await?;
            println!("{report}");
            Ok(())
        }
        Command::User(cmd) => user(&cli.database_url, cmd).await,
        Command::Backup { to } => backup(&cli.database_url, &to).await,
    }
}

impl ServeArgs {
    /// `serve` without a subcommand still honours the environment variables.
    fn default_from_env() -> ServeArgs {
        #[derive(Parser)]
        struct Only {
            #[command(flatten)]
            args: ServeArgs,
        }
        Only::parse_from(["zhanggui"]).args
    }
}

async fn serve(url: &str, conns: u32, args: ServeArgs) -> anyhow::Result<()> {
    let db = db::open(url, conns).await?;
    if args.demo && demo::is_empty(&db).await? {
        let report = demo::seed(&db, demo::today()).await?;
        tracing::info!("demo data: {report}");
    }
    let mut options = leptos::config::get_configuration(None).context("reading Leptos configuration")?.leptos_options;
    if let Some(addr) = args.addr {
        options.site_addr = addr;
    }
    let addr = options.site_addr;
    let app = web::router(db, options, Settings { secure_cookies: args.secure_cookies });
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("binding {addr}"))?;
    tracing::info!("微掌柜 listening on http://{addr} ({})", db::redact(url));
    axum::serve(listener, app.into_make_service()).with_graceful_shutdown(shutdown()).await?;
    Ok(())
}

async fn shutdown() {
    let _ = tokio::signal::ctrl_c().await;
}

fn read_password() -> anyhow::Result<String> {
    if let Ok(pw) = std::env::var("ZG_PASSWORD") {
        return Ok(pw);
    }
    eprint!("password: ");
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).context("reading password")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

async fn user(url: &str, cmd: UserCommand) -> anyhow::Result<()> {
    let db = db::open(url, 1).await?;
    let both = |e: app::error::AppError| anyhow::anyhow!("{} / {}", e.message(Lang::Zh), e.message(Lang::En));
    match cmd {
        UserCommand::Create { username, name, role, parent } => {
            let parent_id = match parent {
                Some(p) => Some(app::auth::db::user_by_username(&db, &p).await?.with_context(|| format!("no user {p}"))?),
                None => None,
            };
            let input = NewUser {
                username,
                display_name: name,
                password: read_password()?,
                role: Role::parse(&role).context("role")?,
                parent_id,
            };
            let id = app::auth::service::create_user_unchecked(&db, None, &input).await.map_err(both)?;
            println!("created user {} (id {id})", input.username);
        }
        UserCommand::ResetPassword { username } => {
            let id = app::auth::db::user_by_username(&db, &username).await?.with_context(|| format!("no user {username}"))?;
            app::auth::service::reset_password_unchecked(&db, None, id, &read_password()?).await.map_err(both)?;
            println!("password of {username} reset; their sessions have ended");
        }
    }
    Ok(())
}

async fn backup(url: &str, to: &str) -> anyhow::Result<()> {
    if db::sqlite_path(url).is_none() {
        bail!("backup copies a SQLite database; for PostgreSQL use pg_dump");
    }
    if std::path::Path::new(to).exists() {
        bail!("{to} already exists");
    }
    let db = db::open(url, 1).await?;
    db::vacuum_into(&db, to).await?;
    println!("backup written to {to}");
    Ok(())
}

fn remove_sqlite(url: &str) -> anyhow::Result<()> {
    let Some(path) = db::sqlite_path(url) else {
        bail!("--fresh only deletes a SQLite file; empty a PostgreSQL database yourself");
    };
    for suffix in ["", "-wal", "-shm"] {
        let p = format!("{path}{suffix}");
        if std::path::Path::new(&p).exists() {
            std::fs::remove_file(&p).with_context(|| format!("removing {p}"))?;
        }
    }
    Ok(())
}
