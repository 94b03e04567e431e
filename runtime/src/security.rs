//! Credentials, security schemes, and choosing which credentials a request carries.

use std::collections::BTreeMap;
use std::fmt;

use base64::Engine as _;
use http::header::HeaderValue;

/// A secret the client holds for one security scheme.
#[derive(Clone, PartialEq, Eq)]
pub enum Credential {
    /// An API key, sent verbatim in a header, query parameter or cookie.
    ApiKey(String),
    /// A bearer token (also used for OAuth 2 and OpenID Connect), sent as `Authorization: Bearer <token>`.
    Bearer(String),
    /// HTTP Basic credentials, sent as `Authorization: Basic base64(username:password)`.
    Basic {
        /// The user name.
        username: String,
        /// The password; `None` sends `username:`.
        password: Option<String>,
    },
}

impl Credential {
    /// An API key credential.
    pub fn api_key(key: impl Into<String>) -> Self {
        Credential::ApiKey(key.into())
    }

    /// A bearer token credential.
    pub fn bearer(token: impl Into<String>) -> Self {
        Credential::Bearer(token.into())
    }

    /// An HTTP Basic credential.
    pub fn basic(username: impl Into<String>, password: Option<&str>) -> Self {
        Credential::Basic {
            username: username.into(),
            password: password.map(str::to_owned),
        }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Secrets are never printed.
        match self {
            Credential::ApiKey(_) => f.write_str("ApiKey(<redacted>)"),
            Credential::Bearer(_) => f.write_str("Bearer(<redacted>)"),
            Credential::Basic { username, password } => f
                .debug_struct("Basic")
                .field("username", username)
                .field("password", &password.as_ref().map(|_| "<redacted>"))
                .finish(),
        }
    }
}

/// Whether a header, query parameter or cookie with this name carries a secret. Such headers are
/// marked sensitive (`HeaderValue::set_sensitive`), so `Debug` prints `Sensitive` instead of their
/// value; such query parameters are redacted like API keys.
///
/// The rule, case-insensitive: `Authorization`, `Proxy-Authorization`, `Cookie`, `Set-Cookie`, and
/// every name containing `auth`, `cookie`, `token`, `key`, `secret`, `session`, `password` or
/// `credential` (`X-Session-Token`, `X-Api-Key`, `X-Auth-User`, ...). Marking a harmless header is
/// cheap (its value only stops showing in `Debug`); missing a secret one is not.
///
/// A `const fn`, so that generated code settles it for its header names when it is compiled.
pub const fn is_sensitive_name(name: &str) -> bool {
    // The first letters of the markers, in either case, to pass over other bytes quickly.
    const FIRST: [bool; 256] = {
        let mut table = [false; 256];
        let letters = b"ackpstACKPST";
        let mut i = 0;
        while i < letters.len() {
            table[letters[i] as usize] = true;
            i += 1;
        }
        table
    };
    let name = name.as_bytes();
    // Every marker has at least 3 letters.
    let mut start = 0;
    while start + 2 < name.len() {
        if FIRST[name[start] as usize] && marker_at(name, start) {
            return true;
        }
        start += 1;
    }
    false
}

/// Whether a marker of [`is_sensitive_name`] starts at `start` of `name` (3 bytes or more on).
const fn marker_at(name: &[u8], start: usize) -> bool {
    // `b | 0x20` is the lower case of an ASCII letter and never turns another byte into one.
    let marker: &[u8] = match (name[start] | 0x20, name[start + 1] | 0x20) {
        (b'a', b'u') => b"auth",
        (b'c', b'o') => b"cookie",
        (b'c', b'r') => b"credential",
        (b't', b'o') => b"token",
        (b'k', b'e') => b"key",
        (b's', b'e') if name[start + 2] | 0x20 == b'c' => b"secret",
        (b's', b'e') => b"session",
        (b'p', b'a') => b"password",
        _ => return false,
    };
    if name.len() - start < marker.len() {
        return false;
    }
    let mut i = 2;
    while i < marker.len() {
        if name[start + i] | 0x20 != marker[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A value whose `Debug` prints `<redacted>`, for secrets kept in structs that derive `Debug`.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct Redacted<T>(pub(crate) T);

impl<T> fmt::Debug for Redacted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// How a security scheme carries its credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SchemeKind {
    /// An API key in the named header.
    ApiKeyHeader(&'static str),
    /// An API key in the named query parameter.
    ApiKeyQuery(&'static str),
    /// An API key in the named cookie.
    ApiKeyCookie(&'static str),
    /// HTTP Basic authentication.
    Basic,
    /// HTTP Bearer authentication (also OAuth 2 and OpenID Connect).
    Bearer,
}

/// A security scheme as generated code names it: the OpenAPI scheme name and how it is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SecurityScheme {
    /// The scheme's name under `components.securitySchemes`, the key for `Client::set_credential`.
    pub name: &'static str,
    /// How the credential is sent.
    pub kind: SchemeKind,
}

impl SecurityScheme {
    /// A scheme, usable in constants.
    pub const fn new(name: &'static str, kind: SchemeKind) -> Self {
        Self { name, kind }
    }
}

/// Credentials by scheme name.
pub(crate) type Credentials = BTreeMap<String, Held>;

/// A credential the client holds, with the header values it is sent as, made (and marked
/// sensitive) once when it is set rather than on every request.
#[derive(Clone, Debug)]
pub(crate) struct Held {
    credential: Credential,
    /// The token or key as it goes in an API-key header (`None` for Basic, or a token that no
    /// header can hold: CR, LF and other controls).
    verbatim: Option<HeaderValue>,
    /// `Bearer <token>` or `Basic <base64>`, as it goes in `Authorization` (`None`: no header can
    /// hold it).
    authorization: Option<HeaderValue>,
}

impl Held {
    /// `credential` with its header values.
    pub(crate) fn new(credential: Credential) -> Self {
        let (verbatim, authorization) = match &credential {
            Credential::ApiKey(token) | Credential::Bearer(token) => {
                (sensitive(token), sensitive(&format!("Bearer {token}")))
            }
            Credential::Basic { username, password } => {
                let pair = format!("{username}:{}", password.as_deref().unwrap_or(""));
                let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
                (None, sensitive(&format!("Basic {encoded}")))
            }
        };
        Self {
            credential,
            verbatim,
            authorization,
        }
    }

    /// The credential.
    pub(crate) fn into_credential(self) -> Credential {
        self.credential
    }

    /// The token or key, for API keys and bearer tokens.
    fn token(&self) -> Option<&str> {
        match &self.credential {
            Credential::ApiKey(t) | Credential::Bearer(t) => Some(t),
            Credential::Basic { .. } => None,
        }
    }
}

/// `text` as a header value marked sensitive, if a header can hold it.
fn sensitive(text: &str) -> Option<HeaderValue> {
    let mut value = HeaderValue::from_str(text).ok()?;
    value.set_sensitive(true);
    Some(value)
}

/// Where one credential goes in a request; query and cookie values are unencoded.
#[derive(Debug, PartialEq)]
pub(crate) enum AuthPart<'c> {
    /// `Authorization` and its value (`None`: the credential holds what no header can, CR or LF).
    Authorization(Option<&'c HeaderValue>),
    /// A header name and its value (`None` as for `Authorization`).
    Header(&'static str, Option<&'c HeaderValue>),
    /// A query parameter name and value.
    Query(&'static str, &'c str),
    /// A cookie name and value.
    Cookie(&'static str, &'c str),
}

/// What the first usable alternative adds to a request (nothing when none is usable).
///
/// An alternative is usable when every scheme in it has a fitting credential. A non-empty
/// usable alternative is preferred to an empty one (`{}`, "no credentials needed"), so
/// optional security still sends the credentials the client holds.
pub(crate) fn select<'c>(
    alternatives: &[&'c [SecurityScheme]],
    credentials: &'c Credentials,
) -> impl Iterator<Item = AuthPart<'c>> {
    let part_of = |scheme: &SecurityScheme| {
        let held = credentials.get(scheme.name)?;
        part(scheme.kind, held)
    };
    let chosen = alternatives
        .iter()
        .find(|alternative| {
            !alternative.is_empty() && alternative.iter().all(|s| part_of(s).is_some())
        })
        .map_or(&[][..], |alternative| *alternative);
    chosen.iter().filter_map(part_of)
}

/// What `held` adds for a scheme of `kind`, or `None` if it does not fit the scheme.
fn part(kind: SchemeKind, held: &Held) -> Option<AuthPart<'_>> {
    match kind {
        SchemeKind::ApiKeyHeader(name) => {
            held.token()?;
            Some(AuthPart::Header(name, held.verbatim.as_ref()))
        }
        SchemeKind::ApiKeyQuery(name) => Some(AuthPart::Query(name, held.token()?)),
        SchemeKind::ApiKeyCookie(name) => Some(AuthPart::Cookie(name, held.token()?)),
        SchemeKind::Bearer => {
            held.token()?;
            Some(AuthPart::Authorization(held.authorization.as_ref()))
        }
        SchemeKind::Basic => match held.credential {
            Credential::Basic { .. } => Some(AuthPart::Authorization(held.authorization.as_ref())),
            Credential::ApiKey(_) | Credential::Bearer(_) => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY_HEADER: SecurityScheme =
        SecurityScheme::new("key", SchemeKind::ApiKeyHeader("X-Api-Key"));
    const KEY_QUERY: SecurityScheme =
        SecurityScheme::new("qkey", SchemeKind::ApiKeyQuery("api_key"));
    const KEY_COOKIE: SecurityScheme =
        SecurityScheme::new("session", SchemeKind::ApiKeyCookie("ory_session"));
    const BEARER: SecurityScheme = SecurityScheme::new("token", SchemeKind::Bearer);
    const BASIC: SecurityScheme = SecurityScheme::new("basic", SchemeKind::Basic);

    fn creds(pairs: &[(&str, Credential)]) -> Credentials {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), Held::new(v.clone())))
            .collect()
    }

    fn select<'c>(
        alternatives: &[&'static [SecurityScheme]],
        c: &'c Credentials,
    ) -> Vec<AuthPart<'c>> {
        super::select(alternatives, c).collect()
    }

    fn header(name: &'static str, value: &'static str) -> AuthPart<'static> {
        // Leaked: a test's few bytes, for a value that lives as long as the expected parts.
        let value = Some(&*Box::leak(Box::new(HeaderValue::from_static(value))));
        match name {
            "authorization" => AuthPart::Authorization(value),
            name => AuthPart::Header(name, value),
        }
    }

    #[test]
    fn first_satisfied_alternative_wins() {
        let c = creds(&[
            ("token", Credential::bearer("t")),
            ("key", Credential::api_key("k")),
        ]);
        let parts = select(&[&[BASIC], &[KEY_HEADER, BEARER], &[BEARER]], &c);
        assert_eq!(
            parts,
            [
                header("X-Api-Key", "k"),
                header("authorization", "Bearer t")
            ]
        );
    }

    #[test]
    fn unsatisfied_means_no_credentials() {
        let c = creds(&[("token", Credential::bearer("t"))]);
        assert!(select(&[&[BASIC], &[KEY_HEADER, BEARER]], &c).is_empty());
        assert!(select(&[], &c).is_empty());
        assert!(select(&[&[BEARER]], &Credentials::new()).is_empty());
    }

    #[test]
    fn empty_alternative_needs_nothing_but_held_credentials_are_preferred() {
        assert!(select(&[&[], &[BEARER]], &Credentials::new()).is_empty());
        let c = creds(&[("token", Credential::bearer("t"))]);
        assert_eq!(
            select(&[&[], &[BEARER]], &c),
            [header("authorization", "Bearer t")]
        );
    }

    #[test]
    fn basic_encodes_user_and_password() {
        let c = creds(&[("basic", Credential::basic("Aladdin", Some("open sesame")))]);
        assert_eq!(
            select(&[&[BASIC]], &c),
            [header(
                "authorization",
                "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
            )]
        );
        let c = creds(&[("basic", Credential::basic("u", None))]);
        assert_eq!(
            select(&[&[BASIC]], &c),
            [header("authorization", "Basic dTo=")]
        );
    }

    #[test]
    fn api_keys_go_verbatim_where_the_scheme_says() {
        let c = creds(&[
            ("qkey", Credential::api_key("a b")),
            ("session", Credential::api_key("s1")),
        ]);
        assert_eq!(
            select(&[&[KEY_QUERY, KEY_COOKIE]], &c),
            [
                AuthPart::Query("api_key", "a b"),
                AuthPart::Cookie("ory_session", "s1")
            ]
        );
    }

    #[test]
    fn mismatched_credentials_do_not_fit() {
        let c = creds(&[
            ("basic", Credential::bearer("t")),
            ("token", Credential::basic("u", None)),
        ]);
        assert!(select(&[&[BASIC], &[BEARER]], &c).is_empty());
        // Token-like credentials are interchangeable.
        let c = creds(&[("token", Credential::api_key("t"))]);
        assert_eq!(
            select(&[&[BEARER]], &c),
            [header("authorization", "Bearer t")]
        );
    }

    #[test]
    fn secret_bearing_header_names_are_sensitive() {
        for name in [
            "Authorization",
            "proxy-authorization",
            "Cookie",
            "set-cookie",
            "X-Session-Token",
            "X-API-KEY",
            "x-client-secret",
            "X-Auth-User",
            "ory_session",
            "X-Password",
            "X-Credentials",
            "key",
            "XSECRET",
            "a-Sessions",
        ] {
            assert!(is_sensitive_name(name), "{name}");
        }
        for name in [
            "Accept",
            "X-Request-Id",
            "User-Agent",
            "Content-Type",
            "Location",
            "ke",
            "x-se",
            "sesion",
            "K\u{c5}Y",
            "",
        ] {
            assert!(!is_sensitive_name(name), "{name}");
        }
        assert_eq!(format!("{:?}", Redacted("s3cr3t")), "<redacted>");
    }

    #[test]
    fn debug_redacts_secrets() {
        let shown = format!(
            "{:?} {:?} {:?}",
            Credential::api_key("s3cr3t"),
            Credential::bearer("s3cr3t"),
            Credential::basic("me", Some("s3cr3t"))
        );
        assert!(!shown.contains("s3cr3t"));
        assert!(shown.contains("me"));
    }
}
