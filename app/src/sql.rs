//! A small SQL builder for the queries whose shape depends on input (filters, the data
//! scope, keyset pages): text and bound parameters grow together, so a value is never
//! formatted into SQL. Placeholders are `$n`, which both SQLite and PostgreSQL accept.

use crate::auth::Scope;
use crate::page::{Seek, COUNT_CAP, PAGE_SIZE};
use sqlx::any::{Any, AnyArguments, AnyRow};
use sqlx::query::{Query, QueryAs, QueryScalar};
use std::fmt::Write;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Arg {
    Int(i64),
    Text(String),
    NullInt,
    NullText,
}

/// Bind every argument to a query of any of sqlx's three query kinds.
macro_rules! bind_args {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in &$args {
            q = match a {
                Arg::Int(v) => q.bind(*v),
                Arg::Text(v) => q.bind(v.clone()),
                Arg::NullInt => q.bind(None::<i64>),
                Arg::NullText => q.bind(None::<String>),
            };
        }
        q
    }};
}

/// SQL text with its bound parameters.
#[derive(Clone, Debug, Default)]
pub struct Sql {
    text: String,
    args: Vec<Arg>,
    positional: bool,
}

impl Sql {
    pub fn new(text: &str) -> Sql {
        Sql { text: text.to_string(), args: Vec::new(), positional: false }
    }

    /// Write placeholders as `?` (bound by position) instead of `$n`, when `on` — for SQLite
    /// statements with thousands of parameters (bulk inserts): SQLite finds a numbered
    /// parameter by a linear scan of the statement's parameter names, so binding n `$n`
    /// parameters costs O(n²). PostgreSQL needs `$n`; pass `backend == Sqlite`.
    pub fn positional(mut self, on: bool) -> Sql {
        self.positional = on;
        self
    }

    /// Append literal SQL (never user input).
    pub fn push(&mut self, sql: &str) -> &mut Self {
        self.text.push_str(sql);
        self
    }

    fn placeholder(&mut self, arg: Arg) -> &mut Self {
        self.args.push(arg);
        if self.positional {
            self.text.push('?');
        } else {
            let _ = write!(self.text, "${}", self.args.len());
        }
        self
    }

    /// Append a placeholder bound to an integer.
    pub fn int(&mut self, v: i64) -> &mut Self {
        self.placeholder(Arg::Int(v))
    }

    /// Append a placeholder bound to a text.
    pub fn text(&mut self, v: impl Into<String>) -> &mut Self {
        self.placeholder(Arg::Text(v.into()))
    }

    pub fn opt_int(&mut self, v: Option<i64>) -> &mut Self {
        self.placeholder(v.map_or(Arg::NullInt, Arg::Int))
    }

    pub fn opt_text(&mut self, v: Option<&str>) -> &mut Self {
        self.placeholder(v.map_or(Arg::NullText, |s| Arg::Text(s.to_string())))
    }

    /// `$a, $b, …` bound to `ids` (at least one; an empty list becomes `NULL`, matching nothing).
    pub fn ints(&mut self, ids: &[i64]) -> &mut Self {
        if ids.is_empty() {
            return self.push("NULL");
        }
        for (i, id) in ids.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.int(*id);
        }
        self
    }

    /// A condition restricting the agent-id `column` to the caller's scope: `1 = 1` for the
    /// whole team, else `column IN ($…)` with the ids bound.
    pub fn scope(&mut self, column: &str, scope: &Scope) -> &mut Self {
        match scope.agent_ids() {
            None => self.push("1 = 1"),
            Some(ids) => {
                self.push(column).push(" IN (");
                self.ints(ids).push(")")
            }
        }
    }

    /// The keyset condition of a page: ` AND (key, id) < (…)` for older rows, `>` for newer.
    pub fn seek(&mut self, key: &str, id: &str, seek: Seek) -> &mut Self {
        let (op, c) = match seek {
            Seek::First => return self,
            Seek::After(c) => ("<", c),
            Seek::Before(c) => (">", c),
        };
        self.push(&format!(" AND ({key}, {id}) {op} ("));
        self.int(c.key).push(", ").int(c.id).push(")")
    }

    /// ` ORDER BY key DESC, id DESC LIMIT PAGE_SIZE + 1` (ascending when reading newer rows).
    pub fn order_page(&mut self, key: &str, id: &str, seek: Seek) -> &mut Self {
        let dir = if seek.reversed() { "ASC" } else { "DESC" };
        self.push(&format!(" ORDER BY {key} {dir}, {id} {dir} LIMIT "));
        self.int(PAGE_SIZE as i64 + 1)
    }

    /// Wrap this query (a `SELECT 1 FROM … WHERE …`) into a capped count.
    pub fn capped_count(mut self) -> Sql {
        self.text = format!("SELECT COUNT(*) FROM ({} LIMIT {}) capped", self.text, COUNT_CAP + 1);
        self
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn query(&self) -> Query<'_, Any, AnyArguments<'_>> {
        bind_args!(sqlx::query(&self.text), self.args)
    }

    pub fn query_as<T>(&self) -> QueryAs<'_, Any, T, AnyArguments<'_>>
    where
        T: for<'r> sqlx::FromRow<'r, AnyRow>,
    {
        bind_args!(sqlx::query_as::<Any, T>(&self.text), self.args)
    }

    pub fn query_scalar<T>(&self) -> QueryScalar<'_, Any, T, AnyArguments<'_>>
    where
        (T,): for<'r> sqlx::FromRow<'r, AnyRow>,
    {
        bind_args!(sqlx::query_scalar::<Any, T>(&self.text), self.args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_follow_binds() {
        let mut q = Sql::new("SELECT 1 FROM t WHERE a = ");
        q.int(5).push(" AND b = ").text("x").push(" AND c IN (").ints(&[1, 2]).push(")");
        assert_eq!(q.as_str(), "SELECT 1 FROM t WHERE a = $1 AND b = $2 AND c IN ($3, $4)");
        assert_eq!(q.args, vec![Arg::Int(5), Arg::Text("x".into()), Arg::Int(1), Arg::Int(2)]);
        let mut e = Sql::new("x IN (");
        e.ints(&[]).push(")");
        assert_eq!(e.as_str(), "x IN (NULL)");
        let mut p = Sql::new("VALUES (").positional(true);
        p.int(1).push(", ").text("a").push(")");
        assert_eq!(p.as_str(), "VALUES (?, ?)");
        assert_eq!(p.args, vec![Arg::Int(1), Arg::Text("a".into())]);
    }
}
