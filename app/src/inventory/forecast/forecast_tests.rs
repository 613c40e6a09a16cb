//! Unit tests of the per-SKU forecast on series whose forecasts can be worked out by hand.

use super::*;
use crate::inventory::forecast::calendar::{Festival, FestivalWindow};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn only(festival: Festival, days_before: u32, days_after: u32) -> HolidayCalendar {
    HolidayCalendar {
        windows: vec![FestivalWindow {
            festival,
            days_before,
            days_after,
        }],
    }
}

/// `n` days of `level` ending the day before `start`, with `spike` on the days `first..=last`.
fn flat_with_spike(
    n: usize,
    start: NaiveDate,
    level: f64,
    first: NaiveDate,
    last: NaiveDate,
    spike: f64,
) -> Vec<f64> {
    let day0 = start - Duration::days(n as i64);
    (0..n)
        .map(|i| {
            let day = day0 + Duration::days(i as i64);
            if first <= day && day <= last {
                spike
            } else {
                level
            }
        })
        .collect()
}

#[test]
fn argument_errors() {
    let cal = HolidayCalendar::none();
    assert_eq!(
        forecast_sku(&[1.0], d(2025, 3, 1), 0, &cal),
        Err(ForecastError::HorizonOutOfRange {
            horizon: 0,
            max: 180
        })
    );
    assert_eq!(
        forecast_sku(&[1.0], d(2025, 3, 1), 181, &cal),
        Err(ForecastError::HorizonOutOfRange {
            horizon: 181,
            max: 180
        })
    );
    // Three days ending Feb 28: Feb 26, 27, 28; the second is NaN.
    assert_eq!(
        forecast_sku(&[1.0, f64::NAN, 1.0], d(2025, 3, 1), 30, &cal),
        Err(ForecastError::InvalidSales {
            date: d(2025, 2, 27),
            category: false
        })
    );
    let opts = ForecastOptions {
        category_sales: Some(&[f64::INFINITY, 1.0]),
    };
    assert_eq!(
        forecast_sku_with(&[1.0], d(2025, 3, 1), 30, &cal, &opts),
        Err(ForecastError::InvalidSales {
            date: d(2025, 2, 27),
            category: true
        })
    );
    let e = ForecastError::InvalidSales {
        date: d(2025, 2, 27),
        category: false,
    };
    assert_eq!(e.code(), "sales_invalid");
    assert_eq!(
        e.message(Lang::Zh),
        "2025-02-27 的销量数据无效，请检查当天的订单"
    );
    assert_eq!(
        ForecastError::HorizonOutOfRange {
            horizon: 0,
            max: 180
        }
        .message(Lang::En),
        "The forecast horizon must be between 1 and 180 days"
    );
}

#[test]
fn no_history_is_zero_and_names_the_festival_it_could_not_learn() {
    let f = forecast_sku(&[], d(2025, 9, 6), 30, &HolidayCalendar::china_default()).unwrap();
    assert_eq!(f.method, Method::NoHistory);
    assert_eq!(f.daily, vec![0.0; 30]);
    assert_eq!(f.total, 0.0);
    // Sep 6 ..= Oct 5 overlaps the 中秋 window (Sep 22 ..= Oct 6).
    assert_eq!(
        f.uplifts,
        vec![AppliedUplift {
            festival: Festival::MidAutumn,
            day: d(2025, 10, 6),
            learned_from: None,
            source: UpliftSource::NotLearned,
            ratio: 1.0
        }]
    );
}

#[test]
fn short_history_is_a_flat_mean() {
    // 1..=10: mean 5.5; RMS deviation √8.25 = 2.8722813; lower = 5.5 − 1.2815516 × 2.8722813.
    let y: Vec<f64> = (1..=10).map(f64::from).collect();
    let f = forecast_sku(&y, d(2025, 3, 1), 7, &HolidayCalendar::none()).unwrap();
    assert_eq!(f.method, Method::Mean);
    assert!(f.daily.iter().all(|&v| (v - 5.5).abs() < 1e-12));
    assert!((f.total - 38.5).abs() < 1e-9);
    assert!((f.daily_std - 2.872_281_323).abs() < 1e-8);
    assert!((f.lower[0] - 1.819_022_6).abs() < 1e-6, "{}", f.lower[0]);
    assert!((f.upper[0] - 9.180_977_4).abs() < 1e-6, "{}", f.upper[0]);
}

#[test]
fn negative_days_count_as_zero() {
    // Alternating −3 and 3 becomes 0 and 3: mean 1.5.
    let y: Vec<f64> = (0..10)
        .map(|i| if i % 2 == 0 { -3.0 } else { 3.0 })
        .collect();
    let f = forecast_sku(&y, d(2025, 3, 1), 5, &HolidayCalendar::none()).unwrap();
    assert!(f.daily.iter().all(|&v| (v - 1.5).abs() < 1e-12));
}

#[test]
fn weekday_mean_keeps_the_phase() {
    // 28 days from Mon 2025-02-03 (start Mon 2025-03-03): Mon–Fri 10, Sat–Sun 17.5.
    let week = [10.0, 10.0, 10.0, 10.0, 10.0, 17.5, 17.5];
    let y: Vec<f64> = week.iter().cycle().take(28).copied().collect();
    let f = forecast_sku(&y, d(2025, 3, 3), 7, &HolidayCalendar::none()).unwrap();
    assert_eq!(f.method, Method::WeekdayMean);
    for (got, want) in f.daily.iter().zip(week) {
        assert!((got - want).abs() < 1e-9, "{got} vs {want}");
    }
}

#[test]
fn last_years_mid_autumn_uplift_is_applied() {
    // Two years of 10 a day; last year's 中秋 window (2024-09-03 ..= 09-17) sold 30 a day.
    // This year's window is 09-22 ..= 10-06; from 09-06 the horizon holds 14 of its days.
    let start = d(2025, 9, 6);
    let y = flat_with_spike(730, start, 10.0, d(2024, 9, 3), d(2024, 9, 17), 30.0);
    let f = forecast_sku(&y, start, 30, &only(Festival::MidAutumn, 14, 0)).unwrap();
    assert!(matches!(f.method, Method::HoltWinters(_)));
    for (k, v) in f.daily.iter().enumerate() {
        let want = if k >= 16 { 30.0 } else { 10.0 };
        assert!((v - want).abs() < 1e-9, "day {k}: {v}");
    }
    // 16 × 10 + 14 × 30 = 580.
    assert!((f.total - 580.0).abs() < 1e-9);
    assert_eq!(f.uplifts.len(), 1);
    assert_eq!(f.uplifts[0].learned_from, Some(d(2024, 9, 17)));
    assert_eq!(f.uplifts[0].source, UpliftSource::Sku);
    assert!((f.uplifts[0].ratio - 3.0).abs() < 1e-12);
}

#[test]
fn a_new_sku_borrows_the_category_uplift() {
    // The SKU sold 8 a day for 60 days; its category 100 a day for two years, 200 in last
    // year's 中秋 window: ratio 2, so the SKU's window days are forecast at 16.
    let start = d(2025, 9, 6);
    let sku = vec![8.0; 60];
    let cat = flat_with_spike(730, start, 100.0, d(2024, 9, 3), d(2024, 9, 17), 200.0);
    let opts = ForecastOptions {
        category_sales: Some(&cat),
    };
    let f = forecast_sku_with(&sku, start, 30, &only(Festival::MidAutumn, 14, 0), &opts).unwrap();
    assert!((f.daily[15] - 8.0).abs() < 1e-9 && (f.daily[16] - 16.0).abs() < 1e-9);
    assert!((f.total - (16.0 * 8.0 + 14.0 * 16.0)).abs() < 1e-9);
    assert_eq!(f.uplifts[0].source, UpliftSource::Category);
    assert!((f.uplifts[0].ratio - 2.0).abs() < 1e-12);
    // Without the category series nothing is learned and nothing applied.
    let f = forecast_sku(&sku, start, 30, &only(Festival::MidAutumn, 14, 0)).unwrap();
    assert_eq!(f.uplifts[0].source, UpliftSource::NotLearned);
    assert!((f.total - 240.0).abs() < 1e-9);
}

#[test]
fn a_lull_after_spring_festival_lowers_the_forecast() {
    // Window = 春节 and the 6 days after. In 2025 (Jan 29 ..= Feb 4) sales fell from 10 to 2:
    // ratio 0.2, applied to 2026-02-17 ..= 02-23 (days 7..=13 of a horizon from 02-10).
    let start = d(2026, 2, 10);
    let y = flat_with_spike(400, start, 10.0, d(2025, 1, 29), d(2025, 2, 4), 2.0);
    let f = forecast_sku(&y, start, 14, &only(Festival::SpringFestival, 0, 6)).unwrap();
    for (k, v) in f.daily.iter().enumerate() {
        let want = if k >= 7 { 2.0 } else { 10.0 };
        assert!((v - want).abs() < 1e-9, "day {k}: {v}");
    }
    assert!((f.uplifts[0].ratio - 0.2).abs() < 1e-12);
}

#[test]
fn overlapping_windows_take_the_larger_multiplier() {
    // 618 (Jun 1–18) and 端午 (2026-06-09 ..= 06-19) overlap on Jun 9–18. Last year 618 sold
    // ×2 (2025-06-01 ..= 06-18) and 端午 (2025-05-21 ..= 05-31) ×3.
    let start = d(2026, 6, 1);
    let mut y = flat_with_spike(500, start, 10.0, d(2025, 6, 1), d(2025, 6, 18), 20.0);
    let day0 = start - Duration::days(500);
    for (i, v) in y.iter_mut().enumerate() {
        let day = day0 + Duration::days(i as i64);
        if d(2025, 5, 21) <= day && day <= d(2025, 5, 31) {
            *v = 30.0;
        }
    }
    let cal = HolidayCalendar {
        windows: vec![
            FestivalWindow {
                festival: Festival::DragonBoat,
                days_before: 10,
                days_after: 0,
            },
            FestivalWindow {
                festival: Festival::Shop618,
                days_before: 17,
                days_after: 0,
            },
        ],
    };
    let f = forecast_sku(&y, start, 30, &cal).unwrap();
    // Jun 1–8: 618 only → 20; Jun 9–18: both → max(20, 30) = 30; Jun 19: 端午 only → 30; then 10.
    let want = |k: usize| match k {
        0..=7 => 20.0,
        8..=18 => 30.0,
        _ => 10.0,
    };
    for (k, v) in f.daily.iter().enumerate() {
        assert!((v - want(k)).abs() < 1e-6, "day {k}: {v}");
    }
}

#[test]
fn forecast_round_trips_through_json() {
    // The app sends forecasts from server functions to the browser.
    let start = d(2025, 9, 6);
    let y = flat_with_spike(730, start, 10.0, d(2024, 9, 3), d(2024, 9, 17), 30.0);
    let f = forecast_sku(&y, start, 30, &HolidayCalendar::china_default()).unwrap();
    let json = serde_json::to_string(&f).unwrap();
    assert!(json.contains("\"festival\":\"MidAutumn\""));
    let back: Forecast = serde_json::from_str(&json).unwrap();
    assert_eq!(back, f);
}
