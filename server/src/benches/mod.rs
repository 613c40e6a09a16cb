//! `server bench`: load a running server with the generated team's mix of requests at
//! several concurrencies, measure the bare-SQL floor of each read, the server's peak memory
//! and the size of what a browser downloads, and write it all as a Markdown report.

pub mod finance;
pub mod intake;
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
    let mut throughput = Vec::new();
    let mut errors = Vec::new();
    for &users in &args.users {
        let names = load::mixed_users(users, agents as usize);
        let l = load::run(&args.url, &names, args.seconds, crate::gen::PASSWORD).await.with_context(|| format!("load at {users} users"))?;
        for (kind, s) in &l.samples {
            let _ = writeln!(md, "| {users} | {} | {} | {:.1} | {:.1} | {:.1} |", kind.name(), s.len(), s.ms(50.0), s.ms(95.0), s.ms(99.0));
        }
        throughput.push((users, l.requests() as f64 / l.elapsed.as_secs_f64(), l.errors.values().sum::<u64>()));
        errors.extend(l.errors.iter().map(|(e, n)| format!("{users} users: {n} × {e}")));
    }
    let _ = writeln!(md, "\n| users | requests/s | errors |\n|---:|---:|---:|");
    for (u, rps, e) in &throughput {
        let _ = writeln!(md, "| {u} | {rps:.0} | {e} |");
    }
    for e in errors.iter().take(10) {
        let _ = writeln!(md, "\n- error: {e}");
    }
    floor_table(db, &args.url, args.seconds, orders, &mut md).await?;
    if let Some(pid) = args.server_pid {
        let _ = writeln!(md, "\nServer peak RSS: {:.0} MB", peak_rss_kb(pid).unwrap_or(0) as f64 / 1024.0);
    }
    Ok(md)
}

/// The app against the bare SQL, per read kind and per kind of caller: one user alone (the
/// boss, then a leader agent, whose line has four members) against the median of the same
/// queries run directly.
async fn floor_table(db: &Db, url: &str, seconds: u64, orders: i64, md: &mut String) -> anyhow::Result<()> {
    let mobiles: Vec<String> = sqlx::query_scalar("SELECT mobile FROM customers ORDER BY id LIMIT 50").fetch_all(&db.pool).await?;
    let ids: Vec<i64> = (0..50).map(|i| 1 + (i * 7919) % orders).collect();
    // Tracking numbers of completed orders of the caller's line (the leader's own for the agent).
    let tracking = |agent: Option<i64>| {
        let mut q = String::from("SELECT tracking_no FROM orders WHERE status = 'completed' AND tracking_no IS NOT NULL");
        if let Some(a) = agent {
            q.push_str(&format!(" AND agent_id = {a}"));
        }
        q.push_str(" ORDER BY created_at DESC, id DESC LIMIT 50");
        q
    };
    let _ = writeln!(md, "\n| read | caller | app p50 ms (1 user) | bare SQL median ms | app / floor |\n|---|---|---:|---:|---:|");
    for (who, username, caller) in [("boss", "gboss", floor::Caller { user_id: 1, agent: false }), ("leader agent", "g001", floor::Caller { user_id: 4, agent: true })] {
        let app = load::run(url, &[username.to_string()], seconds.min(10), crate::gen::PASSWORD).await?;
        let numbers: Vec<String> = sqlx::query_scalar(&tracking(caller.agent.then_some(caller.user_id))).fetch_all(&db.pool).await?;
        let floor = floor::measure(db, std::slice::from_ref(&caller), &mobiles, &numbers, &ids, 100).await?;
        for (kind, f) in &floor {
            let a = app.samples.get(kind).map(|s| s.ms(50.0)).unwrap_or(f64::NAN);
            let fm = f.ms(50.0);
            let _ = writeln!(md, "| {} | {who} | {a:.2} | {fm:.2} | {:.2} |", kind.name(), a / fm);
        }
    }
    Ok(())
}

/// The peak resident memory of a process (VmHWM), in KiB.
fn peak_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()
}
