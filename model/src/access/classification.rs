use crate::locale::Localized;

/// How far a document may reach. Each level reaches a subset of the one
/// before it, so raising the classification can only take readers away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Classification {
    /// Every internal staff member may read it; partners still need a grant.
    Public,
    /// Only those granted: by name, by department or by partner organisation.
    Internal,
    /// Only people named in the acl; department and organisation grants do not reach it.
    Confidential,
}

impl Classification {
    pub fn label(self) -> Localized {
        match self {
            Classification::Public => Localized::new("公开", "Public"),
            Classification::Internal => Localized::new("内部", "Internal"),
            Classification::Confidential => Localized::new("机密", "Confidential"),
        }
    }
}
