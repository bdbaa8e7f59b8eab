//! Stop words by language.
//!
//! Every word knows the stop lists it is on (a bit per language, see
//! [`mask`]). A word on any list makes no gram and starts no short match
//! in any document ([`FUNCTION`](super::tokens::FUNCTION); but for the
//! few that are English content words too, marked in [`LISTS`]): the same text
//! makes the same grams wherever it is, so a French quotation in an
//! English article is found like any copy. Beyond that, a document takes
//! the language whose list its words hit most ([`Tally`]), and only that
//! list's words are its stop words ([`STOP`]), which weigh nothing in
//! sentence similarity: in an English document "die", "war" or "son"
//! still count there. Before the other lists, French "les", German "der"
//! or Russian "что" made grams that tied unrelated documents of one
//! language together: on the generated multilingual corpus, chance grams
//! of function words were most of the passage work (`docs/passages.md`,
//! "Cost").

use super::tokens::{Token, STOP};

/// Each language's function words, a list per bit, folded as words are
/// (so Greek's final sigma is written `σ`), and without words holding an
/// apostrophe (UAX #29 joins "qu’il" into one word). A word marked `+`
/// is an English content word too ("die", "war", "son", "come"): it
/// makes grams everywhere, so English text makes the grams it made with
/// the English list alone, and the same text still makes the same grams
/// in any document. Looked through only the first time a word is seen;
/// plain strings take fewer bytes of the `.wasm` than a table would.
const LISTS: [&str; 10] = [
    // English (a word here is no English content word)
    "a about above after again against all also am an and any are as at be because been \
     before being below between both but by can could did do does doing down during each few \
     for from further had has have having he her here hers herself him himself his how i if \
     in into is it its itself just me more most my myself no nor not now of off on once only \
     or other our ours ourselves out over own same she should so some such than that the \
     their theirs them themselves then there these they this those through to too under until \
     up very was we were what when where which while who whom why will with would you your \
     yours yourself yourselves",
    // French
    "a à au aux avec avait ce ces cette comme dans de des donc du elle elles en +est et été être \
     il ils je la le les leur leurs lui mais me même ne ni nous on ont ou où +par pas +plus +pour \
     que qui sa se ses si +son sont sur très un une vous y",
    // German
    "aber als am an auch auf aus bei bis das dass dem +den der des +die doch du ein eine einem \
     einen einer eines er es für +hat hatte ich ihr im in ist kein +man mit nach nicht noch nur \
     oder schon sehr sich sie sind so +um und von vor +war was wie wir wird wurde zu zum zur über",
    // Spanish
    "a al como +con de del el ella en +era es esta este está fue +ha +hay la las le les +lo los más me \
     muy no o para pero por que se ser si +sin sobre +son su sus también un una y ya",
    // Italian
    "a +ai al alla anche che chi ci +come +con da dal dalla degli dei del della di e ed è gli +ha il \
     in la le +lo +ma ne nel nella non o +per più questo se si sono su sua suo tra un una uno",
    // Portuguese
    "a ao aos as +com como da das de do dos e ela ele +em +era está foi há isso mais mas na nas no \
     nos não o os ou para pela pelo por que se sem ser seu sua são também um uma",
    // Dutch
    "aan als bij +dan dat de +die dit +door een en er had het hij in is je maar +met naar niet +nog \
     of om ook +op te +tot uit +van voor was wat werd wordt ze zich zijn",
    // Russian (with ё and without, as it is mostly printed)
    "а без бы был была были было в во все всё вы да для до его её ее если есть ещё еще же за и из \
     или им их к как ко когда ли мы на не нет но о об он она они от по после при с со так также \
     то только у уже что это я",
    // Greek
    "αλλά από για δεν είναι ένα ή η θα και με μετά μια να ο οι όπωσ ότι πιο που σε στα στη στην \
     στισ στο στον στουσ τα την τησ τι τισ το τον του τουσ των",
    // Chinese (characters, each a token; simplified and traditional)
    "的 了 在 是 和 也 就 都 而 及 与 與 这 這 那 但 从 從 对 對 将 將 已 被 把 之 其 或 并 並 于 於",
];

/// Bit of the English list: first, so a document hitting no list (or
/// another list no more often) keeps English.
const ENGLISH: usize = 0;
/// Bit of Japanese, after the lists: every hiragana character
/// (particles and endings; the content is mostly in kanji and katakana).
const JAPANESE: usize = LISTS.len();
/// Languages with a stop list: the counts a [`Tally`] keeps.
const LANGUAGES: usize = JAPANESE + 1;
// Every language has a bit of the `u16` masks.
const _: () = assert!(LANGUAGES <= 16);
/// Bytes of the longest word of [`LISTS`]: a longer word is on none.
const LONGEST: usize = 12;
/// The bit of a mask telling that the word makes no gram (above the
/// languages' bits): on some list, unmarked there.
pub(super) const NO_GRAM: u16 = 1 << 15;

/// The stop lists folded word `w` is on, a bit per language, and
/// [`NO_GRAM`].
pub(super) fn mask(w: &str) -> u16 {
    let mut m = 0;
    if w.len() <= LONGEST {
        for (k, list) in LISTS.iter().enumerate() {
            for x in list.split_ascii_whitespace() {
                let english = x.strip_prefix('+');
                if english.unwrap_or(x) == w {
                    m |= 1 << k | if english.is_some() { 0 } else { NO_GRAM };
                }
            }
        }
    }
    let mut chars = w.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if ('\u{3041}'..='\u{309f}').contains(&c) {
            m |= 1 << JAPANESE | NO_GRAM;
        }
    }
    m
}

/// What a document's words say of its language while it is tokenized:
/// how often each list was hit, and the lists of each token marked a
/// stop word (by any list), in order.
#[derive(Default)]
pub(super) struct Tally {
    /// Tokens on each language's list so far.
    hits: [u32; LANGUAGES],
    /// The lists of each token on some list, in token order.
    masks: Vec<u16>,
}

impl Tally {
    /// Notes a token whose word is on the lists of `mask` (none: 0).
    pub(super) fn add(&mut self, mask: u16) {
        if mask != 0 {
            self.masks.push(mask);
            // Only the set language bits (most words are on one list).
            let mut bits = mask & !NO_GRAM;
            while bits != 0 {
                self.hits[bits.trailing_zeros() as usize] += 1;
                bits &= bits - 1;
            }
        }
    }

    /// Leaves [`STOP`] on the tokens of the document (`tokens`, every one
    /// noted by [`Tally::add`] since the last call, stop words marked by
    /// any list) only where their word is on the list of the language hit
    /// most (the lowest bit among equals); ready for the next document.
    pub(super) fn settle(&mut self, tokens: &mut [Token]) {
        debug_assert_eq!(
            tokens.iter().filter(|t| t.is_stop()).count(),
            self.masks.len()
        );
        let mut best = ENGLISH;
        for (k, &hits) in self.hits.iter().enumerate() {
            if hits > self.hits[best] {
                best = k;
            }
        }
        let bit = 1u16 << best;
        if self.masks.iter().any(|m| m & bit == 0) {
            let mut masks = self.masks.iter();
            for t in tokens.iter_mut().filter(|t| t.is_stop()) {
                if masks.next().is_some_and(|m| m & bit == 0) {
                    t.flags &= !STOP;
                }
            }
        }
        self.hits = [0; LANGUAGES];
        self.masks.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::super::tokens::{fold, Tokenizer};
    use super::{LISTS, LONGEST};

    #[test]
    fn the_lists_are_folded_as_words_are() {
        let (mut folded, mut nfkc) = (String::new(), String::new());
        for list in LISTS {
            for w in list.split_ascii_whitespace() {
                let w = w.trim_start_matches('+');
                assert!(fold(w, &mut folded, &mut nfkc));
                assert_eq!(folded, w);
            }
        }
    }

    /// The stop words of `text`, a document, as it stands there.
    fn stops(text: &str) -> Vec<&str> {
        Tokenizer::default()
            .plain(text, &|i| i)
            .tokens
            .iter()
            .filter(|t| t.is_stop())
            .map(|t| &text[t.start as usize..t.end() as usize])
            .collect()
    }

    #[test]
    fn a_document_takes_the_stop_words_of_its_language() {
        assert_eq!(
            stops("Le maire de la ville a dit que les travaux dans le port sont finis."),
            ["Le", "de", "la", "a", "que", "les", "dans", "le", "sont"]
        );
        assert_eq!(
            stops("Der Hafen ist wieder offen, sagte die Bürgermeisterin über das Wochenende."),
            ["Der", "ist", "die", "über", "das"]
        );
        assert_eq!(
            stops("El alcalde fue a la playa con los niños del barrio."),
            ["El", "fue", "a", "la", "con", "los", "del"]
        );
        assert_eq!(
            stops("Власти города сообщили, что паром снова ходит по расписанию."),
            ["что", "по"]
        );
    }

    #[test]
    fn english_keeps_its_own_list_alone() {
        // "die", "son", "war" and "come" are on other lists; in English
        // text they are content words, as they always were.
        assert_eq!(
            stops("The son of the harbour master did not come home from the war to die there."),
            ["The", "of", "the", "did", "not", "from", "the", "to", "there"]
        );
        // No list hit at all: English, where nothing is a stop word.
        assert!(stops("Ferry ramp repairs finished").is_empty());
    }

    #[test]
    fn hiragana_are_stop_words_in_japanese_and_function_characters_in_chinese() {
        // Every kana of the particles and endings; the kanji and katakana
        // (the content) are not.
        assert_eq!(
            stops("港の工事は来週に終わります。"),
            ["の", "は", "に", "わ", "り", "ま", "す"]
        );
        assert_eq!(stops("港口的工程已经完成了。"), ["的", "已", "了"]);
    }

    #[test]
    fn a_document_of_extracted_paragraphs_is_settled_as_a_whole() {
        // Alone, the first paragraph would be English ("les" a content
        // word); the document is French. Both paragraphs' texts are their
        // spans' bytes, so their words are tokenized as plain text.
        let paragraphs = [
            (0u64, 12u64, 1u64, "And the les."),
            (
                12,
                62,
                1,
                "Les bateaux sont dans le port et la mer est calme.",
            ),
        ];
        let d = Tokenizer::default().extracted(paragraphs.into_iter(), true);
        let stop: Vec<bool> = d.tokens.iter().map(|t| t.is_stop()).collect();
        assert_eq!(
            stop,
            // And the les Les bateaux sont dans le port et la mer est calme
            [
                false, false, true, true, false, true, true, true, false, true, true, false, true,
                false
            ]
        );
        // A function word in some language: "And" and "the" too, but not
        // "est", an English word as well (it makes grams everywhere).
        let function: Vec<bool> = d.tokens.iter().map(|t| t.is_function()).collect();
        assert_eq!(
            function,
            [
                true, true, true, true, false, true, true, true, false, true, true, false, false,
                false
            ]
        );
    }

    #[test]
    fn no_list_word_is_longer_than_the_longest_looked_for() {
        for list in LISTS {
            for w in list.split_ascii_whitespace() {
                let w = w.trim_start_matches('+');
                assert!(w.len() <= LONGEST, "{w}");
                assert!(!w.contains(['\'', '’']), "{w}");
            }
        }
    }

    #[test]
    fn each_document_is_settled_on_its_own() {
        // One tokenizer (one vocabulary) for a French document, then an
        // English one holding a word of the French list.
        let mut t = Tokenizer::default();
        let fr = "Les bateaux sont dans le port.";
        let en = "Ships and boats des moines.";
        let f = t.plain(fr, &|i| i).tokens;
        assert_eq!(f.iter().filter(|t| t.is_stop()).count(), 4);
        let e = t.plain(en, &|i| i).tokens;
        let stop: Vec<&str> = e
            .iter()
            .filter(|t| t.is_stop())
            .map(|t| &en[t.start as usize..t.end() as usize])
            .collect();
        assert_eq!(stop, ["and"]);
    }
}
