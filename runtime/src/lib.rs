//! Runtime support for apiforge-generated clients: transport, request building, parameter
//! and body encoding, credentials, responses and errors.
//!
//! Generated code depends only on this crate; it re-exports `bytes::Bytes`, `http`, `serde`,
//! `serde_json`, `chrono` and `uuid` (use `#[serde(crate = "apiforge_runtime::serde")]`).
//!
//! Features:
//! - `reqwest` (default): `ReqwestTransport`, plain HTTP only, and `default_client_constructor!`
//!   giving generated clients `new(base_url)`.
//! - `rustls`: HTTPS for `ReqwestTransport` through reqwest's rustls TLS with webpki roots.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod client;
mod constructor;
mod datetime;
mod error;
mod request;
mod response;
mod security;
mod transport;

pub use bytes::Bytes;
pub use chrono;
pub use http;
pub use serde;
pub use serde_json;
pub use uuid;

pub use client::Client;
pub use datetime::DateTime;
pub use error::{ConfigError, DecodeError, EncodeError, Error};
pub use request::{redacted_uri, ParamStyle, RequestBuilder};
pub use response::{de, double_option, null_as_empty, RawResponse, ResponseValue};
pub use security::{is_sensitive_name, Credential, SchemeKind, SecurityScheme};
#[cfg(feature = "reqwest")]
pub use transport::{ReqwestTransport, ReqwestTransportBuilder};
pub use transport::{ResponseTooLarge, Transport, TransportError, DEFAULT_MAX_RESPONSE_BYTES};
