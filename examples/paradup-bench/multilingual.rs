//! The multilingual, typographic corpus of the throughput benchmark: news-
//! like prose in English (curly quotes, dashes, ellipses, non-breaking
//! spaces, accented names, the odd replacement character), French, German,
//! Spanish, Russian, Greek, Chinese and Japanese. Each language has a short
//! list of real common words and a generated vocabulary of pseudo-words in
//! its own alphabet (so the vocabulary is as large and as Zipf-skewed as the
//! ASCII corpus's), and its own punctuation habits. Everything is drawn from
//! the benchmark's seeded generator, so a seed always gives the same bytes.

use super::text::{self, Rng, Vocab};

/// Which generated corpus a benchmark uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Corpus {
    /// English-like ASCII prose (the corpus of every earlier figure).
    Ascii,
    /// News-like prose in eight languages and four scripts, with
    /// typographic punctuation.
    Multilingual,
}

impl Corpus {
    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Corpus::Ascii => "ascii",
            Corpus::Multilingual => "multilingual",
        }
    }
}

/// One language: its words and punctuation.
pub struct Lang {
    /// A short name (`en`, `fr`, …).
    pub name: &'static str,
    function: &'static [&'static str],
    /// Content words, most frequent first (real ones, then pseudo-words).
    words: Vec<String>,
    /// Words are separated by spaces (not Chinese or Japanese).
    spaced: bool,
    /// Characters that edits substitute in unspaced text.
    chars: Vec<char>,
}

const EN_NAMES: &[&str] = &[
    "José",
    "Zoë",
    "Björn",
    "Dvořák",
    "Françoise",
    "Łukasz",
    "Müller",
    "Nguyễn",
    "São Paulo",
    "Ångström",
    "Renée",
    "Søren",
    "Çelik",
    "Núñez",
    "Đorđević",
    "Chloé",
    "Kraków",
    "Zürich",
];

const FR_FUNCTION: &[&str] = &[
    "le", "la", "les", "de", "des", "du", "et", "à", "en", "un", "une", "est", "que", "qui",
    "dans", "pour", "pas", "sur", "au", "avec", "il", "elle", "ne", "se", "ce", "par", "plus",
    "son", "sa", "a", "été", "aux", "mais", "comme", "où", "leur", "même", "après", "très", "déjà",
    "là",
];
const FR_WORDS: &[&str] = &[
    "gouvernement",
    "ministre",
    "année",
    "société",
    "économie",
    "région",
    "élection",
    "président",
    "décision",
    "sécurité",
    "santé",
    "ville",
    "pays",
    "marché",
    "travail",
    "école",
    "hôpital",
    "réunion",
    "projet",
    "rapport",
    "semaine",
    "député",
    "électricité",
    "prix",
    "entreprise",
    "forêt",
    "rivière",
    "maire",
    "conseil",
    "élèves",
    "grève",
    "budget",
    "célèbre",
    "début",
];
const DE_FUNCTION: &[&str] = &[
    "der", "die", "das", "und", "in", "den", "von", "zu", "mit", "sich", "des", "auf", "für",
    "ist", "im", "dem", "nicht", "ein", "eine", "als", "auch", "es", "an", "er", "hat", "aus",
    "bei", "nach", "wird", "über", "noch", "wie", "aber", "vor", "nur", "schon", "müssen", "würde",
];
const DE_WORDS: &[&str] = &[
    "Regierung",
    "Stadt",
    "Jahr",
    "Woche",
    "Bürgermeister",
    "Straße",
    "Größe",
    "Brücke",
    "Schüler",
    "Gemeinde",
    "Bahnhof",
    "Haushalt",
    "Wahl",
    "Ärzte",
    "Öffentlichkeit",
    "Übergang",
    "Gespräch",
    "Kläger",
    "Gebäude",
    "Fluss",
    "Markt",
    "Preise",
    "Arbeit",
    "Schule",
    "Krankenhaus",
    "Bericht",
];
const ES_FUNCTION: &[&str] = &[
    "el", "la", "los", "las", "de", "del", "y", "en", "a", "que", "por", "con", "para", "un",
    "una", "es", "se", "no", "su", "al", "lo", "como", "más", "pero", "sus", "le", "ya", "o",
    "este", "también", "según", "después", "está", "sí", "además",
];
const ES_WORDS: &[&str] = &[
    "gobierno",
    "ciudad",
    "año",
    "años",
    "niños",
    "mañana",
    "información",
    "región",
    "elección",
    "económico",
    "política",
    "señor",
    "compañía",
    "España",
    "educación",
    "alcalde",
    "río",
    "puente",
    "consejo",
    "mercado",
    "precio",
    "trabajo",
    "escuela",
    "hospital",
    "informe",
];
const RU_FUNCTION: &[&str] = &[
    "и",
    "в",
    "не",
    "на",
    "что",
    "с",
    "по",
    "как",
    "это",
    "он",
    "к",
    "из",
    "у",
    "за",
    "от",
    "о",
    "так",
    "для",
    "же",
    "все",
    "она",
    "было",
    "уже",
    "ещё",
    "его",
    "их",
    "но",
    "при",
    "после",
];
const RU_WORDS: &[&str] = &[
    "правительство",
    "город",
    "год",
    "неделя",
    "президент",
    "выборы",
    "школа",
    "больница",
    "река",
    "мост",
    "совет",
    "рынок",
    "цена",
    "работа",
    "область",
    "министр",
    "решение",
    "проект",
    "доклад",
    "жители",
    "бюджет",
    "зима",
    "весна",
    "учёные",
    "объём",
];
const EL_FUNCTION: &[&str] = &[
    "και",
    "το",
    "η",
    "ο",
    "να",
    "του",
    "της",
    "σε",
    "με",
    "τα",
    "για",
    "από",
    "που",
    "την",
    "τον",
    "είναι",
    "στο",
    "θα",
    "δεν",
    "οι",
    "στην",
    "των",
    "μετά",
    "ότι",
    "όπως",
    "αλλά",
];
const EL_WORDS: &[&str] = &[
    "κυβέρνηση",
    "πόλη",
    "χρόνια",
    "εβδομάδα",
    "πρόεδρος",
    "εκλογές",
    "σχολείο",
    "νοσοκομείο",
    "ποταμός",
    "γέφυρα",
    "συμβούλιο",
    "αγορά",
    "τιμή",
    "εργασία",
    "περιοχή",
    "υπουργός",
    "απόφαση",
    "έργο",
    "έκθεση",
    "δήμαρχος",
    "προϋπολογισμός",
    "χειμώνας",
];
const ZH_FUNCTION: &[&str] = &[
    "的", "了", "在", "是", "和", "也", "就", "都", "而", "及", "与", "这", "那", "但", "从", "对",
    "将", "已", "被", "把",
];
const ZH_WORDS: &[&str] = &[
    "政府",
    "城市",
    "今年",
    "市长",
    "学校",
    "医院",
    "经济",
    "会议",
    "问题",
    "地区",
    "记者",
    "发表",
    "北京",
    "上海",
    "报告",
    "事件",
    "调查",
    "结果",
    "预算",
    "市场",
    "价格",
    "工作",
    "委员会",
    "河流",
    "大桥",
    "居民",
    "选举",
    "总统",
];
/// Common Han characters, for Chinese pseudo-words and Japanese kanji.
const HAN: &str = "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写识极令黑";
const JA_FUNCTION: &[&str] = &[
    "の",
    "に",
    "は",
    "を",
    "が",
    "で",
    "と",
    "も",
    "から",
    "まで",
    "など",
    "として",
    "について",
    "ため",
    "その",
    "この",
    "また",
    "しかし",
    "による",
    "ことが",
    "している",
    "された",
    "する",
    "です",
    "ました",
    "へ",
    "や",
];
const JA_WORDS: &[&str] = &[
    "政府",
    "市長",
    "大会",
    "選手",
    "学校",
    "病院",
    "経済",
    "会議",
    "問題",
    "地域",
    "記者",
    "発表",
    "東京",
    "大阪",
    "新聞",
    "事件",
    "調査",
    "結果",
    "予算",
    "ニュース",
    "チーム",
    "スポーツ",
    "テレビ",
    "サービス",
    "システム",
    "データ",
    "プロジェクト",
];
const KATAKANA: &str = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワンガギグゲゴザジズゼゾダデドバビブベボパピプペポー";

/// Syllables of pseudo-words: onsets, vowels, codas.
type Syllables = (
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
);

const FR_SYL: Syllables = (
    &[
        "b", "c", "d", "f", "g", "j", "l", "m", "n", "p", "r", "s", "t", "v", "ch", "tr", "pr",
        "gr", "br", "qu", "ç", "",
    ],
    &[
        "a", "e", "i", "o", "u", "é", "è", "ê", "à", "ou", "ai", "au", "eu", "oi", "an", "on", "in",
    ],
    &["", "", "", "s", "r", "l", "t", "nt", "x"],
);
const DE_SYL: Syllables = (
    &[
        "b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "w", "z", "sch", "st",
        "sp", "kr", "gr", "br", "tr", "pf",
    ],
    &[
        "a", "e", "i", "o", "u", "ä", "ö", "ü", "ei", "au", "ie", "eu",
    ],
    &[
        "", "", "n", "r", "st", "ng", "cht", "ß", "ck", "tz", "l", "s", "rt",
    ],
);
const ES_SYL: Syllables = (
    &[
        "b", "c", "d", "f", "g", "j", "l", "m", "n", "ñ", "p", "r", "s", "t", "v", "ch", "ll",
        "qu", "gr", "pr", "tr", "br", "",
    ],
    &[
        "a", "e", "i", "o", "u", "á", "é", "í", "ó", "ú", "ia", "ie", "ue", "io",
    ],
    &["", "", "", "s", "n", "r", "l", "z", "d"],
);
const RU_SYL: Syllables = (
    &[
        "б", "в", "г", "д", "ж", "з", "к", "л", "м", "н", "п", "р", "с", "т", "ф", "х", "ц", "ч",
        "ш", "щ", "ст", "пр", "кр", "гр", "тр", "бр", "",
    ],
    &["а", "е", "и", "о", "у", "ы", "э", "ю", "я", "ё", "а", "о"],
    &["", "", "", "й", "н", "р", "л", "с", "т", "м", "ст", "ь"],
);
const EL_SYL: Syllables = (
    &[
        "β", "γ", "δ", "ζ", "θ", "κ", "λ", "μ", "ν", "ξ", "π", "ρ", "σ", "τ", "φ", "χ", "ψ", "στ",
        "πρ", "τρ", "κρ", "",
    ],
    &[
        "α", "ε", "η", "ι", "ο", "υ", "ω", "ά", "έ", "ή", "ί", "ό", "ύ", "ώ", "ου", "αι", "ει",
    ],
    &["", "", "", "ν", "ρ", "λ", "μ"],
);

fn pseudo_words(rng: &mut Rng, syl: Syllables, n: usize, taken: &[&str]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let k = rng.range(1, 4);
        let mut w = String::new();
        for _ in 0..k {
            w.push_str(rng.pick::<&str>(syl.0));
            w.push_str(rng.pick::<&str>(syl.1));
            w.push_str(rng.pick::<&str>(syl.2));
        }
        if w.chars().count() >= 3 && !taken.contains(&w.as_str()) && seen.insert(w.clone()) {
            out.push(w);
        }
    }
    out
}

fn han_words(rng: &mut Rng, pool: &[char], n: usize, katakana: Option<&[char]>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let w: String = match katakana {
            Some(kana) if rng.chance(0.25) => {
                (0..rng.range(3, 5)).map(|_| *rng.pick(kana)).collect()
            }
            _ => (0..rng.range(1, 3)).map(|_| *rng.pick(pool)).collect(),
        };
        if seen.insert(w.clone()) {
            out.push(w);
        }
    }
    out
}

/// The languages of the multilingual corpus.
pub struct Langs {
    /// English, French, German, Spanish, Russian, Greek, Chinese, Japanese.
    pub langs: Vec<Lang>,
}

/// Which language each document in a cycle of ten is written in: English
/// news three times in ten, every other language once.
const CYCLE: [usize; 10] = [0, 1, 2, 0, 3, 4, 0, 5, 6, 7];

/// Content words per language, like the ASCII corpus's vocabulary.
const VOCAB: usize = 4000;

impl Langs {
    /// Builds every language's vocabulary; `english` is the ASCII corpus's.
    pub fn new(rng: &mut Rng, english: &Vocab) -> Self {
        let han: Vec<char> = HAN.chars().collect();
        let kana: Vec<char> = KATAKANA.chars().collect();
        let spaced = |name, function, real: &[&'static str], syl, rng: &mut Rng| {
            let mut words: Vec<String> = real.iter().map(|w| w.to_string()).collect();
            words.extend(pseudo_words(rng, syl, VOCAB - real.len(), real));
            Lang {
                name,
                function,
                words,
                spaced: true,
                chars: Vec::new(),
            }
        };
        let mut langs = vec![Lang {
            name: "en",
            function: text::FUNCTION_WORDS,
            words: english.words.clone(),
            spaced: true,
            chars: Vec::new(),
        }];
        langs.push(spaced("fr", FR_FUNCTION, FR_WORDS, FR_SYL, rng));
        let mut de = spaced("de", DE_FUNCTION, DE_WORDS, DE_SYL, rng);
        // German capitalizes its nouns.
        for w in &mut de.words {
            text::capitalize(w);
        }
        langs.push(de);
        langs.push(spaced("es", ES_FUNCTION, ES_WORDS, ES_SYL, rng));
        langs.push(spaced("ru", RU_FUNCTION, RU_WORDS, RU_SYL, rng));
        let mut el = spaced("el", EL_FUNCTION, EL_WORDS, EL_SYL, rng);
        for w in el.words.iter_mut().skip(EL_WORDS.len()) {
            if rng.chance(0.3) {
                w.push('ς');
            }
        }
        langs.push(el);
        let mut zh: Vec<String> = ZH_WORDS.iter().map(|w| w.to_string()).collect();
        zh.extend(han_words(rng, &han, VOCAB - zh.len(), None));
        langs.push(Lang {
            name: "zh",
            function: ZH_FUNCTION,
            words: zh,
            spaced: false,
            chars: han.clone(),
        });
        let mut ja: Vec<String> = JA_WORDS.iter().map(|w| w.to_string()).collect();
        ja.extend(han_words(rng, &han, VOCAB - ja.len(), Some(&kana)));
        let mut ja_chars = han;
        ja_chars.extend(kana);
        langs.push(Lang {
            name: "ja",
            function: JA_FUNCTION,
            words: ja,
            spaced: false,
            chars: ja_chars,
        });
        Langs { langs }
    }

    /// The language of the `n`th document.
    pub fn for_doc(n: usize) -> usize {
        CYCLE[n % CYCLE.len()]
    }
}

impl Lang {
    /// Whether words are separated by spaces (not Chinese or Japanese).
    pub fn spaced(&self) -> bool {
        self.spaced
    }

    fn zipf<'a>(&'a self, rng: &mut Rng) -> &'a str {
        text::zipf(rng, &self.words)
    }

    /// A topic: 40–80 favoured content words (indices).
    pub fn topic(&self, rng: &mut Rng) -> Vec<usize> {
        (0..rng.range(40, 80))
            .map(|_| rng.below(self.words.len()))
            .collect()
    }

    fn content_word(&self, rng: &mut Rng, topic: &[usize]) -> String {
        if rng.chance(0.45) {
            self.words[*rng.pick(topic)].clone()
        } else {
            self.zipf(rng).to_string()
        }
    }

    /// One sentence of `len` words with this language's punctuation.
    fn sentence(&self, rng: &mut Rng, topic: &[usize], len: usize) -> String {
        let mut words: Vec<String> = (0..len)
            .map(|_| {
                if rng.chance(0.45) {
                    rng.pick(self.function).to_string()
                } else {
                    self.content_word(rng, topic)
                }
            })
            .collect();
        if !self.spaced {
            return self.cjk_sentence(rng, words);
        }
        let nb = '\u{a0}';
        match self.name {
            "en" => {
                if rng.chance(0.3) {
                    let i = rng.below(len);
                    words[i] = rng.pick(EN_NAMES).to_string();
                }
                if rng.chance(0.15) {
                    let i = rng.below(len);
                    words[i].push_str("’s");
                }
                if rng.chance(0.08) {
                    let i = rng.below(len);
                    let n = rng.range(2, 99);
                    words.insert(i, format!("{n}{nb}km"));
                }
                if rng.chance(0.05) {
                    let y = rng.range(1990, 2024);
                    words.push(format!("{y}–{}", y + rng.range(1, 6)));
                }
                if rng.chance(0.004) {
                    // A stray replacement character, as in text that went
                    // through a bad decoder once.
                    let i = rng.below(words.len());
                    words[i].push('\u{fffd}');
                }
            }
            "fr" | "de" if rng.chance(0.08) => {
                let i = rng.below(len);
                words.insert(i, format!("{}{nb}%", rng.range(2, 99)));
            }
            _ => {}
        }
        let (open, close) = match self.name {
            "en" => ("“", "”"),
            "fr" => ("«\u{a0}", "\u{a0}»"),
            "de" => ("„", "“"),
            _ => ("«", "»"),
        };
        let len = words.len();
        if len >= 6 && rng.chance(0.15) {
            let i = rng.range(1, len - 4);
            let j = i + rng.range(1, 3);
            words[i].insert_str(0, open);
            words[j].push_str(close);
        }
        if len >= 6 && rng.chance(0.12) {
            let i = rng.range(2, len - 2);
            words.insert(i, if self.name == "de" { "–" } else { "—" }.to_string());
        }
        if len >= 6 && rng.chance(0.2) {
            let i = rng.range(1, len - 3);
            if words[i].chars().last().is_some_and(char::is_alphanumeric) {
                words[i].push(',');
            }
        }
        text::capitalize(&mut words[0]);
        let end = match rng.below(100) {
            0..=6 => '?',
            7..=9 => '!',
            10..=14 => '…',
            _ => '.',
        };
        let last = words.last_mut().expect("sentence has words");
        match (self.name, end) {
            ("fr", '?' | '!') => {
                last.push(nb);
                last.push(end);
            }
            ("el", '?') => last.push('\u{37e}'),
            ("es", '?' | '!') => {
                words[0].insert(0, if end == '?' { '¿' } else { '¡' });
                words.last_mut().expect("non-empty").push(end);
            }
            _ => last.push(end),
        }
        words.join(" ")
    }

    fn cjk_sentence(&self, rng: &mut Rng, mut words: Vec<String>) -> String {
        let (comma, open, close, ellipsis) = if self.name == "zh" {
            ("，", "“", "”", "……")
        } else {
            ("、", "「", "」", "…")
        };
        let len = words.len();
        if len >= 6 && rng.chance(0.15) {
            let i = rng.range(1, len - 4);
            let j = i + rng.range(1, 3);
            words[i].insert_str(0, open);
            words[j].push_str(close);
        }
        for w in words.iter_mut().take(len - 1) {
            if rng.chance(0.08) {
                w.push_str(comma);
            }
        }
        let end = match rng.below(100) {
            0..=6 => "？",
            7..=9 => "！",
            10..=14 => ellipsis,
            _ => "。",
        };
        let mut s = words.concat();
        s.push_str(end);
        s
    }

    /// A paragraph of about `min..=max` words.
    pub fn paragraph(&self, rng: &mut Rng, topic: &[usize], min: usize, max: usize) -> String {
        text::sentences(rng, min, max, |rng, len| self.sentence(rng, topic, len))
            .join(if self.spaced { " " } else { "" })
    }

    /// Substitutes, inserts or deletes about `rate` of the words (of the
    /// characters in Chinese and Japanese).
    pub fn edit(&self, rng: &mut Rng, text: &str, rate: f64) -> String {
        if self.spaced {
            let mut tokens: Vec<String> = text.split(' ').map(str::to_string).collect();
            let ops = ((tokens.len() as f64 * rate).round() as usize).max(1);
            for _ in 0..ops {
                let i = rng.below(tokens.len());
                match rng.below(3) {
                    0 => {
                        let tail: String = {
                            let t = &tokens[i];
                            let keep = t.trim_end_matches(|c: char| !c.is_alphanumeric()).len();
                            t[keep..].to_string()
                        };
                        tokens[i] = format!("{}{tail}", self.zipf(rng));
                    }
                    1 => tokens.insert(i + 1, self.zipf(rng).to_string()),
                    _ if tokens.len() > 6 => {
                        tokens.remove(i);
                    }
                    _ => {}
                }
            }
            tokens.join(" ")
        } else {
            let mut chars: Vec<char> = text.chars().collect();
            let ops = ((chars.len() as f64 * rate).round() as usize).max(1);
            for _ in 0..ops {
                let i = rng.below(chars.len());
                if !chars[i].is_alphanumeric() {
                    continue;
                }
                match rng.below(3) {
                    0 => chars[i] = *rng.pick(&self.chars),
                    1 => chars.insert(i + 1, *rng.pick(&self.chars)),
                    _ if chars.len() > 12 => {
                        chars.remove(i);
                    }
                    _ => {}
                }
            }
            chars.into_iter().collect()
        }
    }
}
