//! `setters!`: the crate's one way to write chainable `set_*` methods on wire structs whose
//! fields are `Option<_>`. Each setter names its field and a kind; the kind picks the argument
//! type. A setter that ends in `= "wireName"` gets the doc line "Sets `wireName`."; one with more
//! to say carries its own doc comment instead:
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
//!     set_invoicer_corp_name => invoicer_corp_name: text = "invoicerCorpName",
//!     /// Sets `taxType` (과세, 영세 or 면세).
//!     set_tax_type => tax_type: value<TaxType>,
//! });
//! ```

macro_rules! setters {
    ($ty:ident { $( $(#[$m:meta])* $setter:ident => $field:ident : $kind:ident $(<$t:ty>)? $(= $wire:literal)? ),* $(,)? }) => {
        impl $ty {
            $( setters!(@one [$(#[$m])* $(#[doc = concat!("Sets `", $wire, "`.")])?] $setter $field $kind $(<$t>)?); )*
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
