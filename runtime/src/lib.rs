//! Runtime support for apiforge-generated clients: transport, request building, parameter
//! and body encoding, credentials, responses and errors.
//!
//! Generated code depends only on this crate; it re-exports `bytes::Bytes`, `http`, `serde`,
//! `serde_json`, `chrono` and `uuid` (use `#[serde(crate = "apiforge_runtime::serde")]`).
//!
//! Features:
//! - `reqwest` (default): `ReqwestTransport`, plain HTTP only, and `default_client_constructor!`
//!   giving generated clients `new(base_url)`.
//! - `rustls`: HTTPS for `ReqwestTransport` through reqwest's rustls TLS with webpki roots
//!   (more roots: `ReqwestTransportBuilder::add_root_certificate`).
//! - `ureq`: `UreqTransport`, a [`BlockingTransport`] over ureq 3 for blocking clients (no async
//!   runtime), and `default_blocking_client_constructor!`; `ureq-rustls` adds HTTPS.
//! - `tower`: `TowerTransport` (any `tower::Service` over `http` requests as a transport) and
//!   `TransportService` (any transport as a service), so tower and tower-http layers compose.
//! - `hyper`: `HyperTransport`, hyper 1 with hyper-util's pooled client through `TowerTransport`;
//!   `hyper-rustls` adds HTTPS (more roots: `HyperTransport::with_root_certificates`).
//! - `tracing`: `TracingTransport`, one span per call with OpenTelemetry HTTP client attributes.
//! - `cookies`: `CookieJar`, a cookie-jar layer over any transport (`cookie_store`).
//! - `stream`: `ReqwestTransport` as a [`StreamingTransport`] (the tower and hyper transports
//!   are one without it), for `Client::send_streaming` and the generated streaming methods
//!   (`<method>_events`, `<method>_stream`): bodies as byte streams, `text/event-stream` as
//!   (JSON-typed) server-sent events.
//! - `mock`: `MockTransport`, expectations and recorded calls for tests without a server.
//!
//! On `wasm32-unknown-unknown` the runtime and generated clients build over reqwest's fetch
//! backend (the browser follows redirects there); transports and futures need not be `Send`.
//!
//! Always there: typed response headers ([`FromHeaders`], [`ResponseValue::typed_headers`]) and
//! the walk over a paginated list's pages ([`Client::pages`], a `Stream`, and
//! [`Client::pages_blocking`], an `Iterator`; [`Paging`]), bounded by [`Config::max_pages`].
//!
//! Every backend honours a [`RequestTimeout`] in the request's extensions, and generated clients
//! put an [`OperationInfo`] there. [`BoxTransport`] picks a backend at run time.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod additional_properties;
mod call;
mod client;
mod config;
mod constructor;
mod datetime;
mod error;
mod pagination;
mod request;
mod response;
mod security;
pub mod ser;
#[doc(hidden)]
pub mod shared;
mod transport;

pub use bytes::Bytes;
pub use chrono;
pub use futures_util;
pub use http;
pub use serde;
pub use serde_json;
pub use uuid;

pub use additional_properties::AdditionalProperties;
pub use call::{CallOptions, NoBody, OptionalBody, RequiredBody, WithBody};
pub use client::Client;
pub use config::{Config, DEFAULT_MAX_EVENT_BYTES, DEFAULT_MAX_PAGES};
pub use datetime::DateTime;
pub use error::{ConfigError, DecodeError, EncodeError, Error};
pub use futures_util::Stream;
pub use pagination::{find_rel, NextPage, PaginationError, Paging};
pub use request::{attach_query_credentials, redacted_uri, HeaderKey, ParamStyle, RequestBuilder};
pub use response::headers::{FromHeaders, HeaderError};
pub use response::{de, double_option, headers, null_as_empty, RawResponse, ResponseValue};
pub use response::{EventStream, JsonEventStream, ServerSentEvent, StreamError, StreamingResponse};
pub use security::{is_sensitive_name, Credential, SchemeKind, SecurityScheme};
#[cfg(feature = "cookies")]
pub use transport::CookieJar;
#[cfg(feature = "hyper")]
pub use transport::HyperTransport;
#[cfg(feature = "tracing")]
pub use transport::TracingTransport;
#[cfg(feature = "ureq")]
pub use transport::UreqTransport;
#[cfg(feature = "tower")]
pub use transport::{AttachQueryCredentials, TimedOut, TowerTransport, TransportService};
pub use transport::{
    BlockingTransport, BoxFuture, BoxTransport, DynTransport, MaybeSend, MaybeSync, OperationInfo,
    RequestTimeout, ResponseTooLarge, Transport, TransportError, DEFAULT_MAX_RESPONSE_BYTES,
};
pub use transport::{ByteStream, StreamingTransport};
#[cfg(feature = "mock")]
pub use transport::{MockResponder, MockTransport, RecordedCall};
#[cfg(feature = "reqwest")]
pub use transport::{ReqwestTransport, ReqwestTransportBuilder};
