//! Helpers shared by the integration tests.
// Each test file uses some of them.
#![allow(dead_code, unused_imports)]

use std::path::Path;
use std::process::{Command, Output};

use paradup::paragraph_text;
use paradup::{Loc, Report};

// These files use nothing of paradup, so the crate's own unit tests
// (src/tests/) include the same files: one copy of each generator, and one
// way of recording a skip.
pub mod format_fixtures;
pub mod generate;
mod skip;

pub use format_fixtures::zip_of;
pub use generate::{word, xorshift};
pub use skip::{shared, shared_files, skip};

/// A paragraph's text: its span of its document's bytes (`sources` holds
/// the bytes of plain-text and Markdown documents, in report order),
/// decoded; empty if the span lies outside them.
pub fn text(report: &Report, sources: &[(String, Vec<u8>)], l: Loc) -> String {
    let bytes = sources.get(l.doc as usize).map_or(&[][..], |(_, b)| b);
    let document = &report.documents[l.doc as usize];
    paragraph_text(document, bytes, None, l.para as usize).unwrap_or_default()
}

/// Every paragraph of document `doc` as `(Loc, text)`.
pub fn paragraphs(report: &Report, sources: &[(String, Vec<u8>)], doc: u32) -> Vec<(Loc, String)> {
    (0..report.documents[doc as usize].paragraphs.len() as u32)
        .map(|para| {
            let l = Loc { doc, para };
            (l, text(report, sources, l))
        })
        .collect()
}

/// Runs the `paradup` binary in `dir`.
pub fn paradup(args: &[&str], dir: &Path) -> Output {
    paradup_env(args, dir, &[])
}

/// [`paradup`] with environment variables `env` set.
pub fn paradup_env(args: &[&str], dir: &Path, env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paradup"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .output()
        .expect("paradup runs")
}

/// Asserts that a JSON report satisfies `schema/report.schema.json`.
pub fn assert_valid(json: &serde_json::Value) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/report.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("schema file"))
            .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(json)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "schema violations: {errors:#?}");
}

/// A minimal .docx: `[Content_Types].xml` and `word/document.xml`.
pub fn docx(paragraphs: &[&str]) -> Vec<u8> {
    let body: String = paragraphs
        .iter()
        .map(|p| {
            if p.is_empty() {
                "<w:p/>".to_owned()
            } else {
                format!(
                    "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                    p.replace('&', "&amp;")
                )
            }
        })
        .collect();
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let types = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
    zip_of(&[
        ("[Content_Types].xml", types.as_bytes()),
        ("word/document.xml", document.as_bytes()),
    ])
}

/// A news report and a digest that summarizes it in four sentences: the
/// first condenses the report's opening (found as word runs), the rest
/// reword sentences spread over its other paragraphs (found by sentence
/// similarity), and the two pieces share words in the digest.
pub const REPORT: &str = "The county engineers announced on Tuesday that the old iron bridge over the Marle river will close for eighteen months of repairs starting in early spring. Inspectors found deep rust in the main girders and cracks in two of the stone piers that hold up the central span.

Traffic will be sent along the valley road, which adds about twelve miles to the trip between the two market towns. Farmers on the east bank complained that the detour would double the time it takes to bring milk to the dairy. The council promised to run a free shuttle bus for schoolchildren and elderly residents during the closure.

The repairs are expected to cost nine million pounds, most of it paid by the national roads fund. A local firm of stonemasons will rebuild the damaged piers using granite from the quarry at Holt, while a steel contractor from the north replaces the girders. Engineers said the work must be finished before the winter floods, when the river often rises above the lower arches.

Historians pointed out that the bridge was opened in eighteen sixty and once carried a horse tramway. The town museum plans an exhibition of old photographs of the crossing while it is closed. When it reopens, the bridge will carry a wider footpath and a cycle lane on its northern side.
";
pub const DIGEST: &str = "Our weekly digest of news from the valley.

The old iron bridge over the Marle river will close for eighteen months of repairs, county engineers said, after inspectors found rust in the girders and cracks in two stone piers. Drivers face a twelve mile detour along the valley road, and a free shuttle bus will carry schoolchildren and the elderly. The nine million pound repairs, mostly paid by the national roads fund, must be finished before the winter floods. When it reopens, the bridge will carry a wider footpath and a cycle lane on its northern side.

In other news, the library extends its opening hours on Saturdays from next month.
";

/// A council meeting's minutes (written for this test): what a brief
/// below keeps of them lies about five sentences apart.
pub const MINUTES: &str = "The town council of Westerby met on Monday evening to discuss the future of the municipal water supply, which has served the valley since the early years of the last century. Residents packed the hall, and many of them had to stand at the back for the whole of the three-hour session. The chairman opened by reading letters from two schools and a care home. Each letter asked the council to keep the price of water low. A short film about the history of the waterworks was then shown on a screen borrowed from the library.\n\
\n\
The chief engineer told the council that the main reservoir above the village of Holme had lost almost a third of its capacity to silt over the past forty years. He showed photographs of the dam taken from a small boat in June. Some of the pictures drew laughter because a family of swans had followed the boat. He said that the inspectors from the national agency had visited twice in the spring. Their report praised the staff but criticised the state of the outlet valves.\n\
\n\
He added that the pumping station beside the river was built in 1931 and still runs on its original electric motors, which are increasingly hard to repair. The building itself is listed, so any change to its walls or roof needs permission from the heritage office. Visitors are allowed in on one weekend each September. Last year more than six hundred people came to see the engine hall. The station's two keepers live in cottages beside the gate.\n\
\n\
Several councillors then asked whether the town could simply buy water from the regional company that supplies the neighbouring districts, and the finance officer warned that buying water in bulk would raise household bills by roughly fifteen percent within three years. She also described the company's accounts as difficult to read. A councillor from the east ward said he had studied them for a week. Nobody in the hall could say how much the company paid its directors. The discussion of the accounts went on for almost an hour.\n\
\n\
A farmer from the upper valley spoke about the wells on his land, which ran dry for the first time during the long drought of last August. He urged the council to think about the farms as well as the town. His neighbours nodded along from the front row. One of them had brought a jar of cloudy well water to show the council. The jar was passed along the benches and came back nearly empty.\n\
\n\
Finally the mayor proposed a public consultation lasting eight weeks, with meetings in every parish of the valley and a survey sent to each household, and the proposal was carried by eleven votes to four. Results will be presented in the new year. The meeting closed shortly before eleven o'clock. Tea and biscuits were served in the lobby afterwards.\n\
";
/// A news brief whose paragraph condenses the minutes a sentence at a
/// time, each sentence too short (under 15 words) to be a passage alone.
pub const BRIEF: &str = "The Valley Gazette, news in brief.\n\
\n\
The autumn fair drew record crowds to the showground, where a prize ram from the Ashby farm sold for a price nobody could remember being paid before.\n\
\n\
Westerby is debating its ageing water supply. Silt has taken nearly a third of the Holme reservoir's capacity. The 1931 pumping station still runs on its original, hard-to-repair motors. Bulk water from the regional company would raise bills fifteen percent. An eight-week consultation in every parish was approved by eleven votes to four.\n\
\n\
The library will close for two weeks in November while its roof is replaced, and books may be returned at the post office until it reopens.\n\
";
