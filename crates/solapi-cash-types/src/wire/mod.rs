//! How the models meet the wire: raw JSON capture, the [`Extra`] fields a model keeps, lenient
//! decoding of descriptive fields, and the `wire_model!` macro that defines each response
//! model once. The rule it implements is written down in `docs/models.md`.

mod extra;
pub(crate) mod lenient;
pub(crate) mod model;
pub(crate) mod raw;

pub use extra::Extra;
