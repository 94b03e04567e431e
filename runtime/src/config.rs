//! `Config`: what every request of a client shares (base URL, default headers, credentials), and
//! the building of requests from it. Nothing here depends on the transport, so generated code
//! that builds requests is compiled once, not once per transport type.

use std::borrow::Cow;
use std::time::Duration;

use bytes::Bytes;
use http::header::{HeaderName, HeaderValue};
use http::uri::{Authority, PathAndQuery, Scheme};
use http::{HeaderMap, Method, Uri};

use crate::error::{ConfigError, EncodeError};
use crate::request::RequestBuilder;
use crate::request::{is_plain_path_text, push_path_text};
use crate::security::{is_sensitive_name, Credential, Credentials, Held};
use crate::transport::{OperationInfo, RequestTimeout};

/// How large one server-sent event that a generated streaming method reads may grow, unless
/// [`Config::set_max_event_bytes`] says otherwise: 1 MiB.
pub const DEFAULT_MAX_EVENT_BYTES: usize = 1024 * 1024;

/// Base URL, default headers, credentials, timeout and streamed-event limit of a client; `Debug`
/// redacts credentials.
#[derive(Clone, Debug)]
pub struct Config {
    base_url: BaseUrl,
    default_headers: HeaderMap,
    credentials: Credentials,
    timeout: Option<RequestTimeout>,
    max_event_bytes: usize,
    max_pages: usize,
}

/// How many pages a walk over a paginated list fetches at most, unless set otherwise.
pub const DEFAULT_MAX_PAGES: usize = 1000;

impl Config {
    /// A configuration for `base_url` (absolute `http`/`https`, no user info, query or fragment; a
    /// trailing `/` is dropped), without default headers or credentials. Credentials go through
    /// [`set_credential`](Config::set_credential), never the URL.
    pub fn new(base_url: &str) -> Result<Self, ConfigError> {
        Ok(Self {
            base_url: validate_base_url(base_url)?,
            default_headers: HeaderMap::new(),
            credentials: Credentials::new(),
            timeout: None,
            max_event_bytes: DEFAULT_MAX_EVENT_BYTES,
            max_pages: DEFAULT_MAX_PAGES,
        })
    }

    /// How many pages the paginated methods fetch at most before they stop with
    /// [`PaginationError::TooManyPages`](crate::PaginationError::TooManyPages).
    pub fn max_pages(&self) -> usize {
        self.max_pages
    }

    /// Sets how many pages the paginated methods fetch at most ([`DEFAULT_MAX_PAGES`] unless set).
    pub fn set_max_pages(&mut self, max_pages: usize) {
        self.max_pages = max_pages;
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url.text
    }

    /// The headers sent with every request unless the request sets the same name.
    pub fn default_headers(&self) -> &HeaderMap {
        &self.default_headers
    }

    /// Sets (replaces) a default header; refuses invalid names and values holding CR, LF or other controls.
    /// Values of secret-bearing names ([`is_sensitive_name`](crate::is_sensitive_name)) are marked sensitive.
    pub fn set_default_header(&mut self, name: &str, value: &str) -> Result<(), ConfigError> {
        let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
            ConfigError::InvalidHeaderName {
                name: name.to_owned(),
            }
        })?;
        let mut value = HeaderValue::from_bytes(value.as_bytes()).map_err(|_| {
            ConfigError::InvalidHeaderValue {
                name: name.to_owned(),
            }
        })?;
        value.set_sensitive(is_sensitive_name(name));
        self.default_headers.insert(header, value);
        Ok(())
    }

    /// Sets the credential for the security scheme named `scheme` (its `components.securitySchemes` key).
    pub fn set_credential(&mut self, scheme: &str, credential: Credential) {
        self.credentials
            .insert(scheme.to_owned(), Held::new(credential));
    }

    /// Forgets the credential for `scheme`, returning it.
    pub fn remove_credential(&mut self, scheme: &str) -> Option<Credential> {
        self.credentials.remove(scheme).map(Held::into_credential)
    }

    /// Puts a [`RequestTimeout`] of `timeout` on every request (`None`: no timeout of the client's own).
    pub fn set_timeout(&mut self, timeout: Option<Duration>) {
        self.timeout = timeout.map(RequestTimeout);
    }

    /// The largest server-sent event a generated streaming method accepts; a longer one ends
    /// the stream with an error instead of growing without bound.
    pub fn max_event_bytes(&self) -> usize {
        self.max_event_bytes
    }

    /// Sets [`max_event_bytes`](Config::max_event_bytes).
    pub fn set_max_event_bytes(&mut self, limit: usize) {
        self.max_event_bytes = limit;
    }

    /// Starts a request for `method` on `path_template` (e.g. `/admin/identities/{id}`).
    pub fn request(&self, method: Method, path_template: &str) -> RequestBuilder<'_> {
        RequestBuilder::new(&self.credentials, method, path_template)
    }

    /// Starts a request for a described operation; the request carries `operation` in its extensions.
    pub fn operation(&self, operation: OperationInfo, method: Method) -> RequestBuilder<'_> {
        RequestBuilder::for_operation(&self.credentials, operation, method)
    }

    /// The finished `http::Request`: base URL, path, query, headers, then default headers, and
    /// the client's timeout.
    pub fn build(&self, request: RequestBuilder<'_>) -> Result<http::Request<Bytes>, EncodeError> {
        let mut request = request.into_request(&self.base_url, &self.default_headers)?;
        if let Some(timeout) = self.timeout {
            request.extensions_mut().insert(timeout);
        }
        Ok(request)
    }
}

/// A validated base URL, split once into the parts that every request's URI reuses.
#[derive(Clone, Debug)]
pub(crate) struct BaseUrl {
    /// The URL, without a trailing `/`.
    text: String,
    scheme: Scheme,
    authority: Authority,
    /// The path, without a trailing `/` (empty for none).
    path: String,
}

impl BaseUrl {
    /// The URI of `path` (a path template filled in, unencoded literal text) with the encoded
    /// `query`. A path that needs no encoding, alone on a base URL without a path, is used as it
    /// is: without a copy.
    pub(crate) fn join(&self, path: Cow<'static, str>, query: &str) -> Result<Uri, EncodeError> {
        let alone = self.path.is_empty()
            && query.is_empty()
            && path.starts_with('/')
            && is_plain_path_text(&path);
        let bytes = match path {
            Cow::Borrowed(path) if alone => Bytes::from_static(path.as_bytes()),
            Cow::Owned(path) if alone => Bytes::from(path),
            path => Bytes::from(joined(&self.path, &path, query)),
        };
        let path_and_query =
            PathAndQuery::from_maybe_shared(bytes).map_err(EncodeError::InvalidUri)?;
        let mut parts = http::uri::Parts::default();
        parts.scheme = Some(self.scheme.clone());
        parts.authority = Some(self.authority.clone());
        parts.path_and_query = Some(path_and_query);
        Uri::from_parts(parts).map_err(EncodeError::InvalidUriParts)
    }
}

/// `prefix`, `path` with its literal text encoded, then the encoded `query`.
fn joined(prefix: &str, path: &str, query: &str) -> String {
    let slash = !path.starts_with('/');
    let query_len = if query.is_empty() { 0 } else { 1 + query.len() };
    // Exact unless the path needs encoding: the bytes are then used without another copy.
    let mut text =
        String::with_capacity(prefix.len() + usize::from(slash) + path.len() + query_len);
    text.push_str(prefix);
    if slash {
        text.push('/');
    }
    push_path_text(&mut text, path);
    if !query.is_empty() {
        text.push('?');
        text.push_str(query);
    }
    text
}

/// The parts of `url` if it is a base URL a client accepts.
pub(crate) fn validate_base_url(url: &str) -> Result<BaseUrl, ConfigError> {
    let refuse = |reason| ConfigError::InvalidBaseUrl {
        url: without_user_info(url),
        reason,
    };
    if url.contains(['?', '#']) {
        return Err(refuse("it must not have a query or fragment"));
    }
    let uri = http::Uri::try_from(url).map_err(|_| refuse("it is not a valid URI"))?;
    match uri.scheme_str() {
        Some(s) if s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https") => {}
        Some(_) => return Err(refuse("the scheme must be http or https")),
        None => return Err(refuse("it must be absolute (http:// or https://)")),
    }
    match uri.host() {
        Some(host) if !host.is_empty() => {}
        _ => return Err(refuse("it has no host")),
    }
    if uri.authority().is_some_and(|a| a.as_str().contains('@')) {
        return Err(refuse("it must not hold user info; use `set_credential`"));
    }
    let parts = uri.into_parts();
    let (Some(scheme), Some(authority)) = (parts.scheme, parts.authority) else {
        return Err(refuse("it must be absolute (http:// or https://)"));
    };
    let path = parts.path_and_query.as_ref().map_or("", |p| p.path());
    Ok(BaseUrl {
        text: url.trim_end_matches('/').to_owned(),
        scheme,
        authority,
        path: path.trim_end_matches('/').to_owned(),
    })
}

/// `url` with anything before an `@` in its authority replaced by `<redacted>`, for error messages.
fn without_user_info(url: &str) -> String {
    let start = url.find("://").map_or(0, |i| i + 3);
    let authority_end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| start + i);
    match url[start..authority_end].rfind('@') {
        Some(at) => format!("{}<redacted>{}", &url[..start], &url[start + at..]),
        None => url.to_owned(),
    }
}
