//! The data scope: which agents' orders, customers and commissions a caller may see.
//!
//! Opaque on purpose: there is no public constructor, no `Deserialize`, and the variants
//! are private, so a scope can only come from a [`super::Caller`] that auth made. Queries
//! put it into SQL as bound parameters (`Sql::scope` in `crate::sql`), and by-id access goes
//! through [`Scope::vouch`], the only maker of an [`Owned`] proof.

/// Which agents' rows a caller may read or change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope(Inner);

#[derive(Clone, Debug, PartialEq, Eq)]
enum Inner {
    /// Boss and staff: the whole team.
    All,
    /// An agent: itself and its downline (never empty, sorted, no duplicates).
    Agents(Vec<i64>),
}

impl Scope {
    pub(super) fn all() -> Scope {
        Scope(Inner::All)
    }

    pub(super) fn agents(mut ids: Vec<i64>) -> Scope {
        ids.sort_unstable();
        ids.dedup();
        Scope(Inner::Agents(ids))
    }

    /// True for the boss and staff.
    pub fn is_all(&self) -> bool {
        matches!(self.0, Inner::All)
    }

    /// The agents in scope, or `None` for the whole team.
    pub fn agent_ids(&self) -> Option<&[i64]> {
        match &self.0 {
            Inner::All => None,
            Inner::Agents(ids) => Some(ids),
        }
    }

    pub fn contains(&self, agent_id: i64) -> bool {
        match &self.0 {
            Inner::All => true,
            Inner::Agents(ids) => ids.binary_search(&agent_id).is_ok(),
        }
    }

    /// A proof that the record `id`, owned by `agent_id` as just read from the database,
    /// is in this scope. `None` means the caller must get the same 404 as for a missing row.
    pub fn vouch<I: Copy>(&self, id: I, agent_id: i64) -> Option<Owned<I>> {
        self.contains(agent_id).then_some(Owned { id, agent_id })
    }
}

/// Proof that a by-id record is in the caller's scope: by-id reads and writes of
/// agent-owned rows take this instead of a bare id. Only [`Scope::vouch`] makes one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Owned<I> {
    id: I,
    agent_id: i64,
}

impl<I: Copy> Owned<I> {
    pub fn id(&self) -> I {
        self.id
    }

    /// The agent owning the record.
    pub fn agent_id(&self) -> i64 {
        self.agent_id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn membership_and_proofs() {
        let s = Scope::agents(vec![7, 3, 7, 5]);
        assert_eq!(s.agent_ids(), Some(&[3, 5, 7][..]));
        assert!(s.contains(5) && !s.contains(4));
        assert_eq!(s.vouch(42_i64, 4), None);
        let p = s.vouch(42_i64, 5).unwrap();
        assert_eq!((p.id(), p.agent_id()), (42, 5));
        assert!(Scope::all().contains(999) && Scope::all().is_all());
        assert_eq!(Scope::all().agent_ids(), None);
    }
}
