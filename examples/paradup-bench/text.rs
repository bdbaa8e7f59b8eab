//! Deterministic synthetic prose: a small PRNG, a generated vocabulary,
//! paragraphs built from sentences, the planted edits and the file layouts.

/// SplitMix64: small, fast and good enough for generating test text.
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A random element.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// Common English function words, so unrelated paragraphs share words the
/// way real text does.
pub const FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "as", "was", "with", "be",
    "by", "on", "not", "he", "this", "are", "or", "his", "from", "at", "which", "but", "have",
    "an", "they", "you", "were", "her", "she", "there", "been", "one", "all", "we", "their", "has",
    "would", "when", "if", "so", "no", "will", "more", "can", "said", "who", "about", "than",
    "its", "into", "them", "only", "also", "after", "over", "some", "these", "other", "may", "two",
    "could", "our", "then", "first", "any", "new", "now", "such", "like", "most", "what", "where",
    "before", "those", "through", "while", "because", "each", "many", "under", "between", "during",
    "without", "against", "should", "must", "both", "very", "still", "since", "here", "how", "why",
    "until", "much", "own", "same", "just", "the", "the", "of", "and", "to", "a", "in",
];

const ONSETS: &[&str] = &[
    "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "br",
    "cr", "dr", "fl", "gr", "pl", "pr", "st", "tr", "sh", "ch", "th", "", "",
];
const VOWELS: &[&str] = &[
    "a", "e", "i", "o", "u", "ai", "ea", "ou", "io", "a", "e", "o",
];
const CODAS: &[&str] = &["", "", "", "n", "r", "s", "l", "t", "m", "nd", "st", "ck"];

/// Places for datelines.
pub const CITIES: &[&str] = &[
    "BERLIN",
    "OSLO",
    "LONDON",
    "PARIS",
    "MADRID",
    "NAIROBI",
    "LIMA",
    "SEOUL",
    "NEW YORK",
    "WASHINGTON",
    "CAIRO",
    "TOKYO",
    "ROME",
    "DUBLIN",
    "LISBON",
    "ATHENS",
];

/// A generated vocabulary of content words, drawn with a Zipf-like skew.
pub struct Vocab {
    /// Content words, most frequent first.
    pub words: Vec<String>,
}

impl Vocab {
    /// `n` distinct pseudo-words.
    pub fn new(rng: &mut Rng, n: usize) -> Self {
        let mut seen = std::collections::HashSet::new();
        let mut words = Vec::with_capacity(n);
        while words.len() < n {
            let syllables = match rng.below(10) {
                0..=2 => 1,
                3..=6 => 2,
                7..=8 => 3,
                _ => 4,
            };
            let mut w = String::new();
            for _ in 0..syllables {
                w.push_str(rng.pick::<&str>(ONSETS));
                w.push_str(rng.pick::<&str>(VOWELS));
                w.push_str(rng.pick::<&str>(CODAS));
            }
            if w.len() >= 3 && !FUNCTION_WORDS.contains(&w.as_str()) && seen.insert(w.clone()) {
                words.push(w);
            }
        }
        Vocab { words }
    }

    /// A content word, rank `r` with probability about `1 / r` (log-uniform).
    pub fn zipf(&self, rng: &mut Rng) -> &str {
        zipf(rng, &self.words)
    }
}

/// A word of `words` (most frequent first), rank `r` with probability
/// about `1 / r` (log-uniform): the skew of every generated language.
pub fn zipf<'a>(rng: &mut Rng, words: &'a [String]) -> &'a str {
    let n = words.len() as f64;
    let r = ((rng.unit() * (n + 1.0).ln()).exp() - 1.0) as usize;
    &words[r.min(words.len() - 1)]
}

/// The sentences of a paragraph of about `min..=max` words, each of 5–18
/// words, made by `sentence(rng, length)` as its length is drawn (so the
/// draws interleave as they always did: corpora stay the same).
pub fn sentences<T>(
    rng: &mut Rng,
    min: usize,
    max: usize,
    mut sentence: impl FnMut(&mut Rng, usize) -> T,
) -> Vec<T> {
    let target = rng.range(min, max);
    let mut sentences = Vec::new();
    let mut words = 0;
    while words < target {
        let left = target - words;
        let len = if left <= 18 {
            left.max(5)
        } else {
            rng.range(5, 18.min(left - 5))
        };
        sentences.push(sentence(rng, len));
        words += len;
    }
    sentences
}

/// A document's topic: a few dozen content words it favours.
pub struct Topic {
    words: Vec<usize>,
}

impl Topic {
    /// A random topic of 40–80 words.
    pub fn new(rng: &mut Rng, vocab: &Vocab) -> Self {
        let n = rng.range(40, 80);
        Topic {
            words: (0..n).map(|_| rng.below(vocab.words.len())).collect(),
        }
    }
}

/// A paragraph as a list of sentences (each with its final punctuation).
#[derive(Clone, Debug)]
pub struct Para {
    /// Its sentences, joined by single spaces to make the text.
    pub sentences: Vec<String>,
}

impl Para {
    /// The paragraph's text.
    pub fn text(&self) -> String {
        self.sentences.join(" ")
    }

    /// Number of whitespace-separated words.
    pub fn words(&self) -> usize {
        self.sentences
            .iter()
            .map(|s| s.split_whitespace().count())
            .sum()
    }
}

/// Builds sentences and paragraphs.
pub struct Writer<'a> {
    /// The vocabulary.
    pub vocab: &'a Vocab,
}

impl Writer<'_> {
    fn content_word<'b>(&'b self, rng: &mut Rng, topic: Option<&Topic>) -> &'b str {
        match topic {
            Some(t) if rng.chance(0.45) => &self.vocab.words[*rng.pick(&t.words)],
            _ => self.vocab.zipf(rng),
        }
    }

    /// One sentence of about `len` words. Content words come from `bag`
    /// while it lasts, then from the topic and vocabulary.
    pub fn sentence_from(
        &self,
        rng: &mut Rng,
        topic: Option<&Topic>,
        len: usize,
        bag: &mut Vec<String>,
    ) -> String {
        let mut words: Vec<String> = Vec::with_capacity(len + 2);
        for _ in 0..len {
            if rng.chance(0.45) {
                words.push(rng.pick(FUNCTION_WORDS).to_string());
            } else if let Some(w) = bag.pop() {
                words.push(w);
            } else {
                let mut w = self.content_word(rng, topic).to_string();
                if rng.chance(0.04) {
                    w.push_str("'s");
                }
                if rng.chance(0.05) {
                    capitalize(&mut w);
                }
                words.push(w);
            }
        }
        // Decorations that the `repunct` edit can change.
        if len >= 6 && rng.chance(0.07) {
            let i = rng.range(1, len - 4);
            let j = i + rng.range(1, 3);
            words[i].insert(0, '"');
            words[j].push('"');
        }
        if len >= 6 && rng.chance(0.05) {
            let i = rng.range(2, len - 2);
            words.insert(i, "--".to_string());
        }
        if len >= 6 && rng.chance(0.2) {
            let i = rng.range(1, len - 3);
            if !words[i].ends_with('"') && words[i + 1] != "--" && words[i] != "--" {
                words[i].push(',');
            }
        }
        capitalize(&mut words[0]);
        let end = match rng.below(100) {
            0..=6 => "?",
            7..=9 => "!",
            10..=12 => "...",
            _ => ".",
        };
        let last = words.last_mut().expect("sentence has words");
        if last.ends_with('"') {
            last.pop();
            last.push_str(end);
            last.push('"');
        } else {
            last.push_str(end);
        }
        words.join(" ")
    }

    /// One sentence of 5–18 words.
    pub fn sentence(&self, rng: &mut Rng, topic: Option<&Topic>) -> String {
        let len = rng.range(5, 18);
        self.sentence_from(rng, topic, len, &mut Vec::new())
    }

    /// A paragraph of about `min..=max` words.
    pub fn paragraph(&self, rng: &mut Rng, topic: Option<&Topic>, min: usize, max: usize) -> Para {
        Para {
            sentences: sentences(rng, min, max, |rng, len| {
                self.sentence_from(rng, topic, len, &mut Vec::new())
            }),
        }
    }

    /// A headline: 4–8 title-cased words, no final punctuation.
    pub fn headline(&self, rng: &mut Rng) -> String {
        let n = rng.range(4, 8);
        let mut words = Vec::with_capacity(n);
        for i in 0..n {
            let mut w = if i > 0 && rng.chance(0.3) {
                rng.pick(FUNCTION_WORDS).to_string()
            } else {
                self.vocab.zipf(rng).to_string()
            };
            capitalize(&mut w);
            words.push(w);
        }
        words.join(" ")
    }
}

/// Upper-cases the first letter.
pub fn capitalize(w: &mut String) {
    if let Some(c) = w.chars().next() {
        let up: String = c.to_uppercase().collect();
        w.replace_range(..c.len_utf8(), &up);
    }
}

/// Whether a token is a function word (ignoring case and punctuation).
pub fn is_function_word(token: &str) -> bool {
    let bare: String = token
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    FUNCTION_WORDS.contains(&bare.as_str())
}

/// The planted edit kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EditKind {
    /// Verbatim copy.
    Exact,
    /// Case changes.
    Recase,
    /// Quote, dash, ellipsis and comma changes.
    Repunct,
    /// A dateline prefix.
    Dateline,
    /// About 5% of words substituted, inserted or deleted.
    Edit5,
    /// About 10% of words substituted, inserted or deleted.
    Edit10,
    /// Sentences shuffled.
    Reorder,
    /// Two sources concatenated into one paragraph.
    GluedPair,
    /// `MORE: headline` glued without a space to the front of a copy.
    GluedMore,
    /// First or second half, cut at a sentence boundary.
    Half,
    /// One sentence appended.
    SentenceAdded,
}

impl EditKind {
    /// Every kind, in report order.
    pub const ALL: [EditKind; 11] = [
        EditKind::Exact,
        EditKind::Recase,
        EditKind::Repunct,
        EditKind::Dateline,
        EditKind::Edit5,
        EditKind::Edit10,
        EditKind::Reorder,
        EditKind::GluedPair,
        EditKind::GluedMore,
        EditKind::Half,
        EditKind::SentenceAdded,
    ];

    /// The name printed in tables.
    pub fn name(self) -> &'static str {
        match self {
            EditKind::Exact => "exact",
            EditKind::Recase => "recase",
            EditKind::Repunct => "repunct",
            EditKind::Dateline => "dateline",
            EditKind::Edit5 => "edit5",
            EditKind::Edit10 => "edit10",
            EditKind::Reorder => "reorder",
            EditKind::GluedPair => "glued (A+B)",
            EditKind::GluedMore => "glued (MORE:)",
            EditKind::Half => "half",
            EditKind::SentenceAdded => "sentence_added",
        }
    }
}

/// Changes case: all upper, all lower, title case, or random words upper.
pub fn recase(rng: &mut Rng, text: &str) -> String {
    match rng.below(4) {
        0 => text.to_uppercase(),
        1 => text.to_lowercase(),
        2 => text
            .split(' ')
            .map(|w| {
                let mut w = w.to_lowercase();
                capitalize(&mut w);
                w
            })
            .collect::<Vec<_>>()
            .join(" "),
        _ => text
            .split(' ')
            .map(|w| {
                if rng.chance(0.3) {
                    w.to_uppercase()
                } else {
                    w.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// Changes punctuation: curly quotes and apostrophes, em dashes, ellipsis
/// characters, commas moved.
pub fn repunct(rng: &mut Rng, text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut open = true;
    for c in text.chars() {
        match c {
            '"' => {
                out.push(if open { '“' } else { '”' });
                open = !open;
            }
            '\'' => out.push('’'),
            ',' => {}
            _ => out.push(c),
        }
    }
    let out = out.replace(" -- ", " — ").replace("...", "…");
    let mut tokens: Vec<String> = out.split(' ').map(str::to_string).collect();
    let n = tokens.len();
    for t in tokens.iter_mut().take(n.saturating_sub(1)) {
        if t.chars().last().is_some_and(char::is_alphanumeric) && rng.chance(0.1) {
            t.push(',');
        }
    }
    // Make sure something visibly changed even in plain text.
    if out == text && n > 2 {
        tokens[n - 1].push('!');
    }
    tokens.join(" ")
}

/// A dateline such as `(BERLIN) — ` or `OSLO (AP) — `.
pub fn dateline(rng: &mut Rng) -> String {
    let city = rng.pick(CITIES);
    match rng.below(3) {
        0 => format!("({city}) — "),
        1 => format!("{city} (AP) — "),
        _ => format!("{city} (Reuters) — "),
    }
}

/// Substitutes, inserts or deletes about `rate` of the words at random
/// positions.
pub fn edit_words(rng: &mut Rng, vocab: &Vocab, text: &str, rate: f64) -> String {
    let mut tokens: Vec<String> = text.split(' ').map(str::to_string).collect();
    let ops = ((tokens.len() as f64 * rate).round() as usize).max(1);
    for _ in 0..ops {
        let i = rng.below(tokens.len());
        match rng.below(3) {
            0 => {
                // Substitute, keeping the token's trailing punctuation.
                let t = &tokens[i];
                let tail: String = t
                    .chars()
                    .rev()
                    .take_while(|c| !c.is_alphanumeric())
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                let mut w = vocab.zipf(rng).to_string();
                if t.chars().next().is_some_and(char::is_uppercase) {
                    capitalize(&mut w);
                }
                w.push_str(&tail);
                tokens[i] = w;
            }
            1 => tokens.insert(i + 1, vocab.zipf(rng).to_string()),
            _ if tokens.len() > 6 => {
                let t = tokens.remove(i);
                let tail: String = t.trim_start_matches(|c: char| c != '.' && c != '?').into();
                if i > 0 && !tail.is_empty() {
                    tokens[i - 1].push_str(&tail);
                }
            }
            _ => {}
        }
    }
    tokens.join(" ")
}

/// How a document is written to bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Paragraphs separated by blank lines.
    Blank,
    /// One paragraph per line, no blank lines.
    Line,
    /// Hard-wrapped at 72 columns, blank lines between paragraphs.
    Wrap,
}

/// A layout with its line ending.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    /// Paragraph layout.
    pub layout: Layout,
    /// `\r\n` line endings instead of `\n`.
    pub crlf: bool,
}

impl Style {
    /// Every style, rotated across documents.
    pub const ALL: [Style; 6] = [
        Style {
            layout: Layout::Blank,
            crlf: false,
        },
        Style {
            layout: Layout::Line,
            crlf: false,
        },
        Style {
            layout: Layout::Wrap,
            crlf: false,
        },
        Style {
            layout: Layout::Blank,
            crlf: true,
        },
        Style {
            layout: Layout::Line,
            crlf: true,
        },
        Style {
            layout: Layout::Wrap,
            crlf: true,
        },
    ];

    /// A short name.
    pub fn name(self) -> &'static str {
        match (self.layout, self.crlf) {
            (Layout::Blank, false) => "blank-lf",
            (Layout::Line, false) => "line-lf",
            (Layout::Wrap, false) => "wrap72-lf",
            (Layout::Blank, true) => "blank-crlf",
            (Layout::Line, true) => "line-crlf",
            (Layout::Wrap, true) => "wrap72-crlf",
        }
    }
}

/// Column at which the `Wrap` layout breaks lines.
pub const WRAP: usize = 72;

/// Appends `paras` to `out` in `style`, returning each paragraph's span
/// (first to last non-whitespace byte) in `out`.
pub fn render(paras: &[String], style: Style, out: &mut Vec<u8>) -> Vec<(usize, usize)> {
    let nl: &[u8] = if style.crlf { b"\r\n" } else { b"\n" };
    let mut spans = Vec::with_capacity(paras.len());
    for (i, p) in paras.iter().enumerate() {
        if i > 0 && style.layout != Layout::Line {
            out.extend_from_slice(nl);
        }
        let start = out.len();
        match style.layout {
            Layout::Blank | Layout::Line => out.extend_from_slice(p.as_bytes()),
            Layout::Wrap => {
                let mut col = 0;
                for w in p.split(' ') {
                    let len = w.chars().count();
                    if col > 0 && col + 1 + len > WRAP {
                        out.extend_from_slice(nl);
                        col = 0;
                    } else if col > 0 {
                        out.push(b' ');
                        col += 1;
                    }
                    out.extend_from_slice(w.as_bytes());
                    col += len;
                }
            }
        }
        spans.push((start, out.len()));
        out.extend_from_slice(nl);
    }
    spans
}
