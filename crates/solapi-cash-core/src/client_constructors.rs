//! [`client_constructors!`]: the constructors both clients have, written once.

/// Gives a client type its constructors — `builder()`, `from_env()` — and `engine()`: the
/// same three methods, with the same documentation, on the async and the blocking `Client`.
/// For client crates: the type must implement [`FromEngine`](crate::transport::FromEngine) and hold its
/// engine in a field named `engine` (an `Arc<Engine>`).
///
/// ```
/// use std::sync::Arc;
/// use solapi_cash_core::transport::FromEngine;
/// use solapi_cash_core::{ClientConfig, Engine, Error};
///
/// /// A client of one's own, over some transport.
/// pub struct MyClient {
///     engine: Arc<Engine>,
/// }
///
/// impl FromEngine for MyClient {
///     type Http = ();
///     fn default_http(_: &ClientConfig) -> Result<(), Error> {
///         Ok(())
///     }
///     fn from_engine(engine: Arc<Engine>, (): ()) -> MyClient {
///         MyClient { engine }
///     }
/// }
///
/// solapi_cash_core::client_constructors!(MyClient);
///
/// let client = MyClient::builder()
///     .credentials(solapi_cash_core::Credentials::api_key("NCSAYU7YDBXYORXC", "my-api-secret"))
///     .build()?;
/// assert_eq!(client.engine().config().base_url().as_str(), "https://api.solapi.com");
/// # Ok::<(), Error>(())
/// ```
#[macro_export]
macro_rules! client_constructors {
    ($client:ident) => {
        impl $client {
            /// Starts configuring a client.
            pub fn builder() -> $crate::ClientBuilder<$client> {
                $crate::ClientBuilder::new()
            }

            /// A client with credentials from `SOLAPI_API_KEY` + `SOLAPI_API_SECRET` (or
            /// `SOLAPI_ACCESS_TOKEN`) and the base URL from `SOLAPI_BASE_URL` (or the
            /// default).
            pub fn from_env() -> ::core::result::Result<$client, $crate::Error> {
                $client::builder().with_env()?.build()
            }

            /// The engine: the settings ([`Engine::config`](solapi_cash_core::Engine::config))
            /// and what the client has learned, such as the offset to the server's clock
            /// ([`Engine::clock_offset`](solapi_cash_core::Engine::clock_offset)).
            pub fn engine(&self) -> &$crate::Engine {
                &self.engine
            }
        }
    };
}
