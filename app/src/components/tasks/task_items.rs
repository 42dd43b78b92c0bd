//! What waits for the signed-in person: the relay's answer for every
//! document they may read (`GET /api/tasks`), kept in this browser so it
//! opens offline, with the documents open here read again locally so an
//! edit made offline (a task marked done) shows at once.

use concord_api::{TaskCentre, TaskCentreItem, paths};
use concord_model::{
    Localized as L, PersonId,
    calendar::WorkingDays,
    views::{Awaiting, awaiting},
};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    components::{Calendar, home::ByRevision},
    i18n::I18n,
    kept::Kept,
    repo::RepoSlot,
    session::Session,
};

/// Where the last answer is kept for its person.
const TASKS_KEPT: Kept = Kept::new("concord.tasks");

/// The task centre's items, shared through context.
#[derive(Clone, Copy)]
pub struct Tasks {
    /// The relay's last answer (kept or fresh), if any.
    relay: RwSignal<Option<TaskCentre>>,
    items: Memo<Vec<TaskCentreItem>>,
}

impl Tasks {
    pub fn provide() -> Self {
        let session = Session::expect();
        let slot = RepoSlot::expect();
        let calendar = Calendar::expect();
        let relay = crate::kept::follow::<TaskCentre>(TASKS_KEPT, paths::TASKS);
        // What each open document awaits of the person, by the revision it
        // was read at, for one person on one working calendar: opening 200
        // documents one by one (search, the dashboard) then reads each once,
        // not all of them at every open. The time of day only decides what
        // is overdue, worked out afresh from the list (reading every row
        // again each second, while typing, took most of a phone's CPU).
        let read = ByRevision::<Vec<Awaiting>>::new();
        let read_for = StoredValue::new_local(None::<(PersonId, WorkingDays)>);
        let items = Memo::new(move |_| {
            let mut items = relay.with(|r| r.as_ref().map(|r| r.items.clone()).unwrap_or_default());
            let (Some(repo), Some(me), Some(today)) =
                (slot.repo(), session.person(), calendar.today())
            else {
                return items;
            };
            let zone = calendar.zone();
            // Documents open here, as they stand here (offline edits too).
            let entries = repo.documents().get();
            let key = Some((me.id.clone(), today.working_days().clone()));
            if read_for.with_value(|k| *k != key) {
                read.clear();
                read_for.set_value(key);
            }
            for entry in entries.iter().filter(|e| repo.is_open(e.id)) {
                let Some(revisions) = repo.subscribe(entry.id) else {
                    continue;
                };
                // What a document awaits is in its keys and its tables'
                // cells, never in a form's long text: typing there (every
                // keystroke a revision) does not read every row again.
                let awaited_at =
                    revisions.keys.get_untracked() + revisions.table_texts.get_untracked();
                let mine = read.get_or_read(entry.id, awaited_at, || {
                    repo.read(entry.id, |doc| {
                        awaiting(&entry.id.to_string(), doc, &today, &zone)
                            .into_iter()
                            .filter(|i| i.is_for(&me))
                            .collect::<Vec<_>>()
                    })
                });
                let Some(mine) = mine else {
                    continue;
                };
                items.retain(|i| i.doc != entry.id);
                items.extend(mine.iter().map(|i| {
                    TaskCentreItem::of(entry.id, &entry.title, &entry.template_id, i, &today)
                }));
            }
            TaskCentre::sort(&mut items);
            items
        });
        let tasks = Self { relay, items };
        provide_context(tasks);
        tasks
    }

    pub fn expect() -> Self {
        expect_context()
    }

    pub fn items(&self) -> Memo<Vec<TaskCentreItem>> {
        self.items
    }

    /// When the relay's answer shown was given, if one was.
    pub fn as_of_ms(&self) -> Option<i64> {
        self.relay.with(|r| r.as_ref().map(|r| r.as_of_ms))
    }
}

/// The top bar's way to the task centre, with how many items wait (and
/// how many are overdue).
#[component]
pub fn TasksLink() -> impl IntoView {
    let i18n = I18n::expect();
    let session = Session::expect();
    let tasks = Tasks::expect();
    let count = Memo::new(move |_| tasks.items().with(Vec::len));
    let overdue = Memo::new(move |_| {
        tasks
            .items()
            .with(|i| i.iter().filter(|i| i.overdue).count())
    });
    view! {
        <Show when=move || session.person().is_some()>
            <A href="/tasks" attr:class="tasks-link" attr:data-testid="tasks-link"
                attr:aria-label=move || i18n.pick(L::new("待办", "To do"))>
                // A checklist on a phone, where the bar has no room for words.
                <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
                    <path d="M3 5.5l1.6 1.6L7.5 4M3 11.5l1.6 1.6 2.9-3.1M10 6h7M10 12h7M3 16.5h14"
                        stroke="currentColor" stroke-width="1.6" fill="none" />
                </svg>
                <span class="tasks-label">{move || i18n.pick(L::new("待办", "To do"))}</span>
                <Show when=move || count.get() != 0>
                    <span class="tasks-count" class:overdue=move || overdue.get() != 0
                        data-testid="tasks-count">{move || count.get()}</span>
                </Show>
            </A>
        </Show>
    }
}
