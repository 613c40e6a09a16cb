//! Unit tests of purchase suggestions; every expected value is worked out in the comments.

use super::*;

fn input(forecast: &[f64]) -> ReorderInput<'_> {
    ReorderInput {
        forecast_daily: forecast,
        lead_time_days: 7,
        review_days: 0,
        safety: SafetyStock::Fixed(15.0),
        available: 40,
        on_order: 20,
        pack_size: 1,
        moq: 0,
    }
}

#[test]
fn the_basic_formula() {
    // 7 days × 10 = 70; 70 + 15 − 40 − 20 = 25.
    let f = [10.0; 30];
    let s = suggest(&input(&f)).unwrap();
    assert_eq!(
        s,
        Suggestion {
            qty: 25,
            demand: 70.0,
            safety_stock: 15.0,
            shortfall: 25.0
        }
    );
}

#[test]
fn packs_and_moq_round_up() {
    let f = [10.0; 30];
    // 25 in packs of 12 → 3 packs = 36.
    assert_eq!(
        suggest(&ReorderInput {
            pack_size: 12,
            ..input(&f)
        })
        .unwrap()
        .qty,
        36
    );
    // MOQ 50 lifts 25 to 50, then packs of 12 → 5 packs = 60.
    assert_eq!(
        suggest(&ReorderInput {
            pack_size: 12,
            moq: 50,
            ..input(&f)
        })
        .unwrap()
        .qty,
        60
    );
    // Exactly 2 packs stays 24: shortfall 24 when available is 41.
    assert_eq!(
        suggest(&ReorderInput {
            pack_size: 12,
            available: 41,
            ..input(&f)
        })
        .unwrap()
        .qty,
        24
    );
}

#[test]
fn never_negative_and_no_moq_when_nothing_is_needed() {
    let f = [10.0; 30];
    // 70 + 15 − 100 − 20 = −35 → 0, even with a MOQ.
    let s = suggest(&ReorderInput {
        available: 100,
        moq: 50,
        ..input(&f)
    })
    .unwrap();
    assert_eq!((s.qty, s.shortfall), (0, -35.0));
}

#[test]
fn service_level_safety_stock() {
    // Lead 9 days: demand 90; SS = 1.6448536269 × 4 × √9 = 19.7382435228;
    // 90 + 19.738… − 100 − 0 = 9.738… → 10.
    let f = [10.0; 30];
    let s = suggest(&ReorderInput {
        lead_time_days: 9,
        safety: SafetyStock::Service {
            level: ServiceLevel::P95,
            daily_std: 4.0,
        },
        available: 100,
        on_order: 0,
        ..input(&f)
    })
    .unwrap();
    assert!(
        (s.safety_stock - 19.738_243_522_8).abs() < 1e-9,
        "{}",
        s.safety_stock
    );
    assert_eq!(s.qty, 10);
}

#[test]
fn review_days_extend_the_cover() {
    // Lead 7 + review 7 = 14 days × 10 = 140; 140 + 15 − 40 − 20 = 95.
    let f = [10.0; 30];
    assert_eq!(
        suggest(&ReorderInput {
            review_days: 7,
            ..input(&f)
        })
        .unwrap()
        .qty,
        95
    );
}

#[test]
fn fractions_and_float_noise() {
    // 3 × 2.5 = 7.5 → 8 units.
    let f = [2.5; 30];
    let s = suggest(&ReorderInput {
        lead_time_days: 3,
        safety: SafetyStock::Fixed(0.0),
        available: 0,
        on_order: 0,
        ..input(&f)
    });
    assert_eq!(s.unwrap().qty, 8);
    // 30 × 0.1 sums to 3.0000000000000013 in f64: still 3 units.
    let f = [0.1; 30];
    let s = suggest(&ReorderInput {
        lead_time_days: 30,
        safety: SafetyStock::Fixed(0.0),
        available: 0,
        on_order: 0,
        ..input(&f)
    });
    assert_eq!(s.unwrap().qty, 3);
}

#[test]
fn oversold_stock_is_made_up() {
    // Nothing forecast, 5 units oversold (available −5): order 5.
    let f = [0.0; 30];
    let s = suggest(&ReorderInput {
        safety: SafetyStock::Fixed(0.0),
        available: -5,
        on_order: 0,
        ..input(&f)
    });
    assert_eq!(s.unwrap().qty, 5);
}

#[test]
fn input_errors() {
    let f = [10.0; 30];
    assert_eq!(
        suggest(&ReorderInput {
            lead_time_days: 25,
            review_days: 6,
            ..input(&f)
        }),
        Err(PurchaseError::CoverBeyondForecast {
            cover_days: 31,
            forecast_days: 30
        })
    );
    assert_eq!(
        suggest(&ReorderInput {
            pack_size: 0,
            ..input(&f)
        }),
        Err(PurchaseError::PackSizeZero)
    );
    assert_eq!(
        suggest(&ReorderInput {
            safety: SafetyStock::Fixed(-1.0),
            ..input(&f)
        }),
        Err(PurchaseError::InvalidSafetyStock)
    );
    let nan_std = SafetyStock::Service {
        level: ServiceLevel::P90,
        daily_std: f64::NAN,
    };
    assert_eq!(
        suggest(&ReorderInput {
            safety: nan_std,
            ..input(&f)
        }),
        Err(PurchaseError::InvalidSafetyStock)
    );
    let e = PurchaseError::CoverBeyondForecast {
        cover_days: 31,
        forecast_days: 30,
    };
    assert_eq!(e.code(), "cover_beyond_forecast");
    assert_eq!(
        e.message(Lang::Zh),
        "到货周期加补货间隔共 31 天，超过了 30 天的预测范围"
    );
}

fn line(
    sku_id: i64,
    supplier_id: Option<i64>,
    qty: i64,
    unit_cost_fen: Option<i64>,
) -> SuggestionLine {
    SuggestionLine {
        sku_id,
        supplier_id,
        qty,
        unit_cost_fen,
    }
}

#[test]
fn grouping_by_supplier() {
    let lines = [
        line(3, Some(2), 10, Some(150)),
        line(1, Some(2), 4, Some(1000)),
        line(2, None, 5, None),
        line(4, Some(1), 0, Some(99)),
        line(5, Some(1), 6, Some(250)),
    ];
    let groups = group_by_supplier(&lines).unwrap();
    assert_eq!(
        groups,
        vec![
            // Supplier 1: SKU 5 only (SKU 4 has nothing to buy). 6 × 250 = 1500 fen.
            SupplierGroup {
                supplier_id: Some(1),
                lines: vec![line(5, Some(1), 6, Some(250))],
                total_qty: 6,
                total_cost_fen: 1500,
                lines_without_cost: 0,
            },
            // Supplier 2: SKUs 1 and 3. 4 × 1000 + 10 × 150 = 5500 fen.
            SupplierGroup {
                supplier_id: Some(2),
                lines: vec![
                    line(1, Some(2), 4, Some(1000)),
                    line(3, Some(2), 10, Some(150))
                ],
                total_qty: 14,
                total_cost_fen: 5500,
                lines_without_cost: 0,
            },
            SupplierGroup {
                supplier_id: None,
                lines: vec![line(2, None, 5, None)],
                total_qty: 5,
                total_cost_fen: 0,
                lines_without_cost: 1,
            },
        ]
    );
    assert_eq!(group_by_supplier(&[]).unwrap(), vec![]);
}

#[test]
fn cost_overflow_is_reported() {
    let lines = [line(7, Some(1), 2, Some(i64::MAX))];
    assert_eq!(
        group_by_supplier(&lines),
        Err(PurchaseError::CostOverflow { sku_id: 7 })
    );
}
