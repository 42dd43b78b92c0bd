//! Signing in: the first admin's setup and the login form. Each answers `Me`.

use serde::{Deserialize, Serialize};

/// `GET /api/setup`: whether the workspace still has no admin (the secret
/// itself is only in the link the relay printed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupState {
    pub needed: bool,
}

/// `POST /api/setup`: the first admin, with the secret from the setup link.
/// (No `Debug`: it holds a password.)
#[derive(Clone, Serialize, Deserialize)]
pub struct SetupForm {
    pub secret: String,
    pub id: String,
    pub display_name: String,
    pub password: String,
}

/// `POST /api/login`. (No `Debug`: it holds a password.)
#[derive(Clone, Serialize, Deserialize)]
pub struct LoginForm {
    pub id: String,
    pub password: String,
}
