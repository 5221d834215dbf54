//! `WireText<T>`: what a setter of a text field accepts. Fields that hold a business number,
//! a document number or a date are text on the wire and in the model (answers keep whatever
//! the server sent), but their setters take the typed value as well as any string:
//! `set_invoicer_corp_num(&corp)`, `set_invoicer_corp_num("1234567890")`.

use std::borrow::Cow;

use super::{CorpNum, Date8, DateTime14, ItemKey, MgtKey, NtsConfirmNum};

/// A value that can fill a text field meant for a `T`: a `T` itself (or a reference to it),
/// or any string, which validation judges later.
///
/// ```
/// use popbill_model::{CorpNum, WireText};
/// let corp = CorpNum::parse("2208162517").unwrap();
/// assert_eq!(WireText::<CorpNum>::into_text(&corp), "2208162517");
/// assert_eq!(WireText::<CorpNum>::into_text("1234567890"), "1234567890");
/// ```
pub trait WireText<T> {
    /// The wire text.
    fn into_text(self) -> String;
}

impl<T> WireText<T> for &str {
    fn into_text(self) -> String {
        self.to_owned()
    }
}

impl<T> WireText<T> for String {
    fn into_text(self) -> String {
        self
    }
}

impl<T> WireText<T> for &String {
    fn into_text(self) -> String {
        self.clone()
    }
}

impl<T> WireText<T> for Cow<'_, str> {
    fn into_text(self) -> String {
        self.into_owned()
    }
}

macro_rules! typed_text {
    ($($t:ty),+) => {
        $(
            impl WireText<$t> for $t {
                fn into_text(self) -> String {
                    self.to_string()
                }
            }

            impl WireText<$t> for &$t {
                fn into_text(self) -> String {
                    self.to_string()
                }
            }
        )+
    };
}

typed_text!(CorpNum, Date8, DateTime14, MgtKey, ItemKey, NtsConfirmNum);
