//! Who is calling and what they may see: roles, permissions, the data scope, sign-in,
//! sessions, API keys and the team (agent hierarchy).
//!
//! The guard, structurally: a [`Caller`] is made only here — from a session, from an API
//! key, or as the explicit system caller of the CLI and jobs. It carries the role and an
//! opaque [`Scope`]. Server functions get one only through `ctx::rpc`; services require a
//! [`Perm`] and pass the scope to their area's SQL; by-id access to agent-owned rows takes
//! an [`Owned`] proof that only [`Scope::vouch`] makes.

pub mod api;
mod logic;
#[cfg(feature = "ssr")]
mod scope;
pub mod text;
pub mod ui;
#[cfg(feature = "ssr")]
mod db;
#[cfg(feature = "ssr")]
mod password;
#[cfg(feature = "ssr")]
pub mod service;

pub use logic::*;
#[cfg(feature = "ssr")]
pub use scope::{Owned, Scope};

use crate::bounded::Bounded;
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
    /// Confirm that an order is paid (agents only when the team allows it).
    ConfirmPayment,
    Ship,
    CompleteOrder,
    CancelOrder,
    ViewStock,
    /// Stock movements with their order references and staff names.
    ViewLedger,
    ReceiveStock,
    ManageProducts,
    /// Transfers, stocktakes, warehouses, and moving an order to another warehouse.
    MoveStock,
    /// Suppliers, purchase orders and purchase suggestions.
    Purchase,
    ViewTeam,
    ManageUsers,
    ManageSettings,
    /// Customer list and profiles (mobiles masked outside the owning line and the boss).
    ViewCustomers,
    /// Add and change customers, notes, addresses and manual tags; follow-ups; imports.
    EditCustomers,
    /// Tag rules, custom fields, lifecycle thresholds, campaigns, 撞单 decisions, personal data.
    ManageCrm,
    /// Finance pages: payments, bills, reconciliation, expenses, P&L.
    ViewFinance,
    /// Record, import and match payments; bank mappings.
    ManagePayments,
    ManageExpenses,
    /// Close a month's books.
    ClosePeriod,
    /// Own commission statements (an agent) or everyone's (boss, finance).
    ViewCommissions,
    /// Every agent's statements, the month's team summary and export.
    ViewTeamCommissions,
    /// Commission rules, month-end runs and approval.
    ManageCommissions,
    /// Record that a statement was paid.
    PayCommissions,
    /// Invoices, input invoices, product tax settings, the tax profile and VAT summaries.
    Tax,
}

impl Role {
    /// The permission table: one place to read who may do what.
    pub fn can(self, perm: Perm) -> bool {
        use Perm::*;
        match self {
            Role::Boss => true,
            Role::Agent => matches!(
                perm,
                ViewDashboard | ViewOrders | CreateOrder | ConfirmPayment | CompleteOrder | CancelOrder | ViewStock | ViewTeam
                    | ViewCustomers | EditCustomers | ViewCommissions
            ),
            Role::Warehouse => matches!(perm, ViewOrders | Ship | ViewStock | ViewLedger | ReceiveStock | ManageProducts | MoveStock | Purchase),
            Role::Finance => matches!(
                perm,
                ViewDashboard | ViewOrders | ConfirmPayment | ViewStock | ViewLedger | ViewCustomers | ViewFinance | ManagePayments | ManageExpenses | Tax
                    | ViewCommissions | ViewTeamCommissions | PayCommissions
            ),
        }
    }

    /// Agents see their own line; every other role sees the whole team.
    pub fn is_scoped(self) -> bool {
        self == Role::Agent
    }

    /// Where this role starts after signing in: a page it may open.
    pub fn home(self) -> &'static str {
        match self {
            Role::Boss | Role::Agent | Role::Finance => "/",
            Role::Warehouse => "/ship",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        text::role_label(self, lang)
    }
}

/// The signed-in user as the UI sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserInfo {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// A boss-issued one-time password is in use: the user must choose a new one first.
    pub must_change_password: bool,
}

impl UserInfo {
    pub fn can(&self, perm: Perm) -> bool {
        self.role.can(perm)
    }
}

/// What every page needs first: who is signed in (if anyone), the language, and whether
/// the server runs in demo mode.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub user: Option<UserInfo>,
    pub lang: Lang,
    pub demo: bool,
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
    pub username: Bounded<64>,
    pub display_name: Bounded<80>,
    pub password: Bounded<256>,
    pub role: Role,
    pub parent_id: Option<i64>,
}

/// One of a user's signed-in devices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    pub id: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub user_agent: String,
    pub current: bool,
}

/// A REST API key as the boss sees it (never with its secret).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeyView {
    pub id: i64,
    pub key_id: String,
    pub name: String,
    /// The agent whose line the key acts for; `None` for the whole team.
    pub agent_name: Option<String>,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

/// How a caller proved who it is.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A browser session; the id is the session's public id.
    Session { session_id: String },
    /// A REST API key.
    ApiKey { key_id: i64 },
    /// The CLI or a background job, acting for no one or for a named user.
    System,
}

/// The authenticated caller of a service. Only this module makes one (from a session, an
/// API key, or [`service::system`]), so holding a `Caller` proves who is asking.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug)]
pub struct Caller {
    user: UserInfo,
    lang: Lang,
    scope: Scope,
    origin: Origin,
}

#[cfg(feature = "ssr")]
impl Caller {
    fn new(user: UserInfo, lang: Lang, scope: Scope, origin: Origin) -> Self {
        Caller { user, lang, scope, origin }
    }

    /// The user acting; 0 for the system caller acting for no one.
    pub fn id(&self) -> i64 {
        self.user.id
    }

    /// The user to record as the author of a change (`None` for the system caller).
    pub fn actor(&self) -> Option<i64> {
        (self.user.id != 0).then_some(self.user.id)
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

    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// Which agents' rows this caller may read or change.
    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    /// `Err(Forbidden)` unless the caller's role has `perm`.
    pub fn require(&self, perm: Perm) -> crate::error::AppResult<()> {
        if self.user.role.can(perm) {
            Ok(())
        } else {
            Err(crate::error::AppError::Forbidden)
        }
    }

    /// The caller with its language replaced (for the system caller printing in zh or en).
    pub fn with_lang(mut self, lang: Lang) -> Caller {
        self.lang = lang;
        self
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
        assert!(!Role::Agent.can(Perm::ViewLedger));
        assert!(Role::Agent.can(Perm::CreateOrder));
        assert!(Role::Warehouse.can(Perm::Ship));
        assert!(!Role::Warehouse.can(Perm::CreateOrder));
        assert!(Role::Finance.can(Perm::ConfirmPayment));
        assert!(Role::Finance.can(Perm::Tax) && Role::Boss.can(Perm::Tax));
        assert!(!Role::Agent.can(Perm::Tax) && !Role::Warehouse.can(Perm::Tax));
        assert!(!Role::Finance.can(Perm::ReceiveStock));
        assert!(Role::Agent.is_scoped() && !Role::Warehouse.is_scoped());
        assert!(Role::Agent.can(Perm::EditCustomers) && !Role::Agent.can(Perm::ManageCrm));
        assert!(Role::Finance.can(Perm::ViewCustomers) && !Role::Finance.can(Perm::EditCustomers));
        assert!(!Role::Warehouse.can(Perm::ViewCustomers));
        assert!(Role::Finance.can(Perm::ManagePayments) && Role::Finance.can(Perm::ManageExpenses));
        assert!(!Role::Finance.can(Perm::ClosePeriod) && Role::Boss.can(Perm::ClosePeriod));
        assert!(!Role::Agent.can(Perm::ViewFinance) && !Role::Warehouse.can(Perm::ViewFinance));
        assert!(Role::Agent.can(Perm::ViewCommissions) && !Role::Agent.can(Perm::ViewTeamCommissions));
        assert!(Role::Finance.can(Perm::PayCommissions) && !Role::Finance.can(Perm::ManageCommissions));
        assert!(!Role::Warehouse.can(Perm::ViewCommissions) && !Role::Agent.can(Perm::PayCommissions));
    }

    #[test]
    fn every_role_has_a_home_it_may_open() {
        for r in Role::ALL {
            let ok = match r.home() {
                "/" => r.can(Perm::ViewDashboard),
                "/ship" => r.can(Perm::Ship),
                other => panic!("unknown home {other}"),
            };
            assert!(ok, "{r:?}");
        }
    }

    #[test]
    fn role_codes_roundtrip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
