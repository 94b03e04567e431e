//! `RequestBuilder`: what generated operation code fills in before `Client::send`.
//!
//! Each step records the first error instead of returning it; `Client::send` then
//! fails with `Error::InvalidRequest` and nothing is sent.

use std::borrow::Cow;

use bytes::Bytes;
use http::header::{HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE};
use http::{HeaderMap, Method};
use percent_encoding::percent_decode_str;
use serde::Serialize;
use serde_json::Value;

use crate::config::BaseUrl;
use crate::error::EncodeError;
use crate::security::{self, is_sensitive_name, AuthPart, Credentials, Redacted, SecurityScheme};
use crate::transport::OperationInfo;
pub use encode::ParamStyle;
pub(crate) use encode::{is_plain_path_text, push_path_text};
pub use header_key::HeaderKey;
use redact::Secrets;
pub use redact::{attach_query_credentials, redacted_uri};
pub(crate) use redact::{drop_credential_named_params, QueryCredentials, SentSecrets};
use shape::{Shape, Stop};

#[macro_use]
mod ser_macros;
mod encode;
mod form;
mod header_key;
mod multipart;
mod multipart_fields;
mod redact;
mod shape;

/// A request being assembled: path parameters, query, headers, cookies, body and credentials.
///
/// `Debug` shows no secret: cookies and the values of credential query parameters print as
/// `<redacted>`, and secret-bearing headers as `Sensitive`. Parameters whose name says they carry
/// a secret ([`is_sensitive_name`](crate::is_sensitive_name)) are treated like credentials.
#[derive(Debug)]
pub struct RequestBuilder<'a> {
    credentials: &'a Credentials,
    method: Method,
    /// The path template; borrowed for described operations, whose template is static.
    template: Cow<'static, str>,
    /// The template with the parameters given so far; `None` until the first one.
    path: Option<String>,
    /// The encoded `name=value` pieces of the query but its credentials, joined by `&`.
    query: String,
    /// The pieces that carry credentials, which the URI gets only when sent.
    query_credentials: QueryCredentials,
    headers: HeaderMap,
    cookies: Redacted<Vec<String>>,
    secrets: Redacted<Vec<String>>,
    body: Option<Bytes>,
    operation: Option<OperationInfo>,
    error: Option<EncodeError>,
}

impl<'a> RequestBuilder<'a> {
    /// A builder for `method` on `path_template`, drawing credentials from `credentials`.
    pub(crate) fn new(credentials: &'a Credentials, method: Method, path_template: &str) -> Self {
        Self::with_template(credentials, method, Cow::Owned(path_template.to_owned()))
    }

    fn with_template(
        credentials: &'a Credentials,
        method: Method,
        template: Cow<'static, str>,
    ) -> Self {
        Self {
            credentials,
            method,
            template,
            path: None,
            query: String::new(),
            query_credentials: QueryCredentials::new(),
            headers: HeaderMap::new(),
            cookies: Redacted(Vec::new()),
            secrets: Redacted(Vec::new()),
            body: None,
            operation: None,
            error: None,
        }
    }

    /// A builder for `operation`, whose info the request carries in its extensions.
    pub(crate) fn for_operation(
        credentials: &'a Credentials,
        operation: OperationInfo,
        method: Method,
    ) -> Self {
        let mut builder =
            Self::with_template(credentials, method, Cow::Borrowed(operation.path_template));
        builder.operation = Some(operation);
        builder
    }

    /// The first error a step recorded, if any.
    pub fn error(&self) -> Option<&EncodeError> {
        self.error.as_ref()
    }

    /// Replaces `{name}` in the path with `value`, percent-encoding all but unreserved characters.
    ///
    /// A value that makes a whole segment `.`, `..` or empty is refused when the request is
    /// built ([`EncodeError::UnsafePathSegment`]), as it would call another endpoint.
    pub fn path_param<V: Serialize + ?Sized>(&mut self, name: &str, value: &V, style: ParamStyle) {
        let Some(value) = self.shape(name, value) else {
            return;
        };
        let current = self.path.as_deref().unwrap_or(&self.template);
        let Some(mut at) = placeholder_at(current, name, 0) else {
            return self.fail(EncodeError::UnknownPathParameter {
                name: name.to_owned(),
            });
        };
        let text = match encode::path_value(name, &value, style) {
            Ok(text) => text,
            Err(e) => return self.fail(e),
        };
        let current = self.path.as_deref().unwrap_or(&self.template);
        let placeholder = name.len() + 2;
        let mut filled = String::with_capacity(current.len() - placeholder + text.len());
        let mut done = 0;
        // Every occurrence, as a template may name a parameter twice.
        loop {
            filled.push_str(&current[done..at]);
            filled.push_str(&text);
            done = at + placeholder;
            match placeholder_at(current, name, done) {
                Some(next) => at = next,
                None => break,
            }
        }
        filled.push_str(&current[done..]);
        self.path = Some(filled);
    }

    /// Adds a query parameter in `style`; null is omitted. The value of one whose name says it
    /// carries a secret ([`is_sensitive_name`](crate::is_sensitive_name)) is redacted like a credential.
    pub fn query<V: Serialize + ?Sized>(&mut self, name: &str, value: &V, style: ParamStyle) {
        // Only serializing depends on the value's type; the rest is compiled once.
        match style {
            ParamStyle::DeepObject => {
                if let Some(value) = self.serialize(name, value) {
                    let pieces = encode::deep_object_pairs(name, &value);
                    self.push_query(pieces, is_sensitive_name(name));
                }
            }
            style => {
                if let Some(shape) = self.shape(name, value) {
                    self.query_shape(name, &shape, style);
                }
            }
        }
    }

    /// Adds a query parameter read into its [`Shape`].
    fn query_shape(&mut self, name: &str, shape: &Shape, style: ParamStyle) {
        let encoded = match shape {
            Shape::Absent => Ok(()),
            _ if is_sensitive_name(name) => {
                let mut pieces = Vec::new();
                let encoded = encode::query_pairs(name, shape, style, &mut pieces);
                if encoded.is_ok() {
                    self.push_query(pieces, true);
                }
                encoded
            }
            // Written straight into the query.
            _ => encode::query_pairs(name, shape, style, &mut self.query),
        };
        if let Err(e) = encoded {
            self.fail(e);
        }
    }

    /// Sets a header (simple style: arrays comma-joined); null is omitted, CR/LF is an error.
    /// Values of secret-bearing names ([`is_sensitive_name`](crate::is_sensitive_name)) are marked sensitive.
    pub fn header<V: Serialize + ?Sized>(&mut self, name: &str, value: &V) {
        let Some(value) = self.shape(name, value) else {
            return;
        };
        let Some(text) = encode::header_value(value) else {
            // Nothing is sent, but a name no header can have is still an error.
            if !encode::is_token(name) {
                self.fail(EncodeError::InvalidHeaderName {
                    name: name.to_owned(),
                });
            }
            return;
        };
        let Some(name) = self.header_name(name) else {
            return;
        };
        let sensitive = is_sensitive_name(name.as_str());
        self.set_header_text(name, text, sensitive);
    }

    /// Like [`Self::header`], for a header whose name was checked when the client was compiled:
    /// what generated code calls, with the key made in a `const` block.
    pub fn header_key<V: Serialize + ?Sized>(&mut self, key: HeaderKey, value: &V) {
        let Some(value) = self.shape(key.name.as_str(), value) else {
            return;
        };
        if let Some(text) = encode::header_value(value) {
            self.set_header_text(key.name, text, key.sensitive);
        }
    }

    /// Adds a cookie (form style, percent-encoding what a cookie cannot hold); null is omitted.
    pub fn cookie<V: Serialize + ?Sized>(&mut self, name: &str, value: &V) {
        let Some(value) = self.shape(name, value) else {
            return;
        };
        if !encode::is_token(name) {
            return self.fail(EncodeError::InvalidCookieName {
                name: name.to_owned(),
            });
        }
        if let Some(text) = encode::cookie_value(value) {
            if is_sensitive_name(name) {
                self.secrets.0.push(text.clone());
            }
            self.cookies.0.push(format!("{name}={text}"));
        }
    }

    /// Sets the `Accept` header.
    pub fn accept(&mut self, media_types: &str) {
        self.set_header(ACCEPT, text_value(media_types), false);
    }

    /// Sets a JSON body with `content_type` (e.g. `application/merge-patch+json`); null sends no body.
    pub fn json<V: Serialize + ?Sized>(&mut self, body: &V, content_type: &str) {
        self.json_bytes(serde_json::to_vec(body), content_type);
    }

    /// The work of [`Self::json`] after serializing, compiled once rather than per body type.
    fn json_bytes(&mut self, encoded: Result<Vec<u8>, serde_json::Error>, content_type: &str) {
        match encoded {
            Ok(bytes) if bytes == b"null" => {}
            Ok(bytes) => self.set_body(bytes.into(), content_type),
            Err(source) => self.fail(EncodeError::Serialize {
                name: "body".to_owned(),
                source,
            }),
        }
    }

    /// Sets an `application/x-www-form-urlencoded` body from an object; nested objects use dotted keys.
    pub fn form<V: Serialize + ?Sized>(&mut self, body: &V) {
        let Some(value) = self.serialize("body", body) else {
            return;
        };
        match form::encode(&value) {
            Ok(Some(text)) => self.set_body(text.into(), "application/x-www-form-urlencoded"),
            Ok(None) => {}
            Err(e) => self.fail(e),
        }
    }

    /// Sets a `multipart/form-data` body from an object, one part per property (arrays: per item);
    /// binary properties (`Bytes`) are sent as file parts.
    pub fn multipart<V: Serialize + ?Sized>(&mut self, body: &V) {
        match multipart_fields::fields(body) {
            Ok(Some(fields)) => {
                let m = multipart::encode(fields);
                let content_type = format!("multipart/form-data; boundary={}", m.boundary);
                self.set_body(m.body.into(), &content_type);
            }
            Ok(None) => {}
            Err(Stop::Early) => self.fail(EncodeError::BodyNotObject { kind: "multipart" }),
            Err(Stop::Json(source)) => self.fail(EncodeError::Serialize {
                name: "body".to_owned(),
                source,
            }),
        }
    }

    /// Sets a text body with `content_type`; `None` sends no body.
    pub fn text(&mut self, body: Option<&str>, content_type: &str) {
        if let Some(text) = body {
            self.set_body(Bytes::copy_from_slice(text.as_bytes()), content_type);
        }
    }

    /// Sets a binary body with `content_type`; `None` sends no body.
    pub fn bytes(&mut self, body: Option<&[u8]>, content_type: &str) {
        if let Some(bytes) = body {
            self.set_body(Bytes::copy_from_slice(bytes), content_type);
        }
    }

    /// Applies the first security alternative the client holds credentials for; none usable sends none.
    ///
    /// Header values were made, and marked sensitive, when the credential was set; the client
    /// takes them from the request to scrub transport errors.
    pub fn security(&mut self, alternatives: &[&[SecurityScheme]]) {
        let credentials = self.credentials;
        for part in security::select(alternatives, credentials) {
            match part {
                // The value is `None` when no header can hold the credential.
                AuthPart::Authorization(value) => {
                    self.set_header(AUTHORIZATION, value.cloned(), true);
                }
                AuthPart::Header(name, value) => {
                    if let Some(name) = self.header_name(name) {
                        self.set_header(name, value.cloned(), true);
                    }
                }
                AuthPart::Query(name, value) => {
                    self.push_query_credential(encode::query_piece(name, value));
                }
                AuthPart::Cookie(name, value) => {
                    if !encode::is_token(name) {
                        self.fail(EncodeError::InvalidCookieName {
                            name: name.to_owned(),
                        });
                    } else if !encode::is_cookie_octets(value) {
                        self.fail(EncodeError::InvalidCookieValue {
                            name: name.to_owned(),
                        });
                    } else {
                        self.secrets.0.push(value.to_owned());
                        self.cookies.0.push(format!("{name}={value}"));
                    }
                }
            }
        }
    }

    /// The finished request: `base_url` + path + query, explicit headers, then `defaults` for names
    /// not set. Query parameters that carry credentials stay out of the URI, in the request's
    /// extensions, until a transport calls [`attach_query_credentials`].
    pub(crate) fn into_request(
        self,
        base: &BaseUrl,
        defaults: &HeaderMap,
    ) -> Result<http::Request<Bytes>, EncodeError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let path = self.path.as_deref().unwrap_or(&self.template);
        if let Some(start) = path.bytes().position(|b| b == b'{') {
            let rest = &path[start + 1..];
            let name = rest.split('}').next().unwrap_or(rest);
            return Err(EncodeError::MissingPathParameter {
                name: name.to_owned(),
            });
        }
        if self.path.is_some() {
            refuse_unsafe_segments(&self.template, path)?;
        }
        let path = self.path.map_or(self.template, Cow::Owned);
        let uri = base.join(path, &self.query)?;

        let mut headers = self.headers;
        if !self.cookies.0.is_empty() {
            let mut value = HeaderValue::from_str(&self.cookies.0.join("; ")).map_err(|_| {
                EncodeError::InvalidHeaderValue {
                    name: COOKIE.to_string(),
                }
            })?;
            value.set_sensitive(true);
            headers.insert(COOKIE, value);
        }
        for name in defaults.keys() {
            if !headers.contains_key(name) {
                for value in defaults.get_all(name) {
                    headers.append(name.clone(), value.clone());
                }
            }
        }

        let mut request = http::Request::new(self.body.unwrap_or_default());
        *request.method_mut() = self.method;
        *request.uri_mut() = uri;
        *request.headers_mut() = headers;
        if let Some(operation) = self.operation {
            request.extensions_mut().insert(operation);
        }
        if !self.query_credentials.is_empty() {
            request.extensions_mut().insert(self.query_credentials);
        }
        if !self.secrets.0.is_empty() {
            request.extensions_mut().insert(Secrets(self.secrets));
        }
        Ok(request)
    }

    /// Adds the encoded `name=value` pieces of one parameter: to the query, or, for a `secret`
    /// one (its name says it carries a secret), to its credentials.
    fn push_query(&mut self, pieces: Vec<String>, secret: bool) {
        if secret {
            pieces
                .into_iter()
                .for_each(|piece| self.push_query_credential(piece));
            return;
        }
        for piece in pieces {
            if !self.query.is_empty() {
                self.query.push('&');
            }
            self.query.push_str(&piece);
        }
    }

    /// Adds an encoded `name=value` piece that carries a credential; its value, encoded and
    /// decoded, is also kept for scrubbing errors.
    fn push_query_credential(&mut self, piece: String) {
        let value = piece.split_once('=').map_or("", |(_, value)| value);
        let decoded = percent_decode_str(value).decode_utf8_lossy().into_owned();
        self.secrets.0.extend([value.to_owned(), decoded]);
        self.query_credentials.push(piece);
    }

    fn fail(&mut self, error: EncodeError) {
        self.error.get_or_insert(error);
    }

    fn serialize<V: Serialize + ?Sized>(&mut self, name: &str, value: &V) -> Option<Value> {
        self.serialized(name, serde_json::to_value(value))
    }

    /// A parameter value read straight into the shape the styles use (no JSON tree).
    fn shape<V: Serialize + ?Sized>(&mut self, name: &str, value: &V) -> Option<Shape> {
        self.serialized(name, Shape::of(value))
    }

    /// The value, or `None` after recording its serialization error.
    fn serialized<T>(&mut self, name: &str, result: Result<T, serde_json::Error>) -> Option<T> {
        result
            .map_err(|source| {
                self.fail(EncodeError::Serialize {
                    name: name.to_owned(),
                    source,
                })
            })
            .ok()
    }

    fn header_name(&mut self, name: &str) -> Option<HeaderName> {
        HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| {
                self.fail(EncodeError::InvalidHeaderName {
                    name: name.to_owned(),
                })
            })
            .ok()
    }

    /// Sets a header, marked sensitive or not; `None`, a value no header can hold, is an error.
    fn set_header(&mut self, name: HeaderName, value: Option<HeaderValue>, sensitive: bool) {
        match value {
            Some(mut value) => {
                value.set_sensitive(sensitive);
                self.headers.insert(name, value);
            }
            None => self.fail(EncodeError::InvalidHeaderValue {
                name: name.to_string(),
            }),
        }
    }

    /// Sets a header to `text`, whose bytes become the value's, uncopied.
    fn set_header_text(&mut self, name: HeaderName, text: String, sensitive: bool) {
        let value = HeaderValue::from_maybe_shared(Bytes::from(text)).ok();
        self.set_header(name, value, sensitive);
    }

    fn set_body(&mut self, body: Bytes, content_type: &str) {
        self.body = Some(body);
        self.set_header(CONTENT_TYPE, text_value(content_type), false);
    }
}

/// `text` as a header value (`None` if no header can hold it); the usual JSON media type is not copied.
fn text_value(text: &str) -> Option<HeaderValue> {
    match text {
        "application/json" => Some(HeaderValue::from_static("application/json")),
        text => HeaderValue::from_str(text).ok(),
    }
}

/// Refuses a path whose parameter made a whole segment `.`, `..` or empty.
///
/// Such a segment changes which endpoint is called: `..` removes the segment before it and `.`
/// or an empty segment is dropped or merged by URL parsers and servers. Percent-encoding cannot
/// help, as WHATWG URL parsing (reqwest, browsers) reads `%2E%2E` as `..` and many servers decode
/// paths before routing. Values never hold a raw `/`, so template and path have the same segments.
fn refuse_unsafe_segments(template: &str, path: &str) -> Result<(), EncodeError> {
    let template_segments = template.as_bytes().split(|&b| b == b'/');
    for (template_segment, segment) in template_segments.zip(path.as_bytes().split(|&b| b == b'/'))
    {
        let Some(start) = template_segment.iter().position(|&b| b == b'{') else {
            continue;
        };
        if matches!(segment, b"" | b"." | b"..") {
            let rest = &template_segment[start + 1..];
            let name = rest.split(|&b| b == b'}').next().unwrap_or(rest);
            return Err(EncodeError::UnsafePathSegment {
                name: String::from_utf8_lossy(name).into_owned(),
                segment: String::from_utf8_lossy(segment).into_owned(),
            });
        }
    }
    Ok(())
}

/// Where the placeholder `{name}` starts in `path`, from byte `from` on.
fn placeholder_at(path: &str, name: &str, mut from: usize) -> Option<usize> {
    while let Some(offset) = path.get(from..)?.find('{') {
        let at = from + offset;
        let rest = &path.as_bytes()[at + 1..];
        if rest.starts_with(name.as_bytes()) && rest.get(name.len()) == Some(&b'}') {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use serde::Serialize;
    use serde_json::json;

    use super::*;
    use crate::security::{Credential, Held, SchemeKind};

    const FORM: ParamStyle = ParamStyle::Form { explode: true };
    const BASE: &str = "https://api.example.com/v1";
    static NO_CREDENTIALS: Credentials = Credentials::new();

    fn base(url: &str) -> BaseUrl {
        crate::config::validate_base_url(url).unwrap()
    }

    fn build(f: impl FnOnce(&mut RequestBuilder<'_>)) -> Result<http::Request<Bytes>, EncodeError> {
        build_with(&NO_CREDENTIALS, &HeaderMap::new(), f)
    }

    fn build_with(
        credentials: &Credentials,
        defaults: &HeaderMap,
        f: impl FnOnce(&mut RequestBuilder<'_>),
    ) -> Result<http::Request<Bytes>, EncodeError> {
        let mut rb = RequestBuilder::new(credentials, Method::POST, "/admin/identities/{id}");
        f(&mut rb);
        rb.into_request(&base(BASE), defaults)
    }

    #[test]
    fn path_and_query_make_the_uri() {
        let req = build(|rb| {
            rb.path_param("id", "a/b c%", ParamStyle::Simple);
            rb.query("page_size", &Some(10), FORM);
            rb.query("ids", &["x", "y"], FORM);
            rb.query("missing", &None::<u8>, FORM);
        })
        .unwrap();
        assert_eq!(req.method(), Method::POST);
        assert_eq!(
            req.uri(),
            "https://api.example.com/v1/admin/identities/a%2Fb%20c%25?page_size=10&ids=x&ids=y"
        );
        assert!(req.body().is_empty());
    }

    #[test]
    fn date_times_and_uuids_encode_safely() {
        let since = chrono::DateTime::parse_from_rfc3339("2024-01-02T03:04:05+02:00").unwrap();
        let id = uuid::Uuid::nil();
        let req = build(|rb| {
            rb.path_param("id", &id, ParamStyle::Simple);
            rb.query("since", &since, FORM);
        })
        .unwrap();
        assert_eq!(
            req.uri().path_and_query().unwrap(),
            "/v1/admin/identities/00000000-0000-0000-0000-000000000000?since=2024-01-02T03%3A04%3A05%2B02%3A00"
        );
    }

    #[test]
    fn path_params_must_be_given_and_known() {
        let missing = build(|_| {}).unwrap_err();
        assert!(matches!(missing, EncodeError::MissingPathParameter { name } if name == "id"));
        let null =
            build(|rb| rb.path_param("id", &None::<String>, ParamStyle::Simple)).unwrap_err();
        assert!(matches!(null, EncodeError::MissingPathParameter { .. }));
        let unknown = build(|rb| rb.path_param("idd", "x", ParamStyle::Simple)).unwrap_err();
        assert!(matches!(unknown, EncodeError::UnknownPathParameter { name } if name == "idd"));
        let prefix = build(|rb| rb.path_param("i", "x", ParamStyle::Simple)).unwrap_err();
        assert!(matches!(prefix, EncodeError::UnknownPathParameter { name } if name == "i"));
    }

    #[test]
    fn every_occurrence_of_a_placeholder_is_filled() {
        let mut rb = RequestBuilder::new(&NO_CREDENTIALS, Method::GET, "/{id}/{ids}/{id}{id}");
        rb.path_param("id", "{id}", ParamStyle::Simple);
        rb.path_param("ids", "a b", ParamStyle::Simple);
        let request = rb.into_request(&base(BASE), &HeaderMap::new()).unwrap();
        assert_eq!(request.uri().path(), "/v1/%7Bid%7D/a%20b/%7Bid%7D%7Bid%7D");
    }

    #[test]
    fn dot_and_empty_segments_are_refused() {
        let template = |t: &'static str, value: &'static str, style| {
            let mut rb = RequestBuilder::new(&NO_CREDENTIALS, Method::POST, t);
            rb.path_param("id", value, style);
            rb.into_request(&base(BASE), &HeaderMap::new())
        };
        let simple = ParamStyle::Simple;
        let label = ParamStyle::Label { explode: false };
        for (t, value, style, segment) in [
            ("/items/{id}/delete", "..", simple, ".."),
            ("/items/{id}/delete", ".", simple, "."),
            ("/items/{id}/delete", "", simple, ""),
            ("/items/{id}", "", simple, ""),
            ("/items/{id}", ".", label, ".."),
            ("/items/{id}", "", label, "."),
        ] {
            let err = template(t, value, style).unwrap_err();
            assert!(
                matches!(&err, EncodeError::UnsafePathSegment { name, segment: s } if name == "id" && s == segment),
                "{t} {value:?}: {err:?}"
            );
        }
        for (t, value, uri) in [
            ("/items/{id}/delete", "...", "/items/.../delete"),
            ("/items/{id}/delete", ".x", "/items/.x/delete"),
            ("/items/{id}.json", "..", "/items/...json"),
            ("/items/x{id}", "", "/items/x"),
            ("/items/{id}/delete", "../admin", "/items/..%2Fadmin/delete"),
            ("/items/{id}/delete", "%2E%2E", "/items/%252E%252E/delete"),
        ] {
            let req = template(t, value, simple).unwrap();
            assert_eq!(req.uri().path(), format!("/v1{uri}"), "{t} {value:?}");
        }
    }

    #[test]
    fn the_first_error_is_kept() {
        let mut rb = RequestBuilder::new(&NO_CREDENTIALS, Method::GET, "/x");
        rb.header("bad name", "v");
        rb.header("x-ok", "a\r\nb");
        assert!(matches!(
            rb.error(),
            Some(EncodeError::InvalidHeaderName { .. })
        ));
    }

    #[test]
    fn headers_refuse_cr_lf_and_join_arrays() {
        let err = build(|rb| {
            rb.path_param("id", "1", ParamStyle::Simple);
            rb.header("X-Evil", "a\r\nSet-Cookie: x=1");
        })
        .unwrap_err();
        assert!(matches!(err, EncodeError::InvalidHeaderValue { name } if name == "x-evil"));
        let lf = build(|rb| rb.header("x-a", "a\nb")).unwrap_err();
        assert!(matches!(lf, EncodeError::InvalidHeaderValue { .. }));

        let req = build(|rb| {
            rb.path_param("id", "1", ParamStyle::Simple);
            rb.header("X-List", &[1, 2, 3]);
            rb.header("X-None", &None::<&str>);
            rb.accept("application/json");
        })
        .unwrap();
        assert_eq!(req.headers()["x-list"], "1,2,3");
        assert_eq!(req.headers()["accept"], "application/json");
        assert!(!req.headers().contains_key("x-none"));
    }

    #[test]
    fn cookies_join_into_one_header() {
        let req = build(|rb| {
            rb.path_param("id", "1", ParamStyle::Simple);
            rb.cookie("a", &1);
            rb.cookie("b", "x y");
            rb.cookie("c", &None::<u8>);
            rb.cookie("d", &["p", "q"]);
        })
        .unwrap();
        assert_eq!(req.headers().get_all(COOKIE).iter().count(), 1);
        assert_eq!(req.headers()[COOKIE], "a=1; b=x%20y; d=p,q");
        let bad = build(|rb| rb.cookie("a;b", "v")).unwrap_err();
        assert!(matches!(bad, EncodeError::InvalidCookieName { .. }));
    }

    #[test]
    fn default_headers_fill_in_and_explicit_ones_win() {
        let mut defaults = HeaderMap::new();
        defaults.insert("x-tenant", HeaderValue::from_static("default"));
        defaults.append("x-multi", HeaderValue::from_static("1"));
        defaults.append("x-multi", HeaderValue::from_static("2"));
        defaults.insert("user-agent", HeaderValue::from_static("apiforge"));
        let req = build_with(&NO_CREDENTIALS, &defaults, |rb| {
            rb.path_param("id", "1", ParamStyle::Simple);
            rb.header("X-Tenant", "explicit");
        })
        .unwrap();
        assert_eq!(
            req.headers().get_all("x-tenant").iter().collect::<Vec<_>>(),
            ["explicit"]
        );
        assert_eq!(req.headers().get_all("x-multi").iter().count(), 2);
        assert_eq!(req.headers()["user-agent"], "apiforge");
    }

    #[test]
    fn json_bodies() {
        let req = build(|rb| {
            rb.path_param("id", "1", ParamStyle::Simple);
            rb.json(
                &json!({"b": 1, "a": [true]}),
                "application/merge-patch+json",
            );
        })
        .unwrap();
        assert_eq!(req.headers()[CONTENT_TYPE], "application/merge-patch+json");
        assert_eq!(req.body(), r#"{"b":1,"a":[true]}"#);

        let none = build(|rb| {
            rb.path_param("id", "1", ParamStyle::Simple);
            rb.json(&None::<u32>, "application/json");
        })
        .unwrap();
        assert!(none.body().is_empty());
        assert!(!none.headers().contains_key(CONTENT_TYPE));
    }

    #[test]
    fn unserializable_values_are_errors() {
        let mut map = std::collections::HashMap::new();
        map.insert((1, 2), 3);
        let err = build(|rb| rb.json(&map, "application/json")).unwrap_err();
        assert!(matches!(err, EncodeError::Serialize { name, .. } if name == "body"));
        let err = build(|rb| rb.query("m", &map, FORM)).unwrap_err();
        assert!(matches!(err, EncodeError::Serialize { name, .. } if name == "m"));
    }

    #[derive(Serialize)]
    struct Registration<'a> {
        method: &'a str,
        traits: Traits<'a>,
        #[serde(skip_serializing_if = "Option::is_none")]
        code: Option<&'a str>,
    }

    #[derive(Serialize)]
    struct Traits<'a> {
        email: &'a str,
    }

    #[test]
    fn form_bodies() {
        let body = Registration {
            method: "password",
            traits: Traits { email: "a+b@c.d" },
            code: None,
        };
        let req = build(|rb| {
            rb.path_param("id", "1", ParamStyle::Simple);
            rb.form(&body);
        })
        .unwrap();
        assert_eq!(
            req.headers()[CONTENT_TYPE],
            "application/x-www-form-urlencoded"
        );
        assert_eq!(req.body(), "method=password&traits.email=a%2Bb%40c.d");
        let err = build(|rb| rb.form(&[1, 2])).unwrap_err();
        assert!(matches!(err, EncodeError::BodyNotObject { kind: "form" }));
    }

    #[test]
    fn multipart_bodies_name_their_boundary() {
        let req = build(|rb| {
            rb.path_param("id", "1", ParamStyle::Simple);
            rb.multipart(&json!({"file": "contents"}));
        })
        .unwrap();
        let content_type = req.headers()[CONTENT_TYPE].to_str().unwrap();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        let body = std::str::from_utf8(req.body()).unwrap();
        assert!(body.starts_with(&format!("--{boundary}\r\n")));
        assert!(body.ends_with(&format!("--{boundary}--\r\n")));
    }

    #[test]
    fn text_and_byte_bodies() {
        let req = build(|rb| {
            rb.path_param("id", "1", ParamStyle::Simple);
            rb.text(Some("hi"), "text/plain; charset=utf-8");
        })
        .unwrap();
        assert_eq!(req.body(), "hi");
        assert_eq!(req.headers()[CONTENT_TYPE], "text/plain; charset=utf-8");
        let req = build(|rb| {
            rb.path_param("id", "1", ParamStyle::Simple);
            rb.bytes(Some(&[0, 255]), "application/octet-stream");
        })
        .unwrap();
        assert_eq!(req.body().as_ref(), [0, 255]);
        let none = build(|rb| {
            rb.path_param("id", "1", ParamStyle::Simple);
            rb.bytes(None, "application/octet-stream");
            rb.text(None, "text/plain");
        })
        .unwrap();
        assert!(none.body().is_empty());
        assert!(!none.headers().contains_key(CONTENT_TYPE));
        let bad = build(|rb| rb.text(Some("x"), "text/plain\r\nx: y")).unwrap_err();
        assert!(matches!(bad, EncodeError::InvalidHeaderValue { .. }));
    }

    const BEARER: SecurityScheme = SecurityScheme::new("oryAccessToken", SchemeKind::Bearer);
    const SESSION: SecurityScheme =
        SecurityScheme::new("session", SchemeKind::ApiKeyCookie("ory_session"));
    const QKEY: SecurityScheme = SecurityScheme::new("qkey", SchemeKind::ApiKeyQuery("api key"));

    #[test]
    fn security_applies_the_chosen_alternative() {
        let mut creds = Credentials::new();
        creds.insert(
            "oryAccessToken".into(),
            Held::new(Credential::bearer("tok")),
        );
        creds.insert("qkey".into(), Held::new(Credential::api_key("k&1")));
        let req = build_with(&creds, &HeaderMap::new(), |rb| {
            rb.path_param("id", "1", ParamStyle::Simple);
            rb.security(&[&[SESSION], &[BEARER, QKEY]]);
        })
        .unwrap();
        assert_eq!(req.headers()["authorization"], "Bearer tok");
        assert!(req.headers()["authorization"].is_sensitive());
        assert_eq!(req.uri().query(), None);
        assert!(!req.headers().contains_key(COOKIE));
        assert_eq!(
            redacted_uri(&req),
            "https://api.example.com/v1/admin/identities/1?api%20key=<redacted>"
        );
        let mut req = req;
        attach_query_credentials(&mut req);
        assert_eq!(req.uri().query(), Some("api%20key=k%261"));
        attach_query_credentials(&mut req);
        assert_eq!(req.uri().query(), Some("api%20key=k%261"));
        assert_eq!(
            redacted_uri(&req),
            "https://api.example.com/v1/admin/identities/1?api%20key=<redacted>"
        );
    }

    #[test]
    fn credential_and_secret_named_query_values_are_redacted() {
        const SIG: SecurityScheme = SecurityScheme::new("sig", SchemeKind::ApiKeyQuery("sig"));
        let mut creds = Credentials::new();
        creds.insert("sig".into(), Held::new(Credential::api_key("k3y")));
        let mut rb = RequestBuilder::new(&creds, Method::GET, "/list");
        rb.query("page", &2, FORM);
        rb.query("page_token", "n3xt p@ge", FORM);
        rb.query("sig", "plain", FORM);
        rb.security(&[&[SIG]]);
        let shown = format!("{rb:?}");
        for secret in ["k3y", "n3xt"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert!(
            shown.contains(
                r#"query: "page=2&sig=plain", query_credentials: ["page_token=<redacted>", "sig=<redacted>"]"#
            ),
            "{shown}"
        );
        let mut req = rb.into_request(&base(BASE), &HeaderMap::new()).unwrap();
        assert_eq!(req.uri().query(), Some("page=2&sig=plain"));
        let shown = format!("{req:?}");
        for secret in ["k3y", "n3xt"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        let pending = req.extensions().get::<QueryCredentials>().unwrap();
        assert_eq!(
            format!("{pending:?}"),
            r#"["page_token=<redacted>", "sig=<redacted>"]"#
        );
        assert_eq!(pending.value("page_token").as_deref(), Some("n3xt p@ge"));
        // A plain parameter named like the credential is redacted too.
        let redacted =
            "https://api.example.com/v1/list?page=2&sig=<redacted>&page_token=<redacted>&sig=<redacted>";
        assert_eq!(redacted_uri(&req), redacted);
        attach_query_credentials(&mut req);
        assert_eq!(
            req.uri().query(),
            Some("page=2&sig=plain&page_token=n3xt%20p%40ge&sig=k3y")
        );
        assert_eq!(redacted_uri(&req), redacted);
        let plain = build(|rb| {
            rb.path_param("id", "1", ParamStyle::Simple);
            rb.query("page", &2, FORM);
        })
        .unwrap();
        assert_eq!(
            redacted_uri(&plain),
            "https://api.example.com/v1/admin/identities/1?page=2"
        );
    }

    #[test]
    fn security_cookies_join_the_other_cookies() {
        let mut creds = Credentials::new();
        creds.insert("session".into(), Held::new(Credential::api_key("s1")));
        let req = build_with(&creds, &HeaderMap::new(), |rb| {
            rb.path_param("id", "1", ParamStyle::Simple);
            rb.cookie("theme", "dark");
            rb.security(&[&[SESSION]]);
        })
        .unwrap();
        assert_eq!(req.headers()[COOKIE], "theme=dark; ory_session=s1");

        creds.insert(
            "session".into(),
            Held::new(Credential::api_key("s1; admin=1")),
        );
        let err =
            build_with(&creds, &HeaderMap::new(), |rb| rb.security(&[&[SESSION]])).unwrap_err();
        assert!(matches!(err, EncodeError::InvalidCookieValue { .. }));
    }

    #[test]
    fn security_refuses_cr_lf_in_credentials() {
        let mut creds = Credentials::new();
        creds.insert(
            "oryAccessToken".into(),
            Held::new(Credential::bearer("t\r\nx: y")),
        );
        let err =
            build_with(&creds, &HeaderMap::new(), |rb| rb.security(&[&[BEARER]])).unwrap_err();
        assert!(matches!(err, EncodeError::InvalidHeaderValue { name } if name == "authorization"));
    }

    #[test]
    fn static_templates_make_the_same_uri_on_any_base() {
        let uri = |base_url: &str, template: &'static str| {
            let operation = OperationInfo::new("op", template);
            let mut rb = RequestBuilder::for_operation(&NO_CREDENTIALS, operation, Method::GET);
            rb.accept("application/json");
            let request = rb.into_request(&base(base_url), &HeaderMap::new()).unwrap();
            assert_eq!(request.headers()[ACCEPT], "application/json");
            assert_eq!(
                request.extensions().get::<OperationInfo>(),
                Some(&operation)
            );
            request.uri().to_string()
        };
        assert_eq!(
            uri("http://h:1", "/sessions/whoami"),
            "http://h:1/sessions/whoami"
        );
        assert_eq!(
            uri("http://h/v1/", "/sessions/whoami"),
            "http://h/v1/sessions/whoami"
        );
        assert_eq!(uri("http://h", "/a b/^x"), "http://h/a%20b/%5Ex");
        assert_eq!(uri("HTTPS://h", "/"), "https://h/");
        assert_eq!(uri("http://h", "x"), "http://h/x");
        assert_eq!(uri("http://h", ""), "http://h/");
    }

    #[test]
    fn absent_headers_still_need_a_valid_name() {
        let err = build(|rb| rb.header("bad name", &None::<&str>)).unwrap_err();
        assert!(matches!(err, EncodeError::InvalidHeaderName { name } if name == "bad name"));
        let req = build(|rb| {
            rb.path_param("id", "1", ParamStyle::Simple);
            rb.header("X-Session-Token", &None::<&str>);
            rb.header("X-Session-Token-2", &Some("t0k"));
            rb.header_key(const { HeaderKey::new("x-token-3") }, &Some("t0k"));
            rb.header_key(const { HeaderKey::new("x-token-4") }, &None::<&str>);
            rb.header_key(const { HeaderKey::new("x-list") }, &[1, 2]);
        })
        .unwrap();
        assert!(!req.headers().contains_key("x-session-token"));
        assert!(req.headers()["x-session-token-2"].is_sensitive());
        assert!(req.headers()["x-token-3"].is_sensitive());
        assert!(!req.headers().contains_key("x-token-4"));
        assert_eq!(req.headers()["x-list"], "1,2");
        assert!(!req.headers()["x-list"].is_sensitive());
    }

    #[test]
    fn relative_templates_and_literal_text() {
        let mut rb = RequestBuilder::new(&NO_CREDENTIALS, Method::GET, "health check");
        rb.query("q", "ä", FORM);
        let req = rb
            .into_request(&base("http://localhost:8080"), &HeaderMap::new())
            .unwrap();
        assert_eq!(req.uri(), "http://localhost:8080/health%20check?q=%C3%A4");
        let rb = RequestBuilder::new(&NO_CREDENTIALS, Method::GET, "");
        assert_eq!(
            rb.into_request(&base("http://h"), &HeaderMap::new())
                .unwrap()
                .uri(),
            "http://h/"
        );
    }
}
