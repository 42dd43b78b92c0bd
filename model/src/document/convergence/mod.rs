//! 3–5 replicas make random edits of every kind and exchange them through
//! `automerge::sync` over links that reorder, duplicate and lose messages
//! and get cut; after healing they must agree exactly, and so must the
//! document after save and load (the loro fuzz shape, as a proptest).

mod network;
mod ops;
mod view;

use proptest::prelude::*;

use self::network::Network;
use self::ops::{apply, op, template};
use self::view::view;
use super::tests::{actor, alice};
use super::*;

/// 10,000 cases by default; PROPTEST_CASES raises it for a longer hunt but
/// never lowers it. They take about 55 s of CPU (about 110 s of wall time on
/// the shared two-core machine under a load of 7), which is why the model,
/// automerge and hexane build at opt-level 2 in dev.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .map_or(10_000, |n: u32| n.max(10_000))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn replicas_converge_after_any_exchange(
        replicas in 3..=5usize,
        ops in proptest::collection::vec(op(), 1..24),
    ) {
        let mut first =
            ConcordDoc::create(template(), "t", &alice(), 0, actor(1)).expect("create");
        let mut docs: Vec<ConcordDoc> =
            (2..=replicas).map(|i| first.fork(actor(i as u8))).collect();
        docs.push(first);
        let mut net = Network::new(docs);
        for op in &ops {
            apply(&mut net, op);
        }
        net.heal();
        let heads = net.docs[0].heads();
        let expected = view(&net.docs[0]);
        for doc in &mut net.docs {
            prop_assert_eq!(doc.heads(), heads.clone());
            prop_assert_eq!(view(doc), expected.clone());
        }
        // The healed state survives bytes, named versions included.
        let mut loaded = ConcordDoc::load(&net.docs[0].save()).expect("load");
        prop_assert_eq!(view(&loaded), expected);
        prop_assert_eq!(loaded.heads(), heads);
        for version in loaded.versions().expect("versions") {
            prop_assert!(loaded.at_version(&version.id).is_ok());
        }
    }
}
