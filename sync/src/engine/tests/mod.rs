//! Scenario tests: the hub and many clients on an in-memory network.

mod network;
mod scenarios;
mod unreliable;
