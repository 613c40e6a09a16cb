//! What a browser downloads: the built wasm, JS and CSS, raw, gzip -9 and brotli q11; and
//! `server precompress`, which writes those `.gz` and `.br` files next to each asset at build
//! time, so the server sends them without compressing on every request.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).expect("in memory");
    e.finish().expect("in memory")
}

fn brotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut std::io::Cursor::new(data), &mut out, &params).expect("in memory");
    out
}

/// Files worth compressing under `dir` (recursively).
fn assets(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(assets(&p));
        } else if matches!(p.extension().and_then(|x| x.to_str()), Some("wasm" | "js" | "css" | "html" | "webmanifest" | "svg" | "json" | "tsv")) {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// Write `FILE.br` and `FILE.gz` for every asset under the site root; returns the count.
pub fn precompress(site_root: &str) -> anyhow::Result<usize> {
    let files = assets(Path::new(site_root));
    for f in &files {
        let data = std::fs::read(f)?;
        std::fs::write(format!("{}.br", f.display()), brotli(&data))?;
        std::fs::write(format!("{}.gz", f.display()), gzip(&data))?;
    }
    Ok(files.len())
}

/// A Markdown table of the site's scripts and styles: raw, gzip, brotli.
pub fn table(site_root: &str) -> String {
    let mut md = String::from("| file | raw KB | gzip KB | brotli KB |\n|---|---:|---:|---:|\n");
    let kb = |n: usize| n as f64 / 1024.0;
    // The split wasm's lazy chunks (hundreds of files, each loaded when its page needs it)
    // are summed in one row, with the largest one.
    let (mut chunks, mut largest) = ((0usize, 0usize, 0usize, 0usize), (String::new(), 0usize));
    for f in assets(Path::new(site_root)) {
        let name = f.strip_prefix(site_root).unwrap_or(&f).display().to_string();
        if !(name.ends_with(".wasm") || name.ends_with(".js") || name.ends_with(".css")) {
            continue;
        }
        let data = std::fs::read(&f).unwrap_or_default();
        let (g, b) = (gzip(&data).len(), brotli(&data).len());
        if name.contains("/chunk_") {
            chunks = (chunks.0 + 1, chunks.1 + data.len(), chunks.2 + g, chunks.3 + b);
            if b > largest.1 {
                largest = (name, b);
            }
            continue;
        }
        let _ = writeln!(md, "| {name} | {:.0} | {:.0} | {:.0} |", kb(data.len()), kb(g), kb(b));
    }
    if chunks.0 > 0 {
        let _ = writeln!(md, "| {} lazy wasm chunks, all (largest: {}, {:.0} KB brotli) | {:.0} | {:.0} | {:.0} |", chunks.0, largest.0, kb(largest.1), kb(chunks.1), kb(chunks.2), kb(chunks.3));
    }
    md
}
