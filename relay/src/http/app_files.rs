use std::{
    convert::Infallible,
    path::{Path, PathBuf},
};

use axum::{
    extract::{Request, State},
    handler::Handler,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use tower::ServiceExt as _;
use tower_http::services::{ServeDir, ServeFile};

/// The built browser app, served as static files. Paths that name no file and
/// look like app routes get index.html, so deep links survive a reload.
#[derive(Debug, Clone)]
pub(crate) struct AppFiles {
    dir: PathBuf,
}

impl AppFiles {
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    fn index(&self) -> PathBuf {
        self.dir.join("index.html")
    }

    pub fn is_built(&self) -> bool {
        self.index().is_file()
    }

    pub fn service(
        &self,
    ) -> ServeDir<
        impl tower::Service<Request, Response = Response, Error = Infallible, Future: Send>
        + Clone
        + Send
        + 'static,
    > {
        ServeDir::new(&self.dir).fallback(app_page.with_state(self.clone()))
    }
}

async fn app_page(State(app): State<AppFiles>, request: Request) -> Response {
    if names_a_file(request.uri().path()) {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    if !app.is_built() {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "The Concord app is not built. Run `cargo xtask run`, or start the relay with --app-dir pointing at a built app.",
        )
            .into_response();
    }
    match ServeFile::new(app.index()).oneshot(request).await {
        Ok(response) => response.into_response(),
        Err(never) => match never {},
    }
}

/// Whether the last path segment has a file extension (`/app.js`), as opposed
/// to an app route (`/docs/abc`).
fn names_a_file(path: &str) -> bool {
    Path::new(path).extension().is_some()
}
