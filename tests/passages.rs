//! Passages (issue 9): text reused inside and across paragraphs, with
//! exact byte spans and lines on both sides.

mod common;

use paradup::{analyze, Analyzer, Options, Passage, PassageKind, PassageSide, Report};
use proptest::prelude::*;
use std::path::Path;

/// A sentence long enough to be a passage on its own (21 words).
const LIFTED: &str = "The ferry company said the northern crossing would stay closed until engineers had checked every hinge of the damaged loading ramp.";
/// Unrelated sentences around it.
const BEFORE: &str = "Residents of the island gathered in the school hall on Monday evening to hear what the council planned for the winter.";
const AFTER: &str = "Several shopkeepers asked whether deliveries could come by the southern route instead, which is longer but sheltered.";
const OTHER: &str = "A local historian described how the harbour looked a century ago, when sailing barges still carried coal and timber.";

fn run(docs: &[(&str, &[u8])]) -> Report {
    analyze(docs, Options::default()).unwrap()
}

/// The report on two texts, `a.txt` and `b.txt`.
fn pair(a: &str, b: &str) -> Report {
    run(&[("a.txt", a.as_bytes()), ("b.txt", b.as_bytes())])
}

fn text_of<'a>(bytes: &'a [u8], s: &PassageSide) -> &'a [u8] {
    &bytes[s.start as usize..s.end as usize]
}

#[test]
fn a_sentence_lifted_into_another_paragraph_is_found_with_exact_spans() {
    let a = format!("{BEFORE}\n\n{OTHER} {LIFTED} {AFTER}\n");
    let b = format!("Opening line of the second file.\n\nGardeners met at the allotments to swap seeds and talk about slugs. Then: {LIFTED}\n");
    let r = pair(&a, &b);
    let p = r
        .passages
        .iter()
        .find(|p| text_of(a.as_bytes(), &p.a).starts_with(b"The ferry"))
        .expect("the lifted sentence is a passage");
    // A whole reused sentence keeps its full stop.
    let lifted = LIFTED;
    assert_eq!(text_of(a.as_bytes(), &p.a), lifted.as_bytes());
    assert_eq!(text_of(b.as_bytes(), &p.b), lifted.as_bytes());
    assert_eq!(
        (p.a.line, p.a.end_line, p.b.line, p.b.end_line),
        (3, 3, 3, 3)
    );
    assert_eq!(p.kind, PassageKind::Verbatim);
    assert_eq!(p.words, 21);
    assert_eq!(p.similarity, 1.0);
    assert_eq!(r.summary.passages, r.passages.len() as u64);
    assert!(r.summary.reused_bytes >= lifted.len() as u64);
}

/// Hard-wraps `text` at about `width` characters.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for w in text.split(' ') {
        if line > 0 && line + 1 + w.len() > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(w);
        line += w.len();
    }
    out
}

#[test]
fn a_passage_across_rewrapped_lines_and_paragraphs_is_one_passage() {
    let body = format!("{BEFORE} {LIFTED} {AFTER}");
    // One line per paragraph (three paragraphs) against the same text
    // hard-wrapped at 50 columns with CRLF line ends.
    let a = format!("{OTHER}\n{BEFORE}\n{LIFTED}\n{AFTER}\n");
    let b = format!(
        "Intro.\r\n\r\n{}\r\n",
        wrap(&body, 50).replace('\n', "\r\n")
    );
    let r = pair(&a, &b);
    assert_eq!(r.passages.len(), 1, "{:?}", r.passages);
    let p = &r.passages[0];
    assert!(text_of(a.as_bytes(), &p.a).starts_with(b"Residents"));
    assert!(text_of(a.as_bytes(), &p.a).ends_with(b"sheltered."));
    assert!(text_of(b.as_bytes(), &p.b).starts_with(b"Residents"));
    assert!(text_of(b.as_bytes(), &p.b).ends_with(b"sheltered."));
    assert_eq!((p.a.line, p.a.end_line), (2, 4));
    let lines = b.matches("\r\n").count() as u64;
    assert_eq!((p.b.line, p.b.end_line), (3, lines));
    assert_eq!(p.kind, PassageKind::Verbatim);
}

#[test]
fn edited_words_are_bridged() {
    let edited = LIFTED
        .replace("northern", "north")
        .replace("every hinge", "each hinge")
        .replace("damaged ", "");
    let a = format!("{BEFORE} {LIFTED}\n");
    let b = format!("{OTHER} {edited}\n");
    let r = pair(&a, &b);
    assert_eq!(r.passages.len(), 1, "{:?}", r.passages);
    let p = &r.passages[0];
    assert_eq!(p.kind, PassageKind::Edited);
    assert!(text_of(a.as_bytes(), &p.a).starts_with(b"The ferry"));
    assert!(text_of(b.as_bytes(), &p.b).ends_with(b"ramp."));
    assert!(p.similarity > 0.8 && p.similarity < 1.0, "{}", p.similarity);
}

#[test]
fn unrelated_texts_on_the_same_topic_give_no_passage() {
    let a = "The ferry to the island was cancelled again on Tuesday because of the storm, and the council promised a report on the loading ramp by the end of the month.\n";
    let b = "Storms kept the island ferry in port this week; engineers are still looking at the ramp, and councillors say their report is due at the end of the month.\n";
    let r = pair(a, b);
    assert!(r.passages.is_empty(), "{:?}", r.passages);
}

/// French prose: a lifted sentence is found with exact spans, while two
/// texts that share only their language's function words (as any two
/// French texts do) give nothing: each document's stop words are those
/// of its language, not only English's.
#[test]
fn french_reuse_is_found_and_french_function_words_tie_nothing() {
    let lifted = "Les pêcheurs de l’île demandent depuis des années que la digue du nord soit enfin réparée avant les tempêtes de l’hiver.";
    let a = format!("Le conseil municipal a voté mardi soir le budget du port, après trois heures de débat sur le prix des billets du bac.\n\n{lifted}\n");
    let b = format!("Au marché du samedi, les maraîchers se plaignent du froid et du prix de l’essence. {lifted} Le maire promet une réponse avant la fin du mois.\n");
    let r = pair(&a, &b);
    assert_eq!(r.passages.len(), 1, "{:?}", r.passages);
    let p = &r.passages[0];
    assert_eq!(text_of(a.as_bytes(), &p.a), lifted.as_bytes());
    assert_eq!(text_of(b.as_bytes(), &p.b), lifted.as_bytes());
    assert_eq!(p.kind, PassageKind::Verbatim);
    // The same function words in the same order around different content
    // words: with French function words counted as content, grams of
    // "que la", "de la", "dans le" and the like tied these two together.
    let c = "Il a dit que la mairie de la ville et le conseil de la région sont dans le même bureau depuis que la crise a commencé dans le port.\n";
    let d = "Elle a dit que la gare de la commune et le musée de la vallée sont dans le même quartier depuis que la route a fermé dans le nord.\n";
    let r = pair(c, d);
    assert!(r.passages.is_empty(), "{:?}", r.passages);
}

/// A French quotation in an English article, an English sentence in a
/// French one, an English text with a Japanese paragraph: the same text
/// makes the same grams wherever it is, whatever language each document
/// is taken to be in (its stop words), so each copy is found. (The
/// quotations put a function word between any two content words: no
/// three content words follow each other in both languages' readings.)
#[test]
fn text_quoted_in_a_document_of_another_language_is_found() {
    let french = "Le maire de la ville a dit que les travaux de la digue du port ne vont pas commencer avant la fin de la saison de pêche, et que les bateaux resteront dans le port pendant les travaux.";
    let english = "The council said that the work on the wall of the harbour will start at the end of the season, and that the boats will stay in the port for the whole of the work.";
    let japanese = "港の工事は来週に終わりますが、船はしばらくの間、南の港にとどまることになりそうです。漁師たちはそのことをよく知っていて、あまり心配していないようでした。";
    let cases = [
        // A French sentence quoted in an English article.
        (
            format!("{french}\n"),
            format!("Residents of the island were told on Monday evening what the mayor had said to the council about the repairs, and most of them were there to hear it. In her words: “{french}” Most of them seemed to be relieved by the news, though some of them said that they would have liked to know more about the cost of it all and about who was going to pay for it in the end.\n"),
            french,
        ),
        // An English sentence quoted in a French article.
        (
            format!("{english}\n"),
            format!("Le maire a lu la déclaration du conseil aux habitants venus nombreux à la salle des fêtes, qui ont posé beaucoup de questions sur le calendrier et sur le prix des travaux, mais aussi sur les bateaux qui ne pourront pas sortir du port pendant les travaux : « {english} » Les pêcheurs ont applaudi, et la réunion a pris fin dans le calme.\n"),
            english,
        ),
        // An English text with a Japanese paragraph, hiragana outnumbering
        // the English stop words.
        (
            format!("{english}\n"),
            format!("{english}\n\n{japanese}{japanese}{japanese}\n"),
            english,
        ),
    ];
    for (a, b, copied) in cases {
        let r = pair(&a, &b);
        // The side in `b` takes in the quotes around a whole sentence.
        let found = r.passages.iter().any(|p| {
            let in_b = std::str::from_utf8(text_of(b.as_bytes(), &p.b)).unwrap();
            text_of(a.as_bytes(), &p.a) == copied.as_bytes()
                && in_b.trim_matches(['“', '”', '«', '»', ' ', '\u{a0}']) == copied
        });
        assert!(found, "{copied:?} not found whole: {:?}", r.passages);
    }
}

/// Scripts written without spaces: UAX #29 makes each Han character a
/// token, and two count as one word, so the minimum passage length means
/// about as much text as in English (15 words, 30 characters).
#[test]
fn two_han_characters_count_as_one_word() {
    let a = "今年夏天，沿海小镇的渔民协会召开了一次特别会议。会上，协会主席宣布将在码头东侧修建一座新的冷藏仓库，用来保存清晨捕捞的海鲜。许多年轻渔民对此表示欢迎，但也有人担心租金会随之上涨。\n\n另外，镇政府打算明年春天重新铺设通往灯塔的石板小路，并在沿途种植耐盐的灌木。\n";
    // 22 characters copied: 11 words, under the minimum.
    let b = "山区的茶农最近也很忙碌。听说协会主席宣布将在码头东侧修建一座新的冷藏仓库，可这与他们的生活关系不大。他们更关心今年的雨水是否充足。\n";
    // 36 characters copied (two sentences): 18 words.
    let c = "一位记者在报道中写道：用来保存清晨捕捞的海鲜。许多年轻渔民对此表示欢迎，但也有人担心租金会随之上涨。报道还提到了附近学校的新操场。\n";
    let r = run(&[
        ("a.txt", a.as_bytes()),
        ("b.txt", b.as_bytes()),
        ("c.txt", c.as_bytes()),
    ]);
    assert!(
        r.passages.iter().all(|p| p.b.doc != 1),
        "11 words are no passage: {:?}",
        r.passages
    );
    let p = r
        .passages
        .iter()
        .find(|p| (p.a.doc, p.b.doc) == (0, 2))
        .unwrap_or_else(|| panic!("the copy in c.txt is a passage: {:?}", r.passages));
    assert_eq!(p.words, 18);
    assert_eq!(p.kind, PassageKind::Verbatim);
    let copied = "用来保存清晨捕捞的海鲜。许多年轻渔民对此表示欢迎，但也有人担心租金会随之上涨。";
    assert_eq!(text_of(c.as_bytes(), &p.b), copied.as_bytes());
    assert_eq!(text_of(a.as_bytes(), &p.a), copied.as_bytes());
    // The same text in a document of its own, with a shorter minimum: the
    // 22 characters are found once 11 words are enough.
    let options = Options {
        min_passage_words: 11,
        ..Options::default()
    };
    let r = analyze(&[("a.txt", a.as_bytes()), ("b.txt", b.as_bytes())], options).unwrap();
    assert_eq!(r.passages.len(), 1, "{:?}", r.passages);
    assert_eq!(r.passages[0].words, 11);
}

#[test]
fn no_passages_option_gives_none() {
    let a = format!("{BEFORE} {LIFTED}\n");
    let b = format!("{OTHER} {LIFTED}\n");
    let options = Options {
        passages: false,
        ..Options::default()
    };
    let r = analyze(&[("a.txt", a.as_bytes()), ("b.txt", b.as_bytes())], options).unwrap();
    assert!(r.passages.is_empty());
    assert_eq!(r.summary.passages, 0);
}

#[test]
fn a_passage_repeated_within_one_document_has_the_earlier_side_first() {
    let a = format!("{LIFTED}\n\n{OTHER}\n\n{BEFORE} {LIFTED}\n");
    let r = run(&[("a.txt", a.as_bytes())]);
    assert_eq!(r.passages.len(), 1, "{:?}", r.passages);
    let p = &r.passages[0];
    assert_eq!((p.a.doc, p.b.doc), (0, 0));
    assert!(p.a.end <= p.b.start);
    assert_eq!((p.a.line, p.b.line), (1, 5));
    assert_eq!(text_of(a.as_bytes(), &p.a), text_of(a.as_bytes(), &p.b));
}

/// `text` in UTF-16 LE with a byte order mark.
fn utf16(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

#[test]
fn spans_are_exact_in_utf16_and_windows_1252_files() {
    let lifted = LIFTED.replace("engineers", "ingénieurs");
    let a = format!("Première ligne, café.\r\n{BEFORE} {lifted}\r\n");
    let b16 = utf16(&format!("{OTHER}\r\n\r\n« {lifted} »\r\n"));
    // Windows-1252: é is one byte (0xE9), « » are 0xAB 0xBB.
    let b1252: Vec<u8> = format!("Zeile eins.\n{lifted}\n")
        .chars()
        .map(|c| match c {
            'é' => 0xE9,
            c => c as u8,
        })
        .collect();
    let r = run(&[
        ("a.txt", a.as_bytes()),
        ("b16.txt", &b16),
        ("b1252.txt", &b1252),
    ]);
    // The sentence with its full stop; « » stand apart from it, so they
    // are not taken in.
    let words = lifted.as_str();
    for (doc, bytes) in [(1u32, &b16), (2, &b1252)] {
        let p = r
            .passages
            .iter()
            .find(|p| p.a.doc == 0 && p.b.doc == doc)
            .unwrap_or_else(|| panic!("a passage with document {doc}: {:?}", r.passages));
        assert_eq!(text_of(a.as_bytes(), &p.a), words.as_bytes());
        assert_eq!(p.a.line, 2);
        let got =
            paradup::decode_fragment(text_of(bytes, &p.b), r.documents[doc as usize].encoding);
        assert_eq!(got, words, "document {doc}");
        assert_eq!(p.b.line, if doc == 1 { 3 } else { 2 });
    }
}

#[test]
fn reports_are_deterministic_and_the_same_with_spilling() {
    let a = format!("{BEFORE} {LIFTED} {AFTER}\n");
    let b = format!("{OTHER} {LIFTED}\n\n{AFTER}\n");
    let docs = [("a.txt", a.as_bytes()), ("b.txt", b.as_bytes())];
    let first = run(&docs);
    assert!(!first.passages.is_empty());
    assert_eq!(first, run(&docs));
    let dir = tempfile::tempdir().unwrap();
    let spill = paradup::Spill {
        dir: dir.path().to_path_buf(),
        budget: 64,
    };
    let mut s = Analyzer::with_spill(Options::default(), spill).unwrap();
    for (name, bytes) in docs {
        s.add_file(name, bytes);
    }
    assert_eq!(first, s.finish().unwrap());
}

/// Text made of words from a small pool, so passages repeat by chance and
/// by copying.
fn text_strategy() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "river",
        "council",
        "Budget",
        "harbour",
        "winter.",
        "station,",
        "café",
        "naïve",
        "“quoted”",
        "don't",
        "3.5",
        "\n",
        "\r\n",
        "\n\n",
        "—",
        "ÉCOLE",
        "straße",
    ]);
    prop::collection::vec(word, 0..120).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn every_side_lies_inside_its_document_on_word_boundaries(
        a in text_strategy(),
        b in text_strategy(),
        copy in any::<bool>(),
    ) {
        let b = if copy { format!("{b} {a} {b}") } else { b };
        let options = Options { min_passage_words: 3, passage_similarity: 0.3, ..Options::default() };
        let texts = [a.as_str(), b.as_str()];
        let r = analyze(&[("a.txt", a.as_bytes()), ("b.txt", b.as_bytes())], options).unwrap();
        for p in &r.passages {
            prop_assert!(p.a.doc < p.b.doc || (p.a.doc == p.b.doc && p.a.end <= p.b.start));
            for s in [&p.a, &p.b] {
                let t = texts[s.doc as usize];
                prop_assert!(s.start < s.end && s.end as usize <= t.len());
                prop_assert!(t.is_char_boundary(s.start as usize) && t.is_char_boundary(s.end as usize));
                // Words, with at most a sentence's opening quotes before
                // the first and its closing marks after the last, none
                // apart from their word.
                let side = &t[s.start as usize..s.end as usize];
                let words = side.trim_start_matches(['“', '"']);
                let marks = words.len() - words.trim_end_matches(['.', '”', '"']).len();
                let words = &words[..words.len() - marks];
                prop_assert!(marks == 0 || side[side.len() - marks..].contains('.'), "{:?}", side);
                let first = words.chars().next().unwrap();
                let last = words.chars().next_back().unwrap();
                prop_assert!(first.is_alphanumeric() && last.is_alphanumeric(), "{:?}", side);
                let before = t[..s.start as usize].chars().next_back();
                let after = t[s.end as usize..].chars().next();
                prop_assert!(!before.is_some_and(char::is_alphanumeric));
                prop_assert!(!after.is_some_and(char::is_alphanumeric));
                let line = 1 + t[..s.start as usize].matches('\n').count() as u64;
                let end_line = 1 + t.as_bytes()[..s.end as usize - 1].iter().filter(|&&b| b == b'\n').count() as u64;
                prop_assert_eq!((s.line, s.end_line), (line, end_line));
            }
        }
    }
}

/// Two sentences copied word for word (each a passage on its own), 22 and
/// 21 words.
const PIECE_1: &str = "The harbour master confirmed on Friday that the old stone breakwater would be rebuilt with granite blocks shipped from the northern quarry.";
const PIECE_2: &str = "Work on the new lighthouse lamp will begin once the fishing season closes and the last trawlers have been hauled up the slipway.";

#[test]
fn pieces_of_one_rewritten_passage_are_one_passage() {
    // Between the two copied sentences the later text condenses what the
    // earlier says, in other words but about the same things (the
    // breakwater, its cost, the council, the storms), too loosely to align
    // on its own: the pieces are one reworded passage.
    let between_a = "Councillors argued for months over the cost of the breakwater, which storms had battered every winter since the war, and several of them wanted the money spent on the promenade instead. In the end the council agreed to share the cost with the port authority.";
    let between_b = "After months of argument over what storms had done to it, the council and the port authority will split the breakwater's cost.";
    let a = format!("{BEFORE}\n\n{PIECE_1} {between_a} {PIECE_2}\n\n{AFTER}\n");
    let b = format!("{OTHER}\n\n{PIECE_1} {between_b} {PIECE_2}\n");
    let r = pair(&a, &b);
    assert_eq!(r.passages.len(), 1, "{:?}", r.passages);
    let p = &r.passages[0];
    assert!(text_of(a.as_bytes(), &p.a).starts_with(b"The harbour master"));
    assert!(text_of(b.as_bytes(), &p.b).ends_with(b"up the slipway."));
    assert_eq!(p.kind, PassageKind::Reworded);
}

#[test]
fn two_copies_close_together_with_unrelated_text_between_stay_apart() {
    // The same two copied sentences, close in both texts, but what lies
    // between them is each text's own and about other things: two
    // separate copies, not one rewritten passage.
    let between_a = "Meanwhile the choir rehearsed carols in the chapel, the baker raised the price of rye bread, and the bus to the market town was late again.";
    let between_b = "Football supporters queued for tickets in the rain while a brass band practised marches behind the town hall.";
    let a = format!("{BEFORE}\n\n{PIECE_1} {between_a} {PIECE_2}\n\n{AFTER}\n");
    let b = format!("{OTHER}\n\n{PIECE_1} {between_b} {PIECE_2}\n");
    let r = pair(&a, &b);
    assert_eq!(r.passages.len(), 2, "{:?}", r.passages);
    assert!(r.passages.iter().all(|p| p.kind == PassageKind::Verbatim));
}

/// Writes `docs` documents sharing many passages: sentences of
/// pseudo-words, two in five taken from a common pool (some with a word
/// changed, some repeated within the document), in wrapped paragraphs.
fn write_reuse_corpus(dir: &std::path::Path, docs: usize) {
    let mut next = common::xorshift(0xC0FF_EE12_3456_789B);
    let syllables = [
        "ka", "lo", "mi", "ren", "sta", "vo", "dul", "pe", "tor", "an",
    ];
    let mut vocab: Vec<String> = (0..2000)
        .map(|_| (0..2 + next(3)).map(|_| syllables[next(10)]).collect())
        .collect();
    // Stop words too, whose tokens carry a flag.
    for _ in 0..100 {
        vocab.extend(["the", "of", "and", "a"].map(String::from));
    }
    let sentence = |next: &mut dyn FnMut(usize) -> usize| -> Vec<String> {
        (0..12 + next(14))
            .map(|_| vocab[next(vocab.len())].clone())
            .collect()
    };
    let pool: Vec<Vec<String>> = (0..150).map(|_| sentence(&mut next)).collect();
    for d in 0..docs {
        let mut text = String::new();
        let mut own: Vec<Vec<String>> = Vec::new();
        for s in 0..60 {
            let mut words = match next(10) {
                0..=3 => pool[next(pool.len())].clone(),
                4 if !own.is_empty() => own[next(own.len())].clone(),
                _ => sentence(&mut next),
            };
            if next(3) == 0 {
                let i = next(words.len());
                words[i] = "changed".into();
            }
            own.push(words.clone());
            let mut line = 0;
            for w in words {
                line += w.len() + 1;
                text.push_str(&w);
                text.push(if line > 70 { '\n' } else { ' ' });
                line = if line > 70 { 0 } else { line };
            }
            text.pop();
            text.push_str(if s % 5 == 4 { ".\n\n" } else { ". " });
        }
        std::fs::write(dir.join(format!("doc{d:02}.txt")), text).unwrap();
    }
}

/// Passages spill past `--memory` (every document's tokens, and the
/// documents prepared for alignment in blocks): with budgets that put
/// one earlier document in a block, or several, on one thread or two,
/// the report is byte-identical to the in-memory one.
#[test]
fn many_passages_are_the_same_spilled_and_on_threads() {
    let corpus = tempfile::tempdir().unwrap();
    write_reuse_corpus(corpus.path(), 24);
    let budgets = [("1K", "1"), ("1K", "2"), ("200K", "1"), ("200K", "2")];
    let passages = same_report_spilled(corpus.path(), &budgets);
    assert!(passages.len() > 300, "{} passages", passages.len());
    // Passages between documents and within one.
    assert!(passages.iter().any(|p| p["a"]["doc"] == p["b"]["doc"]));
}

/// The passages of the corpus in `dir` analyzed with everything in memory
/// on one thread, after checking that the report is byte-identical on two
/// threads and at each `(--memory, --threads)` of `budgets`.
fn same_report_spilled(dir: &Path, budgets: &[(&str, &str)]) -> Vec<serde_json::Value> {
    same_report_spilling(dir, budgets, &[])
}

/// [`same_report_spilled`], also checking which stores spilled: for each
/// entry of `stores`, the `--memory` value, the stores that must spill
/// there and those that must not (as `src/spill.rs` names them when
/// `PARADUP_TRACE_SPILL` is set).
fn same_report_spilling(
    dir: &Path,
    budgets: &[(&str, &str)],
    stores: &[(&str, &[&str], &[&str])],
) -> Vec<serde_json::Value> {
    let temp = tempfile::tempdir().unwrap();
    let temp_dir = temp.path().to_str().unwrap();
    let run = |memory: &str, threads: &str| {
        let args = [
            "analyze",
            "--format",
            "json",
            "--memory",
            memory,
            "--threads",
            threads,
            "--temp-dir",
            temp_dir,
            ".",
        ];
        let out = common::paradup_env(&args, dir, &[("PARADUP_TRACE_SPILL", "1")]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        for (at, spill, keep) in stores.iter().filter(|s| s.0 == memory) {
            for store in *spill {
                let line = format!("spilling {store} to a temporary file");
                assert!(
                    stderr.contains(&line),
                    "--memory {at}: {store} did not spill: {stderr}"
                );
            }
            for store in *keep {
                let line = format!("spilling {store} to a temporary file");
                assert!(
                    !stderr.contains(&line),
                    "--memory {at}: {store} spilled: {stderr}"
                );
            }
        }
        out.stdout
    };
    let free = run("8G", "1");
    for &(memory, threads) in [("8G", "2")].iter().chain(budgets) {
        assert!(
            run(memory, threads) == free,
            "--memory {memory} --threads {threads} changed the report"
        );
    }
    let report: serde_json::Value = serde_json::from_slice(&free).unwrap();
    report["passages"].as_array().unwrap().clone()
}

/// Text copied into many documents, where the passage search's anchor
/// lists and each pair's shared grams are the bulk: the same report when
/// they spill with everything else (`1K`), when they spill and the tokens
/// stay in memory (`1700K`: about 145 KB of lists over a cap of 106 KB,
/// 345 KB of tokens under 425 KB; the pairs are aligned without blocks,
/// each pair's shared grams read back), on one thread and two.
#[test]
fn copied_text_is_the_same_with_its_anchor_lists_spilled() {
    let corpus = tempfile::tempdir().unwrap();
    for (name, text) in common::generate::copied_texts(6, 12, 400, 0xA7C4_0125_9D3B_77E1) {
        std::fs::write(corpus.path().join(name), text).unwrap();
    }
    let budgets = [("1K", "1"), ("1K", "2"), ("1700K", "1"), ("1700K", "2")];
    let lists: &[&str] = &["passage-anchors", "passage-shared"];
    let stores = [
        ("1K", lists, &[][..]),
        ("1700K", lists, &["passage-tokens"][..]),
        (
            "8G",
            &[][..],
            &["passage-anchors", "passage-shared", "passage-tokens"][..],
        ),
    ];
    let passages = same_report_spilling(corpus.path(), &budgets, &stores).len();
    assert!(passages > 300, "{passages} passages");
}

/// A copy (lightly edited) whose first sentence has a reworded look-alike
/// just before it in the other document: the passage is the copy, not the
/// copy and its neighbour (the sentence stage paired the copy's first
/// sentence with the look-alike, and the group absorbed the copy).
#[test]
fn a_look_alike_beside_a_copy_is_not_pulled_into_it() {
    let copy = "Book four consecutive nights and receive a free daily breakfast and one complimentary seafood dinner for two guests at the harbour terrace restaurant. \
        Guests must arrive and leave within the dates printed on the voucher, and the offer cannot be combined with any other discount. \
        Children under twelve stay free when they share a room with two paying adults on the same board basis.";
    let edited = copy.replace("printed on the voucher", "shown on the voucher");
    let look_alike = "Stay four nights running: breakfast is served daily, and a dinner of local seafood for a pair of guests is complimentary on the harbour restaurant's terrace.";
    let a = format!("{BEFORE} {OTHER}\n\n{copy}\n\n{AFTER}\n");
    let b = format!("Opening line of the second file.\n\n{look_alike} {edited}\n\nTransfers from the airport cost extra and must be booked a week ahead.\n");
    let r = pair(&a, &b);
    let p = r
        .passages
        .iter()
        .find(|p| text_of(a.as_bytes(), &p.a).starts_with(b"Book four"))
        .unwrap_or_else(|| panic!("the copy is a passage: {:?}", r.passages));
    assert!(
        text_of(b.as_bytes(), &p.b).starts_with(b"Book four"),
        "the passage starts at the copy in b.txt, not at its look-alike: {:?}",
        String::from_utf8_lossy(text_of(b.as_bytes(), &p.b)),
    );
}

/// `bytes` without a closing full stop.
fn unstopped(bytes: &[u8]) -> &[u8] {
    bytes.strip_suffix(b".").unwrap_or(bytes)
}

/// The one passage between `source` and `summary`, a `summary` whose
/// sides start with `starts` (on the source, on the summary) and both end
/// with `ends`.
fn one_summary(source: &str, summary: &str, starts: (&str, &str), ends: &str) -> Passage {
    let r = pair(source, summary);
    assert_eq!(r.passages.len(), 1, "{:?}", r.passages);
    let p = r.passages[0].clone();
    assert_eq!(p.kind, PassageKind::Summary);
    let (a, b) = (
        text_of(source.as_bytes(), &p.a),
        text_of(summary.as_bytes(), &p.b),
    );
    for (side, start) in [(a, starts.0), (b, starts.1)] {
        let shown = String::from_utf8_lossy(side);
        assert!(side.starts_with(start.as_bytes()), "{shown:?}");
        assert!(unstopped(side).ends_with(ends.as_bytes()), "{shown:?}");
    }
    p
}

#[test]
fn a_summary_is_one_passage_over_the_stretch_of_its_source_it_uses() {
    // The report's side runs from the first text the digest uses to the
    // last; the digest's side is its summary paragraph.
    let p = one_summary(
        common::REPORT,
        common::DIGEST,
        ("the old iron bridge", "The old iron bridge"),
        "on its northern side",
    );
    assert_eq!(
        (p.a.line, p.a.end_line, p.b.line, p.b.end_line),
        (1, 7, 3, 3)
    );
}

#[test]
fn a_summary_of_short_sentences_matched_one_by_one_is_one_passage() {
    // The minutes' side runs from the first sentence the brief keeps to
    // the last; the brief's side from its first kept sentence to its end
    // (its opening sentence says what the brief is about, in its own words).
    one_summary(
        common::MINUTES,
        common::BRIEF,
        ("The chief engineer", "Silt has taken"),
        "eleven votes to four",
    );
}
