//! Shopping festivals and the days around them that move demand.
//!
//! 春节 (正月初一), 端午 (五月初五) and 中秋 (八月十五) follow the Chinese lunisolar calendar, so
//! their Gregorian dates come from a table; 618 and 双11 are fixed Gregorian days.
//!
//! Source of the lunar table: the Hong Kong Observatory's "Gregorian-Lunar Calendar Conversion
//! Table" (one table per year, 1901–2100). The 54 dates below were produced with three independent
//! implementations that agree on every one of them — the Rust crate `chinese-lunisolar-calendar`
//! 0.2.5 (table-based), the Python packages `lunardate` 0.3.0 (table-based) and `lunar-python`
//! 1.4.8 (astronomical) — and spot-checked against the HKO 2020 table (中秋 2020-10-01) and the
//! 国务院办公厅 2026 holiday notice (春节 2-17, 端午 6-19, 中秋 9-25). Extend the table before 2037.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// A festival that changes what customers buy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Festival {
    /// 春节, lunar 1/1.
    SpringFestival,
    /// 端午节, lunar 5/5.
    DragonBoat,
    /// 中秋节, lunar 8/15.
    MidAutumn,
    /// 618 shopping festival, June 18.
    Shop618,
    /// 双11, November 11.
    Double11,
}

/// First and last year covered by [`LUNAR_TABLE`].
pub const TABLE_FIRST_YEAR: i32 = 2019;
pub const TABLE_LAST_YEAR: i32 = 2036;

/// (春节, 端午, 中秋) as (month, day) for each year from [`TABLE_FIRST_YEAR`].
const LUNAR_TABLE: [[(u32, u32); 3]; 18] = [
    [(2, 5), (6, 7), (9, 13)],   // 2019
    [(1, 25), (6, 25), (10, 1)], // 2020
    [(2, 12), (6, 14), (9, 21)], // 2021
    [(2, 1), (6, 3), (9, 10)],   // 2022
    [(1, 22), (6, 22), (9, 29)], // 2023
    [(2, 10), (6, 10), (9, 17)], // 2024
    [(1, 29), (5, 31), (10, 6)], // 2025
    [(2, 17), (6, 19), (9, 25)], // 2026
    [(2, 6), (6, 9), (9, 15)],   // 2027
    [(1, 26), (5, 28), (10, 3)], // 2028
    [(2, 13), (6, 16), (9, 22)], // 2029
    [(2, 3), (6, 5), (9, 12)],   // 2030
    [(1, 23), (6, 24), (10, 1)], // 2031
    [(2, 11), (6, 12), (9, 19)], // 2032
    [(1, 31), (6, 1), (9, 8)],   // 2033
    [(2, 19), (6, 20), (9, 27)], // 2034
    [(2, 8), (6, 10), (9, 16)],  // 2035
    [(1, 28), (5, 30), (10, 4)], // 2036
];

impl Festival {
    pub const ALL: [Festival; 5] = [
        Festival::SpringFestival,
        Festival::DragonBoat,
        Festival::MidAutumn,
        Festival::Shop618,
        Festival::Double11,
    ];

    /// The festival's day in Gregorian `year`, or `None` outside the lunar table.
    pub fn date(self, year: i32) -> Option<NaiveDate> {
        let lunar = |i: usize| {
            let row = usize::try_from(year - TABLE_FIRST_YEAR)
                .ok()
                .and_then(|r| LUNAR_TABLE.get(r))?;
            let (m, d) = row[i];
            NaiveDate::from_ymd_opt(year, m, d)
        };
        match self {
            Festival::SpringFestival => lunar(0),
            Festival::DragonBoat => lunar(1),
            Festival::MidAutumn => lunar(2),
            Festival::Shop618 => NaiveDate::from_ymd_opt(year, 6, 18),
            Festival::Double11 => NaiveDate::from_ymd_opt(year, 11, 11),
        }
    }

    /// Stable key for storage and URLs.
    pub fn code(self) -> &'static str {
        match self {
            Festival::SpringFestival => "spring_festival",
            Festival::DragonBoat => "dragon_boat",
            Festival::MidAutumn => "mid_autumn",
            Festival::Shop618 => "shop_618",
            Festival::Double11 => "double_11",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Festival::SpringFestival, Lang::Zh) => "春节",
            (Festival::SpringFestival, Lang::En) => "Spring Festival",
            (Festival::DragonBoat, Lang::Zh) => "端午节",
            (Festival::DragonBoat, Lang::En) => "Dragon Boat Festival",
            (Festival::MidAutumn, Lang::Zh) => "中秋节",
            (Festival::MidAutumn, Lang::En) => "Mid-Autumn Festival",
            (Festival::Shop618, Lang::Zh) => "618",
            (Festival::Shop618, Lang::En) => "618 shopping festival",
            (Festival::Double11, Lang::Zh) => "双11",
            (Festival::Double11, Lang::En) => "Singles' Day (11.11)",
        }
    }
}

/// The days around a festival whose sales are treated as festival demand:
/// from `days_before` days before the festival day to `days_after` days after it, inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FestivalWindow {
    pub festival: Festival,
    pub days_before: u32,
    pub days_after: u32,
}

/// One festival in one year, with its window of days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Occurrence {
    pub festival: Festival,
    pub day: NaiveDate,
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Occurrence {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.first <= d && d <= self.last
    }

    /// Position of `d` relative to the festival day (negative before it).
    pub fn offset(&self, d: NaiveDate) -> i64 {
        (d - self.day).num_days()
    }
}

/// Which festivals the forecast knows about, and how wide their windows are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayCalendar {
    pub windows: Vec<FestivalWindow>,
}

impl HolidayCalendar {
    /// No festivals: a plain trend-and-weekday forecast.
    pub fn none() -> Self {
        HolidayCalendar {
            windows: Vec::new(),
        }
    }

    /// The mainland calendar with windows that fit gift and snack sellers: 年货 bought three weeks
    /// before 春节 and a lull while couriers stop for a week after it; 粽子 ten days before 端午;
    /// mooncakes and 蛋黄酥 two weeks before 中秋; 618 from June 1; 双11 from November 1.
    pub fn china_default() -> Self {
        let w = |festival, days_before, days_after| FestivalWindow {
            festival,
            days_before,
            days_after,
        };
        HolidayCalendar {
            windows: vec![
                w(Festival::SpringFestival, 21, 7),
                w(Festival::DragonBoat, 10, 0),
                w(Festival::MidAutumn, 14, 0),
                w(Festival::Shop618, 17, 0),
                w(Festival::Double11, 10, 0),
            ],
        }
    }

    /// The window of `festival` in `year`, if the calendar has that festival and knows the date.
    pub fn occurrence(&self, festival: Festival, year: i32) -> Option<Occurrence> {
        let w = self.windows.iter().find(|w| w.festival == festival)?;
        let day = festival.date(year)?;
        Some(Occurrence {
            festival,
            day,
            first: day - Duration::days(i64::from(w.days_before)),
            last: day + Duration::days(i64::from(w.days_after)),
        })
    }

    /// Every occurrence whose window overlaps `first..=last`, ordered by festival day.
    pub fn occurrences_between(&self, first: NaiveDate, last: NaiveDate) -> Vec<Occurrence> {
        // A window can reach into the neighbouring Gregorian year (春节 in late January).
        let mut out: Vec<Occurrence> = (first.year() - 1..=last.year() + 1)
            .flat_map(|y| {
                self.windows
                    .iter()
                    .filter_map(move |w| self.occurrence(w.festival, y))
            })
            .filter(|o| o.last >= first && o.first <= last)
            .collect();
        out.sort_by_key(|o| (o.day, o.festival));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn lunar_dates_match_official_notices() {
        // 国务院办公厅 2026 holiday notice; HKO 2020 table; 2025 notice (春节 1-29 is 正月初一).
        assert_eq!(Festival::SpringFestival.date(2026), Some(d(2026, 2, 17)));
        assert_eq!(Festival::DragonBoat.date(2026), Some(d(2026, 6, 19)));
        assert_eq!(Festival::MidAutumn.date(2026), Some(d(2026, 9, 25)));
        assert_eq!(Festival::MidAutumn.date(2020), Some(d(2020, 10, 1)));
        assert_eq!(Festival::SpringFestival.date(2025), Some(d(2025, 1, 29)));
        assert_eq!(Festival::MidAutumn.date(2035), Some(d(2035, 9, 16)));
    }

    #[test]
    fn fixed_festivals_and_table_edges() {
        assert_eq!(Festival::Shop618.date(2040), Some(d(2040, 6, 18)));
        assert_eq!(Festival::Double11.date(2024), Some(d(2024, 11, 11)));
        assert_eq!(Festival::MidAutumn.date(2018), None);
        assert_eq!(Festival::MidAutumn.date(2037), None);
        assert_eq!(Festival::DragonBoat.date(2036), Some(d(2036, 5, 30)));
    }

    #[test]
    fn every_table_row_is_plausible() {
        // 春节 falls between Jan 21 and Feb 20; 中秋 between Sep 7 and Oct 8 (every year 1900–2100).
        for y in TABLE_FIRST_YEAR..=TABLE_LAST_YEAR {
            let cny = Festival::SpringFestival.date(y).unwrap();
            assert!(cny >= d(y, 1, 21) && cny <= d(y, 2, 20), "{y}");
            let mid = Festival::MidAutumn.date(y).unwrap();
            assert!(mid >= d(y, 9, 7) && mid <= d(y, 10, 8), "{y}");
        }
    }

    #[test]
    fn default_windows() {
        let cal = HolidayCalendar::china_default();
        let o = cal.occurrence(Festival::MidAutumn, 2025).unwrap();
        assert_eq!(
            (o.first, o.day, o.last),
            (d(2025, 9, 22), d(2025, 10, 6), d(2025, 10, 6))
        );
        assert_eq!(o.offset(d(2025, 9, 22)), -14);
        let o = cal.occurrence(Festival::SpringFestival, 2026).unwrap();
        assert_eq!((o.first, o.last), (d(2026, 1, 27), d(2026, 2, 24)));
        assert_eq!(
            HolidayCalendar::none().occurrence(Festival::MidAutumn, 2025),
            None
        );
    }

    #[test]
    fn occurrences_between_crosses_years_and_sorts() {
        let cal = HolidayCalendar::china_default();
        // 2025-12-20 ..= 2026-01-31 touches only the 2026 春节 window (starts 2026-01-27).
        let got = cal.occurrences_between(d(2025, 12, 20), d(2026, 1, 31));
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].day, d(2026, 2, 17));
        // June 2023: 618 (Jun 1–18) and 端午 (Jun 12–22) overlap.
        let got = cal.occurrences_between(d(2023, 6, 1), d(2023, 6, 30));
        let names: Vec<Festival> = got.iter().map(|o| o.festival).collect();
        assert_eq!(names, vec![Festival::Shop618, Festival::DragonBoat]);
    }
}
