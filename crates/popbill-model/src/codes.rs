//! Code tables used on the wire (Korean strings, small integers and letters).
//! Every table is defined with [`crate::code_enum!`].
