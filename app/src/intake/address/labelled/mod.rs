//! Labelled message set for measuring the parser: messages generated from the division data
//! (seeded, so the set is the same on every run) plus hand-written hard cases.
//!
//! Expected values of generated messages come from this file's own reading of
//! `data/divisions.tsv` (code → name, parents from the code digits), never from the parser.

#![allow(dead_code)]

pub mod fresh;
pub mod gen;
pub mod hard;

use super::{parse_contact, Divisions, Parsed};

/// The fields compared, in table order.
pub const FIELDS: [&str; 9] = [
    "name", "mobile", "phone", "province", "city", "district", "street", "postcode", "code",
];

/// Expected fields of one message; `None` means the field must be absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expect {
    pub name: Option<String>,
    pub mobile: Option<String>,
    pub phone: Option<String>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub district: Option<String>,
    pub street: Option<String>,
    pub postcode: Option<String>,
    pub code: Option<String>,
}

impl Expect {
    pub fn get(&self, field: &str) -> Option<&str> {
        match field {
            "name" => self.name.as_deref(),
            "mobile" => self.mobile.as_deref(),
            "phone" => self.phone.as_deref(),
            "province" => self.province.as_deref(),
            "city" => self.city.as_deref(),
            "district" => self.district.as_deref(),
            "street" => self.street.as_deref(),
            "postcode" => self.postcode.as_deref(),
            _ => self.code.as_deref(),
        }
    }
}

/// A message and what it should parse to.
#[derive(Debug, Clone)]
pub struct Case {
    pub shape: &'static str,
    pub input: String,
    pub expect: Expect,
}

fn got<'a>(p: &'a Parsed, field: &str) -> Option<&'a str> {
    match field {
        "name" => p.name.as_deref(),
        "mobile" => p.mobile.as_deref(),
        "phone" => p.phone.as_deref(),
        "province" => p.province.as_deref(),
        "city" => p.city.as_deref(),
        "district" => p.district.as_deref(),
        "street" => p.street.as_deref(),
        "postcode" => p.postcode.as_deref(),
        _ => p.code.as_deref(),
    }
}

/// Per-field correct counts over a set, plus the failures for printing.
pub struct Score {
    pub total: usize,
    pub correct: [usize; 9],
    pub all_fields: usize,
    pub failures: Vec<String>,
}

impl Score {
    pub fn accuracy(&self, field: usize) -> f64 {
        self.correct[field] as f64 / self.total as f64
    }

    pub fn print(&self, title: &str) {
        println!("\n{title}: {} messages", self.total);
        println!("{:<10} {:>8} {:>9}", "field", "correct", "accuracy");
        for (i, f) in FIELDS.iter().enumerate() {
            println!(
                "{:<10} {:>4}/{:<4} {:>8.1}%",
                f,
                self.correct[i],
                self.total,
                100.0 * self.accuracy(i)
            );
        }
        let all = 100.0 * self.all_fields as f64 / self.total as f64;
        println!(
            "{:<10} {:>4}/{:<4} {:>8.1}%",
            "all 9", self.all_fields, self.total, all
        );
    }
}

/// Parses every case and compares field by field.
pub fn score(divs: &Divisions, cases: &[Case]) -> Score {
    let mut s = Score {
        total: cases.len(),
        correct: [0; 9],
        all_fields: 0,
        failures: Vec::new(),
    };
    for c in cases {
        let p = parse_contact(divs, &c.input);
        let mut wrong = Vec::new();
        for (i, f) in FIELDS.iter().enumerate() {
            if got(&p, f) == c.expect.get(f) {
                s.correct[i] += 1;
            } else {
                wrong.push(format!(
                    "{f}: got {:?} want {:?}",
                    got(&p, f),
                    c.expect.get(f)
                ));
            }
        }
        if wrong.is_empty() {
            s.all_fields += 1;
        } else {
            s.failures.push(format!(
                "[{}] {:?}\n    {}",
                c.shape,
                c.input,
                wrong.join("\n    ")
            ));
        }
    }
    s
}
