//! `setters!`: the crate's one way to write chainable `set_*` methods on wire structs whose
//! fields are `Option<_>`. Each setter names its field and a kind; the kind picks the argument
//! type:
//!
//! | kind | argument | stored as |
//! |---|---|---|
//! | `text` | `impl Into<String>` | `Some(value.into())` |
//! | `text_of<T>` | `impl WireText<T>`: a `T`, `&T` or any string | `Some(value.into_text())` |
//! | `amount` | `impl Into<Amount>` | `Some(value.into())` |
//! | `blank_amount` | `impl Into<Amount>` | `Some(Blankable::Value(value.into()))` |
//! | `blank<T>` | `T` | `Some(Blankable::Value(value))` |
//! | `value<T>` | `T` (codes, `bool`, `i64`) | `Some(value)` |
//!
//! ```ignore
//! setters!(Taxinvoice {
//!     /// Sets `invoicerCorpName`.
//!     set_invoicer_corp_name => invoicer_corp_name: text,
//!     /// Sets `taxType`.
//!     set_tax_type => tax_type: value<TaxType>,
//! });
//! ```

macro_rules! setters {
    ($ty:ident { $( $(#[$m:meta])* $setter:ident => $field:ident : $kind:ident $(<$t:ty>)? ),* $(,)? }) => {
        impl $ty {
            $( setters!(@one [$(#[$m])*] $setter $field $kind $(<$t>)?); )*
        }
    };
    (@one [$(#[$m:meta])*] $setter:ident $field:ident text) => {
        $(#[$m])*
        pub fn $setter(mut self, value: impl Into<String>) -> Self {
            self.$field = Some(value.into());
            self
        }
    };
    (@one [$(#[$m:meta])*] $setter:ident $field:ident text_of <$t:ty>) => {
        $(#[$m])*
        pub fn $setter(mut self, value: impl $crate::WireText<$t>) -> Self {
            self.$field = Some(value.into_text());
            self
        }
    };
    (@one [$(#[$m:meta])*] $setter:ident $field:ident amount) => {
        $(#[$m])*
        pub fn $setter(mut self, value: impl Into<$crate::Amount>) -> Self {
            self.$field = Some(value.into());
            self
        }
    };
    (@one [$(#[$m:meta])*] $setter:ident $field:ident blank_amount) => {
        $(#[$m])*
        pub fn $setter(mut self, value: impl Into<$crate::Amount>) -> Self {
            self.$field = Some($crate::taxinvoice::Blankable::Value(value.into()));
            self
        }
    };
    (@one [$(#[$m:meta])*] $setter:ident $field:ident blank <$t:ty>) => {
        $(#[$m])*
        pub fn $setter(mut self, value: $t) -> Self {
            self.$field = Some($crate::taxinvoice::Blankable::Value(value));
            self
        }
    };
    (@one [$(#[$m:meta])*] $setter:ident $field:ident value <$t:ty>) => {
        $(#[$m])*
        pub fn $setter(mut self, value: $t) -> Self {
            self.$field = Some(value);
            self
        }
    };
}
