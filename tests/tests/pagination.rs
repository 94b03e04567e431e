//! The paginated methods of the `pagination` fixture against a local server: three pages linked by
//! `Link` (relative, then absolute, then none), cursors, page numbers, the blocking iterator, and
//! a next page on another origin.

use apiforge_runtime::futures_util::TryStreamExt;
use apiforge_runtime::{Error, PaginationError};
use apiforge_tests::fixtures::pagination::{blocking, Client, Item};
use apiforge_tests::local_server::{serve, Reply};

/// `/items?per_page=2`: page 1 links to page 2 relatively, page 2 to page 3 absolutely, page 3 is
/// the last.
fn three_pages(target: &str, base: &str) -> Reply {
    match target {
        "/items?per_page=2" => Reply::json(200, r#"[{"id":1},{"id":2}]"#)
            .header("Link", r#"<items?per_page=2&page=2>; rel="next""#)
            .header("X-Total-Count", "5"),
        "/items?per_page=2&page=2" => Reply::json(200, r#"[{"id":3},{"id":4}]"#).header(
            "Link",
            format!(
                r#"<{base}/items?per_page=2&page=3>; rel="next", </items?per_page=2>; rel="first""#
            ),
        ),
        "/items?per_page=2&page=3" => {
            Reply::json(200, r#"[{"id":5}]"#).header("Link", r#"</items?per_page=2>; rel="first""#)
        }
        other => Reply::json(404, format!(r#""no {other}""#)),
    }
}

fn ids(items: &[Item]) -> Vec<i64> {
    items.iter().map(|item| item.id).collect()
}

#[tokio::test]
async fn link_next_is_followed_over_three_pages() {
    let (base, targets) = serve(three_pages);
    let client = Client::new(&base).unwrap();
    let items: Vec<Item> = client.list_items_all2(Some(2)).try_collect().await.unwrap();
    assert_eq!(ids(&items), [1, 2, 3, 4, 5]);
    let requested: Vec<String> = targets.try_iter().collect();
    assert_eq!(
        requested,
        [
            "/items?per_page=2",
            "/items?per_page=2&page=2",
            "/items?per_page=2&page=3"
        ]
    );
}

#[test]
fn the_blocking_client_iterates_the_same_pages() {
    let (base, _) = serve(three_pages);
    let client = blocking::Client::new(&base).unwrap();
    let items: Result<Vec<Item>, _> = client.list_items_all2(Some(2)).collect();
    assert_eq!(ids(&items.unwrap()), [1, 2, 3, 4, 5]);
}

#[tokio::test]
async fn cursors_come_from_the_body_and_go_in_the_query() {
    let (base, targets) = serve(|target, _| match target {
        "/events?kind=login" => Reply::json(200, r#"{"data":["a","b"],"next_cursor":"c/2"}"#),
        "/events?kind=login&after=c%2F2" => {
            Reply::json(200, r#"{"data":["c"],"next_cursor":null}"#)
        }
        other => Reply::json(404, format!(r#""no {other}""#)),
    });
    let client = Client::new(&base).unwrap();
    let events: Vec<String> = client
        .list_events_all(None, "login")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(events, ["a", "b", "c"]);
    assert_eq!(targets.try_iter().count(), 2);
}

#[tokio::test]
async fn page_numbers_count_up_until_a_page_is_empty() {
    let (base, targets) = serve(|target, _| match target {
        "/numbered?page=2" => Reply::json(200, r#"{"results":[20,21]}"#),
        "/numbered?page=3" => Reply::json(200, r#"{"results":[30]}"#),
        _ => Reply::json(200, r#"{"results":[]}"#),
    });
    let client = Client::new(&base).unwrap();
    let numbers: Vec<i64> = client
        .list_numbered_all(Some(2))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(numbers, [20, 21, 30]);
    let requested: Vec<String> = targets.try_iter().collect();
    assert_eq!(
        requested,
        ["/numbered?page=2", "/numbered?page=3", "/numbered?page=4"]
    );
}

#[tokio::test]
async fn a_next_page_on_another_origin_is_not_requested() {
    let (base, targets) = serve(|_, _| {
        Reply::json(200, r#"[{"id":1}]"#).header(
            "Link",
            r#"<http://127.0.0.2:1/items?token=s3cr3t>; rel="next""#,
        )
    });
    let client = Client::new(&base).unwrap();
    let results: Vec<Result<Item, _>> = {
        use apiforge_runtime::futures_util::StreamExt;
        client.list_items_all2(None).collect().await
    };
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap().id, 1);
    let Err(Error::Pagination(PaginationError::ForeignOrigin { uri, origin })) = &results[1] else {
        panic!("{:?}", results[1]);
    };
    assert_eq!(uri, "http://127.0.0.2:1/items?<redacted>");
    assert_eq!(origin, &base);
    assert_eq!(targets.try_iter().count(), 1);
}
