use concord_api::{Directory, paths};
use leptos::prelude::*;

use crate::api::{self, CallError};

/// The directory an admin works on, shared by the admin screen's sections;
/// every change is sent to the relay and the directory read again.
#[derive(Clone, Copy)]
pub struct AdminData {
    pub directory: RwSignal<Option<Directory>>,
    /// The last call that failed, said at the top of the screen.
    pub problem: RwSignal<Option<CallError>>,
}

impl AdminData {
    pub fn provide() -> Self {
        let data = Self {
            directory: RwSignal::new(None),
            problem: RwSignal::new(None),
        };
        provide_context(data);
        data.reload();
        data
    }

    pub fn expect() -> Self {
        expect_context::<Self>()
    }

    pub fn reload(&self) {
        let data = *self;
        wasm_bindgen_futures::spawn_local(async move {
            match api::get::<Directory>(paths::ADMIN_DIRECTORY).await {
                Ok(directory) => data.directory.set(Some(directory)),
                Err(e) => data.problem.set(Some(e)),
            }
        });
    }

    /// Runs one call; on success the directory is read again and `done`
    /// gets the answer, on failure the problem is shown at the top.
    pub fn run<T: 'static>(
        &self,
        call: impl Future<Output = Result<T, CallError>> + 'static,
        done: impl FnOnce(T) + 'static,
    ) {
        let problem = self.problem;
        self.run_here(call, done, move |e| problem.set(Some(e)));
    }

    /// As `run`, but a failure goes to `failed`, for a screen that says it
    /// where the person acted (an open edit panel far below the top).
    pub fn run_here<T: 'static>(
        &self,
        call: impl Future<Output = Result<T, CallError>> + 'static,
        done: impl FnOnce(T) + 'static,
        failed: impl FnOnce(CallError) + 'static,
    ) {
        let data = *self;
        wasm_bindgen_futures::spawn_local(async move {
            match call.await {
                Ok(answer) => {
                    data.problem.set(None);
                    done(answer);
                    data.reload();
                }
                Err(e) => failed(e),
            }
        });
    }
}
