//! Festival uplift: how much a festival multiplied sales last time, and a history with the
//! festival days replaced by ordinary demand so that the trend model is not pulled by them.
//!
//! The uplift of one occurrence is the ratio of its window's sales to the baseline around it:
//! the weekday-adjusted mean of up to four weeks on each side (other festivals' days left out).
//! Its shape inside the window (a ramp towards 中秋, a lull after 春节) is kept as a per-day
//! profile, smoothed over ±1 day (never across the festival day) and scaled so that it
//! reproduces the window total exactly. A ratio within the noise of ordinary days is shrunk
//! towards 1, so festivals without a real effect on a SKU leave its forecast alone.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::inventory::forecast::calendar::{Festival, HolidayCalendar, Occurrence};
use crate::inventory::forecast::holt_winters::{weekday_indices, SEASON};

/// Days on each side of a window used for its baseline.
const FLANK_DAYS: i64 = 28;
/// Fewer flank days than this and the baseline is not trusted.
const MIN_FLANK_DAYS: usize = 7;
/// Ratios are capped: a product that sells almost only at a festival is not a "spike".
pub const MAX_RATIO: f64 = 20.0;
/// Below this mean daily demand around the window the ratio means nothing.
const MIN_BASELINE: f64 = 0.05;
const SMOOTH_HALF_WIDTH: i64 = 1;

/// Where an applied uplift was learned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum UpliftSource {
    /// From this SKU's own sales at the previous occurrence.
    Sku,
    /// From the category's sales (the SKU has no history at the previous occurrence).
    Category,
    /// Neither series covers a previous occurrence: no uplift applied.
    NotLearned,
}

/// A festival inside the forecast horizon and the uplift applied to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AppliedUplift {
    pub festival: Festival,
    /// This year's festival day.
    pub day: NaiveDate,
    /// The festival day it was learned from (last year's, or the year before); `None` if not learned.
    pub learned_from: Option<NaiveDate>,
    pub source: UpliftSource,
    /// Window sales ÷ baseline at the occurrence learned from, shrunk towards 1 by its noise
    /// (1.0 when not learned). This is the average multiplier applied over the window.
    pub ratio: f64,
}

/// A daily series and the date of its first value.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Dated<'a> {
    pub first: NaiveDate,
    pub y: &'a [f64],
}

impl Dated<'_> {
    fn pos(&self, d: NaiveDate) -> Option<usize> {
        usize::try_from((d - self.first).num_days())
            .ok()
            .filter(|&i| i < self.y.len())
    }

    fn date(&self, i: usize) -> NaiveDate {
        self.first + Duration::days(i as i64)
    }

    fn last(&self) -> NaiveDate {
        self.first + Duration::days(self.y.len() as i64 - 1)
    }
}

/// A history made ready for modelling.
#[derive(Clone, Debug)]
pub(crate) struct Prepared {
    /// Weekday indices by position `t % 7` relative to the series' first day.
    pub idx: [f64; SEASON],
    /// `true` on festival-window days.
    pub festive: Vec<bool>,
    /// The history with festival-window days replaced by baseline demand.
    pub cleaned: Vec<f64>,
}

/// Mark festival days, estimate weekday indices without them, and replace them by baseline.
pub(crate) fn prepare(s: Dated, cal: &HolidayCalendar) -> Prepared {
    let n = s.y.len();
    let mut festive = vec![false; n];
    let occs = if n > 0 {
        cal.occurrences_between(s.first, s.last())
    } else {
        Vec::new()
    };
    for o in &occs {
        (0..n)
            .filter(|&i| o.contains(s.date(i)))
            .for_each(|i| festive[i] = true);
    }
    let idx = if n >= 3 * SEASON {
        weekday_indices(s.y, &festive)
    } else {
        [1.0; SEASON]
    };
    let mut cleaned = s.y.to_vec();
    for o in &occs {
        if let Some(b) = baseline(s, o, &festive, &idx).map(|b| b.mean) {
            for (i, v) in cleaned.iter_mut().enumerate() {
                if o.contains(s.date(i)) {
                    *v = b * idx[i % SEASON];
                }
            }
        }
    }
    Prepared {
        idx,
        festive,
        cleaned,
    }
}

/// Ordinary demand around a window.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Baseline {
    /// Weekday-adjusted mean per day.
    mean: f64,
    /// Coefficient of variation of those days (day-to-day noise).
    cv: f64,
    days: usize,
}

/// Weekday-adjusted mean demand on the non-festival days around `o`.
fn baseline(s: Dated, o: &Occurrence, festive: &[bool], idx: &[f64; SEASON]) -> Option<Baseline> {
    let before = (1..=FLANK_DAYS).map(|k| o.first - Duration::days(k));
    let after = (1..=FLANK_DAYS).map(|k| o.last + Duration::days(k));
    let vals: Vec<f64> = before
        .chain(after)
        .filter_map(|d| s.pos(d))
        .filter(|&i| !festive[i])
        .map(|i| s.y[i] / idx[i % SEASON])
        .collect();
    if vals.len() < MIN_FLANK_DAYS {
        return None;
    }
    let n = vals.len() as f64;
    let mean = vals.iter().sum::<f64>() / n;
    let var = vals.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let cv = if mean > 0.0 { var.sqrt() / mean } else { 0.0 };
    Some(Baseline {
        mean,
        cv,
        days: vals.len(),
    })
}

/// What one past occurrence taught: the window ratio and its per-day shape.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Learned {
    pub day: NaiveDate,
    pub ratio: f64,
    /// Offset (days from the festival day) of `profile[0]`.
    first_offset: i64,
    profile: Vec<f64>,
}

impl Learned {
    /// The multiplier for a day `offset` days from this year's festival day.
    pub fn multiplier(&self, offset: i64) -> f64 {
        usize::try_from(offset - self.first_offset)
            .ok()
            .and_then(|i| self.profile.get(i))
            .copied()
            .unwrap_or(self.ratio)
    }
}

/// Learn the uplift of occurrence `o`, which must lie wholly inside the series.
pub(crate) fn learn(s: Dated, p: &Prepared, o: &Occurrence) -> Option<Learned> {
    let (i0, i1) = (s.pos(o.first)?, s.pos(o.last)?);
    let b = baseline(s, o, &p.festive, &p.idx)?;
    if b.mean < MIN_BASELINE {
        return None;
    }
    let actual = &s.y[i0..=i1];
    let expected: Vec<f64> = (i0..=i1).map(|i| b.mean * p.idx[i % SEASON]).collect();
    let raw = (actual.iter().sum::<f64>() / expected.iter().sum::<f64>()).min(MAX_RATIO);
    let first_offset = o.offset(o.first);
    let profile = smoothed_profile(actual, &expected, first_offset, raw);
    let k = shrink(raw, b, actual.len());
    Some(Learned {
        day: o.day,
        ratio: 1.0 + (raw - 1.0) * k,
        first_offset,
        profile: profile.iter().map(|r| 1.0 + (r - 1.0) * k).collect(),
    })
}

/// Per-day ratios smoothed over ±1 day, scaled so that the window total matches `ratio`.
fn smoothed_profile(actual: &[f64], expected: &[f64], first_offset: i64, ratio: f64) -> Vec<f64> {
    let w = actual.len() as i64;
    // Smoothing stays on one side of the festival day: buying before it, the day itself and
    // the days after it behave differently, and mixing them would leak the spike onto the day.
    let side = |k: i64| (first_offset + k).signum();
    let mut profile: Vec<f64> = (0..w)
        .map(|k| {
            let near = (k - SMOOTH_HALF_WIDTH).max(0)..=(k + SMOOTH_HALF_WIDTH).min(w - 1);
            let (a, e) = near
                .filter(|&j| side(j) == side(k))
                .fold((0.0, 0.0), |(a, e), j| {
                    (a + actual[j as usize], e + expected[j as usize])
                });
            a / e
        })
        .collect();
    let shaped: f64 = profile.iter().zip(expected).map(|(r, e)| r * e).sum();
    if shaped > 0.0 {
        let scale = ratio * expected.iter().sum::<f64>() / shaped;
        profile
            .iter_mut()
            .for_each(|r| *r = (*r * scale).min(MAX_RATIO));
    }
    profile
}

/// How much of `ratio − 1` to believe: a window of ordinary noisy days also gives a ratio a few
/// percent off 1, and copying that noise into the forecast makes it worse than no uplift.
/// The standard error of the ratio is about ratio · cv · √(1/window + 1/flank days); the
/// deviation is shrunk towards 1 by the positive-part James–Stein factor 1 − se² / (ratio − 1)².
fn shrink(ratio: f64, b: Baseline, window: usize) -> f64 {
    let se = ratio * b.cv * (1.0 / window as f64 + 1.0 / b.days as f64).sqrt();
    let dev2 = (ratio - 1.0).powi(2);
    if dev2 <= se * se {
        0.0
    } else {
        1.0 - se * se / dev2
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::forecast::calendar::FestivalWindow;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// 中秋 only, window = the 3 days before 2024-09-17 and the day itself.
    fn cal() -> HolidayCalendar {
        HolidayCalendar {
            windows: vec![FestivalWindow {
                festival: Festival::MidAutumn,
                days_before: 3,
                days_after: 0,
            }],
        }
    }

    /// 2024-08-20 ..= 2024-10-14 (56 days): 10 a day, 40 a day on Sep 14–17 (positions 25–28).
    fn series() -> Vec<f64> {
        (0..56)
            .map(|i| if (25..=28).contains(&i) { 40.0 } else { 10.0 })
            .collect()
    }

    #[test]
    fn flat_series_ratio_is_four() {
        let y = series();
        let s = Dated {
            first: d(2024, 8, 20),
            y: &y,
        };
        let p = prepare(s, &cal());
        assert_eq!(p.idx, [1.0; 7]);
        assert_eq!(p.festive.iter().filter(|&&f| f).count(), 4);
        assert!(p.cleaned.iter().all(|&v| (v - 10.0).abs() < 1e-12));
        let o = cal().occurrence(Festival::MidAutumn, 2024).unwrap();
        let l = learn(s, &p, &o).unwrap();
        // Window 160 ÷ baseline 4 × 10 = 4; the spike fills the whole window, so every day is 4.
        assert!((l.ratio - 4.0).abs() < 1e-12);
        for off in -3..=0 {
            assert!((l.multiplier(off) - 4.0).abs() < 1e-12);
        }
        assert!(
            (l.multiplier(5) - 4.0).abs() < 1e-12,
            "outside the profile: the window ratio"
        );
    }

    #[test]
    fn profile_keeps_the_window_total() {
        // Window Sep 8–17 (positions 19–28); only Sep 8–11 sell 40. Ratio (160 + 60) / 100 = 2.2.
        let cal = HolidayCalendar {
            windows: vec![FestivalWindow {
                festival: Festival::MidAutumn,
                days_before: 9,
                days_after: 0,
            }],
        };
        let y: Vec<f64> = (0..56)
            .map(|i| if (19..=22).contains(&i) { 40.0 } else { 10.0 })
            .collect();
        let s = Dated {
            first: d(2024, 8, 20),
            y: &y,
        };
        let p = prepare(s, &cal);
        let l = learn(s, &p, &cal.occurrence(Festival::MidAutumn, 2024).unwrap()).unwrap();
        assert!((l.ratio - 2.2).abs() < 1e-12);
        let total: f64 = (-9..=0).map(|o| l.multiplier(o) * 10.0).sum();
        assert!((total - 220.0).abs() < 1e-9, "{total}");
        // Smoothed over ±1 day: offsets −9..−7 → 4, −6 → 90/30 = 3, −5 → 60/30 = 2, −4..−1 → 1,
        // and the festival day alone → 1. That sums to 22 × 10 = 220, so the scale is exactly 1.
        let want = [4.0, 4.0, 4.0, 3.0, 2.0, 1.0, 1.0, 1.0, 1.0, 1.0];
        for (off, w) in (-9..=0).zip(want) {
            assert!(
                (l.multiplier(off) - w).abs() < 1e-12,
                "{off}: {}",
                l.multiplier(off)
            );
        }
    }

    #[test]
    fn no_learning_without_the_whole_window_or_flanks() {
        let y = series();
        let o = cal().occurrence(Festival::MidAutumn, 2024).unwrap();
        // Series starts on Sep 15: the window (Sep 14–17) is not wholly inside.
        let s = Dated {
            first: d(2024, 9, 15),
            y: &y[26..],
        };
        assert_eq!(learn(s, &prepare(s, &cal()), &o), None);
        // Sep 11 ..= Sep 20: 3 + 3 flank days < 7, so no baseline and nothing cleaned.
        let s = Dated {
            first: d(2024, 9, 11),
            y: &y[22..32],
        };
        let p = prepare(s, &cal());
        assert_eq!(learn(s, &p, &o), None);
        assert_eq!(p.cleaned[3], 40.0);
    }

    #[test]
    fn zero_baseline_learns_nothing() {
        let y: Vec<f64> = (0..56)
            .map(|i| if (25..=28).contains(&i) { 40.0 } else { 0.0 })
            .collect();
        let s = Dated {
            first: d(2024, 8, 20),
            y: &y,
        };
        let p = prepare(s, &cal());
        assert_eq!(
            learn(s, &p, &cal().occurrence(Festival::MidAutumn, 2024).unwrap()),
            None
        );
    }

    #[test]
    fn noise_sized_ratios_shrink_towards_one() {
        let b = Baseline {
            mean: 10.0,
            cv: 0.15,
            days: 56,
        };
        // se² = (1.05 · 0.15)² · (1/15 + 1/56) = 0.02480625 · 71/840 = 0.0020967;
        // k = 1 − 0.0020967 / 0.05² = 0.16131.
        assert!((shrink(1.05, b, 15) - 0.161_312_5).abs() < 1e-6);
        // 1.03: se² = 0.0020176 > 0.03² = 0.0009, so no uplift at all.
        assert_eq!(shrink(1.03, b, 15), 0.0);
        // A doubling is far outside the noise: k = 1 − 0.0076071 / 1 = 0.99239.
        assert!((shrink(2.0, b, 15) - 0.992_392_9).abs() < 1e-6);
        // Noise-free flanks: believe the ratio as it is.
        assert_eq!(shrink(0.2, Baseline { cv: 0.0, ..b }, 7), 1.0);
    }
}
