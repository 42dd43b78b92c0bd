use concord_model::{Classification, DocRole, PersonId};
use concord_sync::DocumentId;
use serde::{Deserialize, Serialize};

/// One line of `GET /api/documents`: a document on the relay this person
/// may read, as its catalogue card says, with their role on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentListing {
    #[serde(with = "document_id_text")]
    pub id: DocumentId,
    pub template_id: String,
    pub title: String,
    pub state: String,
    pub classification: Classification,
    pub role: DocRole,
    /// When it entered its state (ms since the epoch): for an archived
    /// document, when it was archived. Absent from older relays.
    #[serde(default)]
    pub entered_at: Option<i64>,
    /// Its first owner: the archive library groups by their department.
    #[serde(default)]
    pub owner: Option<PersonId>,
}

/// A document id as its bare base58 text (`concord-sync` has no serde).
pub(crate) mod document_id_text {
    use concord_sync::DocumentId;
    use serde::{Deserialize as _, Deserializer, Serializer, de::Error as _};

    pub fn serialize<S: Serializer>(id: &DocumentId, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(id)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DocumentId, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(D::Error::custom)
    }
}

/// A list of document ids, each as its bare base58 text.
pub(crate) mod document_ids_text {
    use concord_sync::DocumentId;
    use serde::{Deserialize as _, Deserializer, Serializer, de::Error as _};

    pub fn serialize<S: Serializer>(ids: &[DocumentId], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(ids.iter().map(ToString::to_string))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<DocumentId>, D::Error> {
        Vec::<String>::deserialize(deserializer)?
            .iter()
            .map(|text| text.parse().map_err(D::Error::custom))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_reads_back_and_a_bad_id_does_not_read() {
        let listing = DocumentListing {
            id: DocumentId::from_bytes([3; 16]),
            template_id: "task-tracker".into(),
            title: "上线计划".into(),
            state: "open".into(),
            classification: Classification::Internal,
            role: DocRole::Editor,
            entered_at: Some(1_700_000_000_000),
            owner: Some("ann".parse().unwrap()),
        };
        let json = serde_json::to_value(&listing).unwrap();
        assert_eq!(json["id"], listing.id.to_string());
        assert_eq!(json["role"], "editor");
        assert_eq!(json["classification"], "internal");
        assert_eq!(
            serde_json::from_value::<DocumentListing>(json.clone()).unwrap(),
            listing
        );
        let mut bad = json;
        bad["id"] = "not-base58!".into();
        assert!(serde_json::from_value::<DocumentListing>(bad).is_err());
    }
}
