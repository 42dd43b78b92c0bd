//! `concord-bench`: the relay benchmark's load generator, and the servers it
//! starts as child processes (our relay, the echo relay).

use std::{net::SocketAddr, path::PathBuf};

use anyhow::Context;
use clap::{Parser, Subcommand};
use concord_bench::{
    echo_relay::EchoRelay,
    generator_check::GeneratorLimits,
    report::{self, BenchReport, Machine},
    scenarios::{self, ScenarioKind, Sizes},
    system::{Programs, SystemKind},
};

#[derive(Parser)]
#[command(name = "concord-bench", about = "Concord's relay benchmark")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the scenarios against the systems; print the table, write JSON.
    Run(Box<RunArgs>),
    /// Serve the bare broadcast relay; prints `echo relay listening on ws://ADDR`.
    Echo {
        #[arg(long, default_value = "127.0.0.1:0")]
        addr: SocketAddr,
    },
    /// Serve our relay (the same library as `concord-relay`); takes its flags.
    ServeRelay {
        /// Sign in this many people first (an admin who owns S5's document,
        /// then editors) and print each as `bench person ID COOKIE`.
        #[arg(long, default_value_t = 0)]
        people: usize,
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        relay_args: Vec<String>,
    },
}

#[derive(clap::Args)]
struct RunArgs {
    /// Scaled-down sizes (seconds per run) instead of the issue's.
    #[arg(long)]
    quick: bool,
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "concord,automerge-repo,echo"
    )]
    systems: Vec<SystemKind>,
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "s1,s2,s3,s4,s5,sweep,cluster"
    )]
    scenarios: Vec<ScenarioKind>,
    /// The e2e folder holding the npm sync server's launcher and node_modules.
    #[arg(long, env = "CONCORD_E2E_DIR")]
    e2e_dir: Option<PathBuf>,
    /// Where the raw results go.
    #[arg(long, default_value = "target/bench/relay.json")]
    out: PathBuf,
    /// A run whose edits start later than this after their due time (p99) is rejected.
    #[arg(long, default_value_t = 20.0)]
    max_lag_p99_ms: f64,
    /// A run whose generator used more than this share of all cores is rejected.
    #[arg(long, default_value_t = 0.7)]
    max_generator_cpu: f64,
    /// Extra flags for our relay.
    #[arg(long, allow_hyphen_values = true)]
    relay_arg: Vec<String>,
    #[command(flatten)]
    sizes: Sizes,
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Echo { addr } => tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?
            .block_on(echo(addr)),
        Command::ServeRelay { people, relay_args } => tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?
            .block_on(serve_relay(people, relay_args)),
        Command::Run(args) => tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?
            .block_on(run(*args)),
    }
}

async fn echo(addr: SocketAddr) -> anyhow::Result<()> {
    let relay = EchoRelay::bind(addr).await?;
    println!("echo relay listening on ws://{}", relay.local_addr()?);
    relay.serve().await;
    Ok(())
}

async fn serve_relay(people: usize, args: Vec<String>) -> anyhow::Result<()> {
    use clap::Parser as _;
    let config = concord_relay::Config::try_parse_from(
        std::iter::once("concord-relay".to_owned()).chain(args),
    )?;
    if people > 0 {
        let data = config.data.clone();
        tokio::task::spawn_blocking(move || sign_in(&data, people)).await??;
    }
    // Warnings only: a log line per connection would be measured as relay work.
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("warn"))
        .with_writer(std::io::stderr)
        .init();
    let relay = concord_relay::Relay::bind(&config).await?;
    println!("Concord relay listening on {}", relay.url());
    relay.serve(std::future::pending()).await?;
    Ok(())
}

/// Adds `count` people to the relay's accounts and prints a session of
/// each: `owner` (an admin, so the relay asks for no setup), then
/// `editor1`, `editor2`… Runs before the relay opens the same database.
fn sign_in(data: &std::path::Path, count: usize) -> anyhow::Result<()> {
    use concord_relay::accounts::{Account, Accounts, SessionLifetimes};
    const PASSWORD: &str = "benchmark password";
    std::fs::create_dir_all(data)?;
    let accounts = Accounts::open(&data.join("accounts.sqlite"), SessionLifetimes::default())?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_millis() as i64;
    for n in 0..count {
        let id = if n == 0 {
            "owner".to_owned()
        } else {
            format!("editor{n}")
        };
        let account = Account {
            person: concord_model::Person::staff(id.parse()?, Vec::new()),
            display_name: id.clone(),
            is_admin: n == 0,
            disabled: false,
        };
        // Already there when the relay restarts on the same data.
        let _ = accounts.add(&account, PASSWORD, now);
        let (session, _) = accounts.log_in(&id, PASSWORD, "benchmark", now)?;
        println!(
            "{}{id} concord_session={}",
            concord_bench::system::PERSON_LINE,
            session.to_text()
        );
    }
    Ok(())
}

/// S4 holds thousands of connections, each a descriptor here and one in the
/// server (which inherits this limit): the soft limit goes up to the hard one.
fn raise_open_files_limit() {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let limit = getrlimit(Resource::Nofile);
    if limit.current != limit.maximum {
        let raised = rustix::process::Rlimit {
            current: limit.maximum,
            maximum: limit.maximum,
        };
        if let Err(error) = setrlimit(Resource::Nofile, raised) {
            eprintln!("could not raise the open files limit: {error}");
        }
    }
}

async fn run(args: RunArgs) -> anyhow::Result<()> {
    raise_open_files_limit();
    let sizes = if args.quick {
        Sizes::quick()
    } else {
        args.sizes
    };
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let limits = GeneratorLimits {
        max_lag_p99_ms: args.max_lag_p99_ms,
        max_cpu_share: args.max_generator_cpu,
        cores,
    };
    let programs = Programs {
        bench_exe: std::env::current_exe().context("this program's path")?,
        // The node server runs in its data directory, so a relative path would not reach it.
        e2e_dir: args
            .e2e_dir
            .as_deref()
            .map(std::path::absolute)
            .transpose()
            .context("the e2e folder's path")?,
        relay_args: args.relay_arg.clone(),
    };
    let machine = Machine {
        cores,
        load_average_at_start: std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
            .to_owned(),
    };
    let mut results = Vec::new();
    for &scenario in &args.scenarios {
        for &system in &args.systems {
            results.extend(scenarios::run(scenario, system, &sizes, &programs, &limits).await);
        }
    }
    println!("{}", report::table(&results, &args.systems));
    let report = BenchReport {
        machine,
        sizes,
        generator_limits: limits,
        results,
    };
    if let Some(dir) = args.out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&args.out, serde_json::to_string_pretty(&report)?)
        .with_context(|| format!("writing {}", args.out.display()))?;
    println!("raw results: {}", args.out.display());
    Ok(())
}
