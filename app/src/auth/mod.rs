//! Who is calling and what they may see: roles, permissions, the data scope,
//! logins and the team (agent hierarchy).
//!
//! The guard every area copies: a server function gets a [`Caller`] from
//! `ctx::caller()`, checks `caller.require(Perm::…)`, and passes
//! `caller.scope()` to the db function, which puts [`Scope::sql`] into its
//! WHERE clause. Db functions that return agent-owned rows take a `&Scope`
//! argument, so there is no way to call them without one.

pub mod api;
mod scope;
pub mod ui;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod service;

pub use scope::Scope;

use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Boss,
    Agent,
    Warehouse,
    Finance,
}

text_codes!(Role { Boss = "boss", Agent = "agent", Warehouse = "warehouse", Finance = "finance" });

/// Things a role may do. Data scope is checked separately.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Perm {
    ViewDashboard,
    ViewOrders,
    CreateOrder,
    MarkPaid,
    Ship,
    CompleteOrder,
    CancelOrder,
    ViewStock,
    ReceiveStock,
    ViewTeam,
    ManageUsers,
}

impl Role {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Role::Boss, Lang::Zh) => "老板",
            (Role::Agent, Lang::Zh) => "代理",
            (Role::Warehouse, Lang::Zh) => "仓管",
            (Role::Finance, Lang::Zh) => "财务",
            (Role::Boss, Lang::En) => "Boss",
            (Role::Agent, Lang::En) => "Agent",
            (Role::Warehouse, Lang::En) => "Warehouse",
            (Role::Finance, Lang::En) => "Finance",
        }
    }

    /// The permission table: one place to read who may do what.
    pub fn can(self, perm: Perm) -> bool {
        use Perm::*;
        match self {
            Role::Boss => true,
            Role::Agent => matches!(
                perm,
                ViewDashboard | ViewOrders | CreateOrder | MarkPaid | CompleteOrder | CancelOrder | ViewStock | ViewTeam
            ),
            Role::Warehouse => matches!(perm, ViewOrders | Ship | ViewStock | ReceiveStock),
            Role::Finance => matches!(perm, ViewDashboard | ViewOrders | MarkPaid | ViewStock),
        }
    }

    /// Agents see their own line; every other role sees the whole team.
    pub fn is_scoped(self) -> bool {
        self == Role::Agent
    }
}

/// The signed-in user as the UI sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserInfo {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
}

impl UserInfo {
    pub fn can(&self, perm: Perm) -> bool {
        self.role.can(perm)
    }
}

/// What every page needs first: who is signed in (if anyone) and the language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub user: Option<UserInfo>,
    pub lang: Lang,
}

/// A member of the team as listed on the team page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub parent_id: Option<i64>,
    pub parent_name: Option<String>,
    pub active: bool,
}

/// Input for creating a user (boss only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub role: Role,
    pub parent_id: Option<i64>,
}

pub const MIN_PASSWORD_LEN: usize = 8;

/// Checks shared by create and reset; pure so the form can run them too.
pub fn validate_password(pw: &str) -> AppResult<()> {
    if pw.chars().count() < MIN_PASSWORD_LEN {
        return Err(AppError::validation(
            "password",
            format!("密码至少 {MIN_PASSWORD_LEN} 位"),
            format!("Password must have at least {MIN_PASSWORD_LEN} characters"),
        ));
    }
    Ok(())
}

pub fn validate_username(name: &str) -> AppResult<()> {
    let ok = (2..=32).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-');
    if !ok {
        return Err(AppError::validation(
            "username",
            "用户名需为 2–32 位字母、数字、下划线、点或横线",
            "Username must be 2–32 letters, digits, '_', '.' or '-'",
        ));
    }
    Ok(())
}

/// The authenticated caller of a server function. Only `auth::service` can make one
/// (from a session), so holding a `Caller` proves the request is signed in.
#[derive(Clone, Debug)]
pub struct Caller {
    user: UserInfo,
    lang: Lang,
    scope: Scope,
}

impl Caller {
    #[cfg(feature = "ssr")]
    pub(crate) fn new(user: UserInfo, lang: Lang, scope: Scope) -> Self {
        Caller { user, lang, scope }
    }

    pub fn id(&self) -> i64 {
        self.user.id
    }

    pub fn role(&self) -> Role {
        self.user.role
    }

    pub fn user(&self) -> &UserInfo {
        &self.user
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Which agents' rows this caller may read or change.
    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    /// `Err(Forbidden)` unless the caller's role has `perm`.
    pub fn require(&self, perm: Perm) -> AppResult<()> {
        if self.user.role.can(perm) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_table() {
        assert!(Role::Boss.can(Perm::ManageUsers));
        assert!(!Role::Agent.can(Perm::ManageUsers));
        assert!(!Role::Agent.can(Perm::Ship));
        assert!(Role::Agent.can(Perm::CreateOrder));
        assert!(Role::Warehouse.can(Perm::Ship));
        assert!(!Role::Warehouse.can(Perm::CreateOrder));
        assert!(Role::Finance.can(Perm::MarkPaid));
        assert!(!Role::Finance.can(Perm::ReceiveStock));
        assert!(Role::Agent.is_scoped() && !Role::Warehouse.is_scoped());
    }

    #[test]
    fn role_codes_roundtrip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn input_rules() {
        assert!(validate_password("1234567").is_err());
        assert!(validate_password("12345678").is_ok());
        assert!(validate_username("a01").is_ok());
        assert!(validate_username("张三").is_err());
        assert!(validate_username("a").is_err());
    }
}
