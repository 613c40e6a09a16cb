//! Password hashing with argon2id (default parameters). The hash type never leaves
//! the server: it is not `Serialize`.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use argon2::Argon2;

/// A PHC-format argon2 hash as stored in `users.password_hash`.
pub struct PasswordHashString(pub String);

pub fn hash(password: &str) -> PasswordHashString {
    let salt = SaltString::generate(&mut OsRng);
    let h = Argon2::default().hash_password(password.as_bytes(), &salt).expect("argon2 hashing with default params");
    PasswordHashString(h.to_string())
}

pub fn verify(password: &str, stored: &PasswordHashString) -> bool {
    match PasswordHash::new(&stored.0) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// Spend the same time as a real check when the user does not exist,
/// so response time does not reveal which usernames exist.
pub fn verify_dummy(password: &str) {
    use std::sync::OnceLock;
    static DUMMY: OnceLock<PasswordHashString> = OnceLock::new();
    let h = DUMMY.get_or_init(|| hash("dummy-password-for-timing"));
    let _ = verify(password, h);
}

#[cfg(test)]
mod tests {
    #[test]
    fn hash_and_verify() {
        let h = super::hash("s3cret-pass");
        assert!(h.0.starts_with("$argon2id$"));
        assert!(super::verify("s3cret-pass", &h));
        assert!(!super::verify("wrong-pass", &h));
    }
}
