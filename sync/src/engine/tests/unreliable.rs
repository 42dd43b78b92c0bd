//! Frames duplicated and reordered. A websocket never does this, but a buggy
//! adapter or a replayed frame might: the engine must neither panic nor lose
//! changes, and once delivery is orderly again every copy must converge.

use proptest::prelude::*;

use super::{
    network::{Chaos, InOrder},
    scenarios::{assert_converged, doc_id, network, new_doc, put},
};

/// Three peers edit while frames are shuffled and doubled, then the network
/// heals (reconnects, in-order delivery) and everyone converges.
fn edit_through_chaos(seed: u64, reorder: bool, duplicate_one_in: u64, rounds: usize) {
    let mut net = network();
    let peers: Vec<usize> = (0..3).map(|_| net.add_client()).collect();
    for &p in &peers {
        net.connect(p);
    }
    net.client(0).create(doc_id(9), new_doc("seed", "0"));
    net.settle_in_order();
    for &p in &peers[1..] {
        net.client(p).find(doc_id(9));
    }
    let mut chaos = Chaos::new(seed, reorder, duplicate_one_in);
    for round in 0..rounds {
        for &p in &peers {
            if let Some(doc) = net.client(p).doc_mut(&doc_id(9)) {
                put(doc, &format!("p{p}"), &format!("{round}"));
            }
        }
        for _ in 0..(seed as usize % 5) + 1 {
            net.deliver_one(&mut chaos);
        }
        net.tick();
    }
    // Drain the chaos, then heal: out-of-order sync messages can leave a sync
    // state waiting for an answer that was already consumed, which a new
    // connection (fresh sync state) always resolves.
    while net.deliver_one(&mut chaos) {}
    for &p in &peers {
        net.disconnect(p);
        net.connect(p);
    }
    net.settle(&mut InOrder);
    assert_converged(&mut net, &doc_id(9));
}

#[test]
fn duplicated_frames_do_no_harm() {
    for seed in 1..8 {
        edit_through_chaos(seed, false, 2, 6);
    }
}

#[test]
fn reordered_frames_do_no_harm() {
    for seed in 1..8 {
        edit_through_chaos(seed, true, 0, 6);
    }
}

#[test]
fn reordered_and_duplicated_frames_do_no_harm() {
    for seed in 1..8 {
        edit_through_chaos(seed, true, 3, 6);
    }
}

#[test]
fn duplicates_alone_converge_without_reconnecting() {
    let mut net = network();
    let (alice, bob) = (net.add_client(), net.add_client());
    net.connect(alice);
    net.connect(bob);
    net.client(alice).create(doc_id(10), new_doc("a", "1"));
    net.settle_in_order();
    net.client(bob).find(doc_id(10));
    let mut every_frame_twice = Chaos::new(7, false, 1);
    net.settle(&mut every_frame_twice);
    put(net.client(bob).doc_mut(&doc_id(10)).unwrap(), "b", "2");
    net.settle(&mut every_frame_twice);
    assert_converged(&mut net, &doc_id(10));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn any_interleaving_converges(
        seed in 1u64..u64::MAX,
        reorder in any::<bool>(),
        duplicate_one_in in 0u64..5,
        rounds in 1usize..8,
    ) {
        edit_through_chaos(seed, reorder, duplicate_one_in, rounds);
    }
}
