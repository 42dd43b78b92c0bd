use argon2::{
    Algorithm, Argon2, Params, Version,
    password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString},
};

use super::AccountError;

/// Argon2id with OWASP's recommended minimum: 19 MiB of memory, two passes,
/// one lane. About 50 ms a hash on this project's 2-core machine: slow for
/// a guesser with a copy of the database, quick enough for a person.
pub const MEMORY_KIB: u32 = 19 * 1024;
pub const PASSES: u32 = 2;
pub const LANES: u32 = 1;

/// Shortest password accepted. Length is what makes a password hard to guess.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longest accepted: hashing cost must not be the sender's to choose.
pub const MAX_PASSWORD_BYTES: usize = 1024;

fn argon2() -> Argon2<'static> {
    // The parameters are constants within argon2's limits, so this cannot fail;
    // fall back to the crate's own defaults (also argon2id) rather than panic.
    let params = Params::new(MEMORY_KIB, PASSES, LANES, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A new password's stored form (a PHC string: algorithm, parameters, salt, hash).
pub fn hash_password(password: &str) -> Result<String, AccountError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AccountError::WeakPassword);
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(AccountError::PasswordTooLong);
    }
    let salt_bytes: [u8; 16] = rand::random();
    let salt =
        SaltString::encode_b64(&salt_bytes).map_err(|e| AccountError::Hash(e.to_string()))?;
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| AccountError::Hash(e.to_string()))
}

/// Whether `password` is the one `stored` was made from. A stored form
/// that does not parse matches nothing.
pub fn password_matches(password: &str, stored: &str) -> bool {
    if password.len() > MAX_PASSWORD_BYTES {
        return false;
    }
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    argon2()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok()
}

/// Spends the time of one verification, so that "no such account" takes
/// as long as "wrong password" and names cannot be found by timing.
pub fn waste_a_verification(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash_password("not anyone's password").unwrap_or_default());
    let _ = password_matches(password, dummy);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_matches_its_hash_and_nothing_else_does() {
        let stored = hash_password("correct horse battery").unwrap();
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
        assert!(password_matches("correct horse battery", &stored));
        assert!(!password_matches("correct horse batterY", &stored));
        assert!(!password_matches("", &stored));
        assert!(!password_matches("correct horse battery", "not a hash"));
        let again = hash_password("correct horse battery").unwrap();
        assert_ne!(stored, again, "salted");
    }

    #[test]
    fn weak_and_huge_passwords_are_refused() {
        assert!(matches!(
            hash_password("short"),
            Err(AccountError::WeakPassword)
        ));
        let huge = "x".repeat(MAX_PASSWORD_BYTES + 1);
        assert!(matches!(
            hash_password(&huge),
            Err(AccountError::PasswordTooLong)
        ));
    }
}
