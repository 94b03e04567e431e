//! The response size limit transports enforce while reading a body, and the error they report.

use bytes::{Bytes, BytesMut};

/// The default limit of a response body: 64 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// A response body was larger than the transport's limit; reading stopped at the limit.
///
/// Transports return it inside a [`TransportError`](crate::TransportError), found with
/// `error.get_ref().downcast_ref::<ResponseTooLarge>()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the response body is larger than the limit of {limit} bytes")]
pub struct ResponseTooLarge {
    /// The limit, in bytes.
    pub limit: u64,
}

/// Collects a body chunk by chunk, refusing to grow past a limit (`None`: no limit).
#[derive(Debug)]
#[cfg_attr(not(any(feature = "reqwest", feature = "tower")), allow(dead_code))]
pub(crate) struct LimitedBody {
    limit: Option<u64>,
    len: u64,
    chunks: Vec<Bytes>,
}

#[cfg_attr(not(any(feature = "reqwest", feature = "tower")), allow(dead_code))]
impl LimitedBody {
    /// An empty body; refuses at once when the declared `Content-Length` is over the limit.
    pub(crate) fn new(
        limit: Option<u64>,
        content_length: Option<u64>,
    ) -> Result<Self, ResponseTooLarge> {
        let body = Self {
            limit,
            len: 0,
            chunks: Vec::new(),
        };
        body.check(content_length.unwrap_or(0))?;
        Ok(body)
    }

    /// Adds the next chunk, or refuses it when the body would pass the limit.
    pub(crate) fn push(&mut self, chunk: Bytes) -> Result<(), ResponseTooLarge> {
        let len = self.len.saturating_add(chunk.len() as u64);
        self.check(len)?;
        self.len = len;
        if !chunk.is_empty() {
            self.chunks.push(chunk);
        }
        Ok(())
    }

    /// The whole body (a single chunk is returned without copying).
    pub(crate) fn finish(mut self) -> Bytes {
        if self.chunks.len() <= 1 {
            return self.chunks.pop().unwrap_or_default();
        }
        let mut all = BytesMut::with_capacity(self.chunks.iter().map(Bytes::len).sum());
        for chunk in &self.chunks {
            all.extend_from_slice(chunk);
        }
        all.freeze()
    }

    fn check(&self, len: u64) -> Result<(), ResponseTooLarge> {
        match self.limit {
            Some(limit) if len > limit => Err(ResponseTooLarge { limit }),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_up_to_the_limit() {
        let mut body = LimitedBody::new(Some(5), None).unwrap();
        body.push(Bytes::from_static(b"ab")).unwrap();
        body.push(Bytes::from_static(b"")).unwrap();
        body.push(Bytes::from_static(b"cde")).unwrap();
        assert_eq!(
            body.push(Bytes::from_static(b"f")),
            Err(ResponseTooLarge { limit: 5 })
        );
        assert_eq!(body.finish(), "abcde");
    }

    #[test]
    fn a_declared_length_over_the_limit_is_refused_before_reading() {
        assert!(LimitedBody::new(Some(5), Some(5)).is_ok());
        let err = LimitedBody::new(Some(5), Some(6)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the response body is larger than the limit of 5 bytes"
        );
    }

    #[test]
    fn no_limit_and_single_chunks() {
        let mut body = LimitedBody::new(None, Some(u64::MAX)).unwrap();
        let chunk = Bytes::from(vec![7; 1000]);
        body.push(chunk.clone()).unwrap();
        let whole = body.finish();
        assert_eq!(whole.as_ptr(), chunk.as_ptr());
        assert_eq!(LimitedBody::new(None, None).unwrap().finish(), "");
    }
}
