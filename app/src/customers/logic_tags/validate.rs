//! Checking a rule before it is saved: structure limits, known fields and categories, sane numbers.

use super::{Cmp, Condition, FieldKind, FieldTest, Rule, RuleSchema, TagError, Target};
use crate::customers::logic_util::{fmt_decimal, fmt_yuan};
use rust_decimal::Decimal;

/// Most group levels (`and`, `or`, `not`) on any path from the root to a condition.
pub const MAX_DEPTH: u32 = 4;
/// Most conditions in one rule.
pub const MAX_CONDITIONS: u32 = 20;
/// Longest window: ten years.
pub const MAX_DAYS: u32 = 3650;
/// Largest money bound: ¥100,000,000.
pub const MAX_FEN: i64 = 10_000_000_000;
/// Longest text to compare a field with, in characters.
pub const MAX_TEXT_CHARS: u32 = 50;

/// Every problem in `rule`, in tree order; `Ok` when it may be saved.
pub fn validate(rule: &Rule, schema: &RuleSchema) -> Result<(), Vec<TagError>> {
    let mut errors = Vec::new();
    let mut count = 0u32;
    super::facts::visit(rule, &mut |_| count += 1);
    if count > MAX_CONDITIONS {
        errors.push(TagError::TooManyConditions { count, max: MAX_CONDITIONS });
    }
    walk(rule, &mut Vec::new(), 0, schema, &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn walk(rule: &Rule, path: &mut Vec<usize>, depth: u32, schema: &RuleSchema, errors: &mut Vec<TagError>) {
    let children: &[Rule] = match rule {
        Rule::Cond(c) => return condition(c, &at(path), schema, errors),
        Rule::Not(inner) => std::slice::from_ref(inner.as_ref()),
        Rule::And(children) | Rule::Or(children) => children,
    };
    if depth + 1 > MAX_DEPTH {
        errors.push(TagError::TooDeep { at: at(path), max: MAX_DEPTH });
        return;
    }
    if children.is_empty() {
        errors.push(TagError::EmptyGroup { at: at(path) });
    }
    for (i, child) in children.iter().enumerate() {
        path.push(i + 1);
        walk(child, path, depth + 1, schema, errors);
        path.pop();
    }
}

fn at(path: &[usize]) -> String {
    path.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(".")
}

fn condition(c: &Condition, at: &str, schema: &RuleSchema, errors: &mut Vec<TagError>) {
    let at = || at.to_string();
    match c {
        Condition::Spend { days, cmp } => {
            window(*days, at, errors);
            for fen in bounds(cmp) {
                if !(0..=MAX_FEN).contains(fen) {
                    errors.push(TagError::BadAmount { at: at(), fen: *fen });
                }
            }
            reversed(cmp, |v| fmt_yuan(*v), at, errors);
        }
        Condition::OrderCount { days, cmp } => {
            if let Some(days) = days {
                window(*days, at, errors);
            }
            reversed(cmp, u32::to_string, at, errors);
        }
        Condition::DaysSinceLastOrder { cmp } => reversed(cmp, u32::to_string, at, errors),
        Condition::CategoryShare { category, days, cmp } => {
            known_category(category, schema, at, errors);
            window(*days, at, errors);
            for v in bounds(cmp) {
                if *v < Decimal::ZERO || *v > Decimal::ONE_HUNDRED {
                    errors.push(TagError::BadPercent { at: at(), value: v.normalize() });
                }
            }
            reversed(cmp, |v| format!("{}%", fmt_decimal(*v)), at, errors);
        }
        Condition::Bought { target, from, to } => {
            match target {
                Target::Product { id, name } => {
                    if *id <= 0 {
                        errors.push(TagError::BadProductId { at: at(), id: *id });
                    }
                    text(name, at, errors);
                }
                Target::Category(name) => known_category(name, schema, at, errors),
            }
            if from > to {
                errors.push(TagError::DateRangeReversed { at: at(), from: *from, to: *to });
            }
        }
        Condition::ConsultedNoOrder => {}
        Condition::Field { name, test } => field(name, test, schema, at, errors),
    }
}

fn field(name: &str, test: &FieldTest, schema: &RuleSchema, at: impl Fn() -> String, errors: &mut Vec<TagError>) {
    let Some(def) = schema.fields.iter().find(|f| f.name.trim() == name.trim()) else {
        errors.push(TagError::UnknownField { at: at(), name: name.to_string() });
        return;
    };
    let wants = match test {
        FieldTest::TextEquals(_) | FieldTest::TextContains(_) => FieldKind::Text,
        FieldTest::Number(_) => FieldKind::Number,
    };
    if wants != def.kind {
        errors.push(TagError::FieldKindMismatch { at: at(), name: def.name.clone(), kind: def.kind });
        return;
    }
    match test {
        FieldTest::TextEquals(s) | FieldTest::TextContains(s) => text(s, at, errors),
        FieldTest::Number(cmp) => reversed(cmp, |v| fmt_decimal(*v), at, errors),
    }
}

fn window(days: u32, at: impl Fn() -> String, errors: &mut Vec<TagError>) {
    if days == 0 || days > MAX_DAYS {
        errors.push(TagError::BadWindow { at: at(), days });
    }
}

fn known_category(name: &str, schema: &RuleSchema, at: impl Fn() -> String, errors: &mut Vec<TagError>) {
    if !schema.categories.iter().any(|c| c.trim() == name.trim()) {
        errors.push(TagError::UnknownCategory { at: at(), name: name.to_string() });
    }
}

fn text(s: &str, at: impl Fn() -> String, errors: &mut Vec<TagError>) {
    let len = s.trim().chars().count();
    if len == 0 {
        errors.push(TagError::EmptyText { at: at() });
    } else if len > MAX_TEXT_CHARS as usize {
        errors.push(TagError::TextTooLong { at: at(), max: MAX_TEXT_CHARS });
    }
}

fn bounds<T>(cmp: &Cmp<T>) -> Vec<&T> {
    match cmp {
        Cmp::Gte(v) | Cmp::Lte(v) | Cmp::Eq(v) => vec![v],
        Cmp::Between(lo, hi) => vec![lo, hi],
    }
}

fn reversed<T: PartialOrd>(cmp: &Cmp<T>, show: impl Fn(&T) -> String, at: impl Fn() -> String, errors: &mut Vec<TagError>) {
    if let Cmp::Between(lo, hi) = cmp {
        if lo > hi {
            errors.push(TagError::RangeReversed { at: at(), min: show(lo), max: show(hi) });
        }
    }
}
