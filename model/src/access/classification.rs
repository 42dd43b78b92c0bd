use crate::locale::Localized;

/// How far a document may reach. Each level reaches a subset of the one
/// before it, so raising the classification can only take readers away.
///
/// On the wire as `as_str` says it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Classification {
    /// Every internal staff member may read it; partners still need a grant.
    Public,
    /// Only those granted: by name, by department or by partner organisation.
    Internal,
    /// Only people named in the acl; department and organisation grants do not reach it.
    Confidential,
}

impl Classification {
    pub const ALL: [Classification; 3] = [
        Classification::Public,
        Classification::Internal,
        Classification::Confidential,
    ];

    /// The name documents store the classification under.
    pub fn as_str(self) -> &'static str {
        match self {
            Classification::Public => "public",
            Classification::Internal => "internal",
            Classification::Confidential => "confidential",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn label(self) -> Localized {
        match self {
            Classification::Public => Localized::new("公开", "Public"),
            Classification::Internal => Localized::new("内部", "Internal"),
            Classification::Confidential => Localized::new("机密", "Confidential"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifications_travel_as_their_text() {
        for classification in Classification::ALL {
            let json = serde_json::to_string(&classification).unwrap();
            assert_eq!(json, format!("\"{}\"", classification.as_str()));
            assert_eq!(
                serde_json::from_str::<Classification>(&json).unwrap(),
                classification
            );
        }
    }
}
