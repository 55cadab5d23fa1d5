//! The HTTP side: server loop, per-request pipeline, routes, errors, bodies.

pub(crate) mod admin_routes;
pub(crate) mod body;
pub(crate) mod error;
pub(crate) mod pipeline;
pub(crate) mod router;
pub(crate) mod server;
pub(crate) mod service_texts;
