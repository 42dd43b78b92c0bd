use std::fmt;

use rand_core::RngCore;

/// 16 random bytes in hex: two replicas adding entries offline never pick
/// the same key.
fn random_hex(rng: &mut impl RngCore) -> String {
    let mut bytes = [0u8; 16];
    rng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

macro_rules! entry_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub String);

        impl $name {
            pub fn random(rng: &mut impl RngCore) -> Self {
                Self(random_hex(rng))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

entry_id!(
    /// A row's key in its table's map.
    RowId
);
entry_id!(
    /// A comment's key in `comments`.
    CommentId
);
entry_id!(
    /// A sign-off's key in `signoffs`.
    SignoffId
);
entry_id!(
    /// A named version's key in `versions`.
    VersionId
);
