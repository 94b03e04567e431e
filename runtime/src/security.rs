//! Credentials, security schemes, and choosing which credentials a request carries.

use std::collections::BTreeMap;
use std::fmt;

use base64::Engine as _;

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
pub fn is_sensitive_name(name: &str) -> bool {
    let name = name.as_bytes();
    (0..name.len()).any(|start| {
        let rest = &name[start..];
        // Each marker is compared only where its first letter is.
        let markers: &[&[u8]] = match rest[0].to_ascii_lowercase() {
            b'a' => &[b"auth"],
            b'c' => &[b"cookie", b"credential"],
            b't' => &[b"token"],
            b'k' => &[b"key"],
            b's' => &[b"secret", b"session"],
            b'p' => &[b"password"],
            _ => return false,
        };
        markers.iter().any(|marker| {
            rest.len() >= marker.len() && rest[1..marker.len()].eq_ignore_ascii_case(&marker[1..])
        })
    })
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
pub(crate) type Credentials = BTreeMap<String, Credential>;

/// Where one credential goes in a request; values are unencoded.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum AuthPart {
    /// A header name and value.
    Header(&'static str, String),
    /// A query parameter name and value.
    Query(&'static str, String),
    /// A cookie name and value.
    Cookie(&'static str, String),
}

/// What the first usable alternative adds to a request (nothing when none is usable).
///
/// An alternative is usable when every scheme in it has a fitting credential. A non-empty
/// usable alternative is preferred to an empty one (`{}`, "no credentials needed"), so
/// optional security still sends the credentials the client holds.
pub(crate) fn select(
    alternatives: &[&[SecurityScheme]],
    credentials: &Credentials,
) -> Vec<AuthPart> {
    alternatives
        .iter()
        .filter(|alternative| !alternative.is_empty())
        .find_map(|alternative| {
            alternative
                .iter()
                .map(|scheme| {
                    credentials
                        .get(scheme.name)
                        .and_then(|c| part(scheme.kind, c))
                })
                .collect::<Option<Vec<_>>>()
        })
        .unwrap_or_default()
}

/// What `credential` adds for a scheme of `kind`, or `None` if it does not fit the scheme.
fn part(kind: SchemeKind, credential: &Credential) -> Option<AuthPart> {
    let token = match credential {
        Credential::ApiKey(t) | Credential::Bearer(t) => Some(t.as_str()),
        Credential::Basic { .. } => None,
    };
    match kind {
        SchemeKind::ApiKeyHeader(name) => token.map(|t| AuthPart::Header(name, t.to_owned())),
        SchemeKind::ApiKeyQuery(name) => token.map(|t| AuthPart::Query(name, t.to_owned())),
        SchemeKind::ApiKeyCookie(name) => token.map(|t| AuthPart::Cookie(name, t.to_owned())),
        SchemeKind::Bearer => {
            token.map(|t| AuthPart::Header("authorization", format!("Bearer {t}")))
        }
        SchemeKind::Basic => match credential {
            Credential::Basic { username, password } => {
                let pair = format!("{username}:{}", password.as_deref().unwrap_or(""));
                let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
                Some(AuthPart::Header(
                    "authorization",
                    format!("Basic {encoded}"),
                ))
            }
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
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
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
                AuthPart::Header("X-Api-Key", "k".into()),
                AuthPart::Header("authorization", "Bearer t".into())
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
            [AuthPart::Header("authorization", "Bearer t".into())]
        );
    }

    #[test]
    fn basic_encodes_user_and_password() {
        let c = creds(&[("basic", Credential::basic("Aladdin", Some("open sesame")))]);
        assert_eq!(
            select(&[&[BASIC]], &c),
            [AuthPart::Header(
                "authorization",
                "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==".into()
            )]
        );
        let c = creds(&[("basic", Credential::basic("u", None))]);
        assert_eq!(
            select(&[&[BASIC]], &c),
            [AuthPart::Header("authorization", "Basic dTo=".into())]
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
                AuthPart::Query("api_key", "a b".into()),
                AuthPart::Cookie("ory_session", "s1".into())
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
            [AuthPart::Header("authorization", "Bearer t".into())]
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
        ] {
            assert!(is_sensitive_name(name), "{name}");
        }
        for name in [
            "Accept",
            "X-Request-Id",
            "User-Agent",
            "Content-Type",
            "Location",
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
