//! API keys and OAuth2 tokens: which account they act for, with which scopes and role.

use serde::{Deserialize, Serialize};
use solapi_auth::Secret;
use time::OffsetDateTime;

/// Scope needed to read history and balance.
pub const SCOPE_CASH_READ: &str = solapi_cash_core::Scope::Read.as_str();
/// Scope needed to recharge.
pub const SCOPE_CASH_WRITE: &str = solapi_cash_core::Scope::Write.as_str();

/// How long an OAuth2 access token lives (emulator clock).
pub const TOKEN_LIFETIME: time::Duration = time::Duration::hours(24);

/// The member role behind a key or token. Only `Owner` has `role-cash:write`, needed to
/// recharge; all three have `role-cash:read`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Role {
    /// `OWNER`: `role-cash:read` and `role-cash:write`.
    #[default]
    Owner,
    /// `DEVELOPER`: `role-cash:read` only.
    Developer,
    /// `MEMBER`: `role-cash:read` only.
    Member,
}

impl Role {
    /// Whether the role grants `role-cash:write`.
    pub fn can_write_cash(self) -> bool {
        matches!(self, Role::Owner)
    }
}

/// Scopes and role of a new API key or token.
///
/// ```
/// use solapi_cash_emulator::{KeySpec, Role};
///
/// assert_eq!(KeySpec::default().scopes, ["cash:read", "cash:write"]);
/// assert_eq!(KeySpec::read_only().scopes, ["cash:read"]);
/// assert_eq!(KeySpec::default().role(Role::Developer).role, Role::Developer);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct KeySpec {
    /// Granted scopes, such as `cash:read` and `cash:write`.
    pub scopes: Vec<String>,
    /// Member role.
    pub role: Role,
}

impl Default for KeySpec {
    /// Both cash scopes, role `OWNER`: everything is allowed.
    fn default() -> Self {
        Self {
            scopes: vec![SCOPE_CASH_READ.to_owned(), SCOPE_CASH_WRITE.to_owned()],
            role: Role::Owner,
        }
    }
}

impl KeySpec {
    /// Only `cash:read`, role `OWNER`: reads succeed, a recharge gets 403 `Unauthorized`.
    pub fn read_only() -> Self {
        Self {
            scopes: vec![SCOPE_CASH_READ.to_owned()],
            role: Role::Owner,
        }
    }

    /// Sets the role.
    #[must_use]
    pub fn role(mut self, role: Role) -> Self {
        self.role = role;
        self
    }

    pub(crate) fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }
}

/// A registered API key.
#[derive(Debug, Clone)]
pub(crate) struct KeyRecord {
    pub(crate) account_id: String,
    pub(crate) secret: Secret,
    pub(crate) spec: KeySpec,
}

/// An issued access token.
#[derive(Debug, Clone)]
pub(crate) struct TokenRecord {
    pub(crate) account_id: String,
    pub(crate) spec: KeySpec,
    pub(crate) expires_at: OffsetDateTime,
}
