use std::{future::Future, net::SocketAddr, sync::Arc};

use axum::{
    Router,
    extract::DefaultBodyLimit,
    http::header,
    routing::{delete, get, patch, post},
};
use tokio::net::TcpListener;
use tower_http::{compression::CompressionLayer, set_header::SetResponseHeaderLayer};

use crate::{
    Config, RelayError,
    access_policy::AccessPolicy,
    accounts::{Accounts, SessionLifetimes},
    admin_routes,
    app_files::AppFiles,
    auth_routes,
    doc_catalog::DocCatalog,
    documents_routes, export_routes, health, invite_routes,
    store::{Compactor, GroupCommit, SqliteStore, Store},
    sync_socket::{self, RelayIdentity, SyncService},
};

/// What every handler can reach.
#[derive(Clone)]
pub(crate) struct Shared {
    pub store: Arc<dyn Store>,
    pub hub: SyncService,
    pub accounts: Arc<Accounts>,
    /// What each document is and who may read it, for listings.
    pub catalog: Arc<DocCatalog>,
    /// Session cookies carry `Secure` (the relay is reached over TLS).
    pub secure_cookies: bool,
}

impl Shared {
    /// Starts the store's writer and compactor threads around `store`.
    pub fn start(
        store: Arc<dyn Store>,
        accounts: Arc<Accounts>,
        config: &Config,
    ) -> Result<Self, RelayError> {
        let storage_id = store.storage_id()?;
        let (hints, hinted) = std::sync::mpsc::channel();
        let (commit, _writer) =
            GroupCommit::spawn(store.clone(), config.limits.compact_after_chunks, hints)
                .map_err(RelayError::Thread)?;
        Compactor::spawn(store.clone(), &commit, hinted).map_err(RelayError::Thread)?;
        let peer_id = format!("concord-relay-{}", uuid::Uuid::new_v4())
            .parse()
            .map_err(|_| RelayError::PeerId)?;
        let catalog = Arc::new(DocCatalog::default());
        let access = (!config.open_sync)
            .then(|| Arc::new(AccessPolicy::new(accounts.clone(), catalog.clone())));
        let hub = SyncService::new(
            config.limits.clone(),
            store.clone(),
            commit,
            RelayIdentity {
                peer_id,
                storage_id,
            },
            access,
        );
        Ok(Self {
            store,
            hub,
            accounts,
            catalog,
            secure_cookies: config.secure_cookies,
        })
    }
}

/// A relay bound to its address, with its store open, ready to serve.
pub struct Relay {
    listener: TcpListener,
    local_addr: SocketAddr,
    router: Router,
    hub: SyncService,
    setup_secret: Option<String>,
}

/// How long a stopping relay waits for its sync connections to close.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(3);

impl Relay {
    pub async fn bind(config: &Config) -> Result<Self, RelayError> {
        let data = config.data.clone();
        let store = tokio::task::spawn_blocking(move || SqliteStore::open(&data)).await??;
        let accounts_path = config.data.join("accounts.sqlite");
        let accounts = tokio::task::spawn_blocking(move || {
            Accounts::open(&accounts_path, SessionLifetimes::default())
        })
        .await??;
        let app = AppFiles::new(config.app_dir.clone());
        if !app.is_built() {
            tracing::warn!(
                "no built app in {}: run `cargo xtask run`, or pass --app-dir",
                config.app_dir.display()
            );
        }
        let listener = TcpListener::bind(config.addr)
            .await
            .map_err(|source| RelayError::Bind {
                addr: config.addr,
                source,
            })?;
        let local_addr = listener.local_addr().map_err(|source| RelayError::Bind {
            addr: config.addr,
            source,
        })?;
        let shared = Shared::start(Arc::new(store), Arc::new(accounts), config)?;
        let hub = shared.hub.clone();
        let setup_secret = shared.accounts.setup_secret();
        let router = router(shared, app);
        Ok(Self {
            listener,
            local_addr,
            router,
            hub,
            setup_secret,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The URL a person opens.
    pub fn url(&self) -> String {
        format!("http://{}/", self.local_addr())
    }

    /// On a workspace with no admin yet: the link to the app's setup
    /// screen for the first admin (works once). The secret is in the
    /// fragment, which browsers never send to a server, and exists only in
    /// this process and in this text.
    pub fn setup_link(&self) -> Option<String> {
        let secret = self.setup_secret.as_ref()?;
        Some(format!("{}setup#{secret}", self.url()))
    }

    pub async fn serve(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), RelayError> {
        // Upgraded websockets are not the server's to wait for: they are told
        // to close, and given a moment to, once the shutdown signal comes.
        let hub = self.hub.clone();
        let signal = async move {
            shutdown.await;
            hub.shut_down(SHUTDOWN_GRACE).await;
        };
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, service)
            .with_graceful_shutdown(signal)
            .await
            .map_err(RelayError::Serve)
    }
}

pub(crate) fn router(shared: Shared, app: AppFiles) -> Router {
    Router::new()
        .route("/api/health", get(health::health))
        .route(
            "/api/setup",
            get(auth_routes::setup_state).post(auth_routes::set_up),
        )
        .route("/api/login", post(auth_routes::log_in))
        .route("/api/logout", post(auth_routes::log_out))
        .route("/api/me", get(auth_routes::me))
        .route("/api/invite/check", post(invite_routes::check))
        .route("/api/invite/accept", post(invite_routes::accept))
        .route("/api/admin/directory", get(admin_routes::directory))
        .route("/api/admin/people", post(admin_routes::add_person))
        .route("/api/admin/people/{id}", patch(admin_routes::change_person))
        .route("/api/admin/departments", post(admin_routes::add_department))
        .route("/api/admin/orgs", post(admin_routes::add_org))
        .route("/api/admin/invites", post(admin_routes::create_invite))
        .route(
            "/api/admin/invites/{id}",
            delete(admin_routes::revoke_invite),
        )
        .route("/api/documents", get(documents_routes::documents))
        .route("/api/people", get(documents_routes::people))
        .route(
            "/api/export/xlsx",
            post(export_routes::xlsx).layer(DefaultBodyLimit::max(export_routes::MAX_EXPORT_BYTES)),
        )
        .route("/sync", get(sync_socket::sync_route))
        .with_state(shared)
        .fallback_service(app.service())
        // File names are not content-hashed, so browsers must revalidate every
        // time; Last-Modified keeps that to a 304 when nothing changed.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("no-cache"),
        ))
        .layer(CompressionLayer::new())
}

/// A `Shared` over a fresh store and in-memory accounts, for handler tests.
#[cfg(test)]
pub(crate) fn test_shared(data: &std::path::Path, secure_cookies: bool) -> (Shared, Arc<Accounts>) {
    let store = SqliteStore::open(data).expect("a store in a temporary directory");
    let accounts = Arc::new(Accounts::in_memory(SessionLifetimes::default()).expect("accounts"));
    let config = Config {
        addr: "127.0.0.1:0".parse().expect("an address"),
        data: data.to_owned(),
        app_dir: data.join("app"),
        secure_cookies,
        open_sync: false,
        limits: Default::default(),
    };
    let shared = Shared::start(Arc::new(store), accounts.clone(), &config).expect("shared state");
    (shared, accounts)
}

#[cfg(test)]
mod tests {
    use axum::{
        body::Body,
        http::{Request, StatusCode, header},
    };
    use http_body_util::BodyExt as _;
    use std::io::Read as _;
    use tower::ServiceExt as _;

    use super::*;

    const INDEX: &str = "<!doctype html><title>Concord</title>";

    struct Fixture {
        _tmp: tempfile::TempDir,
        router: Router,
    }

    fn fixture(built: bool) -> Fixture {
        let tmp = tempfile::tempdir().unwrap();
        let app_dir = tmp.path().join("app");
        std::fs::create_dir_all(&app_dir).unwrap();
        if built {
            std::fs::write(app_dir.join("index.html"), INDEX).unwrap();
            std::fs::write(app_dir.join("concord_app_bg.wasm"), vec![0u8; 4096]).unwrap();
            std::fs::write(
                app_dir.join("concord_app.js"),
                "export default 1;".repeat(20),
            )
            .unwrap();
        }
        let store = SqliteStore::open(&tmp.path().join("data")).unwrap();
        let config = Config {
            addr: "127.0.0.1:0".parse().unwrap(),
            data: tmp.path().join("data"),
            app_dir: app_dir.clone(),
            secure_cookies: false,
            open_sync: false,
            limits: Default::default(),
        };
        let accounts = Accounts::in_memory(SessionLifetimes::default()).unwrap();
        let router = router(
            Shared::start(Arc::new(store), Arc::new(accounts), &config).unwrap(),
            AppFiles::new(app_dir),
        );
        Fixture { _tmp: tmp, router }
    }

    async fn get(router: &Router, path: &str, gzip: bool) -> axum::response::Response {
        let mut request = Request::get(path);
        if gzip {
            request = request.header(header::ACCEPT_ENCODING, "gzip");
        }
        router
            .clone()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap()
    }

    async fn body(response: axum::response::Response) -> Vec<u8> {
        response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec()
    }

    #[tokio::test]
    async fn serves_wasm_and_js_with_their_mime_types() {
        let f = fixture(true);
        let wasm = get(&f.router, "/concord_app_bg.wasm", false).await;
        assert_eq!(wasm.status(), StatusCode::OK);
        assert_eq!(wasm.headers()[header::CONTENT_TYPE], "application/wasm");
        let js = get(&f.router, "/concord_app.js", false).await;
        assert_eq!(js.headers()[header::CONTENT_TYPE], "text/javascript");
        let css_missing = get(&f.router, "/style.css", false).await;
        assert_eq!(css_missing.status(), StatusCode::NOT_FOUND);
    }

    #[tokio::test]
    async fn compresses_for_clients_that_accept_it() {
        let f = fixture(true);
        let response = get(&f.router, "/concord_app_bg.wasm", true).await;
        assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
        let compressed = body(response).await;
        assert!(compressed.len() < 4096);
        let mut plain = Vec::new();
        flate2::read::GzDecoder::new(&compressed[..])
            .read_to_end(&mut plain)
            .unwrap();
        assert_eq!(plain, vec![0u8; 4096]);
    }

    #[tokio::test]
    async fn app_routes_get_the_index_and_browsers_revalidate() {
        let f = fixture(true);
        for path in ["/", "/docs/some-doc", "/admin"] {
            let response = get(&f.router, path, false).await;
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            assert_eq!(
                response.headers()[header::CACHE_CONTROL],
                "no-cache",
                "{path}"
            );
            assert!(
                response.headers()[header::CONTENT_TYPE]
                    .to_str()
                    .unwrap()
                    .starts_with("text/html")
            );
            assert_eq!(body(response).await, INDEX.as_bytes(), "{path}");
        }
    }

    #[tokio::test]
    async fn an_unbuilt_app_says_how_to_build_it() {
        let f = fixture(false);
        let response = get(&f.router, "/", false).await;
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        let text = String::from_utf8(body(response).await).unwrap();
        assert!(text.contains("cargo xtask run"), "{text}");
    }

    #[tokio::test]
    async fn health_reports_the_store() {
        let f = fixture(true);
        let response = get(&f.router, "/api/health", false).await;
        assert_eq!(response.status(), StatusCode::OK);
        let health: serde_json::Value = serde_json::from_slice(&body(response).await).unwrap();
        assert_eq!(health["status"], "ok");
        assert_eq!(health["store"], "ok");
    }

    #[tokio::test]
    async fn path_traversal_stays_inside_the_app_directory() {
        let f = fixture(true);
        let response = get(&f.router, "/../data/concord.sqlite3", false).await;
        assert_ne!(response.status(), StatusCode::OK);
        let response = get(&f.router, "/%2e%2e/data/concord.sqlite3", false).await;
        assert_ne!(response.status(), StatusCode::OK);
    }
}
