//! `POST /api/test/clock`: moves the relay's clock forward, in builds with
//! the `test-clock` feature only (the browser tests' relay).

use axum::Json;
use serde::{Deserialize, Serialize};

use crate::clock::test_clock::move_forward;

#[derive(Deserialize)]
pub(crate) struct MoveClock {
    forward_ms: i64,
}

#[derive(Serialize)]
pub(crate) struct ClockMoved {
    now_ms: i64,
}

pub(crate) async fn move_clock(Json(body): Json<MoveClock>) -> Json<ClockMoved> {
    Json(ClockMoved {
        now_ms: move_forward(body.forward_ms),
    })
}
