//! Field-level accuracy over the labelled message set (README "Paste to order" has the table):
//! 800 messages generated from the division data in the shapes chats use, plus hand-written
//! hard cases. Print the table with
//! `cargo test -p app --lib accuracy_table -- --nocapture`.

use super::labelled::{fresh, gen, hard, score, FIELDS};
use super::Divisions;

const SEED: u64 = 20240611;
const GENERATED: usize = 800;

fn divs() -> Divisions {
    Divisions::try_parse(include_str!("divisions.tsv")).unwrap()
}

/// Floors per field (fraction correct). Measured: 100% on every field of both sets (generated
/// 800/800, hand-written 156/156); the floors let 8 generated or 4 hand-written messages per
/// field regress before the test fails.
const FLOOR_GENERATED: [f64; 9] = [0.99; 9];
const FLOOR_HARD: [f64; 9] = [0.97; 9];

#[test]
fn accuracy_table() {
    let divs = divs();
    let data = gen::Data::load();
    let generated = gen::generate(&data, GENERATED, SEED);
    let mut hard = hard::cases();
    hard.extend(fresh::cases());
    let g = score(&divs, &generated);
    let h = score(&divs, &hard);
    g.print("generated");
    h.print("hand-written hard cases");
    let mut all = generated.clone();
    all.extend(hard.iter().cloned());
    score(&divs, &all).print("all");
    for f in g.failures.iter().chain(h.failures.iter()) {
        println!("{f}");
    }
    for (i, field) in FIELDS.iter().enumerate() {
        assert!(g.accuracy(i) >= FLOOR_GENERATED[i], "generated {field}: {:.3}", g.accuracy(i));
        assert!(h.accuracy(i) >= FLOOR_HARD[i], "hard {field}: {:.3}", h.accuracy(i));
    }
}

#[test]
fn set_is_large_and_varied() {
    let data = gen::Data::load();
    let generated = gen::generate(&data, GENERATED, SEED);
    assert!(generated.len() + hard::cases().len() + fresh::cases().len() >= 500);
    assert!(hard::cases().len() + fresh::cases().len() >= 40);
    let mut shapes: Vec<&str> = generated.iter().map(|c| c.shape).collect();
    shapes.sort();
    shapes.dedup();
    assert_eq!(shapes.len(), 24);
}

/// Parse time per message over the whole labelled set, in a release build:
/// `cargo test -p app --release --lib parse_speed -- --ignored --nocapture`.
#[test]
#[ignore]
fn parse_speed() {
    let t = std::time::Instant::now();
    let divs = divs();
    let load = t.elapsed();
    let data = gen::Data::load();
    let mut cases = gen::generate(&data, GENERATED, SEED);
    cases.extend(hard::cases());
    cases.extend(fresh::cases());
    let rounds = 50;
    let mut sink = 0usize;
    let t = std::time::Instant::now();
    for _ in 0..rounds {
        for c in &cases {
            sink += super::parse_contact(&divs, &c.input).unsure.len();
        }
    }
    let per = t.elapsed().as_secs_f64() * 1e6 / (rounds * cases.len()) as f64;
    println!("divisions loaded in {:.2} ms; {} messages x {rounds}: {per:.1} µs/message ({sink})", load.as_secs_f64() * 1e3, cases.len());
    assert!(per < 50.0, "{per} µs per message");
}

/// 20,000 more generated messages from another seed, to look for failure patterns the fixed
/// set misses: `cargo test -p app --release --lib large_sample -- --ignored --nocapture`.
#[test]
#[ignore]
fn large_sample() {
    let divs = divs();
    let data = gen::Data::load();
    let s = score(&divs, &gen::generate(&data, 20_000, 987_654_321));
    s.print("large sample");
    for f in s.failures.iter().take(50) {
        println!("{f}");
    }
    assert!(s.accuracy(0) >= 0.99);
}
