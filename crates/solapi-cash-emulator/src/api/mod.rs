//! The four Cash API endpoints, and who may call them.

pub(crate) mod auth;
pub(crate) mod balance;
pub(crate) mod history;
pub(crate) mod payments;
pub(crate) mod recharge;
