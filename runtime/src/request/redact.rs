//! Keeping a built request's secrets apart: printing its URI without the credentials its query
//! carries, and the secret values its errors must not show.

use crate::security::Redacted;

/// The encoded names of the query parameters that carry credentials, kept in a built request's
/// extensions so that [`redacted_uri`] can find them.
#[derive(Clone, Debug)]
pub(crate) struct CredentialQuery(pub(crate) Vec<String>);

/// The query pairs of `request` that carry credentials, as sent (`api_key=k3y`).
pub(crate) fn credential_pairs<B>(request: &http::Request<B>) -> Vec<&str> {
    let (Some(CredentialQuery(names)), Some(query)) = (
        request.extensions().get::<CredentialQuery>(),
        request.uri().query(),
    ) else {
        return Vec::new();
    };
    query
        .split('&')
        .filter(|pair| {
            let name = pair.split_once('=').map_or(*pair, |(name, _)| name);
            names.iter().any(|n| n == name)
        })
        .collect()
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

/// The request's URI with the value of every query parameter that carries a credential (an API
/// key `in: query`) replaced by `<redacted>`, for transports and middleware that log requests.
///
/// The URI itself must carry the key to the server, and `http::Request`'s `Debug` prints it
/// verbatim: log this instead.
pub fn redacted_uri<B>(request: &http::Request<B>) -> String {
    let uri = request.uri();
    let (Some(CredentialQuery(names)), Some(query)) =
        (request.extensions().get::<CredentialQuery>(), uri.query())
    else {
        return uri.to_string();
    };
    let query = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if names.iter().any(|n| n == name) => format!("{name}=<redacted>"),
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&");
    let whole = uri.to_string();
    let before_query = whole
        .split_once('?')
        .map_or(whole.as_str(), |(head, _)| head);
    format!("{before_query}?{query}")
}
