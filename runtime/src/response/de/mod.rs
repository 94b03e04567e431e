//! Deserialization support for generated models: objects read field by field (keeping or skipping
//! undeclared keys), discriminated unions dispatched on their tag without a detour through
//! `serde_json::Value` when the tag comes first, and open string enums.
//!
//! Generated code implements [`Object`], [`Tagged`] or [`OpenEnum`] and forwards its `Deserialize`
//! to [`object`], [`tagged`] or [`open_enum`].

mod buffered;
mod key;
mod object;
mod open_enum;
mod tagged;

pub use key::Key;
pub use object::{field, field_or_empty, keep, object, required, skip, Object};
pub use open_enum::{open_enum, OpenEnum};
pub use tagged::{tagged, Tagged};
