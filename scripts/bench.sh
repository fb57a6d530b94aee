#!/usr/bin/env bash
# Benchmark: `minsheng build` against Hugo on synthetic national-scale content.
#
#   scripts/bench.sh              # N = 100 1000 5000 counties
#   scripts/bench.sh 100 1000     # chosen sizes
#
# Environment: AS_OF (default 2024-11-15), SEED (1), YEAR (2024), RUNS (1;
# the run with the best wall time of RUNS is reported), KEEP=1 keeps the temp
# folder, BIN=DIR uses DIR/minsheng and DIR/examples/synth (a cargo
# target/release folder, e.g. of another checkout) instead of building them,
# MEM_LIMIT_MIB caps each build's virtual memory (default 80% of RAM) so an
# oversized run fails alone instead of pushing a shared machine out of memory.
# Prints a Markdown table; docs/performance.md explains the columns.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1000 5000)
AS_OF=${AS_OF:-2024-11-15}
SEED=${SEED:-1}
YEAR=${YEAR:-2024}
RUNS=${RUNS:-1}
MEM_LIMIT_MIB=${MEM_LIMIT_MIB:-$(awk '/MemTotal/ { printf "%d", $2 * 0.8 / 1024 }' /proc/meminfo)}

log() { printf '%s\n' "$*" >&2; }

install() {
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    log "installing $*"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$@" >/dev/null
}
[ -x /usr/bin/time ] || install time
command -v hugo >/dev/null || install hugo
command -v python3 >/dev/null || install python3

if [ -z "${BIN:-}" ]; then
    log "building release binaries"
    cargo build --release --quiet --bin minsheng --example synth
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/minsheng-bench.XXXXXX")
cleanup() { if [ "${KEEP:-0}" = 1 ]; then log "kept $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT
# Each corpus and output goes as soon as it is measured (N=5000 is tens of GiB), unless KEEP=1.
discard() { [ "${KEEP:-0}" = 1 ] || rm -rf "$@"; }
# Frozen copies: the tree may change while a long benchmark runs.
bin=${BIN:-target/release}
cp "$bin/minsheng" "$bin/examples/synth" "$work/"
cp -r themes/default "$work/theme"

# measure LOG CMD...: runs CMD under /usr/bin/time -v and the memory cap;
# prints "wall_s cpu_s peak_kib". If CMD fails, shows why and returns 1
# (the figures printed are then those at the failure).
measure() {
    local log=$1 status=0
    shift
    (ulimit -v $((MEM_LIMIT_MIB * 1024)) && exec /usr/bin/time -v -o "$log" "$@") >"$log.out" 2>&1 || status=1
    if [ $status = 1 ]; then
        tr '\r' '\n' <"$log.out" | tail -n 5 >&2
        grep -E 'Command|Exit status|Elapsed|Maximum resident' "$log" >&2 || true
    fi
    awk -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
        /User time|System time/ { cpu += $2 }
        /Maximum resident set size/ { rss = $2 }
        END { printf "%.2f %.2f %d\n", s, cpu, rss }' "$log"
    return $status
}

# best LOG OUT CMD...: the run with the lowest wall time of RUNS runs, each into a fresh OUT.
best() {
    local log=$1 out=$2 result best_result="" i
    shift 2
    for ((i = 0; i < RUNS; i++)); do
        rm -rf "$out"
        result=$(measure "$log" "$@") || { echo "$result"; return 1; }
        if [ -z "$best_result" ] || awk -v a="${result%% *}" -v b="${best_result%% *}" 'BEGIN { exit !(a < b) }'; then
            best_result=$result
        fi
    done
    echo "$best_result"
}

# bench N TOOL INPUT OUT CMD...: reads every file of INPUT once (the input I/O
# floor; it also warms the cache for the build), builds with CMD into OUT,
# times `cp -r OUT` (the output I/O floor) and prints one table row.
bench() {
    local n=$1 tool=$2 input=$3 out=$4 read_s result wall cpu rss pages bytes copy_s
    shift 4
    read_s=$(measure "$work/read.log" find "$input" -type f -exec cat {} +)
    read_s=${read_s%% *}
    log "N=$n: $tool build"
    if ! result=$(best "$work/build.log" "$out" "$@"); then
        read -r wall cpu rss <<<"$result"
        awk -v n="$n" -v tool="$tool" -v w="$wall" -v cpu="$cpu" -v r="$rss" -v rd="$read_s" -v cap="$MEM_LIMIT_MIB" 'BEGIN {
            printf "| %d | %s | failed after %.0f s (memory cap %d MiB) | %.1f | | | %.0f at failure | | %.2f | |\n",
                n, tool, w, cap, cpu, r / 1024, rd }'
        rm -rf "$out"
        return 0
    fi
    read -r wall cpu rss <<<"$result"
    tr '\r' '\n' <"$work/build.log.out" | grep -E '^built' >&2 || true
    pages=$(find "$out" -name index.html | wc -l)
    bytes=$(du -sb "$out" | cut -f1)
    copy_s=$(measure "$work/cp.log" cp -r "$out" "$out.copy")
    copy_s=${copy_s%% *}
    rm -rf "$out.copy"
    awk -v n="$n" -v tool="$tool" -v w="$wall" -v cpu="$cpu" -v p="$pages" -v r="$rss" -v b="$bytes" \
        -v rd="$read_s" -v c="$copy_s" 'BEGIN {
        printf "| %d | %s | %.2f | %.1f | %d | %.0f | %.0f | %.0f | %.2f | %.2f |\n",
            n, tool, w, cpu, p, (w > 0 ? p / w : 0), r / 1024, b / 1048576, rd, c }'
}

rows=()
for n in "${sizes[@]}"; do
    corpus=$work/content-$n
    log "N=$n: generating $corpus"
    result=$(measure "$work/synth.log" "$work/synth" --counties "$n" --out "$corpus" --seed "$SEED" --year "$YEAR")
    log "N=$n: $(find "$corpus" -type f | wc -l) files, $(du -sm "$corpus" | cut -f1) MiB on disk, in ${result%% *}s"
    rows+=("$(bench "$n" minsheng "$corpus" "$work/out-minsheng" "$work/minsheng" build \
        --content "$corpus" --theme "$work/theme" --out "$work/out-minsheng" --as-of "$AS_OF" --timings)")
    grep '^timings:' "$work/build.log.out" >&2 || true
    discard "$work/out-minsheng"

    log "N=$n: converting to a Hugo site"
    site=$work/hugo-$n
    python3 - "$corpus" "$site" <<'PY'
# The same records as a Hugo site: one page per project in zh and en (name,
# items, reports newest first), one section per county, a lead-unit taxonomy.
# Reads the regular YAML that examples/synth.rs writes, without a YAML library.
import json, os, sys

corpus, site = sys.argv[1], sys.argv[2]

def value(line):
    return line.split(":", 1)[1].strip().strip('"')

def project(path):
    name, items, section = {}, [], None
    for line in open(path, encoding="utf-8"):
        indent, text = len(line) - len(line.lstrip()), line.strip()
        if indent == 0:
            section = text.split(":")[0]
        elif text.startswith("- tasks:"):
            items.append({"tasks": {}, "amount": None, "lead": [], "deadline": ""})
            section = "tasks"
        elif indent == 4:
            section = text.split(":")[0]
            if section == "amount":
                items[-1]["amount"] = value(text)
        else:
            key = text.lstrip("- ").split(":")[0]
            if section == "name":
                name[key] = value(text)
            elif section == "tasks":
                items[-1]["tasks"][key] = value(text)
            elif section == "lead_units" and key == "zh":
                items[-1]["lead"].append({"zh": value(text)})
            elif section == "lead_units":
                items[-1]["lead"][-1][key] = value(text)
            elif section == "deadline" and key == "text":
                items[-1]["deadline"] = value(text)
    return name, items

def report(path):
    _, front, body = open(path, encoding="utf-8").read().split("---\n", 2)
    meta = dict(line.split(": ", 1) for line in front.splitlines())
    return meta, body

def page(path, front, body):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(front, ensure_ascii=False) + "\n\n" + body)

words = {"zh": ("项目内容", "投资", "万元", "牵头单位", "完成时限", "进展"),
         "en": ("Items", "Investment", "CNY 10,000", "Lead units", "Deadline", "Progress")}
os.makedirs(site)
with open(os.path.join(site, "hugo.toml"), "w", encoding="utf-8") as f:
    f.write('baseURL = "https://synth.example/hugo/"\ntitle = "民生实事"\n'
            'defaultContentLanguage = "zh"\n[taxonomies]\nleadunit = "leadunits"\n'
            '[languages.zh]\nweight = 1\nlanguageName = "中文"\n'
            '[languages.en]\nweight = 2\nlanguageName = "English"\ntitle = "Livelihood projects"\n')
for county in sorted(os.listdir(corpus)):
    cdir = os.path.join(corpus, county)
    if not os.path.isdir(cdir):
        continue
    cname = {}
    for line in open(os.path.join(cdir, "county.yaml"), encoding="utf-8"):
        if line.startswith("  ") and not cname.get("done"):
            cname[line.split(":")[0].strip()] = value(line)
        elif line.startswith("province"):
            cname["done"] = True
    for lang, suffix in (("zh", ""), ("en", ".en")):
        page(os.path.join(site, "content", county, f"_index{suffix}.md"), {"title": cname[lang]}, "")
    for year in sorted(y for y in os.listdir(cdir) if y.isdigit()):
        ydir = os.path.join(cdir, year)
        for file in sorted(os.listdir(os.path.join(ydir, "projects"))):
            pid = file[:-5]
            name, items = project(os.path.join(ydir, "projects", file))
            rdir = os.path.join(ydir, "reports", pid)
            dates = sorted((f[:-3] for f in os.listdir(rdir) if not f.endswith(".en.md")), reverse=True)
            reports = {lang: [report(os.path.join(rdir, d + ext)) for d in dates]
                       for lang, ext in (("zh", ".md"), ("en", ".en.md"))}
            for lang, suffix in (("zh", ""), ("en", ".en")):
                w = words[lang]
                body = [f"## {w[0]}\n"]
                for i, item in enumerate(items, 1):
                    amount = f"{item['amount']} {w[2]}" if item["amount"] else "—"
                    leads = ", ".join(u[lang] for u in item["lead"])
                    body.append(f"{i}. {item['tasks'][lang]} {w[1]}: {amount}. {w[3]}: {leads}. {w[4]}: {item['deadline']}")
                body.append(f"\n## {w[5]}\n")
                for meta, text in reports[lang]:
                    body.append(f"### {meta['date']} · {meta['status']} · {meta['percent']}%\n\n{text}")
                front = {"title": name[lang], "date": f"{year}-01-01",
                         "leadunits": sorted({u[lang] for item in items for u in item["lead"]})}
                page(os.path.join(site, "content", county, f"{year}-{pid}{suffix}.md"), front, "\n".join(body))

layouts = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="{{ site.Language.Lang }}"><head><meta charset="utf-8"><title>{{ .Title }} - {{ site.Title }}</title>
<link rel="stylesheet" href="{{ "site.css" | relURL }}"></head>
<body><header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
{{ range .Translations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Lang }}">{{ .Language.LanguageName }}</a>{{ end }}</header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "_default/single.html": """{{ define "main" }}<p><a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></p>
<h1>{{ .Title }}</h1>
<ul>{{ range .GetTerms "leadunits" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ .Content }}{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
""",
}
for path, text in layouts.items():
    os.makedirs(os.path.dirname(os.path.join(site, "layouts", path)), exist_ok=True)
    with open(os.path.join(site, "layouts", path), "w", encoding="utf-8") as f:
        f.write(text)
os.makedirs(os.path.join(site, "static"))
with open(os.path.join(site, "static", "site.css"), "w") as f:
    f.write("body { font-family: sans-serif; max-width: 60rem; margin: auto; }\n")
PY
    discard "$corpus"
    rows+=("$(bench "$n" "hugo $(hugo version | grep -o 'v[0-9.]*' | head -n 1)" "$site" "$work/out-hugo" \
        hugo --quiet --source "$site" --destination "$work/out-hugo" --cacheDir "$work/hugo-cache")")
    discard "$work/out-hugo" "$site" "$work/hugo-cache"
done

echo
echo "| N counties | tool | wall s | CPU s | pages | pages/s | peak RSS MiB | output MiB | read input s | cp -r output s |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"

# The targets of docs/performance.md, each said met or not in plain words;
# that page explains why a target is missed.
echo
printf '%s\n' "${rows[@]}" | awk -F' *\\| *' '
    $3 == "minsheng" && ($2 == 1000 || $2 == 5000) {
        n = $2; wall = $4 + 0; rss = $8 + 0
        max_wall = (n == 1000) ? 4 : 20
        max_rss = (n == 1000) ? 300 : 1229
        if ($4 ~ /failed/) {
            printf "- N=%d: the build failed, so no target is met\n", n
            next
        }
        printf "- N=%d: wall %.1f s against at most %d s: %s; peak RSS %d MiB against at most %d MiB: %s\n",
            n, wall, max_wall, (wall <= max_wall ? "met" : "NOT met"),
            rss, max_rss, (rss <= max_rss ? "met" : "NOT met")
    }'
echo "(why a target is missed, and the incremental serve target: docs/performance.md)"
