//! Transports that hand over the response body as it arrives: the tower and hyper transports,
//! and reqwest's with the `stream` feature.

use std::future::Future;
use std::pin::Pin;

use bytes::Bytes;
use futures_util::Stream;

use super::{MaybeSend, Transport, TransportError};

/// A response body as a stream of chunks (`Send` except on `wasm32`).
#[cfg(not(target_arch = "wasm32"))]
pub type ByteStream = Pin<Box<dyn Stream<Item = Result<Bytes, TransportError>> + Send>>;
/// A response body as a stream of chunks (`Send` except on `wasm32`).
#[cfg(target_arch = "wasm32")]
pub type ByteStream = Pin<Box<dyn Stream<Item = Result<Bytes, TransportError>>>>;

/// A [`Transport`] that can also return the response as soon as its head arrives, with the body
/// as a [`ByteStream`]; used by `Client::send_streaming`. The body is not size-limited (the
/// reader decides how much to keep); a [`RequestTimeout`](super::RequestTimeout) bounds what
/// the backend bounds (reqwest: the whole exchange; tower backends: until the head arrives).
pub trait StreamingTransport: Transport {
    /// Sends `request` and returns the response with its body still arriving.
    fn send_streaming(
        &self,
        request: http::Request<Bytes>,
    ) -> impl Future<Output = Result<http::Response<ByteStream>, TransportError>> + MaybeSend;
}

impl<T: StreamingTransport + ?Sized> StreamingTransport for &T {
    fn send_streaming(
        &self,
        request: http::Request<Bytes>,
    ) -> impl Future<Output = Result<http::Response<ByteStream>, TransportError>> + MaybeSend {
        (**self).send_streaming(request)
    }
}

#[cfg(all(feature = "reqwest", feature = "stream"))]
impl StreamingTransport for super::ReqwestTransport {
    async fn send_streaming(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<ByteStream>, TransportError> {
        use futures_util::StreamExt;

        let mut response = self.execute(request).await?;
        let head = super::reqwest::response_head(&mut response, ());
        let body = response
            .bytes_stream()
            .map(|chunk| chunk.map_err(TransportError::new));
        Ok(head.map(|()| Box::pin(body) as ByteStream))
    }
}

#[cfg(feature = "tower")]
impl<S, B, R> StreamingTransport for super::TowerTransport<S, B>
where
    S: tower_service::Service<http::Request<B>, Response = http::Response<R>> + Clone + Send + Sync,
    S::Future: Send,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    B: From<Bytes> + Send,
    R: http_body::Body + Send + 'static,
    R::Data: Send,
    R::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    async fn send_streaming(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<ByteStream>, TransportError> {
        use bytes::Buf;
        use futures_util::StreamExt;

        let timeout = super::RequestTimeout::of(&request);
        let response = super::tower::within(timeout, self.call(request)).await?;
        Ok(response.map(|body| {
            let chunks = http_body_util::BodyDataStream::new(body).map(|chunk| {
                chunk
                    .map(|mut data| {
                        let length = data.remaining();
                        data.copy_to_bytes(length)
                    })
                    .map_err(|e| TransportError::new(e.into()))
            });
            Box::pin(chunks) as ByteStream
        }))
    }
}

#[cfg(feature = "hyper")]
impl StreamingTransport for super::HyperTransport {
    fn send_streaming(
        &self,
        request: http::Request<Bytes>,
    ) -> impl Future<Output = Result<http::Response<ByteStream>, TransportError>> + MaybeSend {
        self.tower().send_streaming(request)
    }
}
