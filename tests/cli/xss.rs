//! Cross-site scripting: hostile text in every field and report body is
//! shown, never run. Pages are loaded in headless Chromium; a payload that
//! ran would set the title to `XSSED`, a string no payload contains whole.

use crate::Site;
use std::fmt::Write;

const RUN: &str = "document.title='XS'+'SED'";

/// More than a hundred payloads: markup, handlers, URLs, SVG and MathML,
/// entity and encoding tricks, template syntax, and breakouts from
/// attributes, titles, scripts, CDATA and JSON.
fn payloads() -> Vec<String> {
    let run = RUN;
    let vectors = [
        format!("<script>{run}</script>"),
        format!("<img src=x onerror=\"{run}\">"),
        format!("<svg onload=\"{run}\"></svg>"),
        format!("<svg><script>{run}</script></svg>"),
        format!("<math><mtext><script>{run}</script></mtext></math>"),
        format!("<iframe srcdoc=\"<script>{run}</script>\"></iframe>"),
        format!("<details open ontoggle=\"{run}\"></details>"),
        format!("<body onload=\"{run}\">"),
        format!("<a href=\"javascript:{run}\">点我</a>"),
        format!("[点我](javascript:{run})"),
        format!("![x](x\" onerror=\"{run})"),
        format!("<input autofocus onfocus=\"{run}\">"),
        format!("<video><source onerror=\"{run}\"></video>"),
        format!("<object data=\"javascript:{run}\"></object>"),
        format!("<style>@import 'javascript:{run}';</style>"),
        format!("&lt;script&gt;{run}&lt;/script&gt;"),
        format!("&#x3C;script&#x3E;{run}&#x3C;/script&#x3E;"),
        format!("\\u003cscript\\u003e{run}\\u003c/script\\u003e"),
        format!("%3Cscript%3E{run}%3C/script%3E"),
        format!("{{{{ {run} }}}}"),
        format!("{{% raw %}}<script>{run}</script>{{% endraw %}}"),
        format!("{{{{ \"<script>{run}</script>\" | safe }}}}"),
        format!("\"><script>{run}</script>"),
        format!("'><img src=x onerror={run}>"),
        format!("\" onmouseover=\"{run}\" x=\""),
        format!("</title><script>{run}</script>"),
        format!("</textarea><script>{run}</script>"),
        format!("</script><script>{run}</script>"),
        format!("]]><script>{run}</script>"),
        format!("\"}}]</script><script>{run}</script>"),
        format!("<!--<script>{run}</script>-->"),
        format!("<![CDATA[<script>{run}</script>]]>"),
        format!("<scr<script>ipt>{run}</scr</script>ipt>"),
        format!("<SCRIPT SRC=data:text/javascript,{run}></SCRIPT>"),
        "<img src=\"x\" onerror=&#x64;ocument.title='XS'+'SED'>".to_string(),
        format!("<a href=\"&#106;avascript:{run}\">x</a>"),
        format!("<meta http-equiv=\"refresh\" content=\"0;url=javascript:{run}\">"),
        format!("<form><button formaction=\"javascript:{run}\">x</button></form>"),
        format!("<base href=\"javascript:{run}//\">"),
        format!("<marquee onstart=\"{run}\">x</marquee>"),
    ];
    let wrappers = [
        "{}",
        "项目名称{}",
        "{}（续）",
        "**{}**",
        "`{}`",
        "# {}",
        "> {}",
        "- {}",
    ];
    let mut all = Vec::new();
    for (i, vector) in vectors.iter().enumerate() {
        all.push(vector.clone());
        let wrapper = wrappers[i % wrappers.len()];
        all.push(wrapper.replace("{}", vector));
        all.push(format!("正文 {vector} 结束"));
    }
    all
}

fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

fn bilingual(indent: &str, payload: &str) -> String {
    format!(
        "\n{indent}zh: {}\n{indent}en: {}",
        yaml_string(payload),
        yaml_string(payload)
    )
}

/// The demo county, with one more project whose every field and every report body is hostile.
fn hostile_site(payloads: &[String]) -> Site {
    let site = Site::demo();
    let mut project = format!(
        "number: \"6\"\nname:{}\nitems:\n",
        bilingual("  ", &payloads[0])
    );
    for payload in payloads {
        let b = |indent| bilingual(indent, payload);
        let _ = write!(
            project,
            "  - tasks:{}\n    amount: \"1\"\n    leaders:\n      -{}\n    lead_units:\n      -{}\n    partner_units:\n      -{}\n    location:{}\n    remarks:{}\n    deadline:\n      text: {}\n    original:\n      {}: {}\n",
            b("      "),
            b("        "),
            b("        "),
            b("        "),
            b("      "),
            b("      "),
            yaml_string(payload),
            yaml_string(payload),
            yaml_string(payload)
        );
    }
    site.write("content/sample/2024/projects/p06.yaml", &project);
    site.edit(
        "content/sample/2024/notice.yaml",
        "      - p05\n",
        "      - p05\n      - p06\n",
    );
    site.edit(
        "content/sample/2024/notice.yaml",
        "declared_total: \"1710.5\"",
        &format!("declared_total: \"{}\"", 1710.5 + payloads.len() as f64),
    );
    site.edit(
        "content/sample/2024/notice.yaml",
        "declared_subtotal: \"1400\"",
        &format!("declared_subtotal: \"{}\"", 1400 + payloads.len()),
    );
    site.edit(
        "content/sample/2024/notice.yaml",
        "  en: \"(2) Infrastructure\"",
        &format!("  en: {}", yaml_string(&payloads[1])),
    );
    site.edit(
        "content/sample/county.yaml",
        "  en: \"Sample Province\"",
        &format!("  en: {}", yaml_string(&payloads[2])),
    );
    for (i, payload) in payloads.iter().enumerate() {
        let date = format!("2024-{:02}-{:02}", 1 + i / 28, 1 + i % 28);
        let front = format!(
            "---\ndate: {date}\nstatus: in-progress\npercent: 5\ntitle: {}\n---\n",
            yaml_string(payload)
        );
        site.write(
            &format!("content/sample/2024/reports/p06/{date}.md"),
            &format!("{front}{payload}\n"),
        );
        site.write(
            &format!("content/sample/2024/reports/p06/{date}.en.md"),
            &format!("{front}{payload}\n"),
        );
    }
    site
}

fn chromium_title(page: &std::path::Path) -> String {
    crate::chromium_dom(&format!("file://{}", page.display()), 3000)
}

#[test]
fn hostile_text_in_every_field_never_runs_in_a_browser() {
    let payloads = payloads();
    assert!(payloads.len() >= 100, "{} payloads", payloads.len());
    let site = hostile_site(&payloads);
    site.run(&["build", "--as-of", "2024-12-15"]).success();
    for page in ["sample/2024/p06/", "sample/2024/", "sample/", "", "search/"] {
        for lang in ["", "en/"] {
            let file = site.path(&format!("public/{lang}{page}index.html"));
            let dom = chromium_title(&file);
            assert!(!dom.contains("XSSED"), "a payload ran on /{lang}{page}");
            assert!(
                !dom.contains("<script>document.title"),
                "a payload became a script element on /{lang}{page}"
            );
        }
    }
    // Search shows excerpts of that text, marked where the query matched:
    // text nodes and <mark> elements, never markup (opened from disk, where
    // search loads its index with <script> elements).
    for (lang, query) in [("", "正文 结束"), ("en/", "document title")] {
        let page = site.path(&format!("public/{lang}search/index.html"));
        let url = format!("file://{}?q={}", page.display(), crate::url_encode(query));
        let dom = crate::chromium_dom(&url, 5000);
        assert!(
            dom.contains("<mark>"),
            "no excerpt on /{lang}search/?q={query}"
        );
        assert!(!dom.contains("XSSED"), "a payload ran in search results");
        assert!(
            !dom.contains("<script>document.title"),
            "a payload became a script element in search results"
        );
    }
    for feed in ["public/feed.xml", "public/en/sample/2024/feed.xml"] {
        roxmltree::Document::parse(&site.read(feed))
            .unwrap_or_else(|e| panic!("{feed} is no longer XML: {e}"));
    }
    let data: serde_json::Value =
        serde_json::from_str(&site.read("public/data/sample-2024.json")).unwrap();
    assert_eq!(
        data["groups"][1]["projects"][2]["items"]
            .as_array()
            .unwrap()
            .len(),
        payloads.len()
    );
}
