//! `cargo xtask run | test | bench`: everything a developer or CI needs,
//! installing missing tools on the way.

mod app_build;
mod bench;
mod bench_model;
mod bench_relay;
mod bench_soak;
mod fixture;
mod process;
mod run_instances;
mod tally;
mod test_run;
mod tools;
mod wasm_crates;
mod workspace;

use std::{net::SocketAddr, path::PathBuf};

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Build, run, test and measure Concord")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the app and start the relay serving it.
    Run {
        /// Address the relay listens on (with --instances: the first; the
        /// others on the ports after it).
        #[arg(long, env = "CONCORD_ADDR", default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// Directory for the relay's embedded database (with --instances:
        /// one directory per relay inside it).
        #[arg(long, env = "CONCORD_DATA", default_value = "data")]
        data: PathBuf,
        /// Start PostgreSQL and nats-server on free loopback ports and this
        /// many relays sharing them, instead of one relay on SQLite.
        #[arg(long)]
        instances: Option<u16>,
    },
    /// Run every test: native, wasm in Chromium, and the browser end-to-end suite.
    Test,
    /// Run browser end-to-end test files only (all when none is named),
    /// e.g. `cargo xtask e2e tests/history.test.mjs`; extra node flags after
    /// `--` (e.g. `--test-name-pattern=…`).
    E2e {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Print the benchmark figures.
    Bench {
        /// Only the model figures: skips building the browser app.
        #[arg(long, conflicts_with = "centres")]
        model_only: bool,
        /// Only the task and message centres' figures: the relay's cost of
        /// producing messages per accepted change, and the task centre's
        /// first paint from local storage.
        #[arg(long, conflicts_with = "views")]
        centres: bool,
        /// Only the figures of the views across documents (issue 21):
        /// search and the dashboard over 200 trackers.
        #[arg(long, conflicts_with = "app")]
        views: bool,
        /// Only the app's figures (issue 25): its size, code per crate,
        /// opening and keystrokes on a desktop and on a throttled phone.
        #[arg(long)]
        app: bool,
        #[command(subcommand)]
        mode: Option<BenchMode>,
    },
    /// The model figures in this process (what `bench` runs in release).
    #[command(hide = true)]
    BenchModel,
    /// Write a test document's Automerge bytes, or a task centre's
    /// documents (for the browser tests and the app benchmark).
    #[command(hide = true)]
    Fixture {
        #[arg(value_enum)]
        kind: fixture::Kind,
        /// Rows of a tracker (of all the trackers, for `centre`), or changes
        /// of a typed document.
        #[arg(long)]
        size: usize,
        /// The document's creator and owner (a person id); for `centre`, the
        /// person whose task centre the trackers make.
        #[arg(long)]
        creator: String,
        /// The file written (for `centre`, the directory).
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum BenchMode {
    /// Kill the relay with SIGKILL many times while a client streams changes;
    /// report how many acknowledged changes were lost (must be 0).
    Soak {
        #[arg(long, default_value_t = bench_soak::DEFAULT_KILLS)]
        kills: u32,
        /// Seed for the kill moments (a failing run prints its seed).
        #[arg(long)]
        seed: Option<u64>,
    },
    /// Our relay side by side with the npm automerge-repo sync server and a
    /// bare echo relay: scenarios S1-S4 and the sustained rate; prints one
    /// table and writes <target>/bench/relay.json. Flags go to
    /// `concord-bench run` (e.g. `--quick`, `--systems concord,echo`).
    Relay {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let workspace = workspace::Workspace::locate()?;
    match cli.command {
        Command::Run {
            addr,
            data,
            instances: None,
        } => run(&workspace, addr, data),
        Command::Run {
            addr,
            data,
            instances: Some(instances),
        } => run_instances::run(&workspace, instances, addr, data),
        Command::Test => {
            let outcome = test_run::run_all(&workspace);
            std::process::exit(if outcome.all_passed() { 0 } else { 1 });
        }
        Command::Bench {
            mode: None,
            model_only,
            centres,
            views,
            app,
        } => bench::run(
            &workspace,
            match (model_only, centres, views, app) {
                (true, ..) => bench::Part::Model,
                (_, true, ..) => bench::Part::Centres,
                (_, _, true, _) => bench::Part::Views,
                (.., true) => bench::Part::App,
                _ => bench::Part::All,
            },
        ),
        Command::Bench {
            mode: Some(BenchMode::Soak { kills, seed }),
            ..
        } => bench_soak::run(&workspace, kills, seed),
        Command::E2e { args } => {
            let passed = test_run::e2e_only(&workspace, &args)?;
            std::process::exit(if passed { 0 } else { 1 });
        }
        Command::BenchModel => bench_model::run(),
        Command::Fixture {
            kind,
            size,
            creator,
            out,
        } => fixture::write(kind, size, &creator, &out),
        Command::Bench {
            mode: Some(BenchMode::Relay { args }),
            ..
        } => bench_relay::run(&workspace, &args),
    }
}

fn run(workspace: &workspace::Workspace, addr: SocketAddr, data: PathBuf) -> anyhow::Result<()> {
    let app = app_build::build_app(workspace)?;
    let relay = app_build::build_relay(workspace, app_build::Profile::Release)?;
    let data = workspace.root.join(data);
    println!(
        "==> starting the relay (data in {}); Ctrl-C stops it",
        data.display()
    );
    let mut command = std::process::Command::new(relay);
    command
        .arg("--addr")
        .arg(addr.to_string())
        .arg("--data")
        .arg(&data)
        .arg("--app-dir")
        .arg(&app)
        .current_dir(&workspace.root);
    process::exec(command)
}
