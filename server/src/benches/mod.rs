//! `server bench`: load a running server with the generated team's mix of requests at
//! several concurrencies, measure the bare-SQL floor of each read, the server's peak memory
//! and the size of what a browser downloads, and write it all as a Markdown report.

mod floor;
mod load;
pub mod sizes;
mod stats;

use anyhow::Context;
use app::state::Db;
use std::fmt::Write;

pub struct BenchArgs {
    pub url: String,
    pub users: Vec<usize>,
    pub seconds: u64,
    pub label: String,
    pub server_pid: Option<u32>,
}

pub async fn run(db: &Db, args: &BenchArgs) -> anyhow::Result<String> {
    let agents: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'agent'").fetch_one(&db.pool).await?;
    let orders: i64 = sqlx::query_scalar("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM orders").fetch_one(&db.pool).await?;
    anyhow::ensure!(agents > 0 && orders > 0, "no generated team here: run `server gen` first");
    let mut md = String::new();
    let _ = writeln!(md, "### {} — {} orders, {} agents\n", args.label, orders, agents);
    let _ = writeln!(md, "| users | kind | requests | p50 ms | p95 ms | p99 ms |\n|---:|---|---:|---:|---:|---:|");
    let mut first = None;
    let mut throughput = Vec::new();
    let mut errors = Vec::new();
    for &users in &args.users {
        let l = load::run(&args.url, users, args.seconds, agents as usize, crate::gen::PASSWORD).await.with_context(|| format!("load at {users} users"))?;
        for (kind, s) in &l.samples {
            let _ = writeln!(md, "| {users} | {} | {} | {:.1} | {:.1} | {:.1} |", kind.name(), s.len(), s.ms(50.0), s.ms(95.0), s.ms(99.0));
        }
        throughput.push((users, l.requests() as f64 / l.elapsed.as_secs_f64(), l.errors.values().sum::<u64>()));
        errors.extend(l.errors.iter().map(|(e, n)| format!("{users} users: {n} × {e}")));
        if first.is_none() {
            first = Some(l);
        }
    }
    let _ = writeln!(md, "\n| users | requests/s | errors |\n|---:|---:|---:|");
    for (u, rps, e) in &throughput {
        let _ = writeln!(md, "| {u} | {rps:.0} | {e} |");
    }
    for e in errors.iter().take(10) {
        let _ = writeln!(md, "\n- error: {e}");
    }
    floor_table(db, first.as_ref(), agents, orders, &mut md).await?;
    if let Some(pid) = args.server_pid {
        let _ = writeln!(md, "\nServer peak RSS: {:.0} MB", peak_rss_kb(pid).unwrap_or(0) as f64 / 1024.0);
    }
    Ok(md)
}

/// App (p50 at the lowest concurrency) against the bare SQL (median) per read kind.
async fn floor_table(db: &Db, first: Option<&load::Load>, agents: i64, orders: i64, md: &mut String) -> anyhow::Result<()> {
    let mut callers = vec![floor::Caller { user_id: 1, agent: false }];
    for i in [1usize, 37, 74, 111] {
        callers.push(floor::Caller { user_id: 3 + ((i % agents as usize) + 1) as i64, agent: true });
    }
    let mobiles: Vec<String> = sqlx::query_scalar("SELECT mobile FROM customers ORDER BY id LIMIT 50").fetch_all(&db.pool).await?;
    let ids: Vec<i64> = (0..50).map(|i| 1 + (i * 7919) % orders).collect();
    let floor = floor::measure(db, &callers, &mobiles, &ids, 100).await?;
    let _ = writeln!(md, "\n| read | app p50 ms (1 user) | bare SQL median ms | app / floor |\n|---|---:|---:|---:|");
    for (kind, f) in &floor {
        let app = first.and_then(|l| l.samples.get(kind)).map(|s| s.ms(50.0)).unwrap_or(f64::NAN);
        let fm = f.ms(50.0);
        let _ = writeln!(md, "| {} | {app:.2} | {fm:.2} | {:.2} |", kind.name(), app / fm);
    }
    Ok(())
}

/// The peak resident memory of a process (VmHWM), in KiB.
fn peak_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()
}
