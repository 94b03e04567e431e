//! Typed response headers of the `headers` fixture, read from a local server's responses: every
//! header type, `Set-Cookie` occurrences, error statuses, and what a missing or bad header does.

use apiforge_runtime::{Error, FromHeaders, HeaderError};
use apiforge_tests::fixtures::headers::{
    Client, CreateSessionCreatedHeaders, CreateSessionCreatedXMode, CreateSessionError,
    CreateSessionTooManyRequestsHeaders,
};
use apiforge_tests::local_server::{serve, Reply};

const REQUEST_ID: &str = "6e2f1f3e-3c3a-4a0b-9c3e-2f1f3e3c3a4a";

fn created() -> Reply {
    Reply::json(201, r#"{"id":"s1"}"#)
        .header("Location", "/session/s1")
        .header(
            "Set-Cookie",
            "session=s3cr3t; Expires=Wed, 21 Oct 2026 07:28:00 GMT",
        )
        .header("Set-Cookie", "csrf=abc")
        .header("X-Rate-Limit-Remaining", "41")
        .header("X-Rate-Limit-Reset", "2026-12-02T09:15:59.25+02:00")
        .header("X-Request-Id", REQUEST_ID)
        .header("X-Mode", "slow")
        .header("X-Region-Ids", "3, 5")
        .header("X-Region-Ids", "8")
}

#[tokio::test]
async fn every_declared_header_is_typed() {
    let (base, _) = serve(|_, _| created());
    let client = Client::new(&base).unwrap();
    let response = client.create_session_with_response().await.unwrap();
    assert_eq!(response.id, "s1");
    let headers: CreateSessionCreatedHeaders = response.typed_headers().unwrap();
    assert_eq!(headers.location, "/session/s1");
    assert_eq!(
        headers.set_cookie,
        [
            "session=s3cr3t; Expires=Wed, 21 Oct 2026 07:28:00 GMT",
            "csrf=abc"
        ]
    );
    assert_eq!(headers.x_rate_limit_remaining, 41);
    let reset = headers.x_rate_limit_reset.as_ref().unwrap();
    assert_eq!(reset.to_string(), "2026-12-02T09:15:59.25+02:00");
    assert_eq!(headers.x_request_id.to_string(), REQUEST_ID);
    assert_eq!(headers.x_mode, Some(CreateSessionCreatedXMode::Slow));
    assert_eq!(headers.x_region_ids, Some(vec![3, 5, 8]));
    assert_eq!(headers.x_experimental, None);
    // The raw map is still there, and the typed struct's Debug hides the cookies as it does.
    assert_eq!(response.headers()["x-mode"], "slow");
    let shown = format!("{headers:?}");
    assert!(shown.contains("set_cookie: Sensitive"), "{shown}");
    assert!(!shown.contains("s3cr3t"), "{shown}");
}

#[tokio::test]
async fn error_responses_reach_their_declared_headers() {
    let (base, _) = serve(|_, _| {
        Reply::json(429, r#"{"message":"slow down"}"#)
            .header("Retry-After", "30")
            .header("X-Request-Id", REQUEST_ID)
    });
    let client = Client::new(&base).unwrap();
    let Err(Error::Response(response)) = client.create_session().await else {
        panic!("a documented 429 is Error::Response");
    };
    let CreateSessionError::TooManyRequests(problem) = &*response;
    assert_eq!(problem.message.as_deref(), Some("slow down"));
    let headers: CreateSessionTooManyRequestsHeaders = response.typed_headers().unwrap();
    assert_eq!(headers.retry_after, 30);
    assert_eq!(headers.x_request_id.to_string(), REQUEST_ID);
}

#[tokio::test]
async fn a_missing_or_bad_header_fails_the_accessor_not_the_call() {
    let (base, _) = serve(|target, _| match target {
        "/session" => Reply::json(201, r#"{"id":"s2"}"#)
            .header("Location", "/session/s2")
            .header("X-Request-Id", REQUEST_ID),
        _ => unreachable!("{target}"),
    });
    let client = Client::new(&base).unwrap();
    let response = client.create_session_with_response().await.unwrap();
    assert_eq!(response.id, "s2");
    let missing = response
        .typed_headers::<CreateSessionCreatedHeaders>()
        .unwrap_err();
    assert!(
        matches!(
            missing,
            HeaderError::Missing {
                name: "x-rate-limit-remaining"
            }
        ),
        "{missing:?}"
    );

    let mut bad = response.headers().clone();
    bad.insert("x-rate-limit-remaining", "41".parse().unwrap());
    bad.insert("x-region-ids", "3,four".parse().unwrap());
    let invalid = CreateSessionCreatedHeaders::from_headers(&bad).unwrap_err();
    assert!(
        matches!(
            invalid,
            HeaderError::Invalid {
                name: "x-region-ids",
                ..
            }
        ),
        "{invalid:?}"
    );
    bad.insert("x-region-ids", "3".parse().unwrap());
    bad.insert("x-mode", "sideways".parse().unwrap());
    let headers = CreateSessionCreatedHeaders::from_headers(&bad).unwrap();
    assert_eq!(
        headers.x_mode,
        Some(CreateSessionCreatedXMode::Other("sideways".into()))
    );
}

#[test]
fn the_blocking_client_reads_the_same_headers() {
    let (base, _) = serve(|_, _| created());
    let client = apiforge_tests::fixtures::headers::blocking::Client::new(&base).unwrap();
    let response = client.create_session_with_response().unwrap();
    let headers: CreateSessionCreatedHeaders = response.typed_headers().unwrap();
    assert_eq!(headers.x_region_ids, Some(vec![3, 5, 8]));
}
