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
    /// Credentials from encoded `name=value` pieces.
    pub(crate) fn new(pieces: Vec<String>) -> Self {
        Self {
            pieces: Redacted(pieces),
            attached: false,
        }
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

/// Every secret value a built request carries, in each form it is sent (for scrubbing errors
/// of transports that print them), until [`take_secrets`] removes them before sending.
#[derive(Clone, Debug)]
pub(crate) struct Secrets(pub(crate) Redacted<Vec<String>>);

/// Removes and returns the secret values of a request built by this crate.
pub(crate) fn take_secrets<B>(request: &mut http::Request<B>) -> Vec<String> {
    request
        .extensions_mut()
        .remove::<Secrets>()
        .map(|Secrets(secrets)| secrets.0)
        .unwrap_or_default()
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
