use std::fmt;

use rand_core::RngCore;

/// A row's key in its table's map: 16 random bytes in hex, so two replicas
/// adding rows offline never pick the same key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RowId(pub String);

impl RowId {
    pub fn random(rng: &mut impl RngCore) -> Self {
        let mut bytes = [0u8; 16];
        rng.fill_bytes(&mut bytes);
        RowId(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }
}

impl fmt::Display for RowId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
