use concord_model::{ConcordDoc, DocResult, Permissions, Person};
use concord_sync::DocumentId;
use leptos::prelude::*;

use crate::repo::{DocStatus, Repo, RepoError};

/// The open document, shared with everything inside the document screen:
/// reading it (tracked: re-runs when the document changes, here or elsewhere)
/// and changing it (one change per call; a failure is shown, nothing kept).
/// `Copy`: the repo (not `Send`) is held in the reactive arena, so closures in
/// views can capture the context freely.
#[derive(Clone, Copy)]
pub struct DocContext {
    pub id: DocumentId,
    repo: StoredValue<Repo, LocalStorage>,
    revision: ReadSignal<u64>,
    me: StoredValue<Person>,
    /// The last edit that could not be made, for the screen to show.
    pub last_error: RwSignal<Option<String>>,
}

impl DocContext {
    pub fn new(id: DocumentId, repo: Repo, revision: ReadSignal<u64>, me: Person) -> Self {
        Self {
            id,
            repo: StoredValue::new_local(repo),
            revision,
            me: StoredValue::new(me),
            last_error: RwSignal::new(None),
        }
    }

    pub fn provide(self) -> Self {
        provide_context(self);
        self
    }

    pub fn expect() -> Self {
        expect_context::<Self>()
    }

    pub fn repo(&self) -> Repo {
        self.repo.get_value()
    }

    /// The person using the app.
    pub fn me(&self) -> Person {
        self.me.get_value()
    }

    /// Reads the document, tracked; `None` while it is not here yet.
    pub fn read<R>(&self, read: impl FnOnce(&ConcordDoc) -> R) -> Option<R> {
        self.revision.track();
        self.read_untracked(read)
    }

    /// Reads the document without subscribing the caller to changes.
    pub fn read_untracked<R>(&self, read: impl FnOnce(&ConcordDoc) -> R) -> Option<R> {
        self.repo.with_value(|repo| repo.read(self.id, read))
    }

    /// What the person may do here, tracked (roles and states change).
    pub fn permissions(&self) -> Option<Permissions> {
        let me = self.me();
        self.read(move |doc| Permissions::of(doc, &me).ok())
            .flatten()
    }

    /// Where this document's changes are (device, relay, waiting), tracked.
    pub fn status(&self) -> DocStatus {
        let statuses = self.repo.with_value(Repo::statuses);
        statuses.with(|s| s.get(&self.id).copied().unwrap_or_default())
    }

    /// Makes one change, signed with the person's id; `Err` is also put in `last_error` for the screen.
    pub fn change<R>(
        &self,
        edit: impl FnOnce(&mut ConcordDoc) -> DocResult<R>,
    ) -> Result<R, RepoError> {
        let author = self.me.with_value(|me| me.id.clone());
        let result = self
            .repo
            .with_value(|repo| repo.change_as(self.id, Some(&author), edit));
        match &result {
            Ok(_) => self.last_error.set(None),
            Err(e) => self.last_error.set(Some(e.to_string())),
        }
        result
    }
}
