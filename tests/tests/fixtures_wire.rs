//! What the fixture clients put on the wire, seen through a recording transport: the URL of each
//! query style and of percent-encoded path parameters, headers and cookies, each body encoding's
//! bytes and content type, credentials per security scheme; and serde round trips of the types.

use apiforge_runtime::{Bytes, Transport, TransportError};
use apiforge_tests::fixtures::{bodies, composition, parameters, security, types};
use std::sync::{Arc, Mutex};

/// Keeps every request and answers `204 No Content`.
#[derive(Clone, Default)]
struct Recorder {
    requests: Arc<Mutex<Vec<apiforge_runtime::http::Request<Bytes>>>>,
}

impl Transport for Recorder {
    async fn send(
        &self,
        request: apiforge_runtime::http::Request<Bytes>,
    ) -> Result<apiforge_runtime::http::Response<Bytes>, TransportError> {
        self.requests.lock().unwrap().push(request);
        Ok(apiforge_runtime::http::Response::builder()
            .status(204)
            .body(Bytes::new())
            .unwrap())
    }
}

impl Recorder {
    fn last(&self) -> apiforge_runtime::http::Request<Bytes> {
        self.requests
            .lock()
            .unwrap()
            .pop()
            .expect("a request was sent")
    }
}

fn header(request: &apiforge_runtime::http::Request<Bytes>, name: &str) -> Option<String> {
    request
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_string())
}

#[tokio::test]
async fn parameters_travel_in_their_style() {
    let wire = Recorder::default();
    let client = parameters::Client::with_transport("http://h/base", wire.clone()).unwrap();
    let filter = parameters::GetItemsItemIdPartsPartFilter {
        color: Some("red".into()),
        size: Some(2),
        ..Default::default()
    };
    client
        .get_items_item_id_parts_part(
            "a b/c?",
            7,
            Some(&[1, 2]),
            Some(&["x".into(), "y".into()]),
            Some(&["s t".into(), "u".into()]),
            Some(&["p".into(), "q".into()]),
            Some(&filter),
            "req-1",
            Some("abc"),
        )
        .await
        .unwrap();
    let request = wire.last();
    println!("{}", request.uri());
    assert_eq!(
        request.uri().to_string(),
        "http://h/base/items/a%20b%2Fc%3F/parts/7?ids=1&ids=2&tags=x,y&spaced=s%20t%20u&piped=p|q&filter[color]=red&filter[size]=2"
    );
    assert_eq!(header(&request, "x-request-id").as_deref(), Some("req-1"));
    assert_eq!(header(&request, "cookie").as_deref(), Some("session=abc"));
}

#[tokio::test]
async fn bodies_travel_in_their_media_type() {
    let wire = Recorder::default();
    let client = bodies::Client::with_transport("http://h", wire.clone()).unwrap();
    let note = bodies::Note {
        title: "a&b".into(),
        count: Some(2),
        additional_properties: Default::default(),
    };
    let mut seen = Vec::new();
    client.send_json(&note).await.unwrap();
    seen.push(wire.last());
    client.send_patch(&note).await.unwrap();
    seen.push(wire.last());
    client.send_form(&note).await.unwrap();
    seen.push(wire.last());
    client.send_text("plain").await.unwrap();
    seen.push(wire.last());
    client.send_bytes(Some(&[0, 159, 255])).await.unwrap();
    seen.push(wire.last());
    let expected: [(&str, &[u8]); 5] = [
        ("application/json", br#"{"title":"a&b","count":2}"#),
        (
            "application/merge-patch+json",
            br#"{"title":"a&b","count":2}"#,
        ),
        ("application/x-www-form-urlencoded", b"title=a%26b&count=2"),
        ("text/plain", b"plain"),
        ("application/octet-stream", &[0, 159, 255]),
    ];
    for (request, (content_type, body)) in seen.iter().zip(expected) {
        assert_eq!(
            header(request, "content-type").as_deref(),
            Some(content_type)
        );
        assert_eq!(request.body().as_ref(), body, "{content_type}");
    }
    client
        .send_multipart(&bodies::SendMultipartBody {
            title: "t".into(),
            count: Some(3),
            additional_properties: Default::default(),
        })
        .await
        .unwrap();
    let request = wire.last();
    let content_type = header(&request, "content-type").unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("a multipart content type");
    let body = String::from_utf8(request.body().to_vec()).unwrap();
    assert!(body.contains("name=\"title\"\r\n\r\nt\r\n"), "{body}");
    assert!(body.contains("name=\"count\"\r\n\r\n3\r\n"), "{body}");
    assert!(body.ends_with(&format!("--{boundary}--\r\n")), "{body}");
    // Several media types: one method each.
    client.send_either(Some(&note)).await.unwrap();
    assert_eq!(
        header(&wire.last(), "content-type").as_deref(),
        Some("application/json")
    );
    client.send_either_form(Some(&note)).await.unwrap();
    assert_eq!(
        header(&wire.last(), "content-type").as_deref(),
        Some("application/x-www-form-urlencoded")
    );
}

#[tokio::test]
async fn credentials_follow_each_scheme() {
    let wire = Recorder::default();
    let client = security::Client::with_transport("http://h", wire.clone())
        .unwrap()
        .with_bearer("tok")
        .with_basic("user", Some("pw"))
        .with_header_key("hk")
        .with_query_key("qk")
        .with_cookie_key("ck")
        .with_oauth("otok");
    client.uses_default().await.unwrap();
    assert_eq!(
        header(&wire.last(), "authorization").as_deref(),
        Some("Bearer tok")
    );
    client.api_key_header().await.unwrap();
    assert_eq!(header(&wire.last(), "x-api-key").as_deref(), Some("hk"));
    client.api_key_query().await.unwrap();
    // A query key reaches the URI only when the transport attaches it, just before sending.
    let mut request = wire.last();
    assert_eq!(request.uri().to_string(), "http://h/query");
    apiforge_runtime::attach_query_credentials(&mut request);
    assert_eq!(request.uri().to_string(), "http://h/query?api_key=qk");
    client.api_key_cookie().await.unwrap();
    assert_eq!(header(&wire.last(), "cookie").as_deref(), Some("token=ck"));
    client.basic_auth().await.unwrap();
    assert_eq!(
        header(&wire.last(), "authorization").as_deref(),
        Some("Basic dXNlcjpwdw==")
    );
    client.oauth().await.unwrap();
    assert_eq!(
        header(&wire.last(), "authorization").as_deref(),
        Some("Bearer otok")
    );
    client.public().await.unwrap();
    assert_eq!(header(&wire.last(), "authorization"), None);
}

#[test]
fn unions_enums_and_maps_round_trip() {
    fn round_trip<T>(json: &str) -> T
    where
        T: apiforge_runtime::serde::de::DeserializeOwned
            + apiforge_runtime::serde::Serialize
            + std::fmt::Debug
            + PartialEq,
    {
        let value: T = serde_json::from_str(json).unwrap();
        let again = serde_json::to_value(&value).unwrap();
        assert_eq!(
            again,
            serde_json::from_str::<serde_json::Value>(json).unwrap(),
            "{value:?}"
        );
        value
    }
    // Explicit mapping, implicit mapping, unknown tag.
    let pet: composition::Pet = round_trip(r#"{"pet_type":"doggo","good":true}"#);
    assert!(matches!(pet, composition::Pet::Dog(_)), "{pet:?}");
    let shape: composition::Shape = round_trip(r#"{"kind":"Circle","radius":1.5}"#);
    assert!(matches!(shape, composition::Shape::Circle(_)), "{shape:?}");
    let unknown: composition::Pet = round_trip(r#"{"pet_type":"fish"}"#);
    assert!(matches!(unknown, composition::Pet::Unknown(_)));
    // Properties beside a oneOf keep both.
    let with: composition::WithProps = round_trip(r#"{"id":"1","pet_type":"cat","lives":9}"#);
    assert_eq!(with.id, "1");
    // Open enums keep unknown values; odd values have their own variants.
    let colors: Vec<types::Color> = round_trip(r#"["dark-blue","","Other","mauve"]"#);
    assert_eq!(colors[0], types::Color::DarkBlue);
    assert_eq!(colors[3], types::Color::Other("mauve".into()));
    let levels: Vec<types::Level> = round_trip("[-1,100,7]");
    assert_eq!(levels[0], types::Level::Minus1);
    assert_eq!(levels[2], types::Level::Other(7));
    // Optional nullable: absent and null stay apart.
    let _: composition::NewPet = round_trip(r#"{"name":"a","tag":null}"#);
    let _: composition::NewPet = round_trip(r#"{"name":"a"}"#);
    // additionalProperties: kept in a map.
    let open: types::Open = round_trip(r#"{"known":"k","extra":"e"}"#);
    assert_eq!(open.additional_properties["extra"], "e");
    let _: composition::Tree =
        round_trip(r#"{"value":1,"children":[{"value":2}],"parent":{"value":0}}"#);
}
