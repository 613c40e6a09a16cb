//! Holt-Winters exponential smoothing with an additive damped trend and a multiplicative
//! weekly season (ETS(A,Ad,M) in Hyndman's taxonomy), fitted by a small grid search that
//! minimises the one-step-ahead squared error. Also the classical weekday indices it starts from.
//!
//! Why hand-written: see the crate report. In short, the maintained Rust option (augurs 0.10)
//! has no seasonal ETS yet, pulls ~60 crates including nalgebra, and does not build for wasm.

use serde::{Deserialize, Serialize};

/// Days in the season: demand repeats weekly.
pub const SEASON: usize = 7;

/// Seasonal indices are kept inside this range so that a quiet weekday (index near 0) cannot
/// blow up the level when it is divided by.
const MIN_INDEX: f64 = 0.05;
const MAX_INDEX: f64 = 20.0;

/// Smoothing parameters: level `alpha`, trend `beta`, season `gamma`, damping `phi`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct HwParams {
    pub alpha: f64,
    pub beta: f64,
    pub gamma: f64,
    pub phi: f64,
}

/// A fitted model: the states after the last observation.
#[derive(Clone, Debug, PartialEq)]
pub struct HwFit {
    pub params: HwParams,
    level: f64,
    trend: f64,
    /// `season[k]` applies to day `n + k` (mod 7), i.e. `season[0]` to the first forecast day.
    season: [f64; SEASON],
    /// Root mean square of the one-step-ahead errors.
    pub sigma: f64,
}

const ALPHAS: [f64; 6] = [0.02, 0.05, 0.1, 0.2, 0.3, 0.5];
const BETAS: [f64; 4] = [0.0, 0.01, 0.05, 0.1];
const GAMMAS: [f64; 5] = [0.0, 0.02, 0.05, 0.1, 0.2];
const PHIS: [f64; 3] = [0.8, 0.9, 0.98];

/// Weekday indices by position `t % 7` (relative to `y[0]`), from the ratio of each day to the
/// centred 7-day moving average, skipping days where `skip[t]` (festival days). Mean 1.
/// Positions without data get 1.
pub fn weekday_indices(y: &[f64], skip: &[bool]) -> [f64; SEASON] {
    let mut sum = [0.0; SEASON];
    let mut count = [0u32; SEASON];
    for t in 3..y.len().saturating_sub(3) {
        let window = &y[t - 3..=t + 3];
        let ma = window.iter().sum::<f64>() / 7.0;
        let skipped = skip
            .get(t - 3..=t + 3)
            .is_some_and(|s| s.iter().any(|&b| b));
        if ma > 0.0 && !skipped {
            sum[t % SEASON] += y[t] / ma;
            count[t % SEASON] += 1;
        }
    }
    let mut idx = [1.0; SEASON];
    for k in 0..SEASON {
        if count[k] > 0 {
            idx[k] = sum[k] / f64::from(count[k]);
        }
    }
    normalise(&mut idx);
    idx
}

fn normalise(idx: &mut [f64; SEASON]) {
    let mean = idx.iter().sum::<f64>() / SEASON as f64;
    if mean > 0.0 {
        idx.iter_mut()
            .for_each(|s| *s = (*s / mean).clamp(MIN_INDEX, MAX_INDEX));
    } else {
        *idx = [1.0; SEASON];
    }
}

/// Starting level and trend: a least-squares line through the first four deseasonalised weeks.
fn initial_level_trend(y: &[f64], idx: &[f64; SEASON]) -> (f64, f64) {
    let m = y.len().min(4 * SEASON);
    let pts: Vec<(f64, f64)> = (0..m).map(|t| (t as f64, y[t] / idx[t % SEASON])).collect();
    let mx = pts.iter().map(|p| p.0).sum::<f64>() / m as f64;
    let my = pts.iter().map(|p| p.1).sum::<f64>() / m as f64;
    let sxx: f64 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    // The level "before day 0": one step of the undamped trend later it is the line's value at 0.
    (my - slope * mx - slope, slope)
}

/// Run the recursions over `y`; returns the fit and the sum of squared one-step errors
/// from the second week on (the first week only settles the states).
fn run(y: &[f64], p: HwParams, init: &[f64; SEASON]) -> (HwFit, f64) {
    let (mut level, mut trend) = initial_level_trend(y, init);
    let mut season = *init;
    let mut sse = 0.0;
    let mut count = 0usize;
    for (t, &obs) in y.iter().enumerate() {
        let k = t % SEASON;
        let base = (level + p.phi * trend).max(0.0);
        let err = obs - base * season[k];
        if t >= SEASON {
            sse += err * err;
            count += 1;
        }
        let new_level = (p.alpha * obs / season[k] + (1.0 - p.alpha) * base).max(0.0);
        trend = p.beta * (new_level - level) + (1.0 - p.beta) * p.phi * trend;
        if base > 1e-9 {
            season[k] =
                (p.gamma * obs / base + (1.0 - p.gamma) * season[k]).clamp(MIN_INDEX, MAX_INDEX);
        }
        level = new_level;
    }
    let n = y.len();
    let rotated: [f64; SEASON] = std::array::from_fn(|k| season[(n + k) % SEASON]);
    let sigma = if count > 0 {
        (sse / count as f64).sqrt()
    } else {
        0.0
    };
    (
        HwFit {
            params: p,
            level,
            trend,
            season: rotated,
            sigma,
        },
        sse,
    )
}

/// Fit by grid search over the parameter table. Needs at least two weeks of data.
pub fn fit(y: &[f64], init: &[f64; SEASON]) -> Option<HwFit> {
    if y.len() < 2 * SEASON {
        return None;
    }
    let mut best: Option<(HwFit, f64)> = None;
    for &alpha in &ALPHAS {
        for &beta in BETAS.iter().filter(|&&b| b <= alpha) {
            for &gamma in &GAMMAS {
                for &phi in &PHIS {
                    let (f, sse) = run(
                        y,
                        HwParams {
                            alpha,
                            beta,
                            gamma,
                            phi,
                        },
                        init,
                    );
                    if best.as_ref().is_none_or(|(_, b)| sse < *b) {
                        best = Some((f, sse));
                    }
                }
            }
        }
    }
    best.map(|(f, _)| f)
}

impl HwFit {
    /// Point forecasts for the next `h` days, never negative.
    pub fn forecast(&self, h: usize) -> Vec<f64> {
        let phi = self.params.phi;
        let mut damp = 0.0;
        let mut pow = 1.0;
        (0..h)
            .map(|i| {
                pow *= phi;
                damp += pow;
                ((self.level + damp * self.trend) * self.season[i % SEASON]).max(0.0)
            })
            .collect()
    }

    /// Approximate standard deviation of the forecast error `h` days ahead (1-based), using the
    /// additive damped-trend variance formula scaled by the weekday index; it ignores the
    /// uncertainty of the seasonal states, so intervals are somewhat narrow.
    pub fn std_at(&self, h: usize) -> f64 {
        let HwParams {
            alpha, beta, phi, ..
        } = self.params;
        let mut var = 1.0;
        let mut phi_j = 0.0;
        let mut pow = 1.0;
        for _ in 1..h {
            pow *= phi;
            phi_j += pow;
            let c = alpha * (1.0 + beta * phi_j);
            var += c * c;
        }
        self.sigma * var.sqrt() * self.season[(h - 1) % SEASON]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_of_a_pure_weekly_pattern() {
        // Five weekdays of 10 and two weekend days of 17.5 (weekly mean 12.1428…): the
        // moving average is always 85/7, so the indices are 10·7/85 and 17.5·7/85.
        let week = [10.0, 10.0, 10.0, 10.0, 10.0, 17.5, 17.5];
        let y: Vec<f64> = week.iter().cycle().take(28).copied().collect();
        let idx = weekday_indices(&y, &[false; 28]);
        for (k, v) in idx.iter().enumerate().take(5) {
            assert!((v - 70.0 / 85.0).abs() < 1e-12, "{k}: {v}");
        }
        assert!((idx[5] - 122.5 / 85.0).abs() < 1e-12);
        assert!((idx[6] - 122.5 / 85.0).abs() < 1e-12);
    }

    #[test]
    fn indices_skip_festival_days_and_default_to_one() {
        let y = [5.0; 10];
        // Every 7-day window touches day 5, so nothing is counted: all indices stay 1.
        let mut skip = [false; 10];
        skip[5] = true;
        assert_eq!(weekday_indices(&y, &skip), [1.0; 7]);
        assert_eq!(weekday_indices(&[0.0; 14], &[false; 14]), [1.0; 7]);
    }

    #[test]
    fn initial_line_through_a_ramp() {
        // y = 3 + 2t with flat indices: slope 2, level before day 0 = 3 − 2 = 1.
        let y: Vec<f64> = (0..28).map(|t| 3.0 + 2.0 * t as f64).collect();
        let (l, b) = initial_level_trend(&y, &[1.0; 7]);
        assert!((l - 1.0).abs() < 1e-9 && (b - 2.0).abs() < 1e-9, "{l} {b}");
    }

    #[test]
    fn constant_series_is_forecast_exactly() {
        let y = [8.0; 35];
        let f = fit(&y, &[1.0; 7]).unwrap();
        assert!(f.sigma < 1e-9);
        for v in f.forecast(10) {
            assert!((v - 8.0).abs() < 1e-9, "{v}");
        }
    }

    #[test]
    fn weekly_pattern_is_carried_forward_in_phase() {
        // 35 days starting on position 0; day 35 is position 0 again (a 10), day 40 a 17.5.
        let week = [10.0, 10.0, 10.0, 10.0, 10.0, 17.5, 17.5];
        let y: Vec<f64> = week.iter().cycle().take(35).copied().collect();
        let idx = weekday_indices(&y, &[false; 35]);
        let f = fit(&y, &idx).unwrap().forecast(7);
        let expect = [10.0, 10.0, 10.0, 10.0, 10.0, 17.5, 17.5];
        for (got, want) in f.iter().zip(expect) {
            assert!((got - want).abs() < 1e-6, "{got} vs {want}");
        }
    }

    #[test]
    fn too_short_for_a_fit() {
        assert_eq!(fit(&[1.0; 13], &[1.0; 7]), None);
    }

    #[test]
    fn interval_widens_with_horizon() {
        let f = HwFit {
            params: HwParams {
                alpha: 0.5,
                beta: 0.0,
                gamma: 0.0,
                phi: 0.9,
            },
            level: 10.0,
            trend: 0.0,
            season: [1.0; 7],
            sigma: 2.0,
        };
        // h=1: σ; h=2: σ·√(1 + 0.5²) = 2·√1.25.
        assert!((f.std_at(1) - 2.0).abs() < 1e-12);
        assert!((f.std_at(2) - 2.0 * 1.25f64.sqrt()).abs() < 1e-12);
    }
}
