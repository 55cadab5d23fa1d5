//! `option_setters!`: the setter idiom of the builders.
//!
//! Each optional field `x` of type `T` gets two setters: `x(value: impl Into<T>)`, and
//! `maybe_x(value: Option<impl Into<T>>)` for callers that hold an `Option` (a command line's
//! flags, a form); `None` unsets the field. The `maybe_` prefix follows the convention of the
//! `bon` builder crate; `impl Into<Option<T>>` was not chosen because it would lose the
//! conversions into `T` (`&str` into `String`, a `Date` into a `DateBound`). Numbers (`exact`)
//! take `T` itself, so that a literal such as `.limit(100)` needs no suffix.

/// Generates the two setters of each `name / maybe_name: Type` listed (`Type exact`: without
/// `Into`), storing into `self.<target>.<name>`.
macro_rules! option_setters {
    ($target:ident; $( $(#[$doc:meta])* $name:ident / $maybe:ident: $ty:ty $([$exact:ident])? ),+ $(,)?) => {
        $(
            $crate::setters::option_setters!(@one $target, [$(#[$doc])*], $name, $maybe, $ty, [$($exact)?]);
        )+
    };
    (@one $target:ident, [$(#[$doc:meta])*], $name:ident, $maybe:ident, $ty:ty, []) => {
        $(#[$doc])*
        pub fn $name(mut self, value: impl Into<$ty>) -> Self {
            self.$target.$name = Some(value.into());
            self
        }

        #[doc = concat!("[`", stringify!($name), "`](Self::", stringify!($name), ") from an `Option`: `None` unsets it.")]
        pub fn $maybe(mut self, value: Option<impl Into<$ty>>) -> Self {
            self.$target.$name = value.map(Into::into);
            self
        }
    };
    (@one $target:ident, [$(#[$doc:meta])*], $name:ident, $maybe:ident, $ty:ty, [exact]) => {
        $(#[$doc])*
        pub fn $name(mut self, value: $ty) -> Self {
            self.$target.$name = Some(value);
            self
        }

        #[doc = concat!("[`", stringify!($name), "`](Self::", stringify!($name), ") from an `Option`: `None` unsets it.")]
        pub fn $maybe(mut self, value: Option<$ty>) -> Self {
            self.$target.$name = value;
            self
        }
    };
}
pub(crate) use option_setters;
