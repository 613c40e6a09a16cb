//! Command line: `serve` (default), `migrate`, `demo`, `user …`, `backup`, `restore`, `check`.
//! Commands act through the app's services as the explicit system caller.

use crate::security::Security;
use crate::{db, demo, serve, web};
use anyhow::{bail, Context};
use app::auth::{NewUser, Role, SessionPolicy};
use app::error::AppError;
use app::i18n::Lang;
use app::state::Settings;
use clap::{Parser, Subcommand};
use std::time::Duration;

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
    /// Replace the SQLite database with a backup (stop the server first).
    Restore {
        /// A backup made by `backup` (or a copy of a Zhanggui database file).
        #[arg(long)]
        from: String,
    },
    /// Verify the data's invariants: stock on hand equals the ledger, order totals equal their lines.
    Check,
    /// Customers (CRM): `refresh` re-evaluates figures, lifecycle, RFM and automatic tags of
    /// every customer (in batched transactions); `campaigns` runs the campaigns now; `daily`
    /// runs today's daily job (both) unless a server already did, as the server does once a
    /// day by itself.
    Crm {
        #[arg(value_parser = ["refresh", "campaigns", "daily"])]
        action: String,
    },
    /// Recompute every SKU's 30-day demand forecast and its backtest now (the server does it
    /// daily); prints how long it took.
    Forecast,
        /// Recompute derived data (the reporting aggregates, finance's daily totals and order balances); `check` compares them.
    Rebuild,
    /// Commissions: the month end (月结) and its approval, as the app's boss actions.
    #[command(subcommand)]
    Commissions(CommissionsCommand),
    /// Fill an empty database with a large generated team for benchmarks (deterministic).
    Gen(GenArgs),
    /// Load a running server (on generated data) and report latencies, the SQL floor and sizes.
    Bench {
        /// The server to load.
        #[arg(long, default_value = "http://127.0.0.1:3400")]
        url: String,
        /// Concurrent users, one run each.
        #[arg(long, value_delimiter = ',', default_value = "1,10,50")]
        users: Vec<usize>,
        /// Seconds per run.
        #[arg(long, default_value_t = 15)]
        seconds: u64,
        /// A name for the report's heading (e.g. the database).
        #[arg(long, default_value = "SQLite")]
        label: String,
        /// The server's process id, for its peak memory.
        #[arg(long)]
        server_pid: Option<u32>,
    },
    /// On a generated team: time the month's P&L and the import of a large WeChat Pay bill
    /// through the finance services (changes the database: use a copy).
    BenchFinance {
        /// Lines of the bill.
        #[arg(long, default_value_t = 50_000)]
        lines: usize,
    },
    /// On a generated team: time a large Pinduoduo order export through the intake
    /// services — upload, preview, commit (changes the database: use a copy).
    BenchIntake {
        /// Rows (orders) of the export.
        #[arg(long, default_value_t = 10_000)]
        rows: usize,
    },
    /// Write brotli and gzip copies next to every built asset (run after a release build).
    Precompress {
        #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
        site_root: String,
    },
    /// Print the sizes of the built scripts and styles (raw, gzip, brotli).
    Sizes {
        #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
        site_root: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum CommissionsCommand {
    /// Compute a month's commission statements (drafts). Idempotent: running it again with
    /// nothing changed writes nothing and says so.
    MonthEnd {
        /// The month, e.g. 2026-11.
        #[arg(long)]
        month: String,
    },
    /// Approve a month that is over: its statements become 已确认 and are locked.
    Approve {
        #[arg(long)]
        month: String,
    },
}

#[derive(clap::Args, Debug)]
pub struct GenArgs {
    #[arg(long, default_value_t = 1_000_000)]
    pub orders: usize,
    #[arg(long, default_value_t = 200)]
    pub agents: usize,
    #[arg(long, default_value_t = 100_000)]
    pub customers: usize,
    #[arg(long, default_value_t = 5_000)]
    pub skus: usize,
    #[arg(long, default_value_t = 3)]
    pub warehouses: usize,
    /// Days of orders, ending today.
    #[arg(long, default_value_t = 730)]
    pub days: i64,
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
}

#[derive(clap::Args, Debug, Default)]
pub struct ServeArgs {
    /// Address to listen on; defaults to LEPTOS_SITE_ADDR or 127.0.0.1:3000.
    #[arg(long, env = "ZG_ADDR")]
    pub addr: Option<std::net::SocketAddr>,
    /// Demo mode: seed demo data into an empty database, and let the demo accounts sign in.
    #[arg(long, env = "ZG_DEMO", value_parser = clap::builder::BoolishValueParser::new())]
    pub demo: bool,
    /// Served over HTTPS: `__Host-` Secure session cookie, HSTS.
    #[arg(long, env = "ZG_SECURE_COOKIES", value_parser = clap::builder::BoolishValueParser::new())]
    pub secure_cookies: bool,
    /// Other origins allowed to send state-changing requests, comma-separated.
    #[arg(long, env = "ZG_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub allowed_origins: Vec<String>,
    /// Trust X-Forwarded-For / X-Forwarded-Proto from a reverse proxy in front.
    #[arg(long, env = "ZG_TRUST_PROXY", value_parser = clap::builder::BoolishValueParser::new())]
    pub trust_proxy: bool,
    /// A session ends after this many days without use.
    #[arg(long, env = "ZG_SESSION_IDLE_DAYS", default_value_t = 7)]
    pub session_idle_days: i64,
    /// A session ends this many days after sign-in, however it is used.
    #[arg(long, env = "ZG_SESSION_DAYS", default_value_t = 30)]
    pub session_days: i64,
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
    /// Set a new password (from ZG_PASSWORD or asked for), end the user's sessions and sign-in delays.
    ResetPassword {
        #[arg(long)]
        username: String,
    },
    /// Clear the sign-in delays of a username.
    Unlock {
        #[arg(long)]
        username: String,
    },
    /// Disable a user (sessions end, sign-in refused, data kept).
    Disable {
        #[arg(long)]
        username: String,
    },
    /// Enable a disabled user again.
    Enable {
        #[arg(long)]
        username: String,
    },
}

pub async fn run() -> anyhow::Result<()> {
    init_logs();
    let cli = Cli::parse();
    let conns = cli.db_connections;
    match cli.command.unwrap_or(Command::Serve(ServeArgs::default_from_env())) {
        Command::Serve(args) => serve(&cli.database_url, conns, args).await,
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
        Command::Restore { from } => {
            println!("{}", db::restore(&cli.database_url, &from).await?);
            Ok(())
        }
        Command::Check => check(&cli.database_url).await,
        Command::Crm { action } => {
            let db = db::open(&cli.database_url, 2).await?;
            let sys = app::auth::service::system();
            if action == "refresh" {
                let seeded = app::customers::service::seed_default_tags(&db, Lang::Zh).await.map_err(both)?;
                let r = app::customers::service::refresh_all(&db, &sys).await.map_err(both)?;
                println!(
                    "re-evaluated {} customers in {} batches in {} ms (figures and RFM {} ms, batch reads {} ms, writes {} ms): {} stage changes, {} tags added, {} removed ({seeded} starting tags added)",
                    r.customers, r.batches, r.millis, r.prepare_ms, r.read_ms, r.write_ms, r.stage_changes, r.tags_added, r.tags_removed
                );
            } else if action == "daily" {
                match app::customers::service::daily(&db).await.map_err(both)? {
                    Some((r, c)) => println!(
                        "daily run: re-evaluated {} customers in {} batches in {} ms (figures and RFM {} ms, batch reads {} ms, writes {} ms): {} stage changes, {} tags added, {} removed; campaigns made {} follow-ups and issued {} coupons",
                        r.customers, r.batches, r.millis, r.prepare_ms, r.read_ms, r.write_ms, r.stage_changes, r.tags_added, r.tags_removed, c.follow_ups, c.coupons
                    ),
                    None => println!("today's daily run was done already"),
                }
            } else {
                let r = app::customers::service::run_campaigns(&db, &sys).await.map_err(both)?;
                println!("campaigns made {} follow-ups and issued {} coupons", r.follow_ups, r.coupons);
            }
            Ok(())
        }
        Command::Forecast => {
            let db = db::open(&cli.database_url, 2).await?;
            let started = std::time::Instant::now();
            let n = app::inventory::service::refresh_forecasts(&db, &app::auth::service::system()).await.map_err(both)?;
            println!("forecasts of {n} SKUs in {} ms", started.elapsed().as_millis());
            Ok(())
        }
        Command::Rebuild => {
            let db = db::open(&cli.database_url, 2).await?;
            let started = std::time::Instant::now();
            app::dashboard::service::rebuild(&db, &app::auth::service::system()).await.map_err(both)?;
            app::finance::service_pnl::rebuild_totals(&db, &app::auth::service::system()).await.map_err(both)?;
            println!("reporting aggregates and finance totals rebuilt in {} ms", started.elapsed().as_millis());
            Ok(())
        }
        Command::BenchFinance { lines } => {
            let db = db::open(&cli.database_url, 4).await?;
            println!("{}", crate::benches::finance::run(&db, lines).await?);
            Ok(())
        }
        Command::BenchIntake { rows } => {
            let db = db::open(&cli.database_url, 4).await?;
            println!("{}", crate::benches::intake::run(&db, rows).await?);
            Ok(())
        }
        Command::Commissions(cmd) => commissions(&cli.database_url, cmd).await,
        Command::Bench { url, users, seconds, label, server_pid } => {
            let db = db::open(&cli.database_url, 4).await?;
            let args = crate::benches::BenchArgs { url, users, seconds, label, server_pid };
            println!("{}", crate::benches::run(&db, &args).await?);
            Ok(())
        }
        Command::Precompress { site_root } => {
            println!("precompressed {} files under {site_root}", crate::benches::sizes::precompress(&site_root)?);
            Ok(())
        }
        Command::Sizes { site_root } => {
            println!("{}", crate::benches::sizes::table(&site_root));
            Ok(())
        }
        Command::Gen(a) => {
            let db = db::open(&cli.database_url, 2).await?;
            let spec = crate::gen::Spec {
                orders: a.orders,
                agents: a.agents.max(1),
                customers: a.customers.max(1),
                skus: a.skus.max(1),
                warehouses: a.warehouses.max(1),
                days: a.days.max(1),
                seed: a.seed,
                today: demo::today(),
            };
            println!("{}", crate::gen::generate(&db, spec).await?);
            Ok(())
        }
    }
}

/// Logs to stderr; `ZG_LOG_FORMAT=json` for one JSON object per line (with request ids).
fn init_logs() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into());
    if std::env::var("ZG_LOG_FORMAT").is_ok_and(|v| v.eq_ignore_ascii_case("json")) {
        tracing_subscriber::fmt().json().with_env_filter(filter).with_writer(std::io::stderr).init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
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
    // A build with hashed asset names leaves its hash file next to the binary: use it even
    // when the server is started without cargo-leptos's environment.
    if std::env::var("LEPTOS_HASH_FILES").is_err() {
        let hash_file = std::env::current_exe().ok().and_then(|p| p.parent().map(|d| d.join(options.hash_file.as_ref())));
        options.hash_files = hash_file.is_some_and(|f| f.exists());
    }
    let addr = options.site_addr;
    if args.demo && !addr.ip().is_loopback() {
        let warning = format!(
            "DEMO MODE on a public address ({addr}): anyone who can reach it signs in with the published demo passwords. \
             演示模式正在公网地址上运行，任何人都可以用公开的演示密码登录。"
        );
        eprintln!("\n\x1b[1;41m WARNING \x1b[0m {warning}\n");
        tracing::warn!("{warning}");
    }
    let session = SessionPolicy { idle_ms: args.session_idle_days * 86_400_000, absolute_ms: args.session_days * 86_400_000 };
    let settings = Settings { secure_cookies: args.secure_cookies, demo: args.demo, session };
    let sec = Security { allowed_origins: args.allowed_origins.clone(), https: args.secure_cookies, trust_proxy: args.trust_proxy };
    let app = web::router(db.clone(), options, settings, sec.clone());
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("binding {addr}"))?;
    tracing::info!("微掌柜 listening on http://{addr} ({})", db::redact(url));
    announce(addr, args.demo);
    let housekeeping = tokio::spawn(crate::housekeeping::run(db.clone(), session));
    let notify = tokio::spawn(crate::notify::run(db.clone(), crate::notify::Notifiers::standard(), Duration::from_secs(5)));
    serve::run(listener, app, sec, serve::signal()).await;
    housekeeping.abort();
    notify.abort();
    db.pool.close().await;
    tracing::info!("database closed; bye");
    Ok(())
}

/// What to do next, printed once the server listens; with the time since `make run`
/// started when it passed `ZG_STARTED_AT`.
fn announce(addr: std::net::SocketAddr, demo: bool) {
    let since = std::env::var("ZG_STARTED_AT").ok().and_then(|s| s.parse::<i64>().ok());
    let took = since.map(|t| {
        let secs = chrono::Utc::now().timestamp() - t;
        format!(" after {}m{:02}s", secs / 60, secs % 60)
    });
    println!("\n微掌柜 is ready{} at http://{addr}", took.unwrap_or_default());
    if demo {
        println!("Sign in as boss / {} (agents a01…a20 / {}, staff cangku, caiwu / {}).", demo::BOSS.1, demo::AGENT_PASSWORD, demo::STAFF_PASSWORD);
    }
    println!("Stop with Ctrl-C. Run every test with `make test`.\n");
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

/// An app error for the terminal, in both languages.
pub fn both(e: AppError) -> anyhow::Error {
    anyhow::anyhow!("{} / {}", e.message(Lang::Zh), e.message(Lang::En))
}

async fn user(url: &str, cmd: UserCommand) -> anyhow::Result<()> {
    let db = db::open(url, 1).await?;
    let sys = app::auth::service::system();
    let id_of = |name: String| {
        let (db, sys) = (db.clone(), sys.clone());
        async move { app::auth::service::user_id(&db, &sys, &name).await.map_err(|_| anyhow::anyhow!("no user {name}")) }
    };
    match cmd {
        UserCommand::Create { username, name, role, parent } => {
            let parent_id = match parent {
                Some(p) => Some(id_of(p).await?),
                None => None,
            };
            let role = Role::parse(&role).context("role")?;
            let input = NewUser { username: username.into(), display_name: name.into(), password: read_password()?.into(), role, parent_id };
            let id = app::auth::service::create_user(&db, &sys, &input).await.map_err(both)?;
            println!("created user {} (id {id})", input.username);
        }
        UserCommand::ResetPassword { username } => {
            let id = id_of(username.clone()).await?;
            app::auth::service::reset_password(&db, &sys, id, Some(&read_password()?)).await.map_err(both)?;
            println!("password of {username} reset; their sessions and sign-in delays have ended");
        }
        UserCommand::Unlock { username } => {
            let n = app::auth::service::unlock(&db, &sys, &username).await.map_err(both)?;
            println!("sign-in delays of {username} cleared ({n} entries)");
        }
        UserCommand::Disable { username } | UserCommand::Enable { username } if false => unreachable!("{username}"),
        UserCommand::Disable { username } => {
            app::auth::service::set_active(&db, &sys, id_of(username.clone()).await?, false).await.map_err(both)?;
            println!("{username} disabled; their sessions have ended");
        }
        UserCommand::Enable { username } => {
            app::auth::service::set_active(&db, &sys, id_of(username.clone()).await?, true).await.map_err(both)?;
            println!("{username} enabled");
        }
    }
    Ok(())
}

async fn backup(url: &str, to: &str) -> anyhow::Result<()> {
    if db::sqlite_path(url).is_none() {
        bail!("backup copies a SQLite database; for PostgreSQL use pg_dump (see README)");
    }
    if std::path::Path::new(to).exists() {
        bail!("{to} already exists");
    }
    let db = db::open(url, 1).await?;
    db::vacuum_into(&db, to).await?;
    println!("backup written to {to}");
    Ok(())
}

async fn commissions(url: &str, cmd: CommissionsCommand) -> anyhow::Result<()> {
    use app::commissions::{service, Month};
    let db = db::open(url, 2).await?;
    let sys = app::auth::service::system();
    let parse = |m: &str| Month::parse(m).with_context(|| format!("{m} is not a month such as 2026-11"));
    match cmd {
        CommissionsCommand::MonthEnd { month } => {
            let o = service::run_month_end(&db, &sys, parse(&month)?).await.map_err(both)?;
            println!("{}: {} / {} ({} ms)", o.month, app::commissions::text::outcome_text(&o, Lang::Zh), app::commissions::text::outcome_text(&o, Lang::En), o.millis);
        }
        CommissionsCommand::Approve { month } => {
            let n = service::approve_month(&db, &sys, parse(&month)?).await.map_err(both)?;
            println!("{month}: {n} 张对账单已确认 / {n} statements approved");
        }
    }
    Ok(())
}

/// Verify invariants; a non-zero exit when any is broken.
async fn check(url: &str) -> anyhow::Result<()> {
    let db = db::open(url, 2).await?;
    let report = crate::check::run(&db).await?;
    println!("{report}");
    if !report.ok() {
        bail!("invariants broken");
    }
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
