//! Scenario tests: the hub and many clients on an in-memory network.

mod interleavings;
mod network;
mod scenarios;
mod unreliable;
