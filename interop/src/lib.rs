//! Harness for the interop tests (`tests/`): the npm automerge-repo sync
//! server run as a child process, our relay served in-process, a JavaScript
//! automerge-repo peer run as a command, and Concord's sans-IO sync
//! [`Client`] driven over a real websocket.
//!
//! The tests need Node and the npm packages in `e2e/node_modules`; `cargo
//! xtask test` installs them and names the folder in `CONCORD_E2E_DIR`.
//! Without it the tests say so and pass, so a plain `cargo test` needs no Node.
//!
//! [`Client`]: concord_sync::engine::client::Client

mod concord_relay;
mod js_peer;
mod npm_sync_server;
mod ws_client;

pub use concord_relay::ConcordRelay;
pub use js_peer::run_js_peer;
pub use npm_sync_server::NpmSyncServer;
pub use ws_client::WsClient;

/// The variable `cargo xtask test` sets to the e2e folder.
pub const E2E_DIR_VAR: &str = "CONCORD_E2E_DIR";

/// The e2e folder, or `None` after printing why the calling test is skipped.
pub fn e2e_dir_or_skip(test: &str) -> Option<std::path::PathBuf> {
    let dir = std::env::var_os(E2E_DIR_VAR).map(std::path::PathBuf::from);
    if dir.is_none() {
        println!(
            "SKIPPED {test}: {E2E_DIR_VAR} is not set; `cargo xtask test` sets it and installs \
             the npm automerge-repo sync server"
        );
    }
    dir
}
