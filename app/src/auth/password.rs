//! Password hashing with argon2id (default parameters), off the async workers: each hash
//! runs on tokio's blocking pool behind a small semaphore, so a flood of sign-in attempts
//! queues here instead of stalling every other request. The hash type never leaves the
//! server: it is not `Serialize`.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::OnceLock;
use tokio::sync::Semaphore;

/// At most this many hashes at once: argon2 takes ~20 ms of one core and 19 MiB each.
const CONCURRENT_HASHES: usize = 2;

fn permits() -> &'static Semaphore {
    static S: Semaphore = Semaphore::const_new(CONCURRENT_HASHES);
    &S
}

/// Run a CPU-heavy closure on the blocking pool, one of a few at a time.
async fn bounded<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let _permit = permits().acquire().await.expect("semaphore is never closed");
    tokio::task::spawn_blocking(f).await.expect("hashing task panicked")
}

/// A PHC-format argon2 hash as stored in `users.password_hash`.
pub struct PasswordHashString(pub String);

fn hash_now(password: &str) -> PasswordHashString {
    let salt = SaltString::generate(&mut OsRng);
    let h = Argon2::default().hash_password(password.as_bytes(), &salt).expect("argon2 hashing with default params");
    PasswordHashString(h.to_string())
}

fn verify_now(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

pub async fn hash(password: &str) -> PasswordHashString {
    let pw = password.to_string();
    bounded(move || hash_now(&pw)).await
}

/// Check `password` against a stored hash, or against a dummy hash when there is none
/// (unknown user), so the answer takes the same time either way.
pub async fn verify(password: &str, stored: Option<String>) -> bool {
    let pw = password.to_string();
    bounded(move || match stored {
        Some(h) => verify_now(&pw, &h),
        None => {
            static DUMMY: OnceLock<PasswordHashString> = OnceLock::new();
            let h = DUMMY.get_or_init(|| hash_now("dummy-password-for-timing"));
            let _ = verify_now(&pw, &h.0);
            false
        }
    })
    .await
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn hash_and_verify() {
        let h = super::hash("s3cret-pass").await;
        assert!(h.0.starts_with("$argon2id$"));
        assert!(super::verify("s3cret-pass", Some(h.0.clone())).await);
        assert!(!super::verify("wrong-pass", Some(h.0)).await);
        assert!(!super::verify("s3cret-pass", None).await);
    }
}
