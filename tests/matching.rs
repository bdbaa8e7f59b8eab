//! Each kind of edit docs/matching.md promises to find, and the look-alikes it
//! promises not to report, on hand-written paragraphs.

use paradup::{analyze, Kind, Options, Report};

const BASE: &str = "The regional water board approved a plan on Thursday to replace forty kilometres of leaking pipes under the old town. Engineers expect the work to take three summers and to cut losses by almost a third. Residents will be warned a week before their street is dug up.";

fn pair_kind(a: &str, b: &str) -> Option<(Kind, f64, f64)> {
    let r: Report = analyze(&[("a", a), ("b", b)], Options::default()).unwrap();
    r.pairs
        .iter()
        .find(|p| p.a.doc == 0 && p.b.doc == 1)
        .map(|p| (p.kind, p.similarity, p.containment))
}

fn found(edited: &str) -> Kind {
    pair_kind(BASE, edited)
        .unwrap_or_else(|| panic!("not found: {edited}"))
        .0
}

/// Replaces the `n`th word (0-based) with `with`.
fn replace_word(text: &str, n: usize, with: &str) -> String {
    let mut words: Vec<&str> = text.split(' ').collect();
    words[n] = with;
    words.join(" ")
}

#[test]
fn exact_after_normalization() {
    assert_eq!(found(BASE), Kind::Exact);
    assert_eq!(found(&BASE.to_uppercase()), Kind::Exact, "re-cased");
    let requoted = BASE
        .replace("Engineers expect", "“Engineers expect")
        .replace("third.", "third,” he said.");
    assert_eq!(
        found(&requoted.replace(" he said", "")),
        Kind::Exact,
        "re-quoted"
    );
    let repunct = BASE.replace(". ", "; ").replace(", ", " — ");
    assert_eq!(found(&repunct), Kind::Exact, "re-punctuated");
    assert_eq!(
        found(&format!("BERLIN (AP) — {BASE}")),
        Kind::Exact,
        "dateline"
    );
    assert_eq!(
        found(&format!("(OSLO) — {BASE}")),
        Kind::Exact,
        "dateline in parentheses"
    );
    let spaced = BASE.replace(' ', "\u{a0}").replace("forty", "ﬁorty");
    assert_ne!(found(&spaced), Kind::Contained, "odd spaces and ligatures");
}

#[test]
fn light_edits_are_near() {
    // Ten percent of the 49 words changed, spread through the paragraph.
    let mut edited = BASE.to_owned();
    for (n, w) in [
        (2, "district"),
        (9, "Friday"),
        (17, "beneath"),
        (27, "four"),
        (38, "nearly"),
    ] {
        edited = replace_word(&edited, n, w);
    }
    let (kind, sim, _) = pair_kind(BASE, &edited).expect("10% edit found");
    assert_eq!(kind, Kind::Near);
    assert!((0.5..1.0).contains(&sim), "{sim}");
    // Sentences reordered.
    let s: Vec<&str> = BASE.split_inclusive(". ").collect();
    let reordered = format!("{} {}{}", s[2], s[0], s[1].trim_end());
    assert_eq!(found(&reordered), Kind::Near);
}

#[test]
fn glued_cut_and_extended_are_contained() {
    let other = "A second story about the harbour festival follows, with music on three stages and a lantern parade after dark.";
    assert_eq!(
        found(&format!("{BASE} {other}")),
        Kind::Contained,
        "glued after"
    );
    assert_eq!(
        found(&format!("MORE: Festival plans announcedThe{}", &BASE[3..])),
        Kind::Near,
        "short link glued before"
    );
    let half = &BASE[..BASE.find(" Engineers").unwrap()];
    let (kind, _, containment) = pair_kind(BASE, half).expect("half found");
    assert_eq!((kind, containment), (Kind::Contained, 1.0));
    let extended = format!("{BASE} The board meets again in March to review the cost.");
    assert!(
        matches!(found(&extended), Kind::Near | Kind::Contained),
        "sentence added"
    );
}

#[test]
fn look_alikes_are_not_reported() {
    // Same opening phrase, different story.
    let same_opening = "The regional water board approved a plan on Thursday to raise the price of tap water for businesses by six percent from January, citing the cost of new filters.";
    assert_eq!(pair_kind(BASE, same_opening), None);
    // Same topic words, different sentences.
    let same_topic = "Leaking pipes under the old town have troubled the water board for years; residents say engineers dug up their street twice last summer without warning.";
    assert_eq!(pair_kind(BASE, same_topic), None);
    // Different numbers are different facts.
    let a = "At least 558 people were injured in the storm on Monday, officials said.";
    let b = "At least 492 people were injured in the storm on Tuesday, officials said.";
    assert_ne!(pair_kind(a, b).map(|x| x.0), Some(Kind::Exact));
}

#[test]
fn a_headline_is_not_a_copy_of_its_own_lead() {
    let head = "Night Trains Return Between the Two Capitals";
    let lead = "Night trains return between the two capitals next spring after a pause of eleven years, the rail company said on Monday.";
    let a = format!("{head}\n\n{lead}\n");
    let b = format!("(VIENNA) — {lead}\n");
    let r = analyze(&[("a", a.as_str()), ("b", b.as_str())], Options::default()).unwrap();
    assert_eq!(r.pairs.len(), 1, "{:?}", r.pairs);
    assert_eq!(
        (r.pairs[0].a.para, r.pairs[0].b.doc, r.pairs[0].kind),
        (1, 1, Kind::Exact)
    );
    assert_eq!(r.clusters[0].original, paradup::Loc { doc: 0, para: 1 });
    // The same headline elsewhere, away from its lead, is still contained.
    let c = format!("Other news first, about the weather and the roads this week.\n\n{head}\n");
    let r = analyze(&[("c", c.as_str()), ("a", a.as_str())], Options::default()).unwrap();
    assert!(r
        .pairs
        .iter()
        .any(|p| p.a == paradup::Loc { doc: 0, para: 1 } && p.kind == Kind::Exact));
}

#[test]
fn short_paragraphs_only_on_request() {
    let short = "Read more below.";
    let r = analyze(&[("a", short), ("b", short)], Options::default()).unwrap();
    assert!(r.pairs.is_empty(), "under the default minimum of words");
    let low = Options {
        min_words: 2,
        ..Options::default()
    };
    let r = analyze(&[("a", short), ("b", short)], low).unwrap();
    assert_eq!(r.pairs.len(), 1);
}

#[test]
fn clusters_score_copies_against_the_original() {
    // A ≈ B and B ≈ C, but C is unlike A: C must not join A's cluster.
    let a = "one two three four five six seven eight nine ten eleven twelve";
    let b = "one two three four five six seven eight nine ten alpha beta gamma delta epsilon zeta";
    let c = "seven eight nine ten alpha beta gamma delta epsilon zeta theta iota kappa";
    let r = analyze(&[("a", a), ("b", b), ("c", c)], Options::default()).unwrap();
    for cluster in &r.clusters {
        let original = cluster.original;
        for copy in &cluster.copies {
            let direct = r
                .pairs
                .iter()
                .any(|p| p.a == original && p.b.doc == copy.doc && p.b.para == copy.para);
            assert!(direct, "every copy is matched to the original itself");
        }
    }
    let chained = |x: u32, y: u32| r.pairs.iter().any(|p| p.a.doc == x && p.b.doc == y);
    assert!(
        chained(0, 1) && chained(1, 2) && !chained(0, 2),
        "{:?}",
        r.pairs
    );
    assert!(r
        .clusters
        .iter()
        .all(|cl| !(cl.original.doc == 0 && cl.copies.iter().any(|x| x.doc == 2))));
}

#[test]
fn boilerplate_spans_many_documents() {
    let footer = "Subscribe to our newsletter to get the morning briefing in your inbox every day.";
    let stories = [
        "A bakery on the corner won a prize for its rye loaf at the county show.",
        "Snow closed the mountain pass for two days and stranded a coach of tourists.",
        "The museum opened a room of maps drawn by sailors three centuries ago.",
        "Cyclists asked the city for a protected lane along the busy ring road.",
    ];
    let docs: Vec<(String, String)> = stories
        .iter()
        .enumerate()
        .map(|(i, s)| (format!("d{i}"), format!("{s}\n\n{footer}\n")))
        .collect();
    let r = analyze(&docs, Options::default()).unwrap();
    assert_eq!(r.clusters.len(), 1);
    assert!(r.clusters[0].boilerplate);
    assert_eq!(r.clusters[0].documents, 4);
    let strict = Options {
        boilerplate_documents: 5,
        ..Options::default()
    };
    let r = analyze(&docs, strict).unwrap();
    assert!(!r.clusters[0].boilerplate);
}

#[test]
fn layouts_do_not_matter() {
    // The same two paragraphs: blank-line separated, one per line, hard
    // wrapped at 60 columns, and with CRLF line ends.
    let p1 = "Night trains between the two capitals return next spring after a pause of eleven years, the rail company said.";
    let p2 = "Tickets go on sale in February and a sleeper berth will cost about the same as a hotel room.";
    let wrap = |p: &str| {
        let mut out = String::new();
        let mut line = String::new();
        for w in p.split(' ') {
            if line.len() + w.len() + 1 > 60 {
                out.push_str(line.trim_end());
                out.push('\n');
                line.clear();
            }
            line.push_str(w);
            line.push(' ');
        }
        out + line.trim_end()
    };
    let layouts = [
        format!("{p1}\n\n{p2}\n"),
        format!("{p1}\n{p2}\n"),
        format!("{}\n\n{}\n", wrap(p1), wrap(p2)),
        format!("{p1}\r\n\r\n{p2}\r\n"),
        format!("{}\r\n\r\n{}\r\n", wrap(p1), wrap(p2))
            .replace('\n', "\r\n")
            .replace("\r\r", "\r"),
    ];
    for (i, layout) in layouts.iter().enumerate() {
        let r = analyze(
            &[("orig", layouts[0].as_str()), ("copy", layout.as_str())],
            Options::default(),
        )
        .unwrap();
        assert_eq!(
            r.documents[1].paragraphs.len(),
            2,
            "layout {i} segments into two paragraphs"
        );
        let exact = r
            .pairs
            .iter()
            .filter(|p| p.kind == Kind::Exact && p.a.doc == 0 && p.b.doc == 1)
            .count();
        assert_eq!(exact, 2, "layout {i}");
    }
}
