use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use sha2::{Digest, Sha256};

/// The secret a browser holds in its session cookie: 32 random bytes. The
/// relay stores only their SHA-256 digest, so a copy of its database lets
/// nobody sign in.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionToken([u8; 32]);

/// The cookie's text length: 32 bytes in unpadded base64url.
const TEXT_LEN: usize = 43;

impl SessionToken {
    pub fn random() -> Self {
        Self(rand::random())
    }

    /// The cookie value.
    pub fn to_text(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.0)
    }

    /// Reads a cookie value; anything that is not exactly a token is `None`.
    pub fn parse(text: &str) -> Option<Self> {
        if text.len() != TEXT_LEN {
            return None;
        }
        let bytes = URL_SAFE_NO_PAD.decode(text).ok()?;
        Some(Self(bytes.try_into().ok()?))
    }

    /// What the database keeps of the token.
    pub fn digest(&self) -> [u8; 32] {
        Sha256::digest(self.0).into()
    }
}

impl std::fmt::Debug for SessionToken {
    // A token in a log line would be a session for whoever reads the log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionToken(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_survives_its_text_and_nothing_else_parses() {
        let token = SessionToken::random();
        let text = token.to_text();
        assert_eq!(text.len(), TEXT_LEN);
        assert_eq!(SessionToken::parse(&text), Some(token.clone()));
        assert_ne!(SessionToken::random(), token, "tokens are random");
        for bad in [
            "",
            "short",
            &format!("{text}A"),
            &text[1..],
            &text.replace('A', "+"),
        ] {
            if bad != text {
                assert_eq!(SessionToken::parse(bad), None, "{bad:?}");
            }
        }
        assert!(!format!("{token:?}").contains(&text));
    }

    #[test]
    fn every_flipped_byte_makes_another_digest() {
        let token = SessionToken::random();
        let text = token.to_text().into_bytes();
        for at in 0..text.len() {
            for bit in 0..8 {
                let mut tampered = text.clone();
                tampered[at] ^= 1 << bit;
                let Ok(tampered) = String::from_utf8(tampered) else {
                    continue;
                };
                if let Some(other) = SessionToken::parse(&tampered) {
                    // Base64's last character carries spare bits: a flip
                    // there may decode to the same bytes, which is the same token.
                    if other != token {
                        assert_ne!(other.digest(), token.digest());
                    }
                }
            }
        }
    }
}
