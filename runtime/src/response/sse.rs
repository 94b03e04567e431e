//! A `text/event-stream` parser following the WHATWG HTML "Server-sent events" interpretation
//! rules: CR, LF and CRLF line ends, comments, `data` lines joined by LF, `event`, `id` (kept
//! across events, ignored when it holds NUL) and `retry`; an unfinished event at the end is dropped.

use std::collections::VecDeque;
use std::time::Duration;

/// One server-sent event; `T` is its data, text unless decoded (see `EventStream::json`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerSentEvent<T = String> {
    /// The event type: the `event` field, or `message`.
    pub event: String,
    /// The data: the `data` lines joined by LF.
    pub data: T,
    /// The last event id the stream set, if any.
    pub id: Option<String>,
    /// The reconnection time, when this event's block carried a valid `retry` field.
    pub retry: Option<Duration>,
}

/// An event grew beyond the parser's limit before it ended.
#[derive(Debug)]
pub(crate) struct EventTooLarge;

/// Turns chunks of a `text/event-stream` body into events, holding at most `limit` bytes of an
/// unfinished event.
#[derive(Debug)]
pub(crate) struct SseParser {
    limit: usize,
    line: Vec<u8>,
    after_cr: bool,
    first_line: bool,
    event: String,
    data: String,
    last_id: Option<String>,
    retry: Option<Duration>,
}

impl SseParser {
    pub(crate) fn new(limit: usize) -> Self {
        Self {
            limit,
            line: Vec::new(),
            after_cr: false,
            first_line: true,
            event: String::new(),
            data: String::new(),
            last_id: None,
            retry: None,
        }
    }

    /// Parses `chunk`, pushing each event it completes onto `events`.
    pub(crate) fn feed(
        &mut self,
        chunk: &[u8],
        events: &mut VecDeque<ServerSentEvent>,
    ) -> Result<(), EventTooLarge> {
        for &byte in chunk {
            match byte {
                b'\n' if self.after_cr => self.after_cr = false,
                b'\r' | b'\n' => {
                    self.after_cr = byte == b'\r';
                    self.end_line(events);
                }
                _ => {
                    self.after_cr = false;
                    self.line.push(byte);
                }
            }
            if self.line.len() + self.data.len() > self.limit {
                return Err(EventTooLarge);
            }
        }
        Ok(())
    }

    fn end_line(&mut self, events: &mut VecDeque<ServerSentEvent>) {
        let bytes = std::mem::take(&mut self.line);
        let mut line = String::from_utf8_lossy(&bytes).into_owned();
        if std::mem::take(&mut self.first_line) && line.starts_with('\u{feff}') {
            line.remove(0);
        }
        if line.is_empty() {
            return self.dispatch(events);
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line.as_str(), ""),
        };
        match field {
            "event" => value.clone_into(&mut self.event),
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
            }
            "id" if !value.contains('\0') => self.last_id = Some(value.to_owned()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                self.retry = value.parse().ok().map(Duration::from_millis);
            }
            _ => {}
        }
    }

    fn dispatch(&mut self, events: &mut VecDeque<ServerSentEvent>) {
        let event = std::mem::take(&mut self.event);
        let retry = self.retry.take();
        if self.data.is_empty() {
            return;
        }
        let mut data = std::mem::take(&mut self.data);
        data.pop();
        events.push_back(ServerSentEvent {
            event: if event.is_empty() {
                "message".to_owned()
            } else {
                event
            },
            data,
            id: self.last_id.clone(),
            retry,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `stream` fed `step` bytes at a time.
    fn parse(stream: &str, step: usize) -> Vec<ServerSentEvent> {
        let mut parser = SseParser::new(1024);
        let mut events = VecDeque::new();
        for chunk in stream.as_bytes().chunks(step) {
            parser.feed(chunk, &mut events).unwrap();
        }
        events.into()
    }

    fn event(event: &str, data: &str, id: Option<&str>) -> ServerSentEvent {
        ServerSentEvent {
            event: event.to_owned(),
            data: data.to_owned(),
            id: id.map(str::to_owned),
            retry: None,
        }
    }

    #[test]
    fn fields_comments_and_line_ends_in_any_chunking() {
        let stream = "\u{feff}: a comment\r\ndata: first\rdata:second\n\r\n\
                      event: update\nid: 7\ndata\n\nid\n\ndata: {\"n\":1}\n\n\
                      data: no blank line, dropped";
        for step in [1, 2, 3, 1000] {
            assert_eq!(
                parse(stream, step),
                [
                    event("message", "first\nsecond", None),
                    event("update", "", Some("7")),
                    event("message", "{\"n\":1}", Some("")),
                ],
                "step {step}"
            );
        }
    }

    #[test]
    fn retry_needs_digits_and_ids_refuse_nul() {
        let events = parse(
            "retry: 2500\nid: a\0b\ndata: x\n\nretry: 1s\ndata: y\n\n",
            4,
        );
        assert_eq!(events[0].retry, Some(Duration::from_millis(2500)));
        assert_eq!(events[0].id, None);
        assert_eq!(events[1].retry, None);
        assert_eq!(events[1].data, "y");
    }

    #[test]
    fn events_without_data_are_not_dispatched_and_reset_the_type() {
        assert_eq!(
            parse("event: ping\n\ndata: x\n\n", 5),
            [event("message", "x", None)]
        );
    }

    #[test]
    fn an_event_over_the_limit_is_an_error() {
        let mut parser = SseParser::new(16);
        let mut events = VecDeque::new();
        assert!(parser.feed(b"data: 0123456789\n", &mut events).is_ok());
        assert!(parser.feed(b"data: 0123456789\n", &mut events).is_err());
        let mut parser = SseParser::new(16);
        assert!(parser.feed(&[b'x'; 17], &mut events).is_err());
    }
}
