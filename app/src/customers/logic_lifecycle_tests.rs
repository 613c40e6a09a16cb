use super::*;
use crate::i18n::Lang;

const TODAY: i64 = 20_100;

/// Stage with the default thresholds for orders placed `ago` days before today.
fn st(ago: &[i64]) -> Stage {
    let days: Vec<i64> = ago.iter().map(|a| TODAY - a).collect();
    stage(&LifecycleFacts::from_order_days(&days), TODAY, &LifecycleConfig::default())
}

#[test]
fn prospect_without_counted_orders() {
    assert_eq!(st(&[]), Stage::Prospect);
    let inconsistent = LifecycleFacts { order_count: 0, first_order_day: Some(TODAY), last_order_day: Some(TODAY), recent_order_days: vec![] };
    assert_eq!(stage(&inconsistent, TODAY, &LifecycleConfig::default()), Stage::Prospect);
}

#[test]
fn silence_edges_at_exactly_90_and_180_days() {
    assert_eq!(st(&[89]), Stage::New);
    assert_eq!(st(&[90]), Stage::Dormant);
    assert_eq!(st(&[179]), Stage::Dormant);
    assert_eq!(st(&[180]), Stage::Churned);
    assert_eq!(st(&[400, 200, 181]), Stage::Churned);
}

#[test]
fn three_orders_in_180_days_is_loyal_at_the_window_edge() {
    // 179 days ago is inside the window (today − 179 ..= today).
    assert_eq!(st(&[179, 100, 10]), Stage::Loyal);
    // 180 days ago is outside: two recent orders, first order long ago → active.
    assert_eq!(st(&[180, 100, 10]), Stage::Active);
    assert_eq!(st(&[170, 150, 89]), Stage::Loyal);
}

#[test]
fn silence_beats_loyalty() {
    assert_eq!(st(&[170, 150, 90]), Stage::Dormant);
}

#[test]
fn loyalty_beats_newness() {
    assert_eq!(st(&[20, 10, 0]), Stage::Loyal);
}

#[test]
fn new_customer_by_first_order_or_single_order() {
    assert_eq!(st(&[29, 5]), Stage::New);
    assert_eq!(st(&[30, 5]), Stage::Active);
    assert_eq!(st(&[60]), Stage::New);
    assert_eq!(st(&[0]), Stage::New);
}

#[test]
fn facts_may_hold_only_recent_days() {
    let facts = LifecycleFacts { order_count: 40, first_order_day: Some(TODAY - 900), last_order_day: Some(TODAY - 3), recent_order_days: vec![TODAY - 3, TODAY - 50] };
    assert_eq!(stage(&facts, TODAY, &LifecycleConfig::default()), Stage::Active);
}

#[test]
fn edited_thresholds_apply() {
    let config = LifecycleConfig { new_days: 7, loyal_window_days: 90, loyal_min_orders: 2, dormant_days: 30, churn_days: 60 };
    assert_eq!(config.validate(), Ok(()));
    let facts = |ago: &[i64]| LifecycleFacts::from_order_days(&ago.iter().map(|a| TODAY - a).collect::<Vec<_>>());
    assert_eq!(stage(&facts(&[80, 20]), TODAY, &config), Stage::Loyal);
    assert_eq!(stage(&facts(&[30]), TODAY, &config), Stage::Dormant);
    assert_eq!(stage(&facts(&[60]), TODAY, &config), Stage::Churned);
    assert_eq!(stage(&facts(&[100, 8]), TODAY, &config), Stage::Active);
}

#[test]
fn config_validation() {
    let mut c = LifecycleConfig::default();
    assert_eq!(c.validate(), Ok(()));
    c.new_days = 0;
    assert_eq!(c.validate(), Err(LifecycleError::OutOfRange { field: "new_days".into(), value: 0, min: 1, max: 3650 }));
    c = LifecycleConfig { loyal_min_orders: 1, ..LifecycleConfig::default() };
    let err = c.validate().unwrap_err();
    assert_eq!(err, LifecycleError::OutOfRange { field: "loyal_min_orders".into(), value: 1, min: 2, max: 100 });
    assert_eq!(err.message(Lang::Zh), "「忠诚最少订单数」为 1，应在 2–100 之间");
    c = LifecycleConfig { dormant_days: 180, ..LifecycleConfig::default() };
    let err = c.validate().unwrap_err();
    assert_eq!(err, LifecycleError::DormantNotBeforeChurn { dormant_days: 180, churn_days: 180 });
    assert_eq!(err.code(), "lifecycle_dormant_not_before_churn");
    assert_eq!(err.message(Lang::En), "Days to dormant (180) must be fewer than days to churned (180)");
    let back: LifecycleError = serde_json::from_str(&serde_json::to_string(&err).unwrap()).unwrap();
    assert_eq!(back, err);
}

#[test]
fn transitions_only_on_change() {
    assert_eq!(transition(None, Stage::Prospect, 20_000), Some(StageTransition { from: None, to: Stage::Prospect, day: 20_000 }));
    assert_eq!(transition(Some(Stage::Active), Stage::Active, 20_001), None);
    assert_eq!(
        transition(Some(Stage::Loyal), Stage::Dormant, 20_002),
        Some(StageTransition { from: Some(Stage::Loyal), to: Stage::Dormant, day: 20_002 })
    );
}

#[test]
fn movements_counted_per_month() {
    // Day 20_027 = 2024-10-31, 20_028 = 2024-11-01, 20_057 = 2024-11-30, 20_058 = 2024-12-01.
    let t = |from: Option<Stage>, to: Stage, day: i64| StageTransition { from, to, day };
    let history = vec![
        t(Some(Stage::Active), Stage::Dormant, 20_028),
        t(None, Stage::New, 20_030),
        t(Some(Stage::Active), Stage::Dormant, 20_057),
        t(Some(Stage::Active), Stage::Dormant, 20_027),
        t(Some(Stage::Dormant), Stage::Churned, 20_058),
        t(Some(Stage::New), Stage::Active, 20_040),
    ];
    let m = |y, mo, from, to, count| MonthlyMovement { month: YearMonth::new(y, mo), from, to, count };
    assert_eq!(
        movements_by_month(&history),
        vec![
            m(2024, 10, Some(Stage::Active), Stage::Dormant, 1),
            m(2024, 11, None, Stage::New, 1),
            m(2024, 11, Some(Stage::New), Stage::Active, 1),
            m(2024, 11, Some(Stage::Active), Stage::Dormant, 2),
            m(2024, 12, Some(Stage::Dormant), Stage::Churned, 1),
        ]
    );
}

#[test]
fn stage_codes_and_labels() {
    for s in Stage::ALL {
        assert_eq!(Stage::parse(s.code()), Some(s));
    }
    assert_eq!(Stage::Dormant.label(Lang::Zh), "沉睡");
    assert_eq!(Stage::Churned.label(Lang::En), "Churned");
    assert_eq!(serde_json::to_string(&Stage::Loyal).unwrap(), "\"loyal\"");
}
