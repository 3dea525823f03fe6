//! A stand-in for a portal that embeds the console, on an origin of its own: it serves
//! `examples/portal/` and, as a portal's backend would, hands its page short-lived Zadig tokens
//! (`GET /token?role=admin&ttl=60`).

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use crate::{auth, AppState};

#[derive(Deserialize)]
struct TokenQuery {
    #[serde(default)]
    role: Option<String>,
    /// Seconds until Zadig refuses it (default an hour, 1 to a day).
    #[serde(default)]
    ttl: Option<i64>,
}

async fn token(State(st): State<AppState>, Query(q): Query<TokenQuery>) -> impl IntoResponse {
    let (uid, name, email) = match q.role.as_deref().unwrap_or("admin") {
        "approver" => ("u-alice", "alice", "alice@example.com"),
        "user" => ("u-bob", "bob", "bob@example.com"),
        _ => ("u-admin", "admin", "admin@example.com"),
    };
    let ttl = q.ttl.unwrap_or(3600).clamp(1, 86_400);
    st.world().portal_tokens += 1;
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        auth::make_expiring_token(uid, name, email, ttl),
    )
}

/// Serves the example portal from `dir` on `addr`, minting tokens for the sandbox `state`.
pub async fn start(
    dir: PathBuf,
    addr: SocketAddr,
    state: AppState,
) -> std::io::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    let app = Router::new()
        .route("/token", get(token))
        .with_state(state)
        .fallback_service(tower_http::services::ServeDir::new(dir));
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let handle = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok((addr, handle))
}
