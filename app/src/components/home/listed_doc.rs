use concord_api::DocumentListing;
use concord_model::{ARCHIVED, DocRole, PersonId};
use concord_sync::DocumentId;

use crate::repo::DocEntry;

/// One line of the home screen's list: a document on the relay this person
/// may read, one kept only in this browser, or both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedDoc {
    pub id: DocumentId,
    pub title: String,
    pub template_id: String,
    pub state: String,
    /// When this browser last stored a change of it, if it has it.
    pub updated_ms: Option<i64>,
    /// The person's role, as the relay says (`None`: not listed by the relay).
    pub role: Option<DocRole>,
    /// When it entered its state, as the relay says: for an archive, when
    /// it was archived.
    pub entered_at: Option<i64>,
    /// Its first owner, as the relay says.
    pub owner: Option<PersonId>,
}

impl ListedDoc {
    pub fn only_in_this_browser(&self) -> bool {
        self.role.is_none()
    }

    /// Archived: in the archive library, not among the live documents.
    pub fn is_archived(&self) -> bool {
        self.state == ARCHIVED
    }
}

/// The relay's list merged with this browser's: this browser's lines first
/// (most recently changed first; its title and state are the freshest),
/// then the relay's others in its order. A partner sees only what the relay
/// lists (`relay_only`): another person's local documents are not theirs.
pub fn merge_listings(
    local: &[DocEntry],
    relay: &[DocumentListing],
    relay_only: bool,
) -> Vec<ListedDoc> {
    let listed = |id: DocumentId| relay.iter().find(|l| l.id == id);
    let mut out: Vec<ListedDoc> = local
        .iter()
        .filter(|e| !relay_only || listed(e.id).is_some())
        .map(|e| ListedDoc {
            id: e.id,
            title: e.title.clone(),
            template_id: e.template_id.clone(),
            state: e.status.clone(),
            updated_ms: Some(e.updated_ms),
            role: listed(e.id).map(|l| l.role),
            entered_at: listed(e.id).and_then(|l| l.entered_at),
            owner: listed(e.id).and_then(|l| l.owner.clone()),
        })
        .collect();
    for listing in relay {
        if out.iter().all(|d| d.id != listing.id) {
            out.push(ListedDoc {
                id: listing.id,
                title: listing.title.clone(),
                template_id: listing.template_id.clone(),
                state: listing.state.clone(),
                updated_ms: None,
                role: Some(listing.role),
                entered_at: listing.entered_at,
                owner: listing.owner.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(byte: u8, title: &str) -> DocEntry {
        DocEntry {
            id: DocumentId::from_bytes([byte; 16]),
            template_id: "notice".into(),
            title: title.into(),
            status: "draft".into(),
            updated_ms: 5,
            relay_heads: None,
            waiting: 0,
        }
    }

    fn listed(byte: u8, role: DocRole) -> DocumentListing {
        DocumentListing {
            id: DocumentId::from_bytes([byte; 16]),
            template_id: "notice".into(),
            title: "from relay".into(),
            state: "draft".into(),
            classification: concord_model::Classification::Internal,
            role,
            entered_at: None,
            owner: None,
        }
    }

    #[test]
    fn local_and_relay_lines_merge_by_id() {
        let merged = merge_listings(
            &[local(1, "mine"), local(2, "unsent")],
            &[listed(1, DocRole::Owner), listed(3, DocRole::Viewer)],
            false,
        );
        let roles: Vec<_> = merged.iter().map(|d| (d.title.as_str(), d.role)).collect();
        assert_eq!(
            roles,
            [
                ("mine", Some(DocRole::Owner)),
                ("unsent", None),
                ("from relay", Some(DocRole::Viewer))
            ]
        );
    }

    #[test]
    fn partners_see_only_the_relays_list() {
        let merged = merge_listings(
            &[local(1, "mine"), local(2, "other")],
            &[listed(1, DocRole::Viewer)],
            true,
        );
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].title, "mine");
    }
}
