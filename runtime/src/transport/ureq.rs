//! The blocking backend over ureq 3 (feature `ureq`; HTTPS needs feature `ureq-rustls`).

use bytes::Bytes;

use super::blocking::BlockingTransport;
use super::{RequestTimeout, ResponseTooLarge, TransportError, DEFAULT_MAX_RESPONSE_BYTES};
use crate::request::attach_query_credentials;

/// A [`BlockingTransport`] over a `ureq::Agent`: no async runtime needed.
///
/// Redirects are returned, not followed; 4xx and 5xx are responses, not errors; bodies larger
/// than the limit ([`DEFAULT_MAX_RESPONSE_BYTES`] unless [`Self::max_response_bytes`] says
/// otherwise) fail with [`ResponseTooLarge`]. Errors never print the request URI.
#[derive(Clone, Debug)]
pub struct UreqTransport {
    agent: ureq::Agent,
    max_response_bytes: Option<u64>,
}

impl UreqTransport {
    /// A transport with an agent that neither follows redirects nor turns statuses into errors.
    pub fn new() -> Self {
        let config = ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .build();
        Self::from_agent(ureq::Agent::new_with_config(config))
    }

    /// Wraps a caller-configured agent; configure it with `max_redirects(0)` and
    /// `http_status_as_error(false)` so 3xx and error responses reach the caller.
    pub fn from_agent(agent: ureq::Agent) -> Self {
        Self {
            agent,
            max_response_bytes: Some(DEFAULT_MAX_RESPONSE_BYTES),
        }
    }

    /// Refuses response bodies longer than `limit` bytes (`None`: no limit).
    pub fn max_response_bytes(mut self, limit: Option<u64>) -> Self {
        self.max_response_bytes = limit;
        self
    }
}

impl Default for UreqTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl BlockingTransport for UreqTransport {
    fn send(
        &self,
        mut request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        let timeout = RequestTimeout::of(&request);
        attach_query_credentials(&mut request);
        let (parts, body) = request.into_parts();
        let request = http::Request::from_parts(parts, &body[..]);
        let request = match timeout {
            Some(timeout) => self
                .agent
                .configure_request(request)
                .timeout_global(Some(timeout))
                .build(),
            None => request,
        };
        let response = self.agent.run(request).map_err(TransportError::new)?;
        let (parts, mut body) = response.into_parts();
        let body = body
            .with_config()
            .limit(self.max_response_bytes.unwrap_or(u64::MAX))
            .read_to_vec()
            .map_err(|e| match e {
                ureq::Error::BodyExceedsLimit(limit) => {
                    TransportError::new(ResponseTooLarge { limit })
                }
                other => TransportError::new(other),
            })?;
        Ok(http::Response::from_parts(parts, Bytes::from(body)))
    }
}
