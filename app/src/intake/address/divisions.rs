//! The national administrative divisions (province → prefecture → county level, 6-digit
//! codes) loaded from the text of `data/divisions.tsv`, indexed to find official and short
//! names inside a message quickly.

use crate::intake::address::aliases::{short_names, EXTRA};
use crate::intake::address::error::DataError;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Level of a division.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Level {
    /// 省, 自治区, 直辖市, 特别行政区.
    Province,
    /// 地级: 地级市, 自治州, 地区, 盟.
    City,
    /// 县级: 市辖区, 县, 县级市, 自治县, 旗, 林区, 特区.
    County,
}

/// One division.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Division {
    /// 6-digit code, e.g. 330106.
    pub code: u32,
    /// Official name, e.g. 西湖区.
    pub name: String,
    pub level: Level,
    /// Index (in [`Divisions::all`]) of the province; a province points to itself.
    pub province: usize,
    /// Index of the prefecture for a county under one; `None` for provinces, prefectures,
    /// districts of 北京/上海/天津/重庆 and counties directly under a province (仙桃, 济源…).
    pub city: Option<usize>,
    /// Number of county-level divisions under a prefecture (0 for 东莞, 中山, 儋州, 嘉峪关).
    pub counties: u32,
}

/// A division name found in text by [`Divisions::names_at`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameHit {
    /// Index of the division.
    pub div: usize,
    /// Byte offset just past the name.
    pub end: usize,
    /// True when a short name (杭州, 西湖) matched rather than the official one.
    pub short: bool,
    /// How many divisions, at any level, answer to this same text.
    pub same: u16,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    key: u64,
    div: u32,
    start: u32,
    len: u32,
    short: bool,
    same: u16,
}

/// All divisions with lookup indexes. Build once with [`Divisions::parse`] and share.
#[derive(Debug, Clone, Default)]
pub struct Divisions {
    items: Vec<Division>,
    by_code: HashMap<u32, usize, Fx>,
    texts: String,
    entries: Vec<Entry>,
    /// First two characters of a name → range in `entries`.
    index: HashMap<u64, (u32, u32), Fx>,
}

const MUNICIPALITIES: [u32; 4] = [110000, 120000, 310000, 500000];

impl Divisions {
    /// Loads the data file's text, skipping malformed lines (see [`Divisions::try_parse`]).
    pub fn parse(text: &str) -> Divisions {
        Self::load(text, false).unwrap_or_default()
    }

    /// Loads the data file's text: lines of `code<TAB>name`; blank lines and lines starting
    /// with `#` are ignored.
    pub fn try_parse(text: &str) -> Result<Divisions, DataError> {
        Self::load(text, true)
    }

    fn load(text: &str, strict: bool) -> Result<Divisions, DataError> {
        let mut rows: Vec<(u32, &str, usize)> = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            match parse_line(line) {
                Some((code, name)) => rows.push((code, name, n + 1)),
                None if strict => {
                    return Err(DataError::BadLine {
                        line: n + 1,
                        text: line.to_string(),
                    })
                }
                None => {}
            }
        }
        if rows.is_empty() {
            return Err(DataError::Empty);
        }
        rows.sort_by_key(|r| r.0);
        rows.dedup_by_key(|r| r.0);
        let mut d = Divisions::default();
        for (code, name, line) in rows {
            match d.add(code, name) {
                Ok(()) => {}
                Err(()) if strict => {
                    return Err(DataError::NoProvince {
                        line,
                        code: format!("{code:06}"),
                    })
                }
                Err(()) => {}
            }
        }
        d.build_index();
        Ok(d)
    }

    fn add(&mut self, code: u32, name: &str) -> Result<(), ()> {
        let level = match code {
            c if c % 10000 == 0 => Level::Province,
            c if c % 100 == 0 => Level::City,
            _ => Level::County,
        };
        let idx = self.items.len();
        let province = if level == Level::Province {
            idx
        } else {
            *self.by_code.get(&(code / 10000 * 10000)).ok_or(())?
        };
        let city = match level {
            Level::County => self
                .by_code
                .get(&(code / 100 * 100))
                .copied()
                .filter(|&c| self.items[c].level == Level::City),
            _ => None,
        };
        if let Some(c) = city {
            self.items[c].counties += 1;
        }
        self.items.push(Division {
            code,
            name: name.to_string(),
            level,
            province,
            city,
            counties: 0,
        });
        self.by_code.insert(code, idx);
        Ok(())
    }

    fn build_index(&mut self) {
        let mut names: Vec<(String, usize, bool)> = Vec::new();
        for (i, d) in self.items.iter().enumerate() {
            names.push((d.name.clone(), i, false));
            names.extend(
                short_names(&d.name, d.level)
                    .into_iter()
                    .map(|s| (s, i, true)),
            );
        }
        for (short, official) in EXTRA {
            if let Some(i) = self.items.iter().position(|d| d.name == *official) {
                names.push((short.to_string(), i, true));
            }
        }
        names.sort();
        names.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
        let mut same: HashMap<&str, u16> = HashMap::new();
        for (s, _, _) in &names {
            *same.entry(s.as_str()).or_insert(0) += 1;
        }
        let mut entries: Vec<Entry> = Vec::with_capacity(names.len());
        for (s, div, short) in &names {
            let Some(key) = key_of(s) else { continue };
            let start = self.texts.len() as u32;
            self.texts.push_str(s);
            entries.push(Entry {
                key,
                div: *div as u32,
                start,
                len: s.len() as u32,
                short: *short,
                same: same[s.as_str()],
            });
        }
        // Longest names first within a key, so callers see the most specific match first.
        entries.sort_by(|a, b| {
            a.key
                .cmp(&b.key)
                .then(b.len.cmp(&a.len))
                .then(a.div.cmp(&b.div))
        });
        for (i, e) in entries.iter().enumerate() {
            let r = self.index.entry(e.key).or_insert((i as u32, i as u32));
            r.1 = i as u32 + 1;
        }
        self.entries = entries;
    }

    /// All divisions, provinces before their prefectures before their counties.
    pub fn all(&self) -> &[Division] {
        &self.items
    }

    /// Number of divisions loaded.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when nothing was loaded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The division with this 6-digit code.
    pub fn by_code(&self, code: u32) -> Option<&Division> {
        self.by_code.get(&code).map(|&i| &self.items[i])
    }

    /// Index of the division with this code, for [`Divisions::all`].
    pub fn index_of(&self, code: u32) -> Option<usize> {
        self.by_code.get(&code).copied()
    }

    /// True for 北京, 天津, 上海, 重庆 (the province is also the city).
    pub fn is_municipality(&self, idx: usize) -> bool {
        MUNICIPALITIES.contains(&self.items[self.items[idx].province].code)
    }

    /// Divisions answering exactly to `name`, official or short (杭州 → 杭州市).
    pub fn find(&self, name: &str) -> Vec<&Division> {
        let mut hits = Vec::new();
        self.names_at(name, 0, &mut hits);
        hits.into_iter()
            .filter(|h| h.end == name.len())
            .map(|h| &self.items[h.div])
            .collect()
    }

    /// Appends to `out` every division name that starts at byte `at` of `text`, longest first.
    pub fn names_at(&self, text: &str, at: usize, out: &mut Vec<NameHit>) {
        let rest = &text[at..];
        let Some(key) = key_of(rest) else { return };
        let Some(&(from, to)) = self.index.get(&key) else {
            return;
        };
        for e in &self.entries[from as usize..to as usize] {
            let name = &self.texts[e.start as usize..(e.start + e.len) as usize];
            if rest.starts_with(name) {
                out.push(NameHit {
                    div: e.div as usize,
                    end: at + name.len(),
                    short: e.short,
                    same: e.same,
                });
            }
        }
    }
}

fn parse_line(line: &str) -> Option<(u32, &str)> {
    let (code, name) = line.split_once('\t')?;
    let name = name.trim();
    let ok = code.len() == 6
        && code.bytes().all(|b| b.is_ascii_digit())
        && !name.is_empty()
        && !name.contains('\t');
    ok.then(|| (code.parse().unwrap_or(0), name))
}

/// Index key: the first two characters.
fn key_of(s: &str) -> Option<u64> {
    let mut it = s.chars();
    let (a, b) = (it.next()?, it.next()?);
    Some(((a as u64) << 32) | b as u64)
}

/// A small multiplicative hasher for the integer keys above (std's SipHash is slower and
/// its DoS resistance buys nothing for a fixed, trusted key set).
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.add(u64::from(b));
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

type Fx = BuildHasherDefault<FxHasher>;

#[cfg(test)]
#[path = "divisions_tests.rs"]
mod tests;
