//! Two answers a room can give without asking automerge, for the messages a
//! busy room sees most: a peer acknowledging what it was sent.
//!
//! Why: automerge 0.12's `receive_sync_message` walks every ancestor of the
//! peer's heads (`filter_changes`, to trim `sent_hashes`) even when there is
//! nothing to trim, and `generate_sync_message` computes clocks and bloom
//! filters before finding it has nothing to say. In a room of N peers each
//! change brings N−1 acknowledgements, so both costs grow with peers × history.
//!
//! Each shortcut applies only where its result is provably the same as
//! automerge's (the conditions are spelled out below); everything else goes
//! through automerge. Test builds check every shortcut taken against
//! automerge itself.

use automerge::{
    Automerge, ChangeHash, ReadDoc,
    sync::{self, Capability, MessageFlags, State},
};

/// Applies a sync message that carries no changes to `state`, exactly as
/// `receive_sync_message` would, when that needs no walk of the history.
/// Hands the message back when it does.
pub(super) fn receive_without_changes(
    doc: &Automerge,
    state: &mut State,
    message: sync::Message,
) -> Result<(), sync::Message> {
    if !message.changes.is_empty() || !all_known(doc, &message.heads) {
        return Err(message);
    }
    let our_heads = doc.get_heads();
    let resets = message
        .flags
        .is_some_and(|flags| flags.contains(MessageFlags::SYNC_RESET));
    // `filter_changes` keeps the sent hashes that are not ancestors of the
    // message's heads: none, when those heads include ours (every change is
    // an ancestor of our heads), and trivially none when none were sent.
    let trims_nothing = state.sent_hashes.is_empty()
        || resets
        || our_heads.iter().all(|head| message.heads.contains(head));
    if !trims_nothing {
        return Err(message);
    }
    #[cfg(test)]
    let expected = {
        let mut expected = state.clone();
        let mut doc = doc.clone();
        automerge::sync::SyncDoc::receive_sync_message(&mut doc, &mut expected, message.clone())
            .map(|()| expected)
    };
    apply_without_changes(state, message, &our_heads);
    #[cfg(test)]
    assert_eq!(expected.ok().as_ref(), Some(&*state), "receive shortcut");
    Ok(())
}

/// `receive_sync_message_inner` for a message without changes whose heads
/// are all known, and whose heads cover every sent hash.
fn apply_without_changes(state: &mut State, message: sync::Message, our_heads: &[ChangeHash]) {
    state.in_flight = false;
    if let Some(flags) = message.flags {
        let mut capabilities = vec![Capability::MessageV2];
        if flags.contains(MessageFlags::SUPPORTS_SYNC_RESET) {
            capabilities.push(Capability::SyncReset);
        }
        state.their_capabilities = Some(capabilities);
        state.peer_read_only = flags.contains(MessageFlags::READ_ONLY);
    }
    state.sent_hashes.clear();
    if message.heads == our_heads {
        state.last_sent_heads.clone_from(&message.heads);
    }
    state.shared_heads.clone_from(&message.heads);
    if message.heads.is_empty() {
        state.last_sent_heads = Vec::new();
    }
    state.their_have = Some(message.have);
    state.their_heads = Some(message.heads);
    state.their_need = Some(message.need);
}

/// Whether `generate_sync_message` would return `None` for this peer, shown
/// without computing the message. `false` means "ask automerge", not "it has
/// something to say".
pub(super) fn stays_quiet(doc: &Automerge, our_heads: &[ChangeHash], state: &State) -> bool {
    let quiet = proven_quiet(doc, our_heads, state);
    #[cfg(test)]
    if quiet {
        let generated = automerge::sync::SyncDoc::generate_sync_message(doc, &mut state.clone());
        assert!(generated.is_none(), "quiet shortcut: {generated:?}");
    }
    quiet
}

fn proven_quiet(doc: &Automerge, our_heads: &[ChangeHash], state: &State) -> bool {
    // automerge asks for a reset before anything else when the peer's last
    // sync names changes we do not have.
    let resets = state
        .their_have
        .as_ref()
        .and_then(|have| have.first())
        .is_some_and(|first| !all_known(doc, &first.last_sync));
    if resets || !state.have_responded || state.last_sent_heads != our_heads {
        return false;
    }
    if state.in_flight {
        return true;
    }
    let heads_equal = state.their_heads.as_deref() == Some(our_heads);
    (heads_equal || state.read_only) && sends_no_changes(our_heads, state)
}

/// The message automerge would build carries no changes: the peer is read
/// only, has not said what it has, or says it has all we have and needs nothing.
fn sends_no_changes(our_heads: &[ChangeHash], state: &State) -> bool {
    if state.is_peer_read_only() {
        return true;
    }
    let (Some(have), Some(need)) = (&state.their_have, &state.their_need) else {
        return true;
    };
    // A peer with nothing gets the whole document.
    if state.their_heads.as_deref() == Some(&[]) {
        return false;
    }
    need.is_empty()
        && have
            .iter()
            .all(|have| our_heads.iter().all(|head| have.last_sync.contains(head)))
}

/// Whether the document has applied every one of `hashes`. automerge only
/// queues a change while some dependency is missing, so when none of
/// `hashes` (nor the queue) misses anything, they are all applied.
fn all_known(doc: &Automerge, hashes: &[ChangeHash]) -> bool {
    hashes.is_empty() || doc.get_missing_deps(hashes).is_empty()
}

#[cfg(test)]
mod tests {
    use automerge::{ROOT, sync::SyncDoc, transaction::Transactable};

    use super::*;

    fn edit(doc: &mut Automerge, key: &str) {
        let mut tx = doc.transaction();
        tx.put(ROOT, key, 1).unwrap();
        tx.commit();
    }

    /// Syncs `hub` and `peer` until neither has anything to say.
    fn settle(hub: &mut Automerge, hub_state: &mut State, peer: &mut Automerge) -> State {
        let mut peer_state = State::new();
        for _ in 0..10 {
            let to_peer = hub.generate_sync_message(hub_state);
            let to_hub = peer.generate_sync_message(&mut peer_state);
            if to_peer.is_none() && to_hub.is_none() {
                break;
            }
            if let Some(m) = to_peer {
                peer.receive_sync_message(&mut peer_state, m).unwrap();
            }
            if let Some(m) = to_hub {
                hub.receive_sync_message(hub_state, m).unwrap();
            }
        }
        peer_state
    }

    #[test]
    fn an_acknowledgement_takes_both_shortcuts_and_a_change_takes_neither() {
        let mut hub = Automerge::new();
        edit(&mut hub, "start");
        let mut peer = Automerge::new();
        let mut hub_state = State::new();
        let mut peer_state = settle(&mut hub, &mut hub_state, &mut peer);

        // The hub gains a change and sends it; the peer answers with its new heads.
        edit(&mut hub, "more");
        let heads = hub.get_heads();
        assert!(!stays_quiet(&hub, &heads, &hub_state));
        let news = hub.generate_sync_message(&mut hub_state).unwrap();
        assert!(stays_quiet(&hub, &heads, &hub_state), "in flight");
        peer.receive_sync_message(&mut peer_state, news).unwrap();
        let ack = peer.generate_sync_message(&mut peer_state).unwrap();
        assert!(receive_without_changes(&hub, &mut hub_state, ack).is_ok());
        assert!(stays_quiet(&hub, &heads, &hub_state), "acknowledged");

        // A message with changes goes to automerge.
        edit(&mut peer, "theirs");
        let change = peer.generate_sync_message(&mut peer_state).unwrap();
        assert!(receive_without_changes(&hub, &mut hub_state, change).is_err());
    }
}
