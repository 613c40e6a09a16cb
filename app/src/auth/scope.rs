//! The data scope: which agents' orders, customers and commissions a caller may see.

use crate::error::{AppError, AppResult};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    /// Boss and staff: the whole team.
    All,
    /// An agent: itself and its downline (never empty, sorted).
    Agents(Vec<i64>),
}

impl Scope {
    pub fn agents(mut ids: Vec<i64>) -> Scope {
        ids.sort_unstable();
        ids.dedup();
        Scope::Agents(ids)
    }

    pub fn contains(&self, agent_id: i64) -> bool {
        match self {
            Scope::All => true,
            Scope::Agents(ids) => ids.binary_search(&agent_id).is_ok(),
        }
    }

    /// `Err(Forbidden)` when `agent_id` is outside the scope.
    pub fn check(&self, agent_id: i64) -> AppResult<()> {
        if self.contains(agent_id) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// A SQL condition restricting `column` (an agent id column) to the scope.
    /// The ids are integers we loaded ourselves, so inlining them is safe; it keeps
    /// every query a single statement with an index-friendly `IN` list.
    pub fn sql(&self, column: &str) -> String {
        match self {
            Scope::All => "1 = 1".to_string(),
            Scope::Agents(ids) if ids.is_empty() => "1 = 0".to_string(),
            Scope::Agents(ids) => {
                let list: Vec<String> = ids.iter().map(i64::to_string).collect();
                format!("{column} IN ({})", list.join(", "))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_sql_and_membership() {
        let s = Scope::agents(vec![7, 3, 7, 5]);
        assert_eq!(s, Scope::Agents(vec![3, 5, 7]));
        assert_eq!(s.sql("o.agent_id"), "o.agent_id IN (3, 5, 7)");
        assert!(s.contains(5) && !s.contains(4));
        assert_eq!(s.check(4), Err(AppError::Forbidden));
        assert!(Scope::All.contains(999));
        assert_eq!(Scope::All.sql("agent_id"), "1 = 1");
        assert_eq!(Scope::Agents(vec![]).sql("agent_id"), "1 = 0");
    }
}
