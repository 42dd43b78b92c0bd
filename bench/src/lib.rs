//! The relay benchmark: a load generator run side by side against our
//! relay, the npm automerge-repo sync server and a bare echo relay, over
//! five scenarios. Most clients of a room are thin (they decode and stamp
//! what arrives, apply nothing, and rebase their own edits), a few hold full
//! Automerge replicas and check convergence. `cargo xtask bench relay`
//! builds this crate in release and runs `concord-bench run`.

pub mod backlog;
pub mod client_run;
pub mod cluster_run;
pub mod cold_join;
pub mod echo_relay;
pub mod edit_run;
pub mod fetch;
pub mod frames;
pub mod generator_check;
pub mod idle;
pub mod known_heads;
pub mod latency;
pub mod load_client;
pub mod private_edits;
pub mod probe;
pub mod proc_stats;
pub mod rebase;
pub mod report;
pub mod scenarios;
pub mod system;
pub mod thin_client;
pub mod tracker;
pub mod tracker_run;
