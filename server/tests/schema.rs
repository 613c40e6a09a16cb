//! The two migration folders stay in step: after migrating, SQLite and PostgreSQL define the
//! same tables, columns (and their nullability), indexes, unique keys, foreign keys and the
//! same number of CHECK constraints per table. Also: backup, restore and `server check`.

mod common;

use std::collections::BTreeSet;

type Shape = BTreeSet<String>;

async fn sqlite_shape(db: &app::state::Db) -> Shape {
    let mut out = Shape::new();
    let tables: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    for (t, sql) in tables {
        out.insert(format!("table {t}"));
        out.insert(format!("checks {t} {}", sql.matches("CHECK").count()));
        let cols: Vec<(String, i64, i64)> =
            sqlx::query_as("SELECT name, \"notnull\", pk FROM pragma_table_info($1)").bind(&t).fetch_all(&db.pool).await.unwrap();
        for (c, notnull, pk) in cols {
            out.insert(format!("column {t}.{c} {}", if notnull == 1 || pk > 0 { "not null" } else { "null" }));
        }
        let idx: Vec<(String, i64, String)> =
            sqlx::query_as("SELECT name, \"unique\", origin FROM pragma_index_list($1)").bind(&t).fetch_all(&db.pool).await.unwrap();
        for (name, unique, origin) in idx {
            let cols: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_index_info($1) ORDER BY seqno").bind(&name).fetch_all(&db.pool).await.unwrap();
            match origin.as_str() {
                "c" => out.insert(format!("index {name} on {t}({}) unique={}", cols.join(","), unique == 1)),
                "u" => out.insert(format!("unique {t}({})", cols.join(","))),
                _ => false,
            };
        }
        let fks: Vec<(String, String, String)> =
            sqlx::query_as("SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list($1)").bind(&t).fetch_all(&db.pool).await.unwrap();
        for (from, table, to) in fks {
            out.insert(format!("fk {t}.{from} -> {table}.{to}"));
        }
    }
    out
}

async fn postgres_shape(db: &app::state::Db) -> Shape {
    let mut out = Shape::new();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT CAST(table_name AS TEXT) FROM information_schema.tables WHERE table_schema = 'public' \
         AND table_type = 'BASE TABLE' AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    for t in tables {
        out.insert(format!("table {t}"));
        let checks: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid WHERE r.relname = $1 AND c.contype = 'c'",
        )
        .bind(&t)
        .fetch_one(&db.pool)
        .await
        .unwrap();
        out.insert(format!("checks {t} {checks}"));
        let cols: Vec<(String, String)> = sqlx::query_as(
            "SELECT CAST(column_name AS TEXT), CAST(is_nullable AS TEXT) FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1",
        )
        .bind(&t)
        .fetch_all(&db.pool)
        .await
        .unwrap();
        for (c, nullable) in cols {
            out.insert(format!("column {t}.{c} {}", if nullable == "NO" { "not null" } else { "null" }));
        }
        // Indexes with their columns in order; constraint-backed ones are unique keys or primary keys.
        let idx: Vec<(String, bool, Option<String>, String)> = sqlx::query_as(
            "SELECT CAST(i.relname AS TEXT), ix.indisunique, CAST(con.contype AS TEXT), \
                    CAST(string_agg(a.attname, ',' ORDER BY k.ord) AS TEXT) \
             FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class r ON r.oid = ix.indrelid \
             LEFT JOIN pg_constraint con ON con.conindid = ix.indexrelid \
             CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord) \
             JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum = k.attnum \
             WHERE r.relname = $1 GROUP BY i.relname, ix.indisunique, con.contype",
        )
        .bind(&t)
        .fetch_all(&db.pool)
        .await
        .unwrap();
        for (name, unique, contype, cols) in idx {
            match contype.as_deref() {
                None => out.insert(format!("index {name} on {t}({cols}) unique={unique}")),
                Some("u") => out.insert(format!("unique {t}({cols})")),
                _ => false,
            };
        }
        let fks: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT CAST(a.attname AS TEXT), CAST(rt.relname AS TEXT), CAST(ra.attname AS TEXT) FROM pg_constraint c \
             JOIN pg_class r ON r.oid = c.conrelid JOIN pg_class rt ON rt.oid = c.confrelid \
             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] \
             JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1] \
             WHERE c.contype = 'f' AND r.relname = $1",
        )
        .bind(&t)
        .fetch_all(&db.pool)
        .await
        .unwrap();
        for (from, table, to) in fks {
            out.insert(format!("fk {t}.{from} -> {table}.{to}"));
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_migration_folders_define_the_same_schema() {
    let Some(pg) = common::postgres().await else { return };
    let lite = common::sqlite().await;
    let (a, mut b) = (sqlite_shape(&lite.db).await, postgres_shape(&pg.db).await);
    assert!(a.len() > 60, "the introspection found the schema: {a:?}");
    // Indexes that only pay off on one backend (each migration says why).
    for pg_only in ["index agg_team_sku_day_cover on agg_team_sku_day(day,sku_id,qty,sales_fen) unique=false"] {
        assert!(b.remove(pg_only), "{pg_only} is on PostgreSQL");
    }
    let only_sqlite: Vec<&String> = a.difference(&b).collect();
    let only_pg: Vec<&String> = b.difference(&a).collect();
    assert!(only_sqlite.is_empty() && only_pg.is_empty(), "only in SQLite: {only_sqlite:#?}\nonly in PostgreSQL: {only_pg:#?}");
    lite.finish().await;
    pg.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_restore_and_check() {
    let t = common::sqlite().await;
    common::team(&t.db).await;
    let dir = std::env::temp_dir();
    let to = dir.join(format!("zg_backup_{}.db", std::process::id())).display().to_string();
    let _ = std::fs::remove_file(&to);
    server::db::vacuum_into(&t.db, &to).await.unwrap();
    // Restoring into another file gives a working database with the same users.
    let target = dir.join(format!("zg_restored_{}.db", std::process::id())).display().to_string();
    let url = format!("sqlite://{target}");
    let msg = server::db::restore(&url, &to).await.unwrap();
    assert!(msg.contains("restored"), "{msg}");
    let restored = server::db::open(&url, 1).await.unwrap();
    assert!(common::login(&restored, "boss", common::PASSWORD).await.is_ok());
    assert!(server::check::run(&restored).await.unwrap().ok());
    restored.pool.close().await;
    // A file that is not a Zhanggui database is refused and the target stays as it was.
    let junk = dir.join(format!("zg_junk_{}.db", std::process::id())).display().to_string();
    std::fs::write(&junk, b"definitely not sqlite").unwrap();
    let e = server::db::restore(&url, &junk).await.unwrap_err().to_string();
    assert!(e.contains("not a SQLite database"), "{e}");
    let other = common::sqlite().await; // a SQLite file, but not ours once its tables are gone
    sqlx::query("DROP TABLE _sqlx_migrations").execute(&other.db.pool).await.unwrap();
    let other_path = other.url.trim_start_matches("sqlite://").to_string();
    let e = server::db::restore(&url, &other_path).await.unwrap_err().to_string();
    assert!(e.contains("not a Zhanggui database"), "{e}");
    let again = server::db::open(&url, 1).await.unwrap();
    assert!(common::login(&again, "boss", common::PASSWORD).await.is_ok());
    again.pool.close().await;
    for f in [&to, &target, &junk] {
        let _ = std::fs::remove_file(f);
    }
    other.finish().await;
    t.finish().await;
}
