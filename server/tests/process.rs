//! The real server binary as a process: killed with SIGKILL in the middle of a stream of
//! writes it loses nothing it acknowledged; SIGTERM shuts it down gracefully; a client that
//! trickles its headers is cut off; two servers on one PostgreSQL share sessions.

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Start `server serve` on `url`; waits until /healthz answers.
async fn start(url: &str, port: u16) -> Child {
    let child = Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("serve")
        .env("DATABASE_URL", url)
        .env("ZG_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_OUTPUT_NAME", "zhanggui")
        .env("LEPTOS_SITE_ROOT", "target/site")
        .env("RUST_LOG", "warn")
        .env_remove("ZG_DEMO")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start server");
    let http = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if http.get(format!("http://127.0.0.1:{port}/healthz")).send().await.is_ok() {
            return child;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("server did not start");
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).timeout(Duration::from_secs(20)).build().unwrap()
}

async fn sign_in(c: &reqwest::Client, port: u16, user: &str) {
    let r = c
        .post(format!("http://127.0.0.1:{port}/rpc/login"))
        .form(&[("username", user), ("password", common::PASSWORD)])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "login {user}: {}", r.status());
}

fn order_form(agent: i64, sku: i64, i: usize) -> Vec<(String, String)> {
    vec![
        ("input[agent_id]".into(), agent.to_string()),
        ("input[customer_name]".into(), "王女士".into()),
        ("input[mobile]".into(), format!("1390{:07}", i)),
        ("input[address]".into(), "浙江省杭州市西湖区文三路1号".into()),
        ("input[channel]".into(), "wechat".into()),
        ("input[lines][0][sku_id]".into(), sku.to_string()),
        ("input[lines][0][qty]".into(), "1".into()),
    ]
}

/// A team and a SKU with stock in a fresh SQLite file; returns (url, agent a2, sku).
async fn seeded_sqlite() -> (common::TestDb, i64, i64) {
    let t = common::sqlite().await;
    let team = common::team(&t.db).await;
    let sku = common::sku(&t.db, &team.boss, "9.90", 100_000).await;
    (t, team.ids.2, sku)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigkill_loses_no_acknowledged_write() {
    let (t, agent, sku) = seeded_sqlite().await;
    let port = free_port();
    let mut server = start(&t.url, port).await;
    let c = client();
    sign_in(&c, port, "boss").await;
    let base = format!("http://127.0.0.1:{port}");
    // Four writers: each creates an order, confirms payment and ships it, and remembers
    // the orders the server acknowledged as shipped.
    let mut writers = Vec::new();
    for w in 0..4 {
        let (c, base) = (c.clone(), base.clone());
        writers.push(tokio::spawn(async move {
            let mut acked = Vec::new();
            for i in 0.. {
                let form = order_form(agent, sku, w * 100_000 + i);
                let Ok(r) = c.post(format!("{base}/rpc/create_order")).form(&form).send().await else { break };
                let Ok(body) = r.json::<serde_json::Value>().await else { break };
                let id = body[0].as_i64().expect("order id");
                let paid = c.post(format!("{base}/rpc/transition_order")).form(&[("id", id.to_string()), ("transition", "mark_paid".into())]).send().await;
                let shipped = match paid {
                    Ok(_) => c.post(format!("{base}/rpc/transition_order")).form(&[("id", id.to_string()), ("transition", "ship".into())]).send().await,
                    Err(e) => Err(e),
                };
                acked.push((id, matches!(shipped, Ok(ref r) if r.status().is_success())));
            }
            acked
        }));
    }
    tokio::time::sleep(Duration::from_millis(2500)).await;
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();
    let mut acked = Vec::new();
    for w in writers {
        acked.extend(w.await.unwrap());
    }
    assert!(acked.len() > 20, "the stream was running ({} orders)", acked.len());
    // After the crash: every acknowledged order is there (shipped ones shipped), and the
    // invariants hold (`server check`).
    let db = server::db::open(&t.url, 2).await.unwrap();
    let sys = app::auth::service::system();
    for (id, shipped) in &acked {
        let o = app::orders::service::get_order(&db, &sys, app::orders::OrderId(*id)).await.expect("acknowledged order survives");
        if *shipped {
            assert_eq!(o.summary.status, app::orders::OrderStatus::Shipped);
        }
    }
    db.pool.close().await;
    let check = Command::new(env!("CARGO_BIN_EXE_server")).arg("check").env("DATABASE_URL", &t.url).env("RUST_LOG", "warn").output().unwrap();
    let out = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "server check: {out}");
    assert!(out.contains("stock on hand = ledger sum: ok") && out.contains("order total = sum of lines: ok"), "{out}");
    t.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_shuts_down_gracefully_and_slow_headers_are_cut_off() {
    let (t, _, _) = seeded_sqlite().await;
    let port = free_port();
    let mut server = start(&t.url, port).await;
    // A client that sends half a request and waits is disconnected after the header timeout.
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut slow = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    let started = Instant::now();
    let mut buf = [0u8; 256];
    let n = tokio::time::timeout(Duration::from_secs(30), slow.read(&mut buf)).await.expect("cut off in time").unwrap_or(0);
    let waited = started.elapsed();
    assert!(waited >= Duration::from_secs(9) && waited < Duration::from_secs(20), "cut off after {waited:?}");
    let answer = String::from_utf8_lossy(&buf[..n]);
    assert!(n == 0 || answer.starts_with("HTTP/1.1 408"), "{answer}");
    // SIGTERM: the server stops accepting, finishes, closes the pool and exits 0.
    let c = client();
    sign_in(&c, port, "boss").await;
    let base = format!("http://127.0.0.1:{port}");
    let inflight: Vec<_> = (0..10)
        .map(|_| {
            let (c, base) = (c.clone(), base.clone());
            tokio::spawn(async move { c.post(format!("{base}/rpc/list_orders")).send().await.map(|r| r.status().as_u16()) })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(20)).await;
    Command::new("kill").arg("-TERM").arg(server.id().to_string()).status().unwrap();
    let status = server.wait().unwrap();
    assert!(status.success(), "exit status {status:?}");
    let mut stderr = String::new();
    std::io::Read::read_to_string(server.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    for f in inflight {
        // Requests the server had accepted were answered in full; later ones were refused at connect.
        match f.await.unwrap() {
            Ok(code) => assert_eq!(code, 200),
            Err(e) => assert!(e.is_connect(), "{e}"),
        }
    }
    let _ = stderr;
    t.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_on_one_postgres_share_sessions() {
    let Some(t) = common::postgres().await else { return };
    let team = common::team(&t.db).await;
    common::sku(&t.db, &team.boss, "9.90", 10).await;
    let (pa, pb) = (free_port(), free_port());
    let mut a = start(&t.url, pa).await;
    let mut b = start(&t.url, pb).await;
    // Sign in on A and keep the raw session cookie.
    let http = reqwest::Client::new();
    let r = http
        .post(format!("http://127.0.0.1:{pa}/rpc/login"))
        .form(&[("username", "a1"), ("password", common::PASSWORD)])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    let cookie = r.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let call = |port: u16, f: &'static str| {
        let (http, cookie) = (http.clone(), cookie.clone());
        async move { http.post(format!("http://127.0.0.1:{port}/rpc/{f}")).header("cookie", cookie).send().await.unwrap() }
    };
    assert_eq!(call(pb, "list_orders").await.status().as_u16(), 200, "a session made on A works on B");
    let names: Vec<String> =
        call(pb, "list_team").await.json::<Vec<serde_json::Value>>().await.unwrap().iter().map(|m| m["username"].as_str().unwrap().to_string()).collect();
    assert_eq!(names, vec!["a1", "a2"], "B applies A's caller scope");
    // Signing out on B ends the session on A too (the same cookie is refused there).
    assert!(call(pb, "logout").await.status().is_success());
    assert_eq!(call(pa, "list_orders").await.status().as_u16(), 401, "signed out everywhere");
    a.kill().unwrap();
    b.kill().unwrap();
    let _ = (a.wait(), b.wait());
    t.finish().await;
}
