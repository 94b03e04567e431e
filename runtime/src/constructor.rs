//! `default_client_constructor!`: the `new` constructor generated clients get over the default transport.

/// Gives generated client type `$client` a `new(base_url)` over `ReqwestTransport` (feature `reqwest`).
///
/// `$client` must define `with_transport(base_url: &str, transport: T) -> Result<Self, ConfigError>`.
#[cfg(feature = "reqwest")]
#[macro_export]
macro_rules! default_client_constructor {
    ($client:ident) => {
        impl $client<$crate::ReqwestTransport> {
            /// Creates a client for `base_url` over the default reqwest transport.
            pub fn new(base_url: &str) -> ::core::result::Result<Self, $crate::ConfigError> {
                Self::with_transport(base_url, $crate::ReqwestTransport::new())
            }
        }
    };
}

/// Expands to nothing: without the `reqwest` feature there is no default transport.
#[cfg(not(feature = "reqwest"))]
#[macro_export]
macro_rules! default_client_constructor {
    ($client:ident) => {};
}
