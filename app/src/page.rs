//! Lists page by key (seek), not OFFSET: a page is "the N rows older (or newer) than this
//! row", which costs the same at row 20 and at row 1,000,000. Counts are capped, so no view
//! counts a million rows to print "共 1000000 条".

use serde::{Deserialize, Serialize};

/// Rows per page of every list.
pub const PAGE_SIZE: usize = 20;
/// Counts stop here ("1000+ 条").
pub const COUNT_CAP: i64 = 1000;

/// A position in a list sorted newest first: the sort key (e.g. created_at) and the id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub key: i64,
    pub id: i64,
}

impl Cursor {
    /// `1732852800000.42`, for URLs.
    pub fn encode(self) -> String {
        format!("{}.{}", self.key, self.id)
    }

    pub fn decode(s: &str) -> Option<Cursor> {
        let (k, i) = s.split_once('.')?;
        Some(Cursor { key: k.parse().ok()?, id: i.parse().ok()? })
    }
}

/// Which page: the first (newest), the one after a cursor (older rows), or before it (newer).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Seek {
    #[default]
    First,
    After(Cursor),
    Before(Cursor),
}

impl Seek {
    /// From the `after` / `before` query parameters.
    pub fn from_query(after: Option<&str>, before: Option<&str>) -> Seek {
        match (after.and_then(Cursor::decode), before.and_then(Cursor::decode)) {
            (Some(c), _) => Seek::After(c),
            (None, Some(c)) => Seek::Before(c),
            _ => Seek::First,
        }
    }

    /// Whether rows are read oldest first (to find the newer neighbours of a cursor).
    pub fn reversed(self) -> bool {
        matches!(self, Seek::Before(_))
    }
}

/// A capped count of the rows a filter matches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    pub n: i64,
    /// True when there are more than `n` (= [`COUNT_CAP`]).
    pub capped: bool,
}

impl Count {
    /// From a count taken with `LIMIT COUNT_CAP + 1`.
    pub fn from_capped(n: i64) -> Count {
        if n > COUNT_CAP { Count { n: COUNT_CAP, capped: true } } else { Count { n, capped: false } }
    }
}

/// One page of a list, with the cursors of its neighbours.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub rows: Vec<T>,
    /// Older rows follow (the "next" link).
    pub next: Option<Cursor>,
    /// Newer rows precede (the "previous" link).
    pub prev: Option<Cursor>,
    pub count: Count,
}

impl<T> Page<T> {
    pub fn empty() -> Page<T> {
        Page { rows: Vec::new(), next: None, prev: None, count: Count::default() }
    }

    /// Build a page from up to `PAGE_SIZE + 1` rows read in the seek's order.
    pub fn assemble(mut rows: Vec<T>, seek: Seek, count: Count, cursor: impl Fn(&T) -> Cursor) -> Page<T> {
        let more = rows.len() > PAGE_SIZE;
        rows.truncate(PAGE_SIZE);
        if seek.reversed() {
            rows.reverse();
        }
        let first = rows.first().map(&cursor);
        let last = rows.last().map(&cursor);
        let (next, prev) = match seek {
            Seek::First => (last.filter(|_| more), None),
            Seek::After(_) => (last.filter(|_| more), first),
            Seek::Before(_) => (last, first.filter(|_| more)),
        };
        Page { rows, next, prev, count }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: std::ops::Range<i64>) -> Vec<i64> {
        n.collect()
    }

    #[test]
    fn cursors_round_trip_and_refuse_junk() {
        let c = Cursor { key: 1_732_852_800_000, id: 42 };
        assert_eq!(Cursor::decode(&c.encode()), Some(c));
        assert_eq!(Cursor::decode("abc"), None);
        assert_eq!(Cursor::decode("1.x"), None);
        assert_eq!(Seek::from_query(Some("5.1"), None), Seek::After(Cursor { key: 5, id: 1 }));
        assert_eq!(Seek::from_query(Some("junk"), None), Seek::First);
    }

    #[test]
    fn pages_link_to_their_neighbours() {
        let cur = |id: &i64| Cursor { key: *id, id: *id };
        // First page of a long list (rows newest first: 100, 99, …).
        let rows: Vec<i64> = ids(0..21).iter().map(|i| 100 - i).collect();
        let p = Page::assemble(rows, Seek::First, Count::default(), cur);
        assert_eq!((p.rows.len(), p.rows[0], p.rows[19]), (20, 100, 81));
        assert_eq!((p.next, p.prev), (Some(cur(&81)), None));
        // Last page: fewer rows, no next.
        let p = Page::assemble(vec![3, 2, 1], Seek::After(cur(&4)), Count::default(), cur);
        assert_eq!((p.next, p.prev), (None, Some(cur(&3))));
        // Going back: rows come oldest first and are turned around.
        let rows: Vec<i64> = ids(82..103);
        let p = Page::assemble(rows, Seek::Before(cur(&81)), Count::default(), cur);
        assert_eq!((p.rows[0], p.rows[19]), (101, 82));
        assert_eq!((p.next, p.prev), (Some(cur(&82)), Some(cur(&101))));
        assert_eq!(Count::from_capped(1001), Count { n: 1000, capped: true });
    }
}
