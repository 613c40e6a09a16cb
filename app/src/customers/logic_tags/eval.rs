//! Evaluating a rule against one customer's facts.

use super::{Condition, CustomerFacts, FieldTest, FieldValue, Rule};
use crate::customers::logic_util::{day_of_date, days_since};
use rust_decimal::Decimal;

/// Whether the customer matches `rule` on `today`. Total on any rule, validated or not:
/// an empty `and` is true and an empty `or` false, as in logic.
pub fn evaluate(rule: &Rule, facts: &CustomerFacts, today: i64) -> bool {
    match rule {
        Rule::And(children) => children.iter().all(|c| evaluate(c, facts, today)),
        Rule::Or(children) => children.iter().any(|c| evaluate(c, facts, today)),
        Rule::Not(inner) => !evaluate(inner, facts, today),
        Rule::Cond(c) => condition(c, facts, today),
    }
}

fn condition(c: &Condition, facts: &CustomerFacts, today: i64) -> bool {
    match c {
        Condition::Spend { days, cmp } => cmp.test(&facts.spend_in(today, *days)),
        Condition::OrderCount { days: None, cmp } => cmp.test(&facts.order_count),
        Condition::OrderCount { days: Some(days), cmp } => cmp.test(&facts.orders_in(today, *days)),
        Condition::DaysSinceLastOrder { cmp } => match facts.last_order_day {
            Some(last) => cmp.test(&u32::try_from(days_since(last, today)).unwrap_or(u32::MAX)),
            None => false,
        },
        Condition::CategoryShare { category, days, cmp } => {
            let (mut total, mut in_category) = (0i64, 0i64);
            for p in facts.purchases_in(today, *days) {
                total += p.spend_fen;
                if p.category.trim() == category.trim() {
                    in_category += p.spend_fen;
                }
            }
            if total <= 0 {
                return false;
            }
            let share = Decimal::from(in_category) * Decimal::ONE_HUNDRED / Decimal::from(total);
            cmp.test(&share)
        }
        Condition::Bought { target, from, to } => facts.bought(target, day_of_date(*from), day_of_date(*to)),
        Condition::ConsultedNoOrder => facts.consultations > 0 && facts.order_count == 0,
        Condition::Field { name, test } => field(facts.fields.get(name), test),
    }
}

fn field(value: Option<&FieldValue>, test: &FieldTest) -> bool {
    let fold = |s: &str| s.trim().to_lowercase();
    match (value, test) {
        (Some(FieldValue::Text(v)), FieldTest::TextEquals(want)) => fold(v) == fold(want),
        (Some(FieldValue::Text(v)), FieldTest::TextContains(want)) => fold(v).contains(&fold(want)),
        (Some(FieldValue::Number(v)), FieldTest::Number(cmp)) => cmp.test(v),
        _ => false,
    }
}
