# Shared helpers for the scripts in this folder. Sourced, not run.

step() { printf '\n==> %s\n' "$*"; }

die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# Prints how many tests were skipped and why, from the log the tests append
# `PARADUP-SKIPPED: <test>: <reason>` lines to ($PARADUP_SKIP_LOG). Keeps the
# exit status it is called with (it runs as an EXIT trap).
report_skipped() {
  local status=$? log="${PARADUP_SKIP_LOG:-}" n=0
  [ -n "$log" ] || return "$status"
  [ -s "$log" ] && n=$(sort -u "$log" | wc -l)
  step "skipped tests: $n"
  [ "$n" -gt 0 ] && sort -u "$log" | sed 's/^/  /'
  return "$status"
}

# rustfmt and clippy are rustup components; install them when missing.
ensure_rust_tools() {
  command -v cargo >/dev/null || die "cargo not found: install Rust from https://rustup.rs and retry"
  if command -v rustup >/dev/null; then
    rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
    rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
  fi
}

# ---------------------------------------------------------------------------
# Browser app (wasm, Chromium, Node). Each ensure_* installs what is missing
# when it can (rustup, cargo install, apt-get as root, npm) and otherwise
# stops with a message saying what to do.

WASM_TARGET=wasm32-unknown-unknown

is_root_debian() {
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null
}

apt_install() {
  if [ -z "${PARADUP_APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    PARADUP_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

ensure_wasm_target() {
  command -v cargo >/dev/null || die "cargo not found: install Rust from https://rustup.rs and retry"
  if command -v rustup >/dev/null; then
    rustup target list --installed 2>/dev/null | grep -qx "$WASM_TARGET" || rustup target add "$WASM_TARGET"
  elif ! rustc --print target-list | grep -qx "$WASM_TARGET"; then
    die "the $WASM_TARGET target is missing: install Rust with rustup (https://rustup.rs), then run: rustup target add $WASM_TARGET"
  fi
}

# The wasm-bindgen CLI must match the wasm-bindgen crate version exactly;
# the version is read from Cargo.lock.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_wasm_bindgen() {
  local want have
  want="$(wasm_bindgen_version)"
  [ -n "$want" ] || die "cannot find the wasm-bindgen version in Cargo.lock"
  have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
  if [ "$have" != "$want" ]; then
    step "installing wasm-bindgen-cli $want (found: ${have:-none}; takes a few minutes)"
    cargo install wasm-bindgen-cli --version "$want" --force ||
      die "could not install wasm-bindgen-cli $want; run: cargo install wasm-bindgen-cli --version $want"
  fi
  export PATH="$HOME/.cargo/bin:$PATH"
}

# Builds the size-tuned .wasm (profile wasm-release, Cargo.toml) and the JS glue into www/pkg/.
build_wasm() {
  ensure_wasm_target
  ensure_wasm_bindgen
  step "building the wasm (profile wasm-release, $WASM_TARGET) into www/pkg"
  cargo build --lib --target "$WASM_TARGET" --profile wasm-release
  rm -rf www/pkg
  wasm-bindgen --target web --no-typescript --out-dir www/pkg \
    "target/$WASM_TARGET/wasm-release/paradup.wasm"
  optimize_wasm www/pkg/paradup_bg.wasm
  local raw gz
  raw=$(wc -c <www/pkg/paradup_bg.wasm)
  gz=$(gzip -9c www/pkg/paradup_bg.wasm | wc -c)
  printf 'www/pkg/paradup_bg.wasm: %s bytes raw, %s bytes gzipped\n' "$raw" "$gz"
  # The page loads this file before anything works: keep it small.
  [ "$raw" -le "$WASM_MAX_BYTES" ] ||
    die "www/pkg/paradup_bg.wasm is $raw bytes, over the $WASM_MAX_BYTES-byte cap (issue 10: under 1.5 MB)"
}

# The .wasm size cap in bytes (1.5 MB, decimal).
WASM_MAX_BYTES=1500000

# Shrinks the .wasm in place with binaryen's wasm-opt -Oz (about a fifth
# smaller). It comes from npm's `binaryen` package (pinned in
# tests/e2e/package.json), never Debian's wasm-opt: binaryen 108 corrupts
# wasm-bindgen 0.2.130 output. Without Node the file is left as built.
optimize_wasm() {
  local wasm="$1" opt=tests/e2e/node_modules/.bin/wasm-opt
  if [ ! -x "$opt" ] && command -v npm >/dev/null; then
    (cd tests/e2e && npm ci --no-audit --no-fund >/dev/null) || true
  fi
  if [ ! -x "$opt" ]; then
    echo "note: npm's binaryen is not installed (cd tests/e2e && npm ci): the .wasm is not size-optimized" >&2
    return 0
  fi
  step "wasm-opt -Oz (npm binaryen $("$opt" --version | awk '{print $3}'))"
  # --low-memory-unused: the first KiB of memory is never used (Rust puts
  # its stack first, then the data, at 1 MiB), so addresses fold into
  # load and store offsets: 11.7 KB smaller (docs/benchmarks.md).
  "$opt" -Oz --low-memory-unused "$wasm" -o "$wasm.opt" && mv "$wasm.opt" "$wasm"
}

ensure_node() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    if is_root_debian; then
      step "installing Node.js and npm (apt-get)"
      apt_install nodejs npm
    else
      die "Node.js 18+ and npm are needed: install them (e.g. sudo apt-get install nodejs npm, or https://nodejs.org) and retry"
    fi
  fi
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  [ "$major" -ge 18 ] || die "Node.js $major is too old: install Node.js 18 or later and retry"
}

# Finds Chromium or Chrome (and, for the wasm tests, a matching
# chromedriver); installs Debian's packages when running as root.
find_chrome() {
  local c
  for c in "${CHROME:-}" chromium chromium-browser google-chrome google-chrome-stable; do
    [ -n "$c" ] && command -v "$c" >/dev/null && { command -v "$c"; return 0; }
  done
  return 1
}

ensure_chromium() {
  if ! find_chrome >/dev/null || ! command -v "${CHROMEDRIVER:-chromedriver}" >/dev/null; then
    if is_root_debian; then
      step "installing Chromium and chromedriver (apt-get)"
      apt_install chromium chromium-driver ||
        die "could not install Chromium: run apt-get install chromium chromium-driver"
    else
      die "Chromium (or Chrome) and a matching chromedriver are needed for the browser tests:
  Debian/Ubuntu: sudo apt-get install chromium chromium-driver
  elsewhere: install Chrome and chromedriver, then set CHROME=/path/to/chrome CHROMEDRIVER=/path/to/chromedriver"
    fi
  fi
  CHROME="$(find_chrome)" || die "Chromium not found after installing it"
  CHROMEDRIVER="$(command -v "${CHROMEDRIVER:-chromedriver}")"
  export CHROME CHROMEDRIVER
}

# The package directory to run wasm32 cargo commands in. proptest's default
# `fork` feature pulls in wait-timeout, which does not build for wasm32;
# while Cargo.toml enables it, the wasm checks run on a copy of the sources
# whose manifest turns that feature off (nothing else differs).
wasm_package_dir() {
  if ! grep -q '^proptest = "1"' Cargo.toml; then
    pwd
    return
  fi
  local dir=target/wasm-package
  rm -rf "$dir"
  mkdir -p "$dir"
  cp -r Cargo.lock src tests "$dir"/
  [ -d schema ] && cp -r schema "$dir"/
  sed 's/^proptest = "1"$/proptest = { version = "1", default-features = false, features = ["std", "bit-set"] }/' \
    Cargo.toml >"$dir/Cargo.toml"
  (cd "$dir" && pwd)
}
