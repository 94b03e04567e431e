//! A cookie-jar layer (feature `cookies`): cookies a server sets come back on later requests,
//! as a browser would send them (domain, path, expiry and `Secure` respected, by `cookie_store`).

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use bytes::Bytes;
use cookie_store::CookieStore;
use http::header::{HeaderValue, COOKIE, SET_COOKIE};

use super::{BlockingTransport, Transport, TransportError};

/// Wraps a transport with a cookie jar: `Set-Cookie` headers of every response are stored, and
/// matching cookies are added to each request's `Cookie` header (after the cookies the request
/// already carries, which win over stored ones of the same name).
///
/// Clones share one jar. Kratos browser flows need this: the CSRF cookie set when a flow is
/// initialized must come back when it is submitted.
#[derive(Clone, Debug)]
pub struct CookieJar<T> {
    inner: T,
    store: Arc<Mutex<CookieStore>>,
}

impl<T> CookieJar<T> {
    /// `inner` with an empty jar.
    pub fn new(inner: T) -> Self {
        Self::with_store(inner, CookieStore::default())
    }

    /// `inner` with a jar starting from `store` (e.g. cookies loaded from disk).
    pub fn with_store(inner: T, store: CookieStore) -> Self {
        Self {
            inner,
            store: Arc::new(Mutex::new(store)),
        }
    }

    /// The jar, to read, add or remove cookies.
    pub fn store(&self) -> MutexGuard<'_, CookieStore> {
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The wrapped transport.
    pub fn inner(&self) -> &T {
        &self.inner
    }

    /// Adds the jar's cookies for the request's URL; returns that URL to store the answer's cookies.
    fn add_cookies(&self, request: &mut http::Request<Bytes>) -> Option<url::Url> {
        let url = url::Url::parse(&request.uri().to_string()).ok()?;
        let existing = request
            .headers()
            .get(COOKIE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let taken: Vec<&str> = existing
            .split(';')
            .filter_map(|pair| pair.split('=').next())
            .map(str::trim)
            .collect();
        let mut pairs: Vec<String> = existing
            .split(';')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect();
        pairs.extend(
            self.store()
                .get_request_values(&url)
                .filter(|(name, _)| !taken.contains(name))
                .map(|(name, value)| format!("{name}={value}")),
        );
        if let Ok(mut value) = HeaderValue::from_str(&pairs.join("; ")) {
            if !pairs.is_empty() {
                value.set_sensitive(true);
                request.headers_mut().insert(COOKIE, value);
            }
        }
        Some(url)
    }

    /// Stores the `Set-Cookie` headers of `response`, ignoring those the jar refuses.
    fn store_cookies(&self, url: &url::Url, response: &http::Response<Bytes>) {
        let mut store = self.store();
        for value in response.headers().get_all(SET_COOKIE) {
            if let Ok(text) = value.to_str() {
                let _refused = store.parse(text, url);
            }
        }
    }
}

impl<T: Transport> Transport for CookieJar<T> {
    async fn send(
        &self,
        mut request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        let url = self.add_cookies(&mut request);
        let response = self.inner.send(request).await?;
        if let Some(url) = url {
            self.store_cookies(&url, &response);
        }
        Ok(response)
    }
}

impl<T: BlockingTransport> BlockingTransport for CookieJar<T> {
    fn send(
        &self,
        mut request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        let url = self.add_cookies(&mut request);
        let response = self.inner.send(request)?;
        if let Some(url) = url {
            self.store_cookies(&url, &response);
        }
        Ok(response)
    }
}
