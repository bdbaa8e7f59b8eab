//! Plain text: the whole input is one document, handed to the analyzer's
//! fast path as it is (decoding and segmentation happen there, without a
//! copy of the bytes).

use std::borrow::Cow;

use super::{Format, Input, Item};

/// The plain-text reader.
pub(super) struct Text;

impl Format for Text {
    fn read<'a>(&self, input: &Input<'_, 'a>) -> Vec<Item<'a>> {
        vec![Item::Text {
            name: input.name.to_owned(),
            bytes: Cow::Borrowed(input.bytes),
        }]
    }
}
