//! Streamed responses (feature `stream`): the body as a stream of byte chunks, or a
//! `text/event-stream` body as a stream of (typed) server-sent events.

use std::collections::VecDeque;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::BytesMut;
use futures_util::{Stream, StreamExt};
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use super::sse::{ServerSentEvent, SseParser};
use super::{RawResponse, ResponseValue};
use crate::config::DEFAULT_MAX_EVENT_BYTES;
use crate::transport::{ByteStream, TransportError};

/// A response whose body arrives as a stream (see `Client::send_streaming`).
pub struct StreamingResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: ByteStream,
}

impl std::fmt::Debug for StreamingResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamingResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .finish_non_exhaustive()
    }
}

impl StreamingResponse {
    /// A response from a transport's streamed `http::Response`.
    pub fn new(response: http::Response<ByteStream>) -> Self {
        let (parts, body) = response.into_parts();
        Self {
            status: parts.status,
            headers: parts.headers,
            body,
        }
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body as it arrives, chunk by chunk (a download of any size in bounded memory).
    pub fn into_byte_stream(self) -> ByteStream {
        self.body
    }

    /// The body read whole, up to `limit` bytes (for error responses): an error past the limit.
    pub async fn into_raw(mut self, limit: usize) -> Result<RawResponse, TransportError> {
        let mut body = BytesMut::new();
        while let Some(chunk) = self.body.next().await {
            let chunk = chunk?;
            if body.len() + chunk.len() > limit {
                return Err(TransportError::new(format!(
                    "the response body is longer than {limit} bytes"
                )));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(RawResponse::new(self.status, self.headers, body.freeze()))
    }

    /// The `text/event-stream` body as server-sent events of at most 1 MiB each.
    pub fn events(self) -> EventStream {
        self.events_with_limit(DEFAULT_MAX_EVENT_BYTES)
    }

    /// The `text/event-stream` body as server-sent events of at most `limit` bytes each.
    pub fn events_with_limit(self, limit: usize) -> EventStream {
        EventStream::new(self.body, limit)
    }

    /// Status, headers and the body as a byte stream (what generated download methods return).
    pub fn into_bytes(self) -> ResponseValue<ByteStream> {
        ResponseValue::new(self.body, self.status, self.headers)
    }

    /// Status, headers and the body as text events of at most `limit` bytes each.
    pub fn into_events(self, limit: usize) -> ResponseValue<EventStream> {
        let Self {
            status,
            headers,
            body,
        } = self;
        ResponseValue::new(EventStream::new(body, limit), status, headers)
    }

    /// Status, headers and the body as events of at most `limit` bytes each, their data decoded
    /// from JSON as `T`.
    pub fn into_json_events<T: DeserializeOwned>(
        self,
        limit: usize,
    ) -> ResponseValue<JsonEventStream<T>> {
        self.into_events(limit).map(EventStream::json)
    }
}

/// Why a streamed body could not be read on.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StreamError {
    /// The transport failed while the body arrived.
    #[error("the response body could not be read")]
    Transport(#[source] TransportError),
    /// One event grew past the limit before it ended; the stream stops.
    #[error("a server-sent event is longer than the limit")]
    EventTooLarge,
    /// An event's data is not the expected JSON.
    #[error("the data of a server-sent event is not the expected JSON")]
    Json(#[source] serde_json::Error),
}

/// Server-sent events parsed from a streamed body; ends after the first error.
pub struct EventStream {
    body: ByteStream,
    parser: SseParser,
    ready: VecDeque<ServerSentEvent>,
    done: bool,
}

impl std::fmt::Debug for EventStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream").finish_non_exhaustive()
    }
}

impl EventStream {
    fn new(body: ByteStream, limit: usize) -> Self {
        Self {
            body,
            parser: SseParser::new(limit),
            ready: VecDeque::new(),
            done: false,
        }
    }

    /// Each event with its data decoded from JSON as `T`.
    pub fn json<T: DeserializeOwned>(self) -> JsonEventStream<T> {
        JsonEventStream {
            events: self,
            data: PhantomData,
        }
    }
}

impl Stream for EventStream {
    type Item = Result<ServerSentEvent, StreamError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(event) = this.ready.pop_front() {
                return Poll::Ready(Some(Ok(event)));
            }
            if this.done {
                return Poll::Ready(None);
            }
            match ready!(this.body.as_mut().poll_next(cx)) {
                Some(Ok(chunk)) => {
                    if this.parser.feed(&chunk, &mut this.ready).is_err() {
                        this.done = true;
                        return Poll::Ready(Some(Err(StreamError::EventTooLarge)));
                    }
                }
                Some(Err(e)) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(StreamError::Transport(e))));
                }
                None => this.done = true,
            }
        }
    }
}

/// Server-sent events whose data is JSON decoded as `T` (see [`EventStream::json`]); an event
/// whose data does not decode is a [`StreamError::Json`] item, and the stream goes on.
pub struct JsonEventStream<T> {
    events: EventStream,
    // `fn() -> T`: the stream holds no `T`, so it is `Send` and `Unpin` whatever `T` is.
    data: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for JsonEventStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsonEventStream").finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned> Stream for JsonEventStream<T> {
    type Item = Result<ServerSentEvent<T>, StreamError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let event = match ready!(self.events.poll_next_unpin(cx)) {
            Some(Ok(event)) => event,
            Some(Err(e)) => return Poll::Ready(Some(Err(e))),
            None => return Poll::Ready(None),
        };
        Poll::Ready(Some(
            serde_json::from_str(&event.data)
                .map(|data| ServerSentEvent {
                    event: event.event,
                    data,
                    id: event.id,
                    retry: event.retry,
                })
                .map_err(StreamError::Json),
        ))
    }
}
