//! Files in every format for the format tests, written by hand at run time
//! (an HTML page in ISO-8859-2, records, zip archives whose headers can lie).
//!
//! Included by the integration tests (`tests/common`) and by the crate's
//! unit tests (`src/tests`), so it names nothing of paradup.

use std::io::Write;

/// The paragraph copied between formats.
pub const SHARED: &str = "Żółte liście spadały na mokry chodnik, a miejski ogrodnik zbierał je do wielkich worków przed świtem.";
/// A paragraph found once.
pub const OTHER: &str =
    "Nothing in this paragraph is repeated anywhere else in the little test corpus we build.";

/// A text file: [`OTHER`], then [`SHARED`].
pub fn story_txt() -> String {
    format!("{OTHER}\n\n{SHARED}\n")
}

/// An HTML page in ISO-8859-2 with noise around one copy of [`SHARED`]
/// (written with an entity for one letter); returns the bytes and the
/// span the paragraph must get.
pub fn page_html() -> (Vec<u8>, (u64, u64)) {
    let enc = |s: &str| encoding_rs::ISO_8859_2.encode(s).0.into_owned();
    let mut b = enc("<!DOCTYPE html>\n<html><head>\n<meta charset=\"iso-8859-2\">\n<title>Jesień w mieście ogrodnik</title>\n<style>p { margin: 0 } /* Żółte liście spadały */</style>\n<script>var s = \"<p>Żółte liście spadały na mokry chodnik</p>\";</script>\n</head><body>\n<nav><a href=\"/\">Strona główna</a> <a href=\"/x\">Wiadomości dnia</a></nav>\n<!-- Żółte liście spadały na mokry chodnik, a miejski ogrodnik -->\n<div hidden>Żółte liście spadały na mokry chodnik, a miejski ogrodnik zbierał</div>\n<p style=\"display:none\">ukryty tekst akapitu</p>\n<p>\n  ");
    let start = b.len();
    // "Żółte" with Ż as an entity, a tag in the middle.
    b.extend(enc("&#379;ółte liście <em>spadały</em> na mokry chodnik, a miejski ogrodnik zbierał je do wielkich worków przed świtem."));
    let end = b.len();
    b.extend(enc("\n</p>\n<p>Tom &amp; Jerry&nbsp;are here, in a paragraph of their own today.</p>\n</body></html>\n"));
    (b, (start as u64, end as u64))
}

/// JSON Lines and CSV records: the JSONL one holds [`SHARED`] (with an
/// escape), a record without a text field and escapes; the CSV one holds a
/// two-paragraph field and [`SHARED`].
pub fn records() -> (String, String) {
    let jsonl = format!(
        "{{\"id\": 1, \"text\": \"Caf\\u00e9 \\\"owners\\\" said the new menu would arrive next week.\\n\\n{}\"}}\n\n{{\"id\": 2, \"title\": \"no text here\"}}\n{{\"text\": \"Tab\\there and a slash \\/ in a record about nothing at all.\"}}\n",
        SHARED.replace('ł', "\\u0142")
    );
    let csv = format!(
        "id,text,author\n7,\"Hello, \"\"quoted\"\" world, with commas, inside a field.\n\nSecond paragraph of the same record, after a blank line.\",ann\n8,\"{SHARED}\",bob\n"
    );
    (jsonl, csv)
}

/// CRC-32 (IEEE), bit by bit: fine for the few small entries here.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// One zip entry, written by hand so sizes can lie.
pub struct Entry {
    /// Its name in the archive.
    pub name: String,
    /// 0 stored, 8 deflated.
    pub method: u16,
    /// Its CRC-32, as written.
    pub crc: u32,
    /// Its bytes, as written.
    pub data: Vec<u8>,
    /// Its uncompressed size, as written (true or not).
    pub size: u32,
}

/// An entry stored uncompressed, as it is.
pub fn stored(name: &str, data: &[u8]) -> Entry {
    Entry {
        name: name.into(),
        method: 0,
        crc: crc32(data),
        data: data.to_vec(),
        size: data.len() as u32,
    }
}

/// A deflate stream of `mib` MiB of zeros, built from one sync-flushed
/// MiB repeated (each block refers only to zeros before it).
pub fn zeros_deflated(mib: usize) -> Vec<u8> {
    let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(&vec![0u8; 1 << 20]).unwrap();
    enc.flush().unwrap();
    let chunk = enc.get_ref().clone();
    let mut out = Vec::with_capacity(chunk.len() * mib + 2);
    for _ in 0..mib {
        out.extend_from_slice(&chunk);
    }
    out.extend_from_slice(&[0x03, 0x00]); // final empty block
    out
}

/// A zip archive of `entries`, headers written as the entries say.
pub fn zip(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = out.len() as u32;
        let name = e.name.as_bytes();
        let header = |sig: &[u8], central: bool| {
            let mut h = sig.to_vec();
            if central {
                h.extend(20u16.to_le_bytes()); // made by
            }
            h.extend(20u16.to_le_bytes()); // needed
            h.extend(0x0800u16.to_le_bytes()); // UTF-8 names
            h.extend(e.method.to_le_bytes());
            h.extend([0, 0, 0x21, 0]); // time, date
            h.extend(e.crc.to_le_bytes());
            h.extend((e.data.len() as u32).to_le_bytes());
            h.extend(e.size.to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra
            if central {
                h.extend([0; 6]); // comment length, disk, internal attributes
                h.extend(0u32.to_le_bytes()); // external attributes
                h.extend(offset.to_le_bytes());
            }
            h.extend_from_slice(name);
            h
        };
        let local = header(b"PK\x03\x04", false);
        central.extend(header(b"PK\x01\x02", true));
        out.extend(local);
        out.extend_from_slice(&e.data);
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend(b"PK\x05\x06");
    out.extend([0; 4]);
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// An archive of [`page_html`], [`story_txt`], a nested archive, a name
/// that climbs out of the folder, two zip bombs (one honest about its size,
/// one lying) and an entry after them.
pub fn pack_zip() -> Vec<u8> {
    let (html, _) = page_html();
    let inner = zip(&[stored("inner.txt", story_txt().as_bytes())]);
    let bomb = zeros_deflated(300);
    zip(&[
        stored("docs/story.txt", story_txt().as_bytes()),
        stored("docs/page.html", &html),
        stored("nested.zip", &inner),
        stored("../../evil.txt", format!("{OTHER}\n").as_bytes()),
        // Says 300 MiB: skipped from its header.
        Entry {
            name: "bomb-honest.txt".into(),
            method: 8,
            crc: 0,
            data: bomb.clone(),
            size: 300 << 20,
        },
        // Says 1 KB but inflates to 300 MiB: stopped by take() at the limit.
        Entry {
            name: "bomb-lying.txt".into(),
            method: 8,
            crc: 0,
            data: bomb,
            size: 1000,
        },
        stored(
            "after.txt",
            b"An entry after the bombs is still read as usual here.",
        ),
    ])
}

/// A zip archive written by the `zip` crate with its default options,
/// holding `entries` in order; a name ending in `/` is a folder.
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let options = zip::write::SimpleFileOptions::default();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        if name.ends_with('/') {
            w.add_directory(*name, options).unwrap();
        } else {
            w.start_file(*name, options).unwrap();
            w.write_all(data).unwrap();
        }
    }
    w.finish().unwrap().into_inner()
}
