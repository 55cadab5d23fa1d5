//! `wire_model!`: one definition of a response model gives the struct, a hand-written
//! (de)serializer over its keys, and its place among lenient values.
//!
//! Hand-written rather than derived because the derive cannot do what the models need without
//! `#[serde(flatten)]`, which buffers every entry through serde's `Content` and is several
//! times slower on the history hot path: unknown keys kept raw in order, descriptive fields
//! that fall back to raw JSON instead of failing, and known fields written back in their
//! documented place.
//!
//! Each field names its wire key and its rule:
//! - `required`: must be present and of its type (money, ids, dates): else the decode error
//!   with the JSON path;
//! - `optional`: may be missing or `null`, strict otherwise (an `Option`);
//! - `nullable`: as `optional`, but written as `null` when absent (`balance`, the one field
//!   every balance answer has);
//! - `lenient`: descriptive; missing, `null` or of an unexpected type all leave it absent, the
//!   last kept raw in `extra`.
//!
//! `nulls` says whether an absent optional field is written as `null` (the history entry,
//! whose documented form always has every key) or left out. `one_known = true` refuses an
//! object with none of the model's fields (for a model whose fields are all optional: an
//! object that shares nothing with it is not that answer). `debug = manual` leaves `Debug` to
//! the model's file (the bank account's number is shown masked).

/// Defines a response model; see the module documentation.
macro_rules! wire_model {
    (
        $(#[$meta:meta])*
        pub struct $name:ident (nulls = $nulls:literal $(, one_known = $one_known:literal)?
            $(, debug = $debug:ident)?) {
            $(
                $(#[$fmeta:meta])*
                $field:ident: $ty:ty = $wire:literal, $rule:ident;
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq)]
        #[non_exhaustive]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $ty, )+
            /// What this model did not understand, as the raw JSON the service sent: unknown
            /// fields, and descriptive fields of an unexpected type. Written back on
            /// serialization.
            pub extra: $crate::wire::Extra,
        }

        impl $name {
            /// The wire names of the fields this model knows, in documented order.
            pub(crate) const WIRE_NAMES: &'static [&'static str] = &[$($wire),+];
        }

        wire_model!(@debug [$($debug)?] $name { $($field)+ });

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<$name, D::Error> {
                #[allow(non_camel_case_types)]
                enum Field { $($field,)+ __unknown }

                /// Reads a key; an unknown one is stored in `unknown` (so that the key itself
                /// stays one byte on the hot path).
                struct KeySeed<'a> {
                    unknown: &'a mut Option<String>,
                }
                impl<'de> serde::de::DeserializeSeed<'de> for KeySeed<'_> {
                    type Value = Field;
                    #[inline]
                    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Field, D::Error> {
                        d.deserialize_identifier(self)
                    }
                }
                impl serde::de::Visitor<'_> for KeySeed<'_> {
                    type Value = Field;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("a field name")
                    }
                    #[inline]
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Field, E> {
                        Ok(match v {
                            $( $wire => Field::$field, )+
                            _ => {
                                $crate::wire::model::remember(self.unknown, v);
                                Field::__unknown
                            }
                        })
                    }
                }

                struct ModelVisitor;
                impl<'de> serde::de::Visitor<'de> for ModelVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a JSON object (", stringify!($name), ")"))
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<$name, A::Error> {
                        $( let mut $field = $crate::wire::model::wire_model!(@slot $rule $ty); )+
                        let mut extra = $crate::wire::Extra::new();
                        let mut unknown = None;
                        let mut known = false;
                        while let Some(key) = map.next_key_seed(KeySeed { unknown: &mut unknown })? {
                            known |= !matches!(key, Field::__unknown);
                            match key {
                                $(
                                    Field::$field => {
                                        $crate::wire::model::wire_model!(
                                            @decode $rule, map, $field, $wire,
                                            stringify!($name), extra
                                        );
                                    }
                                )+
                                Field::__unknown => {
                                    let name = unknown.take().unwrap_or_default();
                                    extra.push(name, map.next_value()?);
                                }
                            }
                        }
                        if $crate::wire::model::wire_model!(@one_known $($one_known)?) && !known {
                            return Err(serde::de::Error::custom(format_args!(
                                "no field of {} (expected at least one of {})",
                                stringify!($name),
                                $name::WIRE_NAMES.join(", ")
                            )));
                        }
                        Ok($name {
                            $( $field: $crate::wire::model::wire_model!(@finish $rule $field $wire), )+
                            extra,
                        })
                    }
                }
                d.deserialize_map(ModelVisitor)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = s.serialize_map(None)?;
                $(
                    $crate::wire::model::wire_model!(
                        @serialize $rule, map, &self.$field, $wire, &self.extra, $nulls
                    );
                )+
                self.extra.serialize_unknown(&mut map, Self::WIRE_NAMES)?;
                map.end()
            }
        }

        impl $crate::wire::lenient::LenientValue for $name {
            fn from_raw(raw: &str) -> Option<$name> {
                serde_json::from_str(raw).ok()
            }
        }
    };

    (@one_known) => { false };
    (@one_known $one_known:literal) => { $one_known };

    (@slot required $ty:ty) => { None::<$ty> };
    (@slot nullable $ty:ty) => { None::<$ty> };
    (@slot optional $ty:ty) => { None::<$ty> };
    (@slot lenient $ty:ty) => { <$ty as $crate::wire::lenient::LenientField>::absent() };

    (@decode lenient, $map:ident, $field:ident, $wire:literal, $model:expr, $extra:ident) => {
        $crate::wire::lenient::decode_lenient(&mut $map, $model, $wire, &mut $field, &mut $extra)?
    };
    (@decode $rule:ident, $map:ident, $field:ident, $wire:literal, $model:expr, $extra:ident) => {
        $crate::wire::lenient::decode_strict(&mut $map, $wire, &mut $field)?
    };

    (@finish required $field:ident $wire:literal) => {
        $field.ok_or_else(|| serde::de::Error::missing_field($wire))?
    };
    (@finish nullable $field:ident $wire:literal) => { $field.unwrap_or_default() };
    (@finish optional $field:ident $wire:literal) => { $field.unwrap_or_default() };
    (@finish lenient $field:ident $wire:literal) => { $field };

    // `Debug` as derived, field by field; `debug = manual`: the model's file writes its own
    // (a field that is personal data is shown masked).
    (@debug [] $name:ident { $($field:ident)+ }) => {
        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($name))
                    $(.field(stringify!($field), &self.$field))+
                    .field("extra", &self.extra)
                    .finish()
            }
        }
    };
    (@debug [manual] $name:ident { $($field:ident)+ }) => {};
    (@serialize required, $map:ident, $value:expr, $wire:literal, $extra:expr, $nulls:literal) => {
        $map.serialize_entry($wire, $value)?
    };
    (@serialize nullable, $map:ident, $value:expr, $wire:literal, $extra:expr, $nulls:literal) => {
        $crate::wire::lenient::serialize_field(&mut $map, $wire, $value, $extra, true)?
    };
    (@serialize $rule:ident, $map:ident, $value:expr, $wire:literal, $extra:expr, $nulls:literal) => {
        $crate::wire::lenient::serialize_field(&mut $map, $wire, $value, $extra, $nulls)?
    };
}
pub(crate) use wire_model;

/// Keeps the name of an unknown key (out of line: the known keys are the hot path).
#[cold]
#[inline(never)]
pub(crate) fn remember(slot: &mut Option<String>, key: &str) {
    *slot = Some(key.to_owned());
}
