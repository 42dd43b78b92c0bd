//! Two answers a room gives without automerge's walks of the whole history,
//! for the messages a busy room sees most.
//!
//! Why: automerge 0.12's `receive_sync_message` visits every ancestor of the
//! peer's heads (`filter_changes`, to trim `sent_hashes`) on every message,
//! even when there is nothing to trim, and `generate_sync_message` computes
//! clocks and bloom filters before finding it has nothing to say. In a room
//! of N peers each change brings N−1 acknowledgements, so both costs grew
//! with peers × history.
//!
//! `receive` is automerge's receive step for step, but trims the sent
//! hashes by asking which changes the peer's heads do not cover, which
//! costs what the peer lacks, not the history. `stays_quiet` answers only
//! where its result is provably automerge's (the conditions are spelled out
//! below); otherwise automerge is asked. Test builds check every receive and
//! every quiet answer against automerge itself.

use std::collections::{BTreeSet, HashSet};

use automerge::{
    Automerge, AutomergeError, Change, ChangeHash, ReadDoc,
    sync::{self, Capability, MessageFlags, State},
};

/// Applies a peer's sync message to `doc` and `state`, exactly as
/// `receive_sync_message` does. `parsed`: the message's changes, already
/// read out of it (`change_chunks`), so they are not parsed a second time.
pub(super) fn receive(
    doc: &mut Automerge,
    state: &mut State,
    message: sync::Message,
    parsed: Option<&[Change]>,
) -> Result<(), AutomergeError> {
    #[cfg(test)]
    let expected = {
        let (mut doc, mut state) = (doc.clone(), state.clone());
        automerge::sync::SyncDoc::receive_sync_message(&mut doc, &mut state, message.clone())
            .map(|()| (doc.get_heads(), state))
    };
    let received = receive_step_by_step(doc, state, message, parsed);
    #[cfg(test)]
    assert_eq!(
        expected.ok(),
        received
            .as_ref()
            .ok()
            .map(|()| (doc.get_heads(), state.clone())),
        "receive"
    );
    received
}

/// `receive_sync_message_inner`, in its order.
fn receive_step_by_step(
    doc: &mut Automerge,
    state: &mut State,
    message: sync::Message,
    parsed: Option<&[Change]>,
) -> Result<(), AutomergeError> {
    state.in_flight = false;
    let before = doc.get_heads();
    let sync::Message {
        heads,
        need,
        have,
        changes,
        flags,
        ..
    } = message;
    if let Some(flags) = flags {
        let mut capabilities = vec![Capability::MessageV2];
        if flags.contains(MessageFlags::SUPPORTS_SYNC_RESET) {
            capabilities.push(Capability::SyncReset);
        }
        state.their_capabilities = Some(capabilities);
        if flags.contains(MessageFlags::SYNC_RESET) {
            state.sent_hashes.clear();
        }
        state.peer_read_only = flags.contains(MessageFlags::READ_ONLY);
    }
    let without_changes = changes.is_empty();
    if !without_changes && !state.read_only {
        match parsed {
            Some(parsed) => doc.apply_changes(parsed.iter().cloned())?,
            None => {
                let joined: Vec<u8> = changes.iter().flatten().copied().collect();
                doc.load_incremental(&joined)?;
            }
        }
        state.shared_heads = advance_heads(&before, &doc.get_heads(), &state.shared_heads);
    }
    let known: Vec<ChangeHash> = heads
        .iter()
        .filter(|head| has_change(doc, head))
        .copied()
        .collect();
    trim_sent(doc, &known, &mut state.sent_hashes);
    if without_changes && heads == before {
        state.last_sent_heads.clone_from(&heads);
    }
    if known.len() == heads.len() {
        state.shared_heads.clone_from(&heads);
        // A peer that lost everything gets everything again.
        if heads.is_empty() {
            state.last_sent_heads = Vec::new();
            state.sent_hashes = BTreeSet::new();
        }
    } else {
        let shared: BTreeSet<ChangeHash> =
            state.shared_heads.iter().chain(&known).copied().collect();
        state.shared_heads = shared.into_iter().collect();
    }
    state.their_have = Some(have);
    state.their_heads = Some(heads);
    state.their_need = Some(need);
    Ok(())
}

/// Keeps the sent hashes that are not ancestors of `known` heads, as
/// `filter_changes` does. A known head covers itself, and a peer that knows
/// every head of the document has every change it was sent: the usual
/// acknowledgement is answered from the heads alone, since listing what
/// the heads do not cover computes their clock, a walk that grows with the
/// history (most of a busy room's cost per acknowledgement).
fn trim_sent(doc: &Automerge, known: &[ChangeHash], sent: &mut BTreeSet<ChangeHash>) {
    if sent.is_empty() || known.is_empty() {
        return;
    }
    sent.retain(|hash| !known.contains(hash));
    if sent.is_empty() {
        return;
    }
    if doc.get_heads().iter().all(|head| known.contains(head)) {
        sent.clear();
        return;
    }
    trim_sent_by_listing(doc, known, sent);
}

/// `trim_sent` by listing the changes `known` does not cover.
fn trim_sent_by_listing(doc: &Automerge, known: &[ChangeHash], sent: &mut BTreeSet<ChangeHash>) {
    let not_covered: HashSet<ChangeHash> = doc
        .get_changes_meta(known)
        .into_iter()
        .map(|change| change.hash)
        .collect();
    sent.retain(|hash| not_covered.contains(hash));
}

/// automerge's `advance_heads`: the shared heads after our own heads moved
/// from `old` to `new` by changes the peer sent.
fn advance_heads(old: &[ChangeHash], new: &[ChangeHash], shared: &[ChangeHash]) -> Vec<ChangeHash> {
    let advanced: BTreeSet<ChangeHash> = new
        .iter()
        .filter(|head| !old.contains(head))
        .chain(shared.iter().filter(|head| new.contains(head)))
        .copied()
        .collect();
    advanced.into_iter().collect()
}

/// Whether `doc` has applied the change `hash`.
pub(super) fn has_change(doc: &Automerge, hash: &ChangeHash) -> bool {
    doc.get_change_meta_by_hash(hash).is_some()
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

    /// Each `receive` below is also checked against automerge's own (test
    /// builds): acknowledgements, changes, and acknowledgements of only part
    /// of what was sent, whose sent hashes must be trimmed.
    #[test]
    fn receiving_is_automerges_and_quiet_peers_are_left_alone() {
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
        let more = heads[0];
        assert!(hub_state.sent_hashes.contains(&more));
        peer.receive_sync_message(&mut peer_state, news).unwrap();
        let ack = peer.generate_sync_message(&mut peer_state).unwrap();
        // Meanwhile the hub moved on and sent that too.
        edit(&mut hub, "again");
        let again = hub.get_heads()[0];
        let later = hub.generate_sync_message(&mut hub_state).unwrap();
        assert!(hub_state.sent_hashes.contains(&again));
        receive(&mut hub, &mut hub_state, ack, None).unwrap();
        assert!(
            !hub_state.sent_hashes.contains(&more),
            "what the ack covers goes"
        );
        assert!(
            hub_state.sent_hashes.contains(&again),
            "what it does not stays"
        );
        peer.receive_sync_message(&mut peer_state, later).unwrap();
        let ack = peer.generate_sync_message(&mut peer_state).unwrap();
        receive(&mut hub, &mut hub_state, ack, None).unwrap();
        assert!(!hub_state.sent_hashes.contains(&again));
        let heads = hub.get_heads();
        assert!(stays_quiet(&hub, &heads, &hub_state), "acknowledged");

        // A change from the peer. About one time in a hundred its first
        // message lacks it: automerge's bloom filter of the hub's changes
        // wrongly says the hub has it, and the hub then asks for it by hash.
        edit(&mut peer, "theirs");
        for _ in 0..3 {
            if let Some(change) = peer.generate_sync_message(&mut peer_state) {
                receive(&mut hub, &mut hub_state, change, None).unwrap();
            }
            if hub.get_heads() == peer.get_heads() {
                break;
            }
            if let Some(ask) = hub.generate_sync_message(&mut hub_state) {
                peer.receive_sync_message(&mut peer_state, ask).unwrap();
            }
        }
        assert_eq!(hub.get_heads(), peer.get_heads());
    }
    /// Every set of heads a peer may acknowledge, in a history that forked
    /// and merged: trimming from the heads keeps what listing keeps.
    #[test]
    fn trimming_from_the_heads_agrees_with_listing() {
        let mut base = Automerge::new();
        edit(&mut base, "start");
        let mut left = base.fork();
        let mut right = base.fork();
        edit(&mut left, "l1");
        edit(&mut right, "r1");
        let fork_heads = [left.get_heads(), right.get_heads()].concat();
        let mut doc = left.clone();
        doc.merge(&mut right).unwrap();
        edit(&mut doc, "after");
        edit(&mut right, "r2");
        doc.merge(&mut right).unwrap();
        let every: Vec<ChangeHash> = doc.get_changes(&[]).iter().map(Change::hash).collect();
        let mut acks: Vec<Vec<ChangeHash>> = vec![doc.get_heads(), fork_heads];
        acks.extend(every.iter().map(|hash| vec![*hash]));
        for pair in every.windows(2) {
            acks.push(pair.to_vec());
        }
        for known in acks {
            let sent: BTreeSet<ChangeHash> = every.iter().copied().collect();
            let mut fast = sent.clone();
            trim_sent(&doc, &known, &mut fast);
            let mut listed = sent;
            trim_sent_by_listing(&doc, &known, &mut listed);
            assert_eq!(fast, listed, "acknowledged {known:?}");
        }
    }
}
