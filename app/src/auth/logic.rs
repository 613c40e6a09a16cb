//! Pure rules of the auth area: input checks, the sign-in throttle's delays, session
//! lifetimes. No IO; the forms run the same checks as the server.

use crate::error::AreaError;
use serde::{Deserialize, Serialize};

/// A refusal of the auth area.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum AuthError {
    /// Unknown user, wrong password or disabled account: one answer for all three.
    BadCredentials,
    PasswordTooShort { min: u32 },
    PasswordTooLong { max: u32 },
    BadUsername,
    UsernameTaken,
    WrongCurrentPassword,
    /// The new password equals the current one.
    PasswordUnchanged,
    ParentNotAgent,
    ParentOnlyForAgents,
    /// A signed-in user must first replace the one-time password the boss gave them.
    MustChangePassword,
    CannotDisableSelf,
    /// Moving data to a member who is not an active agent.
    TargetNotAgent,
    SessionUnknown,
}

impl AreaError for AuthError {
    fn code(&self) -> &'static str {
        match self {
            AuthError::BadCredentials => "bad_credentials",
            AuthError::PasswordTooShort { .. } => "password_too_short",
            AuthError::PasswordTooLong { .. } => "password_too_long",
            AuthError::BadUsername => "bad_username",
            AuthError::UsernameTaken => "username_taken",
            AuthError::WrongCurrentPassword => "wrong_current_password",
            AuthError::PasswordUnchanged => "password_unchanged",
            AuthError::ParentNotAgent => "parent_not_agent",
            AuthError::ParentOnlyForAgents => "parent_only_for_agents",
            AuthError::MustChangePassword => "must_change_password",
            AuthError::CannotDisableSelf => "cannot_disable_self",
            AuthError::TargetNotAgent => "target_not_agent",
            AuthError::SessionUnknown => "session_unknown",
        }
    }

    fn field(&self) -> Option<&str> {
        Some(match self {
            AuthError::BadCredentials => "password",
            AuthError::PasswordTooShort { .. } | AuthError::PasswordTooLong { .. } | AuthError::PasswordUnchanged => "new_password",
            AuthError::BadUsername | AuthError::UsernameTaken => "username",
            AuthError::WrongCurrentPassword => "current_password",
            AuthError::ParentNotAgent | AuthError::ParentOnlyForAgents => "parent_id",
            AuthError::TargetNotAgent => "to_agent",
            _ => return None,
        })
    }

    fn is_conflict(&self) -> bool {
        matches!(self, AuthError::MustChangePassword | AuthError::CannotDisableSelf | AuthError::SessionUnknown)
    }
}

impl AuthError {
    pub fn code(&self) -> &'static str {
        AreaError::code(self)
    }

    pub fn field(&self) -> Option<&str> {
        AreaError::field(self)
    }

    #[cfg(test)]
    pub fn examples() -> Vec<AuthError> {
        use AuthError::*;
        vec![
            BadCredentials,
            PasswordTooShort { min: 8 },
            PasswordTooLong { max: 128 },
            BadUsername,
            UsernameTaken,
            WrongCurrentPassword,
            PasswordUnchanged,
            ParentNotAgent,
            ParentOnlyForAgents,
            MustChangePassword,
            CannotDisableSelf,
            TargetNotAgent,
            SessionUnknown,
        ]
    }
}

pub const MIN_PASSWORD_LEN: u32 = 8;
/// Long enough for any passphrase, short enough that hashing it costs nothing extra.
pub const MAX_PASSWORD_LEN: u32 = 128;
pub const MAX_USERNAME_LEN: usize = 32;
pub const MAX_NAME_LEN: u32 = 40;

/// Checks shared by create, reset and change; pure so the forms can run them too.
pub fn validate_password(pw: &str) -> Result<(), AuthError> {
    let n = pw.chars().count() as u32;
    if n < MIN_PASSWORD_LEN {
        return Err(AuthError::PasswordTooShort { min: MIN_PASSWORD_LEN });
    }
    if n > MAX_PASSWORD_LEN {
        return Err(AuthError::PasswordTooLong { max: MAX_PASSWORD_LEN });
    }
    Ok(())
}

/// 2–32 ASCII letters, digits, `_`, `.` or `-`.
pub fn validate_username(name: &str) -> Result<(), AuthError> {
    let ok = (2..=MAX_USERNAME_LEN).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-');
    if ok { Ok(()) } else { Err(AuthError::BadUsername) }
}

/// The sign-in throttle: a few free failures, then a delay that doubles with each further
/// failure up to a cap. A delay, not a lock: whoever knows the password gets in after
/// waiting it out, so an attacker cannot keep the boss out for long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThrottleRule {
    /// Failures allowed before any delay.
    pub free: i64,
    /// The first delay, in ms.
    pub base_ms: i64,
    /// The longest delay, in ms.
    pub cap_ms: i64,
    /// Failures older than this are forgotten.
    pub window_ms: i64,
}

impl ThrottleRule {
    /// Per username and client address: the common case of someone mistyping.
    pub const PAIR: ThrottleRule = ThrottleRule { free: 3, base_ms: 2_000, cap_ms: 5 * 60_000, window_ms: 15 * 60_000 };
    /// Per client address, whichever usernames it tries: guessing across accounts.
    pub const ADDRESS: ThrottleRule = ThrottleRule { free: 20, base_ms: 2_000, cap_ms: 15 * 60_000, window_ms: 60 * 60_000 };
    /// Per username from any address: a distributed guess at one account. Capped low so
    /// that the real user is slowed down at worst by a minute.
    pub const USERNAME: ThrottleRule = ThrottleRule { free: 10, base_ms: 1_000, cap_ms: 60_000, window_ms: 15 * 60_000 };

    /// How long to wait after the `failures`-th failure before the next attempt.
    pub fn delay_ms(&self, failures: i64) -> i64 {
        if failures <= self.free {
            return 0;
        }
        let doublings = (failures - self.free - 1).min(30) as u32;
        self.base_ms.saturating_mul(1_i64 << doublings).min(self.cap_ms)
    }
}

/// Session lifetimes: idle (renewed on use) and absolute (from sign-in).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionPolicy {
    pub idle_ms: i64,
    pub absolute_ms: i64,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy { idle_ms: 7 * 86_400_000, absolute_ms: 30 * 86_400_000 }
    }
}

impl SessionPolicy {
    /// Whether a session created at `created` and last used at `last_seen` is still valid at `now`.
    pub fn is_live(&self, created: i64, last_seen: i64, now: i64) -> bool {
        now < created.saturating_add(self.absolute_ms) && now < last_seen.saturating_add(self.idle_ms)
    }

    /// Renew `last_seen` at most once a minute, so a busy page does not write on every request.
    pub fn needs_touch(&self, last_seen: i64, now: i64) -> bool {
        now - last_seen >= 60_000
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_rules() {
        assert_eq!(validate_password("1234567"), Err(AuthError::PasswordTooShort { min: 8 }));
        assert_eq!(validate_password("12345678"), Ok(()));
        assert_eq!(validate_password(&"x".repeat(129)), Err(AuthError::PasswordTooLong { max: 128 }));
        assert_eq!(validate_username("a01"), Ok(()));
        assert_eq!(validate_username("张三"), Err(AuthError::BadUsername));
        assert_eq!(validate_username("a"), Err(AuthError::BadUsername));
        assert_eq!(validate_username(&"a".repeat(33)), Err(AuthError::BadUsername));
    }

    #[test]
    fn delays_grow_then_cap() {
        let r = ThrottleRule::PAIR;
        // 3 free failures, then 2 s, 4 s, 8 s, … up to 5 min.
        assert_eq!([1, 3, 4, 5, 6].map(|n| r.delay_ms(n)), [0, 0, 2_000, 4_000, 8_000]);
        assert_eq!(r.delay_ms(11), 256_000);
        assert_eq!(r.delay_ms(12), 300_000);
        assert_eq!(r.delay_ms(1_000_000), 300_000);
        assert_eq!(ThrottleRule::USERNAME.delay_ms(20), 60_000);
    }

    #[test]
    fn sessions_expire_idle_and_absolute() {
        let p = SessionPolicy { idle_ms: 100, absolute_ms: 1_000 };
        assert!(p.is_live(0, 950, 999));
        assert!(!p.is_live(0, 950, 1_000), "absolute lifetime reached");
        assert!(!p.is_live(0, 100, 200), "idle for 100 ms");
        assert!(p.is_live(0, 101, 200));
        assert!(!p.needs_touch(0, 59_999) && p.needs_touch(0, 60_000));
    }
}
