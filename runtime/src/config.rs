//! `Config`: what every request of a client shares (base URL, default headers, credentials), and
//! the building of requests from it. Nothing here depends on the transport, so generated code
//! that builds requests is compiled once, not once per transport type.

use std::time::Duration;

use bytes::Bytes;
use http::header::{HeaderName, HeaderValue};
use http::{HeaderMap, Method};

use crate::error::{ConfigError, EncodeError};
use crate::request::RequestBuilder;
use crate::security::{is_sensitive_name, Credential, Credentials};
use crate::transport::{OperationInfo, RequestTimeout};

/// Base URL, default headers, credentials and timeout of a client; `Debug` redacts credentials.
#[derive(Clone, Debug)]
pub struct Config {
    base_url: String,
    default_headers: HeaderMap,
    credentials: Credentials,
    timeout: Option<RequestTimeout>,
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
        &self.base_url
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
        self.credentials.insert(scheme.to_owned(), credential);
    }

    /// Forgets the credential for `scheme`, returning it.
    pub fn remove_credential(&mut self, scheme: &str) -> Option<Credential> {
        self.credentials.remove(scheme)
    }

    /// Puts a [`RequestTimeout`] of `timeout` on every request (`None`: no timeout of the client's own).
    pub fn set_timeout(&mut self, timeout: Option<Duration>) {
        self.timeout = timeout.map(RequestTimeout);
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

fn validate_base_url(url: &str) -> Result<String, ConfigError> {
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
    Ok(url.trim_end_matches('/').to_owned())
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
