//! `check_applied` reads what a batch touched only where the batch's ops
//! write. On documents of random raw operations by two concurrent replicas
//! (keys written and removed again within a batch, objects replaced,
//! conflicts, text and lists), that is exactly what the whole diff touches,
//! in the same order.
//! Every rule test also judges its batches both ways (`by`).

use automerge::AutoCommit;
use proptest::prelude::*;

use super::{
    actor,
    never_panics::{KEYS, Raw, apply_raw, raw},
};
use crate::rules::{ObjectPaths, check_effect::touched, touch::Touch};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256)
    ))]

    #[test]
    fn what_a_batch_touched_is_what_the_whole_diff_touches(
        ops in proptest::collection::vec(
            (
                any::<bool>(),
                proptest::collection::vec(0..KEYS.len(), 1..6),
                raw(),
                0..4u8,
            ),
            1..50,
        ),
        cut in any::<usize>(),
    ) {
        let mut ours = AutoCommit::new().with_actor(actor(3));
        let mut theirs = ours.fork().with_actor(actor(4));
        let mut snapshots = vec![Vec::new()];
        for (on_theirs, path, raw, then) in &ops {
            let doc = if *on_theirs { &mut theirs } else { &mut ours };
            apply_raw(doc, path, raw);
            match then {
                0 => {
                    doc.commit();
                }
                1 => {
                    ours.merge(&mut theirs).unwrap();
                    snapshots.push(ours.get_heads());
                }
                _ => {}
            }
        }
        ours.merge(&mut theirs).unwrap();
        let whole = ours.document().clone();
        let before = &snapshots[cut % snapshots.len()];
        let after = whole.get_heads();
        let batch = whole.get_changes(before);
        let mut applied = whole.fork_at(before).unwrap();
        applied.apply_changes(batch.clone()).unwrap();
        prop_assert_eq!(applied.get_heads(), after.clone());
        let expected = Touch::all_of(&whole.diff(before, &after));
        let mut paths = ObjectPaths::default();
        prop_assert_eq!(touched(&applied, before, &after, &batch, &mut paths), expected.clone());
        // What the first pass learned, then what a document whose same op
        // ids made other objects elsewhere (a batch rolled back, then
        // another sent with the same actor and counters) would teach:
        // neither may change the answer.
        prop_assert_eq!(touched(&applied, before, &after, &batch, &mut paths), expected.clone());
        let other = same_ids_elsewhere(&ops);
        for patch in other.diff(&[], &other.get_heads()) {
            paths.visible_path(&other, &patch.obj);
        }
        prop_assert_eq!(touched(&applied, before, &after, &batch, &mut paths), expected.clone());
        // Learned from the whole document before the batch (the relay's
        // room, opening), and from the document with it.
        let mut learned = ObjectPaths::of(&whole.fork_at(before).unwrap());
        prop_assert_eq!(touched(&applied, before, &after, &batch, &mut learned), expected.clone());
        let mut learned = ObjectPaths::of(&applied);
        prop_assert_eq!(touched(&applied, before, &after, &batch, &mut learned), expected);
    }
}

/// The same raw operations by the same two actors in reverse order: the
/// same op ids, mostly naming other objects in other places.
fn same_ids_elsewhere(ops: &[(bool, Vec<usize>, Raw, u8)]) -> automerge::Automerge {
    let mut ours = AutoCommit::new().with_actor(actor(3));
    let mut theirs = ours.fork().with_actor(actor(4));
    for (on_theirs, path, raw, then) in ops.iter().rev() {
        let doc = if *on_theirs { &mut theirs } else { &mut ours };
        apply_raw(doc, path, raw);
        if *then == 1 {
            ours.merge(&mut theirs).unwrap();
        }
    }
    ours.merge(&mut theirs).unwrap();
    ours.document().clone()
}
