//! Hand-computed RFM data set: 12 customers with orders and one without.
//!
//! Scores use `1 + floor(5 × worse / 12)`: worse 0–2 → 1, 3–4 → 2, 5–7 → 3, 8–9 → 4, 10–11 → 5.
//!
//! | id | days | F | M (¥) | worse R/F/M | r f m | segment (score basis) |
//! |----|------|---|-------|-------------|-------|------------------------|
//! | 1  | 5    | 8 | 12000 | 11/11/11    | 5 5 5 | 重要价值 |
//! | 2  | 10   | 5 | 8000  | 9/9/9       | 4 4 4 | 重要价值 |
//! | 3  | 10   | 1 | 6000  | 9/0/7       | 4 1 3 | 重要发展 |
//! | 4  | 30   | 3 | 800   | 8/7/3       | 4 3 2 | 一般价值 |
//! | 5  | 45   | 1 | 500   | 7/0/2       | 3 1 1 | 一般发展 |
//! | 6  | 60   | 2 | 9000  | 6/5/10      | 3 3 5 | 重要价值 |
//! | 7  | 90   | 6 | 2000  | 5/10/5      | 3 5 3 | 重要价值 |
//! | 8  | 120  | 4 | 7000  | 4/8/8       | 2 4 4 | 重要保持 |
//! | 9  | 150  | 1 | 3000  | 3/0/6       | 2 1 3 | 重要挽留 |
//! | 10 | 200  | 2 | 300   | 2/5/1       | 1 3 1 | 一般保持 |
//! | 11 | 300  | 1 | 1500  | 1/0/4       | 1 1 2 | 一般挽留 |
//! | 12 | 400  | 1 | 200   | 0/0/0       | 1 1 1 | 一般挽留 |
//!
//! Score sums: R 33 (mean 2.75), F 32 (2.67), M 34 (2.83): high means a score of 3 or more.
//! Raw sums: days 1420 (mean 118.33), orders 35 (2.92), spend ¥50,300 (¥4,191.67).

use super::*;
use crate::i18n::Lang;
use std::str::FromStr;
use Segment::*;

const TODAY: i64 = 20_100;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn input(id: i64, days: i64, orders: u32, yuan: i64) -> RfmInput {
    RfmInput { customer_id: id, last_order_day: Some(TODAY - days), order_count: orders, spend_fen: yuan * 100 }
}

fn data() -> Vec<RfmInput> {
    vec![
        input(1, 5, 8, 12000),
        input(2, 10, 5, 8000),
        input(3, 10, 1, 6000),
        input(4, 30, 3, 800),
        input(5, 45, 1, 500),
        input(6, 60, 2, 9000),
        input(7, 90, 6, 2000),
        input(8, 120, 4, 7000),
        input(9, 150, 1, 3000),
        input(10, 200, 2, 300),
        input(11, 300, 1, 1500),
        input(12, 400, 1, 200),
        RfmInput { customer_id: 13, last_order_day: None, order_count: 0, spend_fen: 0 },
    ]
}

fn rows(result: &RfmResult) -> Vec<(i64, u8, u8, u8, Segment)> {
    result.scores.iter().map(|s| (s.customer_id, s.r, s.f, s.m, s.segment)).collect()
}

#[test]
fn scores_and_segments_by_mean_score() {
    let result = score_customers(&data(), TODAY, SegmentBasis::Score).unwrap();
    assert_eq!(
        rows(&result),
        vec![
            (1, 5, 5, 5, ImportantValue),
            (2, 4, 4, 4, ImportantValue),
            (3, 4, 1, 3, ImportantDevelop),
            (4, 4, 3, 2, GeneralValue),
            (5, 3, 1, 1, GeneralDevelop),
            (6, 3, 3, 5, ImportantValue),
            (7, 3, 5, 3, ImportantValue),
            (8, 2, 4, 4, ImportantKeep),
            (9, 2, 1, 3, ImportantRetain),
            (10, 1, 3, 1, GeneralKeep),
            (11, 1, 1, 2, GeneralRetain),
            (12, 1, 1, 1, GeneralRetain),
        ]
    );
    assert_eq!(result.excluded, vec![13]);
    assert_eq!(result.scores[6].recency_days, 90);
    assert_eq!(
        result.means,
        Some(RfmMeans {
            r_score: dec("2.75"),
            f_score: dec("2.67"),
            m_score: dec("2.83"),
            recency_days: dec("118.33"),
            order_count: dec("2.92"),
            spend_fen: dec("419166.67"),
        })
    );
}

#[test]
fn raw_value_basis_gives_different_segments() {
    // Raw means: days 118.33 → R high for 1–7; orders 2.92 → F high for 1, 2, 4, 7, 8;
    // spend ¥4,191.67 → M high for 1, 2, 3, 6, 8.
    let result = score_customers(&data(), TODAY, SegmentBasis::Value).unwrap();
    let segments: Vec<(i64, Segment)> = result.scores.iter().map(|s| (s.customer_id, s.segment)).collect();
    assert_eq!(
        segments,
        vec![
            (1, ImportantValue),
            (2, ImportantValue),
            (3, ImportantDevelop),
            (4, GeneralValue),
            (5, GeneralDevelop),
            (6, ImportantDevelop),
            (7, GeneralValue),
            (8, ImportantKeep),
            (9, GeneralRetain),
            (10, GeneralRetain),
            (11, GeneralRetain),
            (12, GeneralRetain),
        ]
    );
}

#[test]
fn overview_counts_spend_and_shares() {
    let result = score_customers(&data(), TODAY, SegmentBasis::Score).unwrap();
    let got: Vec<(Segment, u32, i64, Decimal, Decimal)> = overview(&result.scores)
        .into_iter()
        .map(|o| (o.segment, o.customers, o.spend_fen, o.customer_share_pct, o.spend_share_pct))
        .collect();
    assert_eq!(
        got,
        vec![
            (ImportantValue, 4, 3_100_000, dec("33.33"), dec("61.63")),
            (ImportantDevelop, 1, 600_000, dec("8.33"), dec("11.93")),
            (ImportantKeep, 1, 700_000, dec("8.33"), dec("13.92")),
            (ImportantRetain, 1, 300_000, dec("8.33"), dec("5.96")),
            (GeneralValue, 1, 80_000, dec("8.33"), dec("1.59")),
            (GeneralDevelop, 1, 50_000, dec("8.33"), dec("0.99")),
            (GeneralKeep, 1, 30_000, dec("8.33"), dec("0.60")),
            (GeneralRetain, 2, 170_000, dec("16.67"), dec("3.38")),
        ]
    );
}

#[test]
fn quintiles_of_ten_distinct_values_hold_two_each() {
    assert_eq!(quintile_scores(&[10, 20, 30, 40, 50, 60, 70, 80, 90, 100]), vec![1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    // Ties take the lower bucket: the three 7s have 1 smaller value → 1 + floor(5/6) = 1.
    assert_eq!(quintile_scores(&[1, 7, 7, 7, 9, 12]), vec![1, 1, 1, 1, 4, 5]);
    assert_eq!(quintile_scores(&[3, 8]), vec![1, 3]);
    assert_eq!(quintile_scores(&[]), Vec::<u8>::new());
}

#[test]
fn everyone_equal_is_everyone_low() {
    let same = vec![input(1, 10, 2, 100), input(2, 10, 2, 100)];
    let result = score_customers(&same, TODAY, SegmentBasis::Score).unwrap();
    assert_eq!(rows(&result), vec![(1, 1, 1, 1, GeneralRetain), (2, 1, 1, 1, GeneralRetain)]);
}

#[test]
fn order_in_the_future_counts_as_today_and_no_orders_means_no_score() {
    let c = vec![
        RfmInput { customer_id: 1, last_order_day: Some(TODAY + 2), order_count: 1, spend_fen: 100 },
        RfmInput { customer_id: 2, last_order_day: Some(TODAY - 3), order_count: 0, spend_fen: 0 },
    ];
    let result = score_customers(&c, TODAY, SegmentBasis::Score).unwrap();
    assert_eq!(result.scores[0].recency_days, 0);
    assert_eq!(result.excluded, vec![2]);
    let none = score_customers(&[], TODAY, SegmentBasis::Score).unwrap();
    assert_eq!(none.means, None);
    assert_eq!(overview(&none.scores)[0].customer_share_pct, dec("0"));
}

#[test]
fn refuses_duplicates_and_negative_spend() {
    let dup = vec![input(1, 1, 1, 1), input(1, 2, 2, 2)];
    assert_eq!(score_customers(&dup, TODAY, SegmentBasis::Score), Err(RfmError::DuplicateCustomer { customer_id: 1 }));
    let neg = vec![RfmInput { customer_id: 5, last_order_day: Some(TODAY), order_count: 1, spend_fen: -250 }];
    let err = score_customers(&neg, TODAY, SegmentBasis::Score).unwrap_err();
    assert_eq!(err, RfmError::NegativeSpend { customer_id: 5, spend_fen: -250 });
    assert_eq!(err.code(), "rfm_negative_spend");
    assert_eq!(err.message(Lang::Zh), "客户 5 的消费金额为负数（-¥2.50），请检查退款记录");
    assert_eq!(err.message(Lang::En), "Customer 5 has a negative spend (-¥2.50); check the refunds");
}

#[test]
fn segment_codes_and_labels_round_trip() {
    for s in Segment::ALL {
        assert_eq!(Segment::parse(s.code()), Some(s));
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, format!("\"{}\"", s.code()));
    }
    assert_eq!(ImportantRetain.label(Lang::Zh), "重要挽留客户");
    assert_eq!(GeneralKeep.label(Lang::En), "Regular to keep");
    for e in [RfmError::DuplicateCustomer { customer_id: 3 }, RfmError::NegativeSpend { customer_id: 1, spend_fen: -1 }] {
        let back: RfmError = serde_json::from_str(&serde_json::to_string(&e).unwrap()).unwrap();
        assert_eq!(back, e);
    }
}

#[test]
fn cuts_place_every_member_as_the_run_did() {
    let inputs = data();
    let result = score_customers(&inputs, TODAY, SegmentBasis::Score).unwrap();
    let cuts = RfmCuts::from_result(&inputs, &result).unwrap();
    // n = 12: cuts at the 3rd, 5th, 8th and 10th smallest values (ceil(12k/5) for k = 1..4).
    assert_eq!(cuts.orders, [1, 1, 3, 5]);
    assert_eq!(cuts.spend, [50_000, 150_000, 600_000, 800_000]);
    assert_eq!(cuts.last_day, [TODAY - 200, TODAY - 120, TODAY - 45, TODAY - 10]);
    assert_eq!((cuts.sum_r, cuts.sum_f, cuts.sum_m), (33, 32, 34));
    for s in &result.scores {
        let input = inputs.iter().find(|c| c.customer_id == s.customer_id).unwrap();
        assert_eq!(cuts.place(input), Some((s.r, s.f, s.m, s.segment)), "customer {}", s.customer_id);
    }
    // A newcomer between runs: ordered today, once, ¥100 → R above every cut, F and M at the bottom.
    assert_eq!(cuts.place(&input(99, 0, 1, 100)), Some((5, 1, 1, Segment::GeneralDevelop)));
    assert_eq!(cuts.place(&RfmInput { customer_id: 98, last_order_day: None, order_count: 0, spend_fen: 0 }), None);
}
