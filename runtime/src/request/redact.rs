//! Keeping a built request's secrets apart: the query parameters that carry credentials travel
//! outside its URI until the transport sends it, its URI prints without them, and the secret
//! values its errors must not show are at hand for scrubbing.

use std::fmt;

use crate::security::Redacted;

/// The query parameters of a built request that carry credentials (API keys `in: query` and
/// parameters whose name says they hold a secret), kept in its extensions and out of its URI, so
/// that no `Debug` of the request shows them. [`attach_query_credentials`] adds them to the URI
/// just before sending; `Debug` prints their names only.
#[derive(Clone)]
pub(crate) struct QueryCredentials {
    /// Encoded `name=value` pieces, in the order they were added.
    pieces: Redacted<Vec<String>>,
    /// Whether [`attach_query_credentials`] has put them into the URI.
    attached: bool,
}

impl QueryCredentials {
    /// None yet.
    pub(crate) fn new() -> Self {
        Self {
            pieces: Redacted(Vec::new()),
            attached: false,
        }
    }

    /// Adds an encoded `name=value` piece.
    pub(crate) fn push(&mut self, piece: String) {
        self.pieces.0.push(piece);
    }

    /// Whether there are none.
    pub(crate) fn is_empty(&self) -> bool {
        self.pieces.0.is_empty()
    }

    /// The encoded names, in order.
    fn names(&self) -> impl Iterator<Item = &str> {
        self.pieces.0.iter().map(|piece| {
            piece
                .split_once('=')
                .map_or(piece.as_str(), |(name, _)| name)
        })
    }

    /// The decoded value of the first credential whose decoded name is `name`.
    #[cfg(any(feature = "mock", test))]
    pub(crate) fn value(&self, name: &str) -> Option<String> {
        let decode = |text: &str| {
            percent_encoding::percent_decode_str(text)
                .decode_utf8_lossy()
                .into_owned()
        };
        self.pieces.0.iter().find_map(|piece| {
            let (key, value) = piece.split_once('=')?;
            (decode(key) == name).then(|| decode(value))
        })
    }
}

impl fmt::Debug for QueryCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.names().map(|name| format!("{name}=<redacted>")))
            .finish()
    }
}

/// Puts the query credentials of a request built by this crate into its URI; every terminal
/// transport calls it last, just before the request goes on the wire, and calling it again does
/// nothing.
///
/// Until then a built request's URI carries no credential, so no `Debug` of it (in a transport,
/// a tower layer or a log) can show one. A custom transport that forgets this call fails closed:
/// the server sees no API key and answers 401. After it, log [`redacted_uri`], never the URI.
pub fn attach_query_credentials<B>(request: &mut http::Request<B>) {
    let uri = request.uri().to_string();
    let Some(credentials) = request.extensions_mut().get_mut::<QueryCredentials>() else {
        return;
    };
    if credentials.attached {
        return;
    }
    let separator = if uri.contains('?') { '&' } else { '?' };
    let pieces = credentials.pieces.0.join("&");
    // The pieces are percent-encoded, so the URI stays valid.
    if let Ok(uri) = http::Uri::try_from(format!("{uri}{separator}{pieces}")) {
        credentials.attached = true;
        *request.uri_mut() = uri;
    }
}

/// Removes from the URI of a request whose query credentials are still apart every query
/// parameter named like one of them, so that attaching them sends each once: a server's link to
/// the next page may repeat the key it was called with.
pub(crate) fn drop_credential_named_params<B>(request: &mut http::Request<B>) {
    let Some(credentials) = request.extensions().get::<QueryCredentials>() else {
        return;
    };
    let uri = request.uri().to_string();
    let Some((before_query, query)) = uri.split_once('?') else {
        return;
    };
    let names: Vec<&str> = credentials.names().collect();
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            let name = pair.split_once('=').map_or(*pair, |(name, _)| name);
            !pair.is_empty() && !names.contains(&name)
        })
        .collect();
    let uri = match kept.is_empty() {
        true => before_query.to_owned(),
        false => format!("{before_query}?{}", kept.join("&")),
    };
    // A URI with fewer query parameters than a valid one stays valid.
    if let Ok(uri) = http::Uri::try_from(uri) {
        *request.uri_mut() = uri;
    }
}

/// The secret values a built request carries apart from its headers (cookies, query parameters
/// named like secrets, in each form they are sent), for scrubbing errors of transports that
/// print them, until [`SentSecrets::take`] removes them before sending.
#[derive(Clone, Debug)]
pub(crate) struct Secrets(pub(crate) Redacted<Vec<String>>);

/// The secrets of a request handed to a transport, kept to scrub its errors: the values of
/// [`Secrets`] and the header values marked sensitive (credentials, headers named like secrets,
/// cookies), copied into one buffer; they become text only for an error.
#[derive(Clone, Default)]
pub(crate) struct SentSecrets {
    texts: Vec<String>,
    /// The sensitive header values, each followed by `\n`, which no header value holds.
    headers: Vec<u8>,
}

impl SentSecrets {
    /// Removes the [`Secrets`] of a request built by this crate, and copies its sensitive headers.
    pub(crate) fn take<B>(request: &mut http::Request<B>) -> Self {
        let texts = request
            .extensions_mut()
            .remove::<Secrets>()
            .map(|Secrets(secrets)| secrets.0)
            .unwrap_or_default();
        let sensitive = || request.headers().values().filter(|v| v.is_sensitive());
        let mut headers = Vec::with_capacity(sensitive().map(|v| v.len() + 1).sum());
        for value in sensitive() {
            headers.extend_from_slice(value.as_bytes());
            headers.push(b'\n');
        }
        Self { texts, headers }
    }

    /// Every secret as text, as an error may show it: a header value whole and, for
    /// `Bearer <token>` and `Basic <base64>`, its token alone.
    pub(crate) fn texts(&self) -> Vec<String> {
        let mut texts = self.texts.clone();
        let values = self.headers.split(|&b| b == b'\n');
        for value in values.filter(|value| !value.is_empty()) {
            let text = String::from_utf8_lossy(value).into_owned();
            if let Some((scheme, token)) = text.split_once(' ') {
                if scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("basic") {
                    texts.push(token.to_owned());
                }
            }
            texts.push(text);
        }
        texts
    }
}

/// The URI the request is sent to, with the value of every query parameter that carries a
/// credential shown as `<redacted>`, for transports and middleware that log requests.
///
/// Before [`attach_query_credentials`], the credentials are not in the URI and this appends them
/// as `name=<redacted>`; after it, their values in the URI are redacted (as is any other
/// parameter of the same name).
pub fn redacted_uri<B>(request: &http::Request<B>) -> String {
    let uri = request.uri().to_string();
    let Some(credentials) = request.extensions().get::<QueryCredentials>() else {
        return uri;
    };
    let names: Vec<&str> = credentials.names().collect();
    let (before_query, query) = uri.split_once('?').unwrap_or((&uri, ""));
    let mut pairs: Vec<String> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if names.contains(&name) => format!("{name}=<redacted>"),
            _ => pair.to_owned(),
        })
        .collect();
    if !credentials.attached {
        pairs.extend(names.iter().map(|name| format!("{name}=<redacted>")));
    }
    format!("{before_query}?{}", pairs.join("&"))
}

#[cfg(test)]
mod tests {
    use http::HeaderValue;

    use super::*;

    #[test]
    fn sent_secrets_are_the_kept_values_and_the_sensitive_headers() {
        let mut request = http::Request::new(());
        let secret = |text: &'static str| {
            let mut value = HeaderValue::from_static(text);
            value.set_sensitive(true);
            value
        };
        let headers = request.headers_mut();
        headers.insert("authorization", secret("Bearer t0k"));
        headers.insert("x-session-token", secret("s3ss ion"));
        headers.insert("accept", HeaderValue::from_static("application/json"));
        let kept = Secrets(Redacted(vec!["c00kie".to_owned()]));
        request.extensions_mut().insert(kept);
        let secrets = SentSecrets::take(&mut request);
        assert!(request.extensions().get::<Secrets>().is_none());
        let mut texts = secrets.texts();
        texts.sort();
        assert_eq!(texts, ["Bearer t0k", "c00kie", "s3ss ion", "t0k"]);
    }
}
