//! The signed-in person's messages: the relay's answer (`GET
//! /api/messages`), kept in this browser so it opens offline. Read marks
//! go to the relay, so they follow the person to their other devices; a
//! mark made offline waits here (kept too) and goes once the relay is back.

use concord_api::{MarkRead, MessageCentre, paths};
use concord_model::Localized as L;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api,
    i18n::I18n,
    kept::{Kept, follow},
    repo::RepoSlot,
    session::Session,
};

const MESSAGES_KEPT: Kept = Kept::new("concord.messages");
/// Keys marked read here that the relay has not taken yet.
const PENDING_KEPT: Kept = Kept::new("concord.messages-read");

/// The message centre's state, shared through context.
#[derive(Clone, Copy)]
pub struct Messages {
    relay: RwSignal<Option<MessageCentre>>,
    pending: RwSignal<Vec<String>>,
}

impl Messages {
    pub fn provide() -> Self {
        let session = Session::expect();
        let slot = RepoSlot::expect();
        let relay = follow::<MessageCentre>(MESSAGES_KEPT, paths::MESSAGES);
        let pending = RwSignal::new(Vec::<String>::new());
        let messages = Self { relay, pending };
        // Marks made offline, read back for this person; sent when online.
        Effect::new(move || {
            let Some(me) = session.person() else {
                pending.set(Vec::new());
                return;
            };
            let waiting: Vec<String> = PENDING_KEPT.read(me.id.as_str()).unwrap_or_default();
            let online = slot.repo().is_some_and(|repo| repo.online().get());
            pending.set(waiting.clone());
            if online && !waiting.is_empty() {
                messages.send(waiting);
            }
        });
        provide_context(messages);
        messages
    }

    pub fn expect() -> Self {
        expect_context()
    }

    /// The messages, each read where the relay or this browser says so.
    pub fn list(&self) -> Vec<concord_api::MessageItem> {
        let pending = self.pending.get();
        self.relay
            .get()
            .map(|c| c.messages)
            .unwrap_or_default()
            .into_iter()
            .map(|mut m| {
                m.read |= pending.contains(&m.key);
                m
            })
            .collect()
    }

    pub fn unread(&self) -> usize {
        self.list().iter().filter(|m| !m.read).count()
    }

    pub fn as_of_ms(&self) -> Option<i64> {
        self.relay.with(|r| r.as_ref().map(|r| r.as_of_ms))
    }

    /// Marks `keys` read: at once here, then on the relay (later, if it
    /// cannot be reached now).
    pub fn mark_read(&self, keys: Vec<String>) {
        if keys.is_empty() {
            return;
        }
        let Some(me) = Session::expect().person_untracked() else {
            return;
        };
        self.pending.update(|p| {
            for key in &keys {
                if !p.contains(key) {
                    p.push(key.clone());
                }
            }
        });
        PENDING_KEPT.write(me.id.as_str(), &self.pending.get_untracked());
        self.send(self.pending.get_untracked());
    }

    fn send(&self, keys: Vec<String>) {
        let (relay, pending) = (self.relay, self.pending);
        let Some(me) = Session::expect().person_untracked() else {
            return;
        };
        wasm_bindgen_futures::spawn_local(async move {
            let Ok(fresh) =
                api::post::<MessageCentre>(paths::MESSAGES_READ, &MarkRead { keys: keys.clone() })
                    .await
            else {
                // Offline or refused: the marks wait here for the next try.
                return;
            };
            MESSAGES_KEPT.write(me.id.as_str(), &fresh);
            relay.set(Some(fresh));
            pending.update(|p| p.retain(|k| !keys.contains(k)));
            PENDING_KEPT.write(me.id.as_str(), &pending.get_untracked());
        });
    }
}

/// The top bar's way to the message centre, with the unread count.
#[component]
pub fn MessagesLink() -> impl IntoView {
    let i18n = I18n::expect();
    let session = Session::expect();
    let messages = Messages::expect();
    let unread = Memo::new(move |_| messages.unread());
    view! {
        <Show when=move || session.person().is_some()>
            <A href="/messages" attr:class="tasks-link" attr:data-testid="messages-link"
                attr:aria-label=move || i18n.pick(L::new("消息", "Messages"))>
                // A bell on a phone, where the bar has no room for words.
                <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
                    <path d="M5 14V9a5 5 0 0 1 10 0v5l1.5 1.5h-13L5 14zM8.5 17.5a1.5 1.5 0 0 0 3 0"
                        stroke="currentColor" stroke-width="1.6" fill="none" />
                </svg>
                <span class="tasks-label">{move || i18n.pick(L::new("消息", "Messages"))}</span>
                <Show when=move || unread.get() != 0>
                    <span class="tasks-count" data-testid="messages-unread">{move || unread.get()}</span>
                </Show>
            </A>
        </Show>
    }
}
