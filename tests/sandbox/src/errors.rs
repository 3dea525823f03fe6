//! Zadig's response conventions (docs/zadig-contract.md §3): no envelope, and three error shapes.

use axum::body::Body;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// A business error `{type,message,code,description,extra}`; 6xxx/7xxx codes answer 400.
pub fn biz(code: u16, message: &str, description: impl Into<String>) -> Response {
    let status = if matches!(code / 1000, 6 | 7) {
        400
    } else {
        code
    };
    let body = json!({"type": "error", "message": message, "code": code,
        "description": description.into(), "extra": {}});
    json_status(
        StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
        &body,
    )
}

/// Any other Go error: plain 500 without `type` or `extra`.
pub fn plain500(description: impl Into<String>) -> Response {
    json_status(
        StatusCode::INTERNAL_SERVER_ERROR,
        &json!({"message": "Internal Error: ", "code": 500, "description": description.into()}),
    )
}

/// `ErrInvalidParam`: code 400, message "Bad Request".
pub fn bad_request(description: impl Into<String>) -> Response {
    biz(400, "Bad Request", description)
}

/// Bind failures, permission denials and gateway refusals: a status with an empty body.
pub fn empty(status: u16) -> Response {
    Response::builder()
        .status(status)
        .body(Body::empty())
        .expect("static response")
}

/// `{"message":"success"}` for calls without data.
pub fn success() -> Response {
    json_status(StatusCode::OK, &json!({"message": "success"}))
}

/// A JSON body with a status.
pub fn json_status(status: StatusCode, v: &Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        v.to_string(),
    )
        .into_response()
}

/// HTTP 200 with a JSON body.
pub fn ok(v: Value) -> Response {
    json_status(StatusCode::OK, &v)
}
