//! The relay benchmark (issue 6): a load generator of real Automerge
//! replicas, run side by side against our relay, the npm automerge-repo sync
//! server and a bare echo relay, over four scenarios. `cargo xtask bench
//! relay` builds this crate in release and runs `concord-bench run`.

pub mod backlog;
pub mod cold_join;
pub mod echo_relay;
pub mod edit_run;
pub mod fetch;
pub mod generator_check;
pub mod idle;
pub mod latency;
pub mod load_client;
pub mod proc_stats;
pub mod report;
pub mod scenarios;
pub mod system;
