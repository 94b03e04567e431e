//! The `new` constructors generated clients get over the default transports:
//! `default_client_constructor!` (async, reqwest) and `default_blocking_client_constructor!` (ureq).

/// Gives `$client<$transport>` a `new(base_url)`; `$client` must define
/// `with_transport(base_url: &str, transport: T) -> Result<Self, ConfigError>`.
#[doc(hidden)]
#[macro_export]
macro_rules! __client_constructor {
    ($client:ident, $transport:ident, $doc:literal) => {
        impl $client<$crate::$transport> {
            #[doc = $doc]
            pub fn new(base_url: &str) -> ::core::result::Result<Self, $crate::ConfigError> {
                Self::with_transport(base_url, $crate::$transport::new())
            }
        }
    };
}

/// Gives generated client type `$client` a `new(base_url)` over `ReqwestTransport` (feature `reqwest`).
///
/// `$client` must define `with_transport(base_url: &str, transport: T) -> Result<Self, ConfigError>`.
#[cfg(feature = "reqwest")]
#[macro_export]
macro_rules! default_client_constructor {
    ($client:ident) => {
        $crate::__client_constructor!(
            $client,
            ReqwestTransport,
            "Creates a client for `base_url` over the default reqwest transport."
        );
    };
}

/// Expands to nothing: without the `reqwest` feature there is no default transport.
#[cfg(not(feature = "reqwest"))]
#[macro_export]
macro_rules! default_client_constructor {
    ($client:ident) => {};
}

/// Gives generated blocking client type `$client` a `new(base_url)` over `UreqTransport` (feature `ureq`).
///
/// `$client` must define `with_transport(base_url: &str, transport: T) -> Result<Self, ConfigError>`.
#[cfg(feature = "ureq")]
#[macro_export]
macro_rules! default_blocking_client_constructor {
    ($client:ident) => {
        $crate::__client_constructor!(
            $client,
            UreqTransport,
            "Creates a blocking client for `base_url` over the ureq transport."
        );
    };
}

/// Expands to nothing: without the `ureq` feature there is no default blocking transport.
#[cfg(not(feature = "ureq"))]
#[macro_export]
macro_rules! default_blocking_client_constructor {
    ($client:ident) => {};
}
