//! The reports, reviewed by snapshot. The shipped fact base (`facts/` +
//! `assertions/`) is pinned in all three formats through the library API,
//! exactly as a newsroom's own test would pin its report: change a fact and
//! `cargo test` fails with the report's diff; `cargo insta review` (or
//! `INSTA_UPDATE=always cargo test` and `git diff`) accepts it. Every fixture
//! under `tests/fixtures/` is pinned too, through the command line.
//!
//! The HTML page is also rendered by a real browser (headless Chromium).

use std::path::{Path, PathBuf};
use std::process::Command;

fn seed() -> (factcheck::load::FactBase, factcheck::check::Findings) {
    // Integration tests run in the package root, so paths read `facts/…`
    // as they do for a fact-checker running `factcheck report` there.
    let base = factcheck::load::load(&["facts".into(), "assertions".into()]);
    assert!(base.errors.is_empty(), "the seed loads: {:?}", base.errors);
    let findings = factcheck::check::check(&base);
    (base, findings)
}

#[test]
fn seed_markdown() {
    let (base, findings) = seed();
    insta::assert_snapshot!(factcheck::report::markdown(&base, &findings));
}

#[test]
fn seed_html() {
    let (base, findings) = seed();
    insta::assert_snapshot!(factcheck::report::html(&base, &findings));
}

#[test]
fn seed_claimreview() {
    let (base, findings) = seed();
    insta::assert_snapshot!(factcheck::report::claimreview(
        &base,
        &findings,
        Some("Example News")
    ));
}

/// `factcheck report …` on one fixture, from `tests/fixtures/` so paths read
/// `NAME/file.facts`; the fixture's `args` file (written for `test`) names
/// the paths to load.
fn run_report(case: &Path, format: &str) -> String {
    let fixtures = case.parent().expect("fixtures folder");
    let name = case.file_name().unwrap().to_str().unwrap().to_string();
    let args_file = case.join("args");
    let paths: Vec<String> = if args_file.exists() {
        std::fs::read_to_string(&args_file)
            .unwrap()
            .split_whitespace()
            .skip(1)
            .map(String::from)
            .collect()
    } else {
        vec![name]
    };
    let mut args = vec!["report".to_string()];
    args.extend(paths);
    args.extend(["--format".to_string(), format.to_string()]);
    let output = Command::new(env!("CARGO_BIN_EXE_factcheck"))
        .args(&args)
        .current_dir(fixtures)
        .env("NO_COLOR", "1")
        .output()
        .expect("run factcheck");
    let stdout = String::from_utf8_lossy(&output.stdout);
    format!(
        "$ factcheck {}\nexit status: {}\n{}{}",
        args.join(" "),
        output.status.code().unwrap_or(-1),
        without_style(&stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The stylesheet is pinned once, by the seed's snapshot; fixtures pin what
/// the page says.
fn without_style(page: &str) -> String {
    match (page.find("<style>\n"), page.find("</style>")) {
        (Some(start), Some(end)) => format!("{}<style>…{}", &page[..start], &page[end..]),
        _ => page.to_string(),
    }
}

#[test]
fn fixtures_markdown() {
    insta::glob!("fixtures/*", |case| {
        if case.is_dir() {
            insta::assert_snapshot!(run_report(case, "md"));
        }
    });
}

#[test]
fn fixtures_html() {
    insta::glob!("fixtures/*", |case| {
        if case.is_dir() {
            insta::assert_snapshot!(run_report(case, "html"));
        }
    });
}

#[test]
fn fixtures_claimreview() {
    insta::glob!("fixtures/*", |case| {
        if case.is_dir() {
            insta::assert_snapshot!(run_report(case, "claimreview"));
        }
    });
}

/// A fact base written to a fresh directory: `(relative path, contents)`.
struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn new(files: &[(&str, &str)]) -> Scratch {
        let dir = tempfile::tempdir().unwrap();
        for (path, contents) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, contents).unwrap();
        }
        Scratch { dir }
    }

    fn path(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    fn reports(&self) -> (String, String, serde_json::Value) {
        let base = factcheck::load::load(&[self.path()]);
        assert!(base.errors.is_empty(), "{:?}", base.errors);
        let findings = factcheck::check::check(&base);
        let claimreview = factcheck::report::claimreview(&base, &findings, None);
        (
            factcheck::report::markdown(&base, &findings),
            factcheck::report::html(&base, &findings),
            serde_json::from_str(&claimreview).expect("ClaimReview is valid JSON"),
        )
    }
}

#[test]
fn input_renders_as_text_never_as_markup() {
    let scratch = Scratch::new(&[
        (
            "a.facts",
            concat!(
                "source s1 { title \"<script>alert('title')</script>\" url \"javascript:alert(1)\" file \"s1.txt\" }\n",
                "from s1\n",
                "\"<b>bold</b>\" label \"<script>alert('value')</script>\" quote \"<script>alert('text')</script>\"\n",
                "assert \"<b>bold</b>\" label == \"<img src=x onerror=alert(1)>\"\n",
            ),
        ),
        ("s1.txt", "Before <script>alert('text')</script> after </div></main>"),
    ]);
    let (markdown, html, _) = scratch.reports();
    let body = &html[html.find("<body>").unwrap()..];
    for raw in ["<script", "<b>", "<img", "</div></main>", "javascript:"] {
        assert!(!body.contains(raw), "HTML shows {raw} as markup:\n{body}");
    }
    for escaped in [
        "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;",
        "&lt;script&gt;alert(&#39;value&#39;)&lt;/script&gt;",
        "<mark>&lt;script&gt;alert(&#39;text&#39;)&lt;/script&gt;</mark>",
        "&lt;b&gt;bold&lt;/b&gt;",
        "&lt;img src=x onerror=alert(1)&gt;",
    ] {
        assert!(body.contains(escaped), "HTML lacks {escaped}:\n{body}");
    }
    assert!(
        markdown.contains("`javascript:alert(1)`") && !markdown.contains("](<javascript"),
        "a javascript: URL is shown, never linked:\n{markdown}"
    );
    for line in markdown.lines() {
        // Outside code spans, `<` before a tag name must be escaped.
        let outside_code: String = line.split('`').step_by(2).collect::<Vec<_>>().join(" ");
        let chars: Vec<char> = outside_code.chars().collect();
        for (i, pair) in chars.windows(2).enumerate() {
            let opens_tag = pair[0] == '<' && (pair[1].is_ascii_alphabetic() || pair[1] == '/');
            assert!(
                !opens_tag || (i > 0 && chars[i - 1] == '\\'),
                "Markdown line has raw HTML outside code: {line}"
            );
        }
    }
}

#[test]
fn quotes_link_to_their_passage_in_the_original_text() {
    let scratch = Scratch::new(&[
        (
            "a.facts",
            concat!(
                "source s1 { title \"Wire\" file \"s1.txt\" }\n",
                "from s1\n",
                "delegation size 9 quote \"\\\"The delegation, consisting of nine members\\\"\"\n",
                "delegation leader \"Bilawal\" quote \"consisting of nine\"\n",
            ),
        ),
        (
            "s1.txt",
            "Islamabad:\r\n“The delegation,\r\n   consisting of nine members” will travel.",
        ),
    ]);
    let (_, html, _) = scratch.reports();
    let anchors: Vec<&str> = html
        .split("<span class=\"anchor\" id=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    assert_eq!(anchors.len(), 2, "{html}");
    assert!(anchors[0].ends_with("-3") && anchors[1].ends_with("-4"));
    // Overlapping quotes are cut into segments that never nest: the shorter
    // one's anchor stands where it starts, inside the longer one's passage.
    let expected = format!(
        concat!(
            "<span class=\"anchor\" id=\"{}\"></span><mark>“The delegation,\r\n   </mark>",
            "<span class=\"anchor\" id=\"{}\"></span><mark>consisting of nine</mark>",
            "<mark> members”</mark> will travel."
        ),
        anchors[0], anchors[1]
    );
    assert!(html.contains(&expected), "{html}");
    for anchor in anchors {
        assert!(html.contains(&format!("href=\"#{anchor}\"")));
    }
}

#[test]
fn claimreview_has_the_schema_org_structure() {
    let scratch = Scratch::new(&[
        (
            "a.facts",
            concat!(
                "source s1 { title \"One\" url \"https://example.org/one\" published 2025-06-02 }\n",
                "source s2 { title \"Two\" publisher \"Wire\" url \"https://example.org/two\" published 2025-05 }\n",
                "from s1\nteam size 9\nteam city Paris\n",
                "from s2\nteam size 8\nteam city Paris\n",
            ),
        ),
        (
            "b.assert",
            concat!(
                "assert team city == Paris\n",
                "assert team city == Rome\n",
                "assert team coach == Smith\n",
                "assert team size == 9\n",
            ),
        ),
    ]);
    let (_, _, reviews) = scratch.reports();
    let reviews = reviews.as_array().expect("an array of ClaimReview");
    let ratings: Vec<&str> = reviews
        .iter()
        .map(|r| r["reviewRating"]["alternateName"].as_str().unwrap())
        .collect();
    assert_eq!(
        ratings,
        ["Supported", "Refuted", "Not enough information", "Disputed"]
    );
    for review in reviews {
        assert_eq!(review["@context"], "https://schema.org");
        assert_eq!(review["@type"], "ClaimReview");
        assert_eq!(review["reviewRating"]["@type"], "Rating");
        assert_eq!(review["itemReviewed"]["@type"], "Claim");
        assert!(review["reviewBody"].as_str().is_some_and(|s| !s.is_empty()));
        assert!(review.get("author").is_none(), "no --publisher, no author");
    }
    assert_eq!(reviews[0]["claimReviewed"], "team city is Paris");
    let item = &reviews[0]["itemReviewed"];
    assert_eq!(item["datePublished"], "2025-05", "the earliest appearance");
    assert_eq!(
        item["appearance"],
        serde_json::json!([
            {"@type": "CreativeWork", "url": "https://example.org/one", "headline": "One", "datePublished": "2025-06-02"},
            {"@type": "CreativeWork", "url": "https://example.org/two", "headline": "Two", "datePublished": "2025-05",
             "publisher": {"@type": "Organization", "name": "Wire"}}
        ])
    );
    assert!(
        reviews[2]["itemReviewed"].get("appearance").is_none(),
        "no source states the team's coach"
    );
}

#[test]
fn seed_claims_reviewed_are_short() {
    let (base, findings) = seed();
    let reviews: serde_json::Value =
        serde_json::from_str(&factcheck::report::claimreview(&base, &findings, None)).unwrap();
    let reviews = reviews.as_array().unwrap();
    assert_eq!(reviews.len(), base.assertions.len(), "one per assertion");
    // Over 75 characters only where there is no list to shorten: the
    // assertion compares long names, which words cannot drop.
    for (review, assertion) in reviews.iter().zip(&findings.assertions) {
        let claim = review["claimReviewed"].as_str().unwrap();
        let written = &base.assertions[assertion.assertion].assertion.text;
        assert!(
            claim.chars().count() <= 75 || !written.contains('['),
            "too long: {claim}"
        );
    }
}

#[test]
fn report_writes_the_file_named_by_o_and_nothing_on_stdout() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("report.html");
    let output = Command::new(env!("CARGO_BIN_EXE_factcheck"))
        .args(["report", "--format", "html", "-o"])
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(output.stdout.is_empty());
    let (base, findings) = seed();
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        factcheck::report::html(&base, &findings)
    );
}

#[test]
fn report_on_input_that_cannot_load_writes_nothing_and_exits_2() {
    let scratch = Scratch::new(&[("a.facts", "from nowhere\nx y 1\n")]);
    let target = scratch.path().join("report.md");
    let output = Command::new(env!("CARGO_BIN_EXE_factcheck"))
        .arg("report")
        .arg(scratch.path())
        .arg("-o")
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(!target.exists());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no source `nowhere`"), "{stderr}");
    assert!(stderr.contains("could not load: 1 error"), "{stderr}");
}

/// The browser test: Chromium renders the seed's page and the DOM it builds
/// has the contradiction and assertion tables. CI installs Chromium
/// (`.ci/run`); without it this test fails under `CI=true` and, elsewhere,
/// says loudly that it did not run.
#[test]
fn chromium_renders_the_seed_report() {
    let Some(chromium) = find_chromium() else {
        let message = "chromium is not installed: the browser test of the HTML report DID NOT RUN \
                       (install it with `apt-get install chromium`; CI does)";
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{message}");
        }
        eprintln!("\n*** WARNING: {message} ***\n");
        return;
    };
    let (base, findings) = seed();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    std::fs::write(&page, factcheck::report::html(&base, &findings)).unwrap();
    let profile = dir.path().join("profile");
    let output = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && dom.contains("</html>"),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let contradiction = dom
        .split("<section id=\"contradictions\">")
        .nth(1)
        .expect("the contradictions section");
    assert!(contradiction.contains("<table class=\"contradiction-claims stack\">"));
    assert!(contradiction.contains("India strikes targets"));
    let assertions = dom
        .split("<section id=\"assertions\">")
        .nth(1)
        .expect("the assertions section");
    let table = &assertions[..assertions.find("</table>").expect("the assertions table")];
    assert!(table.contains("<table class=\"assertions stack\">"));
    assert_eq!(
        table.matches("<span class=\"badge pass\">").count(),
        base.assertions.len(),
        "one row per assertion, each with its verdict"
    );
}

fn find_chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}
