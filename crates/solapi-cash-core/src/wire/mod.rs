//! What every endpoint shares on the wire: building its request ([`request`]), turning an
//! error answer into an [`Error`](crate::Error) ([`classify`]) and decoding a success body
//! ([`decode`]).

pub(crate) mod classify;
pub(crate) mod decode;
pub(crate) mod request;
