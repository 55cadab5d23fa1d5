//! String enums of the API that must stay open: the service adds values over time (history
//! `type` has had `DEDUCT` and `SET` come and go), so an unknown value is kept as it was sent
//! instead of failing the whole page.

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::wire::lenient::raw_string;

/// Defines an open string enum: known variants, plus `Other(String)` for anything else.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        // A value this version keeps as `Other` may get its own variant in a later version.
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version does not know, kept exactly as sent.
            Other(String),
        }

        impl $name {
            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Other(s) => s,
                }
            }

            /// The known values, in documentation order.
            pub fn known() -> &'static [&'static str] {
                &[$( $wire ),+]
            }

            fn from_wire(s: &str) -> Option<$name> {
                match s {
                    $( $wire => Some($name::$variant), )+
                    _ => None,
                }
            }
        }

        impl FromStr for $name {
            type Err = Infallible;
            fn from_str(s: &str) -> Result<$name, Infallible> {
                Ok($name::from(s))
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> $name {
                $name::from_wire(s).unwrap_or_else(|| $name::Other(s.to_owned()))
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> $name {
                $name::from_wire(&s).unwrap_or($name::Other(s))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<$name, D::Error> {
                d.deserialize_str(OpenEnumVisitor(std::marker::PhantomData::<$name>))
            }
        }

        impl crate::wire::lenient::LenientValue for $name {
            fn from_raw(raw: &str) -> Option<$name> {
                // Borrowed when it can be: a known value then costs no allocation.
                Some(match raw_string(raw)? {
                    std::borrow::Cow::Borrowed(s) => $name::from(s),
                    std::borrow::Cow::Owned(s) => $name::from(s),
                })
            }
        }
    };
}

/// Decodes any open enum from a borrowed or owned string without an allocation for known values.
struct OpenEnumVisitor<T>(std::marker::PhantomData<T>);

impl<T: for<'a> From<&'a str> + From<String>> serde::de::Visitor<'_> for OpenEnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
        Ok(T::from(v))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<T, E> {
        Ok(T::from(v))
    }
}

open_enum! {
    /// The kind of a balance change (`type` of a history entry).
    pub enum HistoryType {
        /// A recharge paid by the user.
        Recharge = "RECHARGE",
        /// A manual adjustment by SOLAPI staff.
        Manual = "MANUAL",
        /// A deduction, for example for sent messages.
        Deduct = "DEDUCT",
        /// The balance was set (reset) to a value.
        Set = "SET",
        /// Balance moved between two accounts (`POST /cash/v1/transfer`): negative on the
        /// sender's history, positive on the receiver's. *Inferred*: the documents name no
        /// entry type for a transfer.
        Transfer = "TRANSFER",
        /// Balance taken for a withdrawal to the bank account (`POST /cash/v1/withdraw`),
        /// negative, the whole `totalAmount` (fee included). *Inferred*: the documents name
        /// no entry type for a withdrawal.
        Withdraw = "WITHDRAW",
    }
}

open_enum! {
    /// How a recharge was paid (`rechargeMethod`).
    pub enum RechargeMethod {
        /// A card, through Stripe.
        Stripe = "STRIPE",
        /// A bank account transfer.
        AccountTransfer = "ACCOUNT-TRANSFER",
    }
}

open_enum! {
    /// Which service used the money (`serviceMethod`).
    pub enum ServiceMethod {
        /// Message sending.
        Mt = "MT",
    }
}

open_enum! {
    /// The state of a withdrawal (`status`). Only `PENDING` is documented (createwithdraw.md's
    /// answer); the others are *inferred* names of its life cycle, and anything else is kept.
    pub enum WithdrawStatus {
        /// Asked for, not yet paid out (documented).
        Pending = "PENDING",
        /// Paid out to the bank account (*inferred*).
        Completed = "COMPLETED",
        /// Refused or cancelled; the money stays in the account (*inferred*).
        Rejected = "REJECTED",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_values_round_trip() {
        for wire in ["RECHARGE", "MANUAL", "DEDUCT", "SET", "REFUND", "충전", ""] {
            let parsed: HistoryType = serde_json::from_str(&format!("{wire:?}")).unwrap();
            assert_eq!(parsed.as_str(), wire);
            assert_eq!(serde_json::to_string(&parsed).unwrap(), format!("{wire:?}"));
        }
        assert_eq!(HistoryType::from("RECHARGE"), HistoryType::Recharge);
        assert_eq!(
            HistoryType::from("recharge"),
            HistoryType::Other("recharge".into())
        );
        assert_eq!(
            RechargeMethod::from("ACCOUNT-TRANSFER"),
            RechargeMethod::AccountTransfer
        );
        assert_eq!(ServiceMethod::from("MT".to_string()), ServiceMethod::Mt);
        assert_eq!(ServiceMethod::from("LMS").to_string(), "LMS");
    }

    #[test]
    fn non_strings_are_rejected() {
        assert!(serde_json::from_str::<HistoryType>("1").is_err());
        assert!(serde_json::from_str::<RechargeMethod>("null").is_err());
    }
}
