//! Every item of a paginated list operation, page after page: a `Stream` on the async client and
//! an `Iterator` on the blocking one.
//!
//! The next page is found by the `Link` header's `rel="next"` target (RFC 8288; relative targets
//! resolved against the URI of the request that got the page), a cursor from a response field,
//! or a page number. A walk stops with [`PaginationError`] rather than leave the client's base
//! origin (a server must not send its credentials elsewhere), revisit a URI (a loop), or go past
//! [`Config::max_pages`](crate::Config::max_pages) pages.

mod link;

use std::collections::{HashSet, VecDeque};

use bytes::Bytes;
use http::Uri;
use url::Url;

use crate::client::Client;
use crate::error::{EncodeError, Error};
use crate::request::redacted_uri;
use crate::response::{RawResponse, ResponseValue};
use crate::transport::{BlockingTransport, Transport};

pub use link::find_rel;

/// How a generated paginated method walks its operation's pages; `P` is the decoded page, `I` an
/// item.
pub struct Paging<P, I> {
    /// How the next page is found.
    pub next: NextPage<P>,
    /// The items of a page.
    pub items: fn(P) -> Vec<I>,
}

/// How the next page is found.
pub enum NextPage<P> {
    /// The target of the response's `Link: <...>; rel="next"`; none ends the walk.
    Link,
    /// A cursor from the page, sent in the query parameter `param`; none (or empty) ends the walk.
    Cursor {
        /// The query parameter that takes the cursor.
        param: &'static str,
        /// The cursor a page holds.
        cursor: fn(&P) -> Option<String>,
    },
    /// Page numbers in the query parameter `param`, counting up from the number the first request
    /// sent (`first` when it sent none); a page without items ends the walk.
    Page {
        /// The query parameter that takes the page number.
        param: &'static str,
        /// The first page's number.
        first: i64,
    },
}

/// Why a walk over pages stopped early.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PaginationError {
    /// More pages than the client's bound ([`Config::set_max_pages`](crate::Config::set_max_pages)).
    #[error("more than {max} pages; the walk stopped there")]
    TooManyPages {
        /// The bound.
        max: usize,
    },
    /// The next page's URI was requested before: the server's links go round in a loop.
    #[error("the next page `{uri}` was already fetched: the pages form a loop")]
    Loop {
        /// The URI, credentials redacted.
        uri: String,
    },
    /// The next page is on another origin than the client's base URL; it is not requested, so no
    /// credential goes there.
    #[error("the next page `{uri}` is not on the client's origin `{origin}`")]
    ForeignOrigin {
        /// The URI, credentials redacted.
        uri: String,
        /// The base URL's origin.
        origin: String,
    },
    /// The next page's URI cannot be used.
    #[error("the next page's URI `{uri}` is not a valid URI")]
    InvalidUri {
        /// The text that failed, as the server sent it.
        uri: String,
    },
}

/// The state of one walk: what comes next, what was fetched, the items not handed out yet.
struct Walk<P, I> {
    paging: Paging<P, I>,
    origin: url::Origin,
    max_pages: usize,
    /// The URI of the next page; `None` before the first page and after the last.
    next: Option<Url>,
    /// Why the walk stops once the items got so far are handed out.
    failure: Option<PaginationError>,
    visited: HashSet<String>,
    pages: usize,
    done: bool,
    items: VecDeque<I>,
}

impl<P, I> Walk<P, I> {
    fn new<T>(client: &Client<T>, paging: Paging<P, I>) -> Self {
        let origin = Url::parse(client.base_url())
            .map(|url| url.origin())
            .unwrap_or_else(|_| url::Origin::new_opaque());
        Self {
            paging,
            origin,
            max_pages: client.max_pages(),
            next: None,
            failure: None,
            visited: HashSet::new(),
            pages: 0,
            done: false,
            items: VecDeque::new(),
        }
    }

    /// The next item got so far, the request of the next page (the operation's request, at the
    /// next page's URI after the first), or the error that ends the walk; `None` at the end.
    fn step<E>(
        &mut self,
        build: &impl Fn() -> Result<http::Request<Bytes>, EncodeError>,
    ) -> Option<Result<Step<I>, Error<E>>> {
        if let Some(item) = self.items.pop_front() {
            return Some(Ok(Step::Item(item)));
        }
        if self.done {
            return None;
        }
        let request = self.request(build);
        if request.is_err() {
            self.done = true;
        }
        Some(request.map(|request| Step::Fetch(Box::new(request))))
    }

    fn request<E>(
        &mut self,
        build: &impl Fn() -> Result<http::Request<Bytes>, EncodeError>,
    ) -> Result<http::Request<Bytes>, Error<E>> {
        if let Some(failure) = self.failure.take() {
            return Err(Error::Pagination(failure));
        }
        let mut request = build().map_err(Error::InvalidRequest)?;
        if let Some(next) = self.next.take() {
            *request.uri_mut() = next
                .as_str()
                .parse()
                .map_err(|_| Error::Pagination(PaginationError::InvalidUri { uri: next.into() }))?;
        }
        if self.pages == self.max_pages {
            let max = self.max_pages;
            return Err(Error::Pagination(PaginationError::TooManyPages { max }));
        }
        if !self.visited.insert(request.uri().to_string()) {
            let uri = redacted_uri(&request);
            return Err(Error::Pagination(PaginationError::Loop { uri }));
        }
        self.pages += 1;
        Ok(request)
    }

    /// Takes in a page got by `request_uri`: its items, and where the next page is.
    fn page(&mut self, request_uri: &Uri, page: ResponseValue<P>) {
        match self.next_page(request_uri, &page) {
            Ok(Some(next)) if next.origin() != self.origin => {
                // The query may carry a credential meant for the other origin's eyes only.
                let mut shown = next.clone();
                shown.set_query(None);
                shown.set_fragment(None);
                let redacted = if next.query().is_some() {
                    "?<redacted>"
                } else {
                    ""
                };
                self.failure = Some(PaginationError::ForeignOrigin {
                    uri: format!("{shown}{redacted}"),
                    origin: self.origin.ascii_serialization(),
                });
            }
            Ok(next) => {
                self.done = next.is_none();
                self.next = next;
            }
            Err(failure) => self.failure = Some(failure),
        }
        let items = (self.paging.items)(page.into_inner());
        if items.is_empty() && matches!(self.paging.next, NextPage::Page { .. }) {
            self.done = true;
        }
        self.items.extend(items);
    }

    /// Where the page after `page` (got by `request_uri`) is; `None` when it is the last.
    fn next_page(
        &self,
        request_uri: &Uri,
        page: &ResponseValue<P>,
    ) -> Result<Option<Url>, PaginationError> {
        let invalid = |uri: &str| PaginationError::InvalidUri {
            uri: uri.to_owned(),
        };
        let base = Url::parse(&request_uri.to_string()).map_err(|_| invalid("the request URI"))?;
        Ok(match &self.paging.next {
            NextPage::Link => {
                let links = page.headers().get_all(http::header::LINK);
                let values = links.iter().filter_map(|value| value.to_str().ok());
                match find_rel(values, "next") {
                    Some(target) => Some(base.join(target).map_err(|_| invalid(target))?),
                    None => None,
                }
            }
            NextPage::Cursor { param, cursor } => cursor(page)
                .filter(|cursor| !cursor.is_empty())
                .map(|cursor| with_query(&base, param, &cursor)),
            NextPage::Page { param, first } => base
                .query_pairs()
                .find(|(name, _)| name == param)
                .and_then(|(_, value)| value.parse::<i64>().ok())
                .unwrap_or(*first)
                .checked_add(1)
                .map(|number| with_query(&base, param, &number.to_string())),
        })
    }
}

/// What a walk does next.
enum Step<I> {
    /// Hands out an item.
    Item(I),
    /// Fetches a page.
    Fetch(Box<http::Request<Bytes>>),
}

/// `base` with query parameter `name` set to `value` (replacing any it had).
fn with_query(base: &Url, name: &str, value: &str) -> Url {
    let mut url = base.clone();
    let kept: Vec<(String, String)> = base
        .query_pairs()
        .filter(|(key, _)| key != name)
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect();
    url.query_pairs_mut()
        .clear()
        .extend_pairs(kept)
        .append_pair(name, value);
    url
}

impl<T: Transport> Client<T> {
    /// Every item of a paginated operation, as a stream: `build` makes the operation's request,
    /// `decode` its response. An error ends the stream after it is yielded.
    pub fn pages<'a, P: 'a, I: 'a, E: 'a>(
        &'a self,
        build: impl Fn() -> Result<http::Request<Bytes>, EncodeError> + 'a,
        decode: fn(RawResponse) -> Result<ResponseValue<P>, Error<E>>,
        paging: Paging<P, I>,
    ) -> impl futures_util::Stream<Item = Result<I, Error<E>>> + 'a {
        let walk = Walk::new(self, paging);
        futures_util::stream::unfold((walk, build), move |(mut walk, build)| async move {
            loop {
                let request = match walk.step(&build)? {
                    Ok(Step::Item(item)) => return Some((Ok(item), (walk, build))),
                    Ok(Step::Fetch(request)) => request,
                    Err(e) => return Some((Err(e), (walk, build))),
                };
                let uri = request.uri().clone();
                match self.execute(Ok(*request)).await.and_then(decode) {
                    Ok(page) => walk.page(&uri, page),
                    Err(e) => {
                        walk.done = true;
                        return Some((Err(e), (walk, build)));
                    }
                }
            }
        })
    }
}

impl<T: BlockingTransport> Client<T> {
    /// Every item of a paginated operation, as an iterator; see [`Client::pages`].
    pub fn pages_blocking<'a, P: 'a, I: 'a, E: 'a>(
        &'a self,
        build: impl Fn() -> Result<http::Request<Bytes>, EncodeError> + 'a,
        decode: fn(RawResponse) -> Result<ResponseValue<P>, Error<E>>,
        paging: Paging<P, I>,
    ) -> impl Iterator<Item = Result<I, Error<E>>> + 'a {
        let mut walk = Walk::new(self, paging);
        std::iter::from_fn(move || loop {
            let request = match walk.step(&build)? {
                Ok(Step::Item(item)) => return Some(Ok(item)),
                Ok(Step::Fetch(request)) => request,
                Err(e) => return Some(Err(e)),
            };
            let uri = request.uri().clone();
            match self.execute_blocking(Ok(*request)).and_then(decode) {
                Ok(page) => walk.page(&uri, page),
                Err(e) => {
                    walk.done = true;
                    return Some(Err(e));
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use http::{Method, StatusCode};

    use super::*;
    use crate::transport::TransportError;

    /// Answers each request with `route(uri)`: a JSON body and an optional `Link` header; keeps
    /// the URIs asked for.
    struct Server {
        route: fn(&str) -> (&'static str, Option<String>),
        seen: Mutex<Vec<String>>,
    }

    impl BlockingTransport for Server {
        fn send(
            &self,
            request: http::Request<Bytes>,
        ) -> Result<http::Response<Bytes>, TransportError> {
            let uri = request.uri().to_string();
            self.seen.lock().unwrap().push(uri.clone());
            let (body, link) = (self.route)(&uri);
            let mut response = http::Response::builder().status(StatusCode::OK);
            if let Some(link) = link {
                response = response.header("link", link);
            }
            Ok(response.body(Bytes::from_static(body.as_bytes())).unwrap())
        }
    }

    #[derive(serde::Deserialize)]
    struct Page {
        items: Vec<u32>,
        next: Option<String>,
    }

    fn walk(
        route: fn(&str) -> (&'static str, Option<String>),
        next: NextPage<Page>,
        max_pages: usize,
    ) -> (Vec<Result<u32, String>>, Vec<String>) {
        let mut client = Client::new(
            "http://127.0.0.1:9/api",
            Server {
                route,
                seen: Mutex::default(),
            },
        )
        .unwrap();
        client.set_max_pages(max_pages);
        let paging = Paging {
            next,
            items: |page: Page| page.items,
        };
        let build = || {
            let mut request = client.request(Method::GET, "/items");
            request.query("size", &2, crate::ParamStyle::Form { explode: true });
            client.config().build(request)
        };
        let items = client
            .pages_blocking(build, RawResponse::json::<Page, ()>, paging)
            .map(|item| item.map_err(|e| e.to_string()))
            .collect();
        let seen = client.transport().seen.lock().unwrap().clone();
        (items, seen)
    }

    #[test]
    fn link_next_is_followed_relative_and_absolute() {
        let (items, seen) = walk(
            |uri| {
                match uri {
                "http://127.0.0.1:9/api/items?size=2" => {
                    (r#"{"items":[1,2]}"#, Some("<items?size=2&after=2>; rel=\"next\"".into()))
                }
                "http://127.0.0.1:9/api/items?size=2&after=2" => (
                    r#"{"items":[3,4]}"#,
                    Some("<http://127.0.0.1:9/api/items?size=2&after=4>; rel=next, </api/items>; rel=first".into()),
                ),
                _ => (r#"{"items":[5]}"#, Some("</api/items?size=2>; rel=first".into())),
            }
            },
            NextPage::Link,
            10,
        );
        assert_eq!(items, [Ok(1), Ok(2), Ok(3), Ok(4), Ok(5)]);
        assert_eq!(seen.len(), 3);
        assert_eq!(seen[2], "http://127.0.0.1:9/api/items?size=2&after=4");
    }

    #[test]
    fn a_loop_another_origin_and_the_page_bound_stop_the_walk_after_the_items_got() {
        let (items, seen) = walk(
            |_| {
                (
                    r#"{"items":[7]}"#,
                    Some("</api/items?size=2&p=2>; rel=next".into()),
                )
            },
            NextPage::Link,
            10,
        );
        assert_eq!(items[..2], [Ok(7), Ok(7)]);
        let loop_error = items[2].as_ref().unwrap_err();
        assert!(loop_error.contains("already fetched"), "{loop_error}");
        assert_eq!((items.len(), seen.len()), (3, 2));

        let (items, seen) = walk(
            |_| {
                (
                    r#"{"items":[1]}"#,
                    Some("<https://evil.example/steal?token=s3cr3t>; rel=next".into()),
                )
            },
            NextPage::Link,
            10,
        );
        assert_eq!(items[0], Ok(1));
        let foreign = items[1].as_ref().unwrap_err();
        assert!(
            foreign.contains("`https://evil.example/steal?<redacted>`"),
            "{foreign}"
        );
        assert!(
            foreign.contains("not on the client's origin `http://127.0.0.1:9`"),
            "{foreign}"
        );
        assert!(!foreign.contains("s3cr3t"), "{foreign}");
        assert_eq!((items.len(), seen.len()), (2, 1));

        let (items, seen) = walk(
            |_| (r#"{"items":[1]}"#, None),
            NextPage::Page {
                param: "page",
                first: 1,
            },
            3,
        );
        assert_eq!(items[..3], [Ok(1), Ok(1), Ok(1)]);
        assert!(items[3].as_ref().unwrap_err().contains("more than 3 pages"));
        assert_eq!(seen.len(), 3);
    }

    #[test]
    fn cursors_and_page_numbers_go_in_the_query() {
        let (items, seen) = walk(
            |uri| match uri.split_once("cursor=") {
                None => (r#"{"items":[1],"next":"c 2"}"#, None),
                Some((_, "c+2")) => (r#"{"items":[2],"next":""}"#, None),
                Some(_) => unreachable!("{uri}"),
            },
            NextPage::Cursor {
                param: "cursor",
                cursor: |page| page.next.clone(),
            },
            10,
        );
        assert_eq!(items, [Ok(1), Ok(2)]);
        assert_eq!(seen[1], "http://127.0.0.1:9/api/items?size=2&cursor=c+2");

        let (items, seen) = walk(
            |uri| match uri.rsplit_once("page=") {
                None | Some((_, "4")) => (r#"{"items":[1,2]}"#, None),
                Some((_, "5")) => (r#"{"items":[3]}"#, None),
                Some(_) => (r#"{"items":[]}"#, None),
            },
            NextPage::Page {
                param: "page",
                first: 4,
            },
            10,
        );
        assert_eq!(items, [Ok(1), Ok(2), Ok(3)]);
        assert_eq!(
            seen,
            [
                "http://127.0.0.1:9/api/items?size=2",
                "http://127.0.0.1:9/api/items?size=2&page=5",
                "http://127.0.0.1:9/api/items?size=2&page=6",
            ]
        );
    }
}
