use automerge::ChangeHash;
use concord_model::{ConcordDoc, Conflict, DocResult, Permissions, Person};
use concord_sync::DocumentId;
use leptos::prelude::*;

use crate::repo::{DocStatus, Repo, RepoError, Revisions};

/// The open document, shared with everything inside the document screen:
/// reading it (tracked: re-runs when the document changes, here or elsewhere)
/// and changing it (one change per call; a failure is shown, nothing kept).
/// `Copy`: the repo (not `Send`) is held in the reactive arena, so closures in
/// views can capture the context freely.
#[derive(Clone, Copy)]
pub struct DocContext {
    pub id: DocumentId,
    repo: StoredValue<Repo, LocalStorage>,
    revisions: Revisions,
    me: StoredValue<Person>,
    /// The last edit that could not be made, for the screen to show.
    pub last_error: RwSignal<Option<String>>,
    /// Worked out once per revision and shared by every editor on screen.
    permissions: Memo<Option<Permissions>>,
    conflicts: Memo<Vec<Conflict>>,
}

impl DocContext {
    pub fn new(id: DocumentId, repo: Repo, revisions: Revisions, me: Person) -> Self {
        let repo = StoredValue::new_local(repo);
        let me = StoredValue::new(me);
        // Roles, states, sign-offs and custom fields are map keys: typing
        // does not change what anyone may do.
        let permissions = Memo::new_with_compare(
            move |_| {
                revisions.keys.track();
                // A document the relay refused is read-only until it is reset.
                if repo.with_value(|repo| repo.refused().with(|r| r.contains_key(&id))) {
                    return None;
                }
                let person = me.get_value();
                repo.with_value(|repo| repo.read(id, |doc| Permissions::of(doc, &person).ok()))
                    .flatten()
            },
            // `Permissions` has no equality; each revision may change them.
            |_, _| true,
        );
        // Every row is scanned for conflicts only when a key was set: a
        // change that sets none makes no conflict, though while some are
        // shown it may settle one (`Touched::conflicts_stale`), so then only
        // those are read again.
        let scanned_at_keys = StoredValue::new(None::<u64>);
        let conflicts = Memo::new(move |shown: Option<&Vec<Conflict>>| {
            let keys = revisions.keys.get();
            let shown = shown.filter(|_| scanned_at_keys.get_value() == Some(keys));
            let fresh: Vec<Conflict> = repo
                .with_value(|repo| {
                    repo.read(id, |doc| match shown {
                        Some(shown) => doc.recheck_conflicts(shown),
                        None => doc.conflicts().unwrap_or_default(),
                    })
                })
                .unwrap_or_default();
            scanned_at_keys.set_value(Some(keys));
            if !fresh.is_empty() {
                revisions.any.track();
            }
            fresh
        });
        Self {
            id,
            repo,
            revisions,
            me,
            last_error: RwSignal::new(None),
            permissions,
            conflicts,
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
        self.revisions.any.track();
        self.read_untracked(read)
    }

    /// As `read`, re-run only when some key was set: for reads of what
    /// typing never changes (the status, roles, sign-offs, classification),
    /// so a keystroke does not read them again.
    pub fn read_keys<R>(&self, read: impl FnOnce(&ConcordDoc) -> R) -> Option<R> {
        self.revisions.keys.track();
        self.read_untracked(read)
    }

    /// As `read`, re-run only when rows were added, removed, moved or
    /// re-owned: for reads of where rows are (`row_keys`), not their cells.
    pub fn read_row_places<R>(&self, read: impl FnOnce(&ConcordDoc) -> R) -> Option<R> {
        self.revisions.row_places.track();
        self.read_untracked(read)
    }

    /// As `read`, re-run only when some key was set or text typed in a
    /// table: for reads of rows' cells, which typing in the form leaves be.
    pub fn read_row_cells<R>(&self, read: impl FnOnce(&ConcordDoc) -> R) -> Option<R> {
        self.revisions.keys.track();
        self.revisions.table_texts.track();
        self.read_untracked(read)
    }

    /// Runs `then` each time the document has stood still for `still`
    /// (counted from the first call, then from each change), while the
    /// caller's owner lives: work not worth doing at every keystroke.
    pub fn when_still(&self, still: std::time::Duration, then: impl Fn() + Clone + 'static) {
        let revisions = self.revisions;
        let waiting = StoredValue::new(None::<TimeoutHandle>);
        Effect::new(move || {
            revisions.any.track();
            if let Some(earlier) = waiting.get_value() {
                earlier.clear();
            }
            waiting.set_value(set_timeout_with_handle(then.clone(), still).ok());
        });
        on_cleanup(move || {
            if let Some(waiting) = waiting.try_get_value().flatten() {
                waiting.clear();
            }
        });
    }

    /// Reads the document without subscribing the caller to changes;
    /// `None` also once the document screen is gone.
    pub fn read_untracked<R>(&self, read: impl FnOnce(&ConcordDoc) -> R) -> Option<R> {
        self.repo
            .try_with_value(|repo| repo.read(self.id, read))
            .flatten()
    }

    /// The document's heads, tracked (`Repo::heads`): equal heads, equal
    /// contents, so what was read at them need not be read again.
    pub fn heads(&self) -> Option<Vec<ChangeHash>> {
        self.revisions.any.track();
        self.heads_untracked()
    }

    /// The same, for event handlers.
    pub fn heads_untracked(&self) -> Option<Vec<ChangeHash>> {
        self.repo
            .try_with_value(|repo| repo.heads(self.id))
            .flatten()
    }

    /// Reads through Automerge's `&mut` accessors (history, past
    /// versions), tracked; nothing is changed.
    pub fn inspect<R>(&self, read: impl FnOnce(&mut ConcordDoc) -> R) -> Option<R> {
        self.revisions.any.track();
        self.inspect_untracked(read)
    }

    /// `inspect`, without subscribing the caller to changes: for reads too
    /// costly to repeat at every keystroke (a past version's copy).
    pub fn inspect_untracked<R>(&self, read: impl FnOnce(&mut ConcordDoc) -> R) -> Option<R> {
        self.repo
            .try_with_value(|repo| repo.inspect(self.id, read))
            .flatten()
    }

    /// What the person may do here, tracked (roles and states change; typing
    /// leaves them be).
    pub fn permissions(&self) -> Option<Permissions> {
        self.permissions.get()
    }

    /// The same, for event handlers.
    pub fn permissions_untracked(&self) -> Option<Permissions> {
        self.permissions.get_untracked()
    }

    /// Every field and cell with concurrent values, tracked.
    pub fn conflicts(&self) -> Memo<Vec<Conflict>> {
        self.conflicts
    }

    /// Where this document's changes are (device, relay, waiting), tracked.
    pub fn status(&self) -> DocStatus {
        let statuses = self.repo.with_value(Repo::statuses);
        statuses.with(|s| s.get(&self.id).copied().unwrap_or_default())
    }

    /// Makes one change, signed with the person's id; `Err` is also put in
    /// `last_error` for the screen. Once the document screen is gone (an
    /// input's last event can come after it), nothing is changed.
    pub fn change<R>(
        &self,
        edit: impl FnOnce(&mut ConcordDoc) -> DocResult<R>,
    ) -> Result<R, RepoError> {
        let Some(author) = self.me.try_with_value(|me| me.id.clone()) else {
            return Err(RepoError::NotOpen(self.id));
        };
        let result = self
            .repo
            .try_with_value(|repo| repo.change_as(self.id, Some(&author), edit))
            .unwrap_or(Err(RepoError::NotOpen(self.id)));
        match &result {
            Ok(_) => self.last_error.set(None),
            Err(e) => self.last_error.set(Some(e.to_string())),
        }
        result
    }
}
